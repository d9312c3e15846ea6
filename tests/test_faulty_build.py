"""Faulty content, end to end: the build command refuses it loudly and publishes nothing.

Each case starts from a copy of the real ``content/`` and of a good site built
from it (built once per module by ``python -m generator build``), breaks the
content in one way, runs the build command as a user would, and checks:

* exit code 1 and no traceback;
* every error line reads ``path:LINE: field: message [CODE]`` (SPEC section 2),
  followed by the summary line ``N error(s); nothing was published``;
* the expected stable code is reported for the broken file, at the right line
  where the line is known;
* the previous output is byte for byte as it was, and no staging directory
  is left beside it.

The per-rule unit tests live in ``test_load.py`` and ``test_validate.py``; this
suite checks that the same mistakes, seen through the command line, never
reach the published site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers_content import BASE, BASE_ID, BASE_NAME, base_with, line_of, write_record

from tests.tree import tree_digest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

ERROR_LINE = re.compile(r"^[^:]+\.(md|yaml|json)(:\d+)?: [^:]+: .+ \[[A-Z_]+\]$")
SUMMARY_LINE = re.compile(r"^(\d+) error\(s\); nothing was published$")
UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
"""What must never reach an editor's terminal inside an error line (a tab may)."""

REAL_RECORDS = sorted((CONTENT / "records").glob("*.md"))
"""The real records; a few cases break or reuse one of them."""


@dataclass(frozen=True)
class Run:
    returncode: int
    stderr: str
    """Decoded as it was written: no newline translation, so a stray CR stays visible."""


def run_build(content: Path, output: Path) -> Run:
    """``python -m generator build --content C --output O`` from the checkout."""
    env = {key: value for key, value in os.environ.items() if key != "GENERATOR_DEBUG"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )
    return Run(result.returncode, result.stderr.decode("utf-8", errors="backslashreplace"))


@dataclass(frozen=True)
class Good:
    """The real content and the site built from it, to copy for each case."""

    content: Path
    output: Path
    digest: dict[str, str]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Good:
    parent = tmp_path_factory.mktemp("good")
    content, output = parent / "content", parent / "output"
    shutil.copytree(CONTENT, content)
    result = run_build(content, output)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in parent.iterdir()) == ["content", "output"]
    digest = tree_digest(output)
    assert "index.html" in digest
    return Good(content=content, output=output, digest=digest)


# --- The cases -------------------------------------------------------------------------------
#
# A case breaks the content directory it is given and returns where the error must point:
# the path as error lines show it (relative to the parent of the content directory) and the
# line: None when the error has no line (the file as a whole is refused), ANY_LINE when it
# has one the case does not pin down.

ANY_LINE = 0
Where = tuple[str, int | None]
Breaker = Callable[[Path], Where]


@dataclass(frozen=True)
class Case:
    id: str
    code: str | tuple[str, ...]
    """The stable code expected, or the codes any one of which is a correct answer."""
    breaker: Breaker
    bug: str | None = None
    """Why the case fails today (a generator bug): the test is then a strict xfail."""

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code,) if isinstance(self.code, str) else self.code


def record(name: str = BASE_NAME) -> str:
    return f"content/records/{name}"


def with_base(old: str, new: str, needle: str | None = None, name: str = BASE_NAME) -> Breaker:
    """Add the test record with one edit; the error is on the line holding ``needle``."""

    def breaker(content: Path) -> Where:
        text = base_with(old, new)
        write_record(content, name, text)
        return record(name), line_of(text, needle) if needle is not None else ANY_LINE

    return breaker


def with_text(text: str | bytes, line: int | None, name: str = BASE_NAME) -> Breaker:
    def breaker(content: Path) -> Where:
        write_record(content, name, text)
        return record(name), line

    return breaker


def duplicate_id_across_files(content: Path) -> Where:
    # A second file carrying the id of a real record, sorted after every real record so it
    # is the one flagged; it also fails ID_MISMATCH, which a duplicate cannot avoid.
    real = REAL_RECORDS[0]
    name = f"zz-copy-of-{real.stem}.md"
    text = real.read_text(encoding="utf-8")
    write_record(content, name, text)
    return record(name), line_of(text, f"id: {real.stem}")


