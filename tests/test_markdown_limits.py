"""No summary, however crafted, stalls or crashes a build (issue #18, item 5).

Every known pathological pattern for Python-Markdown is tried at the largest size
validation accepts: each is either refused by validation, with a stable code, or
rendered within a second. A pattern that is not refused must not overflow the stack.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers_content import BASE, base_with, errors_of, make_site, where, write_record

from generator.models import MAX_SUMMARY_CHARS
from generator.summary import render_summary
from generator.validate import MAX_LINK_BRACKETS, MAX_NESTING, check_markdown

SIZE = MAX_SUMMARY_CHARS


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


PATTERNS = {
    "open-brackets": "[" * MAX_LINK_BRACKETS + _fill("a ", SIZE - MAX_LINK_BRACKETS),
    "bracket-paren": "[(" * MAX_LINK_BRACKETS + _fill("x", SIZE - 2 * MAX_LINK_BRACKETS),
    "link-openers": "[a](" * MAX_LINK_BRACKETS + _fill("b", SIZE - 4 * MAX_LINK_BRACKETS),
    "nested-brackets": ("[" * 10 + "a") * 10 + _fill(" b", SIZE - 110),
    "brackets-then-parens": "[x" * MAX_LINK_BRACKETS + _fill("y (", SIZE - 200),
    "stars": _fill("*"),
    "star-words": _fill("*a "),
    "underscores": _fill("_a "),
    "emphasis-mix": _fill("*_"),
    "backticks": _fill("`"),
    "backtick-pairs": _fill("``a"),
    "blockquote-depth": _fill(">", SIZE - 2) + " x",
    "blockquote-allowed": ">" * MAX_NESTING + " x\n" + _fill("y", SIZE - MAX_NESTING - 3),
    "blockquote-lines": "".join(">" * i + " x\n" for i in range(120))[:SIZE],
    "list-two-spaces": "".join("  " * (i % 32) + "- x\n" for i in range(800))[:SIZE],
    "list-deepest-allowed": "".join(" " * 4 * min(i, MAX_NESTING - 1) + "- x\n" for i in range(60)),
    "ordered-allowed": "1. " * MAX_NESTING + "x",
    "marker-chain": _fill("- "),
    "ordered-chain": _fill("1. "),
    "quote-list-chain": _fill("> - "),
    "less-than": _fill("<"),
    "ampersands": _fill("&"),
    "entities": _fill("&#"),
    "autolinks": _fill("<http://"),
    "reference-defs": _fill("[x]: http://a\n"),
    "indented-code": _fill("    x\n"),
    "headers": _fill("#"),
    "rules": _fill("- "),
    "link-parens": "[a](" + _fill("(", SIZE - 4),
}


@pytest.mark.parametrize("name", list(PATTERNS))
def test_every_pathological_pattern_is_refused_or_fast(name: str) -> None:
    text = PATTERNS[name]
    assert len(text) <= SIZE
    if check_markdown(text) is not None:
        return  # refused by validation: never rendered
    started = time.perf_counter()
    render_summary(text)
    assert time.perf_counter() - started < 1.0, name


@pytest.mark.parametrize(
    ("summary", "code"),
    [
        (_fill("kata ", SIZE + 1), "SUMMARY_TOO_LONG"),
        ("[" * (MAX_LINK_BRACKETS + 1), "MARKDOWN_TOO_COMPLEX"),
        ("".join("    " * i + "- x\n" for i in range(40)), "MARKDOWN_TOO_COMPLEX"),
        ("1. " * 249 + "x", "MARKDOWN_TOO_COMPLEX"),
        ("> " * 249 + "x", "MARKDOWN_TOO_COMPLEX"),
    ],
    ids=["too-long", "brackets", "nested-list-40", "ordered-chain-249", "quote-chain-249"],
)
def test_beyond_the_limits_validation_refuses(tmp_path: Path, summary: str, code: str) -> None:
    content = make_site(tmp_path, base=False)
    head = BASE.split("---\n")[1]
    write_record(
        content, "2024-02-10-polres-probolinggo-patroli-uji.md", f"---\n{head}---\n{summary}"
    )
    found = where(errors_of(content))
    assert [(field, got) for _, _, field, got in found] == [("summary", code)]


def test_the_english_summary_has_the_same_limits(tmp_path: Path) -> None:
    content = make_site(tmp_path, base=False)
    text = base_with(
        "  Police of Polres Probolinggo patrolled ahead of voting day.",
        "  " + "[" * (MAX_LINK_BRACKETS + 1),
    )
    write_record(content, "2024-02-10-polres-probolinggo-patroli-uji.md", text)
    assert [(f, c) for _, _, f, c in where(errors_of(content))] == [
        ("summary_en", "MARKDOWN_TOO_COMPLEX")
    ]


def test_the_limits_fit_real_summaries() -> None:
    real = Path(__file__).resolve().parent.parent / "content" / "records"
    longest = max(
        len(p.read_text(encoding="utf-8").split("---\n", 2)[2]) for p in real.glob("*.md")
    )
    assert longest * 10 < SIZE  # room to spare
    assert MAX_NESTING >= 8
