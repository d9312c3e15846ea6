"""XSS suite, file checks: the hostile site's HTML, feeds, sitemap, JSON-LD and data files.

No browser needed: these run in the fast lane too. The Chromium crawl of the
same site is in ``test_xss_browser.py``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from lxml import etree

from generator.build import build_site
from generator.downloads import neutralise
from generator.errors import ContentInvalid

from .conftest import HostileSite
from .hostile_content import (
    CONTENT,
    FIELDS,
    TABLE_FIELDS,
    HostileContent,
    dump_yaml,
)
from .payloads import CONTROL_CHAR_PAYLOADS, HOSTILE_HTTPS_URLS, PAYLOADS, REJECTED_URLS
from .scan import anchor_hrefs, dangerous_url, json_ld_blocks, markup_problems

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _subset_mismatches(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``actual`` differs from ``expected`` on the keys ``expected`` has."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        return [
            m
            for key, value in expected.items()
            for m in _subset_mismatches(value, actual.get(key), f"{where}.{key}")
        ]
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {expected!r}, got {actual!r}"]
        return [
            m
            for n, (e, a) in enumerate(zip(expected, actual, strict=True))
            for m in _subset_mismatches(e, a, f"{where}[{n}]")
        ]
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


# --------------------------------------------------------------------------- the checks


def test_the_scanners_catch_what_they_look_for() -> None:
    page = (
        "<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>"
        '<a href="java&#9;script:alert(1)">a</a><a href=" \x01JaVaScRiPt:alert(1)">b</a>'
        '<a href="data:text/html,x">c</a><a href="VBSCRIPT:x">d</a><p title="x" onclick=y>'
        '<link rel="icon" href="data:,"><link rel="import" href="x">'
    )
    problems = "\n".join(markup_problems(page))
    for needle in (
        "script element",
        "img element",
        "svg element",
        "attribute onerror",
        "attribute onload",
        "attribute onclick",
        "'java\\tscript:alert(1)'",
        "' \\x01JaVaScRiPt:alert(1)'",
        "'data:text/html,x'",
        "'VBSCRIPT:x'",
        "link rel",
    ):
        assert needle in problems, (needle, problems)
    assert "'data:,'" not in problems
    broken = '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}'
    assert json_ld_blocks(broken) == ['{"a": "']


# --------------------------------------------------------------------------- the fixture


def test_every_payload_is_in_every_field(hostile_content: HostileContent) -> None:
    """The hostile content really puts each payload into each free-text field."""
    assert len(PAYLOADS) >= 30
    records = list(hostile_content.records.values())
    assert len(records) < 60
    tables = {
        name: yaml.safe_load((hostile_content.path / f"{name}.yaml").read_text("utf-8"))
        for name in (
            "units",
            "regions",
            "elections",
            "operations",
            "organisations",
            "people",
            "withdrawn",
        )
    }
    for payload in PAYLOADS:
        (record,) = [r for r in records if not r.tagged and r.key == payload.key]
        path = hostile_content.path / "records" / f"{record.id}.md"
        _, front_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(front_text)
        seen = {
            "activity": [front["activity"]],
            "places[].name": [p["name"] for p in front["places"]],
            "officials[].rank": [o["rank"] for o in front["officials"] if "rank" in o],
            "officials[].position": [o["position"] for o in front["officials"]],
            "contacts[].value": [c["value"] for c in front["contacts"]],
            "sources[].title": [s["title"] for s in front["sources"]],
            "sources[].outlet": [s["outlet"] for s in front["sources"] if "outlet" in s],
            "sources[].author": [s["author"] for s in front["sources"] if "author" in s],
            "sources[].origin_basis": [
                s["origin_basis"] for s in front["sources"] if "origin_basis" in s
            ],
            "evidence[].quote": [e["quote"] for e in front["evidence"]],
            "quality_notes[]": front["quality_notes"],
            "summary_en": [front["summary_en"]],
            "summary": [body.removesuffix("\n")],
        }
        for name in TABLE_FIELDS:
            table, _ = name.split(".")
            ident = front["region"] if table == "regions" else front["units"][0]["id"]
            key = "code" if table == "regions" else "id"
            seen[name] = [row["name"] for row in tables[table] if row[key] == ident]
        seen["withdrawn.reason"] = [
            row["reason"] for row in tables["withdrawn"] if row["id"] == record.withdrawal["id"]
        ]
        assert set(seen) == set(FIELDS)
        for name, values in seen.items():
            assert values, (payload.key, name)
            assert all(v == payload.text for v in values), (payload.key, name, values)


# --------------------------------------------------------------------------- HTML and XML


def test_no_injected_markup_or_dangerous_url_in_html_files(hostile_site: HostileSite) -> None:
    problems = []
    files = sorted(hostile_site.root.rglob("*.html"))
    assert len(files) > 100
    for file in files:
        for problem in markup_problems(file.read_text(encoding="utf-8")):
            problems.append(f"{file.relative_to(hostile_site.root)}: {problem}")
    assert problems == [], "\n".join(problems)


def test_feeds_and_sitemap_are_well_formed_and_carry_no_dangerous_url_or_markup(
    hostile_site: HostileSite,
) -> None:
    problems = []
    files = sorted(hostile_site.root.rglob("*.xml"))
    assert any(f.name == "records.atom.xml" for f in files)
    assert any(f.name == "sitemap.xml" for f in files)
    for file in files:
        rel = file.relative_to(hostile_site.root).as_posix()
        try:
            tree = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            problems.append(f"{rel}: not well-formed XML: {exc}")
            continue
        if rel.startswith("feeds/"):
            parsed = feedparser.parse(str(file))
            if parsed.bozo:
                problems.append(f"{rel}: feedparser: {parsed.bozo_exception}")
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                local = etree.QName(name).localname
                if local in ("href", "src", "uri") and (
                    dangerous_url(value) or not value.startswith(hostile_site.url + "/")
                ):
                    problems.append(f"{rel}: <{element.tag} {local}={value!r}>")
            if element.tag in (f"{ATOM}id", f"{ATOM}uri", f"{SITEMAP}loc") and not (
                element.text or ""
            ).startswith(hostile_site.url + "/"):
                problems.append(f"{rel}: {element.tag} = {element.text!r}")
            kind = element.get("type", "text")
            if element.tag.startswith(ATOM) and kind in ("html", "xhtml"):
                if kind == "html":
                    markup = element.text or ""
                else:
                    markup = "".join(etree.tostring(child, encoding="unicode") for child in element)
                for problem in markup_problems(markup):
                    problems.append(f"{rel}: {etree.QName(element).localname} ({kind}): {problem}")
    assert problems == [], "\n".join(problems)


def test_feed_entries_show_the_payloads_as_text(hostile_site: HostileSite) -> None:
    """Titles in the Atom feed carry activity and unit name verbatim (XML-escaped)."""
    tree = etree.parse(str(hostile_site.root / "feeds" / "records.atom.xml"))
    titles = {}
    for entry in tree.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link").get("href")
        titles[link] = entry.findtext(f"{ATOM}title")
    missing = []
    for record in hostile_site.content.records.values():
        title = titles.get(hostile_site.record_url(record.id))
        if title is None:
            missing.append(f"{record.id}: no feed entry")
            continue
        for expected in (record.text("activity"), record.names["units.name"]):
            if expected not in title:
                missing.append(f"{record.id}: {expected!r} not in title {title!r}")
    assert missing == [], "\n".join(missing)


def test_json_ld_cannot_be_broken_out_of_and_keeps_the_text(hostile_site: HostileSite) -> None:
    problems = []
    blocks_seen = 0
    for file in sorted(hostile_site.root.rglob("*.html")):
        rel = file.relative_to(hostile_site.root).as_posix()
        for block in json_ld_blocks(file.read_text(encoding="utf-8")):
            blocks_seen += 1
            if "<!--" in block or "<script" in block.lower():
                problems.append(f"{rel}: JSON-LD contains '<!--' or '<script': {block[:200]!r}")
            try:
                json.loads(block)
            except ValueError as exc:
                problems.append(f"{rel}: JSON-LD does not parse ({exc}): {block[:200]!r}")
    for record in hostile_site.content.records.values():
        file = hostile_site.root / "records" / record.id / "index.html"
        blocks = json_ld_blocks(file.read_text(encoding="utf-8"))
        values = []
        for block in blocks:
            with contextlib.suppress(ValueError):  # reported above
                values += _strings(json.loads(block))
        if not blocks:
            problems.append(f"{record.id}: record page has no JSON-LD block")
        if not any(record.text("activity") in value for value in values):
            problems.append(f"{record.id}: activity {record.text('activity')!r} not in JSON-LD")
        if record.names["units.name"] not in values:
            problems.append(
                f"{record.id}: unit name {record.names['units.name']!r} not a JSON-LD value"
            )
    assert blocks_seen >= len(hostile_site.content.records)
    assert problems == [], "\n".join(problems)


def test_hostile_https_source_urls_stay_one_href(hostile_site: HostileSite) -> None:
    """A valid https address full of markup is one href, unchanged, and breaks nothing."""
    problems = []
    used = set()
    for record in hostile_site.content.records.values():
        url = record.front["sources"][0]["url"]
        used.add(url)
        file = hostile_site.root / "records" / record.id / "index.html"
        if url not in anchor_hrefs(file.read_text(encoding="utf-8")):
            problems.append(f"{record.id}: no <a href> equal to {url!r}")
    assert used == set(HOSTILE_HTTPS_URLS)
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------- data files


def test_records_json_has_every_payload_verbatim(hostile_site: HostileSite) -> None:
    data = json.loads((hostile_site.root / "data" / "records.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in data["records"]}
    changelog = json.loads((hostile_site.root / "data" / "changelog.json").read_text("utf-8"))
    withdrawn = changelog["withdrawn"]
    problems = []
    for record in hostile_site.content.records.values():
        published = by_id.get(record.id)
        if published is None:
            problems.append(f"{record.id}: missing from data/records.json")
            continue
        single = json.loads(
            (hostile_site.root / "records" / f"{record.id}.json").read_text(encoding="utf-8")
        )
        for where, item in (
            ("data/records.json", published),
            (f"records/{record.id}.json", single),
        ):
            problems += [f"{where} {record.id}{m}" for m in _subset_mismatches(record.front, item)]
            if item.get("summary") != record.published_summary:
                problems.append(
                    f"{where} {record.id}: summary {item.get('summary')!r} != "
                    f"{record.published_summary!r}"
                )
            problems += [
                f"{where} {record.id}: summary_html: {p}"
                for p in markup_problems(item.get("summary_html", ""))
            ]
        if record.withdrawal not in withdrawn:
            problems.append(
                f"data/changelog.json: withdrawal {record.withdrawal!r} missing or changed"
            )
        lead = record.front["units"][0]["id"]
        unit = json.loads(
            (hostile_site.root / "units" / f"{lead}.json").read_text(encoding="utf-8")
        )
        if unit["unit"]["name"] != record.names["units.name"]:
            problems.append(f"units/{lead}.json: name {unit['unit']['name']!r}")
    assert problems == [], "\n".join(problems)


def test_records_csv_has_every_payload_verbatim(hostile_site: HostileSite) -> None:
    raw = (hostile_site.root / "data" / "records.csv").read_text(encoding="utf-8")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(raw, newline=""))}
    problems = []
    for record in hostile_site.content.records.values():
        row = rows.get(record.id)
        if row is None:
            problems.append(f"{record.id}: missing from data/records.csv")
            continue
        exact = {
            "activity": record.text("activity"),
            "summary": record.published_summary.strip(),
            "summary_en": record.text("summary_en").strip(),
        }
        for column, expected in exact.items():
            if row[column] != neutralise(expected):  # formula-safe, else verbatim
                problems.append(f"{record.id}: {column} {row[column]!r} != {expected!r}")
        contained = {
            "places": ["places[].name"],
            "officials": ["people.name", "officials[].rank", "officials[].position"],
            "contacts": ["contacts[].value"],
            "source_titles": ["sources[].title"],
            "source_outlets": ["sources[].outlet"],
            "quality_notes": ["quality_notes[]"],
        }
        for column, fields in contained.items():
            for field_name in fields:
                if record.text(field_name) not in row[column]:
                    problems.append(
                        f"{record.id}: {column} {row[column]!r} lacks "
                        f"{record.text(field_name)!r} ({field_name})"
                    )
        if record.front["sources"][0]["url"] not in row["source_urls"]:
            problems.append(f"{record.id}: source_urls {row['source_urls']!r}")
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------- refused input


def _record_with(content: Path, record_id: str, **changes: Any) -> None:
    """Write one valid record based on the first real one, with ``changes``."""
    template = sorted((content / "records").glob("*.md"))[0]
    _, front_text, body = template.read_text(encoding="utf-8").split("---\n", 2)
    front = yaml.safe_load(front_text)
    body = changes.pop("_body", body)
    front.update(id=record_id, **changes)
    (content / "records" / f"{record_id}.md").write_text(
        f"---\n{dump_yaml(front)}---\n{body}", encoding="utf-8"
    )


def test_non_http_source_urls_are_refused(tmp_path: Path) -> None:
    """Each dangerous ``sources[].url`` is an error: exit 1, nothing written."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    template = sorted((content / "records").glob("*.md"))[0]
    front = yaml.safe_load(template.read_text(encoding="utf-8").split("---\n", 2)[1])
    ids = []
    for n, url in enumerate(REJECTED_URLS):
        record_id = f"2024-03-01-xss-bad-url-{n:02d}"
        ids.append(record_id)
        source = {**front["sources"][0], "url": url}
        _record_with(content, record_id, sources=[source])
    output_parent = tmp_path / "out"
    output_parent.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content),
            "--output",
            str(output_parent / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert list(output_parent.iterdir()) == [], "a refused build left files behind"
    lines = result.stderr.splitlines()
    not_refused = [
        f"{url!r} ({record_id})"
        for record_id, url in zip(ids, REJECTED_URLS, strict=True)
        if not any(
            f"records/{record_id}.md:" in line and "sources[0].url" in line for line in lines
        )
    ]
    assert not_refused == [], "accepted as sources[].url:\n" + "\n".join(not_refused)


CONTROL_CASES = [
    *(
        (field_name, CONTROL_CHAR_PAYLOADS[0])
        for field_name in ("activity", "summary", "units.name")
    ),
    *(("activity", char_payload) for char_payload in CONTROL_CHAR_PAYLOADS[1:]),
]


@pytest.mark.parametrize(
    ("field_name", "char_payload"), CONTROL_CASES, ids=[f"{f}-{p[:5]!r}" for f, p in CONTROL_CASES]
)
def test_xml_illegal_characters_are_refused_or_kept_out_of_feeds(
    tmp_path: Path, field_name: str, char_payload: str
) -> None:
    """A character XML 1.0 cannot carry: a clean validation error, or a site whose feeds
    parse. Never a crash without file, line and field."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    record_id = "2024-03-01-xss-control-char"
    changes: dict[str, Any] = {}
    if field_name == "activity":
        changes["activity"] = char_payload
    elif field_name == "summary":
        changes["_body"] = char_payload + "\n"
    elif field_name == "places[].name":
        changes["places"] = [{"name": char_payload, "type": "public_area"}]
    else:
        units = yaml.safe_load((content / "units.yaml").read_text(encoding="utf-8"))
        units.append(
            {
                "id": "xss-control-char",
                "name": char_payload,
                "kind": "polres",
                "branch": "police",
                "region": "35.13",
            }
        )
        (content / "units.yaml").write_text(dump_yaml(units), encoding="utf-8")
        changes["units"] = [
            {"id": "xss-control-char", "role": "lead"},
            {"id": "polres-probolinggo-kota", "role": "unknown"},
        ]
    _record_with(content, record_id, **changes)
    output = tmp_path / "site"
    refused: ContentInvalid | None = None
    try:
        build_site(content, output, site_url="http://127.0.0.1:9")
    except ContentInvalid as exc:
        refused = exc
    except Exception as exc:
        pytest.fail(
            f"{char_payload!r} in {field_name}: the build crashed with "
            f"{type(exc).__module__}.{type(exc).__name__}: {exc} "
            "(validation passed; no file/line/field given; nothing published)"
        )
    if refused is not None:
        where = "units.yaml" if field_name == "units.name" else f"{record_id}.md"
        assert any(where in error.path for error in refused.errors), str(refused)
        assert not output.exists()
        return
    broken = []
    for feed in sorted(output.rglob("*.xml")):
        try:
            etree.parse(str(feed))
        except etree.XMLSyntaxError as exc:
            broken.append(f"{feed.relative_to(output)}: {exc}")
    assert broken == [], (
        f"{char_payload!r} in {field_name}: the build succeeded but wrote "
        "XML that is not well-formed:\n" + "\n".join(broken)
    )
