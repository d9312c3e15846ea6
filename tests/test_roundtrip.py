"""Property: a valid record survives every form it is published or written in.

Records are generated from the models themselves (ids from the id pattern,
enumerations from the ``Literal`` types, references from the real reference
tables), and each one must:

(a) validate with ``Record.model_validate``;
(b) dump to JSON that the published JSON Schema (2020-12) accepts;
(c) come back equal from that JSON;
(d) keep id, kind, date, the derived lead_unit and the id lists through the CSV download;
(e) come back equal when written as a record file and read by ``validate_content``.

Lossy by design, and so not compared exactly in (d): the CSV joins lists with
``'; '``, so free-text lists (``quality_notes``, ``source_titles``, ...) split
back to the same list only when no element itself contains ``'; '``;
``source_outlets`` and ``source_urls`` drop missing values, so they no longer
say which source they belong to; ``places``, ``officials`` and ``contacts`` are
flattened to display text; ``summary`` and ``summary_en`` are stripped of
surrounding white space. Id lists (``units``, ``unit_roles``, ``partners``, ``appeals``,
``appeal_audiences``) are lossless: an id or code never contains ``';'``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from helpers_content import make_site, write_record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from generator.downloads import csv_row, neutralise, records_csv
from generator.errors import ContentInvalid
from generator.models import (
    ID_PATTERN,
    MAX_QUOTE_WORDS,
    Appeal,
    Audience,
    Channel,
    DateBasis,
    DatePart,
    DatePrecision,
    Kind,
    Origin,
    PlaceType,
    Qualifier,
    Record,
    UnitRole,
)
from generator.site import RecordPage
from generator.summary import render_summary
from generator.validate import PHONE, validate_content

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.test"
SCHEMA = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())

TABLES = validate_content(ROOT / "content")
"""The real reference tables, whose ids generated records refer to."""

UNITS = sorted(TABLES.units)
REGIONS = sorted(TABLES.regions)
ELECTIONS = sorted(TABLES.elections)
ORGANISATIONS = sorted(TABLES.organisations)
PEOPLE = sorted(TABLES.people)

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

NEEDS_COUNT = ("exact", "about", "at_least", "more_than")


# --- Strategies ------------------------------------------------------------------------------


def no_phone(text: str) -> bool:
    """Phone numbers are allowed only under contacts (PRIVATE_DATA elsewhere)."""
    return PHONE.search(text) is None


PRINTABLE = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
"""Printable text: no control, format, surrogate, private or unassigned characters."""


def text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text with something visible in it (the models refuse text of spaces only)."""
    return st.text(PRINTABLE, min_size=1, max_size=max_size).filter(
        lambda t: no_phone(t) and not t.isspace()
    )


def markdown(max_size: int = 300) -> st.SearchStrategy[str]:
    """Multi-line text: printable characters and line feeds."""
    return st.text(st.one_of(PRINTABLE, st.just("\n")), max_size=max_size).filter(no_phone)


ids = st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 120 and no_phone(s))
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2024, 12, 31))


def sample(values: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(sorted(values))


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https"]))
    host = draw(st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True))
    tld = draw(st.from_regex(r"[a-z]{2,6}", fullmatch=True))
    path = draw(
        st.from_regex(r"(?:/[A-Za-z0-9._~%-]{0,20}){0,3}(?:\?[a-z]=[a-z0-9]{1,5})?", fullmatch=True)
    )
    url = f"{scheme}://{host}.{tld}{path}"
    return url


@st.composite
def published(draw: st.DrawFn) -> str:
    moment = draw(
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2024, 12, 31, 23, 59, 59))
    )
    if draw(st.booleans()):
        return moment.date().isoformat()
    value = moment.strftime("%Y-%m-%dT%H:%M")
    if draw(st.booleans()):
        value += moment.strftime(":%S")
    return value + draw(st.sampled_from(["", "Z", "+07:00", "+08:00", "+09:00", "-03:30"]))


def maybe(data: dict[str, Any], key: str, value: Any, draw: st.DrawFn) -> None:
    """Optional field: absent, explicitly null, or given."""
    how = draw(st.sampled_from(["absent", "null", "given", "given"]))
    if how == "null":
        data[key] = None
    elif how == "given":
        data[key] = value


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Any]:
    source: dict[str, Any] = {
        "title": draw(text()),
        "language": draw(st.from_regex(r"[a-z]{2,3}", fullmatch=True)),
        "origin": draw(st.sampled_from(get_args(Origin))),
    }
    if source["origin"] != "unknown":
        source["origin_basis"] = draw(text())
    else:
        maybe(source, "origin_basis", draw(text()), draw)
    maybe(source, "outlet", draw(text()), draw)
    maybe(source, "url", draw(urls().filter(no_phone)), draw)
    maybe(source, "author", draw(text()), draw)
    maybe(source, "published", draw(published()), draw)
    return source


