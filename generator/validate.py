"""Turn loaded documents into a validated :class:`Dataset`, or list every error.

Per-file checks come from the pydantic models; cross-file checks (ids,
references, file names, dates, privacy) live here. Errors name file, line
and field, so an editor can fix all of them after one run.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .cache import Cache
from .errors import ContentError, ContentInvalid
from .load import (
    Document,
    Location,
    dotted,
    editor_file,
    load_content,
    load_record_file,
    strings,
)
from .models import (
    EVIDENCE_REQUIRED,
    MAX_QUOTE_WORDS,
    MAX_SUMMARY_CHARS,
    Election,
    Operation,
    Organisation,
    Person,
    Record,
    Region,
    Release,
    Strict,
    Unit,
    Withdrawal,
)

M = TypeVar("M", bound=Strict)

PHONE = re.compile(
    r"(?<![\w.\-\u2010-\u2015])(?:\+62|62|0)"
    r"(?:[ \t.\-\u2010-\u2015()]{0,4}[0-9]){8,13}(?![\w])"
)
"""An Indonesian phone number (mobile or landline) written in running text: +62, 62 or 0,
then 8 to 13 digits, each after at most four spaces, dots, dashes (any Unicode dash) or
parentheses: 0812-3456-7890, 0812 – 3456 – 7890, +62 (813) 1111-2222, (0335) 421234."""
PHONE_MESSAGE = (
    "looks like a phone number; private numbers never belong in content, "
    "official channels go under a record's contacts"
)

_PYDANTIC_CODES = {
    "missing": "MISSING_FIELD",
    "extra_forbidden": "UNKNOWN_FIELD",
    "literal_error": "NOT_ALLOWED",
    "string_pattern_mismatch": "BAD_FORMAT",
}


@dataclass(frozen=True)
class Entry:
    """A validated record with its Markdown summary and where it came from."""

    record: Record
    summary: str
    path: str


@dataclass(frozen=True)
class Dataset:
    """All validated content; every reference in it resolves."""

    entries: tuple[Entry, ...]
    units: dict[str, Unit]
    regions: dict[str, Region]
    elections: dict[str, Election]
    operations: dict[str, Operation]
    organisations: dict[str, Organisation]
    withdrawn: dict[str, Withdrawal]
    releases: tuple[Release, ...] = ()
    people: dict[str, Person] = field(default_factory=dict)
    drafts: tuple[Entry, ...] = ()
    """Records marked draft: validated like the rest, never published."""


def _message(error: Any, written: str | None) -> tuple[str, str]:
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
        shown = written if written is not None else str(given)
        message += f' (YAML read {shown} as a number: write it in quotes, e.g. "{shown}")'
    elif kind == "extra_forbidden":
        message = "unknown field; see the codebook for the allowed fields (check spelling)"
    elif kind == "missing":
        message = "required field is missing"
    return message, _PYDANTIC_CODES.get(kind, "INVALID_VALUE")


def _validate(
    model: type[M], data: Any, doc: Document, prefix: Location, errors: list[ContentError]
) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            location = (*prefix, *error["loc"])
            message, code = _message(error, doc.raw_of(location))
            if error["type"] == "missing":
                line = doc.line_of(location[:-1])
            else:
                line = doc.line_of(location)
            errors.append(ContentError(doc.path, line, dotted(location), message, code))
        return None


def _table(
    name: str,
    doc: Document | None,
    key: str,
    model: type[M],
    errors: list[ContentError],
    positions: dict[str, dict[str, int]],
) -> dict[str, M]:
    """Validate a reference table; ``positions[name]`` gets each kept entry's index."""
    if doc is None:
        return {}
    if not isinstance(doc.data, list):
        errors.append(ContentError(doc.path, 1, "", "must be a YAML list of entries", "NOT_A_LIST"))
        return {}
    table: dict[str, M] = {}
    for index, item in enumerate(doc.data):
        value = _validate(model, item, doc, (index,), errors)
        if value is None:
            continue
        ident = getattr(value, key)
        if ident in table:
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of((index, key)),
                    f"[{index}].{key}",
                    f"{ident!r} is given twice",
                    "DUPLICATE_ID",
                )
            )
        table[ident] = value
        positions.setdefault(name, {})[ident] = index
    return table


