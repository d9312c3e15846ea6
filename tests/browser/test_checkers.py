"""Outside checkers over the real site: Nu HTML checker, axe-core, link checking.

The Nu checker (npm ``vnu-jar``) and axe-core (npm ``axe-core``) come from
``node_modules/`` (``tests/setup-system.sh``); links are checked over HTTP,
never over the folder (root-relative links would be skipped silently).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from tests.serving import serve

from .conftest import CONTENT, NODE_MODULES, PAGE_TYPES

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


# --------------------------------------------------------------------------- Nu HTML checker


def test_nu_html_checker_finds_no_errors(site: Any) -> None:
    """Every built .html file (and the stylesheet) in one java run: zero errors."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("java or node_modules/vnu-jar missing: run tests/setup-system.sh")
    files = site.html_files()
    assert files
    files += sorted(site.root.rglob("*.css"))
    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--also-check-css",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:  # vnu writes its JSON report to stderr
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu did not report JSON (exit {run.returncode}):\n{run.stderr}{run.stdout}")
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    lines = []
    for m in errors:
        where = m.get("url", "?").removeprefix("file:").replace(str(site.root) + "/", "")
        lines.append(
            f"{where}:{m.get('lastLine', '?')}: {m.get('message')}\n"
            f"    {m.get('extract', '').strip()}"
        )
    assert not lines, f"{len(lines)} HTML errors:\n" + "\n".join(lines)
    assert run.returncode == 0, run.stderr


# --------------------------------------------------------------------------- axe-core


def _axe_report(violations: list[dict[str, Any]]) -> str:
    out = []
    for v in violations:
        out.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            out.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node.get("failureSummary") or ""
            out += [f"      {line}" for line in summary.splitlines()]
    return "\n".join(out)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_violations(
    kind: str, new_page: Any, page_log: Any, page_types: dict[str, str]
) -> None:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core missing: run tests/setup-system.sh")
    page = new_page(bypass_csp=True, viewport={"width": 1280, "height": 800})
    page.goto(page_types[kind])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    assert not violations, f"axe on {kind} ({page.url}):\n{_axe_report(violations)}"
    assert page_log.errors() == []


def test_axe_finds_no_violations_on_a_phone(new_page: Any, page_types: dict[str, str]) -> None:
    """Colour contrast, target size and reflow at 390px, on the record page."""
    page = new_page(bypass_csp=True, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(page_types["record"])
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("() => axe.run(document)")["violations"]
    assert not violations, f"axe at 390px on {page.url}:\n{_axe_report(violations)}"


# --------------------------------------------------------------------------- links


def _linkchecker() -> str | None:
    beside = Path(sys.executable).with_name("linkchecker")
    return str(beside) if beside.is_file() else shutil.which("linkchecker")


def _nobody_can_run_the_venv() -> bool:
    """LinkChecker run as root drops to user nobody, who must reach the venv's files."""
    path = Path(sys.prefix).resolve()
    return all(p.stat().st_mode & 0o001 for p in [path, *path.parents])


@pytest.mark.skipif(
    os.geteuid() == 0 and not _nobody_can_run_the_venv(),
    reason="as root LinkChecker drops to 'nobody', who cannot read this venv "
    "(a checkout under a private folder); the crawler test checks links",
)
def test_internal_links_with_linkchecker(site: Any, tmp_path: Path) -> None:
    """LinkChecker over HTTP, internal links only (outside links are not fetched)."""
    exe = _linkchecker()
    if exe is None:
        pytest.skip("linkchecker not installed (pip install linkchecker)")
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    run = subprocess.run(
        [exe, "--no-status", "--no-warnings", "--config", str(config), site.url + "/"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, f"linkchecker exit {run.returncode}:\n{run.stdout}\n{run.stderr}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in {"href", "src"}:
                self.urls.append(value)
            if value and name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urlopen(url, timeout=10) as r:  # noqa: S310 - 127.0.0.1 only
            return r.status, r.headers.get_content_type(), r.read()
    except HTTPError as e:
        return e.code, "", b""


def _crawl(start: str, inside: str) -> tuple[dict[str, int], dict[str, str]]:
    """Follow every href/src from ``start`` that stays under ``inside``.

    Returns each URL met with its status (-1: on 127.0.0.1 but outside the
    site, e.g. a stale SITEURL port or a root-relative link under a sub-path)
    and the first page linking to it.
    """
    seen: dict[str, int] = {}
    referrers: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, ctype, body = _get(url)
        seen[url] = status
        if status != 200 or ctype != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for raw in parser.urls:
            target = urldefrag(urljoin(url, raw)).url
            if urlsplit(target).scheme in {"data", "mailto", "tel"}:
                continue
            if target.startswith(inside):
                referrers.setdefault(target, url)
                if target not in seen:
                    queue.append(target)
            elif urlsplit(target).hostname == "127.0.0.1":
                seen[target] = -1
                referrers.setdefault(target, url)
    return seen, referrers


def _broken(seen: dict[str, int], referrers: dict[str, str]) -> list[str]:
    return [
        f"{'outside the site' if s == -1 else s} {u} (linked from {referrers.get(u)})"
        for u, s in sorted(seen.items())
        if s != 200
    ]


def test_internal_links_crawl(site: Any) -> None:
    """Crawl from / following every href and src on the test server; nothing 404s.

    Also: every built HTML page but 404.html is reachable from the home page.
    """
    seen, referrers = _crawl(site.url + "/", inside=site.url + "/")
    broken = _broken(seen, referrers)
    assert broken == [], "broken internal links:\n  " + "\n  ".join(broken)
    unreachable = [
        site.url_of(f)
        for f in site.html_files()
        if site.url_of(f) not in seen and f.name != "404.html"
    ]
    assert unreachable == [], "pages no link leads to:\n  " + "\n  ".join(unreachable)


def test_internal_links_work_under_a_sub_path(tmp_path: Path) -> None:
    """Published at https://host/some/folder/ (e.g. a GitHub Pages project site),
    with ``site_url`` saying so, every internal link still resolves inside it."""
    from generator.build import build_site

    www = tmp_path / "www"
    with serve(www) as url:
        base = f"{url}/pemilu-aman"
        build_site(CONTENT, www / "pemilu-aman", site_url=base)
        seen, referrers = _crawl(base + "/", inside=base + "/")
    broken = _broken(seen, referrers)
    assert broken == [], (
        f"links that leave {base}/ or are broken:\n  "
        + "\n  ".join(broken[:25])
        + (f"\n  ... and {len(broken) - 25} more" if len(broken) > 25 else "")
    )
