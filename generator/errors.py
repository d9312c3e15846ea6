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

    code = "INTERNAL"


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


ERROR_CODES: dict[str, str] = {
    # Files and folders
    "MISSING_FILE": "A required content file or folder (a table, records/) is missing.",
    "NO_RECORDS": "records/ holds no record; an empty site needs --allow-empty.",
    "NOT_A_RECORD": "Something in records/ that is not a record file: a folder, a hidden file, "
    "a file not ending in .md.",
    "NOT_A_FILE": "A FIFO, device or socket where a content file should be; never opened.",
    "LINK_OUTSIDE": "A symbolic link that leads outside content/; never read.",
    "UNREADABLE": "The file cannot be read (permissions, a link loop, ...).",
    "FILE_TOO_LARGE": "The file is over the size limit (records 256 KB, tables 8 MB).",
    "ENCODING": "Not UTF-8, or starts with a byte-order mark.",
    "CONTROL_CHARACTER": "A control character that pages and feeds cannot carry.",
    "NO_FRONT_MATTER": "A record file without its --- YAML front matter ---.",
    # YAML
    "YAML_SYNTAX": "The YAML cannot be read.",
    "YAML_TOO_DEEP": "Lists or mappings nested deeper than the limit (50).",
    "YAML_TOO_LARGE": "More YAML nodes than the limit.",
    "YAML_TAG": "A YAML tag (!something) other than the plain types.",
    "YAML_ALIAS": "A YAML anchor, alias or merge key (&, *, <<); write values out.",
    "YAML_KEY": "A mapping key that is not plain text.",
    "DUPLICATE_KEY": "The same key twice in one mapping.",
    "JSON_SYNTAX": "A release file that is not valid JSON.",
    "NOT_A_MAPPING": "Front matter that is not a mapping of field: value.",
    "NOT_A_LIST": "A table that is not a YAML list of entries.",
    # Fields
    "MISSING_FIELD": "A required field is missing.",
    "UNKNOWN_FIELD": "A field the contract does not have (check the spelling).",
    "NOT_ALLOWED": "A value outside the field's allowed codes.",
    "BAD_FORMAT": "A value that does not have the field's form (id, code, date, language).",
    "INVALID_VALUE": "A value of the wrong type or out of range.",
    "ID_MISMATCH": "A record id that differs from its file name (or a release version from "
    "its file name).",
    "DUPLICATE_ID": "Two records or table entries with the same id.",
    "UNKNOWN_REFERENCE": "An id that is not in the table it refers to.",
    "DUPLICATE_REFERENCE": "The same unit listed twice in one record.",
    "INCONSISTENT": "Two fields that contradict each other (an operation of another election).",
    "CYCLE": "A unit that is its own ancestor.",
    "FUTURE_DATE": "A date after today.",
    "DATE_OUT_OF_RANGE": "A record's date too far from its election's voting day (a typo in "
    "the year).",
    "PRIVATE_DATA": "A phone number outside contacts (private numbers never belong).",
    "WITHDRAWN_RECORD_EXISTS": "A record both withdrawn and still published.",
    # Record v2: evidence and coding
    "EVIDENCE_TARGET": "An evidence field that names no value of the record.",
    "EVIDENCE_SOURCE": "An evidence source number with no such source.",
    "QUOTE_TOO_LONG": "An evidence quote over 40 words.",
    "EVIDENCE_MISSING": "A claim that needs evidence (date, each unit, official and appeal, "
    "personnel) has none.",
    "ORIGIN_BASIS_MISSING": "A source coded official or independent without origin_basis.",
    "MULTIPLE_LEADS": "More than one unit with role lead.",
    # Bounded time for every input
    "SUMMARY_TOO_LONG": "A summary over the length limit (10,000 characters).",
    "MARKDOWN_TOO_COMPLEX": "Markdown that would take too long to render: too many '[', or "
    "lines indented too deep.",
    # Builds and commands
    "CONTENT_INVALID": "The content has errors (each listed on its own line).",
    "BUILD_FAILED": "Rendering or writing failed; nothing was published.",
    "OUTPUT_REFUSED": "--output is not a folder this generator may replace.",
    "OUTPUT_LOCKED": "Another build is writing into the same folder.",
    "SITEURL_INVALID": "SITEURL is not a plain http(s) address.",
    "SETTING_INVALID": "A setting (PUBLISHER_URL, CONTACT) is not a valid address.",
    "DRAFT_EXISTS": "`new` would overwrite a record file; drafts never replace a file.",
    "DRAFT_INCOMPLETE": "`new` found no draft to write: no text, no date, no unit or no election.",
    "IO_ERROR": "A file or folder could not be read or written (permissions, disk full).",
    "SCHEMA_STALE": "schema/ differs from the models; run `python -m generator schema`.",
    "DOCS_STALE": "docs/CONTRACT.md differs from the code; run `python -m generator docs`.",
    "RELEASE_EXISTS": "A release with that version exists; releases are never rewritten.",
    "INTERRUPTED": "The command was stopped (Ctrl-C); nothing was published.",
    "INTERNAL": "A bug of ours, never an input problem: please report it.",
}
"""Every stable error code, with what it means: the one list the docs are made from.
A test fails when the code uses a code that is not here, or this lists one it does not."""


class DocsStale(GeneratorError):
    """The committed docs/CONTRACT.md differs from what the code produces."""

    code = "DOCS_STALE"
