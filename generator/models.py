"""The record and reference-table models: the public contract of SPEC section 1.

Field names here are published (JSON, CSV, JSON Schema): add, never rename.
Models are strict (no silent type coercion) and forbid unknown keys. Dates
are ISO strings in the files and become :class:`datetime.date` here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal

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


def _visible(value: str) -> str:
    """Text must show something: not only spaces or invisible format characters."""
    if not any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in value):
        raise ValueError("must contain visible text (only spaces or invisible characters)")
    return value


Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_visible)]
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
Qualifier = Literal["exact", "about", "at_least", "more_than", "dozens", "hundreds", "thousands"]
Appeal = Literal[
    "anti_hoax",
    "check_before_sharing",
    "not_provoked",
    "report_to_police",
    "report_to_security",
    "keep_order",
    "keep_harmony",
    "follow_campaign_rules",
    "keep_synergy",
    "act_professionally",
]
Channel = Literal["call_centre", "phone", "whatsapp", "sms", "email", "website", "social_media"]
UnitRole = Literal["lead", "participant", "host", "unknown"]
Audience = Literal["public", "election_organisers", "local_officials", "personnel", "unknown"]
DateBasis = Literal["activity", "statement", "publication"]
DatePart = Literal["year", "month", "day"]

SCHEMA_VERSION = "2.0.0"
"""Version of the record contract (docs/CONTRACT.md); the downloads carry it."""

MAX_SUMMARY_CHARS = 10_000
"""A summary is a few paragraphs (the longest shipped is 840 characters): twelve times that
is room to spare, and bounds the time Markdown may take (see validate.check_markdown)."""

MAX_QUOTE_WORDS = 40
"""Evidence quotes are short: the source's own words for one claim, never the article."""

EVIDENCE_REQUIRED = ("date", "units", "officials", "personnel", "appeals")
"""Claims that must each carry evidence: the date, every unit, official and appeal, and the
personnel count when one is given."""


def doc(english: str, indonesian: str) -> Any:
    """Field documentation in both languages; feeds the schema and the codebook."""
    return Field(description=english, json_schema_extra={"x-description-id": indonesian})


class Strict(BaseModel):
    """Base: strict types, unknown keys are errors, values are immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Place(Strict):
    """A place patrolled, checked or used."""

    name: Annotated[Text, doc("Name of the place as reported.", "Nama tempat seperti dilaporkan.")]
    type: Annotated[PlaceType, doc("Kind of place.", "Jenis tempat.")]


class Personnel(Strict):
    """How many took part, as exactly as the source says."""

    count: Annotated[
        Annotated[int, Field(ge=1, le=1_000_000)] | None,
        doc(
            "Number of personnel, only when the source gives a number.",
            "Jumlah personel, hanya bila sumber menyebut angka.",
        ),
    ] = None
    qualifier: Annotated[
        Qualifier,
        doc(
            "How exact the count is; 'hundreds' etc. when no number is given.",
            "Seberapa pasti jumlahnya; 'hundreds' dsb. bila tidak ada angka.",
        ),
    ]

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

    person: Annotated[
        Id,
        doc(
            "Id of the person in people.yaml (one id however the sources spell the name).",
            "Id orang di people.yaml (satu id, apa pun ejaan namanya di sumber).",
        ),
    ]
    rank: Annotated[
        Text | None, doc("Rank as the source gives it.", "Pangkat seperti ditulis sumber.")
    ] = None
    position: Annotated[Text, doc("Position (jabatan).", "Jabatan.")]
    unit: Annotated[
        Id | None,
        doc(
            "Unit id of the official, if a security unit.",
            "Id satuan pejabat, bila satuan keamanan.",
        ),
    ] = None
    organisation: Annotated[
        Id | None,
        doc(
            "Organisation id, if not a security unit.", "Id organisasi, bila bukan satuan keamanan."
        ),
    ] = None

    @model_validator(mode="after")
    def _one_affiliation(self) -> Official:
        if self.unit is not None and self.organisation is not None:
            raise ValueError("give either unit or organisation, not both")
        return self


class UnitTakingPart(Strict):
    """A security unit in the activity, and what the source says it did."""

    id: Annotated[Id, doc("Unit id in units.yaml.", "Id satuan di units.yaml.")]
    role: Annotated[
        UnitRole,
        doc(
            "lead: the source says it led or held the activity; participant: it joined "
            'someone else\'s ("ikut"); host: the activity took place at its premises; '
            "unknown: the source does not say.",
            "lead: sumber menyebut satuan ini memimpin atau menggelar kegiatan; participant: "
            "ikut serta dalam kegiatan pihak lain; host: tuan rumah; unknown: tidak disebut.",
        ),
    ]


class AppealMade(Strict):
    """What someone was asked to do, and whom the source says was asked."""

    code: Annotated[Appeal, doc("What was asked.", "Isi imbauan.")]
    audience: Annotated[
        Audience,
        doc(
            "Whom it was addressed to: public (residents), election_organisers (KPU, "
            "Bawaslu, their staff), local_officials (camat, lurah, kepala desa), personnel "
            "(the unit's own members), or unknown.",
            "Kepada siapa: public (warga), election_organisers (KPU, Bawaslu), "
            "local_officials (camat, lurah, kepala desa), personnel (anggota sendiri), "
            "atau unknown.",
        ),
    ]


class Evidence(Strict):
    """The source's own words for one coded claim, so a reader can check it."""

    field: Annotated[
        str,
        Field(pattern=r"^[a-z_]+(?:\.[0-9]+)?(?:\.[a-z_]+)?$", max_length=80),
        doc(
            "The claim: a field, with a 0-based item number for lists (date, units.0, "
            "officials.1, personnel, appeals.0, places.2, ...).",
            "Klaim yang didukung: nama kolom, dengan nomor butir (mulai 0) untuk daftar.",
        ),
    ]
    source: Annotated[
        int,
        Field(ge=1, le=100),
        doc(
            "Number of the source in sources, counting from 1.",
            "Nomor sumber di sources, mulai dari 1.",
        ),
    ]
    quote: Annotated[
        Annotated[str, Field(min_length=1, max_length=600)],
        doc(
            f"The source's own words, verbatim, at most {MAX_QUOTE_WORDS} words.",
            f"Kata-kata sumber, persis, paling banyak {MAX_QUOTE_WORDS} kata.",
        ),
    ]


