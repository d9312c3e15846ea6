"""Helpers to compare whole output trees, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file (and '/' for every folder)."""
    result: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        result[name] = "/" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return result
