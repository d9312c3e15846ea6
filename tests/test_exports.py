"""records.sqlite, records.xlsx and the dataset citation (issue #15), read by real tools.

Two models: the real ``content/``, and a copy with records whose text a spreadsheet
would run as a formula (the OWASP payloads of test_csv_injection.py), with a release,
so that the files' dates come from the data. The SQLite file is opened by Datasette's
own application and by pandas; the workbook by openpyxl, pandas and LibreOffice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from helpers_content import BASE, BASE_ID, CONTENT, ROOT, edit, make_site, write_record

from generator.downloads import CSV_COLUMNS, FORMULA_START, csv_row
from generator.exports import (
    UNRELEASED_DAY,
    citation_bib,
    citation_csl,
    release_date,
    sqlite_bytes,
    xlsx_bytes,
)
from generator.releases import write_release
from generator.site import SiteModel, build_model
from generator.tables import LONG_TABLES, REFERENCE_TABLES, Table
from generator.validate import validate_content

SITE_URL = "https://data.example.org"
TABLES: tuple[Table, ...] = (*LONG_TABLES, *REFERENCE_TABLES)
SHEETS = ["records", *(table.name for table in TABLES)]
RECORD_COLUMNS = [name for name, _, _ in CSV_COLUMNS]

PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "=1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\uff1d1+1",
    "\t=1+1",
    "#N/A",
    "-5",
]
"""Activities of the hostile records: formulas, an error value and a number, as text."""

NOTE_PAYLOAD = '=IMPORTXML(A1,"//a")'
TITLE_PAYLOAD = '=WEBSERVICE("http://evil.example/")'
SUMMARY_PAYLOAD = "@cmd|'/C calc'!A0 berpatroli"
RELEASE = ("2024.1", date(2024, 11, 30))


def _hostile_id(number: int) -> str:
    return f"{BASE_ID}-{number:02d}"


def _hostile_record(number: int, payload: str) -> str:
    text = edit(BASE, f"id: {BASE_ID}", f"id: {_hostile_id(number)}")
    text = edit(
        text,
        "activity: patroli dialogis menjelang pemungutan suara",
        f"activity: {json.dumps(payload)}",
    )
    text = edit(text, "  - Jam kegiatan tidak disebutkan.", f"  - {json.dumps(NOTE_PAYLOAD)}")
    text = edit(
        text,
        "title: Patroli Dialogis Menjelang Pemungutan Suara",
        f"title: {json.dumps(TITLE_PAYLOAD)}",
    )
    return edit(
        text, "Polres Probolinggo berpatroli menjelang hari pemungutan suara.", SUMMARY_PAYLOAD
    )


@pytest.fixture(scope="module")
def real() -> SiteModel:
    return build_model(validate_content(CONTENT))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SiteModel:
    content = make_site(tmp_path_factory.mktemp("hostile"), base=False)
    for number, payload in enumerate(PAYLOADS):
        write_record(content, f"{_hostile_id(number)}.md", _hostile_record(number, payload))
    write_release(content, validate_content(content), *RELEASE)
    return build_model(validate_content(content))


def _counts(model: SiteModel) -> dict[str, int]:
    """Rows each table must have, from the definitions, not from the files."""
    return {
        "records": len(model.records),
        **{table.name: sum(1 for _ in table.rows(model)) for table in TABLES},
    }


def _write(tmp_path: Path, data: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- SQLite through Datasette ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _datasette(path: Path, *requests: str) -> list[Any]:
    """The JSON of each request, answered by Datasette itself serving the file on
    127.0.0.1, as a journalist opens it (``datasette records.sqlite``)."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--immutable",
            str(path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("Datasette did not start") from None
                time.sleep(0.2)
        answers = []
        for request in requests:
            with urllib.request.urlopen(base + request, timeout=30) as response:  # noqa: S310
                assert response.status == 200, request
                answers.append(json.loads(response.read()))
        return answers
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr:
            server.stderr.close()


@pytest.fixture(scope="module")
def real_sqlite(real: SiteModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("real"), sqlite_bytes(real, SITE_URL), "records.sqlite")


@pytest.fixture(scope="module")
def hostile_sqlite(hostile: SiteModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(
        tmp_path_factory.mktemp("hostile-db"), sqlite_bytes(hostile, SITE_URL), "records.sqlite"
    )


def test_datasette_serves_every_table_with_its_rows(real: SiteModel, real_sqlite: Path) -> None:
    (database,) = _datasette(real_sqlite, "/records.json")
    tables = {table["name"]: table for table in database["tables"]}
    visible = {name for name, table in tables.items() if not table["hidden"]}
    assert visible == set(_counts(real))
    assert {name: tables[name]["count"] for name in visible} == _counts(real)
    for table in TABLES:
        assert tables[table.name]["primary_keys"] == list(table.primary_key)
    assert tables["records"]["primary_keys"] == ["id"]
    assert tables["records_fts"]["count"] == len(real.records)
    assert {view["name"] for view in database["views"]} == {"record_units_named"}


def test_datasette_reads_the_records_as_csv_row_gives_them(
    real: SiteModel, real_sqlite: Path
) -> None:
    (rows,) = _datasette(real_sqlite, "/records/records.json?_shape=array&_size=max")
    assert len(rows) == len(real.records)
    by_id = {row["id"]: row for row in rows}
    for page in real.records:
        expected = csv_row(page, SITE_URL)
        got = by_id[page.id]
        assert list(got) == ["rowid", *RECORD_COLUMNS] or list(got) == RECORD_COLUMNS
        assert {
            name: "" if got[name] is None else str(got[name]) for name in RECORD_COLUMNS
        } == expected
        assert isinstance(got["days_before_vote"], int)


def _words_of(page: Any) -> set[str]:
    row = csv_row(page, SITE_URL)
    text = " ".join(
        row[name] for name in ("id", "activity", "summary", "summary_en", "quality_notes")
    )
    return set(re.findall(r"[^\W_]+", text.lower()))


def test_datasette_searches_the_records(real: SiteModel, real_sqlite: Path) -> None:
    expected = sorted(page.id for page in real.records if "patroli" in _words_of(page))
    assert expected
    fts, sql, records = _datasette(
        real_sqlite,
        "/records/records_fts.json?_search=patroli&_shape=array&_size=max",
        "/records.json?sql=select+id+from+records_fts+where+records_fts+match+:q+order+by+id"
        "&q=patroli&_shape=array",
        # The records table itself, through the FTS table's rowids (which follow records').
        "/records/records.json?_search=patroli&_fts_table=records_fts&_fts_pk=rowid"
        "&_shape=array&_size=max",
    )
    assert sorted(row["id"] for row in fts) == expected
    assert [row["id"] for row in sql] == expected
    assert sorted(row["id"] for row in records) == expected


def test_datasette_finds_a_formula_as_words(hostile_sqlite: Path) -> None:
    (rows,) = _datasette(hostile_sqlite, "/records/records_fts.json?_search=HYPERLINK&_shape=array")
    assert [row["id"] for row in rows] == [_hostile_id(0)]
    assert rows[0]["activity"] == PAYLOADS[0]


def test_datasette_reads_the_view(real: SiteModel, real_sqlite: Path) -> None:
    (rows,) = _datasette(real_sqlite, "/records/record_units_named.json?_shape=array&_size=max")
    assert len(rows) == _counts(real)["record_units"]
    names = {unit.id: unit.name for unit in real.dataset.units.values()}
    assert all(row["unit_name"] == names[row["unit_id"]] for row in rows)


def _foreign_keys(
    connection: sqlite3.Connection, table: str
) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(referenced table, columns, referenced columns) of every foreign key of ``table``."""
    keys: dict[int, list[Any]] = {}
    for key_id, _, target, column, target_column, *_ in connection.execute(
        f"PRAGMA foreign_key_list({table})"
    ):
        keys.setdefault(key_id, []).append((target, column, target_column))
    return {
        (parts[0][0], tuple(p[1] for p in parts), tuple(p[2] for p in parts))
        for parts in keys.values()
    }


@pytest.mark.parametrize("which", ["real_sqlite", "hostile_sqlite"])
def test_sqlite_keys_hold_and_follow_the_definitions(
    which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for table in TABLES:
            assert _foreign_keys(connection, table.name) == {
                (key.table, key.columns, key.table_columns) for key in table.foreign_keys
            }
            info = connection.execute(f"PRAGMA table_info({table.name})").fetchall()
            assert [row[1] for row in info] == [column.name for column in table.columns]
            assert [row[2] for row in info] == [
                "INTEGER" if column.type == "integer" else "TEXT" for column in table.columns
            ]
            in_key = sorted((row[5], row[1]) for row in info if row[5])
            assert tuple(name for _, name in in_key) == table.primary_key
        assert {target for target, _, _ in _foreign_keys(connection, "records")} == {
            "elections",
            "operations",
            "regions",
            "units",
        }


def test_sqlite_keeps_exact_text_and_types(hostile: SiteModel, hostile_sqlite: Path) -> None:
    with closing(sqlite3.connect(hostile_sqlite)) as connection:
        activities = dict(
            connection.execute(
                "SELECT id, activity FROM records WHERE id LIKE ?", (f"{BASE_ID}-%",)
            )
        )
        assert activities == {_hostile_id(n): payload for n, payload in enumerate(PAYLOADS)}
        notes, summary, added, days, date_type, no_end = connection.execute(
            "SELECT quality_notes, summary, added, typeof(days_before_vote), typeof(date), "
            "date_end IS NULL FROM records WHERE id = ?",
            (_hostile_id(0),),
        ).fetchone()
        assert notes.endswith("; " + NOTE_PAYLOAD)
        assert summary.startswith(SUMMARY_PAYLOAD)
        assert (added, days, date_type, no_end) == ("2024-11-30", "integer", "text", 1)
        titles = {
            title
            for (title,) in connection.execute(
                "SELECT title FROM record_sources WHERE record_id LIKE ?", (f"{BASE_ID}-%",)
            )
        }
        assert titles == {TITLE_PAYLOAD}
        # Empty is NULL, never "": a reader's IS NULL finds every missing value.
        rows = connection.execute("SELECT * FROM records").fetchall()
        assert rows
        assert all("" not in row for row in rows)


def test_pandas_reads_region_codes_as_text(real: SiteModel, real_sqlite: Path) -> None:
    with closing(sqlite3.connect(real_sqlite)) as connection:
        regions = pd.read_sql("SELECT code FROM regions", connection)
        records = pd.read_sql("SELECT id, region FROM records", connection)
    codes = list(regions["code"])
    assert "35.10" in codes
    assert "35.1" not in codes
    assert all(isinstance(code, str) for code in codes)
    assert dict(zip(records["id"], records["region"], strict=True)) == {
        page.id: page.record.region for page in real.records
    }


# --- XLSX -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_xlsx(real: SiteModel) -> bytes:
    return xlsx_bytes(real, SITE_URL)


@pytest.fixture(scope="module")
def hostile_xlsx(hostile: SiteModel) -> bytes:
    return xlsx_bytes(hostile, SITE_URL, publisher="Redaksi Contoh")


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet: Any) -> Iterator[dict[str, Any]]:
    """Every row after the header as column name -> cell."""
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        yield dict(zip(header, row, strict=True))


def test_xlsx_has_a_sheet_per_table_with_its_header_and_rows(
    real: SiteModel, real_xlsx: bytes
) -> None:
    book = _book(real_xlsx)
    assert book.sheetnames == SHEETS
    columns = {
        "records": RECORD_COLUMNS,
        **{table.name: [c.name for c in table.columns] for table in TABLES},
    }
    for name, count in _counts(real).items():
        sheet = book[name]
        assert [cell.value for cell in sheet[1]] == columns[name]
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row - 1 == count, name


def test_xlsx_records_are_csv_row_values_typed(real: SiteModel, real_xlsx: bytes) -> None:
    rows = {row["id"].value: row for row in _rows(_book(real_xlsx)["records"])}
    for page in real.records:
        cells = rows[page.id]
        assert {
            name: "" if cells[name].value is None else str(cells[name].value)
            for name in RECORD_COLUMNS
        } == csv_row(page, SITE_URL)
        assert cells["days_before_vote"].data_type == "n"
        assert isinstance(cells["days_before_vote"].value, int)
        assert cells["date"].data_type == "s"  # ISO text, not a spreadsheet date
        assert cells["date"].value == page.record.date.isoformat()


def test_xlsx_text_is_never_a_formula(hostile_xlsx: bytes) -> None:
    book = _book(hostile_xlsx)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in ("s", "n"), (sheet.title, cell.coordinate, cell.value)
    rows = {row["id"].value: row for row in _rows(book["records"])}
    for number, payload in enumerate(PAYLOADS):
        cell = rows[_hostile_id(number)]["activity"]
        assert (cell.value, cell.data_type) == (payload, "s")
        # Excel's leading apostrophe: retyping the cell keeps it text.
        assert cell.quotePrefix is (payload[0] in FORMULA_START)
    notes = rows[_hostile_id(0)]["quality_notes"]
    assert notes.value.endswith("; " + NOTE_PAYLOAD)
    summary = rows[_hostile_id(0)]["summary"]
    assert (summary.value.split("\n")[0], summary.data_type) == (SUMMARY_PAYLOAD, "s")
    titles = [
        row["title"]
        for row in _rows(book["record_sources"])
        if row["record_id"].value.startswith(BASE_ID)
    ]
    assert {(cell.value, cell.data_type) for cell in titles} == {(TITLE_PAYLOAD, "s")}


def test_pandas_reads_xlsx_region_codes_as_text(real_xlsx: bytes) -> None:
    regions = pd.read_excel(io.BytesIO(real_xlsx), sheet_name="regions", dtype=str)
    assert "35.74" in set(regions["code"])
    assert "35.10" in set(regions["code"])
    # Text cells: a spreadsheet shows 35.10. (pandas without dtype=str still parses the
    # text as numbers, as it does a CSV: that is its inference, not the file's type.)
    cells = [row["code"] for row in _rows(_book(real_xlsx)["regions"])]
    assert {(cell.value, cell.data_type) for cell in cells} >= {("35.10", "s"), ("35.74", "s")}


def test_libreoffice_opens_no_formula(hostile_xlsx: bytes, tmp_path: Path) -> None:
    office = shutil.which("soffice")
    assert office, "LibreOffice is not installed: run tests/setup-system.sh"
    source = _write(tmp_path, hostile_xlsx, "records.xlsx")
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    book = openpyxl.load_workbook(tmp_path / "out" / "records.xlsx")
    sheet = book["records"]
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    activities = {row["id"].value: row["activity"].value for row in _rows(sheet)}
    assert {_hostile_id(n): activities[_hostile_id(n)] for n in range(len(PAYLOADS))} == {
        _hostile_id(n): payload for n, payload in enumerate(PAYLOADS)
    }


def test_xlsx_dates_and_properties_come_from_the_data(
    hostile_xlsx: bytes, real: SiteModel, real_xlsx: bytes
) -> None:
    version, day = RELEASE
    properties = _book(hostile_xlsx).properties
    assert (properties.title, properties.creator, properties.version) == (
        "Kegiatan pengamanan Pemilu dan Pilkada 2024 / Election-security activity",
        "Redaksi Contoh",
        version,
    )
    assert properties.identifier == f"{SITE_URL}/data/"
    assert "CC BY 4.0" in properties.description
    for data, expected in ((hostile_xlsx, day), (real_xlsx, release_date(real) or UNRELEASED_DAY)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {entry.date_time for entry in archive.infolist()} == {
                (expected.year, expected.month, expected.day, 0, 0, 0)
            }
            core = archive.read("docProps/core.xml").decode()
        stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
        assert sorted(stamps) == [
            ("created", f"{expected.isoformat()}T00:00:00Z"),
            ("modified", f"{expected.isoformat()}T00:00:00Z"),
        ]


# --- Determinism ------------------------------------------------------------------------


def test_same_model_same_bytes(
    hostile: SiteModel, hostile_xlsx: bytes, hostile_sqlite: Path
) -> None:
    assert sqlite_bytes(hostile, SITE_URL) == hostile_sqlite.read_bytes()
    assert xlsx_bytes(hostile, SITE_URL, publisher="Redaksi Contoh") == hostile_xlsx


_DIGESTS = """
import hashlib, sys
from pathlib import Path
from generator.exports import sqlite_bytes, xlsx_bytes
from generator.site import build_model
from generator.validate import validate_content
model = build_model(validate_content(Path(sys.argv[1])))
for data in (sqlite_bytes(model, sys.argv[2]), xlsx_bytes(model, sys.argv[2])):
    print(hashlib.sha256(data).hexdigest())
"""


def test_bytes_depend_on_neither_hash_seed_nor_time_zone(real: SiteModel) -> None:
    """Another process, another hash seed and time zone (zip dates were local time)."""
    env = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Asia/Jayapura", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _DIGESTS, str(CONTENT), SITE_URL],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert done.stdout.split() == [
        hashlib.sha256(sqlite_bytes(real, SITE_URL)).hexdigest(),
        hashlib.sha256(xlsx_bytes(real, SITE_URL)).hexdigest(),
    ]


# --- Citation ---------------------------------------------------------------------------

HOSTILE_TITLE = "Data {pengamanan} 100% & $5_#^~\\ akhir\n\ndua"


def _braced(text: str, start: int) -> int:
    """Index after the brace group opening at ``start`` (escaped braces do not count)."""
    depth, index = 0, start
    while True:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        index += 1
        if depth == 0:
            return index


_FIELD = re.compile(r",?\s*(\w+) = ")


def _parse_bib(text: str) -> tuple[str, str, dict[str, str]]:
    """(type, key, fields) of one entry whose values are all in braces; fails on anything
    unbalanced."""
    head = re.match(r"@(\w+)\{([A-Za-z0-9.:_-]+),\s*", text)
    assert head, text
    fields, index = {}, head.end()
    while field := _FIELD.match(text, index):
        index = _braced(text, field.end())
        fields[field.group(1)] = text[field.end() + 1 : index - 1]
    assert text[index:] == "\n}\n", text[index:]
    return head.group(1), head.group(2), fields


def _unescape(value: str) -> str:
    value = (
        value.replace(r"\textbackslash{}", "\\")
        .replace(r"\textasciicircum{}", "^")
        .replace(r"\textasciitilde{}", "~")
    )
    return re.sub(r"\\([{}$&%#_])", r"\1", value)


def test_bibtex_entry_is_balanced_and_complete() -> None:
    text = citation_bib(
        HOSTILE_TITLE, "Pemilu Aman Data", "2024.1", date(2024, 11, 30), f"{SITE_URL}/data/"
    )
    kind, key, fields = _parse_bib(text)
    assert (kind, key) == ("misc", "pemilu-aman-data-2024.1")
    assert {"title", "author", "publisher", "version", "year", "url", "note"} <= set(fields)
    assert _unescape(fields["title"].removeprefix("{").removesuffix("}")) == " ".join(
        HOSTILE_TITLE.split()
    )
    assert fields["author"] == "{Pemilu Aman Data}"
    assert (fields["publisher"], fields["version"], fields["year"]) == (
        "Pemilu Aman Data",
        "2024.1",
        "2024",
    )
    assert fields["date"] == "2024-11-30"
    assert fields["url"] == f"{SITE_URL}/data/"
    assert "CC BY 4.0" in fields["note"]


def test_bibtex_url_cannot_break_the_entry() -> None:
    text = citation_bib("t", "p", "1", date(2024, 1, 1), "https://x.example/a}b{c\\d e")
    assert _parse_bib(text)[2]["url"] == "https://x.example/a%7Db%7Bc%5Cd%20e"


def test_csl_json_is_one_dataset() -> None:
    (item,) = citation_csl(
        HOSTILE_TITLE, "Pemilu Aman Data", "2024.1", date(2024, 11, 30), f"{SITE_URL}/data/"
    )
    json.dumps(item)  # plain JSON values only
    assert item["type"] == "dataset"
    assert item["issued"] == {"date-parts": [[2024, 11, 30]]}
    assert item["URL"] == f"{SITE_URL}/data/"
    assert (item["title"], item["version"], item["publisher"]) == (
        HOSTILE_TITLE,
        "2024.1",
        "Pemilu Aman Data",
    )
    assert item["author"] == [{"literal": "Pemilu Aman Data"}]
    assert "CC BY 4.0" in item["note"]
    # Only variables of CSL-JSON's schema (it allows no others).
    assert set(item) <= {
        "id",
        "type",
        "title",
        "author",
        "publisher",
        "version",
        "issued",
        "URL",
        "note",
    }
