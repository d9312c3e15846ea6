"""A copy of the real ``content/`` with a hostile payload in every free-text field.

One extra record per payload: its every free-text field holds exactly that
payload, and it uses its own unit, region, election, operation and
organisation, whose names are that payload too; a ``withdrawn.yaml`` entry
(another id) gives the payload as its reason. A few more records carry
"text checks": each field holds ``«field» payload`` so a test can tell, field
by field, that the reader sees the payload as text.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from .payloads import HOSTILE_HTTPS_URLS, PAYLOADS, TEXT_CHECKS, by_key

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

RECORD_FIELDS: tuple[str, ...] = (
    "activity",
    "places[].name",
    "officials[].rank",
    "officials[].position",
    "contacts[].value",
    "sources[].title",
    "sources[].outlet",
    "sources[].author",
    "sources[].origin_basis",
    "evidence[].quote",
    "quality_notes[]",
    "summary_en",
    "summary",
)
"""Free-text fields of a record (``summary`` is the Markdown body)."""

TABLE_FIELDS: tuple[str, ...] = (
    "units.name",
    "regions.name",
    "elections.name",
    "operations.name",
    "organisations.name",
    "people.name",
)
"""Names in the reference tables that pages, feeds and JSON-LD show."""

WITHDRAWN_FIELDS: tuple[str, ...] = ("withdrawn.reason",)
"""Text of ``withdrawn.yaml``: shown on the withdrawn record's page and the changelog."""

RECORD_PAGE_FIELDS = RECORD_FIELDS + TABLE_FIELDS
"""Fields a record page shows."""

FIELDS = RECORD_FIELDS + TABLE_FIELDS + WITHDRAWN_FIELDS

PROVINCE = "36"
FIRST_DAY = date(2024, 3, 1)


@dataclass
class HostileRecord:
    """One record written by the fixture, with what it should publish."""

    id: str
    front: dict[str, Any]
    body: str
    payload: str
    key: str
    tagged: bool
    """True for a text-check record: fields hold ``«field» payload``."""
    names: dict[str, str] = field(default_factory=dict)
    """Reference-table field -> the name written there (e.g. ``units.name``)."""
    withdrawal: dict[str, str] = field(default_factory=dict)
    """The ``withdrawn.yaml`` entry (another, withdrawn id) carrying the same payload."""

    @property
    def published_summary(self) -> str:
        """The summary as the loader keeps it (leading/trailing newlines trimmed)."""
        return self.body.lstrip("\n").rstrip("\n") + "\n"

    def text(self, field_name: str) -> str:
        return f"«{field_name}» {self.payload}" if self.tagged else self.payload


@dataclass
class HostileContent:
    path: Path
    records: dict[str, HostileRecord]

    def payload_records(self) -> list[HostileRecord]:
        return [r for r in self.records.values() if not r.tagged]

    def text_check_records(self) -> list[HostileRecord]:
        return [r for r in self.records.values() if r.tagged]


def dump_yaml(data: Any) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    if yaml.safe_load(text) != data:  # the payloads must reach the generator unchanged
        raise AssertionError("YAML round trip changed a payload")
    return text


