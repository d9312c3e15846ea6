"""A reader's walk through the real site in Chromium, and page-level checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

RECORD_TITLE = "Simulasi Sispamkota (sistem pengamanan kota) Pilkada serentak 2024"
UNIT = "Polres Probolinggo Kota"
LONG_DATE = "Jumat, 2 Agustus 2024"
MONTH = "Agustus 2024"

pytestmark = pytest.mark.browser


def _link(page: Any, name: str) -> Any:
    """The one link in the main content with exactly this visible text."""
    return page.locator("main").get_by_role("link", name=name, exact=True)


def _no_trouble(log: Any) -> None:
    assert log.errors() == [], "console errors:\n" + "\n".join(log.errors())
    assert log.outside_requests == [], "outside requests:\n" + "\n".join(log.outside_requests)
    assert log.failed_responses == [], "failed responses:\n" + "\n".join(log.failed_responses)


def test_walk_home_unit_record_dates(page: Any, page_log: Any, site: Any) -> None:
    # Home
    page.goto(site.page("/"))
    expect(page.locator("h1")).to_have_text("Data Pengamanan Pemilu")
    expect(page.get_by_role("heading", name="Kegiatan terbaru")).to_be_visible()

    # -> units index (main navigation) -> the unit
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Satuan", exact=True
    ).click()
    expect(page).to_have_url(site.page("units/"))
    expect(page.locator("h1")).to_have_text("Satuan")
    _link(page, UNIT).click()
    expect(page).to_have_url(site.page("units/polres-probolinggo-kota/"))
    expect(page.locator("h1")).to_have_text(UNIT)
    expect(page.locator("main")).to_contain_text("Jumlah catatan kegiatan")

    # -> a record of that unit
    _link(page, RECORD_TITLE).click()
    expect(page).to_have_url(
        site.page("records/2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada/")
    )
    expect(page.locator("h1")).to_have_text(RECORD_TITLE)
    expect(page.get_by_role("heading", name="Hal yang belum pasti")).to_be_visible()
    expect(page.locator("main time").first).to_have_text(LONG_DATE)
    expect(page.get_by_role("heading", name="Sumber")).to_be_visible()
    expect(page.locator("main")).to_contain_text("lebih dari 300 personel")

    # -> the date archive -> a month -> a date
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Tanggal", exact=True
    ).click()
    expect(page).to_have_url(site.page("dates/"))
    expect(page.locator("h1")).to_have_text("Arsip menurut tanggal")
    _link(page, MONTH).click()
    expect(page).to_have_url(site.page("dates/2024-08/"))
    expect(page.locator("h1")).to_have_text(MONTH)
    _link(page, LONG_DATE).click()
    expect(page).to_have_url(site.page("dates/2024-08-02/"))
    expect(page.locator("h1")).to_have_text(LONG_DATE)
    expect(_link(page, RECORD_TITLE)).to_be_visible()

    # ... and back to the record from the date page
    _link(page, RECORD_TITLE).click()
    expect(page.locator("h1")).to_have_text(RECORD_TITLE)

    _no_trouble(page_log)


def test_404_page_renders(page: Any, page_log: Any, site: Any) -> None:
    response = page.goto(site.page("404.html"))
    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_have_text("Halaman tidak ditemukan")
    expect(_link(page, "beranda")).to_be_visible()
    _no_trouble(page_log)


def test_404_page_works_at_any_depth(page: Any, page_log: Any, site: Any) -> None:
    """Static hosts serve 404.html at the missing address itself, at any depth.

    Its stylesheet and every link must therefore not be relative to 404.html's
    own folder: a ``./theme/style.css`` at ``/records/tidak-ada/`` asks for
    ``/records/tidak-ada/theme/style.css``.
    """
    missing = site.page("records/tidak-ada/sama-sekali/")
    page_log.ignore_console_from.add(missing)  # the 404 of the document itself
    response = page.goto(missing)
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Halaman tidak ditemukan")

    problems = []
    sheets = page.evaluate(
        "() => [...document.styleSheets].map(s => {"
        " try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, -1]; } })"
    )
    if not sheets:
        problems.append("no stylesheet")
    problems += [f"stylesheet not applied: {href}" for href, n in sheets if n <= 0]
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    for href in dict.fromkeys(hrefs):
        if href.startswith(site.url) and "#" not in href:
            status = page.request.get(href).status
            if status != 200:
                problems.append(f"link {href} answers {status}")
    problems += [f"request failed: {r}" for r in page_log.failed_responses if r != f"404 {missing}"]
    assert problems == [], (
        "404 page served at a nested address has broken references:\n  " + "\n  ".join(problems)
    )
    assert page_log.outside_requests == []
    assert page_log.errors() == []


def test_every_page_type_has_one_h1(page: Any, page_types: dict[str, str]) -> None:
    counts = {}
    for kind, url in page_types.items():
        page.goto(url)
        counts[kind] = page.locator("h1").count()
    assert {k: n for k, n in counts.items() if n != 1} == {}, counts


def test_every_built_page_has_one_h1(page: Any, site: Any) -> None:
    wrong = {}
    for file in site.html_files():
        page.goto(site.url_of(file))
        n = page.locator("h1").count()
        if n != 1:
            wrong[file.relative_to(site.root).as_posix()] = n
    assert wrong == {}, f"pages without exactly one h1: {wrong}"


def test_readable_at_390px_without_horizontal_scroll(
    new_page: Callable[..., Any], page_log: Any, site: Any
) -> None:
    page = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    too_wide = {}
    for file in site.html_files():
        page.goto(site.url_of(file))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[file.relative_to(site.root).as_posix()] = width
        font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 14, f"{file}: body text {font}px is too small for a phone"
    assert too_wide == {}, f"pages wider than 390px (scrollWidth): {too_wide}"
    _no_trouble(page_log)
