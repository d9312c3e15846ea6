"""Error types with stable codes, formatted for people.

Every problem found in content becomes a :class:`ContentError`, printed as
``path:LINE: field: message [CODE]`` so an editor can jump to the spot. The
codes are stable: tests and outside tools may match on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    """One line, no terminal control codes: content text is shown escaped."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class ContentError:
    """One thing wrong in one content file."""

    path: str
    line: int | None
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        path = _printable(self.path)
        where = f"{path}:{self.line}" if self.line is not None else path
        field = _printable(self.field) or "-"
        return f"{where}: {field}: {_printable(self.message)} [{self.code}]"


class GeneratorError(Exception):
    """Base of every error this package raises on purpose."""

    code = "GENERATOR"


class ContentInvalid(GeneratorError):
    """The content has one or more errors; all of them are listed."""

    code = "CONTENT_INVALID"

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0, e.field, e.code))
        super().__init__("\n".join(str(e) for e in self.errors))


class BuildFailed(GeneratorError):
    """Rendering or writing failed; the previous output is left untouched."""

    code = "BUILD_FAILED"


class SchemaStale(GeneratorError):
    """The committed JSON Schema differs from what the models produce."""

    code = "SCHEMA_STALE"
