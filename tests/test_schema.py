"""The two validators of a record's front matter agree: pydantic and the JSON Schema.

Journalists' scripts check downloads against ``schema/record.schema.json``
(published at ``/schema/record.schema.json``); editors' files are checked by
the pydantic models. Whatever the schema refuses, the models must refuse too,
and every real record must pass both.

Rules JSON Schema does not express (the models alone enforce them; these
cases are in ``PYDANTIC_ONLY`` below and deliberately not in ``BOTH_REFUSE``):

* ``date_precision`` month/year needs a date on the 1st / on 1 January (cross-field);
* ``personnel.qualifier`` and ``personnel.count`` must agree (cross-field);
* an official has a unit or an organisation, not both (cross-field; could be
  written as ``not: {required: [unit, organisation]}`` but is not generated);
* ``sources[].url`` must have a host with a dot and no spaces (schema: only
  ``^https?://``);
* ``sources[].published`` must be a real date and time (schema: only a pattern,
  no ``format``, so ``2024-02-30`` or hour 25 pass);
* counts must be JSON integers: ``120.0`` is an ``integer`` in JSON Schema
  2020-12, while strict pydantic refuses a float;
* patterns end in ``$``; python-jsonschema searches with Python's ``re``,
  where ``$`` also matches before a final newline, so ``"id\\n"`` passes the
  schema while pydantic (Rust regex) refuses it.

Calendar validity of ``date`` *is* caught by both, but only because the schema
says ``format: date`` and the validator checks formats (``FormatChecker``).
Cross-file rules (references, id = file name, future dates, phone numbers) are
out of reach of both and are tested in ``test_validate.py``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers_content import BASE, CONTENT, ROOT
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from generator.load import load_record, parse_yaml, split_front_matter
from generator.models import Record

SCHEMA = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
RECORDS = sorted((CONTENT / "records").glob("*.md"))


def _front_matter(text: str) -> dict[str, Any]:
    front, _, _ = split_front_matter(text)
    data, _ = parse_yaml(front, line_offset=1)
    assert isinstance(data, dict)
    return data


VALID = _front_matter(BASE)


def schema_errors(data: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data)]


def pydantic_refuses(data: Any) -> bool:
    try:
        Record.model_validate(data)
    except ValidationError:
        return True
    return False


def test_schema_is_a_valid_2020_12_schema_with_formats() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["date"]["format"] == "date"
    assert "date" in FormatChecker().checkers


def test_there_are_real_records() -> None:
    assert len(RECORDS) >= 5


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_real_record_passes_both(path: Path) -> None:
    data = load_record(path, path.name).data
    assert schema_errors(data) == []
    record = Record.model_validate(data)
    assert record.id == path.stem


def test_base_fixture_passes_both() -> None:
    assert schema_errors(VALID) == []
    Record.model_validate(VALID)


Change = Callable[[dict[str, Any]], None]


def _set(*path: str | int, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(key: str) -> Change:
    def change(data: dict[str, Any]) -> None:
        del data[key]

    return change


BOTH_REFUSE: dict[str, Change] = {
    "unknown key": _set("catatan", value="x"),
    "unknown nested key": _set("places", 0, "lantai", value=2),
    "kind not in enum": _set("kind", value="patroli"),
    "date_precision not in enum": _set("date_precision", value="week"),
    "appeal not in enum": _set("appeals", value=["jangan_hoaks"]),
    "origin not in enum": _set("sources", 0, "origin", value="resmi"),
    "id upper case": _set("id", value="2024-02-10-Uji"),
    "id with path": _set("id", value="../uji"),
    "id too long": _set("id", value="a" * 121),
    "id empty": _set("id", value=""),
    "missing kind": _delete("kind"),
    "missing sources": _delete("sources"),
    "missing nested title": lambda d: d["sources"][0].pop("title"),
    "url javascript": _set("sources", 0, "url", value="javascript:alert(1)"),
    "url ftp": _set("sources", 0, "url", value="ftp://example.com/x"),
    "url data": _set("sources", 0, "url", value="data:text/html,x"),
    "date d/m/y": _set("date", value="10/02/2024"),
    "date without zero padding": _set("date", value="2024-2-10"),
    "date not in calendar": _set("date", value="2024-02-30"),  # via format: date
    "personnel count negative": _set("personnel", "count", value=-5),
    "personnel count zero": _set("personnel", "count", value=0),
    "personnel count text": _set("personnel", "count", value="120"),
    "region is a number": _set("region", value=35.13),
    "region bad pattern": _set("region", value="35-13"),
    "activity is a number": _set("activity", value=2024),
    "activity empty": _set("activity", value=""),
    "units is text": _set("units", value="kodim-0820"),
    "units is null": _set("units", value=None),
    "empty sources": _set("sources", value=[]),
    "language upper case": _set("sources", 0, "language", value="ID"),
    "published bad pattern": _set("sources", 0, "published", value="10/02/2024"),
    "count is a boolean": _set("personnel", "count", value=True),
}

# Each case fails BOTH validators. Cases where only pydantic refuses (see module docstring):
PYDANTIC_ONLY: dict[str, Change] = {
    "month precision, day 10": _set("date_precision", value="month"),
    "year precision, 1 February": lambda d: d.update(date_precision="year", date="2024-02-01"),
    "exact without count": _set("personnel", value={"qualifier": "exact"}),
    "hundreds with count": _set("personnel", value={"qualifier": "hundreds", "count": 300}),
    "official with unit and organisation": _set(
        "officials", 0, "organisation", value="kpu-kab-probolinggo"
    ),
    "url with space": _set("sources", 0, "url", value="https://exa mple.com/"),
    "url without host": _set("sources", 0, "url", value="https://"),
    "published not in calendar": _set("sources", 0, "published", value="2024-02-30"),
    "published hour 25": _set("sources", 0, "published", value="2024-02-10T25:00"),
    "count as float": _set("personnel", "count", value=120.0),
    "id with final newline": _set("id", value="2024-02-10-uji\n"),
    "region with final newline": _set("region", value="35.13\n"),
}


def _mutated(change: Change) -> Any:
    data = copy.deepcopy(VALID)
    change(data)
    return data


def _both_cases() -> list[Any]:
    cases: list[Any] = [
        pytest.param(_mutated(change), id=name) for name, change in BOTH_REFUSE.items()
    ]
    cases.append(pytest.param([copy.deepcopy(VALID)], id="front matter is a list"))
    cases.append(pytest.param("id: x", id="front matter is text"))
    return cases


def test_there_are_enough_invalid_cases() -> None:
    assert len(_both_cases()) >= 10


@pytest.mark.parametrize("data", _both_cases())
def test_invalid_front_matter_fails_both(data: Any) -> None:
    assert schema_errors(data), "JSON Schema accepted it"
    assert pydantic_refuses(data), "pydantic accepted it"


@pytest.mark.parametrize("change", list(PYDANTIC_ONLY.values()), ids=list(PYDANTIC_ONLY))
def test_rules_only_the_models_enforce(change: Change) -> None:
    # The models must refuse these; the JSON Schema cannot or does not (see the docstring).
    assert pydantic_refuses(_mutated(change))


@pytest.mark.parametrize(
    "name",
    [
        "partners",
        "places",
        "officials",
        "appeals",
        "contacts",
        "quality_notes",
        "operation",
        "personnel",
        "summary_en",
        "date_precision",
        "evidence",
    ],
)
def test_optional_fields_may_be_left_out_in_both(name: str) -> None:
    data = _mutated(_delete(name))
    assert schema_errors(data) == []
    Record.model_validate(data)


def test_record_json_dump_passes_the_schema() -> None:
    # What a download would contain: the model dumped to JSON, then read back.
    for path in RECORDS:
        record = Record.model_validate(load_record(path, path.name).data)
        dumped = json.loads(record.model_dump_json(exclude_none=True))
        assert schema_errors(dumped) == [], path.name
