"""XSS suite in Chromium: every page of the hostile site, loaded once (see ``conftest.crawl``).

Zero dialogs, zero uncaught script errors, zero injected elements, attributes
or non-http(s) links in the DOM, and the payloads shown to the reader as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.serving import serve

from .conftest import Crawl, HostileSite, crawl_pages
from .hostile_content import RECORD_PAGE_FIELDS
from .payloads import PAYLOADS
from .scan import normalise

pytestmark = pytest.mark.browser

# A page with the injections this suite looks for, under the theme's kind of CSP: the
# crawl must report every one, or a clean result above would mean nothing.
CANARY = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<title>canary</title></head><body><main>
<script>alert('script')</script>
<img src=x onerror="alert('img')">
<svg onload="alert('svg')"></svg>
<details open ontoggle="alert('details')"></details>
<input autofocus onfocus="alert('focus')">
<a href="java&#9;script:alert('link')">x</a>
</main></body></html>
"""


def test_the_crawl_catches_what_it_looks_for(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "canary.html").write_text(CANARY, encoding="utf-8")
    with serve(tmp_path) as url:
        result = crawl_pages(browser, tmp_path, url)
    (visit,) = result.visits.values()
    fired = " ".join(visit.dialogs)
    for name in ("script", "img", "svg", "details"):
        assert f"'{name}'" in fired, (name, visit.dialogs)
    problems = "\n".join(visit.problems)
    for needle in (
        "element: <script",
        "element: <img",
        "element: <svg",
        "attribute onerror",
        "attribute ontoggle",
        "attribute onfocus",
        "href with protocol javascript:",
    ):
        assert needle in problems, (needle, problems)


def test_every_html_page_was_loaded(hostile_site: HostileSite, crawl: Crawl) -> None:
    files = sorted(hostile_site.root.rglob("*.html"))
    assert len(crawl.visits) == len(files)
    for record in hostile_site.content.records.values():
        assert hostile_site.record_url(record.id) in crawl.visits, record.id
    dialogs = crawl.dialogs
    problems = sum(len(v.problems) for v in crawl.visits.values())
    print(
        f"\nXSS crawl: {len(PAYLOADS)} payloads, {len(hostile_site.content.records)} hostile "
        f"records, {len(crawl.visits)} pages loaded, {len(dialogs)} dialogs, "
        f"{problems} injected elements/attributes/URLs"
    )


def test_no_dialog_fires_on_any_page(crawl: Crawl) -> None:
    assert crawl.dialogs == [], "dialogs:\n" + "\n".join(crawl.dialogs)


def test_no_script_runs_or_fails_on_any_page(crawl: Crawl) -> None:
    errors = [f"{v.url}: {e}" for v in crawl.visits.values() for e in v.page_errors]
    assert errors == [], "uncaught script errors:\n" + "\n".join(errors)


def test_no_injected_element_attribute_or_url_in_the_dom(crawl: Crawl) -> None:
    problems = [f"{v.url}: {p}" for v in crawl.visits.values() for p in v.problems]
    assert problems == [], "\n".join(problems)


def test_no_request_leaves_the_site(crawl: Crawl) -> None:
    assert crawl.outside_requests == [], "\n".join(crawl.outside_requests)


def test_each_field_shows_its_payload_as_text(hostile_site: HostileSite, crawl: Crawl) -> None:
    """Text-check records: ``«field» payload`` is visible, verbatim, for every field."""
    missing = []
    records = hostile_site.content.text_check_records()
    assert records
    for record in records:
        visit = crawl.visits[hostile_site.record_url(record.id)]
        main = normalise(visit.main)
        for field_name in RECORD_PAGE_FIELDS:
            expected = normalise(record.text(field_name))
            if expected not in main:
                missing.append(f"{record.id}: {field_name}: {expected!r} not shown in <main>")
        withdrawn = crawl.visits[hostile_site.record_url(record.withdrawal["id"])]
        if normalise(record.withdrawal["reason"]) not in normalise(withdrawn.main):
            missing.append(
                f"{record.withdrawal['id']}: withdrawn.reason "
                f"{record.withdrawal['reason']!r} not shown in <main>"
            )
        if normalise(record.text("activity")) not in normalise(visit.title):
            missing.append(f"{record.id}: <title> {visit.title!r} lacks the activity")
        if normalise(record.text("summary")) not in normalise(visit.description):
            missing.append(f"{record.id}: meta description {visit.description!r} lacks the summary")
    assert missing == [], "\n".join(missing)


def test_every_payload_is_shown_as_text(hostile_site: HostileSite, crawl: Crawl) -> None:
    """Plain-text fields show every payload verbatim; the Markdown summaries show raw HTML
    as text (``markdown_literal`` payloads), neither dropped nor rendered."""
    missing = []
    literal = {p.key for p in PAYLOADS if p.markdown_literal}
    for record in hostile_site.content.payload_records():
        visit = crawl.visits[hostile_site.record_url(record.id)]
        expected = normalise(record.payload)
        if expected not in normalise(visit.main):
            missing.append(f"{record.key}: {expected!r} not shown in <main>")
        if expected not in normalise(visit.title):
            missing.append(f"{record.key}: {expected!r} not in <title> {visit.title!r}")
        withdrawn = crawl.visits[hostile_site.record_url(record.withdrawal["id"])]
        if expected not in normalise(withdrawn.main):
            missing.append(f"{record.key}: {expected!r} not shown on the withdrawn page")
        if record.key in literal:
            for where, text in (
                ("summary (main .summary)", visit.summary),
                ("summary_en (main [lang=en])", visit.summary_en),
            ):
                if text is None:
                    missing.append(f"{record.key}: no {where} section found")
                elif expected not in normalise(text):
                    missing.append(
                        f"{record.key}: {where} shows {normalise(text)!r}, not {expected!r}"
                    )
    assert missing == [], "\n".join(missing)
