"""The codebook page and the data package are generated from the models, never hand-written."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from generator.build import build_site
from generator.codebook import codebook
from generator.downloads import CSV_COLUMNS
from generator.models import Record

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("codebook") / "output"
    build_site(ROOT / "tests" / "sites" / "golden" / "content", out, site_url="https://x.test")
    return out


def test_codebook_lists_every_field_of_the_model() -> None:
    names = {row.name for row in codebook()}
    assert set(Record.model_fields) <= names
    assert {"sources[].origin", "personnel.qualifier", "places[].type"} <= names
    for row in codebook():
        assert row.description_en, row.name
        assert row.description_id, row.name


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_codebook_page_shows_fields_meanings_and_values(output: Path, prefix: str) -> None:
    page = html.unescape((output / prefix / "codebook" / "index.html").read_text("utf-8"))
    for row in codebook():
        assert f"<code>{row.name}</code>" in page
        assert row.description_id in page
        assert row.description_en in page
        for code, indonesian, english in row.values:
            assert f"<code>{code}</code>: {indonesian} / " in page
            assert english in page


def test_data_package_describes_every_csv_column(output: Path) -> None:
    package = json.loads((output / "data" / "datapackage.json").read_text("utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == [name for name, _, _ in CSV_COLUMNS]
    header = (output / "data" / "records.csv").read_text("utf-8").splitlines()[0]
    assert header.split(",") == [f["name"] for f in fields]
    for field in fields:
        if field["name"] in Record.model_fields:
            assert field["description"].startswith(
                Record.model_fields[field["name"]].description or "?"
            )
        assert field["description"]