class Contact(Strict):
    """A public channel the public was told to use."""

    channel: Annotated[Channel, doc("Kind of public channel.", "Jenis saluran publik.")]
    value: Annotated[
        Text,
        doc("Number or address as given to the public.", "Nomor atau alamat seperti diumumkan."),
    ]
    unit: Annotated[
        Id | None,
        doc("Unit that runs the channel, if stated.", "Satuan pengelola saluran, bila disebut."),
    ] = None


class Source(Strict):
    """Where the facts come from."""

    outlet: Annotated[
        Text | None, doc("News outlet, when the copy names it.", "Nama media, bila tercantum.")
    ] = None
    title: Annotated[
        Text, doc("Title of the article or statement.", "Judul artikel atau pernyataan.")
    ]
    url: Annotated[
        Url | None,
        doc(
            "Address of the article (http or https); never invented.",
            "Alamat artikel (http/https); tidak pernah dikarang.",
        ),
    ] = None
    author: Annotated[Text | None, doc("Author as credited.", "Penulis seperti tercantum.")] = None
    published: Annotated[
        Published | None,
        doc(
            "Publication date or date-time, with offset when known.",
            "Tanggal atau waktu terbit, dengan zona waktu bila diketahui.",
        ),
    ] = None
    language: Annotated[
        str,
        Field(pattern=r"^[a-z]{2,3}$"),
        doc("Language code of the source (ISO 639).", "Kode bahasa sumber (ISO 639)."),
    ]
    origin: Annotated[
        Origin,
        doc(
            "official: police/army statement or release; "
            "independent: the outlet's own reporting; unknown.",
            "official: pernyataan/rilis Polri/TNI; "
            "independent: liputan media sendiri; unknown: tidak diketahui.",
        ),
    ]
    origin_basis: Annotated[
        Text | None,
        doc(
            "Why the origin is coded so; required unless origin is unknown.",
            "Alasan asal sumber dikodekan demikian; wajib kecuali origin unknown.",
        ),
    ] = None


