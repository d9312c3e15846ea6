"""The smaller findings of the hostile-input probe (issue #18, item 10), one test each:
refused with one line and a stable code, or built exactly as a clean input is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_content import (
    BASE_NAME,
    base_with,
    errors_of,
    make_site,
    run_cli,
    where,
    write_record,
)

from tests.tree import tree_digest


def codes(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    content = make_site(tmp_path, base=False)
    write_record(content, BASE_NAME, text)
    return [(field, code) for _, _, field, code in where(errors_of(content))]


ACTIVITY = "activity: patroli dialogis menjelang pemungutan suara"


@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"],
    ids=["RLO", "LRO", "LRI", "RLI", "FSI", "PDI"],
)
def test_bidirectional_controls_are_refused(tmp_path: Path, char: str) -> None:
    text = base_with(ACTIVITY, f"activity: patroli {char}gnalad")
    assert codes(tmp_path, text) == [("", "CONTROL_CHARACTER")]


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\ufdd0", "\ufdef", "\x7f"])
def test_c1_controls_and_noncharacters_are_refused(tmp_path: Path, char: str) -> None:
    text = base_with(ACTIVITY, f"activity: patroli {char} dialogis")
    assert codes(tmp_path, text) == [("", "CONTROL_CHARACTER")]


@pytest.mark.parametrize(
    "title", ['"\u200b\u200b"', '"   "', '"\u200d \u2060"'], ids=["zero-width", "spaces", "joiners"]
)
def test_a_title_must_show_something(tmp_path: Path, title: str) -> None:
    text = base_with(ACTIVITY, f"activity: {title}")
    assert codes(tmp_path, text) == [("activity", "INVALID_VALUE")]


@pytest.mark.parametrize("day", ["0024-08-14", "1924-02-14", "2021-12-31"])
def test_a_date_far_from_its_election_is_refused(tmp_path: Path, day: str) -> None:
    text = base_with('date: "2024-02-10"', f'date: "{day}"')
    assert codes(tmp_path, text) == [("date", "DATE_OUT_OF_RANGE")]


def test_a_crlf_checkout_builds_the_same_site(tmp_path: Path) -> None:
    from generator.build import build_site

    lf = make_site(tmp_path / "lf")
    crlf = make_site(tmp_path / "crlf")
    for path in crlf.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yaml"):
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    build_site(lf, tmp_path / "site-lf", site_url="https://example.test")
    build_site(crlf, tmp_path / "site-crlf", site_url="https://example.test")
    assert tree_digest(tmp_path / "site-lf") == tree_digest(tmp_path / "site-crlf")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        'https://x.test/"><script>',
        "http://a b.test",
        "ftp://files.test",
        "//evil.test",
    ],
)
def test_siteurl_must_be_a_plain_address(tmp_path: Path, url: str) -> None:
    content = make_site(tmp_path)
    output = tmp_path / "out" / "site"
    env = {**os.environ, "SITEURL": url}
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
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith("[SITEURL_INVALID]")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_release_in_the_future_is_refused(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    (content / "releases").mkdir(exist_ok=True)
    (content / "releases" / "9.9.json").write_text(
        json.dumps({"version": "9.9", "date": "2999-01-01", "records": {}}), encoding="utf-8"
    )
    assert ("date", "FUTURE_DATE") in [(f, c) for _, _, f, c in where(errors_of(content))]


def test_an_environment_problem_is_one_line_not_a_trace(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run_cli(
        "build",
        "--content",
        str(content),
        "--output",
        str(blocker / "site"),
        "--no-cache",
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith("[IO_ERROR]")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("count", ["1:30", "010", "0x1F", "1_000", "0o17"])
def test_a_count_in_a_yaml_1_1_number_form_is_refused_not_converted(
    tmp_path: Path, count: str
) -> None:
    # YAML 1.1 reads 1:30 as 90 and 010 as 8: such a count would be published wrong.
    text = base_with("  count: 120", f"  count: {count}")
    assert codes(tmp_path, text) == [("personnel.count", "INVALID_VALUE")]