def non_utf8(content: Path) -> Where:
    text = base_with("activity: patroli dialogis", "activity: patroli \udcff dialogis")
    data = text.encode("utf-8", errors="surrogateescape")
    assert b"patroli \xff dialogis" in data
    write_record(content, BASE_NAME, data)
    return record(), line_of(text, "activity:")


def utf8_bom(content: Path) -> Where:
    write_record(content, BASE_NAME, b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    return record(), 1


def unclosed_front_matter(content: Path) -> Where:
    head, _, body = BASE.partition("\n---\n")
    text = head + "\n" + body
    write_record(content, BASE_NAME, text)
    return record(), len(text.splitlines())


BOMB_LEVELS = 9


def alias_bomb(content: Path) -> Where:
    """Billion laughs: nine levels of nine aliases, 9**9 strings if expanded."""
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, BOMB_LEVELS):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"lol{level}: &a{level} [{refs}]")
    bomb = "\n".join(lines) + "\n"
    text = base_with("kind: patrol\n", "kind: patrol\n" + bomb)
    write_record(content, BASE_NAME, text)
    # The first alias found may be any of them (see test_alias_bomb_error_points_into_the_bomb).
    return record(), ANY_LINE


def huge_file(content: Path) -> Where:
    """A 50 MB record, sparse: the file system stores only its first bytes."""
    path = write_record(content, BASE_NAME, BASE)
    with path.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
    return record(), None


def withdrawn_record_still_published(content: Path) -> Where:
    real = REAL_RECORDS[0].stem
    (content / "withdrawn.yaml").write_text(
        f'- id: {real}\n  date: "2024-12-01"\n  reason: Sumber ditarik oleh media.\n',
        encoding="utf-8",
    )
    return "content/withdrawn.yaml", 1


def broken_reference_table(content: Path) -> Where:
    path = content / "units.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(n for n, line in enumerate(lines) if line.startswith("- id: polres-malang"))
    lines[index] = "- id: polres-malang: kota\n"
    path.write_text("".join(lines), encoding="utf-8")
    return "content/units.yaml", index + 1


def missing_reference_table(content: Path) -> Where:
    (content / "regions.yaml").unlink()
    return "content/regions.yaml", None


def real_record_broken(content: Path) -> Where:
    real = REAL_RECORDS[-1]
    text = real.read_text(encoding="utf-8")
    assert "\nunits:\n- id: " in text
    text = re.sub(r"\nunits:\n- id: .*\n", "\nunits:\n- id: polres-atlantis\n", text, count=1)
    (content / "records" / real.name).write_text(text, encoding="utf-8")
    return record(real.name), line_of(text, "- id: polres-atlantis")


DEEP = "[" * 200 + "]" * 200
PHONE = "0812-3456-7890"

