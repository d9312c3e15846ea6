"""The build cache saves work and never changes a result."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.build import build_site
from generator.config import SiteConfig, read_config
from generator.errors import ContentInvalid
from tests.tree import tree_digest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.test"
JUST_COPIED = replace(read_config(SITE_URL), unchanged_after_s=0.0)
"""The content was copied just now: the cache may know its files by their status at once."""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def entries(cache: Path) -> dict[str, Any]:
    """Every entry of the cache, by name (the values as stored)."""
    with sqlite3.connect(cache / "cache.sqlite") as db:
        return {
            name: json.loads(value)
            for name, value, _ in db.execute("SELECT name, value, mac FROM entries")
        }


def build(
    content: Path, output: Path, cache: Path | None, config: SiteConfig | None = None
) -> dict[str, str]:
    build_site(content, output, site_url=SITE_URL, cache_dir=cache, config=config)
    return tree_digest(output)


def test_warm_build_equals_cold_build(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build(content, tmp_path / "cold", None)
    assert build(content, tmp_path / "first", cache) == cold
    stored = entries(cache)
    assert sum(k.startswith("record:") for k in stored) == 5
    english = sum("\nsummary_en:" in p.read_text("utf-8") for p in (content / "records").iterdir())
    assert english > 0
    assert sum(k.startswith("summary:") for k in stored) == 5 + english
    assert build(content, tmp_path / "warm", cache) == cold
    assert not list((tmp_path / "warm").rglob("cache.sqlite"))


def test_an_edited_record_is_read_again(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cache)
    record = next((content / "records").glob("*.md"))
    record.write_text(record.read_text("utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    output = tmp_path / "second"
    build(content, output, cache)
    page = (output / "records" / record.stem / "index.html").read_text("utf-8")
    assert "Kalimat baru." in page
    assert build(content, tmp_path / "cold", None) == tree_digest(output)


@pytest.mark.parametrize("garbage", [b"not sqlite at all", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_corrupt_cache_is_ignored(content: Path, tmp_path: Path, garbage: bytes) -> None:
    cache = tmp_path / "cache"
    cold = build(content, tmp_path / "cold", None)
    cache.mkdir()
    (cache / "cache.sqlite").write_bytes(garbage)
    assert build(content, tmp_path / "out", cache) == cold


def _rewrite(cache: Path, change: Any) -> None:
    """Replace every entry's value, keeping its name and signature (as an attacker could)."""
    with sqlite3.connect(cache / "cache.sqlite") as db:
        rows = list(db.execute("SELECT name, value FROM entries"))
        for name, value in rows:
            db.execute(
                "UPDATE entries SET value = ? WHERE name = ?",
                (json.dumps(change(name, json.loads(value))), name),
            )


def test_tampered_entries_are_ignored(content: Path, tmp_path: Path) -> None:
    """Entries under the right keys but with the wrong shape are parsed again."""
    cache = tmp_path / "cache"
    cold = build(content, tmp_path / "cold", None)
    build(content, tmp_path / "first", cache)
    _rewrite(cache, lambda name, value: {"data": None} if name.startswith("record:") else 7)
    assert build(content, tmp_path / "out", cache) == cold


CRAFTED_SUMMARY = (
    '<script>alert(1)</script><meta http-equiv="refresh" content="0;url=https://'
    'evil.example/"><img src="https://evil.example/t.png">'
)


@pytest.mark.parametrize("what", ["summary-html", "record-data", "no-phone"])
def test_a_crafted_entry_never_reaches_a_page(content: Path, tmp_path: Path, what: str) -> None:
    """Issue #18, item 3: a cache is input. A crafted entry (raw script, a refresh, an
    outside image, data that is not in the file, a phone number) is not trusted: its
    signature, made with this machine's key, does not match, and it is ignored."""
    cache = tmp_path / "cache"
    cold = build(content, tmp_path / "cold", None)
    build(content, tmp_path / "first", cache)

    def craft(name: str, value: Any) -> Any:
        if what == "summary-html" and name.startswith("summary:"):
            return CRAFTED_SUMMARY
        if what == "record-data" and name.startswith("record:"):
            value["data"]["activity"] = "Hubungi 0812 3456 7890 <script>alert(1)</script>"
        return value

    if what == "no-phone":  # the file holds a number; the cache says it was checked clean
        record = content / "records" / "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"
        record.write_text(record.read_text("utf-8") + "\nHubungi 0812 3456 7890.\n", "utf-8")
        from generator.cache import Cache
        from generator.load import _LOADER_VERSION
        from generator.validate import PHONE

        file_key = Cache.key(_LOADER_VERSION, record.read_bytes())
        with sqlite3.connect(cache / "cache.sqlite") as db:  # "checked: no phone", unsigned
            db.execute(
                "INSERT INTO entries VALUES (?, 'true', ?)",
                (f"no-phone:{Cache.key(PHONE.pattern, file_key.encode())}", b"\0" * 32),
            )
        with pytest.raises(ContentInvalid) as caught:
            build(content, tmp_path / "out", cache)
        assert "[PRIVATE_DATA]" in str(caught.value)
        return
    _rewrite(cache, craft)
    assert build(content, tmp_path / "out", cache) == cold


