"""Data files for journalists: JSON and CSV slices, data package, checksums.

Written from the same site model as the pages, in the same build, so the
downloads always match what the pages show. Every file is serialised
deterministically: sorted keys, UTF-8, LF line ends in JSON.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from .config import SiteConfig
from .exports import (
    DATASET_TITLE,
    UNRELEASED_DAY,
    citation_bib,
    citation_csl,
    release_date,
    sqlite_chunks,
    xlsx_bytes,
)
from .models import SCHEMA_VERSION, Record
from .parallel import can_fork, in_background
from .schema import RECORDS_SCHEMA
from .site import EVERY_RECORD, DatePage, GroupPage, RecordPage, SiteModel, UnitPage
from .tables import LONG_TABLES, REFERENCE_TABLES, Table
from .tree import OutputTree

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

CSV_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    # (column, Table Schema type, own description or format note; record fields'
    # descriptions come first, from the models)
    ("id", "string", None),
    ("kind", "string", None),
    ("activity", "string", None),
    ("date", "date", None),
    ("date_precision", "string", None),
    ("election", "string", None),
    ("operation", "string", None),
    ("date_basis", "string", None),
    ("date_end", "date", None),
    ("date_inferred", "string", None),
    (
        "days_before_vote",
        "integer",
        "Days from date to the election's voting day (negative: after it).",
    ),
    (
        "lead_unit",
        "string",
        "Id of the unit whose role is lead; empty when the source does not say who led.",
    ),
    ("units", "string", "Id of every unit taking part (record_units.csv gives their roles)."),
    ("unit_roles", "string", "Role of each unit, in the order of units."),
    ("partners", "string", None),
    ("region", "string", None),
    ("places", "string", "Each as 'name (type)'."),
    ("personnel_count", "integer", "personnel.count: number of personnel, when given."),
    ("personnel_qualifier", "string", "personnel.qualifier: exact, about, more_than, ..."),
    ("officials", "string", "Each as 'rank name, position'."),
    ("appeals", "string", "Code of each appeal (record_appeals.csv gives its audience)."),
    ("appeal_audiences", "string", "Audience of each appeal, in the order of appeals."),
    ("contacts", "string", "Each as 'channel: value'."),
    ("source_titles", "string", "Title of each source (sources[].title)."),
    ("source_outlets", "string", "Outlet of each source, when named (sources[].outlet)."),
    ("source_urls", "string", "Address of each source, when given (sources[].url)."),
    (
        "source_origins",
        "string",
        "Origin of each source: official, independent or unknown (sources[].origin).",
    ),
    ("quality_notes", "string", None),
    ("summary", "string", "Summary in Indonesian (Markdown), the body of the record file."),
    ("summary_en", "string", None),
    ("added", "date", "Day of the first release that held the record (empty before)."),
    ("updated", "date", "Day of the last release that changed it (empty before)."),
    ("url", "string", "Record page on this site."),
)
"""The CSV's columns; descriptions of record fields come from the models."""


JOINED_COLUMNS = frozenset(
    {
        "date_inferred",
        "units",
        "unit_roles",
        "partners",
        "places",
        "officials",
        "appeals",
        "appeal_audiences",
        "contacts",
        "quality_notes",
        "source_titles",
        "source_outlets",
        "source_urls",
        "source_origins",
    }
)
"""Columns that join a list's items with '; ' (the long tables give one row per item)."""


def _column_description(name: str, own: str | None) -> str:
    model_field = Record.model_fields.get(name)
    parts = [model_field.description or ""] if model_field else []
    text = " ".join([*parts, *([own] if own else [])])
    return text + (" Items joined with '; '." if name in JOINED_COLUMNS else "")


@dataclass(frozen=True)
class DataFile:
    """One written download: its site path, size and SHA-256."""

    path: str
    size: int
    sha256: str


