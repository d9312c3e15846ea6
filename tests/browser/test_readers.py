"""What a reader does: search, switch language, read on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTIFACTS, CONTENT

pytestmark = pytest.mark.browser

SISPAMKOTA = "records/2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada/"
DIALOGIS = "records/2023-12-07-polres-probolinggo-patroli-dialogis-masa-kampanye/"


def search(page: Any, site: Any, prefix: str, query: str) -> tuple[str, list[str]]:
    page.goto(site.page(f"{prefix}search/?q={query}"))
    status = page.locator("#search-status")
    status.filter(has_not_text="…").filter(has_text=query).wait_for()
    hrefs = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.pathname)")
    return status.inner_text(), hrefs


@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        ("", "Polres Probolinggo Kota", "units/polres-probolinggo-kota/"),
        ("", "Sispamkota", SISPAMKOTA),
        ("", "hoaks", DIALOGIS),
        ("en/", "Polres Probolinggo Kota", "units/polres-probolinggo-kota/"),
        ("en/", "Sispamkota", SISPAMKOTA),
        ("en/", "hoax", DIALOGIS),
    ],
)
def test_search_finds_real_records(
    page: Any, page_log: Any, site: Any, prefix: str, query: str, expected: str
) -> None:
    status, hrefs = search(page, site, prefix, query)
    assert f"/{prefix}{expected}" in hrefs, (status, hrefs)
    assert all(h.startswith(f"/{prefix}") for h in hrefs)
    assert page_log.errors() == []


def test_search_ranks_records_first_and_shows_date_unit_and_kind(page: Any, site: Any) -> None:
    # Issue #15 item 7: record pages above listings; each record's kind, date and unit shown.
    page.goto(site.page("search/?q=Polres Probolinggo Kota"))
    page.locator("#search-results li").first.wait_for()
    hrefs = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.pathname)")
    kinds = ["record" if h.startswith("/records/") else "other" for h in hrefs]
    assert "record" in kinds, hrefs
    assert "other" in kinds, hrefs
    assert kinds == sorted(kinds, key=lambda k: k != "record"), hrefs
    record = page.locator("#search-results li").filter(
        has=page.locator(f'a[href$="/{SISPAMKOTA}"]')
    )
    facts = record.locator(".meta").inner_text().split(" · ")
    assert facts[1:] == ["Simulasi", "Jumat, 2 Agustus 2024", "Polres Probolinggo Kota"], facts


@pytest.fixture(scope="module")
def forty_records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Forty generated records: enough results for a second page of search."""
    from benchmarks.synth import make_content
    from generator.build import build_site
    from tests.serving import serve

    content = tmp_path_factory.mktemp("forty") / "content"
    make_content(content, 40)
    out = content.parent / "site"
    with serve(out) as url:
        build_site(content, out, site_url=url)
        yield url


def test_search_results_come_ten_a_page_with_shareable_pages(
    browser: Any, forty_records: str
) -> None:
    context = browser.new_context()  # this site has its own origin
    page = context.new_page()
    page.goto(f"{forty_records}/search/?q=patroli")
    page.locator("#search-results li").first.wait_for()
    total = int(page.locator("#search-status").inner_text().split()[0])
    first = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.pathname)")
    assert total > 10, total
    assert len(first) == 10, first
    pages = page.get_by_role("navigation", name="Halaman")
    assert "Sebelumnya" not in pages.inner_text()
    pages.get_by_role("link", name="Berikutnya →").click()
    page.wait_for_url("**/search/?q=patroli&page=2")
    page.locator("#search-results li").first.wait_for()
    second = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.pathname)")
    assert len(second) == min(10, total - 10)
    assert not set(first) & set(second)
    assert pages.get_by_role("link", name="← Sebelumnya").is_visible()
    context.close()


def test_search_without_hits_says_so(page: Any, site: Any) -> None:
    status, hrefs = search(page, site, "", "zzzqqq")
    assert hrefs == []
    assert status == "Tidak ada hasil untuk “zzzqqq”."


def test_search_box_on_every_page_leads_to_results(page: Any, site: Any) -> None:
    page.goto(site.page(SISPAMKOTA))
    page.get_by_role("searchbox", name="Cari").fill("Sispamkota")
    page.get_by_role("search").get_by_role("button", name="Cari").click()
    page.locator("#search-results a").first.wait_for()
    assert page.url.endswith("/search/?q=Sispamkota")


def test_search_from_a_file_says_why_and_offers_indexes(browser: Any, site: Any) -> None:
    context = browser.new_context()  # no 127.0.0.1-only route: this page is a file
    page = context.new_page()
    page.goto((site.root / "search" / "index.html").as_uri() + "?q=Sispamkota")
    offline = page.locator("#search-offline")
    offline.wait_for()
    assert "file://" in offline.inner_text()
    links = offline.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(Path(site.root / "search", link).resolve().is_file() for link in links), links
    context.close()


