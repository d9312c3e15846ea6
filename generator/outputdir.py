"""Which folder a build may replace, and one build at a time per folder.

A build replaces its output folder whole, so it must be sure the folder is
its own: a wrong ``--output`` (``.``, the content folder, a GitHub Pages
checkout) would otherwise be swapped out and deleted. Every tree a build
makes carries :data:`MARKER`; a build replaces only a folder that is empty
or carries it, and never the content folder, the repository or an ancestor
of either. A lock beside the folder keeps a second build of the same folder
from mixing its files with the first's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from .errors import GeneratorError

MARKER = ".generator-output"
"""Present at the top of every tree a build writes; its absence means "not ours"."""

MARKER_TEXT = (
    b"This folder is written by `python -m generator build`, which replaces all\n"
    b"of it on every build. Do not keep anything else here.\n"
)


class OutputRefused(GeneratorError):
    """The output path is not a folder this generator may replace."""

    code = "OUTPUT_REFUSED"


class OutputLocked(GeneratorError):
    """Another build of the same output folder is running."""

    code = "OUTPUT_LOCKED"


def mark(tree: Path) -> None:
    """Put the marker in a tree this build has just created."""
    (tree / MARKER).write_bytes(MARKER_TEXT)


def is_ours(folder: Path) -> bool:
    """A folder (not a link) that carries the marker."""
    return (
        not folder.is_symlink()
        and folder.is_dir()
        and (folder / MARKER).is_file()
        and not (folder / MARKER).is_symlink()
    )


def check_output(output: Path, protected: list[Path]) -> None:
    """Refuse, before anything moves, an ``output`` that is not ours to replace.

    ``output`` is absolute but not resolved, so that a link is seen as a link.
    ``protected`` are folders that must survive any build (content, repository,
    cache): ``output`` may be none of them, nor inside content, nor hold one.
    """
    shown = str(output)
    if output.is_symlink():
        raise OutputRefused(f"{shown} is a symbolic link; give the real folder as --output")
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"{shown} is a file, not a folder; choose another --output")
    real = output.resolve()
    if real == Path(real.anchor):
        raise OutputRefused(f"{shown} is the root of the file system")
    for folder in protected:
        folder = folder.resolve()
        if folder.is_relative_to(real):
            raise OutputRefused(
                f"{shown} holds {folder}, which a build must never replace; "
                "choose an empty or new folder as --output"
            )
    content = protected[0].resolve()
    if real.is_relative_to(content):
        raise OutputRefused(
            f"{shown} is inside the content folder {content}; "
            "choose a folder outside it as --output"
        )
    if output.is_dir() and not is_ours(output) and any(output.iterdir()):
        raise OutputRefused(
            f"{shown} is not empty and was not made by this generator (it "
            f"has no {MARKER}); empty it, remove it, or choose another --output"
        )


@contextlib.contextmanager
def locked(output: Path) -> Iterator[None]:
    """Hold the lock for building ``output``; refuse if another build holds it.

    The lock is on the folder that holds ``output`` (whose trees are swapped there),
    so nothing is left behind: a lock file would outlive the build, and deleting it
    races with the next build's open.
    """
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(
                f"another build is writing into {parent}; wait for it to "
                f"finish, then build {output.name} again"
            ) from None
        yield
    finally:
        os.close(descriptor)  # releases the lock


def remove_leftovers(output: Path) -> list[Path]:
    """Delete trees of interrupted builds of ``output`` (under the lock, so none is in use),
    and the spare tree that earlier versions kept; only those that carry the marker or are
    empty. Returns what was removed."""
    removed: list[Path] = []
    for pattern in (f".{output.name}.new-*", f".{output.name}.*old-*", f".{output.name}.spare"):
        for leftover in output.parent.glob(pattern):
            if is_ours(leftover) or (
                leftover.is_dir() and not leftover.is_symlink() and not any(leftover.iterdir())
            ):
                shutil.rmtree(leftover, ignore_errors=True)
                removed.append(leftover)
    return removed
