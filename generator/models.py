"""The record and reference-table models: the public contract of SPEC section 1.

Field names here are published (JSON, CSV, JSON Schema): add, never rename.
Models are strict (no silent type coercion) and forbid unknown keys. Dates
are ISO strings in the files and become :class:`datetime.date` here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REGION_PATTERN = r"^[0-9]{2}(?:\.[0-9]{2})?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PUBLISHED_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)


def _iso_date(value: object) -> object:
    """Accept only ``YYYY-MM-DD`` text (or a date) and check the calendar."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a day in the calendar") from None


def _published(value: str) -> str:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date and time") from None
    return value


def _http_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", value, flags=re.ASCII):
        raise ValueError("must be an http:// or https:// address without spaces")
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120)]
RegionCode = Annotated[str, Field(pattern=REGION_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Url = Annotated[str, Field(max_length=2000, pattern=r"^https?://"), AfterValidator(_http_url)]
Published = Annotated[str, Field(pattern=PUBLISHED_PATTERN), AfterValidator(_published)]

Kind = Literal["patrol", "simulation"]
DatePrecision = Literal["day", "month", "year"]
Origin = Literal["official", "independent", "unknown"]
PlaceType = Literal[
    "election_office",
    "election_supervisor_office",
    "logistics_warehouse",
    "government_office",
    "district",
    "village",
    "public_area",
    "other",
]
Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "dozens", "hundreds", "thousands"
]
Appeal = Literal[
    "anti_hoax",
    "check_before_sharing",
    "not_provoked",
    "report_to_police",
    "report_to_security",
    "keep_order",
    "keep_harmony",
    "follow_campaign_rules",
]
Channel = Literal["call_centre", "phone", "whatsapp", "sms", "email", "website", "social_media"]


class Strict(BaseModel):
    """Base: strict types, unknown keys are errors, values are immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Place(Strict):
    """A place patrolled, checked or used."""

    name: Text
    type: PlaceType


class Personnel(Strict):
    """How many took part, as exactly as the source says."""

    count: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    qualifier: Qualifier

    @model_validator(mode="after")
    def _count_matches_qualifier(self) -> Personnel:
        needs_count = self.qualifier in ("exact", "about", "at_least", "more_than")
        if needs_count and self.count is None:
            raise ValueError(f"qualifier {self.qualifier!r} needs a count")
        if not needs_count and self.count is not None:
            raise ValueError(f"qualifier {self.qualifier!r} means no number was given; drop count")
        return self


class Official(Strict):
    """A person named in their public role, never a private person."""

    name: Text
    rank: Text | None = None
    position: Text
    unit: Id | None = None
    organisation: Id | None = None

    @model_validator(mode="after")
    def _one_affiliation(self) -> Official:
        if self.unit is not None and self.organisation is not None:
            raise ValueError("give either unit or organisation, not both")
        return self


class Contact(Strict):
    """A public channel the public was told to use."""

    channel: Channel
    value: Text
    unit: Id | None = None


class Source(Strict):
    """Where the facts come from."""

    outlet: Text | None = None
    title: Text
    url: Url | None = None
    author: Text | None = None
    published: Published | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    origin: Origin


class Record(Strict):
    """One reported security activity."""

    id: Id
    kind: Kind
    activity: Text
    date: IsoDate
    date_precision: DatePrecision = "day"
    election: Id
    operation: Id | None = None
    lead_unit: Id
    units: list[Id] = Field(default_factory=list)
    partners: list[Id] = Field(default_factory=list)
    region: RegionCode
    places: list[Place] = Field(default_factory=list)
    personnel: Personnel | None = None
    officials: list[Official] = Field(default_factory=list)
    appeals: list[Appeal] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    sources: Annotated[list[Source], Field(min_length=1)]
    quality_notes: list[Text] = Field(default_factory=list)
    summary_en: Annotated[str, Field(max_length=20_000)] | None = None

    @model_validator(mode="after")
    def _precision_fits_date(self) -> Record:
        if self.date_precision == "month" and self.date.day != 1:
            raise ValueError("date_precision 'month' needs the 1st of the month as date")
        if self.date_precision == "year" and (self.date.month, self.date.day) != (1, 1):
            raise ValueError("date_precision 'year' needs 1 January as date")
        return self


UnitKind = Literal[
    "polda", "polres", "polres_kota", "polresta", "polrestabes", "polsek",
    "kodam", "korem", "kodim", "koramil", "other",
]


class Unit(Strict):
    """A police or army unit; units form a tree through ``parent``."""

    id: Id
    name: Text
    kind: UnitKind
    branch: Literal["police", "army"]
    parent: Id | None = None
    region: RegionCode


class Region(Strict):
    """A province (``35``) or kabupaten/kota (``35.13``) by Kemendagri code."""

    code: RegionCode
    name: Text
    kind: Literal["province", "regency", "city"]


class Election(Strict):
    """An election and its voting day."""

    id: Id
    name: Text
    voting_day: IsoDate


class Operation(Strict):
    """A named security operation."""

    id: Id
    name: Text
    election: Id
    unit: Id | None = None


class Organisation(Strict):
    """A non-security partner: election bodies, local government offices."""

    id: Id
    name: Text
    kind: Literal[
        "election_commission", "election_supervisor", "local_government",
        "district_office", "village_office", "other",
    ]
    region: RegionCode