def test_a_cache_from_another_machine_is_not_trusted(content: Path, tmp_path: Path) -> None:
    from generator.cache import Cache

    other = Cache(tmp_path / "cache", key=b"k" * 32)
    other.put("record", "x", {"data": 1})
    other.save()
    mine = Cache(tmp_path / "cache", key=b"m" * 32)
    assert mine.get("record", "x") is None
    assert mine.ignored == 1
    again = Cache(tmp_path / "cache", key=b"k" * 32)
    assert again.get("record", "x") == {"data": 1}


def test_errors_are_reported_on_every_build(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    record = next((content / "records").glob("*.md"))
    text = record.read_text("utf-8")
    record.write_text(
        text.replace("kind: patrol", "kind: riot").replace("kind: simulation", "kind: riot"),
        encoding="utf-8",
    )
    messages = []
    for _ in range(2):
        with pytest.raises(ContentInvalid) as caught:
            build(content, tmp_path / "out", cache)
        messages.append([str(e) for e in caught.value.errors])
    assert messages[0] == messages[1]
    assert any("[NOT_ALLOWED]" in m for m in messages[0])


def test_a_cached_record_still_reports_lines(content: Path, tmp_path: Path) -> None:
    """The cache keeps no lines; an error found later in a cached record still names its line."""
    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cache)
    record = content / "records" / "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"
    lines = record.read_text("utf-8").splitlines()
    expected = next(n for n, line in enumerate(lines, 1) if line == "- id: polres-malang")
    units = content / "units.yaml"
    units.write_text(
        units.read_text("utf-8").replace("id: polres-malang", "id: polres-malang-x"),
        encoding="utf-8",
    )
    with pytest.raises(ContentInvalid) as caught:
        build(content, tmp_path / "out", cache)
    assert f"{record.name}:{expected}: units[0].id: 'polres-malang' is not in units.yaml" in str(
        caught.value
    )


def test_a_phone_number_is_found_in_a_record_read_before(content: Path, tmp_path: Path) -> None:
    """The cache remembers a clean file by its bytes: a number added is always seen."""
    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cache)
    record = content / "records" / "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"
    record.write_text(record.read_text("utf-8") + "\nHubungi 0812 3456 7890.\n", encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        build(content, tmp_path / "out", cache)
    assert "[PRIVATE_DATA]" in str(caught.value)


def test_an_unchanged_record_file_is_not_read_again(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose size, times and inode are as noted comes from the cache unread."""
    from generator import load

    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cache, JUST_COPIED)
    read: list[str] = []
    real = load._read_text

    def counting(path: str | Path, shown: str, limit: int, size: int | None = None) -> str:
        read.append(Path(path).name)
        return real(path, shown, limit, size)

    monkeypatch.setattr(load, "_read_text", counting)
    record = content / "records" / "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"
    record.write_text(record.read_text("utf-8").replace("Polres", "Polres Kota", 1), "utf-8")
    warm = build(content, tmp_path / "warm", cache, JUST_COPIED)
    assert [name for name in read if name.endswith(".md")] == [record.name]
    assert warm == build(content, tmp_path / "cold", None)


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    content: Path, tmp_path: Path
) -> None:
    """The change time cannot be set back: an edit is found even when the editor restores
    the modification time and the size stays the same."""
    import os

    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cache, JUST_COPIED)
    record = content / "records" / "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"
    before = record.stat()
    text = record.read_text("utf-8")
    assert "kind: patrol\n" in text
    record.write_text(text.replace("kind: patrol\n", "kind: petrol\n"), "utf-8")
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert record.stat().st_size == before.st_size
    with pytest.raises(ContentInvalid) as caught:
        build(content, tmp_path / "second", cache, JUST_COPIED)
    assert f"{record.name}:" in str(caught.value)
    assert "[NOT_ALLOWED]" in str(caught.value)


def test_a_file_touched_but_not_changed_is_noted_again(content: Path, tmp_path: Path) -> None:
    """Same bytes, new times: read once more, and its new status kept for the next build."""
    import os

    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cache, JUST_COPIED)
    record = content / "records" / "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"
    os.utime(record, ns=(record.stat().st_atime_ns, record.stat().st_mtime_ns + 10**9))
    build(content, tmp_path / "second", cache, JUST_COPIED)
    assert entries(cache)[f"file:{record}"][1] == record.stat().st_mtime_ns
