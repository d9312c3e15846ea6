"""A cache of parsed record files and rendered summaries, kept outside output/.

Keys are SHA-256 of the input bytes together with the code that turns them
into the cached value, so an edited file or a changed parser never meets a
stale entry. The cache is one JSON file, read once at the start of a build
and replaced atomically (temporary file, then rename) at its end, holding
only the entries that build used. An unreadable or corrupt cache is ignored
and rebuilt, never trusted; an interrupted build leaves the old one intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from .parallel import in_background

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = "1"


def code_version(*modules: str) -> str:
    """Hash of our modules' source and of the libraries they lean on."""
    digest = hashlib.sha256(_FORMAT.encode())
    for module in modules:
        digest.update((_PACKAGE / f"{module}.py").read_bytes())
    for library in ("PyYAML", "Markdown", "nh3"):
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


class Cache:
    """(kind, key) -> JSON value, loaded from and saved to one file."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "cache.json"
        self._old: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False
        """Whether an entry was given a new value (keys alone do not show it)."""
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = None
        if isinstance(loaded, dict) and loaded.get("format") == _FORMAT and isinstance(
            loaded.get("entries"), dict
        ):
            self._old = loaded["entries"]

    @staticmethod
    def key(version: str, payload: bytes) -> str:
        return hashlib.sha256(version.encode() + b"\0" + payload).hexdigest()

    def get(self, kind: str, key: str) -> Any:
        """The cached value, or None when absent."""
        name = f"{kind}:{key}"
        value = self._used.get(name, self._old.get(name))
        if value is not None:
            self._used[name] = value
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        name = f"{kind}:{key}"
        self._changed = self._changed or self._old.get(name) != value
        self._used[name] = value

    def save(self) -> Callable[[], None]:
        """Keep what this build used; a cache that cannot be written is simply not kept.

        The writing (a second of JSON at 20,000 records) happens in a forked
        process while the build goes on; call the function returned to wait for it.
        """
        if not self._changed and self._used.keys() == self._old.keys():
            return lambda: None
        return in_background(self._write)

    def _write(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                # dumps, not dump: dump encodes in Python chunk by chunk, 5 times slower.
                stream.write(json.dumps({"format": _FORMAT, "entries": self._used},
                                        ensure_ascii=False, separators=(",", ":")))
            os.replace(temporary, self.path)
        except OSError:
            return
