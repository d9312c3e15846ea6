"""The site model: records grouped by unit and date, every URL computed once.

No Pelican and no I/O. Paths are relative to the site root; ``url`` is the
link target (a folder, ending in ``/``), ``save_as`` the file written.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .cache import Cache
from .codebook import CodebookField, codebook
from .models import (
    Election,
    Operation,
    Organisation,
    Person,
    Record,
    Region,
    Unit,
    Withdrawal,
)
from .releases import Change, changelog, record_dates
from .summary import plain_text, render_many
from .validate import Dataset, Entry

LATEST_ON_HOME = 10


@dataclass(frozen=True)
class RecordPage:
    """One record, with everything a page or download shows of it."""

    record: Record
    summary: str
    summary_html: str
    summary_en_html: str
    """The English summary rendered, or "" when the record has none."""
    source_path: str
    election: Election
    lead_unit: Unit | None
    """The unit the source says led, or None when it does not say."""
    unit: Unit
    """The unit a list names the record by: the lead, else the first listed."""
    region: Region
    people: tuple[Person, ...] = ()
    """The person of each official, in order."""
    added: date | None = None
    """Day of the first release that held the record (None before any release)."""
    updated: date | None = None
    """Day of the last release that changed it."""

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def url(self) -> str:
        return f"records/{self.record.id}/"

    @property
    def save_as(self) -> str:
        return f"records/{self.record.id}/index.html"

    @property
    def json_path(self) -> str:
        return f"records/{self.record.id}.json"

    @property
    def date_url(self) -> str:
        return f"dates/{self.record.date.isoformat()}/"

    @cached_property
    def summary_text(self) -> str:
        return plain_text(self.summary_html)

    @property
    def days_before_vote(self) -> int:
        """Days from the activity to its election's voting day (negative: after)."""
        return (self.election.voting_day - self.record.date).days

    @property
    def title(self) -> str:
        return f"{self.record.activity} – {self.unit.name}"

    def evidence_for(self, *claims: str) -> tuple[tuple[int, str], ...]:
        """(source number, quote) of every evidence item for one of ``claims`` (``units.0``)
        or for a part of one (``units.0.role``)."""
        return tuple(
            (item.source, item.quote)
            for item in self.record.evidence
            if any(item.field == claim or item.field.startswith(claim + ".") for claim in claims)
        )

    @property
    def date_is_exact(self) -> bool:
        """Only a day given to the day, of the activity itself, and inferred in no part."""
        record = self.record
        return (
            record.date_precision == "day"
            and not record.date_inferred
            and record.date_basis == "activity"
        )


@dataclass(frozen=True)
class UnitPage:
    """A unit, its place in the chain of command, and its records, newest first."""

    unit: Unit
    region: Region
    parent: Unit | None
    children: tuple[Unit, ...]
    records: tuple[RecordPage, ...]

    @property
    def url(self) -> str:
        return f"units/{self.unit.id}/"

    @property
    def save_as(self) -> str:
        return f"units/{self.unit.id}/index.html"

    @property
    def json_path(self) -> str:
        return f"units/{self.unit.id}.json"

    @property
    def csv_path(self) -> str:
        return f"units/{self.unit.id}.csv"


@dataclass(frozen=True)
class PersonPage:
    """An official and the records that name them, newest first: journalists follow people."""

    person: Person
    records: tuple[RecordPage, ...]

    @property
    def url(self) -> str:
        return f"people/{self.person.id}/"

    @property
    def save_as(self) -> str:
        return f"people/{self.person.id}/index.html"


@dataclass(frozen=True)
class DatePage:
    """One day and the records of that day."""

    day: date
    records: tuple[RecordPage, ...]
    previous: date | None = None
    """The day before it that has records."""
    next: date | None = None

    @property
    def url(self) -> str:
        return f"dates/{self.day.isoformat()}/"

    @property
    def save_as(self) -> str:
        return f"dates/{self.day.isoformat()}/index.html"

    @property
    def json_path(self) -> str:
        return f"dates/{self.day.isoformat()}.json"