class RecordFields(Strict):
    """The fields of a record that are both written by editors and published."""

    id: Annotated[Id, doc("Stable id; equals the file name.", "Id tetap; sama dengan nama berkas.")]
    kind: Annotated[Kind, doc("patrol or simulation.", "patroli atau simulasi.")]
    activity: Annotated[Text, doc("The activity as reported.", "Kegiatan seperti dilaporkan.")]
    date: Annotated[
        IsoDate, doc("Day of the activity (local time).", "Tanggal kegiatan (waktu setempat).")
    ]
    date_precision: Annotated[
        DatePrecision, doc("How exact date is.", "Seberapa tepat tanggalnya.")
    ] = "day"
    date_basis: Annotated[
        DateBasis,
        doc(
            "Which day date is: the activity's, that of an official's statement about it, or "
            "the source's publication day.",
            "Tanggal apa: hari kegiatan, hari pernyataan pejabat, atau hari terbit sumber.",
        ),
    ]
    date_end: Annotated[
        IsoDate | None,
        doc(
            "Last day, for an activity over several days.",
            "Hari terakhir, untuk kegiatan beberapa hari.",
        ),
    ] = None
    date_inferred: Annotated[
        list[DatePart],
        doc(
            "Parts of date worked out rather than stated (year, month, day).",
            "Bagian tanggal yang disimpulkan, tidak disebut sumber.",
        ),
    ] = Field(default_factory=list)
    election: Annotated[Id, doc("Election id.", "Id pemilihan.")]
    operation: Annotated[Id | None, doc("Named operation id, if any.", "Id operasi, bila ada.")] = (
        None
    )
    units: Annotated[
        list[UnitTakingPart],
        Field(min_length=1),
        doc(
            "Security units taking part, each with its role.",
            "Satuan keamanan yang terlibat, masing-masing dengan perannya.",
        ),
    ]
    partners: Annotated[
        list[Id],
        doc(
            "Non-security organisations taking part or visited.",
            "Organisasi non-keamanan yang ikut atau dikunjungi.",
        ),
    ] = Field(default_factory=list)
    region: Annotated[
        RegionCode, doc("Kemendagri code of where it happened.", "Kode Kemendagri lokasi kegiatan.")
    ]
    places: Annotated[
        list[Place],
        doc("Places patrolled, checked or used.", "Tempat yang dipatroli, diperiksa atau dipakai."),
    ] = Field(default_factory=list)
    personnel: Annotated[
        Personnel | None, doc("How many personnel took part.", "Jumlah personel yang terlibat.")
    ] = None
    officials: Annotated[
        list[Official],
        doc("People named in their public role.", "Orang yang disebut dalam peran publiknya."),
    ] = Field(default_factory=list)
    appeals: Annotated[
        list[AppealMade],
        doc("What was asked, and of whom.", "Imbauan yang disampaikan, dan kepada siapa."),
    ] = Field(default_factory=list)
    contacts: Annotated[
        list[Contact], doc("Public hotlines given.", "Saluran pengaduan publik yang diumumkan.")
    ] = Field(default_factory=list)
    sources: Annotated[
        list[Source],
        Field(min_length=1),
        doc("Where the facts come from; at least one.", "Asal fakta; sedikitnya satu."),
    ]
    quality_notes: Annotated[
        list[Text],
        doc(
            "Caveats: what is inferred, inconsistent or not stated.",
            "Catatan: hal yang disimpulkan, tidak konsisten atau tidak disebut.",
        ),
    ] = Field(default_factory=list)
    evidence: Annotated[
        list[Evidence],
        doc(
            "The source's words for each coded claim.",
            "Kutipan sumber untuk setiap klaim yang dikodekan.",
        ),
    ] = Field(default_factory=list)
    summary_en: Annotated[
        Annotated[str, Field(max_length=MAX_SUMMARY_CHARS)] | None,
        doc(
            "Optional English summary (Markdown).", "Ringkasan bahasa Inggris, opsional (Markdown)."
        ),
    ] = None

    @model_validator(mode="after")
    def _precision_fits_date(self) -> RecordFields:
        if self.date_precision == "month" and self.date.day != 1:
            raise ValueError("date_precision 'month' needs the 1st of the month as date")
        if self.date_precision == "year" and (self.date.month, self.date.day) != (1, 1):
            raise ValueError("date_precision 'year' needs 1 January as date")
        if self.date_end is not None and self.date_end < self.date:
            raise ValueError("date_end is before date")
        return self