CASES = [
    # YAML the loader refuses
    Case(
        "malformed-yaml",
        "YAML_SYNTAX",
        with_base("kind: patrol\n", "kind: patrol: simulation\n", "kind: patrol: simulation"),
    ),
    Case(
        "malformed-yaml-unclosed-quote",
        "YAML_SYNTAX",
        with_base('date: "2024-02-10"', 'date: "2024-02-10\nmore: x', None),
    ),
    Case(
        "duplicate-key",
        "DUPLICATE_KEY",
        with_base("kind: patrol\n", "kind: patrol\nkind: simulation\n", "kind: simulation"),
    ),
    Case("yaml-alias-bomb", "YAML_ALIAS", alias_bomb),
    Case(
        "yaml-python-tag",
        "YAML_TAG",
        with_base("kind: patrol\n", 'kind: !!python/object/apply:os.system ["true"]\n', "!!python"),
    ),
    Case(
        "deep-nesting-200",
        "YAML_TOO_DEEP",
        with_base(
            "activity: patroli dialogis menjelang pemungutan suara",
            f"activity: {DEEP}",
            "activity:",
        ),
    ),
    Case(
        "control-character-yaml-escape",
        "CONTROL_CHARACTER",
        with_base(
            "activity: patroli dialogis menjelang pemungutan suara",
            'activity: "patroli \\x01 dialogis"',
            "activity:",
        ),
    ),
    Case(
        "control-character-raw-byte",
        "CONTROL_CHARACTER",
        with_base(
            "activity: patroli dialogis menjelang pemungutan suara",
            "activity: patroli \x01 dialogis",
            "activity:",
        ),
    ),
    # Bytes and framing
    Case("non-utf8-bytes", "ENCODING", non_utf8),
    Case("utf8-bom", "ENCODING", utf8_bom),
    Case("empty-file", "NO_FRONT_MATTER", with_text("", 1)),
    Case("missing-front-matter", "NO_FRONT_MATTER", with_text(BASE.removeprefix("---\n"), 1)),
    Case("unclosed-front-matter", "NO_FRONT_MATTER", unclosed_front_matter),
    Case("file-of-50-mb", "FILE_TOO_LARGE", huge_file),
    # Shapes and types
    Case(
        "front-matter-is-a-list",
        "NOT_A_MAPPING",
        with_text("---\n- id: x\n- kind: patrol\n---\nRingkasan.\n", 2),
    ),
    Case(
        "list-where-mapping-belongs",
        "INVALID_VALUE",
        with_base(
            "personnel:\n  count: 120\n  qualifier: about\n",
            "personnel:\n  - 120\n  - about\n",
            "personnel:",
        ),
    ),
    Case(
        "wrong-type-text-for-integer",
        "INVALID_VALUE",
        with_base("count: 120", 'count: "120"', "count:"),
    ),
    Case(
        "wrong-type-number-for-text",
        "INVALID_VALUE",
        with_base('region: "35.13"', "region: 35.13", "region:"),
    ),
    Case(
        "wrong-type-text-for-list",
        "INVALID_VALUE",
        with_base(
            "partners:\n  - kpu-kab-probolinggo\n", "partners: kpu-kab-probolinggo\n", "partners:"
        ),
    ),
    Case(
        "unknown-key",
        "UNKNOWN_FIELD",
        with_base("kind: patrol\n", "kind: patrol\ncolour: blue\n", "colour:"),
    ),
    Case(
        "unknown-nested-key",
        "UNKNOWN_FIELD",
        with_base(
            "    type: election_office\n", "    type: election_office\n    floor: 2\n", "floor:"
        ),
    ),
    Case(
        "missing-required-field", "MISSING_FIELD", with_base("kind: patrol\n", "", f"id: {BASE_ID}")
    ),
    Case(
        "missing-nested-field",
        "MISSING_FIELD",
        with_base("    language: id\n", "", "- outlet: Contoh Media"),
    ),
    Case("enum-value-not-allowed", "NOT_ALLOWED", with_base("kind: patrol", "kind: riot", "kind:")),
    # Dates
    Case(
        "impossible-date",
        "INVALID_VALUE",
        with_base('date: "2024-02-10"', 'date: "2024-02-30"', "date:"),
    ),
    Case(
        "future-date", "FUTURE_DATE", with_base('date: "2024-02-10"', 'date: "2099-01-01"', "date:")
    ),
    # References and ids
    Case(
        "unknown-reference",
        "UNKNOWN_REFERENCE",
        with_base("  - id: polres-probolinggo", "  - id: polres-atlantis", "polres-atlantis"),
    ),
    Case(
        "unknown-reference-in-list",
        "UNKNOWN_REFERENCE",
        with_base("  - kpu-kab-probolinggo\n", "  - kpu-atlantis\n", "kpu-atlantis"),
    ),
    Case("unknown-reference-in-real-record", "UNKNOWN_REFERENCE", real_record_broken),
    Case("duplicate-id-across-files", "DUPLICATE_ID", duplicate_id_across_files),
    Case(
        "id-not-matching-file-name",
        "ID_MISMATCH",
        with_text(BASE, line_of(BASE, f"id: {BASE_ID}"), name="2024-02-10-nama-lain.md"),
    ),
    *[
        Case(
            f"id-with-path-parts-{label}",
            "BAD_FORMAT",
            with_base(f"id: {BASE_ID}", f"id: '{bad}'", "^id:"),
        )
        for label, bad in [
            ("dotdot-slash", "../x"),
            ("slash", "a/b"),
            ("backslash", "a\\b"),
            ("percent-encoded-dots", "%2e%2e"),
        ]
    ],
    Case(
        "withdrawn-record-still-published",
        "WITHDRAWN_RECORD_EXISTS",
        withdrawn_record_still_published,
    ),
    # Privacy
    Case(
        "phone-number-outside-contacts",
        "PRIVATE_DATA",
        with_base(
            "  - Jam kegiatan tidak disebutkan.", f"  - Warga dapat menghubungi {PHONE}.", PHONE
        ),
    ),
    Case(
        "phone-number-in-summary",
        "PRIVATE_DATA",
        with_base("tidak mudah terprovokasi", f"tidak mudah terprovokasi ({PHONE})", PHONE),
    ),
    # Reference tables
    Case("malformed-reference-table", "YAML_SYNTAX", broken_reference_table),
    Case("missing-reference-table", "MISSING_FILE", missing_reference_table),
    # Editor text echoed into error lines must stay on one printable line.
    Case(
        "unknown-key-with-line-break",
        ("UNKNOWN_FIELD", "CONTROL_CHARACTER"),
        with_base("kind: patrol\n", 'kind: patrol\n"colour\\nname": blue\n', "colour"),
    ),
    Case(
        "unknown-key-with-terminal-escape",
        ("UNKNOWN_FIELD", "CONTROL_CHARACTER"),
        with_base("kind: patrol\n", 'kind: patrol\n"\\e[31mred\\e[0m": blue\n', "red"),
    ),
    Case(
        "number-hint-with-line-break",
        "INVALID_VALUE",
        with_base(
            "activity: patroli dialogis menjelang pemungutan suara",
            'activity: !!int "\\n12\\n"',
            "activity:",
        ),
    ),
]