def test_language_switch_and_hreflang(page: Any, page_log: Any, site: Any) -> None:
    page.goto(site.page(SISPAMKOTA))
    assert page.locator("html").get_attribute("lang") == "id"
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "els => els.map(e => [e.hreflang, e.href])"
    )
    assert sorted(a[0] for a in alternates) == ["en", "id"]
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/{SISPAMKOTA}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="What is uncertain").is_visible()
    assert "Friday, 2 August 2024" in page.inner_text("main")
    assert "days before voting day" in page.inner_text("main")
    page.get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_url(f"**/{SISPAMKOTA}")
    assert page.get_by_role("heading", name="Hal yang belum pasti").is_visible()
    assert page_log.errors() == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", ""),
        ("record", SISPAMKOTA),
        ("unit", "units/polres-probolinggo-kota/"),
    ],
)
def test_screenshots_for_people(new_page: Any, site: Any, name: str, path: str, width: int) -> None:
    """Saved under tests/artifacts/screenshots/ for a person to look at."""
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(site.page(path))
    target = ARTIFACTS / "screenshots" / f"{name}-{width}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real content with a search shard per unit: seven shards to merge."""
    from generator.build import build_site
    from generator.config import read_config
    from tests.serving import serve

    out = tmp_path_factory.mktemp("sharded") / "site"
    with serve(out) as url:
        build_site(CONTENT, out, config=replace(read_config(url), pages_per_shard=1))
        yield out, url


@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        ("", "Sispamkota", SISPAMKOTA),
        ("", "hoaks", DIALOGIS),
        ("en/", "Polres Probolinggo Kota", "units/polres-probolinggo-kota/"),
    ],
)
def test_search_merges_every_shard(
    browser: Any, sharded_site: tuple[Path, str], prefix: str, query: str, expected: str
) -> None:
    root, url = sharded_site
    assert len(list((root / "pagefind").glob("shard-*/pagefind-entry.json"))) >= 3
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
        page.goto(f"{url}/{prefix}search/?q={query}")
        page.locator("#search-status").filter(has_not_text="…").filter(has_text=query).wait_for()
        hrefs = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.pathname)")
    finally:
        context.close()
    assert f"/{prefix}{expected}" in hrefs, hrefs
    assert errors == []
    assert outside == []


KODIM = "records/2023-11-16-kodim-0820-patroli-gabungan-penyelenggara-pemilu/"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_date_evidence_opens_and_shows_the_quote(
    new_page: Any, page_log: Any, site: Any, width: int
) -> None:
    # Issue #14: a reader checks a claim against the source's own words in one click,
    # without JavaScript (a <details> disclosure).
    page = new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.goto(site.page(KODIM))
    date_row = page.locator("dl.fields > div").filter(has=page.locator("dt", has_text="Tanggal"))
    quote = date_row.locator("details.evidence blockquote").first
    assert not quote.is_visible()
    date_row.locator("details.evidence summary").first.click()
    assert quote.is_visible()
    assert "Kamis (16/11)" in quote.inner_text()
    assert "Sumber 1" in date_row.locator("details.evidence footer").first.inner_text()
    assert "(tanggal kegiatan, tahun disimpulkan)" in date_row.inner_text()
    assert "tanggal pasti" not in date_row.inner_text()
    units = page.locator("dl.fields > div").filter(
        has=page.locator("dt", has_text="Satuan yang terlibat")
    )
    assert "ikut serta" in units.inner_text()
    assert "memimpin" not in units.inner_text()
    assert page_log.errors() == []


def test_english_pages_mark_text_that_exists_only_in_indonesian(page: Any, site: Any) -> None:
    # Issue #15 item 8: activity names, notes, positions and quotes are not translated;
    # English pages say so, in the markup (lang="id") and with a visible "ID" mark.
    def language_of(selector: str) -> list[str]:
        return list(
            page.eval_on_selector_all(selector, "els => els.map(e => e.closest('[lang]').lang)")
        )

    page.goto(site.page(f"en/{DIALOGIS}"))
    assert language_of("h1 span") == ["id"]
    assert page.locator("h1 abbr.only-id").inner_text() == "ID"
    assert set(language_of("details.evidence blockquote p")) == {"id"}
    assert set(language_of("details.evidence blockquote footer")) == {"en"}
    assert "marks text that exists only in Indonesian" in page.inner_text("main")
    page.goto(site.page("en/records/?unit=polres-probolinggo"))  # rows drawn by records.js
    page.locator("#record-count").filter(has_text="1 record").wait_for()
    assert set(language_of("#record-rows td:nth-child(2) a")) == {"id"}
    page.goto(site.page(DIALOGIS))
    assert page.locator(".only-id").count() == 0
    assert language_of("h1") == ["id"]
