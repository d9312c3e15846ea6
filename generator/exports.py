"""The dataset as one SQLite file and one Excel workbook, and how to cite it (issue #15).

The CSV files serve every tool but lose types and keys; a journalist who works in
SQL, Datasette or a spreadsheet should get the same tables, typed and keyed, in one
file. Both files are made from the one set of definitions in :mod:`generator.tables`
(and ``records.csv``'s columns), so they never disagree with the CSV files, and both
keep the exact text: no apostrophe in front of ``=1+1`` as in the CSV, because SQLite
has no formulas and the workbook marks every text cell as text.

Every file of a build must be byte-identical for the same content (checksums,
incremental builds, caching), so nothing here stamps the time of the build: SQLite
is vacuumed into a canonical layout, and the workbook's dates and its zip entries
carry the day of the latest release.
"""

from __future__ import annotations

import io
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from .errors import GeneratorError
from .site import SiteModel
from .tables import LONG_TABLES, REFERENCE_TABLES, Column, ForeignKey, Row, Table

# generator.downloads is imported inside the functions that need it, never here:
# downloads imports this module to write the files, and a module-level import either way
# round would fail for whichever module is imported first.

DATASET_TITLE = "Kegiatan pengamanan Pemilu dan Pilkada 2024 / Election-security activity"
"""The dataset's title, as the data package gives it."""

PUBLISHER = "Pemilu Aman Data"
"""Who publishes the dataset (pelicanconf.py: AUTHOR), unless a caller says otherwise."""

UNRELEASED_DAY = date(2024, 1, 1)
"""The files' date before any release: fixed, so that two builds give the same bytes."""

RECORD_KEYS: tuple[ForeignKey, ...] = (
    ForeignKey(("election",), "elections", ("id",)),
    ForeignKey(("operation",), "operations", ("id",)),
    ForeignKey(("region",), "regions", ("code",)),
    ForeignKey(("lead_unit",), "units", ("id",)),
)
"""The references of ``records`` that SQLite can state as keys (validation resolves them)."""


def records_table(site_url: str) -> Table:
    """``records.csv`` as a :class:`Table`: its columns and :func:`csv_row`'s values, not
    neutralised, so that the records go through the same code as every other table."""
    from .downloads import CSV_COLUMNS, csv_row

    names = [name for name, _, _ in CSV_COLUMNS]
    columns = tuple(
        Column(name, kind, own or "", required=name == "id") for name, kind, own in CSV_COLUMNS
    )

    def rows(model: SiteModel) -> Iterator[Row]:
        for page in model.records:
            row = csv_row(page, site_url)
            yield tuple(row[name] for name in names)

    return Table("records", "Every record, one row a record.", columns, ("id",), rows, RECORD_KEYS)


def export_tables(site_url: str) -> tuple[Table, ...]:
    """Every table of the SQLite file and of the workbook, in their order: the records,
    then the long tables, then the reference tables."""
    return (records_table(site_url), *LONG_TABLES, *REFERENCE_TABLES)


def typed_value(value: str | int | None, kind: str) -> str | int | None:
    """A cell as the typed files hold it: an empty cell is NULL (not ""), an integer
    column an int; dates stay ISO text, which sorts and compares as dates."""
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(value)
    return str(value)


def typed_rows(table: Table, model: SiteModel) -> Iterator[Row]:
    """The rows of ``table``, each value typed by its column (:func:`typed_value`)."""
    kinds = [column.type for column in table.columns]
    for row in table.rows(model):
        yield tuple(typed_value(value, kind) for value, kind in zip(row, kinds, strict=True))


def release_date(model: SiteModel) -> date | None:
    """The day of the latest release (``model.latest_release``), or None before any."""
    return model.changes[0].date if model.changes else None


# --- SQLite ---------------------------------------------------------------------------

PAGE_SIZE = 4096
"""Stated, not left to the library's default, so that the layout does not depend on it."""

FTS_COLUMNS = ("id", "activity", "summary", "summary_en", "quality_notes")
"""What ``records_fts`` indexes: the words of a record a reader would search for."""