def _not_contacts(data: dict[str, Any]) -> dict[str, Any]:
    """A record's data without its contacts, nor the evidence quoted for them: the only
    places where a phone number (an official channel) may stand."""
    evidence = data.get("evidence")
    if isinstance(evidence, list):
        kept = [
            item
            for item in evidence
            if not (isinstance(item, dict) and str(item.get("field", "")).startswith("contacts"))
        ]
        data = {**data, "evidence": kept}
    return {key: value for key, value in data.items() if key != "contacts"}


def _joined_texts(data: Any) -> str:
    """Every string of a record's data but its contacts, joined by NUL.

    One search of this finds a phone number exactly when one string holds one:
    a number is made of digits, spaces, dots and dashes, and none of these is
    NUL, which no string can hold (loading refuses it).
    """
    texts: list[str] = []
    pending = list(_not_contacts(data).values())
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return "\0".join(texts)


BEFORE_VOTE = timedelta(days=731)
AFTER_VOTE = timedelta(days=366)
"""A record's day lies near its election: preparations start under two years before the
vote (the KPU's stages of Pemilu 2024 began in June 2022), disputes end within a year.
"0024-08-14" is a typo, and would stretch every chart over two thousand years."""

MAX_LINK_BRACKETS = 100
"""Python-Markdown's link search is quadratic in unmatched '[': 4,000 of them took 2.4 s.
With at most this many in a summary of at most MAX_SUMMARY_CHARS, the worst measured
render is a quarter of a second (tests/test_markdown_limits.py)."""

MAX_NESTING = 16
"""Python-Markdown nests lists and quotes recursively, by indentation or by markers chained
on one line ("1. 1. 1. x", ">>>> x"): a few hundred levels overflow the stack. No summary
needs more than a few; a line's depth is its indentation in 4-column steps plus its
leading list and quote markers."""

_CONTAINERS = re.compile(r"[ \t]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+|>[ \t]*)")


def check_markdown(text: str) -> tuple[int, str, str] | None:
    """Why Markdown ``text`` could make rendering slow or fail, as (line offset, message,
    code); None when it is within every limit. Deterministic and linear in its size."""
    if len(text) > MAX_SUMMARY_CHARS:
        return (
            0,
            f"summary has {len(text)} characters; the limit is {MAX_SUMMARY_CHARS}: "
            "a record is a short summary, in our own words",
            "SUMMARY_TOO_LONG",
        )
    brackets = text.count("[")
    if brackets > MAX_LINK_BRACKETS:
        line = text[: _nth(text, "[", MAX_LINK_BRACKETS + 1)].count("\n")
        return (
            line,
            f"summary has {brackets} '[' characters; at most {MAX_LINK_BRACKETS} "
            "(links are [text](address))",
            "MARKDOWN_TOO_COMPLEX",
        )
    for number, line_text in enumerate(text.split("\n")):
        if _depth(line_text) > MAX_NESTING:
            return (
                number,
                f"a line nests lists or quotes {_depth(line_text)} levels deep; "
                f"at most {MAX_NESTING}",
                "MARKDOWN_TOO_COMPLEX",
            )
    return None


def _depth(line: str) -> int:
    """How deep Markdown would nest ``line``: 4-column indentation steps, plus the list and
    quote markers that open it."""
    expanded = line.expandtabs(4)
    depth = (len(expanded) - len(expanded.lstrip(" "))) // 4
    position = 0
    while depth <= MAX_NESTING and (match := _CONTAINERS.match(expanded, position)):
        if match.end() == position:
            break
        depth += 1
        position = match.end()
    return depth


def _nth(text: str, needle: str, count: int) -> int:
    index = -1
    for _ in range(count):
        index = text.index(needle, index + 1)
    return index


