"""Fixtures of the XSS suite: hostile content, its site (built and served), one Chromium crawl.

Self-contained on purpose (no fixture from ``tests/browser/``): the hostile site
is built once a session, served on 127.0.0.1, and every HTML page is loaded
once in Chromium; the tests then assert on what that crawl saw.

The crawl uses ``bypass_csp=True``: the theme's Content-Security-Policy would
block inline scripts and event handlers, and hide an escaping bug behind it.
The policy is a second line of defence; this suite tests the first (escaping
and sanitising), so a payload that got through would show as a dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.serving import serve, url_of

from .hostile_content import HostileContent, write_hostile_content

SETTLE_MS = 50
"""Time after ``load`` for asynchronous handlers (autofocus/onfocus, ontoggle) to fire."""

# Elements and attributes the theme never uses; an injected one is reported.
# Exclusions, each matched exactly: the theme's <script type="application/ld+json">,
# <link rel=icon|stylesheet|alternate>, <meta http-equiv="Content-Security-Policy">,
# the search forms (role=search, action .../search/, input q, submit button), the
# search page's deferred script theme/search.js and its <noscript>, and charts
# (<svg class="chart" role="img">) with their tables (<details class="chart-table">), and
# the evidence disclosures of a record's details (<details class="evidence">, no other
# attribute).
INSPECT_JS = r"""
() => {
  const problems = [];
  const show = (el) => el.outerHTML.slice(0, 200);
  const theme = new Set();
  for (const f of document.querySelectorAll('form[role="search"][method="get"]')) {
    if (!/(^|\/)search\/$/.test(f.getAttribute('action') || '')) continue;
    theme.add(f);
    for (const c of f.querySelectorAll('input[type="search"][name="q"], button[type="submit"]')) {
      theme.add(c);
    }
  }
  for (const el of document.querySelectorAll('script[src][defer]:not([type])')) {
    if (/(^|\/)theme\/(search|records|copy)\.js$/.test(el.getAttribute('src') || '')) theme.add(el);
  }
  for (const f of document.querySelectorAll('form#record-filter[method="get"]')) {
    if (!/(^|\/)records\/$/.test(f.getAttribute('action') || '')) continue;
    theme.add(f);
    const controls = 'select[id^="f-"], input[id^="f-"], button[type="submit"]';
    for (const c of f.querySelectorAll(controls)) theme.add(c);
  }
  const copy = 'button.copy[type="button"][data-copy="dataset-citation"]';
  for (const b of document.querySelectorAll(copy)) theme.add(b);
  for (const el of document.querySelectorAll('#search > noscript')) theme.add(el);
  for (const el of document.querySelectorAll('svg.chart[role="img"]')) theme.add(el);
  for (const el of document.querySelectorAll('details.chart-table')) theme.add(el);
  for (const el of document.querySelectorAll('dl.fields dd details.evidence')) {
    if (el.attributes.length === 1) theme.add(el);
  }
  const forbidden = [
    'script:not([type="application/ld+json"])', 'iframe', 'frame', 'frameset', 'object',
    'embed', 'applet', 'svg', 'math', 'img', 'picture', 'video', 'audio', 'source', 'track',
    'form', 'input', 'button', 'textarea', 'select', 'base', 'style', 'noscript', 'template',
    'marquee', 'details', 'dialog', 'portal',
    'meta[http-equiv]:not([http-equiv="Content-Security-Policy"])',
  ].join(', ');
  for (const el of document.querySelectorAll(forbidden)) {
    if (!theme.has(el)) problems.push('element: ' + show(el));
  }
  for (const el of document.querySelectorAll('link')) {
    const rel = (el.getAttribute('rel') || '').trim().toLowerCase();
    if (!['icon', 'stylesheet', 'alternate'].includes(rel)) problems.push('link: ' + show(el));
  }
  const badAttrs = ['srcdoc', 'formaction', 'action', 'style', 'autofocus', 'xlink:href',
                    'background', 'poster', 'ping', 'srcset', 'open', 'contenteditable'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (n === 'action' && theme.has(el)) continue;
      if (n.startsWith('on') || badAttrs.includes(n)) problems.push(`attribute ${n}: ` + show(el));
    }
    for (const n of ['href', 'src', 'data', 'action', 'formaction', 'cite']) {
      if (!el.hasAttribute(n)) continue;
      const raw = el.getAttribute(n);
      if (el.tagName === 'LINK' && el.getAttribute('rel') === 'icon' && raw === 'data:,') continue;
      let protocol;
      try { protocol = new URL(raw, document.baseURI).protocol; }
      catch (e) { protocol = 'invalid'; }
      if (!['http:', 'https:', 'mailto:'].includes(protocol)) {
        problems.push(`${n} with protocol ${protocol}: ` + show(el));
      }
    }
  }
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); }
    catch (e) { problems.push('JSON-LD does not parse: ' + s.textContent.slice(0, 200)); }
  }
  if (window.__xss !== undefined) problems.push('window.__xss was set');
  // Checked above while closed; now opened as a reader opens them, to read what they hold.
  for (const el of document.querySelectorAll('details.evidence')) el.open = true;
  const text = (sel) => {
    const el = document.querySelector(sel);
    return el ? el.innerText : null;
  };
  const meta = document.querySelector('meta[name="description"]');
  return {
    problems,
    main: text('main'),
    summary: text('main .summary'),
    summaryEn: text('main [lang="en"]'),
    title: document.title,
    description: meta ? meta.getAttribute('content') : null,
  };
}
"""


@dataclass(frozen=True)
class HostileSite:
    root: Path
    url: str  # no trailing slash
    content: HostileContent

    def record_url(self, record_id: str) -> str:
        return f"{self.url}/records/{record_id}/"


@dataclass
class PageVisit:
    url: str
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    main: str | None = None
    summary: str | None = None
    summary_en: str | None = None
    title: str = ""
    description: str | None = None


@dataclass
class Crawl:
    visits: dict[str, PageVisit]
    outside_requests: list[str]

    @property
    def dialogs(self) -> list[str]:
        return [f"{v.url}: {d}" for v in self.visits.values() for d in v.dialogs]


def crawl_pages(browser: Any, root: Path, url: str) -> Crawl:
    """Load every ``*.html`` under ``root`` (served at ``url``) once in Chromium."""
    origin = urlsplit(url)
    visits: dict[str, PageVisit] = {}
    outside: list[str] = []
    current: list[PageVisit] = []

    def on_dialog(dialog: Any) -> None:
        current[-1].dialogs.append(f"{dialog.type}({dialog.message!r})")
        dialog.dismiss()

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme == "data":
            return
        if (parts.scheme, parts.hostname, parts.port) != (
            origin.scheme,
            origin.hostname,
            origin.port,
        ):
            outside.append(f"{current[-1].url if current else '?'} -> {request.url}")

    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.on("dialog", on_dialog)
        page.on("request", on_request)
        page.on("pageerror", lambda exc: current[-1].page_errors.append(str(exc)))
        for file in sorted(root.rglob("*.html")):
            visit = PageVisit(url=url_of(root, url, file))
            current.append(visit)
            page.goto(visit.url, wait_until="load", timeout=15_000)
            page.wait_for_timeout(SETTLE_MS)
            if page.url != visit.url:
                visit.problems.append(f"navigated away to {page.url}")
            seen = page.evaluate(INSPECT_JS)
            visit.problems += seen["problems"]
            visit.main, visit.summary = seen["main"], seen["summary"]
            visit.summary_en, visit.title = seen["summaryEn"], seen["title"]
            visit.description = seen["description"]
            visits[visit.url] = visit
    finally:
        context.close()
    return Crawl(visits=visits, outside_requests=outside)


@pytest.fixture(scope="session")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> HostileContent:
    """A copy of content/ with every payload in every free-text field."""
    return write_hostile_content(tmp_path_factory.mktemp("hostile") / "content")


@pytest.fixture(scope="session")
def hostile_site(
    hostile_content: HostileContent, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HostileSite]:
    """The hostile content built with its real address and served on 127.0.0.1."""
    from generator.build import build_site

    out = tmp_path_factory.mktemp("hostile-site") / "site"
    with serve(out) as url:
        build_site(hostile_content.path, out, site_url=url)
        yield HostileSite(root=out, url=url, content=hostile_content)


@pytest.fixture(scope="session")
def crawl(browser: Any, hostile_site: HostileSite) -> Crawl:
    """Every HTML page of the hostile site, loaded once; every dialog dismissed and counted."""
    return crawl_pages(browser, hostile_site.root, hostile_site.url)
