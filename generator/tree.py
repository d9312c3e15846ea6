"""The output tree of a build: made beside ``output/``, swapped in whole.

A build writes a complete new tree beside ``output/`` and swaps it in by
rename, so a failed build changes nothing that is published. An unchanged
file is not written again: it is hard-linked from ``output/`` when its bytes
(:meth:`OutputTree.write`) or, for rendered pages, its inputs
(:meth:`OutputTree.reuse`) are the ones recorded last time. Nothing is ever
written into a file in place, so ``output/`` does not change until the swap.

What the tree holds is kept in a manifest outside ``output/`` (in the build
cache). It is trusted only as far as the files agree with it: a file is
linked only when its inode, size and modification time are still the ones
recorded, so a file edited, replaced or removed by hand is written anew. A
missing or corrupt manifest means a full build, never a wrong one.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .outputdir import mark

_FORMAT = 3

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


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2(RENAME_EXCHANGE)``): there is
    no moment without ``output/``. False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_cwd, exchange = -100, 2
    return int(renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange)) == 0


def _delete_in_background(tree: Path) -> None:
    """Remove a retired tree without making the reader of the new one wait.

    Unlinking tens of thousands of files takes seconds; the new site is already
    in place, so a detached process does it. A tree left behind by an
    interrupted deletion is removed by the next build (``.old-`` in its name).
    """
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(tree)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


Manifest = tuple[dict[str, Stamp], dict[str, tuple[str, list[str]]]]


def _read_manifest(manifest: Path, output: Path) -> Manifest | None:
    """(files, keys) recorded for ``output``; None when unusable."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data["format"] != _FORMAT or data["output"] != str(output):
            return None
        files = {str(path): _unpack(stamp) for path, stamp in data["files"].items()}
        keys = {str(k): (str(v[0]), [str(p) for p in v[1]]) for k, v in data["keys"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    if not all(map(_inside, files)):  # only ever paths this class wrote
        return None
    return files, keys


class OutputTree:
    """Files of one build, under a new folder ``root``, linked from ``previous``
    (``output/``) where they match what was recorded."""

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
            recorded = _read_manifest(manifest, previous)
            if recorded is not None:
                self._old_files, self._old_keys = recorded

    @classmethod
    def open(cls, output: Path, cache_dir: Path | None) -> OutputTree:
        """A new tree for a build of ``output``, marked as ours from its first moment."""
        root = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        mark(root)
        manifest = cls.manifest_for(cache_dir, output) if cache_dir is not None else None
        return cls(root, output, manifest)

    @staticmethod
    def manifest_for(cache_dir: Path, output: Path) -> Path:
        """One manifest per output directory, in the cache."""
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        return cache_dir / "trees" / f"{name}.json"

    def _parent(self, target: str) -> None:
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)

    def _stamp(self, path: str, content: str) -> Stamp:
        status = os.stat(f"{self._root}/{path}", follow_symlinks=False)
        return content, status.st_size, status.st_mtime_ns, status.st_ino

    def _link(self, path: str) -> bool:
        """Bring ``path`` over from ``output/`` if it is still what was recorded."""
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
            stamp = recorded
        except FileExistsError:
            return False
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copyfile(source, target)
            stamp = self._stamp(path, recorded[0])
        self.files[path] = stamp
        self.linked += 1
        return True

    def write(self, path: str, data: bytes) -> None:
        """Put ``data`` at ``path``: linked when the previous build wrote the same bytes."""
        content = _digest(data)
        recorded = self._old_files.get(path)
        if recorded is not None and recorded[0] == content and self._link(path):
            return
        self._create(path, [data], content)

    def write_stream(self, path: str, key: str, chunks: Callable[[], Iterable[bytes]]) -> bool:
        """Put the bytes of ``chunks()`` at ``path`` as they come, never all in memory (for
        the whole-dataset files), or link the file unproduced when its inputs ``key`` are
        the same as last time; say whether it was written."""
        if self.reuse(path, key):
            return False
        self._create(path, chunks())
        self.keys[path] = (key, [path])
        return True

    def _create(self, path: str, chunks: Iterable[bytes], content: str = "") -> None:
        """Write a new file at ``path``; ``content`` is the bytes' :func:`_digest` when the
        caller has it already."""
        target = f"{self._root}/{path}"
        self._parent(target)
        digest = hashlib.blake2b(digest_size=16)  # as _digest, piece by piece
        with open(target, "xb") as stream:
            for chunk in chunks:
                if not content:
                    digest.update(chunk)
                stream.write(chunk)
        self.files[path] = self._stamp(path, content or digest.hexdigest())
        self.written += 1

    def write_keyed(self, path: str, key: str, produce: Callable[[], bytes]) -> None:
        """Put ``produce()`` at ``path``, or link it unproduced when its inputs ``key`` are
        the same as last time."""
        if not self.reuse(path, key):
            self.write(path, produce())
            self.keys[path] = (key, [path])

    def reuse(self, name: str, key: str) -> bool:
        """Bring over every file made under ``name`` last time, if its inputs ``key`` are the
        same.

        All or nothing: when one file cannot be brought over, the ones already
        are removed and the caller renders them again.
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

    def paths(self, name: str) -> list[str]:
        """The files made or brought over under ``name`` in this build."""
        return self.keys[name][1]

    def forked(self) -> None:
        """In a worker process: forget what the parent recorded, so :meth:`export` reports
        only what the worker adds."""
        self.files, self.keys, self.written, self.linked = {}, {}, 0, 0

    def export(self) -> dict[str, Any]:
        """What a worker recorded, for :meth:`absorb` in the parent."""
        return {
            "files": self.files,
            "keys": self.keys,
            "written": self.written,
            "linked": self.linked,
        }

    def absorb(self, exported: dict[str, Any]) -> None:
        self.files.update(exported["files"])
        self.keys.update(exported["keys"])
        self.written += int(exported["written"])
        self.linked += int(exported["linked"])

    def publish(self) -> None:
        """Make this tree ``output/``, in one step where the system can (Linux), else by two
        renames a moment apart; the tree it replaces is deleted in the background."""
        output, staging = self.previous, self.root
        staging.chmod(0o755)
        if not output.exists():
            os.rename(staging, output)
        elif _exchange(staging, output):
            _delete_in_background(staging)  # now the old tree, under its unique .new- name
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
            os.rename(output, old)  # over the empty folder just made: a name no one else has
            try:
                os.rename(staging, output)
            except OSError:
                os.rename(old, output)
                raise
            _delete_in_background(old)
        self._save(output)

    def discard(self) -> None:
        """After a failed build: the new tree goes; ``output/`` was never touched."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _save(self, output: Path) -> None:
        """Record this tree, now at ``output``; a manifest that cannot be written is dropped."""
        if self.manifest is None:
            return
        body = {
            "format": _FORMAT,
            "output": str(output),
            "files": {path: " ".join(map(str, stamp)) for path, stamp in self.files.items()},
            "keys": self.keys,
        }
        try:
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            # What versions before session 6 kept for their spare tree.
            self.manifest.with_name(f"{self.manifest.stem}.spare.json").unlink(missing_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.manifest.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(body, separators=(",", ":")))
            os.replace(temporary, self.manifest)
        except OSError:
            self.manifest.unlink(missing_ok=True)
