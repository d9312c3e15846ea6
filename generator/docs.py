"""docs/CONTRACT.md: the public contract, written from the code that enforces it.

Record fields come from the models (through the codebook), download tables from
:mod:`generator.tables`, the command line from the argument parser and error
codes from :data:`generator.errors.ERROR_CODES`. Only the URL layout and the
prose around the tables are written here. The file is committed and checked in
the test suite, so the contract a journalist reads cannot drift from the code.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .codebook import codebook
from .downloads import CsvFile, csv_files
from .errors import ERROR_CODES, DocsStale
from .models import MAX_QUOTE_WORDS, SCHEMA_VERSION
from .pelican_plugin import SITEMAP_MAX_URLS

DOCS = Path(__file__).resolve().parent.parent / "docs" / "CONTRACT.md"

URL_LAYOUT = (
    ("index.html", "home: what this is, scope, totals, latest records"),
    ("about/index.html", "who publishes, scope, method, coding rules, corrections"),
    ("records/index.html", "every record in a table (filters in the browser)"),
    ("records/<id>/index.html, records/<id>.json", "one record"),
    ("units/index.html; units/<unit-id>/index.html, units/<unit-id>.json, .csv", "per unit"),
    ("people/index.html; people/<person-id>/index.html", "per official"),
    (
        "dates/index.html; dates/<YYYY-MM>/index.html; dates/<YYYY-MM-DD>/index.html, .json",
        "per month (every month in range) and per day",
    ),
    ("elections/, regions/, operations/ (index, <key>/index.html, <key>.json)", "per group"),
    ("data/index.html", "downloads: every file, size, SHA-256, licence, how to cite"),
    (
        "data/records.json",
        '{"$schema", "version", "schema_version", "release", "count", "records": [...]}',
    ),
    ("data/records.csv", "one row a record, lists joined with '; '"),
    ("data/<table>.csv", "the tidy tables below, one row per item"),
    ("data/datapackage.json", "Frictionless Data Package of every CSV, with keys"),
    ("data/changelog.json", "what each release added, changed and removed"),
    ("data/SHA256SUMS", "checksums of every file under data/"),
    ("schema/record.schema.json", "JSON Schema (2020-12) of a record file's front matter"),
    ("schema/published-record.schema.json", "JSON Schema of a record as downloaded"),
    ("schema/records.schema.json", "JSON Schema of data/records.json, whole"),
    ("feeds/records.atom.xml, feeds/units/<unit-id>.atom.xml", "Atom feeds"),
    ("codebook/index.html, changelog/index.html, search/index.html", ""),
    (
        "sitemap.xml",
        f"every page; past {SITEMAP_MAX_URLS:,} pages an index of sitemap-<n>.xml files",
    ),
    ("404.html", ""),
    ("en/...", "the same pages in English"),
)
"""Paths relative to the site root; ids and URLs of published records never change."""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def _commands() -> list[str]:
    from .cli import _parser

    parser = _parser()
    lines: list[str] = []
    for action in parser._actions:  # argparse has no public walk of subcommands
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                usage = " ".join(sub.format_usage().split()).removeprefix("usage: ")
                lines += [f"    {usage}", f"        {sub.description or ''}".rstrip()]
    return lines


def _csv_file(file: CsvFile) -> list[str]:
    lines = [
        f"### `{file.path}`",
        "",
        f"{file.description} Primary key: {', '.join(file.primary_key)}.",
        "",
    ]
    lines += _table(
        ("column", "type", "meaning"),
        [(f"`{name}`", kind, meaning) for name, kind, meaning in file.columns],
    )
    return [*lines, ""]


def contract() -> str:
    """The text of docs/CONTRACT.md."""
    lines = [
        "# The public contract",
        "",
        "<!-- Written by `python -m generator docs` from the code; do not edit by hand. -->",
        "",
        f"Record contract version **{SCHEMA_VERSION}** (see CHANGELOG.md for what changed and",
        "how to migrate). Names here are fixed: journalists' scripts depend on them. Fields and",
        "pages may be added; nothing is renamed or removed without a migration note.",
        "",
        "## 1. Content: what editors write",
        "",
        "`content/records/<id>.md`: YAML front matter between `---` lines, then a summary in",
        "Markdown in our own words. Reference tables: `units.yaml`, `regions.yaml`,",
        "`elections.yaml`, `operations.yaml`, `organisations.yaml`, `people.yaml`; optional",
        "`withdrawn.yaml` and `releases/<version>.json` (written by `generator release`).",
        "Unknown keys are errors; every id reference must resolve; dates must exist; URLs",
        "are http or https; raw HTML in a summary never reaches a page. Every coded claim",
        "carries `evidence`: the source's own words, verbatim, at most",
        f"{MAX_QUOTE_WORDS} words (see docs/CODING.md). A record with `draft: true` is",
        "validated but never published.",
        "",
        "### Record fields",
        "",
    ]
    lines += _table(
        ("field", "type", "required", "meaning"),
        [
            (
                f"`{f.name}`",
                f.type,
                "yes" if f.required else "",
                f.description_en
                + (
                    " Values: " + ", ".join(f"`{code}`" for code, _, _ in f.values)
                    if f.values
                    else ""
                ),
            )
            for f in codebook()
        ],
    )
    lines += [
        "",
        "Derived at build time, in the downloads only: `lead_unit` (the unit whose role is",
        "`lead`, or null), `officials[].name` (from people.yaml), `added` and `updated` (from",
        "releases), `summary`, `summary_html` (sanitised) and `url`.",
        "",
        "## 2. Command line",
        "",
        *_commands(),
        "",
        "Every error is one line, `path:LINE: field: message [CODE]` (line where known); a",
        "failed build exits 1 and leaves the previous output folder exactly as it was. A",
        "build replaces only a folder it made (it carries `.generator-output`) or an empty",
        "one, and one build at a time writes into a folder.",
        "",
        "### Error codes",
        "",
    ]
    lines += _table(
        ("code", "meaning"), [(f"`{code}`", meaning) for code, meaning in ERROR_CODES.items()]
    )
    lines += ["", "## 3. The published site", "", "Paths relative to the site root.", ""]
    lines += _table(
        ("path", "what"),
        [(f"`{path}`" if "," not in path else path, what) for path, what in URL_LAYOUT],
    )
    lines += [
        "",
        "## 4. Downloads",
        "",
        "`data/records.json` (every record, JSON), `data/records.sqlite` (every table "
        "below, typed, with keys and a full-text index `records_fts`),",
        "`data/records.xlsx` (every table, one sheet each), `data/citation.bib` and "
        "`data/citation.json` (CSL-JSON), and these CSV files:",
        "",
    ]
    for file in csv_files():
        lines += _csv_file(file)
    return "\n".join(lines).rstrip() + "\n"


def write_docs(path: Path = DOCS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(contract(), encoding="utf-8")
    return path


def check_docs(path: Path = DOCS) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != contract():
        raise DocsStale(f"{path} is stale; run `python -m generator docs` and commit it")
