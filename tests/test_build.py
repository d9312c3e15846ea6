"""The build as a user runs it: atomic, deterministic, golden, loud on failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest

from generator.build import build_site
from generator.config import read_config
from generator.errors import BuildFailed
from tests.tree import tree_digest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "sites" / "golden"
SITE_URL = "https://example.test"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(ROOT / "content", output, site_url=SITE_URL)
    return output


def test_every_page_type_is_built(built: Path) -> None:
    for path in [
        "index.html",
        "404.html",
        "units/index.html",
        "dates/index.html",
        "data/index.html",
        "records/2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada/index.html",
        "records/2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada.json",
        "units/polres-probolinggo-kota/index.html",
        "units/polres-probolinggo-kota.json",
        "dates/2024-08-02/index.html",
        "dates/2024-08-02.json",
        "dates/2024-08/index.html",
        "data/records.json",
        "data/records.csv",
        "data/datapackage.json",
        "data/SHA256SUMS",
        "schema/record.schema.json",
        "feeds/records.atom.xml",
        "sitemap.xml",
    ]:
        assert (built / path).is_file(), path


def test_no_page_requests_another_host(built: Path) -> None:
    import re

    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        pattern = r'<(?:link|script|img|iframe|source)\b[^>]*?(?:href|src)="([^"]+)"'
        for match in re.finditer(pattern, html):
            url = match.group(1)
            if url.startswith(f"{SITE_URL}/"):
                continue  # the site itself (404.html links absolutely)
            assert not url.startswith(("http:", "https:", "//")), (page, url)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(ROOT / "content", again, site_url=SITE_URL)
    assert tree_digest(again) == tree_digest(built)


def test_golden_output(tmp_path: Path) -> None:
    """Pelican-style golden test; regenerate with UPDATE_GOLDEN=1 and review the diff."""
    output = tmp_path / "output"
    build_site(GOLDEN / "content", output, site_url=SITE_URL)
    expected = GOLDEN / "expected"
    # Pagefind's own files change with its version; the two-builds test covers them.
    shutil.rmtree(output / "pagefind")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(output, expected)
    got, want = tree_digest(output), tree_digest(expected)
    assert sorted(got) == sorted(want), "files differ from the golden tree"
    for name, digest in want.items():
        if digest != "/" and got[name] != digest:
            assert (output / name).read_text() == (expected / name).read_text(), name


def _break_a_record(content: Path) -> Path:
    record = next((content / "records").glob("*.md"))
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("kind: patrol", "kind: riot", 1).replace("kind: simulation", "kind: riot", 1),
        encoding="utf-8",
    )
    return record


def test_failed_build_leaves_output_untouched(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    build_site(content, output, site_url=SITE_URL)
    before = tree_digest(output)
    broken = _break_a_record(content)

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"records/{broken.name}:" in result.stderr
    assert "kind:" in result.stderr
    assert "[NOT_ALLOWED]" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"], "staging left"


def test_render_failure_leaves_output_untouched(tmp_path: Path) -> None:
    """A failure after staging began (here: a broken theme) must not touch output/."""
    output = tmp_path / "output"
    build_site(ROOT / "content", output, site_url=SITE_URL)
    before = tree_digest(output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "record.html").write_text(
        "{% extends 'base.html' %}{% block x %}", encoding="utf-8"
    )
    with pytest.raises(jinja2.TemplateError):
        build_site(ROOT / "content", output, config=replace(read_config(SITE_URL), theme=theme))
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "theme"]


def test_failure_in_the_parallel_renderer_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English pages render in a forked process; its failure must not be lost."""
    import generator.pelican_plugin as plugin

    real = plugin.translations

    def broken(lang: str) -> object:
        if lang == "en":
            raise RuntimeError("catalogue unreadable")
        return real(lang)

    output = tmp_path / "output"
    build_site(GOLDEN / "content", output, site_url=SITE_URL)
    before = tree_digest(output)
    monkeypatch.setattr(plugin, "translations", broken)
    with pytest.raises(BuildFailed, match="rendering failed: RuntimeError: catalogue unreadable"):
        build_site(GOLDEN / "content", output, site_url=SITE_URL)
    assert tree_digest(output) == before


def test_outside_links_leak_nothing(built: Path) -> None:
    """Links to other hosts carry rel=noopener noreferrer; every page sets a referrer policy."""
    import re

    outside = 0
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in html, page
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in html
        for tag in re.findall(r"<a\b[^>]*>", html):
            href = re.search(r'href="([^"]*)"', tag)
            if (
                href
                and href.group(1).startswith(("http:", "https:", "//"))
                and not href.group(1).startswith(SITE_URL)
            ):
                outside += 1
                rel = re.search(r'rel="([^"]*)"', tag)
                assert rel, (page, tag)
                assert {"noopener", "noreferrer"} <= set(rel.group(1).split()), (page, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), page
    assert outside > 0