@dataclass(frozen=True)
class MonthPage:
    """A month of the date archive: the days that have records (none, for a month in range
    without records: "nothing in the week before the vote" is a finding too)."""

    year: int
    month: int
    days: tuple[DatePage, ...]
    previous: str | None = None
    """Key (YYYY-MM) of the month before, within the archive's range."""
    next: str | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def url(self) -> str:
        return f"dates/{self.key}/"

    @property
    def save_as(self) -> str:
        return f"dates/{self.key}/index.html"

    @property
    def count(self) -> int:
        return sum(len(day.records) for day in self.days)

    @property
    def previous_url(self) -> str | None:
        return f"dates/{self.previous}/" if self.previous else None

    @property
    def next_url(self) -> str | None:
        return f"dates/{self.next}/" if self.next else None


@dataclass(frozen=True)
class GroupPage:
    """Records sharing an election, a region or an operation, newest first."""

    section: str
    key: str
    name: str
    item: Election | Region | Operation
    records: tuple[RecordPage, ...]

    @property
    def url(self) -> str:
        return f"{self.section}/{self.key}/"

    @property
    def save_as(self) -> str:
        return f"{self.section}/{self.key}/index.html"

    @property
    def json_path(self) -> str:
        return f"{self.section}/{self.key}.json"


GROUP_SECTIONS = ("elections", "regions", "operations")
"""Extra ways in, each with an index page, a page per entry and a JSON slice."""


@dataclass(frozen=True)
class SiteModel:
    """Everything the renderer and the downloads need, computed once."""

    dataset: Dataset
    records: tuple[RecordPage, ...]
    units: tuple[UnitPage, ...]
    dates: tuple[DatePage, ...]
    months: tuple[MonthPage, ...]
    unit_pages: dict[str, UnitPage] = field(repr=False)
    changes: tuple[Change, ...] = ()
    codebook: tuple[CodebookField, ...] = ()
    groups: dict[str, tuple[GroupPage, ...]] = field(default_factory=dict)
    people: tuple[PersonPage, ...] = ()

    def group_url(self, section: str, key: str) -> str:
        return f"{section}/{key}/"

    @property
    def withdrawn(self) -> tuple[Withdrawal, ...]:
        return tuple(sorted(self.dataset.withdrawn.values(), key=lambda w: w.id))

    @property
    def latest_release(self) -> str | None:
        return self.changes[0].version if self.changes else None

    @property
    def updated(self) -> date | None:
        """Day of the latest release: how current the published data is."""
        return self.changes[0].date if self.changes else None

    @property
    def regions_covered(self) -> int:
        """How many regions have at least one record."""
        return len({page.record.region for page in self.records})

    @property
    def month_pages(self) -> dict[str, MonthPage]:
        return {month.key: month for month in self.months}

    @property
    def latest(self) -> tuple[RecordPage, ...]:
        return tuple(reversed(self.records[-LATEST_ON_HOME:]))

    @property
    def years(self) -> dict[int, tuple[MonthPage, ...]]:
        by_year: dict[int, list[MonthPage]] = defaultdict(list)
        for month in self.months:
            by_year[month.year].append(month)
        return {year: tuple(months) for year, months in sorted(by_year.items(), reverse=True)}

    @property
    def root_pages(self) -> tuple[UnitPage, ...]:
        """Units without a parent: the tops of the chains of command."""
        return tuple(page for page in self.units if page.parent is None)

    def child_pages(self, page: UnitPage) -> tuple[UnitPage, ...]:
        return tuple(self.unit_pages[child.id] for child in page.children)

    def count_by(self, attribute: str) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for page in self.records:
            counts[str(getattr(page.record, attribute))] += 1
        return dict(sorted(counts.items()))

    def unit(self, unit_id: str) -> Unit:
        return self.dataset.units[unit_id]

    def lineage(self, unit_id: str) -> tuple[str, ...]:
        """The unit and every unit above it: a filter by a unit includes the units under it."""
        found = [unit_id]
        parent = self.dataset.units[unit_id].parent
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.dataset.units[parent].parent
        return tuple(found)

    def region(self, code: str) -> Region:
        return self.dataset.regions[code]

    def person(self, person_id: str) -> Person:
        return self.dataset.people[person_id]

    def person_url(self, person_id: str) -> str:
        return f"people/{person_id}/"

    def organisation(self, organisation_id: str) -> Organisation:
        return self.dataset.organisations[organisation_id]

    def operation(self, operation_id: str) -> Operation:
        return self.dataset.operations[operation_id]


