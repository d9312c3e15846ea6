"""Error types with stable codes, formatted for people.

Every problem found in content becomes a :class:`ContentError`, printed as
``path:LINE: field: message [CODE]`` so an editor can jump to the spot. The
codes are stable: tests and outside tools may match on them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One thing wrong in one content file."""

    path: str
    line: int | None
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        field = self.field or "-"
        return f"{where}: {field}: {self.message} [{self.code}]"


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
