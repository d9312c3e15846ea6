"""The published downloads of the real content, checked as an outsider would.

No browser: the real ``content/`` is built twice into two folders (the second
build is only for the byte-identity check), and the files are read from disk.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from jsonschema import Draft202012Validator
from lxml import etree

from generator.build import build_site
from generator.config import read_config

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SITEMAP_XSD = ROOT / "tests" / "data" / "sitemap.xsd"
SITE_URL = "https://data.example.org"
NOT_IN_SCHEMA = {"summary", "summary_html", "url", "lead_unit", "added", "updated"}
"""Derived in the downloads; not written in a record file."""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real content built twice, into two different folders; the second build writes
    the whole-dataset files in pieces of two records (as a large site does of 1,000), and
    makes the workbook in its own process, not in a worker (as where it cannot fork)."""
    from generator import downloads

    base = tmp_path_factory.mktemp("downloads")
    first, second = base / "one" / "site", base / "two" / "output"
    build_site(CONTENT, first, site_url=SITE_URL)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(downloads, "can_fork", lambda: False)  # as where it cannot fork
        build_site(CONTENT, second, config=replace(read_config(SITE_URL), records_per_piece=2))
    return first, second


@pytest.fixture(scope="module")
def site(builds: tuple[Path, Path]) -> Path:
    return builds[0]


@pytest.fixture(scope="module")
def records_json(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "records.json").read_text("utf-8"))
    return data


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed")
    return found


# --------------------------------------------------------------------------- records.json