def _check_record(
    doc: Document,
    record: Record,
    dataset: Dataset,
    today: date,
    errors: list[ContentError],
    cache: Cache | None,
) -> None:
    def error(location: Location, message: str, code: str) -> None:
        errors.append(
            ContentError(doc.path, doc.line_of(location), dotted(location), message, code)
        )

    stem = Path(doc.path).stem
    if record.id != stem:
        error(("id",), f"id {record.id!r} must equal the file name {stem!r}", "ID_MISMATCH")
    if record.date > today:
        error(
            ("date",),
            f"{record.date} is in the future; a record reports what happened",
            "FUTURE_DATE",
        )

    def refer(location: Location, value: str | None, table: dict[str, Any], what: str) -> None:
        if value is not None and value not in table:
            error(location, f"{value!r} is not in {what}", "UNKNOWN_REFERENCE")

    election = dataset.elections.get(record.election)
    if (
        election is not None
        and record.date <= today
        and not (
            election.voting_day - BEFORE_VOTE <= record.date <= election.voting_day + AFTER_VOTE
        )
    ):
        error(
            ("date",),
            f"{record.date} is too far from the voting day of {election.id} "
            f"({election.voting_day}): a record's day lies from {BEFORE_VOTE.days} days "
            f"before it to {AFTER_VOTE.days} days after (check the year)",
            "DATE_OUT_OF_RANGE",
        )
    refer(("election",), record.election, dataset.elections, "elections.yaml")
    refer(("operation",), record.operation, dataset.operations, "operations.yaml")
    refer(("region",), record.region, dataset.regions, "regions.yaml")
    seen_units: set[str] = set()
    leads = 0
    for index, unit in enumerate(record.units):
        refer(("units", index, "id"), unit.id, dataset.units, "units.yaml")
        if unit.id in seen_units:
            error(("units", index, "id"), f"{unit.id!r} is listed twice", "DUPLICATE_REFERENCE")
        seen_units.add(unit.id)
        leads += unit.role == "lead"
        if unit.role == "lead" and leads > 1:
            error(
                ("units", index, "role"),
                "only one unit can lead; code the others as "
                "participant, or all as unknown when the source does not say",
                "MULTIPLE_LEADS",
            )
    for index, partner in enumerate(record.partners):
        refer(("partners", index), partner, dataset.organisations, "organisations.yaml")
    for index, official in enumerate(record.officials):
        refer(("officials", index, "person"), official.person, dataset.people, "people.yaml")
        refer(("officials", index, "unit"), official.unit, dataset.units, "units.yaml")
        refer(
            ("officials", index, "organisation"),
            official.organisation,
            dataset.organisations,
            "organisations.yaml",
        )
    for index, contact in enumerate(record.contacts):
        refer(("contacts", index, "unit"), contact.unit, dataset.units, "units.yaml")
    for index, source in enumerate(record.sources):
        if source.published and source.published[:10] > today.isoformat():
            error(
                ("sources", index, "published"), "publication date is in the future", "FUTURE_DATE"
            )
        if source.origin != "unknown" and source.origin_basis is None:
            error(
                ("sources", index, "origin"),
                f"origin {source.origin!r} needs origin_basis: "
                "say why (e.g. 'the article is the Kapolres's statement'), or code unknown",
                "ORIGIN_BASIS_MISSING",
            )
    _check_evidence(record, error)
    problem = check_markdown(doc.body)
    if problem is not None:
        offset, message, code = problem
        errors.append(ContentError(doc.path, doc.body_line + offset, "summary", message, code))
    if record.summary_en is not None and (problem := check_markdown(record.summary_en)):
        error(("summary_en",), problem[1], problem[2])
    operation = dataset.operations.get(record.operation or "")
    if operation and operation.election != record.election:
        error(
            ("operation",),
            f"operation {operation.id!r} belongs to election "
            f"{operation.election!r}, not {record.election!r}",
            "INCONSISTENT",
        )

    # The same file was found free of phone numbers before: its text has not changed.
    checked = Cache.key(PHONE.pattern, doc.key.encode()) if cache is not None and doc.key else ""
    if checked and cache is not None and cache.get("no-phone", checked) is True:
        return
    found = len(errors)
    if PHONE.search(_joined_texts(doc.data)):  # then find where
        for location, text in strings(_not_contacts(doc.data)):
            if PHONE.search(text):
                error(location, PHONE_MESSAGE, "PRIVATE_DATA")
    match = PHONE.search(doc.body)
    if match:
        line = doc.body_line + doc.body[: match.start()].count("\n")
        errors.append(ContentError(doc.path, line, "summary", PHONE_MESSAGE, "PRIVATE_DATA"))
    if checked and cache is not None and len(errors) == found:
        cache.put("no-phone", checked, True)


