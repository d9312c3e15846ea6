"""A cache of parsed record files and rendered summaries, kept outside output/.

Keys are SHA-256 of the input bytes together with the code that turns them
into the cached value, so an edited file or a changed parser never meets a
stale entry. Entries live in one SQLite file (``cache.sqlite``), read and
written per key: a build touches only the entries it needs, and a change
writes only its own.

The cache is input like any other file, and may be shared between CI runs:
every entry carries an HMAC made with a secret key kept outside the cache
(:func:`machine_key`, in the user's state folder), and an entry whose HMAC
does not match (crafted, or made on another machine) is ignored, never
trusted. A cache that cannot be opened is ignored too; the build then parses
and renders everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = "2"
_KEY_BYTES = 32


def code_version(*modules: str) -> str:
    """Hash of our modules' source and of the libraries they lean on."""
    digest = hashlib.sha256(_FORMAT.encode())
    for module in modules:
        digest.update((_PACKAGE / f"{module}.py").read_bytes())
    for library in ("PyYAML", "Markdown", "nh3"):
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def machine_key(state_dir: Path | None = None) -> bytes | None:
    """The secret that signs this machine's cache entries, made on first use; None when it
    cannot be kept (then nothing is cached).

    It lives in the user's state folder (``$XDG_STATE_HOME``, else ``~/.local/state``),
    not beside the cache, so that whoever can write a cache cannot sign its entries.
    """
    if state_dir is None:
        base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        state_dir = Path(base) / "pemilu-aman-generator"
    path = state_dir / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) == _KEY_BYTES:
            return key
    except OSError:
        pass
    try:
        state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(_KEY_BYTES)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
    except OSError:
        return None
    return key


UNCHANGED_AFTER_S = 1.0
"""The default of :attr:`Cache.unchanged_after_s` and of the build's setting of that name."""


class Cache:
    """(kind, key) -> JSON value, in SQLite, every entry signed with the machine's key."""

    def __init__(
        self,
        directory: Path,
        key: bytes | None = None,
        unchanged_after_s: float = UNCHANGED_AFTER_S,
    ) -> None:
        self.path = directory / "cache.sqlite"
        self.unchanged_after_s = unchanged_after_s
        """A file is known by its status (size, times, inode) only if it had not changed for
        this long when it was read: a later edit within the same clock tick would keep its
        times (:attr:`SiteConfig.unchanged_after_s <generator.config.SiteConfig>`)."""
        self._secret = key if key is not None else machine_key()
        self._db: sqlite3.Connection | None = None
        self.ignored = 0
        """Entries found but not trusted (their signature did not match)."""
        self._used: set[str] = set()
        if self._secret is None:
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS entries (name TEXT PRIMARY KEY, "
                "value TEXT NOT NULL, mac BLOB NOT NULL) WITHOUT ROWID"
            )
            self._db.execute("BEGIN")
        except sqlite3.Error:
            self._db = None

    @staticmethod
    def key(version: str, payload: bytes) -> str:
        return hashlib.sha256(version.encode() + b"\0" + payload).hexdigest()

    def _mac(self, name: str, text: str) -> bytes:
        assert self._secret is not None
        return hmac.new(
            self._secret, f"{_FORMAT}\0{name}\0{text}".encode(), hashlib.sha256
        ).digest()

    def get(self, kind: str, key: str) -> Any:
        """The cached value, or None when absent or not signed by this machine."""
        if self._db is None:
            return None
        name = f"{kind}:{key}"
        try:
            row = self._db.execute(
                "SELECT value, mac FROM entries WHERE name = ?", (name,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        self._used.add(name)
        text, mac = row
        if (
            not isinstance(text, str)
            or not isinstance(mac, bytes)
            or not hmac.compare_digest(mac, self._mac(name, text))
        ):
            self.ignored += 1
            return None
        try:
            return json.loads(text)
        except ValueError:
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self._db is None:
            return
        name = f"{kind}:{key}"
        self._used.add(name)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with contextlib.suppress(sqlite3.Error):
            self._db.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                (name, text, self._mac(name, text)),
            )

    def save(self) -> None:
        """Commit what this build wrote; a cache that cannot be written is simply not kept."""
        if self._db is None:
            return
        try:
            self._prune()
            self._db.execute("COMMIT")
            self._db.close()
        except sqlite3.Error:
            pass
        self._db = None

    def _prune(self) -> None:
        """Drop what this build did not use, once that is most of the file (old versions
        of edited records): the cache stays the size of the content."""
        assert self._db is not None
        (count,) = self._db.execute("SELECT count(*) FROM entries").fetchone()
        if count <= 2 * len(self._used) + 1000:
            return
        self._db.execute("CREATE TEMP TABLE used (name TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.executemany("INSERT INTO used VALUES (?)", ((n,) for n in self._used))
        self._db.execute("DELETE FROM entries WHERE name NOT IN (SELECT name FROM used)")
        self._db.execute("DROP TABLE used")