def test_cases_have_unique_ids() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 20


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [],
        )
        for case in CASES
    ],
)
def test_faulty_content_fails_the_build_and_publishes_nothing(
    case: Case, good: Good, tmp_path: Path
) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(good.content, content)
    shutil.copytree(good.output, output)
    assert tree_digest(output) == good.digest
    path, line = case.breaker(content)

    result = run_build(content, output)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n"), result.stderr
    lines = result.stderr[:-1].split("\n")
    *errors, summary = lines
    counted = SUMMARY_LINE.fullmatch(summary)
    assert counted, f"last line is not the summary: {summary!r}"
    assert int(counted.group(1)) == len(errors) >= 1
    for error in errors:
        assert ERROR_LINE.fullmatch(error), f"badly formed error line: {error!r}"
        assert not UNPRINTABLE.search(error), f"unprintable character in: {error!r}"
    ours = [e for e in errors if e.endswith(tuple(f" [{code}]" for code in case.codes))]
    assert ours, f"no {case.codes} in:\n{result.stderr}"
    if line is None:
        at = re.compile(re.escape(f"{path}: "))
    elif line == ANY_LINE:
        at = re.compile(re.escape(path) + r":[1-9]\d*: ")
    else:
        at = re.compile(re.escape(f"{path}:{line}: "))
    assert any(at.match(e) for e in ours), f"no {case.codes} at {at.pattern!r} in:\n{result.stderr}"
    assert tree_digest(output) == good.digest, "the previous output was changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"], "staging left"


def test_alias_bomb_error_points_into_the_bomb(good: Good, tmp_path: Path) -> None:
    """The alias error names a line of the bomb (the parametrized case leaves the line open).

    Aliases share their anchor's node, so the line may be the anchor's as well as an alias's.
    """
    content = tmp_path / "content"
    shutil.copytree(good.content, content)
    alias_bomb(content)
    text = (content / "records" / BASE_NAME).read_text(encoding="utf-8")
    bomb_lines = {n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("lol")}
    result = run_build(content, tmp_path / "output")
    assert result.returncode == 1
    found = re.findall(
        rf"^{re.escape(record())}:(\d+): .* \[YAML_ALIAS\]$", result.stderr, flags=re.MULTILINE
    )
    assert found, result.stderr
    assert {int(n) for n in found} <= bomb_lines
    assert not (tmp_path / "output").exists()