def _claim_exists(record: Record, path: str) -> bool:
    """Whether the dotted ``path`` (``units.0``, ``personnel.count``) names a value given."""
    value: Any = record.model_dump()
    for part in path.split("."):
        if part.isdigit() and isinstance(value, list):
            if int(part) >= len(value):
                return False
            value = value[int(part)]
        elif isinstance(value, dict) and part in value and part not in ("evidence", "draft"):
            value = value[part]
        else:
            return False
    return value not in (None, [], "")


def _check_evidence(record: Record, error: Any) -> None:
    """Every quote points at a claim and a source, is short; every required claim has one."""
    backed: set[str] = set()
    for index, item in enumerate(record.evidence):
        where = ("evidence", index)
        if not _claim_exists(record, item.field):
            error(
                (*where, "field"),
                f"{item.field!r} names no value of this record (fields "
                "are counted from 0: units.0 is the first unit)",
                "EVIDENCE_TARGET",
            )
        if item.source > len(record.sources):
            error(
                (*where, "source"),
                f"there is no source {item.source}: this record has "
                f"{len(record.sources)} (counted from 1)",
                "EVIDENCE_SOURCE",
            )
        words = len(item.quote.split())
        if words > MAX_QUOTE_WORDS:
            error(
                (*where, "quote"),
                f"quote has {words} words; keep the words for this claim "
                f"only, at most {MAX_QUOTE_WORDS}",
                "QUOTE_TOO_LONG",
            )
        parts = item.field.split(".")
        backed.add(parts[0])
        if len(parts) > 1:
            backed.add(".".join(parts[:2]))
    for name in EVIDENCE_REQUIRED:
        value = getattr(record, name)
        needed: list[tuple[str, Location]]
        if isinstance(value, list):
            needed = [(f"{name}.{index}", (name, index)) for index in range(len(value))]
        else:
            needed = [(name, (name,))] if value is not None else []
        for claim, location in needed:
            if claim not in backed:
                error(
                    location,
                    f"no evidence for {claim}: add an evidence item with the source's words for it",
                    "EVIDENCE_MISSING",
                )


def _check_private(doc: Document, errors: list[ContentError]) -> None:
    """The phone rule in a table or release file: no text anywhere may hold a number."""
    if PHONE.search(_joined_texts({"": doc.data})) is None:
        return
    for location, text in strings(doc.data):
        if PHONE.search(text):
            errors.append(
                ContentError(
                    doc.path, doc.line_of(location), dotted(location), PHONE_MESSAGE, "PRIVATE_DATA"
                )
            )


