"""The tidy tables of the dataset: one row per thing, keys that join.

``records.csv`` has one row a record with list fields joined in a cell; the
tables here give every list field its own long table (one row per item,
with the record id and the item's number) and every reference table its own
file, so that a journalist can join them in a spreadsheet, pandas or SQL
without splitting cells. Each :class:`Table` is defined once, here; the CSV
files, the data package (Table Schema with primary and foreign keys), the
SQLite file and the workbook are all made from these definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .models import Evidence, Official, Source, Unit, UnitTakingPart
from .site import RecordPage, SiteModel

Row = tuple[str | int | None, ...]


@dataclass(frozen=True)
class Column:
    """One column: its name, Table Schema type and meaning."""

    name: str
    type: str  # Table Schema: string, integer, date, boolean
    description: str
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    table_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of the dataset: columns, keys, and how to list its rows from the model."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[SiteModel], Iterator[Row]]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"


def _field(model: type[Any], name: str) -> str:
    """A model field's English description: the one place a field's meaning is written."""
    return str(model.model_fields[name].description or "")


def _col(name: str, kind: str, description: str, required: bool = False) -> Column:
    return Column(name, kind, description, required)


_RECORD_ID = _col("record_id", "string", "Id of the record (records.csv: id).", True)
_ITEM = _col(
    "item",
    "integer",
    "Number of the item in the record's list, from 0 (as the "
    "evidence field names it: units.0 is item 0).",
    True,
)
_TO_RECORD = ForeignKey(("record_id",), "records", ("id",))


def _record_items(
    model: SiteModel, make: Callable[[RecordPage, int, Any], Row], attribute: str
) -> Iterator[Row]:
    for page in model.records:
        for index, item in enumerate(getattr(page.record, attribute)):
            yield make(page, index, item)


def _units(model: SiteModel) -> Iterator[Row]:
    def row(page: RecordPage, index: int, unit: UnitTakingPart) -> Row:
        return (page.id, index, unit.id, unit.role)

    return _record_items(model, row, "units")


def _officials(model: SiteModel) -> Iterator[Row]:
    def row(page: RecordPage, index: int, official: Official) -> Row:
        return (
            page.id,
            index,
            official.person,
            model.person(official.person).name,
            official.rank,
            official.position,
            official.unit,
            official.organisation,
        )

    return _record_items(model, row, "officials")


def _appeals(model: SiteModel) -> Iterator[Row]:
    def row(page: RecordPage, index: int, appeal: Any) -> Row:
        return (page.id, index, appeal.code, appeal.audience)

    return _record_items(model, row, "appeals")


def _sources(model: SiteModel) -> Iterator[Row]:
    def row(page: RecordPage, index: int, source: Source) -> Row:
        return (
            page.id,
            index + 1,
            source.title,
            source.outlet,
            source.url,
            source.author,
            source.published,
            source.language,
            source.origin,
            source.origin_basis,
        )

    return _record_items(model, row, "sources")


def _evidence(model: SiteModel) -> Iterator[Row]:
    def row(page: RecordPage, index: int, item: Evidence) -> Row:
        return (page.id, index, item.field, item.source, item.quote)

    return _record_items(model, row, "evidence")


def _unit_rows(model: SiteModel) -> Iterator[Row]:
    for unit in sorted(model.dataset.units.values(), key=lambda u: u.id):
        yield (
            unit.id,
            unit.name,
            unit.kind,
            unit.branch,
            unit.parent,
            unit.region,
            "; ".join(unit.area),
        )


def _region_rows(model: SiteModel) -> Iterator[Row]:
    for region in sorted(model.dataset.regions.values(), key=lambda r: r.code):
        province = region.code.split(".")[0] if "." in region.code else None
        yield (region.code, region.name, region.kind, province)


def _organisation_rows(model: SiteModel) -> Iterator[Row]:
    for item in sorted(model.dataset.organisations.values(), key=lambda o: o.id):
        yield (item.id, item.name, item.kind, item.region)


def _election_rows(model: SiteModel) -> Iterator[Row]:
    for item in sorted(model.dataset.elections.values(), key=lambda e: e.id):
        yield (item.id, item.name, item.voting_day.isoformat())


def _operation_rows(model: SiteModel) -> Iterator[Row]:
    for item in sorted(model.dataset.operations.values(), key=lambda o: o.id):
        yield (item.id, item.name, item.election, item.unit)


def _people_rows(model: SiteModel) -> Iterator[Row]:
    for person in sorted(model.dataset.people.values(), key=lambda p: p.id):
        yield (person.id, person.name, "; ".join(person.also_known_as))


_UNIT_FK = ForeignKey(("unit_id",), "units", ("id",))

LONG_TABLES: tuple[Table, ...] = (
    Table(
        "record_units",
        "Every security unit of every record, with its role.",
        (
            _RECORD_ID,
            _ITEM,
            _col("unit_id", "string", "Unit id (units.csv).", True),
            _col("role", "string", _field(UnitTakingPart, "role"), True),
        ),
        ("record_id", "item"),
        _units,
        (_TO_RECORD, _UNIT_FK),
    ),
    Table(
        "record_officials",
        "Every official named in every record.",
        (
            _RECORD_ID,
            _ITEM,
            _col("person_id", "string", _field(Official, "person"), True),
            _col("name", "string", "The person's name as people.csv gives it."),
            _col("rank", "string", _field(Official, "rank")),
            _col("position", "string", _field(Official, "position"), True),
            _col("unit_id", "string", _field(Official, "unit")),
            _col("organisation_id", "string", _field(Official, "organisation")),
        ),
        ("record_id", "item"),
        _officials,
        (
            _TO_RECORD,
            ForeignKey(("person_id",), "people", ("id",)),
            _UNIT_FK,
            ForeignKey(("organisation_id",), "organisations", ("id",)),
        ),
    ),
    Table(
        "record_appeals",
        "Every appeal of every record, with whom it was addressed to.",
        (
            _RECORD_ID,
            _ITEM,
            _col("code", "string", "What was asked (codebook: appeals).", True),
            _col("audience", "string", "Whom it was addressed to (codebook: audience).", True),
        ),
        ("record_id", "item"),
        _appeals,
        (_TO_RECORD,),
    ),
    Table(
        "record_sources",
        "Every source of every record.",
        (
            _RECORD_ID,
            _col(
                "source",
                "integer",
                "Number of the source in the record, from 1 (as evidence.csv cites it).",
                True,
            ),
            _col("title", "string", _field(Source, "title"), True),
            _col("outlet", "string", _field(Source, "outlet")),
            _col("url", "string", _field(Source, "url")),
            _col("author", "string", _field(Source, "author")),
            _col("published", "string", _field(Source, "published")),
            _col("language", "string", _field(Source, "language"), True),
            _col("origin", "string", _field(Source, "origin"), True),
            _col("origin_basis", "string", _field(Source, "origin_basis")),
        ),
        ("record_id", "source"),
        _sources,
        (_TO_RECORD,),
    ),
    Table(
        "evidence",
        "The source's own words for every coded claim of every record.",
        (
            _RECORD_ID,
            _ITEM,
            _col("field", "string", _field(Evidence, "field"), True),
            _col("source", "integer", _field(Evidence, "source"), True),
            _col("quote", "string", _field(Evidence, "quote"), True),
        ),
        ("record_id", "item"),
        _evidence,
        (
            _TO_RECORD,
            ForeignKey(("record_id", "source"), "record_sources", ("record_id", "source")),
        ),
    ),
)
"""One row per item of a record's list fields."""

