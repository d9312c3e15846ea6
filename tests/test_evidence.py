"""Record v2: every coded claim carries the source's words, and roles say no more than it does.

Each rule of issue #14 has a failing fixture here, made by one edit of the valid
base record, and checked for its stable code, field and line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers_content import (
    BASE,
    BASE_ID,
    BASE_NAME,
    BASE_PATH,
    CONTENT,
    base_with,
    edit,
    errors_of,
    line_of,
    make_site,
    validate,
    where,
    write_record,
)

from generator.build import build_site
from generator.errors import ContentInvalid
from generator.models import EVIDENCE_REQUIRED, MAX_QUOTE_WORDS


def errors(tmp_path: Path, text: str) -> list[tuple[str, int | None, str, str]]:
    """Every error of a site holding the real records and ``text``; [] when it is valid."""
    content = make_site(tmp_path, base=False)
    write_record(content, BASE_NAME, text)
    try:
        validate(content)
    except ContentInvalid as invalid:
        return where(invalid.errors)
    return []


def test_evidence_pointing_at_nothing(tmp_path: Path) -> None:
    text = base_with("  - field: units.1\n", "  - field: units.7\n")
    assert errors(tmp_path, text) == [
        (BASE_PATH, line_of(text, "- id: kodim-0820"), "units[1]", "EVIDENCE_MISSING"),
        (BASE_PATH, line_of(text, "field: units.7"), "evidence[2].field", "EVIDENCE_TARGET"),
    ]


@pytest.mark.parametrize("field", ["summary", "draft", "places.0.nama", "evidence.0"])
def test_evidence_for_what_is_no_claim(tmp_path: Path, field: str) -> None:
    text = base_with(
        "  - field: units.1\n",
        f"  - field: units.1\n    source: 1\n    quote: x\n  - field: {field}\n",
    )
    found = errors(tmp_path, text)
    assert found == [
        (BASE_PATH, line_of(text, f"field: {field}"), "evidence[3].field", "EVIDENCE_TARGET")
    ]


def test_evidence_source_out_of_range(tmp_path: Path) -> None:
    text = base_with("  - field: personnel\n    source: 1", "  - field: personnel\n    source: 2")
    assert errors(tmp_path, text) == [
        (BASE_PATH, line_of(text, "source: 2"), "evidence[3].source", "EVIDENCE_SOURCE")
    ]


def test_quote_over_the_word_limit(tmp_path: Path) -> None:
    long_quote = " ".join(["kata"] * (MAX_QUOTE_WORDS + 1))
    text = base_with("    quote: sekitar 120 personel", f"    quote: {long_quote}")
    assert errors(tmp_path, text) == [
        (BASE_PATH, line_of(text, long_quote), "evidence[3].quote", "QUOTE_TOO_LONG")
    ]
    at_limit = base_with(
        "    quote: sekitar 120 personel", "    quote: " + " ".join(["kata"] * MAX_QUOTE_WORDS)
    )
    assert errors(tmp_path / "ok", at_limit) == []


@pytest.mark.parametrize(
    ("claim", "location", "needle"),
    [
        ("date", "date", "^date:"),
        ("units.0", "units[0]", "- id: polres-probolinggo"),
        ("officials.1", "officials[1]", "- person: ketua-kpu-contoh"),
        ("personnel", "personnel", "^personnel:"),
        ("appeals.1", "appeals[1]", "- code: not_provoked"),
    ],
)
def test_every_required_claim_needs_evidence(
    tmp_path: Path, claim: str, location: str, needle: str
) -> None:
    start = BASE.index(f"  - field: {claim}\n")
    end = (
        BASE.index("  - field:", start + 1)
        if BASE.find("  - field:", start + 1) > 0
        else (BASE.index("summary_en:"))
    )
    text = BASE[:start] + BASE[end:]
    assert errors(tmp_path, text) == [
        (BASE_PATH, line_of(text, needle), location, "EVIDENCE_MISSING")
    ]


def test_required_claims_are_the_documented_ones() -> None:
    assert EVIDENCE_REQUIRED == ("date", "units", "officials", "personnel", "appeals")


def test_origin_needs_its_basis(tmp_path: Path) -> None:
    text = base_with("    origin_basis: The outlet's reporter went along on the patrol.\n", "")
    assert errors(tmp_path, text) == [
        (
            BASE_PATH,
            line_of(text, "origin: independent"),
            "sources[0].origin",
            "ORIGIN_BASIS_MISSING",
        )
    ]
    unknown = edit(text, "origin: independent", "origin: unknown")
    assert errors(tmp_path / "unknown", unknown) == []


def test_inferred_part_must_be_a_date_part(tmp_path: Path) -> None:
    text = base_with("date_basis: activity\n", "date_basis: activity\ndate_inferred: [week]\n")
    assert errors(tmp_path, text) == [
        (BASE_PATH, line_of(text, "date_inferred"), "date_inferred[0]", "NOT_ALLOWED")
    ]


def test_only_one_unit_leads(tmp_path: Path) -> None:
    text = base_with("    role: participant", "    role: lead")
    assert errors(tmp_path, text) == [
        (BASE_PATH, line_of(text, "- id: kodim-0820") + 1, "units[1].role", "MULTIPLE_LEADS")
    ]


def test_end_before_start_is_refused(tmp_path: Path) -> None:
    text = base_with("date_basis: activity\n", 'date_basis: activity\ndate_end: "2024-02-09"\n')
    assert [code for *_, code in errors(tmp_path, text)] == ["INVALID_VALUE"]


def test_no_lead_means_null_lead_unit_and_no_organiser(tmp_path: Path) -> None:
    content = make_site(tmp_path, base=False)
    write_record(content, BASE_NAME, base_with("    role: lead", "    role: unknown"))
    output = tmp_path / "site"
    build_site(content, output)
    record = json.loads((output / "records" / f"{BASE_ID}.json").read_text(encoding="utf-8"))
    assert record["lead_unit"] is None
    assert [u["role"] for u in record["units"]] == ["unknown", "participant"]
    page = (output / "records" / BASE_ID / "index.html").read_text(encoding="utf-8")
    assert '"organizer"' not in page
    assert "peran tidak disebutkan" in page
    assert "ikut serta" in page


def test_a_draft_is_validated_but_never_published(tmp_path: Path) -> None:
    content = make_site(tmp_path, base=False)
    write_record(content, BASE_NAME, base_with("kind: patrol\n", "kind: patrol\ndraft: true\n"))
    dataset = validate(content)
    assert [d.record.id for d in dataset.drafts] == [BASE_ID]
    assert BASE_ID not in {e.record.id for e in dataset.entries}
    broken = base_with("kind: patrol\n", "kind: patroli\ndraft: true\n")
    write_record(content, BASE_NAME, broken)
    assert [code for *_, code in where(errors_of(content))] == ["NOT_ALLOWED"]


def test_every_shipped_record_has_its_required_evidence() -> None:
    dataset = validate(CONTENT)
    claims = 0
    for entry in dataset.entries:
        fields = {item.field for item in entry.record.evidence}
        record = entry.record
        needed = [
            "date",
            *(f"units.{i}" for i in range(len(record.units))),
            *(f"officials.{i}" for i in range(len(record.officials))),
            *(f"appeals.{i}" for i in range(len(record.appeals))),
            *(["personnel"] if record.personnel else []),
        ]
        assert [claim for claim in needed if claim not in fields] == [], record.id
        claims += len(fields)
    assert claims >= 50


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _seed_of(title: str) -> str:
    wanted = re.sub(r"\W+", " ", title).lower().strip()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        head = " ".join(text.lstrip().splitlines()[:5])
        if wanted in re.sub(r"\W+", " ", head).lower():
            return text
    raise AssertionError(f"no seed article titled {title!r}")


@pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="the seed articles (../shared/seeds) are not in the repository; run where they are",
)
def test_every_quote_is_verbatim_from_its_article() -> None:
    for entry in validate(CONTENT).entries:
        record = entry.record
        for item in record.evidence:
            article = _seed_of(record.sources[item.source - 1].title)
            assert item.quote in article, (record.id, item.field, item.quote)
            assert len(item.quote.split()) <= MAX_QUOTE_WORDS