def _check_tables(
    tables: dict[str, Document],
    dataset: Dataset,
    positions: dict[str, dict[str, int]],
    errors: list[ContentError],
) -> None:
    def refer(
        table: str, ident: str, key: str, value: str | None, known: dict[str, Any], what: str
    ) -> None:
        if value is not None and value not in known:
            doc = tables[table]
            index = positions[table][ident]
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of((index, key)),
                    f"[{index}].{key}",
                    f"{value!r} is not in {what}",
                    "UNKNOWN_REFERENCE",
                )
            )

    for unit in dataset.units.values():
        refer("units", unit.id, "parent", unit.parent, dataset.units, "units.yaml")
        refer("units", unit.id, "region", unit.region, dataset.regions, "regions.yaml")
        for index, code in enumerate(unit.area):
            refer("units", unit.id, f"area.{index}", code, dataset.regions, "regions.yaml")
        seen = {unit.id}
        parent = unit.parent
        while parent in dataset.units and parent not in seen:
            seen.add(parent)
            parent = dataset.units[parent].parent
        if parent == unit.id:
            doc, index = tables["units"], positions["units"][unit.id]
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of((index, "parent")),
                    f"[{index}].parent",
                    f"unit {unit.id!r} is its own ancestor",
                    "CYCLE",
                )
            )
    for region in dataset.regions.values():
        if "." in region.code:
            refer(
                "regions",
                region.code,
                "code",
                region.code.split(".")[0],
                dataset.regions,
                "regions.yaml (province)",
            )
    for operation in dataset.operations.values():
        refer(
            "operations",
            operation.id,
            "election",
            operation.election,
            dataset.elections,
            "elections.yaml",
        )
        refer("operations", operation.id, "unit", operation.unit, dataset.units, "units.yaml")
    for organisation in dataset.organisations.values():
        refer(
            "organisations",
            organisation.id,
            "region",
            organisation.region,
            dataset.regions,
            "regions.yaml",
        )


def _check_records(
    docs: Iterable[Document],
    dataset: Dataset,
    today: date,
    errors: list[ContentError],
    cache: Cache | None,
    seen: dict[str, str],
) -> tuple[list[Entry], list[Entry]]:
    """The valid records of ``docs`` as (published, drafts); every problem in ``errors``.
    ``seen`` maps each id met so far to its file, and gains these."""
    entries: list[Entry] = []
    drafts: list[Entry] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of(()),
                    "",
                    "front matter must be a mapping of field: value",
                    "NOT_A_MAPPING",
                )
            )
            continue
        record = _validate(Record, doc.data, doc, (), errors)
        if record is None:
            continue
        if record.id in seen:
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of(("id",)),
                    "id",
                    f"id {record.id!r} is also used by {seen[record.id]}",
                    "DUPLICATE_ID",
                )
            )
        seen.setdefault(record.id, doc.path)
        _check_record(doc, record, dataset, today, errors, cache)
        (drafts if record.draft else entries).append(
            Entry(record=record, summary=doc.body, path=doc.path)
        )
    return entries, drafts


def revalidate(
    dataset: Dataset, content_dir: Path, changed: Iterable[Path], today: date | None = None
) -> Dataset | None:
    """``dataset`` with the record files ``changed`` read and checked again and every other
    record kept: what ``serve`` does on a save instead of reading every file.

    The checks and the errors are :func:`validate_content`'s own for these files (raises
    :class:`ContentInvalid`). ``dataset`` itself when no record changed (an editor's
    backup file, say). None when the change needs the whole content read: a record or any
    other file removed, a file that is not a plain record file, an id that another file
    or a withdrawal holds, or no published record left.
    """
    today = today or date.today()
    docs: list[Document] = []
    errors: list[ContentError] = []
    records = content_dir / "records"
    for path in sorted(set(changed)):
        if editor_file(path.name) or (
            path.parent == records and path.suffix != ".md" and not path.exists()
        ):
            continue  # an editor's own file, or one that came and went during a save
        loaded = load_record_file(content_dir, path)
        if loaded is None:
            return None
        if isinstance(loaded, ContentError):
            errors.append(loaded)
        else:
            docs.append(loaded)
    if not docs and not errors:
        return dataset
    again = {doc.path for doc in docs} | {error.path for error in errors}
    kept = [entry for entry in (*dataset.entries, *dataset.drafts) if entry.path not in again]
    seen = {entry.record.id: entry.path for entry in kept}
    entries, drafts = _check_records(docs, dataset, today, errors, None, seen)
    if any(error.code == "DUPLICATE_ID" for error in errors) or any(
        entry.record.id in dataset.withdrawn for entry in (*entries, *drafts)
    ):
        return None  # whose the id is, and so where the error belongs, needs every file
    if errors:
        raise ContentInvalid(errors)
    published = [entry for entry in kept if not entry.record.draft] + entries
    if not published:
        return None  # an empty site is refused or allowed by the build
    published.sort(key=lambda e: (e.record.date, e.record.id))
    return replace(
        dataset,
        entries=tuple(published),
        drafts=tuple(
            sorted(
                [entry for entry in kept if entry.record.draft] + drafts,
                key=lambda e: e.path,
            )
        ),
    )


