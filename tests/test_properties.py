"""Property: whatever a record file holds, validation returns a Dataset or raises ContentInvalid.

Never another exception: an editor's mistake must become an error line, not a
traceback. The file is written into a copy of the reference tables (no other
records), as text, as raw bytes, as YAML-like front matter, and as the valid
test record with lines dropped, repeated or shuffled.

Escapes found earlier (PyYAML constructor errors such as ``0b_`` or
``!!int abc``, deep nesting, integers over 4300 digits) have explicit tests in
``test_load.py``; the strategies here are generic and look for new ones.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_content import BASE, BASE_NAME, make_site, write_record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentInvalid
from generator.validate import Dataset, validate_content

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRONT_LINES = BASE.split("---\n")[1].splitlines()
BODY = BASE.split("---\n")[2]
YAML_ALPHABET = st.sampled_from(
    [
        *"-:[]{}!&*#|>'\"?,%@`~ \n\t\r.0123456789abcdefgxz_/\\",
        "\ufeff",
        "\x85",
        "\u2028",
        "\x00",
        "é",
    ]
)


@pytest.fixture(scope="module")
def content() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="props-"))
    try:
        yield make_site(directory, records=False, base=False)
    finally:
        shutil.rmtree(directory)


def outcome(content: Path, data: str | bytes) -> Dataset | ContentInvalid:
    write_record(content, BASE_NAME, data)
    try:
        return validate_content(content)
    except ContentInvalid as exc:
        invalid = exc
    assert invalid.errors, "ContentInvalid without errors"
    for error in invalid.errors:
        assert error.code.isupper()
        assert error.line is None or error.line >= 1
    return invalid


@SETTINGS
@given(data=st.text(max_size=3000))
def test_any_text(content: Path, data: str) -> None:
    outcome(content, data)


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes(content: Path, data: bytes) -> None:
    outcome(content, data)


@SETTINGS
@given(front=st.text(alphabet=YAML_ALPHABET, max_size=400), body=st.text(max_size=200))
def test_yaml_like_front_matter(content: Path, front: str, body: str) -> None:
    outcome(content, f"---\n{front}\n---\n{body}")


@SETTINGS
@given(
    lines=st.lists(st.sampled_from(FRONT_LINES), max_size=len(FRONT_LINES) * 2),
    noise=st.text(alphabet=YAML_ALPHABET, max_size=20),
    at=st.integers(min_value=0, max_value=len(FRONT_LINES) * 2),
)
def test_shuffled_record_lines(content: Path, lines: list[str], noise: str, at: int) -> None:
    lines.insert(min(at, len(lines)), noise)
    outcome(content, "---\n" + "\n".join(lines) + "\n---\n" + BODY)


def test_the_unshuffled_record_is_valid(content: Path) -> None:
    # Guards the strategies above: the lines they start from do make a valid record.
    result = outcome(content, "---\n" + "\n".join(FRONT_LINES) + "\n---\n" + BODY)
    assert isinstance(result, Dataset)
    assert len(result.entries) == 1
