"""The output tree of a build: made beside ``output/``, swapped in whole, kept for the next one.

A build writes a complete tree beside ``output/`` and swaps it in by one
rename, so a failed build changes nothing that is published. Creating a
tree of a hundred thousand files costs more than rendering the few that
changed, so trees are double-buffered: the tree that ``output/`` held before
a build is kept as the *spare* (``.output.spare``), and the next build brings
the spare up to date in place instead of starting empty. A file whose bytes
(:meth:`OutputTree.write`) or whose inputs (:meth:`OutputTree.reuse`, for
rendered pages) are unchanged is left where it is, or hard-linked from
``output/``; the rest is written anew, never over a file in place (the two
trees share inodes), and what no longer belongs is removed.

What each tree holds is kept in a manifest outside ``output/`` (in the build
cache). It is trusted only as far as the files agree with it: a file is kept
or linked only when its inode, size and modification time are still the ones
recorded, so a file edited, replaced or removed by hand is written anew. A
missing or corrupt manifest means a full build, never a wrong one.
"""

from __future__ import annotations

import contextlib
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

from .outputdir import MARKER, OutputRefused, is_ours, mark
from .parallel import in_background

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


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2(RENAME_EXCHANGE)``): there is
    no moment without ``output/``. False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_cwd, exchange = -100, 2
    return int(renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second),
                         exchange)) == 0


def _delete_in_background(tree: Path) -> None:
    """Remove a retired tree without making the reader of the new one wait.

    Unlinking tens of thousands of files takes seconds; the new site is already
    in place, so a detached process does it. A tree left behind by an
    interrupted deletion is removed by the next build (``.old-`` in its name).
    """
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(tree)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _retire(tree: Path) -> None:
    """Move ``tree`` out of the way under an ``.old-`` name and delete it in the background."""
    retired = tree.with_name(f"{tree.name}.old-{os.getpid()}")
    os.rename(tree, retired)
    _delete_in_background(retired)


Manifest = tuple[dict[str, Stamp], dict[str, tuple[str, list[str]]]]


def _read_manifest(manifest: Path, output: Path) -> Manifest | None:
    """(files, keys) recorded for a tree of ``output``; None when unusable."""
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


def _scan(root: str, recorded: dict[str, Stamp]) -> tuple[list[str], list[str]]:
    """Keep the files under ``root`` that are still as ``recorded``; remove every other file,
    and folders left empty (a build from scratch would not make them). Return the paths
    kept and the folders that remain.

    Run beside validation (:func:`generator.parallel.in_background`): reading the folders
    of a tree the system has not cached takes seconds."""
    kept: list[str] = []
    folders: list[str] = []

    def visit(folder: str, relative: str) -> bool:
        any_kept = False
        with os.scandir(folder) as entries:
            found = list(entries)
        for entry in found:
            path = f"{relative}{entry.name}"
            if path == MARKER:  # not a file of the site: it says whose tree this is
                any_kept = True
                continue
            if entry.is_dir(follow_symlinks=False):
                if visit(entry.path, f"{path}/"):
                    any_kept = True
                else:
                    os.rmdir(entry.path)
                continue
            stamp = recorded.get(path)
            if stamp is not None and entry.is_file(follow_symlinks=False):
                status = entry.stat(follow_symlinks=False)
                if (status.st_size, status.st_mtime_ns, status.st_ino) == stamp[1:]:
                    kept.append(path)
                    any_kept = True
                    continue
            os.unlink(entry.path)
        if any_kept:
            folders.append(folder)
        return any_kept

    visit(root, "")
    return kept, folders


