"""Private phone numbers never reach the site, whatever file holds them, however written
(issue #18, item 6). Official channels go under a record's ``contacts``, nowhere else."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from helpers_content import (
    BASE_PATH,
    base_with,
    errors_of,
    make_site,
    validate,
    where,
    write_record,
)

from generator.validate import PHONE

PREFIXES = ["0812", "+62 812", "62 812", "+62 (812)", "+62(812)", "(0812)"]
SEPARATORS = ["-", " ", ".", "\u2013", "\u2014", " - ", " \u2013 ", "  ", ""]


def _formats() -> list[str]:
    """Every prefix with every separator, in the groupings people write."""
    found = []
    for prefix, separator in itertools.product(PREFIXES, SEPARATORS):
        found.append(f"{prefix}{separator}3456{separator}7890")
        found.append(f"{prefix}{separator}345{separator}678")
    found += [
        "(0335) 421234",
        "0335-421234",
        "0335 \u2013 421 234",
        "+6281234567890",
        "081234567890",
        "0812 - 9999 - 8888",
        "+62 (813) 1111-2222",
        "0812\u20133456\u20137890",
    ]
    return found


FORMATS = _formats()

NOT_PHONES = [
    "Kamis (16/11)",
    "Pemilu 2024 dan Pilkada 2024",
    "Call Center 110",
    "kode 35.13",
    "Kodim 0820/Probolinggo",
    "300 lebih personel",
    "Jumat (02/08/24) sore",
    "2024-08-14",
    "1.200 personel",
    "periode 2023 - 2024",
    "Rp 1.500.000",
    "NRP 12345678",
    "pukul 08.30 WIB",
]


@pytest.mark.parametrize("text", FORMATS)
def test_every_format_is_a_phone_number(text: str) -> None:
    assert PHONE.search(f"Hubungi {text} sekarang.") is not None, text


@pytest.mark.parametrize("text", NOT_PHONES)
def test_dates_codes_and_counts_are_not(text: str) -> None:
    assert PHONE.search(text) is None, text


@pytest.mark.parametrize(
    "text",
    ["0812\u20133456\u20137890", "0812 - 9999 - 8888", "+62 (813) 1111-2222", "0812  3456  7890"],
)
def test_the_formats_that_slipped_through_are_refused_in_a_record(
    tmp_path: Path, text: str
) -> None:
    note = f"  - Kontak keluarga {text}.\n"
    content = make_site(tmp_path, base=False)
    write_record(
        content,
        BASE_PATH.rsplit("/", 1)[1],
        base_with("quality_notes:\n", "quality_notes:\n" + note),
    )
    assert [(field, code) for _, _, field, code in where(errors_of(content))] == [
        ("quality_notes[0]", "PRIVATE_DATA")
    ]


def _append(content: Path, table: str, entry: dict[str, str]) -> None:
    path = content / f"{table}.yaml"
    rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []
    rows.append(entry)
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "entry", "field"),
    [
        (
            "units",
            {
                "id": "polsek-x",
                "name": "Polsek X 0812-3456-7890",
                "kind": "polsek",
                "branch": "police",
                "region": "35.13",
            },
            "name",
        ),
        (
            "organisations",
            {"id": "org-x", "name": "Posko 0812 3456 7890", "kind": "other", "region": "35.13"},
            "name",
        ),
        ("people", {"id": "orang-x", "name": "Orang X +62 (813) 1111-2222"}, "name"),
        (
            "withdrawn",
            {
                "id": "2024-01-01-ditarik",
                "date": "2024-02-01",
                "reason": "Pelapor minta dihubungi di 0812\u20133456\u20137890",
            },
            "reason",
        ),
    ],
)
def test_every_table_is_checked(
    tmp_path: Path, table: str, entry: dict[str, str], field: str
) -> None:
    content = make_site(tmp_path)
    _append(content, table, entry)
    found = [(path, f, code) for path, _, f, code in where(errors_of(content))]
    assert len(found) == 1, found
    path, where_field, code = found[0]
    assert (path, code) == (f"content/{table}.yaml", "PRIVATE_DATA")
    assert where_field.endswith(field)


def test_contacts_may_hold_official_numbers(tmp_path: Path) -> None:
    validate(make_site(tmp_path))  # the base record's contact is 0811-48-2000
