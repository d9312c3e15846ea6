"""The new output tree: changed files written, unchanged ones hard-linked from the last build.

A build still writes a complete tree beside ``output/`` and swaps it in by
rename, so a failed build changes nothing. What it saves is work: a file whose
bytes (:meth:`OutputTree.write`) or whose inputs (:meth:`OutputTree.reuse`,
for rendered pages) are the same as in the previous build is hard-linked from
the previous tree instead of being rendered and written again.

What the previous build wrote is kept in a manifest outside ``output/`` (in
the build cache). It is trusted only as far as the files agree with it: a
file is reused only when its inode, size and modification time are still the
ones recorded, so a file edited, replaced or removed by hand is written anew.
A missing or corrupt manifest means a full build, never a wrong one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_FORMAT = 2

Stamp = tuple[str, int, int, int]
"""(content digest or "" for rendered files, size, mtime in ns, inode)."""


def _unpack(stamp: str) -> Stamp:
    """A stamp as the manifest keeps it, one string (far quicker to read than a list)."""
    content, size, mtime, inode = stamp.split(" ")
    return content, int(size), int(mtime), int(inode)


def _inside(path: str) -> bool:
    """A relative path that stays inside the tree."""
    return bool(path) and not path.startswith("/") and ".." not in path.split("/")


def _digest(data: bytes) -> str:
    """What two files' bytes are compared by (BLAKE2b: fast; never published)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class OutputTree:
    """Files of one build, under ``root``, reusing those of ``previous`` where they match."""

    def __init__(self, root: Path, previous: Path, manifest: Path | None) -> None:
        self.root = root
        self.previous = previous
        self._root, self._previous = str(root), str(previous)
        self.manifest = manifest
        self.files: dict[str, Stamp] = {}
        self.keys: dict[str, tuple[str, list[str]]] = {}
        self.written = 0
        self.linked = 0
        self._old_files: dict[str, Stamp] = {}
        self._old_keys: dict[str, tuple[str, list[str]]] = {}
        self._made: set[str] = set()
        if manifest is not None:
            self._load(manifest)

    @staticmethod
    def manifest_for(cache_dir: Path, output: Path) -> Path:
        """One manifest per output directory, in the cache."""
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        return cache_dir / "trees" / f"{name}.json"

    def _load(self, manifest: Path) -> None:
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            if data["format"] != _FORMAT or data["output"] != str(self.previous):
                return
            files = {str(path): _unpack(stamp) for path, stamp in data["files"].items()}
            keys = {str(k): (str(v[0]), [str(p) for p in v[1]]) for k, v in data["keys"].items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return
        if not all(map(_inside, files)):  # only ever paths this class wrote
            return
        self._old_files, self._old_keys = files, keys

    def _parent(self, target: str) -> None:
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)

    def _stamp(self, path: str, content: str) -> Stamp:
        status = os.stat(f"{self._root}/{path}", follow_symlinks=False)
        return content, status.st_size, status.st_mtime_ns, status.st_ino

    def _link(self, path: str) -> bool:
        """Hard-link ``path`` from the previous tree if it is still what was recorded."""
        recorded = self._old_files.get(path)
        if recorded is None:
            return False
        source = f"{self._previous}/{path}"
        try:
            status = os.stat(source, follow_symlinks=False)
        except OSError:
            return False
        if (status.st_size, status.st_mtime_ns, status.st_ino) != recorded[1:]:
            return False
        target = f"{self._root}/{path}"
        self._parent(target)
        try:
            os.link(source, target)
        except FileExistsError:
            return False
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copyfile(source, target)
            self.files[path] = self._stamp(path, recorded[0])
            self.linked += 1
            return True
        self.files[path] = recorded
        self.linked += 1
        return True

    def write(self, path: str, data: bytes) -> None:
        """Put ``data`` at ``path``: linked when the previous build wrote the same bytes."""
        content = _digest(data)
        recorded = self._old_files.get(path)
        if recorded is not None and recorded[0] == content and self._link(path):
            return
        target = f"{self._root}/{path}"
        self._parent(target)
        with open(target, "xb") as stream:
            stream.write(data)
        self.files[path] = self._stamp(path, content)
        self.written += 1

    def write_keyed(self, path: str, key: str, produce: Callable[[], bytes]) -> None:
        """Put ``produce()`` at ``path``, or link it unproduced when its inputs ``key`` are
        the same as last time."""
        if not self.reuse(path, key):
            self.write(path, produce())
            self.keys[path] = (key, [path])

    def reuse(self, name: str, key: str) -> bool:
        """Link every file made under ``name`` last time, if its inputs ``key`` are the same.

        All or nothing: when one file cannot be linked, the ones already
        linked are removed and the caller renders them again.
        """
        old = self._old_keys.get(name)
        if old is None or old[0] != key:
            return False
        done: list[str] = []
        for path in old[1]:
            if not self._link(path):
                for linked in done:
                    os.unlink(f"{self._root}/{linked}")
                    del self.files[linked]
                    self.linked -= 1
                return False
            done.append(path)
        self.keys[name] = (key, list(old[1]))
        return True

    def note(self, paths: list[str]) -> None:
        """Record files someone else wrote that no later build will reuse."""
        for path in paths:
            self.files[path] = self._stamp(path, "")
            self.written += 1

    def made(self, name: str, key: str, paths: list[str]) -> None:
        """Record files rendered for ``name`` from inputs ``key`` (written by someone else)."""
        self.note(paths)
        self.keys[name] = (key, paths)

    def forked(self) -> None:
        """In a forked renderer: forget what the parent recorded, so :meth:`export`
        reports only what the child adds."""
        self.files, self.keys, self.written, self.linked = {}, {}, 0, 0

    def export(self) -> dict[str, Any]:
        """What a forked renderer recorded, for :meth:`absorb` in the parent."""
        return {"files": self.files, "keys": self.keys, "written": self.written,
                "linked": self.linked}

    def absorb(self, exported: dict[str, Any]) -> None:
        self.files.update({k: tuple(v) for k, v in exported["files"].items()})
        self.keys.update({k: (v[0], list(v[1])) for k, v in exported["keys"].items()})
        self.written += int(exported["written"])
        self.linked += int(exported["linked"])

    def save(self, output: Path) -> None:
        """Record this tree, now at ``output``; a manifest that cannot be written is dropped."""
        if self.manifest is None:
            return
        body = {"format": _FORMAT, "output": str(output),
                "files": {path: " ".join(map(str, stamp)) for path, stamp in self.files.items()},
                "keys": self.keys}
        try:
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.manifest.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(body, separators=(",", ":")))
            os.replace(temporary, self.manifest)
        except OSError:
            self.manifest.unlink(missing_ok=True)

