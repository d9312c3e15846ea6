"""The repository documents its own contract, and the documents cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from generator.docs import DOCS, contract
from generator.errors import ERROR_CODES

ROOT = Path(__file__).resolve().parent.parent

_RAISED = re.compile(
    r'"([A-Z][A-Z_]{3,})"\)|code = "([A-Z][A-Z_]{3,})"|: "([A-Z][A-Z_]{3,})",?$'
    r'|\[([A-Z][A-Z_]{3,})\]"'
    r'|"([A-Z][A-Z_]{3,})",?\n\s*\)',
    re.MULTILINE,
)
"""A code given as the last argument of an error (before the call's closing parenthesis, on
its line or the next), a class's code, a mapping's value, or printed by the
command line as ``[CODE]``."""


def _codes_in_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "generator").glob("*.py"):
        if path.name == "docs.py":
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "errors.py":  # its classes' codes, not the list itself
            text = text[: text.index("ERROR_CODES")] + text[text.index("class DocsStale") :]
        for match in _RAISED.finditer(text):
            found.add(next(group for group in match.groups() if group))
    found |= {"INTERNAL"}  # printed by the command line for a bug of ours
    return found


def test_every_error_code_is_documented_and_every_documented_code_is_used() -> None:
    used = _codes_in_code() - {
        "OUTPUT_TREE",
        "SITEURL",
        "SITENAME",
        "DATA_FILES",
        "PATH",
        "SITE_MODEL",
        "SITE_VERSION",
        "RECORD_DIGESTS",
        "PAGE_KEYS",
        "PAGE_INPUTS",
        "RENDER_IN_PARALLEL",
        "LC_MESSAGES",
        "NFKD",
        "GENERATOR_DEBUG",
        "BEGIN",
        "COMMIT",
        "VACUUM",
        "XDG_STATE_HOME",
        "PUBLISHER",
        "PUBLISHER_URL",
        "CONTACT",
        "AUTHOR",
    }
    assert sorted(used - set(ERROR_CODES)) == [], "codes used but not in ERROR_CODES"
    assert sorted(set(ERROR_CODES) - used) == [], "documented, never used"


def test_the_committed_contract_is_the_generated_one() -> None:
    assert DOCS.read_text(encoding="utf-8") == contract(), "run `python -m generator docs`"


def test_the_contract_names_every_code_and_every_download_table() -> None:
    text = contract()
    assert all(f"`{code}`" in text for code in ERROR_CODES)
    for name in (
        "record_units",
        "record_officials",
        "record_appeals",
        "record_sources",
        "evidence",
        "units",
        "regions",
        "organisations",
        "elections",
        "operations",
        "people",
    ):
        assert f"`data/{name}.csv`" in text


def test_no_document_points_outside_the_repository() -> None:
    for path in [
        ROOT / "README.md",
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "generator").glob("*.py"),
    ]:
        assert "../shared" not in path.read_text(encoding="utf-8"), path


def test_the_readme_module_table_names_every_module_and_only_those() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Code") : text.index("## Licences")]
    named = set(re.findall(r"`generator/(\w+)\.py`", table))
    modules = {path.stem for path in (ROOT / "generator").glob("*.py")} - {"__init__", "__main__"}
    assert sorted(modules - named) == [], "modules missing from the README's table"
    assert sorted(named - modules) == [], "the README's table names modules that do not exist"