def validate_content(
    content_dir: Path,
    today: date | None = None,
    cache: Cache | None = None,
    allow_empty: bool = False,
) -> Dataset:
    """Load and validate ``content_dir``; raise :class:`ContentInvalid` listing every error.

    A site with no records is refused unless ``allow_empty`` says it is intended."""
    raw, errors = load_content(content_dir, cache)
    tables = raw.tables
    positions: dict[str, dict[str, int]] = {}
    dataset = Dataset(
        entries=(),
        units=_table("units", tables.get("units"), "id", Unit, errors, positions),
        regions=_table("regions", tables.get("regions"), "code", Region, errors, positions),
        elections=_table("elections", tables.get("elections"), "id", Election, errors, positions),
        operations=_table(
            "operations", tables.get("operations"), "id", Operation, errors, positions
        ),
        organisations=_table(
            "organisations", tables.get("organisations"), "id", Organisation, errors, positions
        ),
        people=_table("people", tables.get("people"), "id", Person, errors, positions),
        withdrawn=_table("withdrawn", tables.get("withdrawn"), "id", Withdrawal, errors, positions),
    )
    _check_tables(tables, dataset, positions, errors)
    for doc in tables.values():
        _check_private(doc, errors)
    for doc in raw.releases:  # hashes are hex: a digit run inside one is not a number
        _check_private(doc, errors)

    today = today or date.today()
    seen: dict[str, str] = {}
    with contextlib.closing(raw.records):  # its workers stop even if a check fails unexpectedly
        entries, drafts = _check_records(raw.records, dataset, today, errors, cache, seen)
    for withdrawal in dataset.withdrawn.values():
        doc, index = tables["withdrawn"], positions["withdrawn"][withdrawal.id]
        if withdrawal.id in seen:
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of((index, "id")),
                    f"[{index}].id",
                    f"{withdrawal.id!r} is withdrawn but {seen[withdrawal.id]} "
                    "still publishes it; delete one of the two",
                    "WITHDRAWN_RECORD_EXISTS",
                )
            )
        if withdrawal.date > today:
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of((index, "date")),
                    f"[{index}].date",
                    f"{withdrawal.date} is in the future",
                    "FUTURE_DATE",
                )
            )
    releases = []
    for doc in raw.releases:
        release = _validate(Release, doc.data, doc, (), errors)
        if release is None:
            continue
        if Path(doc.path).stem != release.version:
            errors.append(
                ContentError(
                    doc.path,
                    1,
                    "version",
                    f"version {release.version!r} must equal the file name",
                    "ID_MISMATCH",
                )
            )
        if release.date > today:  # it would become the "latest" release of the site
            errors.append(
                ContentError(
                    doc.path,
                    doc.line_of(("date",)),
                    "date",
                    f"release date {release.date} is in the future",
                    "FUTURE_DATE",
                )
            )
        releases.append(release)
    if not errors and not entries and not allow_empty:
        # Only when nothing else is wrong: an empty site is a problem only if it would publish.
        shown = (content_dir / "records").as_posix()
        with contextlib.suppress(ValueError):
            shown = (content_dir / "records").relative_to(content_dir.parent).as_posix()
        errors.append(
            ContentError(
                shown,
                None,
                "",
                "no records: an empty site is refused unless the build is given --allow-empty",
                "NO_RECORDS",
            )
        )
    if errors:
        raise ContentInvalid(errors)
    entries.sort(key=lambda e: (e.record.date, e.record.id))
    return Dataset(
        entries=tuple(entries),
        units=dataset.units,
        regions=dataset.regions,
        elections=dataset.elections,
        operations=dataset.operations,
        organisations=dataset.organisations,
        withdrawn=dataset.withdrawn,
        releases=tuple(sorted(releases, key=lambda r: (r.date, r.version))),
        people=dataset.people,
        drafts=tuple(drafts),
    )