_SQL_TYPES = {"integer": "INTEGER"}
"""Table Schema type -> SQLite column type; everything else (dates too) is TEXT."""

VIEWS = {
    "record_units_named": """
        SELECT ru.record_id, ru.item, ru.unit_id, u.name AS unit_name, u.kind AS unit_kind,
               u.branch AS unit_branch, ru.role, r.date, r.activity
        FROM record_units AS ru
        JOIN units AS u ON u.id = ru.unit_id
        JOIN records AS r ON r.id = ru.record_id
        ORDER BY ru.record_id, ru.item""",
}
"""Joins a reader would otherwise write first: which units, by name, did what."""


def sqlite_chunks(model: SiteModel, site_url: str) -> Iterator[bytes]:
    """``records.sqlite``: every table typed and keyed, and ``records_fts`` to search.

    Built in a temporary file (SQLite writes files, not byte strings) and read back in
    pieces, never whole (170 MB at 20,000 records); the same model gives the same bytes
    (:func:`_fill`)."""
    with tempfile.TemporaryDirectory(prefix="records-sqlite-") as folder:
        path = Path(folder) / "records.sqlite"
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            _fill(connection, model, export_tables(site_url))
        with path.open("rb") as built:
            yield from iter(partial(built.read, 1 << 20), b"")


def sqlite_bytes(model: SiteModel, site_url: str) -> bytes:
    """:func:`sqlite_chunks`, whole."""
    return b"".join(sqlite_chunks(model, site_url))


def _fill(connection: sqlite3.Connection, model: SiteModel, tables: Sequence[Table]) -> None:
    """Create and fill every table in one transaction, in a fixed order, then VACUUM.

    The file holds no time and no path; VACUUM rewrites it in a canonical order, so the
    bytes depend only on what was inserted (and on the SQLite version, which the header
    names)."""
    connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    # A scratch file, read once and thrown away (a failed build discards it): no rollback
    # journal, no waiting for the disk. Neither is written into the file's bytes.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    for table in tables:
        connection.execute(create_table_sql(table))
        for statement in index_sql(table):
            connection.execute(statement)
        connection.executemany(insert_sql(table), typed_rows(table, model))
    _fill_search(connection)
    for name, query in VIEWS.items():
        connection.execute(f"CREATE VIEW {_quote(name)} AS {query}")
    connection.execute("COMMIT")
    _check_keys(connection)
    connection.execute("VACUUM")


def _quote(name: str) -> str:
    """An SQL identifier, quoted: names come from our definitions, but any name is safe."""
    return '"' + name.replace('"', '""') + '"'


def _names(names: Sequence[str]) -> str:
    return ", ".join(_quote(name) for name in names)


def _column_sql(column: Column, key: Sequence[str]) -> str:
    # SQLite lets a PRIMARY KEY column of a rowid table hold NULL unless told otherwise.
    not_null = " NOT NULL" if column.required or column.name in key else ""
    return f"{_quote(column.name)} {_SQL_TYPES.get(column.type, 'TEXT')}{not_null}"


def create_table_sql(table: Table) -> str:
    """``CREATE TABLE`` with the table's types, primary key and foreign keys."""
    parts = [_column_sql(column, table.primary_key) for column in table.columns]
    parts.append(f"PRIMARY KEY ({_names(table.primary_key)})")
    parts.extend(
        f"FOREIGN KEY ({_names(key.columns)}) "
        f"REFERENCES {_quote(key.table)} ({_names(key.table_columns)})"
        for key in table.foreign_keys
    )
    return f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(parts) + "\n)"


def index_sql(table: Table) -> list[str]:
    """An index on every foreign key the primary key does not start with: the joins and
    facets a reader runs (records of a unit, units of a region) then need no full scan."""
    statements = []
    for key in table.foreign_keys:
        if table.primary_key[: len(key.columns)] == key.columns:
            continue
        name = "_".join((table.name, *key.columns))
        statements.append(
            f"CREATE INDEX {_quote(name)} ON {_quote(table.name)} ({_names(key.columns)})"
        )
    return statements