def to_json(value: Any) -> str:
    """Compact, sorted, UTF-8 JSON (the C encoder: indentation would be ~10x slower)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dump_json(value: Any) -> bytes:
    return (to_json(value) + "\n").encode()


def _envelope(fields: dict[str, Any], records: list[str]) -> bytes:
    """``{...fields, "records": [...]}`` with keys sorted, records already encoded.

    Each record is encoded once and spliced into every slice that holds it.
    """
    return b"".join(_envelope_chunks(fields, records))


def _envelope_chunks(
    fields: dict[str, Any], records: Sequence[str], chunk: int = 1000
) -> Iterator[bytes]:
    """:func:`_envelope` in pieces of ``chunk`` records, for files too large to hold twice
    in memory."""
    before = [key for key in sorted(fields) if key < "records"]
    after = [key for key in sorted(fields) if key > "records"]
    head = "".join(f"{to_json(key)}:{to_json(fields[key])}," for key in before)
    yield f'{{{head}"records":['.encode()
    for start in range(0, len(records), chunk):
        yield (("," if start else "") + ",".join(records[start : start + chunk])).encode()
    tail = "".join(f",{to_json(key)}:{to_json(fields[key])}" for key in after)
    yield f"]{tail}}}\n".encode()


def record_json(page: RecordPage, site_url: str) -> dict[str, Any]:
    """A record as published: the front-matter fields (SPEC section 1, v2), plus the derived
    lead_unit, officials' names, added, updated, summary, summary_html and url."""
    data = page.record.model_dump(mode="json", exclude={"draft"})
    data["lead_unit"] = page.record.lead_unit
    for official, person in zip(data["officials"], page.people, strict=True):
        official["name"] = person.name
    data["added"] = page.added.isoformat() if page.added else None
    data["updated"] = page.updated.isoformat() if page.updated else None
    data["summary"] = page.summary
    data["summary_html"] = page.summary_html
    data["url"] = f"{site_url}/{page.url}"
    return data


def _join(values: Iterable[str | None]) -> str:
    return "; ".join(value for value in values if value)


def csv_row(page: RecordPage, site_url: str) -> dict[str, str]:
    record = page.record
    personnel = record.personnel
    return {
        "id": record.id,
        "kind": record.kind,
        "activity": record.activity,
        "date": record.date.isoformat(),
        "date_precision": record.date_precision,
        "date_basis": record.date_basis,
        "date_end": record.date_end.isoformat() if record.date_end else "",
        "date_inferred": _join(record.date_inferred),
        "days_before_vote": str(page.days_before_vote),
        "election": record.election,
        "operation": record.operation or "",
        "lead_unit": record.lead_unit or "",
        "units": _join(unit.id for unit in record.units),
        "unit_roles": _join(unit.role for unit in record.units),
        "partners": _join(record.partners),
        "region": record.region,
        "places": _join(f"{place.name} ({place.type})" for place in record.places),
        "personnel_count": str(personnel.count) if personnel and personnel.count else "",
        "personnel_qualifier": personnel.qualifier if personnel else "",
        "officials": _join(
            f"{(o.rank + ' ') if o.rank else ''}{person.name}, {o.position}"
            for o, person in zip(record.officials, page.people, strict=True)
        ),
        "appeals": _join(appeal.code for appeal in record.appeals),
        "appeal_audiences": _join(appeal.audience for appeal in record.appeals),
        "contacts": _join(f"{c.channel}: {c.value}" for c in record.contacts),
        "source_titles": _join(s.title for s in record.sources),
        "source_outlets": _join(s.outlet for s in record.sources),
        "source_urls": _join(s.url for s in record.sources),
        "source_origins": _join(s.origin for s in record.sources),
        "quality_notes": _join(record.quality_notes),
        "summary": page.summary.strip(),
        "summary_en": (record.summary_en or "").strip(),
        "added": page.added.isoformat() if page.added else "",
        "updated": page.updated.isoformat() if page.updated else "",
        "url": f"{site_url}/{page.url}",
    }


FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters with which a spreadsheet reads a cell as a formula (OWASP "CSV
injection"), with their full-width forms, which some spreadsheets fold to ASCII."""

_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")

CSV_TEXT_RULE = (
    "A text cell that begins with =, +, -, @, a tab, a carriage return or a line feed (or "
    "their full-width forms), and is not a plain number such as -5 or +1.5, is written "
    "with an apostrophe (') in front, so that Excel and LibreOffice show it as text "
    "instead of running it as a formula: '+62 812 ... is the text +62 812 .... Remove "
    "that one apostrophe to get the exact text; the JSON and SQLite files keep it "
    "exactly."
)
"""The rule as the codebook and the data package state it."""


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet can open it safely (see :data:`CSV_TEXT_RULE`)."""
    if cell and cell[0] in FORMULA_START and _NUMBER.fullmatch(cell) is None:
        return "'" + cell
    return cell


class _CsvLines:
    """CSV lines one at a time, through one writer (a new writer per line costs a third).

    Every CSV the site publishes goes through here, so every text cell is neutralised."""

    def __init__(self) -> None:
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __call__(self, values: Iterable[str]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([neutralise(value) for value in values])
        return self._buffer.getvalue()

    def record(self, page: RecordPage, site_url: str) -> str:
        row = csv_row(page, site_url)
        return self(row[name] for name, _, _ in CSV_COLUMNS)


def records_csv(
    pages: Iterable[RecordPage], site_url: str, lines: dict[str, str] | None = None
) -> bytes:
    """The CSV of ``pages``; ``lines`` holds rows already encoded, by record id (a record
    is in several files: the whole set, its units')."""
    return b"".join(_csv_chunks(list(pages), site_url, lines))


def _csv_chunks(
    pages: Sequence[RecordPage],
    site_url: str,
    lines: dict[str, str] | None = None,
    chunk: int = 1000,
) -> Iterator[bytes]:
    """:func:`records_csv` in pieces of ``chunk`` records."""
    line = _CsvLines()
    yield line(name for name, _, _ in CSV_COLUMNS).encode()
    for start in range(0, len(pages), chunk):
        batch = pages[start : start + chunk]
        yield "".join(
            lines[page.id] if lines is not None else line.record(page, site_url) for page in batch
        ).encode()


class Encoded(NamedTuple):
    """Every record as published, encoded once for every file that holds it."""

    json: dict[str, str]
    """Record id -> its JSON text (``records/<id>.json`` but the final newline)."""
    csv: dict[str, str]
    """Record id -> its CSV row, line ending included."""


def encode_records(model: SiteModel, site_url: str) -> Encoded:
    """Encode every record once, in this process: about 80 µs a record. (Workers would
    have to send every encoded record back, which costs more than encoding it.)"""
    line = _CsvLines()
    return Encoded(
        json={page.id: to_json(record_json(page, site_url)) for page in model.records},
        csv={page.id: line.record(page, site_url) for page in model.records},
    )


def record_digests(encoded: dict[str, str]) -> dict[str, str]:
    """Record id -> SHA-256 of its JSON download (``records/<id>.json``), as ``sha256sum``
    prints it: what a record page cites, and the record's part of a page's inputs."""
    return {
        record_id: hashlib.sha256(f"{text}\n".encode()).hexdigest()
        for record_id, text in encoded.items()
    }


def dataset_version(encoded: dict[str, str]) -> str:
    """Content hash of every record: changes exactly when the content does."""
    digest = hashlib.sha256()
    for record_id in sorted(encoded):
        digest.update(encoded[record_id].encode())
    return digest.hexdigest()[:16]


def unit_json(unit_page: UnitPage, site_url: str, encoded: dict[str, str]) -> bytes:
    unit = {**unit_page.unit.model_dump(mode="json"), "url": f"{site_url}/{unit_page.url}"}
    return _envelope(
        {"unit": unit, "count": len(unit_page.records)},
        [encoded[page.id] for page in unit_page.records],
    )


def date_json(date_page: DatePage, encoded: dict[str, str]) -> bytes:
    return _envelope(
        {"date": date_page.day.isoformat(), "count": len(date_page.records)},
        [encoded[page.id] for page in date_page.records],
    )


def group_json(group: GroupPage, site_url: str, encoded: dict[str, str]) -> bytes:
    item = {
        **group.item.model_dump(mode="json"),
        "section": group.section,
        "url": f"{site_url}/{group.url}",
    }
    return _envelope(
        {"group": item, "count": len(group.records)}, [encoded[page.id] for page in group.records]
    )


def _table_schema() -> dict[str, Any]:
    fields = []
    for name, kind, own in CSV_COLUMNS:
        field: dict[str, Any] = {
            "name": name,
            "type": kind,
            "description": _column_description(name, own),
        }
        if name in ("id", "kind", "date", "date_basis", "election", "region", "url"):
            field["constraints"] = {"required": True}
        if name == "id":
            field["constraints"]["unique"] = True
        if name == "kind":
            field["constraints"]["enum"] = ["patrol", "simulation"]
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def table_csv(table: Table, model: SiteModel) -> bytes:
    """One tidy table as CSV, every text cell neutralised like the other CSV files."""
    line = _CsvLines()
    head = line(column.name for column in table.columns)
    return (
        head
        + "".join(
            line("" if value is None else str(value) for value in row) for row in table.rows(model)
        )
    ).encode()


_RESOURCE_OF = {"records": "records-csv"}
"""Data package resource names where they differ from the table's (published before)."""


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of ``table``: types, required columns, primary and foreign keys."""
    fields = []
    for column in table.columns:
        field: dict[str, Any] = {
            "name": column.name,
            "type": column.type,
            "description": column.description,
        }
        if column.required:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.columns),
                "reference": {
                    "resource": _RESOURCE_OF.get(key.table, key.table),
                    "fields": list(key.table_columns),
                },
            }
            for key in table.foreign_keys
        ]
    return schema


def _resource(name: str, path: str, size: int, sha256: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "encoding": "utf-8",
        **extra,
    }


@dataclass(frozen=True)
class CsvFile:
    """One CSV download as the codebook documents it."""

    path: str
    description: str
    columns: tuple[tuple[str, str, str], ...]
    """(name, Table Schema type, meaning) of every column, in order."""
    primary_key: tuple[str, ...]


def csv_files() -> tuple[CsvFile, ...]:
    """Every CSV file of ``data/`` and every column of each: what the codebook page and
    docs/CONTRACT.md list, from the same definitions the files are written from."""
    records = CsvFile(
        "data/records.csv",
        "Every record, one row a record. " + CSV_TEXT_RULE,
        tuple((name, kind, _column_description(name, own)) for name, kind, own in CSV_COLUMNS),
        ("id",),
    )
    return (
        records,
        *(
            CsvFile(
                table.path,
                table.description,
                tuple((c.name, c.type, c.description) for c in table.columns),
                table.primary_key,
            )
            for table in (*LONG_TABLES, *REFERENCE_TABLES)
        ),
    )


def records_index(model: SiteModel) -> bytes:
    """What the records table filters in the browser (theme/static/records.js), newest
    first: [id, date, activity, shown unit, kind, election, region, units with the units
    above them]. Labels come from the page, in its language."""
    rows = [
        [
            page.id,
            page.record.date.isoformat(),
            page.record.activity,
            page.unit.id,
            page.record.kind,
            page.record.election,
            page.record.region,
            sorted({u for unit in page.record.units for u in model.lineage(unit.id)}),
        ]
        for page in reversed(model.records)
    ]
    return dump_json({"rows": rows})


def citation(model: SiteModel, config: SiteConfig, version: str) -> tuple[str, str, str, date, str]:
    """(title, publisher, version, issued, url) of the dataset: the release when there is
    one (its number and day), else the content version on the fixed unreleased day."""
    return (
        DATASET_TITLE,
        config.publisher,
        model.latest_release or version,
        release_date(model) or UNRELEASED_DAY,
        f"{config.site_url}/data/",
    )


def _write_keyed_hashed(
    tree: OutputTree, path: str, key: str, produce: Callable[[], bytes], background: bool = False
) -> Callable[[], tuple[int, str]]:
    """:meth:`OutputTree.write_keyed`, done when the returned function is called, which
    gives the file's size and SHA-256. With ``background`` (where the system can fork),
    ``produce`` runs meanwhile in a worker process, on the other core."""
    if tree.reuse(path, key):
        return lambda: _size_and_hash((tree.root / path).read_bytes())
    made = in_background(produce) if background and can_fork() else produce

    def finish() -> tuple[int, str]:
        data = made()
        tree.write(path, data)
        tree.keys[path] = (key, [path])
        return _size_and_hash(data)

    return finish


def _size_and_hash(data: bytes) -> tuple[int, str]:
    return len(data), hashlib.sha256(data).hexdigest()


def _write_whole(tree: OutputTree, path: str, key: str, chunks: Iterable[bytes]) -> tuple[int, str]:
    """Write ``chunks`` at ``path`` as they come, or keep the file when its inputs ``key``
    are unchanged; return the file's size and SHA-256."""
    digest = hashlib.sha256()
    size = 0

    def counted() -> Iterator[bytes]:
        nonlocal size
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            yield chunk

    if not tree.write_stream(path, key, counted):
        with open(tree.root / path, "rb") as kept:
            for block in iter(partial(kept.read, 1 << 20), b""):
                digest.update(block)
                size += len(block)
    return size, digest.hexdigest()


def write_downloads(
    model: SiteModel,
    tree: OutputTree,
    config: SiteConfig,
    schema_texts: dict[str, str],
    records: Encoded,
    keys: dict[str, str],
    inputs: str,
    typed_copies: bool = True,
) -> tuple[str, list[DataFile]]:
    """Write every data file into ``tree``; return the version and the files in ``data/``.

    ``records`` is :func:`encode_records` of the model, ``keys`` its
    :func:`generator.site.input_keys`; ``inputs`` what every file
    depends on besides its records (:func:`generator.build.page_inputs`): a
    slice whose inputs are unchanged is linked from the last build, not encoded.
    """
    site_url = config.site_url
    files: dict[str, bytes] = {}
    encoded, lines = records

    def key(page: str) -> str:
        return f"{inputs}:{keys[page]}"

    version = dataset_version(encoded)
    every_record = key(EVERY_RECORD)
    # Typed copies of every table, made only when a record or a table changed (their key
    # is every record's and inputs). The workbook takes longer than every other file
    # together (openpyxl: ~20 µs a cell), so it is begun first, in a worker, while this
    # process writes the rest.
    workbook = (
        _write_keyed_hashed(
            tree,
            "data/records.xlsx",
            every_record,
            partial(
                xlsx_bytes,
                model,
                site_url,
                title=DATASET_TITLE,
                publisher=config.publisher,
                version=model.latest_release or version,
            ),
            background=True,
        )
        if typed_copies
        else None
    )
    for page in model.records:
        tree.write(page.json_path, f"{encoded[page.id]}\n".encode())
    for unit_page in model.units:
        unit_key = key(unit_page.save_as)
        tree.write_keyed(
            unit_page.json_path, unit_key, partial(unit_json, unit_page, site_url, encoded)
        )
        tree.write_keyed(
            unit_page.csv_path, unit_key, partial(records_csv, unit_page.records, site_url, lines)
        )
    for date_page in model.dates:
        tree.write_keyed(
            date_page.json_path,
            key(date_page.save_as),
            partial(date_json, date_page, encoded),
        )
    for groups in model.groups.values():
        for group in groups:
            tree.write_keyed(
                group.json_path,
                key(group.save_as),
                partial(group_json, group, site_url, encoded),
            )
    for name, text in schema_texts.items():
        files[f"schema/{name}"] = text.encode()

    changes = [
        {
            "version": c.version,
            "date": c.date.isoformat(),
            "added": list(c.added),
            "changed": list(c.changed),
            "removed": list(c.removed),
        }
        for c in model.changes
    ]
    withdrawn = [w.model_dump(mode="json") for w in model.withdrawn]
    # The whole dataset (over 100 MB at 20,000 records) is written as it is joined, never
    # held whole in memory. Every data file is hashed once: path -> (size, SHA-256).
    whole = {
        "$schema": f"{site_url}/schema/{RECORDS_SCHEMA}",
        "version": version,
        "schema_version": SCHEMA_VERSION,
        "release": model.latest_release,
        "count": len(encoded),
    }
    found = {
        "data/records.json": _write_whole(
            tree,
            "data/records.json",
            every_record,
            _envelope_chunks(
                whole, [encoded[page.id] for page in model.records], config.records_per_piece
            ),
        ),
        "data/records.csv": _write_whole(
            tree,
            "data/records.csv",
            every_record,
            _csv_chunks(model.records, site_url, lines, config.records_per_piece),
        ),
    }

    def add(path: str, body: bytes) -> None:
        files[path] = body
        found[path] = (len(body), hashlib.sha256(body).hexdigest())

    add("data/changelog.json", dump_json({"releases": changes, "withdrawn": withdrawn}))
    for table in (*LONG_TABLES, *REFERENCE_TABLES):
        add(table.path, table_csv(table, model))
    if workbook is not None:
        found["data/records.sqlite"] = _write_whole(
            tree, "data/records.sqlite", every_record, sqlite_chunks(model, site_url)
        )
        found["data/records.xlsx"] = workbook()
    tree.write_keyed("records/table.json", every_record, partial(records_index, model))
    cited = citation(model, config, version)
    add("data/citation.bib", citation_bib(*cited).encode())
    add("data/citation.json", dump_json(citation_csl(*cited)))
    package = {
        "profile": "data-package",
        "name": "pemilu-aman-kegiatan-pengamanan",
        "title": DATASET_TITLE,
        "version": version,
        "schema_version": SCHEMA_VERSION,
        "release": model.latest_release,
        "licenses": [LICENSE],
        "homepage": f"{site_url}/",
        "contributors": [
            {
                "title": config.publisher,
                "role": "publisher",
                **({"path": config.publisher_url} if config.publisher_url else {}),
            },
            {"title": config.publisher, "role": "author"},
        ],
        "sources": [
            {
                "title": "Berita media daring Indonesia, dikutip per rekaman / "
                "Indonesian online news, cited per record",
                "path": f"{site_url}/data/",
            }
        ],
        "resources": [
            _resource(
                "records-csv",
                "records.csv",
                *found["data/records.csv"],
                description=CSV_TEXT_RULE,
                profile="tabular-data-resource",
                format="csv",
                mediatype="text/csv",
                dialect={"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                schema=_table_schema(),
            ),
            _resource(
                "changelog-json",
                "changelog.json",
                *found["data/changelog.json"],
                profile="data-resource",
                format="json",
                mediatype="application/json",
                description="Added, changed and removed record ids per release; "
                "withdrawn records with date and reason.",
            ),
            _resource(
                "records-json",
                "records.json",
                *found["data/records.json"],
                profile="data-resource",
                format="json",
                mediatype="application/json",
                description="Every record; the whole file validates against the JSON "
                f"Schema {site_url}/schema/{RECORDS_SCHEMA} (its $schema).",
            ),
            *(
                _resource(
                    table.name,
                    table.path.removeprefix("data/"),
                    *found[table.path],
                    description=f"{table.description} {CSV_TEXT_RULE}",
                    profile="tabular-data-resource",
                    format="csv",
                    mediatype="text/csv",
                    dialect={"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                    schema=table_schema(table),
                )
                for table in (*LONG_TABLES, *REFERENCE_TABLES)
            ),
        ],
    }
    add("data/datapackage.json", dump_json(package))
    add(
        "data/SHA256SUMS",
        "".join(
            f"{sha256}  {path.removeprefix('data/')}\n"
            for path, (_, sha256) in sorted(found.items())
        ).encode(),
    )
    for path, body in files.items():
        tree.write(path, body)
    return version, [
        DataFile(path=path, size=size, sha256=sha256)
        for path, (size, sha256) in sorted(found.items())
    ]