def _every_month(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) of every month from ``first``'s to ``last``'s, empty ones included."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def record_page(
    entry: Entry,
    dataset: Dataset,
    released: dict[str, tuple[date, date]],
    summary_html: str,
    summary_en_html: str,
) -> RecordPage:
    """One record's page from its validated entry and its rendered summaries; ``released``
    is :func:`record_dates` of the dataset's releases."""
    record = entry.record
    added, updated = released.get(record.id, (None, None))
    return RecordPage(
        record=record,
        summary=entry.summary,
        summary_html=summary_html,
        summary_en_html=summary_en_html,
        source_path=entry.path,
        election=dataset.elections[record.election],
        lead_unit=dataset.units.get(record.lead_unit or ""),
        unit=dataset.units[record.lead_unit or record.units[0].id],
        region=dataset.regions[record.region],
        people=tuple(dataset.people[o.person] for o in record.officials),
        added=added,
        updated=updated,
    )


def record_pages(
    entries: Sequence[Entry], dataset: Dataset, cache: Cache | None
) -> tuple[RecordPage, ...]:
    """The pages of ``entries`` (records of ``dataset``), their summaries rendered."""
    english = [entry.record.summary_en or "" for entry in entries]
    rendered = render_many([entry.summary for entry in entries] + [t for t in english if t], cache)
    html = iter(rendered)
    summaries = [next(html) for _ in entries]
    summaries_en = [next(html) if text else "" for text in english]
    released = record_dates(dataset.releases)
    return tuple(
        record_page(entry, dataset, released, summary_html, summary_en_html)
        for entry, summary_html, summary_en_html in zip(
            entries, summaries, summaries_en, strict=True
        )
    )