class OutputTree:
    """Files of one build, under ``root``, reusing those of ``previous`` where they match.

    ``root`` is a new empty folder or the spare tree, whose files (as far as
    they agree with its manifest) are kept where this build wants the same.
    """

    def __init__(self, root: Path, previous: Path, manifest: Path | None,
                 spare: Manifest | None = None) -> None:
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
        self._spare_files: dict[str, Stamp] = {}
        self._scanning: Callable[[], tuple[dict[str, Stamp], list[str]]] | None = None
        if manifest is not None:
            recorded = _read_manifest(manifest, previous)
            if recorded is not None:
                self._old_files, self._old_keys = recorded
        if spare is not None:
            spare_files, spare_root = spare[0], self._root
            waiting = in_background(lambda: _scan(spare_root, spare_files))

            def scanned() -> tuple[dict[str, Stamp], list[str]]:
                kept, folders = waiting()
                return {path: spare_files[path] for path in kept}, folders

            self._scanning = scanned

    @classmethod
    def open(cls, output: Path, cache_dir: Path | None) -> OutputTree:
        """The tree a build of ``output`` writes into: the spare when it can be trusted,
        else a new folder beside ``output``. Leftovers of interrupted builds are removed."""
        if cache_dir is None:
            return cls(cls._new_root(output), output, None)
        manifest = cls.manifest_for(cache_dir, output)
        spare = cls.spare_for(output)
        if (spare.exists() or spare.is_symlink()) and not is_ours(spare):
            raise OutputRefused(f"{spare} was not made by this generator (it has no {MARKER});"
                                " remove it, or choose another --output")
        if spare.is_dir():
            recorded = _read_manifest(cls._spare_manifest(manifest), output)
            if recorded is not None:
                return cls(spare, output, manifest, recorded)
            _retire(spare)
        return cls(cls._new_root(output), output, manifest)

    @staticmethod
    def _new_root(output: Path) -> Path:
        """A new empty tree beside ``output``, marked as ours from its first moment."""
        root = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        mark(root)
        return root

    @staticmethod
    def manifest_for(cache_dir: Path, output: Path) -> Path:
        """One manifest per output directory, in the cache."""
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        return cache_dir / "trees" / f"{name}.json"

    @staticmethod
    def _spare_manifest(manifest: Path) -> Path:
        return manifest.with_name(f"{manifest.stem}.spare.json")

    @staticmethod
    def spare_for(output: Path) -> Path:
        """Where the tree that ``output/`` held before the last build waits for the next."""
        return output.with_name(f".{output.name}.spare")

    @property
    def _here(self) -> dict[str, Stamp]:
        """Files of the spare tree, already in ``root``, that this build has not claimed
        (once the scan of the spare is done)."""
        if self._scanning is not None:
            self._spare_files, folders = self._scanning()
            self._scanning = None
            self._made.update(folders)
        return self._spare_files

    def settle(self) -> None:
        """Wait for the scan of the spare, which runs while the build validates."""
        _ = self._here

    def _parent(self, target: str) -> None:
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)

    def _stamp(self, path: str, content: str) -> Stamp:
        status = os.stat(f"{self._root}/{path}", follow_symlinks=False)
        return content, status.st_size, status.st_mtime_ns, status.st_ino

    def clear(self, path: str) -> None:
        """Remove the spare's file at ``path`` before something else is written there: it
        may be the very file ``output/`` serves, and must not be overwritten in place."""
        if self._here.pop(path, None) is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self._root}/{path}")

    def clear_where(self, unwanted: Callable[[str], bool]) -> None:
        """:meth:`clear` every file of the spare that ``unwanted`` names."""
        for path in [path for path in self._here if unwanted(path)]:
            self.clear(path)

    def _claim(self, path: str, stamp: Stamp) -> None:
        del self._here[path]
        self.files[path] = stamp
        self.linked += 1

    def _link(self, path: str) -> bool:
        """Bring ``path`` over from the previous tree if it is still what was recorded."""
        recorded = self._old_files.get(path)
        if recorded is None:
            return False
        if self._here.get(path) == recorded:  # the spare has the very same file
            self._claim(path, recorded)
            return True
        source = f"{self._previous}/{path}"
        try:
            status = os.stat(source, follow_symlinks=False)
        except OSError:
            return False
        if (status.st_size, status.st_mtime_ns, status.st_ino) != recorded[1:]:
            return False
        self.clear(path)
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
        """Put ``data`` at ``path``: kept or linked when a previous build wrote the same
        bytes."""
        content = _digest(data)
        recorded = self._old_files.get(path)
        if recorded is not None and recorded[0] == content and self._link(path):
            return
        spare = self._here.get(path)
        if spare is not None and spare[0] == content:
            self._claim(path, spare)
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
        """Write a new file at ``path``, never over the spare's file in place; ``content``
        is the bytes' :func:`_digest` when the caller has it already."""
        self.clear(path)
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

    def _prune(self) -> None:
        """Remove the spare's files this build did not claim, and folders left empty."""
        folders: set[str] = set()
        for path in self._here:
            if path in self.files:  # claimed by a forked renderer
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self._root}/{path}")
            folders.add(os.path.dirname(path))
        self._spare_files = {}
        for folder in sorted(folders, key=len, reverse=True):
            while folder:
                try:
                    os.rmdir(f"{self._root}/{folder}")
                except OSError:  # not empty (or gone already)
                    break
                folder = os.path.dirname(folder)

    def publish(self) -> None:
        """Make this tree ``output/``; keep the tree it replaces as the next build's spare.

        Without a cache there is no manifest to trust a spare by, so the old
        tree is deleted instead.
        """
        self._prune()
        output, staging = self.previous, self.root
        staging.chmod(0o755)
        if not output.exists():
            os.rename(staging, output)
            old = None
        elif _exchange(staging, output):
            old = staging
        else:
            old = output.with_name(f".{output.name}.old-{os.getpid()}")
            os.rename(output, old)
            try:
                os.rename(staging, output)
            except OSError:
                os.rename(old, output)
                raise
        spare = self.spare_for(output)
        if old is not None and self.manifest is not None:
            if old != spare:
                if spare.exists():
                    _retire(spare)
                os.rename(old, spare)
        elif old is not None:
            _delete_in_background(old)
        self._save(output, spare_recorded=old is not None)

    def discard(self) -> None:
        """After a failed build: a new folder is removed; the spare stays (its next use
        checks every file against its manifest)."""
        self.settle()
        if self.root != self.spare_for(self.previous):
            shutil.rmtree(self.root, ignore_errors=True)

    def _save(self, output: Path, spare_recorded: bool) -> None:
        """Record this tree, now at ``output``, and the previous one's record as the spare's;
        a manifest that cannot be written is dropped."""
        if self.manifest is None:
            return
        spare_manifest = self._spare_manifest(self.manifest)
        body = {"format": _FORMAT, "output": str(output),
                "files": {path: " ".join(map(str, stamp)) for path, stamp in self.files.items()},
                "keys": self.keys}
        try:
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            if spare_recorded and self.manifest.exists():
                os.replace(self.manifest, spare_manifest)
            else:
                spare_manifest.unlink(missing_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.manifest.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(body, separators=(",", ":")))
            os.replace(temporary, self.manifest)
        except OSError:
            self.manifest.unlink(missing_ok=True)
