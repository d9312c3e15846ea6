"""A rebuild into the same output links what did not change and gives the same site.

The reference is always a build from scratch (no cache, no previous output):
whatever a rebuild reuses, its tree must be byte for byte that one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator import search
from generator.build import BuildReport, build_site
from generator.config import read_config
from generator.errors import ContentInvalid
from generator.outputdir import MARKER
from generator.tree import OutputTree
from tests.tree import tree_digest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.test"
SISPAMKOTA = "2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada"


CONFIG = replace(read_config(SITE_URL), pages_per_shard=1)
"""A search shard per unit even with five records, so reuse per shard is exercised."""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def build(content: Path, output: Path, cache: Path | None) -> BuildReport:
    return build_site(content, output, config=CONFIG, cache_dir=cache)


def cold(content: Path, tmp_path: Path) -> dict[str, str]:
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    build(content, reference, None)
    return tree_digest(reference)


def edit_summary(content: Path, record_id: str, old: str, new: str) -> None:
    path = content / "records" / f"{record_id}.md"
    text = path.read_text("utf-8")
    assert old in text.split("\n---\n", 1)[1]
    path.write_text(text.replace(old, new), encoding="utf-8")


def inodes(root: Path) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): path.stat().st_ino
        for path in root.rglob("*")
        if path.is_file()
    }


def inode(path: Path) -> int:
    return os.stat(path).st_ino


def test_unchanged_rebuild_links_every_file(content: Path, tmp_path: Path) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    first = build(content, output, cache)
    assert first.linked == 0
    before = inodes(output)
    again = build(content, output, cache)
    assert again.written + again.linked == first.written
    after = inodes(output)
    assert after.keys() == before.keys()
    # Pelican copies the theme's files itself, anew each time (not counted as written);
    # each new tree gets its own marker.
    rewritten = sorted(
        path
        for path in after
        if after[path] != before[path] and not path.startswith("theme/") and path != MARKER
    )
    # Only the site-wide pages (home, indexes, data, ...) are rendered on every build.
    assert len(rewritten) == again.written
    assert all(path.endswith(".html") for path in rewritten), rewritten
    item_page = re.compile(r"(en/)?(records|units|dates|elections|regions|operations)/[^/]+/")
    assert not [path for path in rewritten if item_page.match(path) or "pagefind" in path]
    assert tree_digest(output) == cold(content, tmp_path)


def test_edit_writes_its_pages_and_links_the_rest(content: Path, tmp_path: Path) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    build(content, output, cache)
    other = "2024-08-14-polres-malang-patroli-menjelang-pilkada"
    unrelated = [
        output / path
        for path in (
            f"records/{other}/index.html",
            f"en/records/{other}/index.html",
            f"records/{other}.json",
            "units/polres-malang/index.html",
            "en/units/polres-malang/index.html",
            "units/polres-malang.json",
            "units/polres-malang.csv",
            "feeds/units/polres-malang.atom.xml",
            "dates/2024-08-14/index.html",
            "dates/2024-08-14.json",
        )
    ]
    edited = output / "records" / SISPAMKOTA / "index.html"
    unrelated_inodes, edited_inode = [inode(path) for path in unrelated], inode(edited)
    shards_before = {
        p.name: inode(p / "pagefind-entry.json") for p in (output / "pagefind").glob("shard-*")
    }

    edit_summary(content, SISPAMKOTA, "Sispamkota", "Sispamkota (simulasi)")
    report = build(content, output, cache)

    assert "Sispamkota (simulasi)" in edited.read_text("utf-8")
    assert inode(edited) != edited_inode
    assert [inode(path) for path in unrelated] == unrelated_inodes
    assert report.linked > report.written
    shards_after = {
        p.name: inode(p / "pagefind-entry.json") for p in (output / "pagefind").glob("shard-*")
    }
    assert len(shards_before) >= 3
    # Only the shards of the pages that show the record are indexed again: those of its lead
    # unit (polres-probolinggo-kota) and of the other unit it names (kodim-0820).
    assert sum(shards_before[name] != shards_after[name] for name in shards_after) <= 2
    assert tree_digest(output) == cold(content, tmp_path)


def test_a_file_changed_in_output_is_written_again(content: Path, tmp_path: Path) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    build(content, output, cache)
    page = output / "records" / SISPAMKOTA / "index.html"
    data = output / "data" / "records.csv"
    with page.open("a", encoding="utf-8") as stream:  # same inode, new size and time
        stream.write("<!-- edited by hand -->")
    data.unlink()
    data.write_text("replaced", encoding="utf-8")  # a new file at the same path
    build(content, output, cache)
    assert "edited by hand" not in page.read_text("utf-8")
    assert tree_digest(output) == cold(content, tmp_path)


@pytest.mark.parametrize(
    "garbage",
    [
        "not json",
        '{"format": 3}',
        '{"format": 3, "output": "elsewhere", "files": {}, "keys": {}}',
        '{"format": 3, "output": "%s", "files": {"index.html": [1]}, "keys": {}}',
        '{"format": 3, "output": "%s", "files": {}, "keys": {"index.html": "x"}}',
        '{"format": 3, "output": "%s", "files": {"index.html": "a b"}, "keys": {}}',
        '{"format": 3, "output": "%s", "files": {"../outside": " 1 2 3"}, "keys": {}}',
    ],
)
def test_a_corrupt_manifest_means_a_full_build(content: Path, tmp_path: Path, garbage: str) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    build(content, output, cache)
    manifest = OutputTree.manifest_for(cache, output.resolve())
    assert json.loads(manifest.read_text("utf-8"))["output"] == str(output.resolve())
    manifest.write_text(garbage.replace("%s", str(output.resolve())), encoding="utf-8")
    report = build(content, output, cache)
    assert report.linked == 0
    assert tree_digest(output) == cold(content, tmp_path)


def test_a_failed_rebuild_changes_neither_output_nor_manifest(
    content: Path, tmp_path: Path
) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    build(content, output, cache)
    manifest = OutputTree.manifest_for(cache, output.resolve())
    before, recorded = tree_digest(output), manifest.read_bytes()
    record = content / "records" / f"{SISPAMKOTA}.md"
    good = record.read_text("utf-8")
    record.write_text(good.replace("kind: simulation", "kind: parade"), encoding="utf-8")
    with pytest.raises(ContentInvalid):
        build(content, output, cache)
    assert tree_digest(output) == before
    assert manifest.read_bytes() == recorded
    record.write_text(good, encoding="utf-8")
    assert build(content, output, cache).linked > 0


def test_a_release_re_renders_the_record_citations(content: Path, tmp_path: Path) -> None:
    from datetime import date

    from generator.releases import write_release
    from generator.validate import validate_content

    shutil.rmtree(content / "releases", ignore_errors=True)  # before the first release
    output, cache = tmp_path / "site", tmp_path / "cache"
    build(content, output, cache)
    page = output / "records" / SISPAMKOTA / "index.html"
    assert "catatan kegiatan sha256:" in page.read_text("utf-8")
    write_release(content, validate_content(content), "1.0", date(2024, 12, 1))
    build(content, output, cache)
    assert "versi 1.0" in page.read_text("utf-8")
    assert tree_digest(output) == cold(content, tmp_path)


# Rebuilds after edits: a new tree, linked from output/ where nothing changed, swapped in;
# output/ must not change until the swap.

MALANG = "2024-08-14-polres-malang-patroli-menjelang-pilkada"


def left_beside(folder: Path) -> list[str]:
    """What is in ``folder`` but the replaced trees a background process is deleting."""
    return sorted(
        p.name for p in folder.iterdir() if not p.name.startswith((".site.old-", ".site.new-"))
    )


def built_twice(content: Path, tmp_path: Path) -> tuple[Path, Path]:
    output, cache = tmp_path / "site", tmp_path / "cache"
    build(content, output, cache)
    build(content, output, cache)
    return output, cache


def test_a_rebuild_links_what_did_not_change_and_drops_what_went(
    content: Path, tmp_path: Path
) -> None:
    output, cache = built_twice(content, tmp_path)
    unrelated = output / "records" / MALANG / "index.html"
    unrelated_inode = inode(unrelated)
    edit_summary(content, SISPAMKOTA, "Sispamkota", "Sispamkota (simulasi)")
    report = build(content, output, cache)
    assert inode(unrelated) == unrelated_inode
    assert report.linked > report.written
    assert tree_digest(output) == cold(content, tmp_path)
    # A record removed: its pages, data and (now empty) folders go too.
    (content / "records" / f"{MALANG}.md").unlink()
    build(content, output, cache)
    assert not (output / "records" / MALANG).exists()
    assert tree_digest(output) == cold(content, tmp_path)
    assert left_beside(tmp_path) == ["cache", "content", "reference", "site"]


def test_output_does_not_change_until_the_swap(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two trees share the inodes of unchanged files: writing one of them in place,
    not anew, would change the published site before the swap."""
    output, cache = built_twice(content, tmp_path)
    edit_summary(content, SISPAMKOTA, "Sispamkota", "Sispamkota (simulasi)")
    build(content, output, cache)
    edit_summary(content, SISPAMKOTA, "Sispamkota (simulasi)", "Sispamkota (gladi)")
    edit_summary(content, MALANG, "Polres", "Polres Malang")
    published = tree_digest(output)
    publish = OutputTree.publish
    checked = []

    def check_then_publish(tree: OutputTree) -> None:
        assert tree_digest(output) == published
        checked.append(True)
        publish(tree)

    monkeypatch.setattr(OutputTree, "publish", check_then_publish)
    build(content, output, cache)
    monkeypatch.setattr(OutputTree, "publish", publish)
    assert checked
    assert "Sispamkota (gladi)" in (output / "records" / SISPAMKOTA / "index.html").read_text()
    assert tree_digest(output) == cold(content, tmp_path)


