"""Loading: bytes -> YAML front matter + Markdown body, refusing what YAML allows silently.

Each test makes one minimal edit to the valid test record (or a reference
table) in a copy of the content and checks the error's stable code, file,
line and field. A bug found later gets a strict ``xfail`` test first, which
starts failing (XPASS) the day the bug is fixed, so the marker gets removed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from helpers_content import (
    BASE,
    BASE_ID,
    BASE_NAME,
    BASE_PATH,
    ROOT,
    base_with,
    edit,
    errors_of,
    line_of,
    make_site,
    validate,
    where,
    write_record,
)

from generator.errors import ContentError
from generator.load import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_TABLE_BYTES,
    load_record,
)
from generator.validate import validate_content

TABLES = ("units", "regions", "elections", "operations", "organisations")


def only_error(content: Path) -> ContentError:
    errors = errors_of(content)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def record_error(tmp_path: Path, text: str | bytes) -> ContentError:
    """The one error of the base record replaced by ``text`` (real records kept)."""
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, text)
    error = only_error(content)
    assert error.path == BASE_PATH
    return error


# --- the fixture itself -------------------------------------------------------------------


def test_base_record_is_valid_and_loaded_with_lines(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    dataset = validate(content)
    assert BASE_ID in [entry.record.id for entry in dataset.entries]
    doc = load_record(content / "records" / BASE_NAME, BASE_PATH)
    assert doc.data["id"] == BASE_ID
    # Lines are lines of the file, not of the front matter.
    assert doc.line_of(("kind",)) == line_of(BASE, "kind: patrol")
    assert doc.line_of(("sources", 0, "url")) == line_of(BASE, "url: https://")
    assert doc.body.startswith("Polres Probolinggo berpatroli")
    assert doc.body_line == line_of(BASE, "Polres Probolinggo berpatroli")


def test_unquoted_iso_date_stays_text_and_is_valid(tmp_path: Path) -> None:
    # The loader drops YAML's implicit timestamps, so an unquoted date is the same text.
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with('date: "2024-02-10"', "date: 2024-02-10"))
    doc = load_record(content / "records" / BASE_NAME, BASE_PATH)
    assert doc.data["date"] == "2024-02-10"
    validate(content)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_are_valid(tmp_path: Path, newline: str) -> None:
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, BASE.replace("\n", newline))
    validate(content)


def test_fence_may_have_trailing_blanks_and_blank_lines_before_body(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    text = base_with("---\nPolres", "--- \t\n\n\n\nPolres")
    write_record(content, BASE_NAME, text)
    validate(content)
    doc = load_record(content / "records" / BASE_NAME, BASE_PATH)
    assert doc.body_line == line_of(text, "Polres Probolinggo berpatroli")


# --- YAML syntax ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "bad"),
    [
        ("kind: patrol\n", "kind: patrol: extra\n", "kind: patrol: extra"),
        ("  - code: anti_hoax\n", "\t- code: anti_hoax\n", "\t- code: anti_hoax"),
        ("  - code: not_provoked\n", " - code: not_provoked\n", " - code: not_provoked"),
    ],
    ids=["colon-in-value", "tab-indent", "bad-indent"],
)
def test_yaml_syntax_error(tmp_path: Path, old: str, new: str, bad: str) -> None:
    text = base_with(old, new)
    error = record_error(tmp_path, text)
    assert (error.code, error.field) == ("YAML_SYNTAX", "")
    assert error.line == line_of(text, bad)
    assert error.message.startswith("YAML syntax:")
    assert "\n" not in error.message


def test_yaml_syntax_error_in_table_names_table_and_line(tmp_path: Path) -> None:
    content = make_site(tmp_path, records=False, base=False)
    path = content / "organisations.yaml"
    text = edit(
        path.read_text(encoding="utf-8"),
        "  name: KPU Kota Probolinggo\n",
        "  name: KPU: Kota Probolinggo\n",
    )
    path.write_text(text, encoding="utf-8")
    error = only_error(content)
    assert (error.path, error.field, error.code) == (
        "content/organisations.yaml",
        "",
        "YAML_SYNTAX",
    )
    assert error.line == line_of(text, "name: KPU: Kota")


# --- duplicate keys ---------------------------------------------------------------------------

DUPLICATES = [
    pytest.param(
        "kind: patrol\n",
        "kind: patrol\nkind: simulation\n",
        "kind: simulation",
        "kind: patrol",
        "kind",
        id="top-level",
    ),
    pytest.param(
        "  count: 120\n",
        "  count: 120\n  count: 130\n",
        "count: 130",
        "count: 120",
        "personnel.count",
        id="nested-mapping",
    ),
    pytest.param(
        "    author: Redaksi\n",
        "    author: Redaksi\n    author: Lain\n",
        "author: Lain",
        "author: Redaksi",
        "sources[0].author",
        id="in-list-item",
    ),
]


@pytest.mark.parametrize(("old", "new", "second", "first", "field"), DUPLICATES)
def test_duplicate_key(
    tmp_path: Path, old: str, new: str, second: str, first: str, field: str
) -> None:
    text = base_with(old, new)
    error = record_error(tmp_path, text)
    assert (error.code, error.field, error.line) == ("DUPLICATE_KEY", field, line_of(text, second))
    assert "duplicate key (first given on line" in error.message


@pytest.mark.parametrize(("old", "new", "second", "first", "field"), DUPLICATES)
def test_duplicate_key_message_names_the_first_line(
    tmp_path: Path, old: str, new: str, second: str, first: str, field: str
) -> None:
    text = base_with(old, new)
    error = record_error(tmp_path, text)
    assert f"first given on line {line_of(text, first)})" in error.message


def test_duplicate_key_in_table_line_and_field(tmp_path: Path) -> None:
    content = make_site(tmp_path, records=False, base=False)
    path = content / "units.yaml"
    original = path.read_text(encoding="utf-8")
    count = len(yaml.safe_load(original))
    text = original + (
        "- id: polres-baru\n  name: Polres Baru\n  kind: polres\n"
        '  branch: police\n  kind: polresta\n  region: "35"\n'
    )
    path.write_text(text, encoding="utf-8")
    error = only_error(content)
    assert (error.path, error.field, error.code) == (
        "content/units.yaml",
        f"[{count}].kind",
        "DUPLICATE_KEY",
    )
    start = len(original.splitlines()) + 1  # line of the appended "- id: polres-baru"
    assert error.line == start + 4
    assert f"first given on line {start + 2})" in error.message


# --- anchors, aliases, merge keys, alias bombs ------------------------------------------------

ANCHORED = edit(
    base_with("activity: patroli", "activity: &kegiatan patroli"),
    "  - Jam kegiatan tidak disebutkan.\n",
    "  - Jam kegiatan tidak disebutkan.\n  - *kegiatan\n",
)


def test_alias_is_refused(tmp_path: Path) -> None:
    error = record_error(tmp_path, ANCHORED)
    assert error.code == "YAML_ALIAS"
    # Either end of the reuse is a fine place to point at.
    assert (error.field, error.line) in {
        ("activity", line_of(ANCHORED, "&kegiatan")),
        ("quality_notes[2]", line_of(ANCHORED, "*kegiatan")),
    }
    assert "anchors and aliases" in error.message


def test_merge_key_is_refused(tmp_path: Path) -> None:
    text = base_with(
        "  - name: Kantor KPU Kabupaten Probolinggo\n    type: election_office\n",
        "  - &tempat\n    name: Kantor KPU\n    type: election_office\n"
        "  - <<: *tempat\n    name: Gudang\n",
    )
    error = record_error(tmp_path, text)
    assert error.code == "YAML_ALIAS"
    assert error.field.startswith("places")


def test_anchor_without_alias_is_harmless_and_accepted(tmp_path: Path) -> None:
    # Documented behaviour: only a *reuse* is refused; a lone &anchor changes nothing.
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with("kind: patrol", "kind: &k patrol"))
    validate(content)


def _billion_laughs() -> str:
    lines = ['lol0: &l0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("where_", ["record", "table"])
def test_billion_laughs_is_refused_quickly(tmp_path: Path, where_: str) -> None:
    content = make_site(tmp_path, records=False, base=where_ == "record")
    bomb = _billion_laughs()
    if where_ == "record":
        write_record(content, BASE_NAME, base_with("kind: patrol\n", "kind: patrol\n" + bomb))
        expected_path = BASE_PATH
    else:
        (content / "organisations.yaml").write_text(bomb, encoding="utf-8")
        expected_path = "content/organisations.yaml"
    started = time.perf_counter()
    error = only_error(content)
    assert time.perf_counter() - started < 2
    assert (error.path, error.code) == (expected_path, "YAML_ALIAS")


def test_too_many_nodes_is_refused(tmp_path: Path) -> None:
    notes = "".join(f"  - n{index}\n" for index in range(MAX_NODES + 1))
    text = base_with("quality_notes:\n", "quality_notes:\n" + notes)
    assert len(text.encode()) < MAX_FILE_BYTES
    error = record_error(tmp_path, text)
    assert (error.code, error.line) == ("YAML_TOO_LARGE", None)


def _nested(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


def test_nesting_at_the_limit_is_parsed(tmp_path: Path) -> None:
    # The front matter mapping is one level, so MAX_DEPTH - 1 more are allowed.
    text = base_with("kind: patrol\n", "kind: patrol\n" + _nested(MAX_DEPTH - 1))
    error = record_error(tmp_path, text)
    assert (error.code, error.field) == ("UNKNOWN_FIELD", "x")


@pytest.mark.parametrize("depth", [MAX_DEPTH, 5000, 30000], ids=["limit+1", "5000", "30000"])
def test_too_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    # 30000 levels used to overflow the C stack of libyaml's recursive composer (SIGSEGV).
    text = base_with("kind: patrol\n", "kind: patrol\n" + _nested(depth))
    error = record_error(tmp_path, text)
    assert (error.code, error.line) == ("YAML_TOO_DEEP", line_of(text, "x: [["))


@pytest.mark.parametrize("depth", [MAX_DEPTH, 1000, 5000], ids=["limit+1", "1000", "5000"])
def test_too_deep_block_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    # Block sequences nest too ("- - - x"); libyaml's own limit must not change the code.
    text = base_with("kind: patrol\n", "kind: patrol\nx:\n" + "- " * depth + "deep\n")
    error = record_error(tmp_path, text)
    assert error.code == "YAML_TOO_DEEP"
    assert error.line == line_of(text, "- - ")


# --- tags -------------------------------------------------------------------------------------


def test_custom_tag_on_scalar_is_refused(tmp_path: Path) -> None:
    text = base_with("activity: patroli", "activity: !khusus patroli")
    error = record_error(tmp_path, text)
    assert (error.code, error.field, error.line) == (
        "YAML_TAG",
        "activity",
        line_of(text, "!khusus"),
    )
    assert "'!khusus'" in error.message


@pytest.mark.parametrize(
    ("line", "code"),
    [("  kind: !khusus polres\n", "YAML_TAG"), ("  kind: *jenis\n", "YAML_ALIAS")],
)
def test_tag_and_alias_lines_in_table(tmp_path: Path, line: str, code: str) -> None:
    content = make_site(tmp_path, records=False, base=False)
    path = content / "units.yaml"
    original = path.read_text(encoding="utf-8")
    text = edit(original, "  kind: polda\n", "  kind: &jenis polda\n") + (
        "- id: polres-baru\n  name: Polres Baru\n" + line + '  branch: police\n  region: "35"\n'
    )
    path.write_text(text, encoding="utf-8")
    error = only_error(content)
    assert (error.path, error.code) == ("content/units.yaml", code)
    if code == "YAML_TAG":
        index = len(yaml.safe_load(original))
        assert (error.line, error.field) == (line_of(text, "!khusus"), f"[{index}].kind")
    else:
        assert error.line in {line_of(text, "&jenis"), line_of(text, "*jenis")}


NON_PLAIN_TAGS = [
    pytest.param("x: !!python/object/apply:os.system [{cmd!r}]\n", id="python-object-apply"),
    pytest.param("x: !!python/object:collections.OrderedDict {{}}\n", id="python-object"),
    pytest.param("x: !!python/name:os.system ''\n", id="python-name"),
    pytest.param("x: !khusus {{a: 1}}\n", id="custom-tag-on-mapping"),
    pytest.param("x: !khusus [a]\n", id="custom-tag-on-sequence"),
    pytest.param("x: !!timestamp 2024-02-30\n", id="timestamp"),
    pytest.param("x: !!binary aGVsbG8=\n", id="binary"),
    pytest.param("x: !!set {{a, b}}\n", id="set"),
    pytest.param("x: !<tag:example.com,2024:x> a\n", id="verbatim-tag"),
]


@pytest.mark.parametrize("template", NON_PLAIN_TAGS)
def test_non_plain_tags_are_refused_and_never_run(tmp_path: Path, template: str) -> None:
    marker = tmp_path / "pwned"
    line = template.format(cmd=f"touch {marker}")
    text = base_with("kind: patrol\n", "kind: patrol\n" + line)
    error = record_error(tmp_path, text)
    assert not marker.exists()
    assert (error.code, error.line, error.field) == ("YAML_TAG", line_of(text, "x: !"), "x")
    assert "\n" not in error.message


def test_tag_of_the_date_field_is_refused(tmp_path: Path) -> None:
    # An explicit timestamp would bypass "dates stay text" and the YYYY-MM-DD check.
    text = base_with('date: "2024-02-10"', "date: !!timestamp 2024-02-10")
    error = record_error(tmp_path, text)
    assert (error.code, error.field) == ("YAML_TAG", "date")


@pytest.mark.parametrize(
    ("old", "new"),
    [('region: "35.13"', "region: !!str 35.13"), ("kind: patrol", "kind: !!str patrol")],
)
def test_plain_str_tag_is_allowed(tmp_path: Path, old: str, new: str) -> None:
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with(old, new))
    validate(content)


VALUES_YAML_CANNOT_READ = [
    pytest.param("x: !!int abc\n", id="int-tag"),
    pytest.param("x: !!float abc\n", id="float-tag"),
    pytest.param("x: !!bool maybe\n", id="bool-tag"),
    pytest.param("x: " + "1" * 5000 + "\n", id="5000-digit-int"),
]


@pytest.mark.parametrize("line", VALUES_YAML_CANNOT_READ)
def test_value_yaml_cannot_read_is_a_content_error(tmp_path: Path, line: str) -> None:
    # PyYAML's constructor raises ValueError here; it must become an error line.
    text = base_with("kind: patrol\n", "kind: patrol\n" + line)
    error = record_error(tmp_path, text)
    assert error.code == "YAML_SYNTAX"
    assert "\n" not in error.message


@pytest.mark.parametrize("line", VALUES_YAML_CANNOT_READ)
def test_value_yaml_cannot_read_has_its_line(tmp_path: Path, line: str) -> None:
    text = base_with("kind: patrol\n", "kind: patrol\n" + line)
    assert record_error(tmp_path, text).line == line_of(text, "x: ")


# --- encoding -------------------------------------------------------------------------------


def test_non_utf8_bytes_are_refused_with_line(tmp_path: Path) -> None:
    raw = BASE.encode("utf-8").replace(b'disebut "sekitar', b'disebut "s\xe9kitar')
    error = record_error(tmp_path, raw)
    assert (error.code, error.field) == ("ENCODING", "")
    assert error.line == line_of(BASE, 'disebut "sekitar')


def test_non_utf8_in_body_has_body_line(tmp_path: Path) -> None:
    raw = BASE.encode("utf-8").replace(b"Warga diimbau", b"Warga \x93diimbau\x94")
    error = record_error(tmp_path, raw)
    assert (error.code, error.line) == ("ENCODING", line_of(BASE, "Warga diimbau"))


def test_utf16_file_is_refused(tmp_path: Path) -> None:
    error = record_error(tmp_path, BASE.encode("utf-16"))
    assert (error.code, error.line) == ("ENCODING", 1)


def test_utf8_bom_is_refused(tmp_path: Path) -> None:
    error = record_error(tmp_path, b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert (error.code, error.line, error.field) == ("ENCODING", 1, "")
    assert "byte-order mark" in error.message


@pytest.mark.parametrize(
    "char", ["\x00", "\x0b", "\x0c", "\x1b", "\ufffe"], ids=["NUL", "VT", "FF", "ESC", "U+FFFE"]
)
def test_control_character_in_file_is_refused(tmp_path: Path, char: str) -> None:
    text = base_with("Warga diimbau", f"Warga{char} diimbau")
    error = record_error(tmp_path, text)
    assert (error.code, error.line) == ("CONTROL_CHARACTER", line_of(text, f"Warga{char}"))
    assert f"U+{ord(char):04X}" in error.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  - Jam kegiatan tidak disebutkan.", '  - "Jam\\x1fkegiatan"', "quality_notes[1]"),
        (
            "activity: patroli dialogis menjelang pemungutan suara",
            'activity: "patroli\\u0007dialogis"',
            "activity",
        ),
    ],
)
def test_control_character_written_as_yaml_escape_is_refused(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    # The file itself is clean; the character only appears once YAML decodes "\x1f".
    text = base_with(old, new)
    error = record_error(tmp_path, text)
    assert (error.code, error.field, error.line) == (
        "CONTROL_CHARACTER",
        field,
        line_of(text, new.strip()),
    )


def test_tab_and_no_break_space_are_fine(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with("Warga diimbau", "Warga\t diimbau\u00a0"))
    validate(content)


def test_character_yaml_refuses_gets_one_line_error_with_line(tmp_path: Path) -> None:
    # DEL is legal XML, so only the YAML reader refuses it (in the front matter).
    text = base_with("summary_en: |\n", "summary_en: |\n  a\x7f b\n")
    error = record_error(tmp_path, text)
    assert (error.code, error.line) == ("CONTROL_CHARACTER", line_of(text, "\x7f"))
    assert "U+007F" in error.message


def test_character_yaml_refuses_after_non_ascii_text_gets_its_line(tmp_path: Path) -> None:
    text = base_with("activity: patroli dialogis", "activity: “patroli” dialogis " + "é" * 100)
    text = edit(text, "summary_en: |\n", "summary_en: |\n  a\x7f b\n")
    assert record_error(tmp_path, text).line == line_of(text, "\x7f")


# --- front matter shape -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n", "   \n\n"], ids=["empty", "newline", "blank"])
def test_empty_file_has_no_front_matter(tmp_path: Path, text: str) -> None:
    error = record_error(tmp_path, text)
    assert (error.code, error.line) == ("NO_FRONT_MATTER", 1)


@pytest.mark.parametrize(
    "text",
    [BASE.removeprefix("---\n"), "\n" + BASE, "Judul\n" + BASE, "-- \n" + BASE[4:]],
    ids=["no-opening-fence", "blank-line-first", "text-first", "short-fence"],
)
def test_missing_front_matter(tmp_path: Path, text: str) -> None:
    error = record_error(tmp_path, text)
    assert (error.code, error.line, error.field) == ("NO_FRONT_MATTER", 1, "")


def test_unclosed_front_matter(tmp_path: Path) -> None:
    text = base_with("---\nPolres", "Polres")
    error = record_error(tmp_path, text)
    assert error.code == "NO_FRONT_MATTER"
    assert error.line == len(text.splitlines())
    assert "not closed" in error.message


@pytest.mark.parametrize(
    ("front", "line"),
    [("- id: x\n- kind: patrol\n", 2), ("just text\n", 2), ("", 2), ("\n\n- a\n", 4)],
    ids=["list", "scalar", "empty", "list-after-blank-lines"],
)
def test_front_matter_must_be_a_mapping(tmp_path: Path, front: str, line: int) -> None:
    error = record_error(tmp_path, f"---\n{front}---\nText.\n")
    assert (error.code, error.line, error.field) == ("NOT_A_MAPPING", line, "")


def test_table_must_be_a_list(tmp_path: Path) -> None:
    content = make_site(tmp_path, records=False, base=False)
    (content / "elections.yaml").write_text("pemilu-2024:\n  name: Pemilu 2024\n", encoding="utf-8")
    # operations.yaml now refers to unknown elections: those errors are expected too.
    errors = errors_of(content)
    assert ("content/elections.yaml", 1, "", "NOT_A_LIST") in where(errors)
    assert {e.code for e in errors} == {"NOT_A_LIST", "UNKNOWN_REFERENCE"}


# --- size limits ------------------------------------------------------------------------------


def _padded(size: int) -> str:
    """The base record, padded with quality notes of plain text to exactly ``size`` bytes
    (the summary has a limit of its own, well under a file's)."""
    missing = size - len(BASE.encode("utf-8"))
    notes = []
    while missing > 0:
        room = min(1900, missing - len("  - \n"))  # one note, its YAML framing included
        room = max(room, 1)
        notes.append("  - " + ("Patroli dialogis. " * 110)[:room].rstrip() + "\n")
        missing -= len(notes[-1].encode("utf-8"))
    text = BASE.replace("quality_notes:\n", "quality_notes:\n" + "".join(notes), 1)
    while len(text.encode("utf-8")) < size:  # a note's stripped space, put back as dots
        text = text.replace("\n  - Jam kegiatan", ".\n  - Jam kegiatan", 1)
    assert len(text.encode("utf-8")) == size
    return text


def test_record_at_size_limit_is_valid(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, _padded(MAX_FILE_BYTES))
    validate(content)


def test_record_over_size_limit_is_refused(tmp_path: Path) -> None:
    error = record_error(tmp_path, _padded(MAX_FILE_BYTES + 1))
    assert (error.code, error.line, error.field) == ("FILE_TOO_LARGE", None, "")
    assert f"{MAX_FILE_BYTES + 1} bytes" in error.message
    assert str(MAX_FILE_BYTES) in error.message


_NEVER_OPENED = """
import json, os, sys, time
from pathlib import Path
from generator.load import load_content
big = sys.argv[1]
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        if os.fsdecode(args[0]) == big:
            opened.append(args[0])
sys.addaudithook(hook)
started = time.perf_counter()
raw, errors = load_content(Path(sys.argv[2]))
records = list(raw.records)  # read as they are taken
elapsed = time.perf_counter() - started
print(json.dumps({"opened": len(opened), "seconds": elapsed,
                  "errors": [[e.path, e.line, e.code, e.message] for e in errors]}))
"""


def _sparse(path: Path, size: int, head: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)


@pytest.mark.parametrize(
    ("relative", "size"),
    [("records/" + BASE_NAME, 50 * 1024 * 1024), ("units.yaml", MAX_TABLE_BYTES + 1)],
    ids=["50MB-record", "oversized-table"],
)
def test_huge_file_is_refused_by_size_without_being_opened(
    tmp_path: Path, relative: str, size: int
) -> None:
    content = make_site(tmp_path, records=False, base=False)
    big = content / relative
    _sparse(big, size, BASE.encode("utf-8") if relative.startswith("records") else b"")
    result = subprocess.run(
        [sys.executable, "-c", _NEVER_OPENED, str(big), str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["opened"] == 0
    assert report["seconds"] < 1
    assert [e[:3] for e in report["errors"]] == [[f"content/{relative}", None, "FILE_TOO_LARGE"]]
    assert f"{size} bytes" in report["errors"][0][3]


# --- files in records/ and the reference tables -----------------------------------------------


@pytest.mark.parametrize(
    "name", ["notes.txt", "README", "draft.md.bak", "record.MD", "record.yaml"]
)
def test_only_md_files_belong_in_records(tmp_path: Path, name: str) -> None:
    content = make_site(tmp_path)
    write_record(content, name, BASE)
    error = only_error(content)
    assert (error.path, error.line, error.field, error.code) == (
        f"content/records/{name}",
        None,
        "",
        "NOT_A_RECORD",
    )


def test_what_is_not_a_record_in_records_is_reported(tmp_path: Path) -> None:
    # Nothing in records/ is skipped without a word (issue #18, item 8), but editors'
    # lock, backup and swap files.
    content = make_site(tmp_path)
    write_record(content, ".draft.md", "not a record at all")
    (content / "records" / "sub").mkdir()
    (content / "records" / "sub" / "x.md").write_text("nor this", encoding="utf-8")
    (content / "records" / "folder.md").mkdir()
    for ignored in (f".{BASE_NAME}.swp", f"{BASE_NAME}~", f".#{BASE_NAME}"):
        write_record(content, ignored, "an editor's file")
    assert where(errors_of(content)) == [
        ("content/records/.draft.md", None, "", "NOT_A_RECORD"),
        ("content/records/folder.md", None, "", "NOT_A_RECORD"),
        ("content/records/sub", None, "", "NOT_A_RECORD"),
    ]


def test_fifo_and_device_are_refused_without_hanging(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    os.mkfifo(content / "records" / "pipe.md")
    (content / "records" / "zero.md").symlink_to("/dev/zero")
    started = time.monotonic()
    errors = errors_of(content)
    assert time.monotonic() - started < 5
    assert where(errors) == [
        ("content/records/pipe.md", None, "", "NOT_A_FILE"),
        ("content/records/zero.md", None, "", "LINK_OUTSIDE"),
    ]


def test_links_outside_content_are_refused_and_loops_reported(tmp_path: Path) -> None:
    content = make_site(tmp_path, base=False)
    outside = tmp_path / "elsewhere.md"
    outside.write_text(BASE, encoding="utf-8")
    (content / "records" / BASE_NAME).symlink_to(outside)
    (content / "records" / "loop.md").symlink_to(content / "records" / "loop.md")
    inside = content / "spare.txt"
    inside.write_text("x", encoding="utf-8")
    (content / "units.yaml").rename(tmp_path / "units.yaml")
    (content / "units.yaml").symlink_to(tmp_path / "units.yaml")
    found = {(e.path, e.code) for e in errors_of(content)}
    assert (f"content/records/{BASE_NAME}", "LINK_OUTSIDE") in found
    assert ("content/records/loop.md", "UNREADABLE") in found
    assert ("content/units.yaml", "LINK_OUTSIDE") in found


def test_a_link_inside_content_is_read(tmp_path: Path) -> None:
    content = make_site(tmp_path, base=False)
    (content / "drafts").mkdir()
    (content / "drafts" / "base.md").write_text(BASE, encoding="utf-8")
    (content / "records" / BASE_NAME).symlink_to(content / "drafts" / "base.md")
    assert BASE_ID in {entry.record.id for entry in validate(content).entries}


@pytest.mark.parametrize("how", ["missing", "a-file", "empty"])
def test_no_records_is_an_error_unless_allowed(tmp_path: Path, how: str) -> None:
    content = make_site(tmp_path, records=False, base=False)
    records = content / "records"
    if how != "empty":
        records.rmdir()
    if how == "a-file":
        records.write_text("", encoding="utf-8")
    code = "NO_RECORDS" if how == "empty" else "MISSING_FILE"
    assert where(errors_of(content)) == [("content/records", None, "", code)]
    if how == "empty":
        assert validate_content(content, allow_empty=True).entries == ()


@pytest.mark.parametrize("table", TABLES)
def test_missing_table_file(tmp_path: Path, table: str) -> None:
    content = make_site(tmp_path)
    (content / f"{table}.yaml").unlink()
    errors = errors_of(content)
    missing = [e for e in errors if e.code == "MISSING_FILE"]
    assert where(missing) == [(f"content/{table}.yaml", None, "", "MISSING_FILE")]
    assert str(missing[0]) == f"content/{table}.yaml: -: file is missing [MISSING_FILE]"
    # Everything else is the cascade: references into the missing table.
    assert {e.code for e in errors} <= {"MISSING_FILE", "UNKNOWN_REFERENCE"}


# --- the one-pass reader against PyYAML's own safe loader -------------------------------------


def _same(ours: object, theirs: object) -> bool:
    """Equal, of the same types all the way down, keys in the same order, NaN equal to NaN."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return list(map(repr, ours)) == list(map(repr, theirs)) and all(
            _same(ours[key], theirs[key]) for key in ours
        )
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(map(_same, ours, theirs))
    if isinstance(ours, float) and isinstance(theirs, float) and ours != ours:
        return theirs != theirs
    return ours == theirs


SAME_AS_PYYAML = [
    "a: 1\ne: +12.5e3\nf: .inf\ng: -.Inf\nh: .NaN\n",
    "a: true\nb: False\nc: ~\nd: null\ne:\nf: ''\ng: yes\nh: off\n",
    "a: '1'\nb: \"true\"\nc: !!str 35.10\nd: 35.10\ne: 2024-02-14\nf: 2024-02-14T10:00:00+07:00\n",
    "a: [1, [2, {b: c}], {}]\nb: {x: [], y: {z: ~}}\n",
    "a:\n- 1\n- - 2\n  - 3\n- b: c\n  d:\n  - e\n",
    'a: |\n  two\n  lines\nb: >-\n  folded\n  text\nc: "esc\\tape \\u00e9"\n',
    "1: int key\ntrue: bool key\nnull: null key\n'2': str key\n",
    "- plain root list\n- 2\n",
    "just a scalar\n",
    "",
    "# only a comment\n",
    "a: &anchor value\nb: [&x 1, 2]\n",
    "a: !!int '42'\nb: !!float '1'\nc: !!bool 'true'\nd: !!null ''\ne: !!map {k: !!seq [v]}\n",
    "a: ! non-specific\n",
]


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
@pytest.mark.parametrize("text", SAME_AS_PYYAML)
def test_data_is_what_pyyaml_safe_loader_reads(
    monkeypatch: pytest.MonkeyPatch, text: str, parser: str
) -> None:
    # parse_yaml reads libyaml's events in one pass instead of composing a node tree: the
    # data must still be exactly what PyYAML's safe loader makes (with dates kept as text),
    # also where PyYAML was built without libyaml.
    from generator import load
    from generator.load import _ContentLoader, parse_yaml

    if parser == "pure-python":
        monkeypatch.setattr(load, "_Parser", _ContentLoader)
    else:
        assert load._Parser is not _ContentLoader, "PyYAML was installed without libyaml"
    data, _ = parse_yaml(text)
    assert _same(data, yaml.load(text, Loader=_ContentLoader))  # noqa: S506 - a safe loader


@pytest.mark.parametrize("text", ["1:20", "12:30:00", "010", "-0x1F", "1_000", "1:2.5"])
def test_yaml_1_1_number_forms_stay_text(text: str) -> None:
    # Deliberately unlike PyYAML (YAML 1.1): only plain decimal numbers are numbers.
    from generator.load import _ContentLoader, parse_yaml

    data, _ = parse_yaml(f"a: {text}\n")
    assert data == {"a": text}
    assert yaml.load(f"a: {text}\n", Loader=_ContentLoader)["a"] != text  # noqa: S506
    assert parse_yaml("a: 0b_\n")[0] == {"a": "0b_"}  # which PyYAML cannot even construct


def test_every_line_is_where_its_key_or_item_is() -> None:
    from generator.load import parse_yaml

    text = "a: 1\nb:\n  - x\n  - c: 2\n    d: [3, 4]\ne: {f: 5}\n"
    _, lines = parse_yaml(text, line_offset=10)
    assert lines == {
        (): 11,
        ("a",): 11,
        ("b",): 12,
        ("b", 0): 13,
        ("b", 1): 14,
        ("b", 1, "c"): 14,
        ("b", 1, "d"): 15,
        ("b", 1, "d", 0): 15,
        ("b", 1, "d", 1): 15,
        ("e",): 16,
        ("e", "f"): 16,
    }


def test_second_document_is_refused() -> None:
    from generator.load import _YamlProblem, parse_yaml

    with pytest.raises(_YamlProblem) as problem:
        parse_yaml("a: 1\n---\nb: 2\n")
    assert (problem.value.code, problem.value.line) == ("YAML_SYNTAX", 2)