@st.composite
def officials(draw: st.DrawFn) -> dict[str, Any]:
    official: dict[str, Any] = {"person": draw(sample(PEOPLE)), "position": draw(text())}
    maybe(official, "rank", draw(text(20)), draw)
    affiliation = draw(st.sampled_from(["none", "unit", "organisation"]))
    if affiliation == "unit":
        official["unit"] = draw(sample(UNITS))
    elif affiliation == "organisation":
        official["organisation"] = draw(sample(ORGANISATIONS))
    return official


@st.composite
def contacts(draw: st.DrawFn) -> dict[str, Any]:
    value = draw(
        st.one_of(
            text(), st.from_regex(r"0[0-9]{3}-[0-9]{2}-[0-9]{4}", fullmatch=True), st.just("110")
        )
    )
    contact: dict[str, Any] = {"channel": draw(st.sampled_from(get_args(Channel))), "value": value}
    maybe(contact, "unit", draw(sample(UNITS)), draw)
    return contact


@st.composite
def record_data(draw: st.DrawFn) -> dict[str, Any]:
    """A record as front matter data: valid, and every reference resolves."""
    election = draw(sample(ELECTIONS))
    units = draw(st.lists(sample(UNITS), min_size=1, max_size=4, unique=True))
    roles = draw(
        st.lists(
            st.sampled_from([r for r in get_args(UnitRole) if r != "lead"]),
            min_size=len(units),
            max_size=len(units),
        )
    )
    if draw(st.booleans()):  # at most one unit leads
        roles[draw(st.integers(0, len(units) - 1))] = "lead"
    precision = draw(st.sampled_from(get_args(DatePrecision)))
    day = draw(days)
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = date(day.year, 1, 1)
    data: dict[str, Any] = {
        "id": draw(ids),
        "kind": draw(st.sampled_from(get_args(Kind))),
        "activity": draw(text()),
        "date": day.isoformat(),
        "date_basis": draw(st.sampled_from(get_args(DateBasis))),
        "election": election,
        "units": [{"id": unit, "role": role} for unit, role in zip(units, roles, strict=True)],
        "region": draw(sample(REGIONS)),
        "sources": draw(st.lists(sources(), min_size=1, max_size=3)),
    }
    if precision != "day" or draw(st.booleans()):
        data["date_precision"] = precision
    operations = sorted(o.id for o in TABLES.operations.values() if o.election == election)
    if operations:
        maybe(data, "operation", draw(st.sampled_from(operations)), draw)
    lists = {
        "date_inferred": st.lists(st.sampled_from(get_args(DatePart)), max_size=2, unique=True),
        "partners": st.lists(sample(ORGANISATIONS), max_size=3),
        "places": st.lists(
            st.fixed_dictionaries({"name": text(), "type": st.sampled_from(get_args(PlaceType))}),
            max_size=3,
        ),
        "officials": st.lists(officials(), max_size=3),
        "appeals": st.lists(
            st.fixed_dictionaries(
                {
                    "code": st.sampled_from(get_args(Appeal)),
                    "audience": st.sampled_from(get_args(Audience)),
                }
            ),
            max_size=4,
        ),
        "contacts": st.lists(contacts(), max_size=2),
        "quality_notes": st.lists(text(), max_size=3),
    }
    for key, strategy in lists.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    qualifier = draw(st.sampled_from(get_args(Qualifier)))
    personnel: dict[str, Any] = {"qualifier": qualifier}
    if qualifier in NEEDS_COUNT:
        personnel["count"] = draw(st.integers(min_value=1, max_value=1_000_000))
    elif draw(st.booleans()):
        personnel["count"] = None
    maybe(data, "personnel", personnel, draw)
    maybe(data, "summary_en", draw(markdown()), draw)
    if draw(st.booleans()):
        data["date_end"] = (day + timedelta(days=draw(st.integers(0, 30)))).isoformat()
    if draw(st.booleans()):
        data["draft"] = False
    # Evidence for every claim that needs it, and maybe for others.
    claims = [
        "date",
        *(f"units.{i}" for i in range(len(data["units"]))),
        *(f"officials.{i}" for i in range(len(data.get("officials") or []))),
        *(f"appeals.{i}" for i in range(len(data.get("appeals") or []))),
        *(["personnel"] if data.get("personnel") else []),
        "region",
        "kind",
    ]
    word = text(12).map(lambda w: "".join(w.split()) or "x")
    quote = st.lists(word, min_size=1, max_size=MAX_QUOTE_WORDS).map(" ".join)
    data["evidence"] = [
        {
            "field": claim,
            "source": draw(st.integers(1, len(data["sources"]))),
            "quote": draw(quote.filter(no_phone)),
        }
        for claim in claims
    ]
    return data


# --- Helpers ---------------------------------------------------------------------------------