@pytest.mark.parametrize("records", [0, 1, 5])
@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_whole_dataset_json_is_the_same_in_any_number_of_pieces(records: int, chunk: int) -> None:
    from generator import downloads

    items = [{"id": f"r{index}", "n": index} for index in range(records)]
    fields = {"version": "v1", "release": None, "count": records}
    encoded = [downloads.to_json(i) for i in items]
    pieces = list(downloads._envelope_chunks(fields, encoded, chunk))
    assert b"".join(pieces) == downloads.dump_json({**fields, "records": items})
    assert len(pieces) == 2 + -(-records // chunk)


def test_records_json_validates_against_the_published_schema(
    site: Path, records_json: dict[str, Any]
) -> None:
    # Issue #14: the whole file validates against the schema its "$schema" names.
    assert records_json["$schema"].endswith("/schema/records.schema.json")
    name = records_json["$schema"].rsplit("/", 1)[1]
    schema = json.loads((site / "schema" / name).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert records_json["records"], "no records"
    problems = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft202012Validator(schema).iter_errors(records_json)
    ]
    assert problems == [], "records.json against its $schema:\n" + "\n".join(problems)
    assert records_json["schema_version"] == "2.0.0"
    # Each item is also a published record, and a record file's fields are a subset of it.
    record_schema = json.loads(
        (site / "schema" / "published-record.schema.json").read_text("utf-8")
    )
    for record in records_json["records"]:
        assert list(Draft202012Validator(record_schema).iter_errors(record)) == []
        front_matter = {k: v for k, v in record.items() if k not in NOT_IN_SCHEMA}
        front_matter["officials"] = [
            {k: v for k, v in o.items() if k != "name"} for o in front_matter["officials"]
        ]
        front = json.loads((site / "schema" / "record.schema.json").read_text("utf-8"))
        assert list(Draft202012Validator(front).iter_errors(front_matter)) == [], record["id"]


def test_records_json_envelope(site: Path, records_json: dict[str, Any]) -> None:
    assert {"version", "count", "records"} <= records_json.keys()
    assert records_json["version"]
    assert records_json["count"] == len(records_json["records"])
    ids = [r["id"] for r in records_json["records"]]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert sorted(ids) == sorted(p.stem for p in (CONTENT / "records").glob("*.md"))
    for record in records_json["records"]:
        assert record["url"] == f"{SITE_URL}/records/{record['id']}/"
        assert (site / "records" / record["id"] / "index.html").is_file()


# --------------------------------------------------------------------------- data package


def test_frictionless_validates_the_data_package(site: Path) -> None:
    run = subprocess.run(
        [_tool("frictionless"), "validate", "datapackage.json"],
        cwd=site / "data",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, f"frictionless validate:\n{run.stdout}\n{run.stderr}"


def test_sha256sums_check(site: Path) -> None:
    sha256sum = shutil.which("sha256sum")
    assert sha256sum, "coreutils sha256sum missing"
    run = subprocess.run(
        [sha256sum, "--strict", "-c", "SHA256SUMS"],
        cwd=site / "data",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, f"sha256sum -c SHA256SUMS:\n{run.stdout}\n{run.stderr}"


def test_sha256sums_covers_every_data_file_and_the_downloads_page_agrees(site: Path) -> None:
    """Every file under data/ is summed (but SHA256SUMS itself and the HTML page,
    which shows SHA256SUMS' own sum and so cannot be in it); the downloads page
    lists each with its size and the same SHA-256."""
    data = site / "data"
    sums = {}
    for line in (data / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    on_disk = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    assert set(sums) == on_disk - {"SHA256SUMS", "index.html"}
    page = (data / "index.html").read_text("utf-8")
    for name in [*sums, "SHA256SUMS"]:
        body = (data / name).read_bytes()
        digest = hashlib.sha256(body).hexdigest()
        assert digest in page, f"data/index.html lacks the SHA-256 of {name}"
        assert f"data/{name}" in page, f"data/index.html does not list {name}"
        assert re.search(rf">{len(body)}<", page), f"data/index.html lacks {name}'s size"


def test_csv_rows_match_json(site: Path, records_json: dict[str, Any]) -> None:
    text = (site / "data" / "records.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == records_json["count"] == len(records_json["records"])
    assert [r["id"] for r in rows] == [r["id"] for r in records_json["records"]]


# --------------------------------------------------------------------------- feeds


def _feeds(site: Path) -> list[Path]:
    units = sorted((site / "feeds" / "units").glob("*.atom.xml"))
    return [site / "feeds" / "records.atom.xml", *units]


def test_feeds_are_well_formed_with_stable_ids(
    builds: tuple[Path, Path], records_json: dict[str, Any]
) -> None:
    first, second = builds
    feeds = _feeds(first)
    assert (first / "feeds" / "records.atom.xml").is_file()
    assert len(feeds) > 1, "no unit feeds"
    record_ids = {r["id"] for r in records_json["records"]}
    problems = []
    for path in feeds:
        name = path.relative_to(first).as_posix()
        parsed = feedparser.parse(path.read_bytes())
        again = feedparser.parse((second / name).read_bytes())
        if parsed.bozo:
            problems.append(f"{name}: not well-formed: {parsed.bozo_exception}")
            continue
        if parsed.version != "atom10":
            problems.append(f"{name}: not Atom 1.0 ({parsed.version})")
        ids = [e.get("id", "") for e in parsed.entries]
        if not all(ids):
            problems.append(f"{name}: entry without id")
        if len(set(ids)) != len(ids):
            problems.append(f"{name}: duplicate entry ids {ids}")
        if ids != [e.get("id", "") for e in again.entries]:
            problems.append(f"{name}: entry ids differ between two builds")
        for entry in parsed.entries:
            if not any(rid in entry.get("id", "") for rid in record_ids):
                problems.append(f"{name}: id {entry.get('id')!r} is not derived from a record id")
            if not entry.get("updated"):
                problems.append(f"{name}: entry {entry.get('id')} has no updated date")
            link = entry.get("link", "")
            if not link.startswith(SITE_URL + "/records/"):
                problems.append(f"{name}: entry link {link!r} is not a record page")
    assert problems == [], "\n".join(problems)
    main = feedparser.parse((first / "feeds" / "records.atom.xml").read_bytes())
    assert main.entries, "the records feed is empty"


# --------------------------------------------------------------------------- sitemap


def test_sitemap_is_valid_and_lists_pages_only(site: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    doc = etree.parse(str(site / "sitemap.xml"))
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [str(loc).strip() for loc in doc.xpath("//s:url/s:loc/text()", namespaces=ns)]
    assert locs, "empty sitemap"
    assert [u for u in locs if urlsplit(u).path.endswith(".json")] == []
    assert len(locs) == len(set(locs)), "duplicate <loc>"
    missing = []
    for loc in locs:
        assert loc.startswith(SITE_URL + "/"), f"{loc} is not on {SITE_URL}"
        path = urlsplit(loc).path.lstrip("/")
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        if not file.is_file():
            missing.append(loc)
    assert missing == [], f"sitemap lists pages that were not built: {missing}"
    assert f"{SITE_URL}/404.html" not in locs


def test_past_the_protocols_limit_the_sitemap_becomes_an_index() -> None:
    from generator.pelican_plugin import SITEMAP_MAX_URLS, sitemap_files

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    pages = [f"records/{n:06d}/" for n in range(SITEMAP_MAX_URLS + 1)]
    files = dict(sitemap_files(SITE_URL, pages))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = etree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{ns['s']}}}sitemapindex"
    assert index.xpath("//s:loc/text()", namespaces=ns) == [
        f"{SITE_URL}/sitemap-1.xml",
        f"{SITE_URL}/sitemap-2.xml",
    ]
    listed = []
    for name in ("sitemap-1.xml", "sitemap-2.xml"):
        part = etree.fromstring(files[name])
        assert schema.validate(part), "\n".join(str(e) for e in schema.error_log)
        listed += part.xpath("//s:loc/text()", namespaces=ns)
    assert len(etree.fromstring(files["sitemap-1.xml"])) == SITEMAP_MAX_URLS
    assert listed == [f"{SITE_URL}/{page}" for page in pages]
    assert list(dict(sitemap_files(SITE_URL, pages[:SITEMAP_MAX_URLS]))) == ["sitemap.xml"]


# --------------------------------------------------------------------------- determinism


def test_two_builds_are_byte_identical(builds: tuple[Path, Path]) -> None:
    first, second = builds

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    one, two = files(first), files(second)
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert differ == [], f"files differ between two builds of the same content: {differ}"
