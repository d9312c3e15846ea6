"""A build replaces only a folder it made, and one build at a time (issue #18, items 1 and 2).

Each refusal is checked through the command line, as a user meets it: exit 1,
one line with a stable code, and nothing moved or deleted.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_content import ROOT, make_site, run_cli

from generator.outputdir import MARKER, OutputRefused, check_output
from tests.tree import tree_digest


def build(content: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "build",
        "--content",
        str(content),
        "--output",
        str(output),
        "--no-cache",
        *extra,
        timeout=300,
    )


def refused(result: subprocess.CompletedProcess[str], code: str = "OUTPUT_REFUSED") -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert lines[0].endswith(f"[{code}]"), lines[0]


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("site"), base=False)


def test_a_pages_checkout_is_refused_and_kept(content: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / ".git").mkdir(parents=True)
    (pages / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (pages / "CNAME").write_text("data.example.org\n")
    before = tree_digest(pages)
    refused(build(content, pages))
    assert tree_digest(pages) == before


def test_the_content_folder_and_its_ancestors_are_refused(content: Path) -> None:
    before = tree_digest(content)
    for target in (content, content.parent, content / "records", content / "new-site"):
        refused(build(content, target))
    assert tree_digest(content) == before
    assert not (content / "new-site").exists()


def test_a_file_and_a_link_are_refused(content: Path, tmp_path: Path) -> None:
    file = tmp_path / "site.html"
    file.write_text("<p>mine</p>")
    refused(build(content, file))
    assert file.read_text() == "<p>mine</p>"
    folder = tmp_path / "real"
    folder.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder)
    refused(build(content, link))
    assert link.is_symlink()
    assert not any(folder.iterdir())


@pytest.mark.parametrize("target", [ROOT, ROOT.parent, Path("/")], ids=["repo", "above", "root"])
def test_the_repository_and_above_are_refused(target: Path) -> None:
    # Checked on the function itself: through the command line a bug would delete the checkout.
    with pytest.raises(OutputRefused):
        check_output(target, [ROOT / "content", ROOT])


def test_our_own_output_is_rebuilt_and_leftovers_go(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    first = build(content, output)
    assert first.returncode == 0, first.stderr
    assert (output / MARKER).is_file()
    killed = tmp_path / ".site.new-killed"  # what a build killed midway leaves
    killed.mkdir()
    (killed / MARKER).write_bytes(b"")
    (killed / "index.html").write_text("half a site")
    stranger = tmp_path / ".site.new-notours"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("someone else's")
    again = build(content, output)
    assert again.returncode == 0, again.stderr
    assert not killed.exists()
    assert (stranger / "keep.txt").read_text() == "someone else's"
    # The tree the second build replaced is deleted in the background: wait for it.
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) > 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.new-notours", "site"]


def test_an_empty_folder_is_used(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "empty"
    output.mkdir()
    assert build(content, output).returncode == 0
    assert (output / "index.html").is_file()


def test_a_second_build_of_the_same_folder_is_refused(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    assert build(content, output).returncode == 0
    before = tree_digest(output)
    descriptor = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # as a running build holds it
        refused(build(content, output), "OUTPUT_LOCKED")
    finally:
        os.close(descriptor)
    assert tree_digest(output) == before


def _checksums_hold(output: Path) -> None:
    data = output / "data"
    for line in (data / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((data / name.lstrip("*")).read_bytes()).hexdigest() == digest


def test_two_builds_at_once_never_mix(tmp_path: Path) -> None:
    # Two contents built into one folder at the same moment, with the cache (files linked
    # from the last build): one build publishes, the other refuses; the site is one content's.
    first = make_site(tmp_path / "a", base=True)
    second = make_site(tmp_path / "b", base=False)
    output, cache = tmp_path / "out" / "site", tmp_path / "cache"
    for content in (first, second):  # a previous build and a manifest, as in the probe
        result = run_cli(
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
            "--cache",
            str(cache),
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    results = []
    for _ in range(3):
        runs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "build",
                    "--content",
                    str(content),
                    "--output",
                    str(output),
                    "--cache",
                    str(cache),
                ],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for content in (first, second)
        ]
        results.append(
            [(run.wait(timeout=300), run.stderr.read() if run.stderr else "") for run in runs]
        )
        for run in runs:
            if run.stderr:
                run.stderr.close()
        codes = sorted(code for code, _ in results[-1])
        assert codes in ([0, 0], [0, 1]), results[-1]
        assert all("[OUTPUT_LOCKED]" in err for code, err in results[-1] if code == 1)
        _checksums_hold(output)
        ids = (output / "data" / "records.csv").read_text(encoding="utf-8")
        assert ("polres-probolinggo-patroli-uji" in ids) == (
            "polres-probolinggo-patroli-uji" in (output / "data" / "records.json").read_text()
        )