def page_of(record: Record, summary: str) -> RecordPage:
    return RecordPage(
        record=record,
        summary=summary,
        summary_html=render_summary(summary),
        summary_en_html=render_summary(record.summary_en) if record.summary_en else "",
        source_path=f"content/records/{record.id}.md",
        election=TABLES.elections[record.election],
        lead_unit=TABLES.units[record.lead_unit] if record.lead_unit else None,
        unit=TABLES.units[record.lead_unit or record.units[0].id],
        region=TABLES.regions[record.region],
        people=tuple(TABLES.people[o.person] for o in record.officials),
    )


def split(cell: str) -> list[str]:
    """Undo the CSV's ``'; '`` join (an empty cell is an empty list)."""
    return cell.split("; ") if cell else []


def record_file(record: Record, body: str, *, full: bool) -> str:
    """The record as an editor would write it: YAML front matter, then Markdown.

    ``full`` writes every field, defaults and nulls included; otherwise only those given.
    """
    data = record.model_dump(mode="json", exclude_defaults=not full)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert f"\ndate: '{record.date.isoformat()}'\n" in front, "the date must be quoted"
    return f"---\n{front}---\n{body}"


@pytest.fixture(scope="module")
def content() -> Iterator[Path]:
    """The real reference tables and no records."""
    directory = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    try:
        yield make_site(directory, records=False, base=False)
    finally:
        shutil.rmtree(directory)


# --- Properties ------------------------------------------------------------------------------


@SETTINGS
@given(data=record_data())
def test_valid_record_validates_matches_schema_and_round_trips_json(data: dict[str, Any]) -> None:
    record = Record.model_validate(data)  # (a)
    dump = record.model_dump(mode="json")
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(dump)]
    assert not errors  # (b)
    again = Record.model_validate(json.loads(json.dumps(dump)))
    assert again == record  # (c)
    assert again.model_dump(mode="json") == dump


@SETTINGS
@given(data=record_data(), summary=markdown())
def test_csv_row_reads_back(data: dict[str, Any], summary: str) -> None:
    record = Record.model_validate(data)
    page = page_of(record, summary)
    written = records_csv([page], SITE_URL)
    rows = list(csv.DictReader(io.StringIO(written.decode("utf-8"), newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row == {column: neutralise(value) for column, value in csv_row(page, SITE_URL).items()}
    assert row["id"] == record.id
    assert row["kind"] == record.kind
    assert date.fromisoformat(row["date"]) == record.date
    assert row["date_precision"] == record.date_precision
    assert row["election"] == record.election
    assert row["operation"] == (record.operation or "")
    assert row["lead_unit"] == (record.lead_unit or "")
    assert row["region"] == record.region
    assert split(row["units"]) == [unit.id for unit in record.units]
    assert split(row["unit_roles"]) == [unit.role for unit in record.units]
    assert split(row["partners"]) == record.partners
    assert split(row["appeals"]) == [appeal.code for appeal in record.appeals]
    assert split(row["appeal_audiences"]) == [appeal.audience for appeal in record.appeals]
    personnel = record.personnel
    assert row["personnel_qualifier"] == (personnel.qualifier if personnel else "")
    assert row["personnel_count"] == (str(personnel.count) if personnel and personnel.count else "")
    assert row["activity"] == neutralise(record.activity)
    assert row["summary"] == neutralise(summary.strip())
    assert row["summary_en"] == neutralise((record.summary_en or "").strip())
    assert row["url"] == f"{SITE_URL}/records/{record.id}/"
    # Free-text lists: lossless unless an element itself holds the separator.
    for column, values in [
        ("quality_notes", record.quality_notes),
        ("source_titles", [s.title for s in record.sources]),
    ]:
        if not any("; " in value for value in values):
            assert row[column] == neutralise("; ".join(values)), column
    assert split(row["source_origins"]) == [s.origin for s in record.sources]


@SETTINGS
@given(data=record_data(), body=markdown(), full=st.booleans())
def test_record_file_loads_back_equal(
    content: Path, data: dict[str, Any], body: str, full: bool
) -> None:
    record = Record.model_validate(data)
    path = write_record(content, f"{record.id}.md", record_file(record, body, full=full))
    try:
        try:
            dataset = validate_content(content)
        except ContentInvalid as exc:
            raise AssertionError(f"{exc}\n--- file:\n{path.read_text(encoding='utf-8')}") from None
    finally:
        path.unlink()
    [entry] = dataset.entries
    assert entry.record == record  # (e)
    assert entry.summary == body.strip("\n") + "\n"
    assert entry.path == f"content/records/{record.id}.md"


# --- Guards on the strategies ----------------------------------------------------------------


def test_generated_records_use_every_field() -> None:
    """The strategy reaches every field of the model, so the properties cover all of them."""
    seen: set[str] = set()

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=record_data())
    def collect(data: dict[str, Any]) -> None:
        seen.update(key for key, value in data.items() if value not in (None, []))

    collect()
    assert seen == set(Record.model_fields)


def test_dates_stay_in_range_and_are_not_in_the_future() -> None:
    assert date(2024, 12, 31) < date.today() - timedelta(days=1)
