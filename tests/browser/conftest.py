"""Fixtures for the browser and checker tests: the real site, served, and Chromium.

The real ``content/`` is built once a session into a temporary directory with
``site_url`` set to the address it is served from, so absolute links (404
page, feeds, sitemap, JSON) point at the test server and not at a stale host.
The server answers a missing path with ``404.html`` and status 404, as static
hosts (GitHub Pages, Netlify, ``nginx error_page``) do.

Playwright comes without pytest-playwright: Debian's Chromium is launched
directly (``playwright install`` cannot download a browser here).
Every test in this folder is marked ``browser``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.serving import serve, url_of

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "tests" / "artifacts"


# --------------------------------------------------------------------------- marks


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ with ``browser``."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can see a failed test."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class Site:
    """The built site on disk and where it is served."""

    root: Path
    url: str  # no trailing slash, e.g. http://127.0.0.1:43121

    def page(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}"

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def url_of(self, file: Path) -> str:
        return url_of(self.root, self.url, file)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real content, built once and served on 127.0.0.1 at a free port."""
    from generator.build import build_site

    out = tmp_path_factory.mktemp("served") / "site"
    with serve(out) as url:
        build_site(CONTENT, out, site_url=url)
        yield Site(root=out, url=url)


@pytest.fixture(scope="session")
def base_url(site: Site) -> str:
    return site.url


# --------------------------------------------------------------------------- Chromium


@dataclass
class PageLog:
    """What a page did that a test may want to fail on."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    ignore_console_from: set[str] = field(default_factory=set)

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, one line each."""
        return self.console_errors + self.page_errors


def _same_origin(url: str, origin: str) -> bool:
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _watch(context: Any, log: PageLog) -> None:
    """Abort and record every request that leaves the test server."""

    def route(route: Any) -> None:
        url = route.request.url
        scheme = urlsplit(url).scheme
        if scheme in {"data", "blob", "about"} or _same_origin(url, log.origin):
            route.continue_()
        else:
            log.outside_requests.append(url)
            route.abort()

    context.route("**/*", route)

    def on_console(msg: Any) -> None:
        if msg.type != "error":
            return
        where = msg.location.get("url", "") if msg.location else ""
        if where in log.ignore_console_from:
            return
        log.console_errors.append(f"{where}: {msg.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.failed_responses.append(f"{response.status} {response.url}")

    def on_page(page: Any) -> None:
        page.on("console", on_console)
        page.on("pageerror", lambda exc: log.page_errors.append(f"{page.url}: {exc}"))
        page.on("response", on_response)

    context.on("page", on_page)


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:180]


@dataclass
class Browsing:
    """One test's pages: open more with :meth:`new_page`; all share one log."""

    browser: Any
    log: PageLog
    contexts: list[Any] = field(default_factory=list)
    pages: list[Any] = field(default_factory=list)

    def new_page(self, **context_args: Any) -> Any:
        context = self.browser.new_context(**context_args)
        _watch(context, self.log)
        self.contexts.append(context)
        page = context.new_page()
        self.pages.append(page)
        return page


@pytest.fixture
def browsing(request: pytest.FixtureRequest, browser: Any, site: Site) -> Iterator[Browsing]:
    """Fresh contexts; fails the test on outside requests, screenshots on failure."""
    session = Browsing(browser=browser, log=PageLog(origin=site.url))
    yield session
    try:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = _artifact_name(request.node.nodeid)
            for n, page in enumerate(session.pages):
                if not page.is_closed():
                    suffix = f"-{n}" if n else ""
                    page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
    finally:
        for context in session.contexts:
            context.close()
    if session.log.outside_requests:
        pytest.fail("requests left 127.0.0.1:\n  " + "\n  ".join(session.log.outside_requests))


@pytest.fixture
def page(browsing: Browsing) -> Any:
    """A desktop-sized page (1280x800) in a fresh context."""
    return browsing.new_page(viewport={"width": 1280, "height": 800})


@pytest.fixture
def page_log(browsing: Browsing) -> PageLog:
    return browsing.log


@pytest.fixture
def new_page(browsing: Browsing) -> Callable[..., Any]:
    """Open another page, with its own context arguments (viewport, bypass_csp...)."""
    return browsing.new_page


# --------------------------------------------------------------------------- page types

# One page of each type in the real content (SPEC section 3 URL layout).
PAGE_TYPES = {
    "home": "",
    "record": "records/2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada/",
    "unit": "units/polres-probolinggo-kota/",
    "units index": "units/",
    "dates index": "dates/",
    "month": "dates/2024-08/",
    "date": "dates/2024-08-02/",
    "data": "data/",
    "codebook": "codebook/",
    "changelog": "changelog/",
    "search": "search/",
    "elections index": "elections/",
    "election": "elections/pilkada-2024/",
    "region": "regions/35.74/",
    "operation": "operations/operasi-mantap-praja-semeru-2024/",
    "people index": "people/",
    "person": "people/oki-ahadian-purwono/",
    "about": "about/",
    "records table": "records/",
    "empty month": "dates/2024-01/",
}
# The English site has the same layout under en/; the one 404 page serves both.
PAGE_TYPES.update({f"en {kind}": f"en/{path}" for kind, path in list(PAGE_TYPES.items())})
PAGE_TYPES["404"] = "404.html"


@pytest.fixture(scope="session")
def page_types(site: Site) -> dict[str, str]:
    """Page type -> absolute URL of one page of that type; each one is built."""
    urls = {}
    for kind, path in PAGE_TYPES.items():
        file = site.root / (path + "index.html" if path.endswith("/") or not path else path)
        assert file.is_file(), f"{kind}: {file} was not built"
        urls[kind] = site.page(path)
    return urls
