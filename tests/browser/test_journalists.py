"""What a journalist on deadline and a reader on a phone do (issue #15), in Chromium.

Who publishes the data and how current it is, a filtered view shared as a link and
downloaded as CSV, an empty month, and pages that fit a 390 px screen. Screenshots of
the main page types at both widths are saved under tests/artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from .conftest import ARTIFACTS, PAGE_TYPES

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
SCREENSHOTS = ARTIFACTS / "screenshots"

KOTA_2024 = "records/?unit=polres-probolinggo-kota&from=2024-01-01&to=2024-12-31"
"""Every activity of Polres Probolinggo Kota in 2024: the question of the issue."""


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_the_about_page_is_linked_from_every_page(
    new_page: Any, page_types: dict[str, str], kind: str
) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_types[kind])
    english = kind.startswith("en ")
    name = "About" if english else "Tentang"
    link = page.get_by_role("navigation").get_by_role("link", name=name, exact=True)
    link.click()
    page.wait_for_url("**/en/about/" if english else "**/about/")
    heading = "About this data" if english else "Tentang data ini"
    assert page.locator("h1").inner_text() == heading
    text = page.locator("main").inner_text()
    assert "Pemilu Aman Data" in text  # who publishes
    assert ("news reports" in text) if english else ("pemberitaan media" in text)


def test_home_states_scope_and_sample_first(new_page: Any, site: Any) -> None:
    page = new_page(viewport={"width": 390, "height": 800})
    page.goto(site.page(""))
    lead = page.locator("main p.lead").inner_text()
    assert lead.startswith("5 catatan kegiatan")
    assert "bukan data resmi" in lead


def _rows(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#record-rows tr", "rows => rows.map(r => Array.from(r.cells, c => c.innerText))"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_a_filtered_view_is_shared_by_its_address_and_downloads_as_csv(
    new_page: Any, page_log: Any, site: Any, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    page.goto(site.page(KOTA_2024))  # the link a colleague sent
    page.locator("#record-count").filter(has_text="2 catatan kegiatan").wait_for()
    rows = _rows(page)
    assert [row[0] for row in rows] == ["2024-10-17", "2024-08-02"]
    assert page.locator("#f-unit").input_value() == "polres-probolinggo-kota"
    assert page.locator("#record-pager").is_hidden()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh hasil saringan ini (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in table] == [
        "2024-10-17-polres-probolinggo-kota-patroli-polisi-rw",
        "2024-08-02-polres-probolinggo-kota-simulasi-sispamkota-pilkada",
    ]
    assert all(row["url"].startswith(site.url) for row in table)
    page.screenshot(path=str(_shot("records-filtered", width)), full_page=True)
    assert page_log.errors() == []


def test_the_form_changes_the_address_and_a_unit_includes_the_units_under_it(
    new_page: Any, site: Any
) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.page("records/"))
    page.locator("#f-unit").select_option("polda-jatim")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**/records/?unit=polda-jatim")
    page.locator("#record-count").filter(has_text="5 catatan kegiatan").wait_for()
    assert len(_rows(page)) == 5  # every Polres is under Polda Jawa Timur


def test_no_match_says_zero_plainly(new_page: Any, site: Any) -> None:
    page = new_page(viewport={"width": 390, "height": 800})
    page.goto(site.page("records/?to=2023-01-01"))
    count = page.locator("#record-count")
    count.filter(has_text="Tidak ada catatan kegiatan yang cocok").wait_for()
    assert _rows(page) == []


def test_without_javascript_the_table_is_plain_and_complete(new_page: Any, site: Any) -> None:
    page = new_page(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page.goto(site.page("records/"))
    assert page.locator("#record-filter").is_hidden()
    assert len(_rows(page)) == 5


def test_an_empty_month_has_a_page_that_says_so(new_page: Any, site: Any) -> None:
    page = new_page(viewport={"width": 390, "height": 800})
    response = page.goto(site.page("dates/2024-01/"))
    assert response is not None
    assert response.status == 200
    assert "Tidak ada kegiatan yang tercatat pada bulan ini." in page.locator("main").inner_text()
    page.get_by_role("link", name="Februari 2024 →").click()
    page.wait_for_url("**/dates/2024-02/")


def test_a_record_says_when_it_was_added_and_how_to_cite_it(new_page: Any, site: Any) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.page("records/2024-10-17-polres-probolinggo-kota-patroli-polisi-rw/"))
    main = page.locator("main").inner_text()
    assert "tanggal akses" not in main  # no placeholder: an instruction instead
    assert "diakses" in main
    assert "2024-10-18T08:32" not in main  # the source's time in words
    assert "pukul 08.32" in main


def _shot(name: str, width: int) -> Any:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}-{width}.png"


MAIN_PAGES = {
    "home": "",
    "records": "records/",
    "record": PAGE_TYPES["record"],
    "unit": PAGE_TYPES["unit"],
    "downloads": "data/",
    "about": "about/",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_screenshots_of_the_main_pages(new_page: Any, site: Any, name: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(site.page(MAIN_PAGES[name]))
    path = _shot(name, width)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const over = [];
  if (document.documentElement.scrollWidth > width) over.push('page ' +
      document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('svg.chart, table')) {
    const box = (el.closest('.table-wrap') || el).getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) over.push(el.tagName + ' ' + box.right);
  }
  return over;
}
"""


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_nothing_overflows_a_phone(new_page: Any, page_types: dict[str, str], kind: str) -> None:
    page = new_page(viewport={"width": 390, "height": 800})
    page.goto(page_types[kind])
    for details in page.locator("details").all():  # the numbers and quotes, opened
        details.evaluate("el => el.open = true")
    assert page.evaluate(OVERFLOW_JS) == []
