"""The command line of SPEC section 2: exit codes and one error per line on stderr."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers_content import (
    BASE,
    BASE_ID,
    BASE_NAME,
    CONTENT,
    ROOT,
    base_with,
    edit,
    errors_of,
    make_site,
    run_cli,
    write_record,
)

from generator import schema
from generator.cli import main
from generator.errors import SchemaStale

ERROR_LINE = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>[0-9]+): (?P<field>\S+): (?P<message>.+) \[(?P<code>[A-Z_]+)\]$"
)
MALANG = "2024-08-14-polres-malang-patroli-menjelang-pilkada.md"


def test_validate_real_content_exits_0_without_errors() -> None:
    result = run_cli("validate")
    count = len(list((CONTENT / "records").glob("*.md")))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"ok: {count} records valid\n"
    assert result.stdout == ""


def _broken(tmp_path: Path) -> Path:
    content = make_site(tmp_path)
    write_record(
        content,
        BASE_NAME,
        edit(
            base_with('region: "35.13"', "region: 35.13"),
            "kind: patrol\n",
            "kind: patrol\ncatatan: x\n",
        ),
    )
    malang = content / "records" / MALANG
    malang.write_text(
        edit(malang.read_text(encoding="utf-8"), 'date: "2024-08-14"', 'date: "2024-02-30"'),
        encoding="utf-8",
    )
    write_record(content, "2024-03-01-uji-bom.md", b"\xef\xbb\xbf" + BASE.encode())
    leak = edit(
        base_with("Warga diimbau", "Hubungi 0812-3456-7890. Warga diimbau"),
        f"id: {BASE_ID}",
        "id: 2024-03-02-uji-bocor",
    )
    write_record(content, "2024-03-02-uji-bocor.md", leak)
    return content


def test_validate_broken_copy_lists_every_error_one_per_line(tmp_path: Path) -> None:
    content = _broken(tmp_path)
    expected = [str(error) for error in errors_of(content)]
    assert len(expected) == 5
    result = run_cli("validate", "--content", str(content))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1] == "5 error(s); nothing was published"
    found = [ERROR_LINE.match(line) for line in lines[:-1]]
    assert all(found), lines
    assert [(m["path"], m["code"]) for m in found if m] == [
        ("content/records/2024-02-10-polres-probolinggo-patroli-uji.md", "UNKNOWN_FIELD"),
        ("content/records/2024-02-10-polres-probolinggo-patroli-uji.md", "INVALID_VALUE"),
        ("content/records/2024-03-01-uji-bom.md", "ENCODING"),
        ("content/records/2024-03-02-uji-bocor.md", "PRIVATE_DATA"),
        (f"content/records/{MALANG}", "INVALID_VALUE"),
    ]


def test_validate_missing_content_dir(tmp_path: Path) -> None:
    result = run_cli("validate", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    missing = [
        f"nowhere/{name}.yaml: -: file is missing [MISSING_FILE]"
        for name in ["units", "regions", "elections", "operations", "organisations", "people"]
    ]
    missing.append(
        "nowhere/records: -: the records/ folder is missing (or is not a folder); "
        "records are content/records/<id>.md [MISSING_FILE]"
    )
    assert lines == [*sorted(missing), "7 error(s); nothing was published"]


def test_usage_error_exits_2() -> None:
    result = run_cli("validat")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


ANY_ERROR_LINE = re.compile(
    r"^(?P<path>[^\s:]+)(?::(?P<line>[0-9]+))?: "
    r"(?P<field>\S+): (?P<message>.+) \[(?P<code>[A-Z_]+)\]$"
)
"""An error line where the line number may be unknown: ``path: field: message [CODE]``."""


@pytest.mark.parametrize(
    "line",
    [
        "x: 0b_",
        "x: !!int abc",
        "x: !!timestamp 2024-02-30",
        "x: !!python/name:os.system ''",
        "x: " + "[" * 30000 + "]" * 30000,
        "summary_en: a\x7f b",
    ],
    ids=["plain-0b_", "int-tag", "timestamp-tag", "python-tag", "deep-nesting-60KB", "DEL"],
)
def test_validate_never_crashes_and_prints_one_line_per_error(tmp_path: Path, line: str) -> None:
    # These used to escape as tracebacks, multi-line messages or a SIGSEGV (deep nesting in
    # libyaml's recursive composer).
    content = make_site(tmp_path)
    write_record(content, BASE_NAME, base_with("kind: patrol\n", f"kind: patrol\n{line}\n"))
    result = run_cli("validate", "--content", str(content))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} error(s); nothing was published"
    assert len(lines) >= 2
    assert all(ANY_ERROR_LINE.match(line) for line in lines[:-1]), lines


# --- schema --------------------------------------------------------------------------------------


def test_schema_check_passes_on_the_repo() -> None:
    result = run_cli("schema", "--check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "ok: schema/ is up to date\n"


def _schema_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", copy)
    return copy


def test_check_schemas_accepts_an_exact_copy(tmp_path: Path) -> None:
    schema.check_schemas(_schema_copy(tmp_path))


def test_written_schema_is_what_is_committed(tmp_path: Path) -> None:
    written = schema.write_schemas(tmp_path / "out")
    assert [p.name for p in written] == [
        "record.schema.json",
        "published-record.schema.json",
        "records.schema.json",
    ]
    for path in written:
        assert path.read_bytes() == (ROOT / "schema" / path.name).read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace('"patrol"', '"patroli"'),
        lambda text: text.replace('"additionalProperties": false', '"additionalProperties": true'),
        lambda text: text.rstrip("\n"),
        lambda text: text + " ",
    ],
    ids=["enum", "extra-allowed", "final-newline", "trailing-space"],
)
def test_check_schemas_refuses_a_stale_copy(tmp_path: Path, change: object) -> None:
    copy = _schema_copy(tmp_path)
    path = copy / "record.schema.json"
    text = path.read_text(encoding="utf-8")
    changed = change(text)  # type: ignore[operator]
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(SchemaStale, match=r"record\.schema\.json"):
        schema.check_schemas(copy)


def test_check_schemas_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaStale, match=r"record\.schema\.json"):
        schema.check_schemas(tmp_path)


def test_schema_check_command_exits_1_when_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _schema_copy(tmp_path)
    (copy / "record.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--dir", str(copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: stale schema: ")
    assert err.rstrip().endswith("[SCHEMA_STALE]")