def _record(
    n: int, key: str, payload: str, tagged: bool, day: date, tables: dict[str, list[dict[str, Any]]]
) -> HostileRecord:
    ident = f"xss-text-{key}" if tagged else f"xss-{key}"
    record_id = f"{day.isoformat()}-{ident}"
    region = f"{PROVINCE}.{n + 1:02d}"
    text: Callable[[str], str] = (lambda f: f"«{f}» {payload}") if tagged else (lambda f: payload)

    names = {name: text(name) for name in TABLE_FIELDS}
    withdrawal = {
        "id": f"2024-02-{day.day:02d}-{ident}-ditarik",
        "date": day.isoformat(),
        "reason": text("withdrawn.reason"),
    }
    tables["withdrawn"].append(withdrawal)
    tables["regions"].append({"code": region, "name": names["regions.name"], "kind": "regency"})
    tables["units"].append(
        {
            "id": ident,
            "name": names["units.name"],
            "kind": "polres",
            "branch": "police",
            **({"parent": "polda-jatim"} if n % 2 == 0 else {}),
            "region": region,
        }
    )
    tables["elections"].append(
        {"id": ident, "name": names["elections.name"], "voting_day": "2024-11-27"}
    )
    tables["operations"].append(
        {"id": ident, "name": names["operations.name"], "election": ident, "unit": ident}
    )
    tables["organisations"].append(
        {"id": ident, "name": names["organisations.name"], "kind": "other", "region": region}
    )
    tables["people"].append({"id": ident, "name": names["people.name"]})
    units = [
        {"id": ident, "role": "lead"},
        *([{"id": "polres-malang", "role": "participant"}] if n % 2 == 1 else []),
    ]
    claims = [
        "date",
        *(f"units.{i}" for i in range(len(units))),
        "officials.0",
        "officials.1",
        "personnel",
        "appeals.0",
    ]

    front: dict[str, Any] = {
        "id": record_id,
        "kind": "patrol" if n % 2 == 0 else "simulation",
        "activity": text("activity"),
        "date": day.isoformat(),
        "date_basis": "activity",
        "election": ident,
        "operation": ident,
        "units": units,
        "partners": [ident],
        "region": region,
        "places": [{"name": text("places[].name"), "type": "public_area"}],
        "personnel": {"count": 12, "qualifier": "about"},
        "officials": [
            {
                "person": ident,
                "rank": text("officials[].rank"),
                "position": text("officials[].position"),
                "unit": ident,
            },
            {"person": ident, "position": text("officials[].position"), "organisation": ident},
        ],
        "appeals": [{"code": "anti_hoax", "audience": "public"}],
        "contacts": [{"channel": "website", "value": text("contacts[].value"), "unit": ident}],
        "sources": [
            {
                "outlet": text("sources[].outlet"),
                "title": text("sources[].title"),
                "url": HOSTILE_HTTPS_URLS[n % len(HOSTILE_HTTPS_URLS)],
                "author": text("sources[].author"),
                "published": f"{day.isoformat()}T08:00+07:00",
                "language": "id",
                "origin": "independent",
                "origin_basis": text("sources[].origin_basis"),
            },
            {"title": text("sources[].title"), "language": "id", "origin": "unknown"},
        ],
        "quality_notes": [text("quality_notes[]")],
        "evidence": [
            {"field": claim, "source": 1, "quote": text("evidence[].quote")} for claim in claims
        ],
        "summary_en": text("summary_en"),
    }
    return HostileRecord(
        id=record_id,
        front=front,
        body=text("summary"),
        payload=payload,
        key=key,
        tagged=tagged,
        names=names,
        withdrawal=withdrawal,
    )


def write_hostile_content(target: Path) -> HostileContent:
    """Copy ``content/`` to ``target`` and add the hostile records and table entries."""
    shutil.copytree(CONTENT, target)
    tables: dict[str, list[dict[str, Any]]] = {
        name: yaml.safe_load((target / f"{name}.yaml").read_text(encoding="utf-8"))
        for name in ("units", "regions", "elections", "operations", "organisations", "people")
    }
    tables["regions"].append({"code": PROVINCE, "name": "Provinsi Uji", "kind": "province"})
    withdrawn = target / "withdrawn.yaml"
    tables["withdrawn"] = (
        yaml.safe_load(withdrawn.read_text(encoding="utf-8")) or [] if withdrawn.exists() else []
    )

    records: list[HostileRecord] = []
    for n, payload in enumerate(PAYLOADS):
        day = FIRST_DAY + timedelta(days=n % 4)
        records.append(_record(n, payload.key, payload.text, False, day, tables))
    for m, key in enumerate(TEXT_CHECKS):
        records.append(
            _record(
                len(PAYLOADS) + m,
                key,
                by_key(key).text,
                True,
                FIRST_DAY + timedelta(days=4),
                tables,
            )
        )

    for name, rows in tables.items():
        (target / f"{name}.yaml").write_text(dump_yaml(rows), encoding="utf-8")
    for record in records:
        text = f"---\n{dump_yaml(record.front)}---\n{record.body}\n"
        (target / "records" / f"{record.id}.md").write_text(text, encoding="utf-8")
    return HostileContent(path=target, records={r.id: r for r in records})