class Record(RecordFields):
    """One reported security activity, as its file gives it."""

    draft: Annotated[
        bool,
        doc(
            "A draft is validated but never published.",
            "Draf diperiksa tetapi tidak pernah diterbitkan.",
        ),
    ] = False

    @property
    def lead_unit(self) -> str | None:
        """The unit whose role is lead, or None when the source does not say who led."""
        return next((unit.id for unit in self.units if unit.role == "lead"), None)


UnitKind = Literal[
    "polda",
    "polres",
    "polres_kota",
    "polresta",
    "polrestabes",
    "polsek",
    "kodam",
    "korem",
    "kodim",
    "koramil",
    "other",
]


class Unit(Strict):
    """A police or army unit; units form a tree through ``parent``."""

    id: Id
    name: Text
    kind: UnitKind
    branch: Literal["police", "army"]
    parent: Id | None = None
    region: Annotated[RegionCode, doc("Where the headquarters is.", "Lokasi markas.")]
    area: Annotated[
        list[RegionCode],
        doc(
            "Regions the unit is responsible for (empty: not recorded).",
            "Wilayah tanggung jawab satuan (kosong: belum dicatat).",
        ),
    ] = Field(default_factory=list)
    area_note: Annotated[
        Text | None,
        doc(
            "What the area list cannot say: parts of a region, and where it comes from.",
            "Keterangan wilayah tugas: bagian wilayah, dan sumbernya.",
        ),
    ] = None


class Person(Strict):
    """An official named in records: one id however the sources spell the name."""

    id: Id
    name: Text
    also_known_as: list[Text] = Field(default_factory=list)


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
        "election_commission",
        "election_supervisor",
        "local_government",
        "district_office",
        "village_office",
        "other",
    ]
    region: RegionCode


ReleaseVersion = Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Release(Strict):
    """A published snapshot: which records existed, and their content hashes."""

    version: ReleaseVersion
    date: IsoDate
    records: dict[Id, Sha256]


class Withdrawal(Strict):
    """A record taken down: its URL keeps a page saying when and why."""

    id: Id
    date: IsoDate
    reason: Text


class PublishedOfficial(Official):
    """An official as the downloads give it: with the person's name from people.yaml."""

    name: Annotated[Text, doc("The person's name (people.yaml).", "Nama orang (people.yaml).")]


class PublishedRecord(RecordFields):
    """A record as the downloads give it (``records/<id>.json``, ``data/records.json``):
    the fields editors write, plus what the build derives."""

    officials: Annotated[
        list[PublishedOfficial],
        doc("People named in their public role.", "Orang yang disebut dalam peran publiknya."),
    ] = Field(default_factory=list)  # type: ignore[assignment]  # the same, with names
    lead_unit: Annotated[
        Id | None,
        doc(
            "Id of the unit whose role is lead, or null when the source does not say who led.",
            "Id satuan yang memimpin, atau null bila sumber tidak menyebutnya.",
        ),
    ]
    added: Annotated[
        IsoDate | None,
        doc(
            "Day of the first release that held the record; null before any release.",
            "Tanggal rilis pertama yang memuat catatan ini.",
        ),
    ]
    updated: Annotated[
        IsoDate | None,
        doc(
            "Day of the last release that changed the record; null before any release.",
            "Tanggal rilis terakhir yang mengubah catatan ini.",
        ),
    ]
    summary: Annotated[str, doc("Summary in Indonesian (Markdown).", "Ringkasan (Markdown).")]
    summary_html: Annotated[str, doc("The summary as sanitised HTML.", "Ringkasan sebagai HTML.")]
    url: Annotated[str, doc("The record's page.", "Halaman catatan.")]


class RecordsFile(Strict):
    """``data/records.json``: every published record, and what version of the data it is."""

    schema_url: Annotated[
        str, Field(alias="$schema"), doc("This schema's address.", "Alamat skema ini.")
    ]
    version: Annotated[
        str,
        doc(
            "Content hash of every record; changes when content does.", "Hash isi seluruh catatan."
        ),
    ]
    schema_version: Annotated[str, doc("Version of the record contract.", "Versi kontrak.")]
    release: Annotated[str | None, doc("Latest release, if any.", "Rilis terakhir.")]
    count: Annotated[int, Field(ge=0), doc("Number of records.", "Jumlah catatan.")]
    records: list[PublishedRecord]
