"""Helpers for the loading and validation tests (a plain module, not a conftest).

Every test works on a copy of the real ``content/`` in a temporary directory,
never on the repository itself. Most tests add one extra record, :data:`BASE`,
which is valid against the real reference tables and uses every field, and
then make one minimal edit to it, so each test shows that exactly one rule
fires, in the right file, line and field.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.errors import ContentError, ContentInvalid
from generator.validate import Dataset, validate_content

ROOT = Path(__file__).resolve().parent.parent
"""The checkout: the directory holding ``generator/`` and ``content/``."""

CONTENT = ROOT / "content"

BASE_ID = "2024-02-10-polres-probolinggo-patroli-uji"
BASE_NAME = f"{BASE_ID}.md"
BASE_PATH = f"content/records/{BASE_NAME}"
"""How errors name the base record (relative to the parent of the content dir)."""

# A valid record using every field, referring only to ids in the real tables.
# The WhatsApp number is under `contacts`, the one place a phone number may be.
BASE = f"""\
---
id: {BASE_ID}
kind: patrol
activity: patroli dialogis menjelang pemungutan suara
date: "2024-02-10"
date_precision: day
date_basis: activity
election: pemilu-2024
operation: operasi-mantap-brata
units:
  - id: polres-probolinggo
    role: lead
  - id: kodim-0820
    role: participant
partners:
  - kpu-kab-probolinggo
region: "35.13"
places:
  - name: Kantor KPU Kabupaten Probolinggo
    type: election_office
personnel:
  count: 120
  qualifier: about
officials:
  - person: wisnu-wardana
    rank: AKBP
    position: Kapolres Probolinggo
    unit: polres-probolinggo
  - person: ketua-kpu-contoh
    position: Ketua KPU Kabupaten Probolinggo
    organisation: kpu-kab-probolinggo
appeals:
  - code: anti_hoax
    audience: public
  - code: not_provoked
    audience: public
contacts:
  - channel: whatsapp
    value: 0811-48-2000
    unit: polres-probolinggo
sources:
  - outlet: Contoh Media
    title: Patroli Dialogis Menjelang Pemungutan Suara
    url: https://example.com/berita/patroli-dialogis
    author: Redaksi
    published: "2024-02-10T09:30+07:00"
    language: id
    origin: independent
    origin_basis: The outlet's reporter went along on the patrol.
quality_notes:
  - Jumlah personel disebut "sekitar 120".
  - Jam kegiatan tidak disebutkan.
evidence:
  - field: date
    source: 1
    quote: Sabtu (10/2/2024) pagi
  - field: units.0
    source: 1
    quote: Polres Probolinggo menggelar patroli dialogis
  - field: units.1
    source: 1
    quote: bersama anggota Kodim 0820
  - field: personnel
    source: 1
    quote: sekitar 120 personel
  - field: officials.0
    source: 1
    quote: Kapolres Probolinggo AKBP Wisnu Wardana
  - field: officials.1
    source: 1
    quote: Ketua KPU Kabupaten Probolinggo
  - field: appeals.0
    source: 1
    quote: Warga diminta tidak menyebarkan hoaks
  - field: appeals.1
    source: 1
    quote: jangan terprovokasi
summary_en: |
  Police of Polres Probolinggo patrolled ahead of voting day.
---
Polres Probolinggo berpatroli menjelang hari pemungutan suara.

Warga diimbau tidak mudah terprovokasi isu yang tidak benar.
"""

FIXTURE_PERSON = """\
- id: ketua-kpu-contoh
  name: Ketua KPU Contoh
"""
"""A made-up official for :data:`BASE`, added to the copied people.yaml."""


def make_site(tmp_path: Path, *, records: bool = True, base: bool = True) -> Path:
    """Copy the real ``content/`` to ``tmp_path/content`` and return that directory.

    ``records=False`` drops the real records (keeps the reference tables);
    ``base=True`` adds the valid test record :data:`BASE`. The releases are left out.
    """
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    # The real releases date the real records; a test site starts before any release.
    shutil.rmtree(content / "releases", ignore_errors=True)
    with (content / "people.yaml").open("a", encoding="utf-8") as people:
        people.write(FIXTURE_PERSON)
    if not records:
        for path in (content / "records").iterdir():
            path.unlink()
    if base:
        write_record(content, BASE_NAME, BASE)
    return content


def write_record(content_dir: Path, name: str, text: str | bytes) -> Path:
    """Write (or overwrite) ``records/<name>`` with text (UTF-8) or raw bytes."""
    path = content_dir / "records" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def edit(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old``; fail loudly when it is not exactly once there."""
    found = text.count(old)
    assert found == 1, f"expected {old!r} exactly once in the fixture, found {found}"
    return text.replace(old, new)


def base_with(old: str, new: str) -> str:
    """:data:`BASE` with one minimal edit."""
    return edit(BASE, old, new)


def line_of(text: str, needle: str) -> int:
    """1-based number of the one line of ``text`` that contains ``needle`` (that starts with
    it, when ``needle`` starts with ``^``)."""
    if needle.startswith("^"):
        hits = [
            n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(needle[1:])
        ]
    else:
        hits = [n for n, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(hits) == 1, f"expected {needle!r} on exactly one line, found lines {hits}"
    return hits[0]


def validate(content_dir: Path, today: date | None = None) -> Dataset:
    return validate_content(content_dir, today=today)


def errors_of(content_dir: Path, today: date | None = None) -> list[ContentError]:
    """Every error of ``content_dir``; the test fails if the content is valid."""
    with pytest.raises(ContentInvalid) as caught:
        validate_content(content_dir, today=today)
    return caught.value.errors


def where(errors: list[ContentError]) -> list[tuple[str, int | None, str, str]]:
    """(path, line, field, code) of each error: the stable part of an error line."""
    return [(e.path, e.line, e.field, e.code) for e in errors]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator ARGS`` from the checkout and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