def insert_sql(table: Table) -> str:
    marks = ", ".join("?" for _ in table.columns)
    # Only our own table names, quoted; the values are bound parameters.
    return f"INSERT INTO {_quote(table.name)} VALUES ({marks})"  # noqa: S608


def _fill_search(connection: sqlite3.Connection) -> None:
    """``records_fts``: a plain FTS5 table (not external-content, which some readers
    cannot update or rebuild) with the records' rowids, merged into one segment so that
    its layout does not depend on how the inserts were batched."""
    columns = _names(FTS_COLUMNS)
    connection.execute(f"CREATE VIRTUAL TABLE records_fts USING fts5({columns})")
    connection.execute(
        f"INSERT INTO records_fts (rowid, {columns}) "  # noqa: S608 (constants)
        f"SELECT rowid, {columns} FROM records ORDER BY rowid"
    )
    connection.execute("INSERT INTO records_fts (records_fts) VALUES ('optimize')")


def _check_keys(connection: sqlite3.Connection) -> None:
    """Every foreign key holds: validation promises it, and a file whose keys do not join
    must never be published."""
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise GeneratorError(
            f"records.sqlite: {len(broken)} rows break a foreign key, the first {broken[0]!r}"
        )


# --- Excel ----------------------------------------------------------------------------

MAX_SHEET_NAME = 31
"""Excel refuses longer sheet names."""

_BOLD = Font(bold=True)


def xlsx_bytes(
    model: SiteModel,
    site_url: str,
    *,
    title: str = DATASET_TITLE,
    publisher: str = PUBLISHER,
    version: str | None = None,
) -> bytes:
    """``records.xlsx``: one sheet a table, every text cell text (never a formula).

    ``version`` (default: the latest release) and ``publisher`` go into the workbook's
    properties. Dates inside the file are the day of the latest release, or
    :data:`UNRELEASED_DAY`: never the time of the build."""
    from .downloads import FORMULA_START

    book = Workbook(write_only=True)  # streamed: 20,000 records never sit in memory as cells
    for table in export_tables(site_url):
        _add_sheet(book, table, typed_rows(table, model), FORMULA_START)
    stamp = datetime.combine(release_date(model) or UNRELEASED_DAY, time())
    _set_properties(
        book,
        title=title,
        publisher=publisher,
        stamp=stamp,
        version=version or model.latest_release,
        url=f"{site_url}/data/",
    )
    return fixed_zip(_write_workbook(book), stamp)


def _add_sheet(book: Any, table: Table, rows: Iterator[Row], formula_start: frozenset[str]) -> None:
    """A sheet: the column names in bold, frozen and filterable, then one row a row."""
    sheet = book.create_sheet(title=table.name[:MAX_SHEET_NAME])
    sheet.freeze_panes = "A2"  # before the first row: a streamed sheet writes its view first
    header = [_text_cell(sheet, column.name, formula_start) for column in table.columns]
    for cell in header:
        cell.font = _BOLD
    sheet.append(header)
    # openpyxl writes a plain str as a text cell. Only text it would take for a formula or
    # an error value, or that needs the quote prefix, is made a cell here: a cell of our
    # own costs openpyxl a failed attempt to read it as a value (a third of the workbook).
    special = (*formula_start, "#")
    count = 0
    for row in rows:
        sheet.append(
            [
                _text_cell(sheet, value, formula_start)
                if isinstance(value, str) and value.startswith(special)
                else value
                for value in row
            ]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{count + 1}"


def _text_cell(sheet: Any, text: str, formula_start: frozenset[str]) -> Any:
    """A cell that holds ``text`` as text.

    openpyxl takes a string starting with "=" for a formula and "#N/A" for an error
    value; setting the type after the value makes it a string cell whatever it says.
    Text that a spreadsheet would read as a formula if a reader retyped it also gets
    the quote prefix (Excel's leading apostrophe, not part of the value), so that
    editing the cell keeps it text."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text[:1] in formula_start:
        cell.quotePrefix = True
    return cell


def _set_properties(
    book: Any, *, title: str, publisher: str, stamp: datetime, version: str | None, url: str
) -> None:
    """The workbook's document properties; created and modified are ``stamp`` (openpyxl
    would write the current time)."""
    properties = book.properties
    properties.title = title
    properties.creator = publisher
    properties.lastModifiedBy = publisher
    properties.identifier = url
    properties.description = licence_note()
    properties.version = version
    properties.language = "id"
    properties.created = stamp
    properties.modified = stamp


def _write_workbook(book: Any) -> bytes:
    """The workbook as a zip, written by openpyxl's own writer: ``Workbook.save`` would
    overwrite the modified date with the current time. Compressed at the fastest level:
    :func:`fixed_zip` compresses every entry anew anyway (stored, the sheets' XML would
    take ten times the memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True
    ) as archive:
        ExcelWriter(book, archive).save()
    return buffer.getvalue()


def fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """``data`` (a zip) rewritten with every entry dated ``stamp``, in the same order.

    Python's zipfile dates an entry written by name with the current local time, and
    takes the system and permissions from the platform; here all three are fixed."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever builds it
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return output.getvalue()


# --- Citation -------------------------------------------------------------------------

_BIB_SPECIAL = re.compile(r"[\\{}$&%#_^~]")
_BIB_REPLACEMENT = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_URL_UNSAFE = re.compile(r"[{}\\\s]")


def bib_escape(text: str) -> str:
    """``text`` for a braced BibTeX field: LaTeX's special characters escaped in one pass
    (so the braces of ``\\textbackslash{}`` are not escaped again), whitespace runs one
    space (a blank line would end the paragraph)."""
    flat = " ".join(text.split())
    return _BIB_SPECIAL.sub(lambda m: _BIB_REPLACEMENT.get(m.group(), "\\" + m.group()), flat)


def _bib_url(url: str) -> str:
    """A URL for BibTeX's url field, which is read verbatim: only braces, backslashes and
    spaces, which would break the entry and are not valid in a URL, are percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def citation_key(publisher: str, version: str) -> str:
    """A BibTeX key from the publisher and version: letters, digits, '-', '.'."""
    slug = re.sub(r"[^a-z0-9.]+", "-", f"{publisher} {version}".lower()).strip("-.")
    return slug or "dataset"


def licence_note() -> str:
    from .downloads import LICENSE

    return f"Licence: {LICENSE['title']} (CC BY 4.0), {LICENSE['path']}"


def citation_bib(title: str, publisher: str, version: str, issued: date, url: str) -> str:
    """The dataset as a BibTeX ``@misc`` entry (biblatex reads ``date`` and ``version``).

    The author is the publisher in double braces, so that BibTeX prints the name whole
    instead of splitting it into first and last names; the title is braced too, to keep
    its capitals."""
    fields = (
        ("author", "{" + bib_escape(publisher) + "}"),
        ("title", "{" + bib_escape(title) + "}"),
        ("publisher", bib_escape(publisher)),
        ("version", bib_escape(version)),
        ("year", str(issued.year)),
        ("date", issued.isoformat()),
        ("url", _bib_url(url)),
        ("note", bib_escape(f"Dataset, version {version}. {licence_note()}")),
    )
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(publisher, version)},\n{body}\n}}\n"


def citation_csl(
    title: str, publisher: str, version: str, issued: date, url: str
) -> list[dict[str, Any]]:
    """The dataset as CSL-JSON (what Zotero, Pandoc and citeproc read): one item of type
    dataset; the licence goes into ``note``, as CSL-JSON has no licence variable."""
    return [
        {
            "id": citation_key(publisher, version),
            "type": "dataset",
            "title": title,
            "author": [{"literal": publisher}],
            "publisher": publisher,
            "version": version,
            "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
            "URL": url,
            "note": licence_note(),
        }
    ]
