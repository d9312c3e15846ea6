"""Release snapshots and the changelog between them.

A release records, for every record id, the SHA-256 of its content. Two
consecutive snapshots give what was added, changed and removed; removed
records keep a page saying they were withdrawn, when and why.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import GeneratorError
from .models import Release
from .validate import Dataset, Entry


class ReleaseExists(GeneratorError):
    code = "RELEASE_EXISTS"


def record_hash(entry: Entry) -> str:
    """Hash of what a reader sees of a record: its fields and its summary."""
    payload = {"record": entry.record.model_dump(mode="json"), "summary": entry.summary}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def snapshot(dataset: Dataset, version: str, day: date) -> Release:
    return Release(
        version=version,
        date=day,
        records={entry.record.id: record_hash(entry) for entry in dataset.entries},
    )


def write_release(content: Path, dataset: Dataset, version: str, day: date) -> Path:
    """Write ``content/releases/VERSION.json``; never overwrite a release."""
    release = snapshot(dataset, version, day)
    target = content / "releases" / f"{release.version}.json"
    if target.exists():
        raise ReleaseExists(f"{target} exists; releases are never rewritten, pick a new version")
    if any(r.version == version for r in dataset.releases):
        raise ReleaseExists(f"release {version} exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(release.model_dump(mode="json"), indent=1, sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")
    return target


@dataclass(frozen=True)
class Change:
    """What one release changed against the one before it."""

    version: str
    date: date
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


def record_dates(releases: tuple[Release, ...]) -> dict[str, tuple[date, date]]:
    """Record id -> (added, updated): the day of the first release that held it, and of
    the last release that changed it. Derived, never typed by hand."""
    dates: dict[str, tuple[date, date]] = {}
    previous: dict[str, str] = {}
    for release in sorted(releases, key=lambda r: (r.date, r.version)):
        for record_id, digest in release.records.items():
            if record_id not in dates:
                dates[record_id] = (release.date, release.date)
            elif previous.get(record_id) != digest:
                dates[record_id] = (dates[record_id][0], release.date)
        previous = release.records
    return dates


def changelog(releases: tuple[Release, ...]) -> tuple[Change, ...]:
    """Changes per release, newest first; the first release adds everything."""
    changes = []
    previous: dict[str, str] = {}
    for release in releases:
        current = release.records
        changes.append(
            Change(
                version=release.version,
                date=release.date,
                added=tuple(sorted(set(current) - set(previous))),
                changed=tuple(
                    sorted(k for k in set(current) & set(previous) if current[k] != previous[k])
                ),
                removed=tuple(sorted(set(previous) - set(current))),
            )
        )
        previous = current
    return tuple(reversed(changes))
