"""Validation: one test per rule, each a minimal edit of a valid record or table.

Every test asserts the stable code and the place (file, line, field) of the
error, and that nothing else is reported. Known bugs are pinned with strict
``xfail`` tests, which start failing (XPASS) once the bug is fixed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers_content import (
    BASE,
    BASE_ID,
    BASE_NAME,
    BASE_PATH,
    base_with,
    edit,
    errors_of,
    line_of,
    make_site,
    validate,
    where,
    write_record,
)

from generator.errors import ContentError, ContentInvalid
from generator.validate import revalidate, validate_content

MALANG = "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"


def record_errors(
    tmp_path: Path, text: str, today: date | None = None, records: bool = True
) -> list[ContentError]:
    """The errors of the content with the base record as ``text``; and, the one source of
    the checks, the same errors when ``serve`` checks that saved file alone against the
    content in memory (or a read of every file, where the check needs them all)."""
    content = make_site(tmp_path, records=records)
    before = validate_content(content, today=today)
    path = write_record(content, BASE_NAME, text)
    errors = errors_of(content, today)
    alone: list[ContentError] | None = None
    try:
        alone = [] if revalidate(before, content, [path], today=today) is None else None
    except ContentInvalid as invalid:
        alone = invalid.errors
    assert alone is not None, f"serve would publish what the build refuses: {errors}"
    assert alone in ([], errors)  # [] when it reads every file, as the build does
    return errors


def one_error(tmp_path: Path, text: str, **kwargs: object) -> ContentError:
    errors = record_errors(tmp_path, text, **kwargs)  # type: ignore[arg-type]
    assert len(errors) == 1, "\n".join(map(str, errors))
    assert errors[0].path == BASE_PATH
    return errors[0]


def check(tmp_path: Path, text: str, needle: str, field: str, code: str) -> ContentError:
    """Exactly one error, in the base record, on the line holding ``needle``."""
    error = one_error(tmp_path, text)
    assert (error.line, error.field, error.code) == (line_of(text, needle), field, code), error
    assert str(error) == f"{BASE_PATH}:{error.line}: {field or '-'}: {error.message} [{code}]"
    return error


def drop(line: str) -> str:
    return base_with(line + "\n", "")


# --- the valid fixtures -------------------------------------------------------------------------


def test_real_content_is_valid() -> None:
    from helpers_content import CONTENT

    dataset = validate(CONTENT)
    names = sorted(p.stem for p in (CONTENT / "records").glob("*.md"))
    assert sorted(entry.record.id for entry in dataset.entries) == names
    assert len(names) >= 5


def test_base_record_is_valid(tmp_path: Path) -> None:
    dataset = validate(make_site(tmp_path))
    entry = next(e for e in dataset.entries if e.record.id == BASE_ID)
    assert entry.path == BASE_PATH
    assert entry.record.date == date(2024, 2, 10)
    assert entry.summary.startswith("Polres Probolinggo berpatroli")
    # Entries come sorted by (date, id).
    assert [e.record.date for e in dataset.entries] == sorted(
        e.record.date for e in dataset.entries
    )


# --- unknown and missing fields -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "field"),
    [
        ("kind: patrol\n", "kind: patrol\ncatatan: tambahan\n", "catatan:", "catatan"),
        ("kind: patrol\n", "kind: patrol\nKind: patrol\n", "Kind:", "Kind"),
        (
            "    type: election_office\n",
            "    type: election_office\n    lantai: 2\n",
            "lantai:",
            "places[0].lantai",
        ),
        (
            "  qualifier: about\n",
            "  qualifier: about\n  satuan: orang\n",
            "satuan:",
            "personnel.satuan",
        ),
        (
            "    origin: independent\n",
            "    origin: independent\n    link: https://a.id/x\n",
            "link:",
            "sources[0].link",
        ),
    ],
    ids=["top-level", "wrong-case", "in-place", "in-personnel", "in-source"],
)
def test_unknown_key(tmp_path: Path, old: str, new: str, needle: str, field: str) -> None:
    error = check(tmp_path, base_with(old, new), needle, field, "UNKNOWN_FIELD")
    assert "unknown field" in error.message


@pytest.mark.parametrize("field", ["kind", "activity", "date", "date_basis", "election", "region"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    line = next(line for line in BASE.splitlines() if line.startswith(f"{field}:"))
    error = one_error(tmp_path, drop(line))
    # The line of a missing field is the line of the mapping that lacks it.
    assert (error.line, error.field, error.code) == (2, field, "MISSING_FIELD")
    assert error.message == "required field is missing"


def test_missing_id(tmp_path: Path) -> None:
    error = one_error(tmp_path, drop(f"id: {BASE_ID}"))
    assert (error.line, error.field, error.code) == (2, "id", "MISSING_FIELD")


def test_missing_sources(tmp_path: Path) -> None:
    start = BASE.index("sources:\n")
    text = BASE[:start] + BASE[BASE.index("quality_notes:\n") :]
    error = one_error(tmp_path, text)
    assert (error.line, error.field, error.code) == (2, "sources", "MISSING_FIELD")


@pytest.mark.parametrize(
    ("line", "item", "field"),
    [
        (
            "    title: Patroli Dialogis Menjelang Pemungutan Suara",
            "- outlet: Contoh Media",
            "sources[0].title",
        ),
        ("    origin: independent", "- outlet: Contoh Media", "sources[0].origin"),
        ("    type: election_office", "- name: Kantor KPU", "places[0].type"),
        ("    position: Kapolres Probolinggo", "- person: wisnu-wardana", "officials[0].position"),
        ("  qualifier: about", "personnel:", "personnel.qualifier"),
    ],
)
def test_missing_nested_field_points_at_its_mapping(
    tmp_path: Path, line: str, item: str, field: str
) -> None:
    text = drop(line)
    check(tmp_path, text, item, field, "MISSING_FIELD")


# --- types and formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "hint"),
    [
        (
            "activity: patroli dialogis menjelang pemungutan suara",
            "activity: 2024",
            "activity",
            '"2024"',
        ),
        (
            "    title: Patroli Dialogis Menjelang Pemungutan Suara",
            "    title: 17.08",
            "sources[0].title",
            '"17.08"',
        ),
        ("  - name: Kantor KPU Kabupaten Probolinggo", "  - name: 110", "places[0].name", '"110"'),
    ],
    ids=["int-as-text", "float-as-text", "nested"],
)
def test_number_where_text_belongs_hints_at_quotes(
    tmp_path: Path, old: str, new: str, field: str, hint: str
) -> None:
    text = base_with(old, new)
    error = check(tmp_path, text, new.strip(), field, "INVALID_VALUE")
    assert f"write it in quotes, e.g. {hint}" in error.message


@pytest.mark.parametrize(("value", "hint"), [("35.13", '"35.13"'), ("35", '"35"')])
def test_region_code_not_quoted(tmp_path: Path, value: str, hint: str) -> None:
    text = base_with('region: "35.13"', f"region: {value}")
    error = check(tmp_path, text, f"region: {value}", "region", "INVALID_VALUE")
    assert f"YAML read {value} as a number" in error.message
    assert f"e.g. {hint}" in error.message


def test_unquoted_region_hint_keeps_trailing_zero(tmp_path: Path) -> None:
    text = base_with('region: "35.13"', "region: 35.10")
    assert 'e.g. "35.10"' in one_error(tmp_path, text).message


@pytest.mark.parametrize(
    ("old", "new", "needle", "field"),
    [
        (
            "partners:\n  - kpu-kab-probolinggo\n",
            "partners: kpu-kab-probolinggo\n",
            "partners: kpu-kab-probolinggo",
            "partners",
        ),
        ("  count: 120\n", '  count: "120"\n', 'count: "120"', "personnel.count"),
        ("  count: 120\n", "  count: 120.0\n", "count: 120.0", "personnel.count"),
        ("  count: 120\n", "  count: true\n", "count: true", "personnel.count"),
        (
            "activity: patroli dialogis menjelang pemungutan suara",
            "activity: yes",
            "activity: yes",
            "activity",
        ),
        (
            "  - Jam kegiatan tidak disebutkan.\n",
            "  - [Jam kegiatan]\n",
            "- [Jam kegiatan]",
            "quality_notes[1]",
        ),
    ],
    ids=[
        "text-for-list",
        "text-for-int",
        "float-for-int",
        "bool-for-int",
        "bool-for-text",
        "list-for-text",
    ],
)
def test_wrong_type(tmp_path: Path, old: str, new: str, needle: str, field: str) -> None:
    # Models are strict: no silent coercion between text, numbers and booleans.
    check(tmp_path, base_with(old, new), needle, field, "INVALID_VALUE")


def test_region_must_be_a_kemendagri_code(tmp_path: Path) -> None:
    text = base_with('region: "35.13"', 'region: "35-13"')
    check(tmp_path, text, 'region: "35-13"', "region", "BAD_FORMAT")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("kind: patrol", "kind: patroli", "kind"),
        ("date_precision: day", "date_precision: week", "date_precision"),
        ("    type: election_office", "    type: kantor", "places[0].type"),
        ("  qualifier: about", "  qualifier: sekitar", "personnel.qualifier"),
        ("  - code: anti_hoax", "  - code: jangan_hoaks", "appeals[0].code"),
        ("    role: lead", "    role: leader", "units[0].role"),
        (
            "    audience: public\n  - code: not",
            "    audience: warga\n  - code: not",
            "appeals[0].audience",
        ),
        ("date_basis: activity", "date_basis: report", "date_basis"),
        ("  - channel: whatsapp", "  - channel: telegram", "contacts[0].channel"),
        ("    origin: independent", "    origin: resmi", "sources[0].origin"),
    ],
)
def test_value_not_in_allowed_list(tmp_path: Path, old: str, new: str, field: str) -> None:
    check(tmp_path, base_with(old, new), new.split("\n")[0].strip(), field, "NOT_ALLOWED")


def test_language_code_format(tmp_path: Path) -> None:
    text = base_with("    language: id", "    language: ID")
    check(tmp_path, text, "language: ID", "sources[0].language", "BAD_FORMAT")


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-04-31", "2024-00-10", "0000-01-01"]
)
def test_impossible_date(tmp_path: Path, value: str) -> None:
    text = base_with('date: "2024-02-10"', f'date: "{value}"')
    error = check(tmp_path, text, f'date: "{value}"', "date", "INVALID_VALUE")
    assert "not a day in the calendar" in error.message


def test_leap_day_is_a_real_date(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with('date: "2024-02-10"', 'date: "2024-02-29"'))
    validate(content)


@pytest.mark.parametrize(
    "value",
    [
        '"10/02/2024"',
        '"2024-2-10"',
        '"20240210"',
        "20240210",
        '"2024-02-10T08:00"',
        '"10 Februari 2024"',
        '" 2024-02-10"',
        '"2024-02-10 "',
        '"２０２４-02-10"',
    ],
)
def test_date_not_yyyy_mm_dd(tmp_path: Path, value: str) -> None:
    text = base_with('date: "2024-02-10"', f"date: {value}")
    error = check(tmp_path, text, f"date: {value}", "date", "INVALID_VALUE")
    assert "YYYY-MM-DD" in error.message


def test_future_date(tmp_path: Path) -> None:
    text = base_with('date: "2024-02-10"', 'date: "2999-01-01"')
    error = check(tmp_path, text, 'date: "2999-01-01"', "date", "FUTURE_DATE")
    assert "2999-01-01 is in the future" in error.message


def test_future_is_relative_to_today(tmp_path: Path) -> None:
    content = make_site(tmp_path, records=False)
    validate(content, today=date(2024, 2, 10))  # the same day is not the future
    errors = errors_of(content, today=date(2024, 2, 9))
    assert where(errors) == [
        (BASE_PATH, line_of(BASE, "date: "), "date", "FUTURE_DATE"),
        (BASE_PATH, line_of(BASE, "published:"), "sources[0].published", "FUTURE_DATE"),
    ]


def test_future_publication_date(tmp_path: Path) -> None:
    text = base_with('published: "2024-02-10T09:30+07:00"', 'published: "2999-01-01"')
    check(tmp_path, text, "published:", "sources[0].published", "FUTURE_DATE")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ('"2024-02-30T10:00"', "INVALID_VALUE"),
        ('"2024-02-10T25:00"', "INVALID_VALUE"),
        ('"10/02/2024"', "BAD_FORMAT"),
        ('"2024-02-10 09:30"', "BAD_FORMAT"),
    ],
)
def test_bad_publication_date(tmp_path: Path, value: str, code: str) -> None:
    text = base_with('published: "2024-02-10T09:30+07:00"', f"published: {value}")
    check(tmp_path, text, "published:", "sources[0].published", code)


@pytest.mark.parametrize(
    ("precision", "value"),
    [("month", "2024-02-01"), ("year", "2024-01-01")],
)
def test_date_precision_with_fitting_date_is_valid(
    tmp_path: Path, precision: str, value: str
) -> None:
    content = make_site(tmp_path)
    text = edit(
        base_with("date_precision: day", f"date_precision: {precision}"),
        'date: "2024-02-10"',
        f'date: "{value}"',
    )
    write_record(content, BASE_NAME, text)
    validate(content)


@pytest.mark.parametrize(
    ("precision", "value", "needs"),
    [
        ("month", "2024-02-10", "1st of the month"),
        ("year", "2024-02-01", "1 January"),
        ("year", "2024-01-10", "1 January"),
    ],
)
def test_date_precision_with_day_that_does_not_fit(
    tmp_path: Path, precision: str, value: str, needs: str
) -> None:
    text = edit(
        base_with("date_precision: day", f"date_precision: {precision}"),
        'date: "2024-02-10"',
        f'date: "{value}"',
    )
    error = one_error(tmp_path, text)
    # A cross-field rule: pydantic reports it on the record itself (line 2, no field);
    # pointing at `date` or `date_precision` instead would be as right.
    assert error.code == "INVALID_VALUE"
    assert (error.line, error.field) in {
        (2, ""),
        (line_of(text, "date: "), "date"),
        (line_of(text, "date_precision:"), "date_precision"),
    }
    assert needs in error.message


# --- personnel ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "says"),
    [
        ("personnel:\n  qualifier: exact\n", "needs a count"),
        ("personnel:\n  qualifier: about\n", "needs a count"),
        ("personnel:\n  count: null\n  qualifier: more_than\n", "needs a count"),
        ("personnel:\n  count: 120\n  qualifier: hundreds\n", "drop count"),
        ("personnel:\n  count: 40\n  qualifier: dozens\n", "drop count"),
    ],
)
def test_personnel_qualifier_and_count_must_agree(tmp_path: Path, new: str, says: str) -> None:
    text = base_with("personnel:\n  count: 120\n  qualifier: about\n", new)
    error = check(tmp_path, text, "personnel:", "personnel", "INVALID_VALUE")
    assert says in error.message


@pytest.mark.parametrize("count", ["0", "-5", "1000001"])
def test_personnel_count_range(tmp_path: Path, count: str) -> None:
    text = base_with("  count: 120", f"  count: {count}")
    check(tmp_path, text, f"count: {count}", "personnel.count", "INVALID_VALUE")


def test_personnel_without_number_is_valid(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write_record(
        content,
        BASE_NAME,
        base_with("  count: 120\n  qualifier: about\n", "  qualifier: hundreds\n"),
    )
    validate(content)


# --- references ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "table"),
    [
        ("  - id: polres-probolinggo", "  - id: polres-bogus", "units[0].id", "units"),
        ("  - id: kodim-0820", "  - id: kodim-9999", "units[1].id", "units"),
        ("  - kpu-kab-probolinggo", "  - kpu-kab-bogus", "partners[0]", "organisations"),
        ('region: "35.13"', 'region: "35.99"', "region", "regions"),
        ("operation: operasi-mantap-brata", "operation: operasi-bogus", "operation", "operations"),
        (
            "    unit: polres-probolinggo\n  - person: ketua",
            "    unit: polres-bogus\n  - person: ketua",
            "officials[0].unit",
            "units",
        ),
        ("  - person: wisnu-wardana", "  - person: wisnu-bogus", "officials[0].person", "people"),
        (
            "    organisation: kpu-kab-probolinggo",
            "    organisation: kpu-bogus",
            "officials[1].organisation",
            "organisations",
        ),
        (
            "    unit: polres-probolinggo\nsources:",
            "    unit: polres-bogus\nsources:",
            "contacts[0].unit",
            "units",
        ),
    ],
    ids=[
        "lead-unit",
        "units",
        "partners",
        "region",
        "operation",
        "official-unit",
        "official-person",
        "official-organisation",
        "contact-unit",
    ],
)
def test_unknown_reference(tmp_path: Path, old: str, new: str, field: str, table: str) -> None:
    text = base_with(old, new)
    needle = new.split("\n")[0].strip()
    value = needle.removeprefix("- ").split(": ")[-1].strip('"')
    error = check(tmp_path, text, needle, field, "UNKNOWN_REFERENCE")
    assert error.message == f"{value!r} is not in {table}.yaml"


def test_unknown_election(tmp_path: Path) -> None:
    text = base_with("election: pemilu-2024", "election: pemilu-2099")
    errors = record_errors(tmp_path, text)
    # The operation then also belongs to another election: both are reported.
    assert where(errors) == [
        (BASE_PATH, line_of(text, "election:"), "election", "UNKNOWN_REFERENCE"),
        (BASE_PATH, line_of(text, "operation:"), "operation", "INCONSISTENT"),
    ]
    assert errors[0].message == "'pemilu-2099' is not in elections.yaml"


def test_unknown_election_alone(tmp_path: Path) -> None:
    text = edit(
        base_with("election: pemilu-2024", "election: pemilu-2099"),
        "operation: operasi-mantap-brata\n",
        "",
    )
    check(tmp_path, text, "election:", "election", "UNKNOWN_REFERENCE")


def test_operation_of_another_election(tmp_path: Path) -> None:
    text = base_with(
        "operation: operasi-mantap-brata", "operation: operasi-mantap-praja-semeru-2024"
    )
    error = check(tmp_path, text, "operation:", "operation", "INCONSISTENT")
    assert "belongs to election 'pilkada-2024', not 'pemilu-2024'" in error.message


def test_unit_listed_twice(tmp_path: Path) -> None:
    text = base_with(
        "  - id: kodim-0820\n    role: participant",
        "  - id: polres-probolinggo\n    role: participant",
    )
    errors = record_errors(tmp_path, text)
    lines = text.split("\n")
    second = lines.index("  - id: polres-probolinggo", lines.index("units:") + 2) + 1
    assert where(errors) == [(BASE_PATH, second, "units[1].id", "DUPLICATE_REFERENCE")]


# --- ids ----------------------------------------------------------------------------------------


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write_record(content, "zz-salinan.md", BASE)
    errors = errors_of(content)
    copy = "content/records/zz-salinan.md"
    assert where(errors) == [(copy, 2, "id", "DUPLICATE_ID"), (copy, 2, "id", "ID_MISMATCH")]
    assert errors[0].message == f"id {BASE_ID!r} is also used by {BASE_PATH}"


def test_id_must_match_file_name(tmp_path: Path) -> None:
    text = base_with(f"id: {BASE_ID}", "id: 2024-02-10-nama-lain")
    error = check(tmp_path, text, "^id:", "id", "ID_MISMATCH")
    assert repr(BASE_ID) in error.message
    assert "'2024-02-10-nama-lain'" in error.message


@pytest.mark.parametrize(
    "value",
    [
        "../x",
        "a/b",
        "'a\\b'",
        "'%2e%2e'",
        "..",
        "2024-02-10-Polres",
        "UJI",
        "-awal",
        "akhir-",
        "dua--strip",
        '"dengan spasi"',
        "titik.md",
        "garis_bawah",
        "désa",
        '"uji\\n"',
    ],
)
def test_id_format(tmp_path: Path, value: str) -> None:
    text = base_with(f"id: {BASE_ID}", f"id: {value}")
    error = check(tmp_path, text, "^id:", "id", "BAD_FORMAT")
    assert "should match pattern" in error.message


def test_id_with_trailing_newline_from_block_scalar(tmp_path: Path) -> None:
    # `$` must not match before a final newline (it does with Python's re.search).
    text = base_with(f"id: {BASE_ID}\n", f"id: |\n  {BASE_ID}\n")
    check(tmp_path, text, "id: |", "id", "BAD_FORMAT")


@pytest.mark.parametrize("value", ['""', "a" * 121], ids=["empty", "too-long"])
def test_id_length(tmp_path: Path, value: str) -> None:
    text = base_with(f"id: {BASE_ID}", f"id: {value}")
    check(tmp_path, text, "^id:", "id", "INVALID_VALUE")


# --- sources ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "ftp://example.com/berita",
        "data:text/html,<script>alert(1)</script>",
        "//example.com/berita",
        "mailto:r@example.com",
        "HTTPS://EXAMPLE.COM/",
        "http:/example.com",
        "file:///etc/passwd",
        " https://example.com/",
    ],
)
def test_url_must_be_http_or_https(tmp_path: Path, url: str) -> None:
    text = base_with("url: https://example.com/berita/patroli-dialogis", f"url: '{url}'")
    check(tmp_path, text, "url:", "sources[0].url", "BAD_FORMAT")


@pytest.mark.parametrize(
    "url", ["https://", "https://localhost/", "https://exa mple.com/", "https://example.com/a b"]
)
def test_url_needs_a_host_and_no_spaces(tmp_path: Path, url: str) -> None:
    text = base_with("url: https://example.com/berita/patroli-dialogis", f"url: '{url}'")
    error = check(tmp_path, text, "url:", "sources[0].url", "INVALID_VALUE")
    assert "http:// or https://" in error.message


@pytest.mark.parametrize("value", ["[]", "", "null"], ids=["empty-list", "empty", "null"])
def test_sources_must_not_be_empty(tmp_path: Path, value: str) -> None:
    start, end = BASE.index("sources:\n"), BASE.index("quality_notes:\n")
    text = BASE[:start] + f"sources: {value}".rstrip() + "\n" + BASE[end:]
    check(tmp_path, text, "sources:", "sources", "INVALID_VALUE")


# --- officials ----------------------------------------------------------------------------------


def test_official_with_both_unit_and_organisation(tmp_path: Path) -> None:
    text = base_with(
        "    unit: polres-probolinggo\n  - person: ketua",
        "    unit: polres-probolinggo\n    organisation: kpu-kab-probolinggo\n  - person: ketua",
    )
    error = check(tmp_path, text, "- person: wisnu-wardana", "officials[0]", "INVALID_VALUE")
    assert "either unit or organisation" in error.message


# --- private data -------------------------------------------------------------------------------

PHONES = [
    "0812-3456-7890",
    "0812 3456 7890",
    "081234567890",
    "0812.3456.7890",
    "+62 812-3456-7890",
    "+6281234567890",
    "62 812 3456 7890",
    "0335-421234",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_number_in_quality_note(tmp_path: Path, phone: str) -> None:
    note = f"  - Kontak keluarga korban {phone}, dihubungi sore hari.\n"
    text = base_with("quality_notes:\n", "quality_notes:\n" + note)
    error = check(tmp_path, text, "Kontak keluarga", "quality_notes[0]", "PRIVATE_DATA")
    assert "phone number" in error.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("activity: patroli dialogis", "activity: patroli dialogis 0812-3456-7890", "activity"),
        (
            "  - name: Kantor KPU Kabupaten Probolinggo",
            "  - name: Rumah 081234567890",
            "places[0].name",
        ),
        (
            "    position: Kapolres Probolinggo",
            "    position: Kapolres (HP 081234567890)",
            "officials[0].position",
        ),
        ("    author: Redaksi", "    author: Redaksi 0812 3456 7890", "sources[0].author"),
    ],
)
def test_phone_number_in_other_fields(tmp_path: Path, old: str, new: str, field: str) -> None:
    text = base_with(old, new)
    check(tmp_path, text, new.strip(), field, "PRIVATE_DATA")


def test_digits_of_two_fields_together_are_not_a_phone_number(tmp_path: Path) -> None:
    # Every string is searched at once, joined: the join must not make a number of two.
    content = make_site(tmp_path)
    write_record(
        content,
        BASE_NAME,
        base_with(
            "  - Jam kegiatan tidak disebutkan.\n",
            '  - Jam kegiatan tidak disebutkan.\n  - "Kode 0812"\n  - "3456-7890 (nomor surat)"\n',
        ),
    )
    validate(content)


def test_phone_number_between_other_strings_is_found(tmp_path: Path) -> None:
    # Joined without a separator, "x081234567890y" would hide the number from the search.
    text = base_with(
        "  - Jam kegiatan tidak disebutkan.\n",
        '  - Jam kegiatan tidak disebutkan\n  - "081234567890"\n  - ya\n',
    )
    check(tmp_path, text, '"081234567890"', "quality_notes[2]", "PRIVATE_DATA")


def test_phone_number_in_english_summary_points_at_the_field(tmp_path: Path) -> None:
    text = base_with("summary_en: |\n", "summary_en: |\n  Call 0812-3456-7890 for help.\n")
    check(tmp_path, text, "summary_en:", "summary_en", "PRIVATE_DATA")


@pytest.mark.parametrize("gap", ["", "\n", "\n\n\n"], ids=["no-gap", "one-blank", "three-blank"])
def test_phone_number_in_markdown_body_has_body_line(tmp_path: Path, gap: str) -> None:
    text = edit(
        base_with("---\nPolres", "---\n" + gap + "Polres"),
        "Warga diimbau",
        "Hubungi 0812-3456-7890. Warga diimbau",
    )
    check(tmp_path, text, "0812-3456-7890", "summary", "PRIVATE_DATA")


def test_phone_number_deep_in_body(tmp_path: Path) -> None:
    body = "".join(f"Paragraf {n}.\n\n" for n in range(1, 30)) + "Nomor: +62 812 3456 7890\n"
    text = BASE + "\n" + body
    check(tmp_path, text, "+62 812", "summary", "PRIVATE_DATA")


def test_phone_number_under_contacts_is_allowed(tmp_path: Path) -> None:
    # The base record has a WhatsApp number under contacts, which PHONE matches.
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with("0811-48-2000", "0812-3456-7890"))
    validate(content)


@pytest.mark.parametrize(
    "text",
    [
        "Kamis (16/11)",
        "Pemilu 2024 dan Pilkada 2024",
        "Call Center 110",
        "300 personel",
        "2024-02-10",
        "Kodim 0820/Probolinggo",
        "NRP 75080123",
    ],
)
def test_not_a_phone_number(tmp_path: Path, text: str) -> None:
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with("Warga diimbau", f"{text}. Warga diimbau"))
    validate(content)


def test_landline_with_area_code_in_parentheses(tmp_path: Path) -> None:
    text = base_with("Warga diimbau", "Telepon rumah (0335) 421234. Warga diimbau")
    check(tmp_path, text, "(0335)", "summary", "PRIVATE_DATA")


# --- reference tables ---------------------------------------------------------------------------


def _append(content: Path, table: str, entries: str) -> tuple[str, int]:
    """Append YAML entries to a table; return its new text and the index of the first one."""
    path = content / f"{table}.yaml"
    original = path.read_text(encoding="utf-8")
    text = original + entries
    path.write_text(text, encoding="utf-8")
    return text, len(yaml.safe_load(original))


def _unit(ident: str, parent: str | None = None, region: str = "35") -> str:
    lines = f"- id: {ident}\n  name: Unit {ident}\n  kind: other\n  branch: police\n"
    if parent:
        lines += f"  parent: {parent}\n"
    return lines + f'  region: "{region}"\n'


def table_errors(tmp_path: Path, table: str, entries: str) -> tuple[list[ContentError], str, int]:
    content = make_site(tmp_path, records=False, base=False)
    text, first = _append(content, table, entries)
    return errors_of(content), text, first


def test_unit_parent_self_cycle(tmp_path: Path) -> None:
    errors, text, n = table_errors(tmp_path, "units", _unit("unit-a", parent="unit-a"))
    assert where(errors) == [
        ("content/units.yaml", line_of(text, "parent: unit-a"), f"[{n}].parent", "CYCLE")
    ]
    assert "'unit-a' is its own ancestor" in errors[0].message


def test_unit_parent_cycle(tmp_path: Path) -> None:
    entries = (
        _unit("unit-a", parent="unit-b")
        + _unit("unit-b", parent="unit-c")
        + _unit("unit-c", parent="unit-a")
    )
    errors, text, n = table_errors(tmp_path, "units", entries)
    assert where(errors) == [
        ("content/units.yaml", line_of(text, "parent: unit-b"), f"[{n}].parent", "CYCLE"),
        ("content/units.yaml", line_of(text, "parent: unit-c"), f"[{n + 1}].parent", "CYCLE"),
        ("content/units.yaml", line_of(text, "parent: unit-a"), f"[{n + 2}].parent", "CYCLE"),
    ]


def test_unit_hanging_off_a_cycle_is_not_its_own_ancestor(tmp_path: Path) -> None:
    entries = (
        _unit("unit-a", parent="unit-b")
        + _unit("unit-b", parent="unit-a")
        + _unit("unit-c", parent="unit-a")
    )
    errors, _, n = table_errors(tmp_path, "units", entries)
    assert [e.field for e in errors if e.code == "CYCLE"] == [f"[{n}].parent", f"[{n + 1}].parent"]


def test_unknown_unit_parent(tmp_path: Path) -> None:
    errors, text, n = table_errors(tmp_path, "units", _unit("unit-a", parent="polda-bogus"))
    assert where(errors) == [
        (
            "content/units.yaml",
            line_of(text, "parent: polda-bogus"),
            f"[{n}].parent",
            "UNKNOWN_REFERENCE",
        )
    ]
    assert errors[0].message == "'polda-bogus' is not in units.yaml"


def test_unknown_unit_region(tmp_path: Path) -> None:
    errors, text, n = table_errors(tmp_path, "units", _unit("unit-a", region="35.99"))
    assert where(errors) == [
        ("content/units.yaml", line_of(text, '"35.99"'), f"[{n}].region", "UNKNOWN_REFERENCE")
    ]


def test_duplicate_unit_id(tmp_path: Path) -> None:
    errors, text, n = table_errors(tmp_path, "units", _unit("polres-malang", parent="polda-jatim"))
    assert where(errors) == [
        ("content/units.yaml", len(text.splitlines()) - 5, f"[{n}].id", "DUPLICATE_ID")
    ]
    assert errors[0].message == "'polres-malang' is given twice"


def test_duplicate_region_code(tmp_path: Path) -> None:
    errors, text, n = table_errors(
        tmp_path, "regions", '- code: "35.13"\n  name: Lagi\n  kind: regency\n'
    )
    assert where(errors) == [
        ("content/regions.yaml", len(text.splitlines()) - 2, f"[{n}].code", "DUPLICATE_ID")
    ]


def test_region_whose_province_is_missing(tmp_path: Path) -> None:
    errors, text, n = table_errors(
        tmp_path, "regions", '- code: "36.01"\n  name: Kabupaten Lain\n  kind: regency\n'
    )
    assert where(errors) == [
        ("content/regions.yaml", line_of(text, '"36.01"'), f"[{n}].code", "UNKNOWN_REFERENCE")
    ]
    assert errors[0].message == "'36' is not in regions.yaml (province)"


def test_operation_of_unknown_election_and_unit(tmp_path: Path) -> None:
    errors, text, n = table_errors(
        tmp_path,
        "operations",
        "- id: operasi-lain\n  name: Operasi Lain\n  election: pemilu-2099\n  unit: polres-x\n",
    )
    assert where(errors) == [
        (
            "content/operations.yaml",
            line_of(text, "pemilu-2099"),
            f"[{n}].election",
            "UNKNOWN_REFERENCE",
        ),
        ("content/operations.yaml", line_of(text, "polres-x"), f"[{n}].unit", "UNKNOWN_REFERENCE"),
    ]


def test_organisation_in_unknown_region(tmp_path: Path) -> None:
    errors, text, n = table_errors(
        tmp_path,
        "organisations",
        '- id: kpu-lain\n  name: KPU Lain\n  kind: election_commission\n  region: "35.99"\n',
    )
    assert where(errors) == [
        (
            "content/organisations.yaml",
            line_of(text, '"35.99"'),
            f"[{n}].region",
            "UNKNOWN_REFERENCE",
        )
    ]


@pytest.mark.parametrize(
    ("table", "entry", "needle", "key", "code"),
    [
        (
            "units",
            _unit("unit-a").replace("kind: other", "kind: batalyon"),
            "batalyon",
            "kind",
            "NOT_ALLOWED",
        ),
        ("units", _unit("unit-a") + "  warna: biru\n", "warna", "warna", "UNKNOWN_FIELD"),
        (
            "regions",
            "- code: 35.10\n  name: X\n  kind: regency\n",
            "code: 35.10",
            "code",
            "INVALID_VALUE",
        ),
        (
            "elections",
            '- id: pemilu-x\n  name: X\n  voting_day: "2024-02-30"\n',
            "2024-02-30",
            "voting_day",
            "INVALID_VALUE",
        ),
        (
            "organisations",
            "- id: org-x\n  name: X\n  kind: other\n",
            "- id: org-x",
            "region",
            "MISSING_FIELD",
        ),
    ],
)
def test_table_entry_is_validated(
    tmp_path: Path, table: str, entry: str, needle: str, key: str, code: str
) -> None:
    errors, text, n = table_errors(tmp_path, table, entry)
    assert where(errors) == [(f"content/{table}.yaml", line_of(text, needle), f"[{n}].{key}", code)]


@pytest.mark.parametrize("earlier", ["invalid", "duplicate"])
def test_table_errors_point_at_the_right_entry(tmp_path: Path, earlier: str) -> None:
    content = make_site(tmp_path, records=False, base=False)
    path = content / "units.yaml"
    text = path.read_text(encoding="utf-8")
    if earlier == "invalid":  # an entry the model refuses is dropped from the dict
        text = edit(text, "  kind: kodam\n", "  kind: kodam\n  warna: hijau\n")
    else:  # polres-malang given again: the dict keeps the first one's position
        text += _unit("polres-malang", parent="polda-jatim")
    text += _unit("unit-baru", parent="polres-bogus")
    path.write_text(text, encoding="utf-8")
    index = len(yaml.safe_load(text)) - 1
    errors = [e for e in errors_of(content) if "polres-bogus" in e.message]
    assert where(errors) == [
        (
            "content/units.yaml",
            line_of(text, "polres-bogus"),
            f"[{index}].parent",
            "UNKNOWN_REFERENCE",
        )
    ]


def test_errors_of_an_entry_repeated_by_an_invalid_one_point_at_it(tmp_path: Path) -> None:
    content = make_site(tmp_path, records=False, base=False)
    path = content / "units.yaml"
    text = edit(
        path.read_text(encoding="utf-8"),
        'parent: polda-jatim\n  region: "35.07"',
        'parent: polda-bogus\n  region: "35.07"',
    )
    text += "- id: polres-malang\n  name: Lagi\n"  # invalid: kind, branch, region missing
    path.write_text(text, encoding="utf-8")
    bogus = [e for e in errors_of(content) if "polda-bogus" in e.message]
    assert [(e.line, e.field) for e in bogus] == [(line_of(text, "polda-bogus"), "[1].parent")]


# --- all errors, in one run ---------------------------------------------------------------------


def test_every_error_in_every_file_is_reported_sorted(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    # The base record: two errors.
    write_record(
        content,
        BASE_NAME,
        edit(
            base_with('region: "35.13"', 'region: "35.99"'),
            "  - id: kodim-0820",
            "  - id: kodim-9999",
        ),
    )
    # A real record: one unknown key.
    malang = content / "records" / MALANG
    malang.write_text(
        edit(malang.read_text(encoding="utf-8"), "kind: patrol\n", "kind: patrol\ncatatan: x\n"),
        encoding="utf-8",
    )
    # A new record with a byte-order mark, a stray file, and a table error.
    write_record(content, "2024-03-01-uji-bom.md", b"\xef\xbb\xbf" + BASE.encode())
    write_record(content, "catatan.txt", "draft")
    _append(content, "units", _unit("unit-a", parent="polda-bogus"))
    with pytest.raises(ContentInvalid) as caught:
        validate(content)
    errors = caught.value.errors
    assert [(e.path, e.code) for e in errors] == [
        (BASE_PATH, "UNKNOWN_REFERENCE"),
        (BASE_PATH, "UNKNOWN_REFERENCE"),
        ("content/records/2024-03-01-uji-bom.md", "ENCODING"),
        (f"content/records/{MALANG}", "UNKNOWN_FIELD"),
        ("content/records/catatan.txt", "NOT_A_RECORD"),
        ("content/units.yaml", "UNKNOWN_REFERENCE"),
    ]
    assert len(errors) == 6
    assert [e.path for e in errors] == sorted(e.path for e in errors)
    assert [e.field for e in errors[:2]] == ["units[1].id", "region"]  # same file: by line
    assert str(caught.value).splitlines() == [str(e) for e in errors]


def test_every_error_in_one_record_is_reported(tmp_path: Path) -> None:
    text = base_with("kind: patrol\n", "kind: patroli\nsatu: 1\n")
    text = edit(text, "    origin: independent\n", "    dua: 2\n")
    text = edit(text, "  - code: anti_hoax\n", "  - code: hoaks\n")
    errors = record_errors(tmp_path, text)
    assert [(e.line, e.field, e.code) for e in errors] == [
        (line_of(text, "kind: patroli"), "kind", "NOT_ALLOWED"),
        (line_of(text, "satu: 1"), "satu", "UNKNOWN_FIELD"),
        (line_of(text, "- code: hoaks"), "appeals[0].code", "NOT_ALLOWED"),
        (line_of(text, "- outlet: Contoh"), "sources[0].origin", "MISSING_FIELD"),
        (line_of(text, "dua: 2"), "sources[0].dua", "UNKNOWN_FIELD"),
    ]
