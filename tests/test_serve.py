"""``generator serve``, driven as an editor uses it: over HTTP and in Chromium (issue #17).

Edit a record and see the page change; break it and see the error on every page
while the last good site stays served; fix it and the error goes; stop with Ctrl-C.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers_content import CONTENT, ROOT

from benchmarks.latency import start_serve, stop_serve
from generator.serve import Preview, ServeState, serving

RECORD = "2024-08-14-polres-malang-patroli-menjelang-pilkada"
OLD = "patroli bersama di titik rawan menjelang Pilkada"


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    content: Path
    output: Path

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:  # noqa: S310
            return str(response.read().decode("utf-8"))

    def state(self) -> dict[str, Any]:
        return dict(json.loads(self.get("__serve__/state.json")))

    def record(self) -> Path:
        return self.content / "records" / f"{RECORD}.md"


def wait_for(check: Callable[[], bool], seconds: float = 60) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise AssertionError("timed out")
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    output = tmp_path / "site"
    process, url = start_serve(sys.executable, ROOT, content, output)
    try:
        yield Served(process, url, content, output)
    finally:
        stop_serve(process)


def test_edit_break_fix_over_http(served: Served) -> None:
    page = f"records/{RECORD}/"
    assert OLD in served.get(page)
    good = served.record().read_text(encoding="utf-8")
    served.record().write_text(good.replace(OLD, "patroli malam di titik rawan"), "utf-8")
    seconds = wait_for(lambda: "patroli malam di titik rawan" in served.get(page))
    assert seconds < 30
    assert served.state()["errors"] == []

    served.record().write_text(good.replace("kind: patrol", "kind: riot"), "utf-8")
    wait_for(lambda: served.state()["errors"] != [])
    errors = served.state()["errors"]
    assert any(
        re.fullmatch(rf"content/records/{RECORD}\.md:\d+: kind: .+ \[NOT_ALLOWED\]", e)
        for e in errors
    ), errors
    for path in ("", page, "units/", "no/such/page/"):
        try:
            body = served.get(path)
        except urllib.error.HTTPError as missing:
            body = missing.read().decode("utf-8")
        assert 'id="serve-errors"' in body, path
        assert "[NOT_ALLOWED]" in body
    assert "patroli malam di titik rawan" in served.get(page)  # the last good site

    served.record().write_text(good, "utf-8")
    wait_for(lambda: served.state()["errors"] == [] and OLD in served.get(page))
    assert 'id="serve-errors"' not in served.get(page)


def test_nothing_of_the_preview_is_written_into_the_site(served: Served) -> None:
    assert "__serve__" in served.get("")  # the served page has the reload script
    files = [p for p in served.output.rglob("*.html")]
    assert files
    assert not [p for p in files if "__serve__" in p.read_text(encoding="utf-8")]


def test_ctrl_c_stops_cleanly(served: Served) -> None:
    served.process.send_signal(signal.SIGINT)
    assert served.process.wait(timeout=90) == 0


@pytest.mark.browser
def test_the_page_reloads_itself_after_a_save(served: Served, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{served.url}records/{RECORD}/")
    page.locator("h1").filter(has_text="Patroli bersama di titik rawan").wait_for()
    good = served.record().read_text(encoding="utf-8")
    served.record().write_text(good.replace(OLD, "patroli subuh di titik rawan"), "utf-8")
    page.locator("h1").filter(has_text="Patroli subuh di titik rawan").wait_for(timeout=60_000)
    served.record().write_text(good.replace("kind: patrol", "kind: riot"), "utf-8")
    page.locator("#serve-errors").wait_for(timeout=60_000)
    assert "[NOT_ALLOWED]" in page.locator("#serve-errors").inner_text()
    assert "Patroli subuh" in page.locator("h1").inner_text()
    served.record().write_text(good, "utf-8")
    page.locator("h1").filter(has_text="Patroli bersama").wait_for(timeout=60_000)
    assert page.locator("#serve-errors").count() == 0
    assert errors == []
    context.close()


# --- in one process: what a save does before the site is built again ------------------------


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shown = Preview(
        content.resolve(), tmp_path / "site", tmp_path / "cache", "http://127.0.0.1:9", ServeState()
    )
    shown.build()
    assert shown.state.snapshot() == (1, [])
    return shown


def test_a_saved_record_is_shown_as_the_next_build_writes_it(preview: Preview) -> None:
    path = preview.content / "records" / f"{RECORD}.md"
    path.write_text(path.read_text("utf-8").replace(OLD, "patroli malam di titik rawan"), "utf-8")
    assert preview.saved({path}) is True  # shown, and the site is to be built again
    names = [f"records/{RECORD}/index.html", f"en/records/{RECORD}/index.html"]
    names.append(f"records/{RECORD}.json")
    found = {name: preview.state.page(name) for name in names}
    shown = {name: page[0] for name, page in found.items() if page and not page[1]}
    assert len(shown) == 3, found
    assert "patroli malam di titik rawan" in shown[names[0]].decode()
    assert "patroli malam" not in (preview.output / names[0]).read_text("utf-8")  # not built

    preview.build()
    for name, data in shown.items():
        assert (preview.output / name).read_bytes() == data, name
        assert preview.state.page(name) is None  # served from the site again


def test_a_broken_save_shows_its_errors_at_once_and_changes_nothing(preview: Preview) -> None:
    path = preview.content / "records" / f"{RECORD}.md"
    good = path.read_text("utf-8")
    path.write_text(good.replace("kind: patrol", "kind: riot"), "utf-8")
    before = preview.dataset
    assert preview.saved({path}) is False  # nothing valid changed: no build
    _, errors = preview.state.snapshot()
    assert len(errors) == 1
    assert re.fullmatch(rf"content/records/{RECORD}\.md:\d+: kind: .+ \[NOT_ALLOWED\]", errors[0])
    assert preview.dataset is before
    path.write_text(good, "utf-8")
    assert preview.saved({path}) is True
    assert preview.state.snapshot()[1] == []


def test_an_editors_own_files_change_nothing(preview: Preview) -> None:
    records = preview.content / "records"
    backup = records / f"{RECORD}.md~"
    backup.write_text("not a record", "utf-8")
    assert preview.saved({backup, records / "4913"}) is False  # vim's probe, already gone
    assert preview.state.snapshot()[1] == []


@pytest.mark.parametrize(
    "name", ["units.yaml", "records/no-such-record.md", "operations.yaml", "releases"]
)
def test_other_changes_read_the_whole_content_again(preview: Preview, name: str) -> None:
    path = preview.content / name  # a table, a record removed, a table or a folder removed
    if name in ("operations.yaml", "releases"):
        shutil.move(path, preview.content.parent / name)
    assert preview.saved({path}) is True
    assert preview.dataset is None
    preview.build()
    _, errors = preview.state.snapshot()
    if name == "operations.yaml":  # what a build refuses, the preview refuses
        assert [e for e in errors if e.endswith("[MISSING_FILE]")], errors
        assert preview.dataset is None
    else:
        assert errors == []
        assert preview.dataset is not None


def test_a_valid_record_saved_with_an_invalid_one_is_not_lost(preview: Preview) -> None:
    records = sorted((preview.content / "records").glob("*.md"))
    broken, edited = records[0], preview.content / "records" / f"{RECORD}.md"
    assert broken != edited
    broken.write_text(broken.read_text("utf-8").replace("kind: ", "kind: riot #", 1), "utf-8")
    edited.write_text(edited.read_text("utf-8").replace(OLD, "patroli malam di titik"), "utf-8")
    assert preview.saved({broken, edited}) is True  # read together by the next build
    preview.build()
    assert preview.state.snapshot()[1]  # the broken one's error
    broken.write_text(broken.read_text("utf-8").replace("kind: riot #", "kind: ", 1), "utf-8")
    assert preview.saved({broken}) is True
    preview.build()
    assert preview.state.snapshot()[1] == []
    assert "patroli malam di titik" in (preview.output / f"records/{RECORD}/index.html").read_text(
        "utf-8"
    )


def test_a_draft_is_shown_only_by_the_preview(preview: Preview) -> None:
    path = preview.content / "records" / f"{RECORD}.md"
    draft_id = RECORD.replace("patroli", "draf-patroli")
    text = path.read_text("utf-8").replace(f"id: {RECORD}", f"id: {draft_id}")
    draft = path.with_name(f"{draft_id}.md")
    draft.write_text(text.replace("\n---\n", "\ndraft: true\n---\n", 1), "utf-8")
    assert preview.saved({draft}) is False  # nothing published changed: no build needed
    preview.build()  # drafts are rendered again after every build, never written by one
    name = f"records/{draft_id}/index.html"
    assert not (preview.output / name).exists()
    with serving(preview.state, preview.output, 0) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        for page in (f"records/{draft_id}/", f"en/records/{draft_id}/"):
            with urllib.request.urlopen(url + page, timeout=10) as response:  # noqa: S310
                body = response.read().decode("utf-8")
            assert 'id="serve-draft"' in body, page
            assert "<h1" in body
        with urllib.request.urlopen(f"{url}records/{RECORD}/", timeout=10) as response:  # noqa: S310
            assert 'id="serve-draft"' not in response.read().decode("utf-8")


def test_saves_made_while_a_build_reads_everything_are_read_again(preview: Preview) -> None:
    """A build that reads all content may have read a file before its save: the files
    saved meanwhile are checked again, so the next save is shown at once again."""
    before = preview.dataset
    assert before is not None
    path = preview.content / "records" / f"{RECORD}.md"
    path.write_text(path.read_text("utf-8").replace(OLD, "patroli malam di titik rawan"), "utf-8")
    preview.unread = {path}
    caught = preview._catch_up(before)
    assert caught is not None
    (entry,) = [e for e in caught.entries if e.record.id == RECORD]
    assert entry.record.activity.startswith("patroli malam di titik rawan")
    preview.unread = {path, preview.content / "units.yaml"}
    assert preview._catch_up(before) is None  # not a record: read everything again