REFERENCE_TABLES: tuple[Table, ...] = (
    Table(
        "units",
        "Police and army units; parent gives the chain of command.",
        (
            _col("id", "string", "Unit id.", True),
            _col("name", "string", "Name.", True),
            _col("kind", "string", "Kind of unit (Polres, Kodim, ...).", True),
            _col("branch", "string", "police (Polri) or army (TNI AD).", True),
            _col("parent", "string", "Id of the unit above it."),
            _col("region", "string", _field(Unit, "region"), True),
            _col("area", "string", _field(Unit, "area") + " Codes joined with '; '."),
        ),
        ("id",),
        _unit_rows,
        (ForeignKey(("parent",), "units", ("id",)), ForeignKey(("region",), "regions", ("code",))),
    ),
    Table(
        "regions",
        "Provinces and regencies/cities by Kemendagri code (text, not numbers: 35.10 is not 35.1).",
        (
            _col("code", "string", "Kemendagri code.", True),
            _col("name", "string", "Name.", True),
            _col("kind", "string", "province, regency or city.", True),
            _col("province", "string", "Code of the province, for a regency or city."),
        ),
        ("code",),
        _region_rows,
        (ForeignKey(("province",), "regions", ("code",)),),
    ),
    Table(
        "organisations",
        "Non-security organisations: election bodies, local government.",
        (
            _col("id", "string", "Organisation id.", True),
            _col("name", "string", "Name.", True),
            _col("kind", "string", "Kind of organisation.", True),
            _col("region", "string", "Kemendagri code of its region.", True),
        ),
        ("id",),
        _organisation_rows,
        (ForeignKey(("region",), "regions", ("code",)),),
    ),
    Table(
        "elections",
        "Elections and their voting days.",
        (
            _col("id", "string", "Election id.", True),
            _col("name", "string", "Name.", True),
            _col("voting_day", "date", "Voting day.", True),
        ),
        ("id",),
        _election_rows,
    ),
    Table(
        "operations",
        "Named security operations.",
        (
            _col("id", "string", "Operation id.", True),
            _col("name", "string", "Name.", True),
            _col("election", "string", "Election id.", True),
            _col("unit", "string", "Unit that runs it, when known."),
        ),
        ("id",),
        _operation_rows,
        (ForeignKey(("election",), "elections", ("id",)), ForeignKey(("unit",), "units", ("id",))),
    ),
    Table(
        "people",
        "Officials named in records: one id however the sources spell the name.",
        (
            _col("id", "string", "Person id.", True),
            _col("name", "string", "Name.", True),
            _col("also_known_as", "string", "Other spellings in the sources, joined with '; '."),
        ),
        ("id",),
        _people_rows,
    ),
)
"""The reference tables of content/, as published."""