def test_files_changed_by_hand_in_output_are_written_anew(content: Path, tmp_path: Path) -> None:
    output, cache = built_twice(content, tmp_path)
    (output / "stray.html").write_text("not ours", encoding="utf-8")
    (output / "stray" / "deep").mkdir(parents=True)
    (output / "records" / "link").symlink_to(output / "index.html")
    replaced = output / "records" / SISPAMKOTA / "index.html"
    replaced.unlink()
    replaced.write_text("replaced", encoding="utf-8")
    (output / "data" / "records.csv").unlink()
    build(content, output, cache)
    assert tree_digest(output) == cold(content, tmp_path)


def test_a_rebuild_that_fails_midway_changes_nothing_and_leaves_nothing(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, cache = built_twice(content, tmp_path)
    published = tree_digest(output)
    edit_summary(content, SISPAMKOTA, "Sispamkota", "Sispamkota (simulasi)")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("generator.build.index_for_search", fail)
    with pytest.raises(OSError, match="disk full"):
        build(content, output, cache)
    assert tree_digest(output) == published
    assert left_beside(tmp_path) == ["cache", "content", "site"]
    monkeypatch.setattr("generator.build.index_for_search", search.index_for_search)
    build(content, output, cache)
    assert tree_digest(output) == cold(content, tmp_path)


def test_a_spare_tree_of_earlier_versions_is_removed(content: Path, tmp_path: Path) -> None:
    output, cache = built_twice(content, tmp_path)
    spare = tmp_path / ".site.spare"
    shutil.copytree(output, spare, symlinks=True)
    not_ours = tmp_path / ".other.spare"
    not_ours.mkdir()
    build(content, output, cache)
    assert not spare.exists()
    assert not_ours.is_dir()


def test_without_an_atomic_exchange_two_renames_do(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2 is missing (not Linux, or a file system without it) the swap is two
    renames."""
    from generator import tree

    monkeypatch.setattr(tree, "_exchange", lambda first, second: False)
    output, cache = built_twice(content, tmp_path)
    edit_summary(content, SISPAMKOTA, "Sispamkota", "Sispamkota (simulasi)")
    report = build(content, output, cache)
    assert report.linked > report.written
    assert tree_digest(output) == cold(content, tmp_path)


def test_the_exchange_swaps_two_folders(tmp_path: Path) -> None:
    from generator import tree

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a").write_text("a", encoding="utf-8")
    if not tree._exchange(first, second):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    assert (second / "a").is_file()
    assert not (first / "a").exists()