def build_model(dataset: Dataset, cache: Cache | None = None) -> SiteModel:
    """Group and link the validated dataset; deterministic (the cache only saves work)."""
    records = record_pages(dataset.entries, dataset, cache)
    by_unit: dict[str, list[RecordPage]] = defaultdict(list)
    by_day: dict[date, list[RecordPage]] = defaultdict(list)
    by_person: dict[str, list[RecordPage]] = defaultdict(list)
    for page in records:
        for unit_id in dict.fromkeys(unit.id for unit in page.record.units):
            by_unit[unit_id].append(page)
        for person_id in dict.fromkeys(o.person for o in page.record.officials):
            by_person[person_id].append(page)
        by_day[page.record.date].append(page)

    children: dict[str, list[Unit]] = defaultdict(list)
    for unit in dataset.units.values():
        if unit.parent:
            children[unit.parent].append(unit)
    units = tuple(
        UnitPage(
            unit=unit,
            region=dataset.regions[unit.region],
            parent=dataset.units[unit.parent] if unit.parent else None,
            children=tuple(sorted(children[unit.id], key=lambda u: u.name)),
            records=tuple(reversed(by_unit[unit.id])),
        )
        for unit in sorted(dataset.units.values(), key=lambda u: u.id)
    )
    days = sorted(by_day)
    dates = tuple(
        DatePage(
            day=day,
            records=tuple(by_day[day]),
            previous=days[n - 1] if n else None,
            next=days[n + 1] if n + 1 < len(days) else None,
        )
        for n, day in enumerate(days)
    )
    by_month: dict[tuple[int, int], list[DatePage]] = defaultdict(list)
    for day_page in dates:
        by_month[(day_page.day.year, day_page.day.month)].append(day_page)
    keys = _every_month(days[0], days[-1]) if days else []
    months = tuple(
        MonthPage(
            year=year,
            month=month,
            days=tuple(by_month[(year, month)]),
            previous=f"{keys[n - 1][0]:04d}-{keys[n - 1][1]:02d}" if n else None,
            next=(f"{keys[n + 1][0]:04d}-{keys[n + 1][1]:02d}" if n + 1 < len(keys) else None),
        )
        for n, (year, month) in enumerate(keys)
    )
    newest_first = tuple(reversed(records))
    members: dict[tuple[str, str], list[RecordPage]] = defaultdict(list)
    for page in newest_first:
        members[("elections", page.record.election)].append(page)
        members[("regions", page.record.region)].append(page)
        if page.record.operation:
            members[("operations", page.record.operation)].append(page)

    def group(section: str, key: str, name: str, item: Election | Region | Operation) -> GroupPage:
        return GroupPage(section, key, name, item, tuple(members[(section, key)]))

    groups = {
        "elections": tuple(
            group("elections", e.id, e.name, e)
            for e in sorted(dataset.elections.values(), key=lambda e: e.voting_day)
        ),
        "regions": tuple(
            group("regions", r.code, r.name, r)
            for r in sorted(dataset.regions.values(), key=lambda r: r.code)
        ),
        "operations": tuple(
            group("operations", o.id, o.name, o)
            for o in sorted(dataset.operations.values(), key=lambda o: o.id)
        ),
    }
    return SiteModel(
        dataset=dataset,
        records=records,
        units=units,
        dates=dates,
        months=months,
        unit_pages={page.unit.id: page for page in units},
        changes=changelog(dataset.releases),
        codebook=tuple(codebook()),
        groups=groups,
        people=tuple(
            PersonPage(person=dataset.people[person_id], records=tuple(reversed(pages)))
            for person_id, pages in sorted(by_person.items())
        ),
    )


EVERY_RECORD = ""
"""The key, in :func:`input_keys`, of the files that hold every record (the whole
dataset in each format, the main feed)."""


def records_key(digests: Mapping[str, str], pages: Iterable[RecordPage], *extra: str) -> str:
    """The digests of ``pages``' records, in order (after ``extra``), in one hash."""
    return hashlib.sha256("\n".join([*extra, *(digests[p.id] for p in pages)]).encode()).hexdigest()


def record_keys(digests: Mapping[str, str], pages: Iterable[RecordPage]) -> dict[str, str]:
    """:func:`input_keys` of record pages alone: ``serve`` updates them as records are saved."""
    return {page.save_as: records_key(digests, [page]) for page in pages}


def input_keys(model: SiteModel, digests: Mapping[str, str]) -> dict[str, str]:
    """Each page (by ``save_as``) -> what it, and every file made beside it from the same
    records (its JSON and CSV slices, its feed, its search shard), shows that can change
    between builds: its records' digests in order, and the neighbours it links to.

    Computed here once for the renderer, the downloads and the search index, so that they
    cannot disagree on when a file is still good. ``digests`` are the SHA-256 of each
    record's JSON download; what every file depends on besides is
    :func:`generator.build.page_inputs`."""
    keys = {EVERY_RECORD: records_key(digests, model.records)}
    keys.update(record_keys(digests, model.records))
    listing: list[UnitPage | PersonPage | GroupPage] = [*model.units, *model.people]
    listing += [group for groups in model.groups.values() for group in groups]
    keys.update((page.save_as, records_key(digests, page.records)) for page in listing)
    for date_page in model.dates:
        neighbours = f"{date_page.previous}:{date_page.next}"
        keys[date_page.save_as] = records_key(digests, date_page.records, neighbours)
    for month_page in model.months:
        neighbours = f"{month_page.previous}:{month_page.next}"
        shown = (page for day in month_page.days for page in day.records)
        keys[month_page.save_as] = records_key(digests, shown, neighbours)
    return keys
