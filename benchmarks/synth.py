"""Deterministic synthetic content for the build benchmarks.

Three writers share one stream of generated records, so every tool builds the *same* N
records:

``make_content(dir, n, seed)``
    our content directory: ``units.yaml``, ``regions.yaml``, ``elections.yaml``,
    ``operations.yaml``, ``organisations.yaml`` and ``records/<id>.md`` (YAML front matter +
    a Markdown summary of about 150 words in two paragraphs). It passes
    ``python -m generator validate --content DIR``.
``make_pelican_content(dir, n, seed)``
    ``dir/content/<id>.md`` as plain stock-Pelican Markdown articles (``Title:`` header lines;
    category = lead unit name; tags = election, kind, region) and ``dir/pelicanconf.py``
    (default theme, relative URLs, no feeds, no plugins, caching off, 20 articles a page).
``make_hugo_content(dir, n, seed)``
    a minimal Hugo site: ``config.toml`` (taxonomies ``units`` and ``tags``, 20 a page, no
    RSS or sitemap), ``content/posts/<id>.md`` with YAML front matter and ``layouts/_default``
    (``baseof.html``, ``single.html``, ``list.html``): one page per record, one list page per
    taxonomy and term, paginated.
``make_all(dir, n, seed)``
    all three at once under ``dir/content``, ``dir/pelican`` and ``dir/hugo``, generating each
    record once.

The world is fixed: 14 provinces with Kemendagri-style codes (``"35"``), 504 kabupaten/kota
(``"35.07"``, cities from ``.71``), one Polres (or Polresta / Polres Kota) and one Kodim per
kabupaten/kota, a Polda and a Kodam per province, 56 Korem; KPU, Bawaslu and the local
government of every kabupaten/kota; a Mantap Brata (Pemilu) and a Mantap Praja (Pilkada)
operation per Polda. Record dates run from 2023-06-01 to 2024-11-30, denser before the two
voting days (2024-02-14, 2024-11-27).

Record ``i`` depends only on ``(seed, i)`` (and the ids of records before it), so the first
1000 records of N=5000 are the records of N=1000. The same ``(n, seed)`` always writes
byte-identical files. No text contains a phone-number-like digit run; this is checked while
writing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

START = date(2023, 6, 1)
END = date(2024, 11, 30)
PEMILU_DAY = date(2024, 2, 14)
PILKADA_DAY = date(2024, 11, 27)
PEMILU_UNTIL = date(2024, 3, 20)
"""Records up to this day (counting and recapitulation included) belong to pemilu-2024."""

TOUCH_WORDS = ("warga", "khalayak")
"""Every summary's second paragraph contains ``warga``; :func:`touch_record` swaps the pair."""

PHONE = re.compile(r"(?<![\w.-])(?:\+62|62|0)[\s.-]?\d(?:[\s.-]?\d){7,12}(?![\w])")
"""Same shape as the validator's phone check; nothing generated may match it."""

# code, name, Kodam name, operation code name
PROVINCES: tuple[tuple[str, str, str, str], ...] = (
    ("11", "Aceh", "Iskandar Muda", "Seulawah"),
    ("12", "Sumatera Utara", "Bukit Barisan", "Toba"),
    ("16", "Sumatera Selatan", "Sriwijaya", "Musi"),
    ("31", "DKI Jakarta", "Jayakarta", "Jaya"),
    ("32", "Jawa Barat", "Siliwangi", "Lodaya"),
    ("33", "Jawa Tengah", "Diponegoro", "Candi"),
    ("35", "Jawa Timur", "Brawijaya", "Semeru"),
    ("51", "Bali", "Udayana", "Agung"),
    ("61", "Kalimantan Barat", "Tanjungpura", "Kapuas"),
    ("64", "Kalimantan Timur", "Mulawarman", "Mahakam"),
    ("73", "Sulawesi Selatan", "Hasanuddin", "Pinisi"),
    ("81", "Maluku", "Pattimura", "Salawaku"),
    ("91", "Papua", "Cenderawasih", "Cartenz"),
    ("94", "Papua Tengah", "Kasuari", "Damai"),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")
REGENCIES_PER_PROVINCE = 29
CITIES_PER_PROVINCE = 7
KOREMS_PER_PROVINCE = 4

PREFIXES = (
    "Sumber",
    "Tanjung",
    "Banyu",
    "Karang",
    "Muara",
    "Pasir",
    "Sungai",
    "Batu",
    "Bukit",
    "Teluk",
    "Pulau",
    "Air",
    "Gunung",
    "Lubuk",
    "Padang",
    "Kuala",
    "Rawa",
    "Tegal",
    "Wono",
    "Sido",
    "Purwo",
    "Selo",
    "Kali",
    "Ranu",
    "Mojo",
    "Lima",
    "Simpang",
    "Koto",
    "Tebing",
    "Labuhan",
)
SUFFIXES = (
    "jaya",
    "sari",
    "agung",
    "makmur",
    "rejo",
    "mulyo",
    "baru",
    "indah",
    "raya",
    "lestari",
    "asri",
    "wangi",
    "harjo",
    "kencana",
    "arum",
    "kerto",
    "dadi",
    "luhur",
    "permai",
    "sentosa",
)
KOREM_A = ("Wira", "Bhakti", "Dharma", "Garuda", "Bhaskara", "Baladhika", "Santi", "Praja")
KOREM_B = ("Jaya", "Yudha", "Sakti", "Negara", "Wijaya", "Bhumi", "Satya")
FIRST_NAMES = (
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Hendra",
    "Imam",
    "Joko",
    "Rudi",
    "Slamet",
    "Wahyu",
    "Yudi",
    "Andi",
    "Bambang",
    "Dwi",
    "Fajar",
    "Hari",
    "Iwan",
    "Rizky",
    "Teguh",
    "Wisnu",
    "Siti",
    "Dewi",
    "Sri",
    "Rina",
    "Lestari",
    "Made",
    "Ketut",
    "Yohanes",
    "Muhammad",
    "Ahmad",
)
LAST_NAMES = (
    "Santoso",
    "Wibowo",
    "Prasetyo",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Purnomo",
    "Wardana",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Harahap",
    "Rahman",
    "Sulistyo",
    "Gunawan",
    "Hakim",
    "Pratama",
    "Utomo",
    "Pattiasina",
    "Mahendra",
    "Sitompul",
    "Lubis",
)
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

PATROLS = (
    "patroli dialogis",
    "patroli skala besar",
    "patroli gabungan TNI-Polri",
    "patroli cipta kondisi",
    "patroli sambang kantor penyelenggara pemilu",
    "patroli pengamanan gudang logistik",
    "patroli blue light",
    "patroli malam",
    "patroli Polisi RW",
    "patroli perintis presisi",
)
SIMULATIONS = (
    "simulasi Sispamkota",
    "simulasi pengamanan TPS",
    "latihan pra-operasi",
    "simulasi pengendalian massa",
    "tactical floor game pengamanan pemilu",
)
APPEALS = (
    "anti_hoax",
    "check_before_sharing",
    "not_provoked",
    "report_to_police",
    "report_to_security",
    "keep_order",
    "keep_harmony",
    "follow_campaign_rules",
)
# name, domain, origin
OUTLETS = (
    ("Kabar Nusantara", "kabarnusantara.example", "independent"),
    ("Warta Daerah", "wartadaerah.example", "independent"),
    ("Suara Pemilu", "suarapemilu.example", "independent"),
    ("Lensa Kota", "lensakota.example", "unknown"),
    ("Portal Berita Rakyat", "beritarakyat.example", "unknown"),
    ("Tribrata News", "tribratanews.example", "official"),
)
VERBS = ("Gelar", "Laksanakan", "Intensifkan", "Lakukan", "Tingkatkan")
ELECTIONS = (
    ("pemilu-2024", "Pemilu 2024", PEMILU_DAY),
    ("pilkada-2024", "Pilkada Serentak 2024", PILKADA_DAY),
)


def slugify(text: str) -> str:
    """Lower-case ASCII slug matching ``^[a-z0-9]+(?:-[a-z0-9]+)*$``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- world


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str
    base: str
    """The bare name (``Sumberjaya``) without Kabupaten/Kota."""


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    branch: str
    region: str
    parent: str | None = None
    commander: str = ""
    rank: str = ""
    position: str = ""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str
    region: str


@dataclass(frozen=True)
class Operation:
    id: str
    name: str
    election: str
    unit: str


@dataclass(frozen=True)
class District:
    """One kabupaten/kota and everything that works in it."""

    region: Region
    province: str
    polres: Unit
    kodim: Unit
    korem: Unit
    organisations: tuple[Organisation, ...]
    tz: str


@dataclass
class World:
    regions: list[Region] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    polda_of: dict[str, Unit] = field(default_factory=dict)
    operation_of: dict[tuple[str, str], Operation] = field(default_factory=dict)


def _tz(province: str) -> str:
    number = int(province)
    if number >= 81:
        return "+09:00"
    if province.startswith(("5", "7")) or number >= 63:
        return "+08:00"
    return "+07:00"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def build_world(seed: int = 1) -> World:
    """The fixed reference tables: regions, units, organisations, operations."""
    rng = random.Random(f"world:{seed}")  # noqa: S311 - reproducible test data
    pairs = [(p, s) for p in PREFIXES for s in SUFFIXES]
    rng.shuffle(pairs)
    per_province = REGENCIES_PER_PROVINCE + CITIES_PER_PROVINCE
    names = [p + s if rng.random() < 0.6 else f"{p} {s.capitalize()}" for p, s in pairs]
    world = World()
    korem_words = [f"{a} {b}" for a in KOREM_A for b in KOREM_B]
    for p_index, (code, name, kodam_name, codename) in enumerate(PROVINCES):
        pslug = slugify(name)
        world.regions.append(Region(code, name, "province", name))
        polda = Unit(
            f"polda-{pslug}",
            f"Polda {name}",
            "polda",
            "police",
            code,
            commander=_person(rng),
            rank="Irjen Pol",
            position=f"Kapolda {name}",
        )
        roman = ROMAN[p_index]
        kodam = Unit(
            f"kodam-{roman.lower()}-{slugify(kodam_name)}",
            f"Kodam {roman}/{kodam_name}",
            "kodam",
            "army",
            code,
            commander=_person(rng),
            rank="Mayjen TNI",
            position=f"Pangdam {roman}",
        )
        world.polda_of[code] = polda
        world.units += [polda, kodam]
        world.organisations.append(
            Organisation(
                f"kpu-provinsi-{pslug}", f"KPU Provinsi {name}", "election_commission", code
            )
        )
        for election, _, _ in ELECTIONS:
            if election == "pemilu-2024":
                op = Operation(
                    f"operasi-mantap-brata-{slugify(codename)}-2023-2024",
                    f"Operasi Mantap Brata {codename} 2023-2024",
                    election,
                    polda.id,
                )
            else:
                op = Operation(
                    f"operasi-mantap-praja-{slugify(codename)}-2024",
                    f"Operasi Mantap Praja {codename} 2024",
                    election,
                    polda.id,
                )
            world.operations.append(op)
            world.operation_of[(code, election)] = op
        block = names[p_index * per_province : (p_index + 1) * per_province]
        korems: list[Unit] = []
        for seq, base in enumerate(block):
            is_city = seq >= REGENCIES_PER_PROVINCE
            number = 71 + seq - REGENCIES_PER_PROVINCE if is_city else seq + 1
            rcode = f"{code}.{number:02d}"
            bslug = slugify(base)
            region = Region(
                rcode,
                f"{'Kota' if is_city else 'Kabupaten'} {base}",
                "city" if is_city else "regency",
                base,
            )
            world.regions.append(region)
            if (
                seq % (per_province // KOREMS_PER_PROVINCE) == 0
                and len(korems) < KOREMS_PER_PROVINCE
            ):
                k_index = p_index * KOREMS_PER_PROVINCE + len(korems)
                knum = f"{p_index + 1:02d}{len(korems) + 1}"
                korems.append(
                    Unit(
                        f"korem-{knum}",
                        f"Korem {knum}/{korem_words[k_index]}",
                        "korem",
                        "army",
                        rcode,
                        kodam.id,
                        _person(rng),
                        "Brigjen TNI",
                        f"Danrem {knum}",
                    )
                )
                world.units.append(korems[-1])
            korem = korems[-1]
            if not is_city:
                polres = Unit(
                    f"polres-{bslug}",
                    f"Polres {base}",
                    "polres",
                    "police",
                    rcode,
                    polda.id,
                    _person(rng),
                    "AKBP",
                    f"Kapolres {base}",
                )
            elif seq % 2:
                polres = Unit(
                    f"polresta-{bslug}",
                    f"Polresta {base}",
                    "polresta",
                    "police",
                    rcode,
                    polda.id,
                    _person(rng),
                    "Kombes Pol",
                    f"Kapolresta {base}",
                )
            else:
                polres = Unit(
                    f"polres-{bslug}-kota",
                    f"Polres {base} Kota",
                    "polres_kota",
                    "police",
                    rcode,
                    polda.id,
                    _person(rng),
                    "AKBP",
                    f"Kapolres {base} Kota",
                )
            knum = f"{p_index + 1:02d}{seq + 1:02d}"
            kodim = Unit(
                f"kodim-{knum}",
                f"Kodim {knum}/{base}",
                "kodim",
                "army",
                rcode,
                korem.id,
                _person(rng),
                rng.choice(("Letkol Inf", "Letkol Arh", "Letkol Kav", "Letkol Czi")),
                f"Dandim {knum}/{base}",
            )
            world.units += [polres, kodim]
            kind = "kota" if is_city else "kab"
            place = "Kota" if is_city else "Kabupaten"
            orgs = (
                Organisation(
                    f"kpu-{kind}-{bslug}", f"KPU {place} {base}", "election_commission", rcode
                ),
                Organisation(
                    f"bawaslu-{kind}-{bslug}",
                    f"Bawaslu {place} {base}",
                    "election_supervisor",
                    rcode,
                ),
                Organisation(
                    f"pemkot-{bslug}" if is_city else f"pemkab-{bslug}",
                    f"Pemerintah {place} {base}",
                    "local_government",
                    rcode,
                ),
            )
            world.organisations += orgs
            world.districts.append(District(region, code, polres, kodim, korem, orgs, _tz(code)))
    return world


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SynthRecord:
    """One generated record, in the shapes every writer needs."""

    id: str
    front: dict[str, Any]
    body: str
    title: str
    date: date
    lead_unit: Unit
    tags: tuple[str, ...]
    blurb: str


def _pick_date(rng: random.Random) -> date:
    roll = rng.random()
    if roll < 0.4:
        day = START + timedelta(days=rng.randrange((END - START).days + 1))
    elif roll < 0.7:
        day = PEMILU_DAY + timedelta(days=rng.randint(-60, 10))
    else:
        day = PILKADA_DAY + timedelta(days=rng.randint(-75, 3))
    return min(max(day, START), END)


def _words(text: str) -> int:
    return len(text.split())


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def _village(rng: random.Random) -> str:
    return rng.choice(PREFIXES) + rng.choice(SUFFIXES)


def _record(world: World, seed: int, index: int, taken: set[str]) -> SynthRecord:
    rng = random.Random(f"record:{seed}:{index}")  # noqa: S311 - reproducible test data
    district = world.districts[rng.randrange(len(world.districts))]
    region = district.region
    day = _pick_date(rng)
    election, election_name, voting_day = ELECTIONS[0 if day <= PEMILU_UNTIL else 1]
    precision = "day"
    if rng.random() < 0.03:
        precision, day = "month", day.replace(day=1)
    is_simulation = rng.random() < 0.2
    activity = rng.choice(SIMULATIONS if is_simulation else PATROLS)
    police_lead = rng.random() < 0.7
    lead = district.polres if police_lead else district.kodim
    other = district.kodim if police_lead else district.polres
    units: list[str] = []
    if rng.random() < 0.5:
        units.append(other.id)
    if rng.random() < 0.1:
        units.append(world.polda_of[district.province].id if police_lead else district.korem.id)

    base = f"{day.isoformat()}-{lead.id}-{slugify(activity)}"
    ident, extra = base[:110].rstrip("-"), 2
    while ident in taken:
        ident, extra = f"{base[:105].rstrip('-')}-{extra}", extra + 1
    taken.add(ident)

    partners = rng.sample(district.organisations, rng.randint(0, 3))
    place_pool = [
        (f"Kantor KPU {region.name}", "election_office"),
        (f"Kantor Bawaslu {region.name}", "election_supervisor_office"),
        (f"Gudang Logistik KPU {region.name}", "logistics_warehouse"),
        (f"Kantor Pemerintah {region.name}", "government_office"),
        (f"Kecamatan {_village(rng)}", "district"),
        (f"Desa {_village(rng)}", "village"),
        (f"Alun-alun {region.base}", "public_area"),
        (f"Pasar {_village(rng)}", "public_area"),
    ]
    places = rng.sample(place_pool, rng.randint(1, 3))

    qualifier = rng.choices(
        ("exact", "about", "more_than", "at_least", "dozens", "hundreds", None),
        weights=(30, 15, 15, 5, 10, 10, 15),
    )[0]
    count = rng.randint(15, 450)
    personnel: dict[str, Any] | None = None
    crowd = "sejumlah personel"
    if qualifier is not None:
        personnel = {"qualifier": qualifier}
        if qualifier in ("exact", "about", "more_than", "at_least"):
            personnel = {"count": count, "qualifier": qualifier}
        crowd = {
            "exact": f"{count} personel",
            "about": f"sekitar {count} personel",
            "more_than": f"lebih dari {count} personel",
            "at_least": f"sedikitnya {count} personel",
            "dozens": "puluhan personel",
            "hundreds": "ratusan personel",
        }[qualifier]

    officials: list[dict[str, Any]] = [
        {
            "person": slugify(lead.commander),
            "rank": lead.rank,
            "position": lead.position,
            "unit": lead.id,
        }
    ]
    deputy = ""
    if rng.random() < 0.3:
        deputy = _person(rng)
        role = "Kasat Samapta" if police_lead else "Pasi Ops"
        rank = rng.choice(("AKP", "Iptu")) if police_lead else "Kapten Inf"
        officials.insert(
            0,
            {
                "person": slugify(deputy),
                "rank": rank,
                "position": f"{role} {lead.name}, pemimpin kegiatan",
                "unit": lead.id,
            },
        )
    kpu = next((o for o in partners if o.kind == "election_commission"), None)
    kpu_head = ""
    if kpu is not None and rng.random() < 0.4:
        kpu_head = _person(rng)
        officials.append(
            {"person": slugify(kpu_head), "position": f"Ketua {kpu.name}", "organisation": kpu.id}
        )

    appeals = [] if rng.random() < 0.15 else rng.sample(APPEALS, rng.randint(1, 3))
    contacts: list[dict[str, Any]] = []
    if rng.random() < 0.25:
        contacts.append({"channel": "call_centre", "value": "110", "unit": district.polres.id})

    verb = rng.choice(VERBS)
    when = "Jelang" if day < voting_day - timedelta(days=3) else "Amankan"
    title = f"{lead.name} {verb} {activity[0].upper()}{activity[1:]} {when} {election_name}"
    sources: list[dict[str, Any]] = []
    for _ in range(1 if rng.random() < 0.85 else 2):
        outlet, domain, origin = rng.choice(OUTLETS)
        published_day = min(day + timedelta(days=rng.randint(0, 2)), END)
        source: dict[str, Any] = {"outlet": outlet, "title": title}
        if rng.random() < 0.8:
            source["url"] = (
                f"https://{domain}/{published_day:%Y/%m/%d}/{slugify(title)[:80].rstrip('-')}"
            )
        if rng.random() < 0.8:
            source["author"] = _person(rng)
        no_offset = rng.random() < 0.1
        if rng.random() < 0.85:
            clock = f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
            source["published"] = f"{published_day}T{clock}" + (
                "" if no_offset else f":00{district.tz}"
            )
        source["language"] = "id"
        source["origin"] = origin
        if origin != "unknown":
            source["origin_basis"] = (
                "The article is the unit's statement."
                if origin == "official"
                else "The outlet's own report."
            )
        sources.append(source)

    notes: list[str] = []
    if precision == "month":
        notes.append("Artikel hanya menyebut bulan kegiatan; tanggal dicatat sebagai tanggal 1.")
    if rng.random() < 0.25:
        notes += rng.sample(
            (
                "Tahun disimpulkan dari tanggal terbit artikel.",
                "Pangkat pejabat ditulis dua cara dalam artikel; dicatat yang paling sering.",
                "Artikel tidak menyebut apakah teksnya rilis kepolisian atau liputan sendiri.",
                "Jumlah personel dibulatkan oleh sumber.",
            ),
            rng.randint(1, 2),
        )
    if personnel is None and rng.random() < 0.5:
        notes.append("Jumlah personel tidak disebutkan.")

    when_text = (
        f"pada bulan {MONTHS[day.month - 1]} {day.year}"
        if precision == "month"
        else f"pada {WEEKDAYS[day.weekday()]} ({day.day}/{day.month})"
    )
    place_names = [name for name, _ in places]
    para1 = [
        f"{lead.name} menggelar {activity} di wilayah {region.name} {when_text}, "
        f"dalam rangkaian pengamanan {election_name}."
    ]
    pool1 = [
        f"{crowd[0].upper()}{crowd[1:]} dikerahkan dan menyambangi {_join(place_names)}.",
        "Petugas menyusuri jalan utama, pasar dan permukiman padat dengan kendaraan roda dua "
        "dan roda empat.",
        "Dalam kegiatan itu petugas berdialog dengan tokoh masyarakat, tokoh agama dan pemuda "
        f"tentang pentingnya menjaga ketertiban selama tahapan {election_name}.",
        "Kegiatan berlangsung tertib dan tidak ditemukan gangguan yang berarti.",
        f"Personel juga memeriksa kesiapan pengamanan di {_join(place_names[:2])}.",
    ]
    if deputy:
        pool1.insert(0, f"Kegiatan dipimpin {officials[0]['rank']} {deputy}.")
    if units:
        pool1.insert(0, "Kegiatan ini melibatkan unsur gabungan TNI dan Polri setempat.")
    if is_simulation:
        pool1 += [
            "Skenario dimulai dari pemungutan suara, penghitungan, hingga unjuk rasa massa "
            "yang menolak hasil pemilihan.",
            "Satuan pengendali massa kemudian menghalau kerumunan dan mengamankan provokator "
            "sesuai prosedur tetap.",
        ]
    rng.shuffle(pool1)
    while _words(" ".join(para1)) < 70 and pool1:
        para1.append(pool1.pop())
    para2 = [
        f"{lead.position} {lead.rank} {lead.commander} mengatakan kegiatan ini merupakan "
        f"upaya pencegahan agar seluruh tahapan {election_name} berjalan aman, damai dan "
        "lancar."
    ]
    pool2 = [
        "Ia meminta personel bertugas secara profesional, humanis dan menjaga netralitas.",
        "Menurutnya, sinergi TNI, Polri dan penyelenggara pemilu menjadi kunci keberhasilan "
        "pengamanan di daerah.",
        "Petugas juga membagikan imbauan tertulis kepada pedagang dan pengguna jalan.",
        "Patroli serupa akan terus dilakukan secara rutin hingga tahapan pemilihan selesai.",
    ]
    if kpu_head:
        pool2.append(
            f"Ketua {kpu.name if kpu else 'KPU'} {kpu_head} menyambut baik kegiatan "
            "tersebut dan berterima kasih atas dukungan aparat keamanan."
        )
    if contacts:
        pool2.append(
            "Laporan gangguan keamanan dapat disampaikan melalui layanan panggilan darurat 110."
        )
    rng.shuffle(pool2)
    closing = rng.choice(
        (
            "Polisi mengimbau warga agar tidak mudah terprovokasi dan tidak menyebarkan hoaks.",
            "Ia juga meminta warga segera melapor kepada petugas terdekat bila melihat hal "
            "mencurigakan.",
            "Petugas mengajak warga menjaga kerukunan meski berbeda pilihan politik.",
            "Seluruh warga diharapkan ikut menjaga suasana tetap sejuk hingga tahapan selesai.",
        )
    )
    while _words(" ".join(para2)) + _words(closing) < 70 and pool2:
        para2.append(pool2.pop())
    para2.append(closing)
    body = (
        textwrap.fill(" ".join(para1), width=96)
        + "\n\n"
        + textwrap.fill(" ".join(para2), width=96)
        + "\n"
    )

    front: dict[str, Any] = {
        "id": ident,
        "kind": "simulation" if is_simulation else "patrol",
        "activity": activity,
        "date": day.isoformat(),
    }
    if precision != "day":
        front["date_precision"] = precision
    front["election"] = election
    operation = world.operation_of[(district.province, election)]
    if rng.random() < (0.7 if police_lead else 0.3):
        front["operation"] = operation.id
    front["date_basis"] = "activity"
    front["units"] = [
        {"id": lead.id, "role": "lead"},
        *({"id": unit, "role": "participant"} for unit in units),
    ]
    front["partners"] = [o.id for o in partners]
    front["region"] = region.code
    front["places"] = [{"name": name, "type": kind} for name, kind in places]
    if personnel is not None:
        front["personnel"] = personnel
    front["officials"] = officials
    front["appeals"] = [{"code": code, "audience": "public"} for code in appeals]
    front["contacts"] = contacts
    front["sources"] = sources
    front["quality_notes"] = notes
    claims = [
        "date",
        *(f"units.{i}" for i in range(len(front["units"]))),
        *(f"officials.{i}" for i in range(len(officials))),
        *(["personnel"] if personnel is not None else []),
        *(f"appeals.{i}" for i in range(len(appeals))),
    ]
    front["evidence"] = [
        {"field": claim, "source": 1, "quote": f"{crowd} ({claim})"} for claim in claims
    ]
    if rng.random() < 0.4:
        kind_en = "a security simulation" if is_simulation else "a patrol"
        front["summary_en"] = (
            textwrap.fill(
                f"{lead.name} held {kind_en} ({activity}) in {region.name} for the "
                f"{election_name} election, with {crowd.replace('personel', 'personnel')}. "
                f"{lead.position}, {lead.rank} {lead.commander}, said the aim was to keep every "
                "stage of the election safe and peaceful, and asked residents not to be provoked "
                "and to report anything suspicious to the police.",
                width=96,
            )
            + "\n"
        )
    kind_tag = "simulasi" if is_simulation else "patroli"
    return SynthRecord(
        ident, front, body, title, day, lead, (election_name, kind_tag, region.name), para1[0]
    )


def records(n: int, seed: int = 1, world: World | None = None) -> Iterator[SynthRecord]:
    """The first ``n`` records for ``seed``, in order."""
    world = world or build_world(seed)
    taken: set[str] = set()
    for index in range(n):
        yield _record(world, seed, index, taken)


# --------------------------------------------------------------------------- writing


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"unexpected YAML value {value!r}")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PHONE.search(text):
        raise ValueError(f"phone-like digits in generated text: {text!r}")
    return json.dumps(text, ensure_ascii=False)


def _yaml(value: dict[str, Any], indent: int = 0) -> list[str]:
    """Block-style YAML for our simple shapes; every string double-quoted."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines += _yaml(item, indent + 2)
        elif isinstance(item, list):
            if not item:
                continue
            lines.append(f"{pad}{key}:")
            for element in item:
                if isinstance(element, dict):
                    inner = _yaml(element, indent + 4)
                    lines.append(f"{pad}  - {inner[0].lstrip()}")
                    lines += inner[1:]
                else:
                    lines.append(f"{pad}  - {_scalar(element)}")
        elif isinstance(item, str) and "\n" in item:
            if PHONE.search(item):
                raise ValueError(f"phone-like digits in generated text: {item!r}")
            lines.append(f"{pad}{key}: |")
            lines += [f"{pad}  {line}" if line else "" for line in item.rstrip("\n").split("\n")]
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")
    return lines


def _table(comment: str, rows: Sequence[dict[str, Any]]) -> str:
    lines = [f"# {comment}"]
    for row in rows:
        inner = _yaml({k: v for k, v in row.items() if v is not None}, 2)
        lines.append(f"- {inner[0].lstrip()}")
        lines += inner[1:]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_tables(content: Path, world: World) -> None:
    _write(
        content / "regions.yaml",
        _table(
            "Synthetic regions by Kemendagri-style code (benchmarks.synth).",
            [{"code": r.code, "name": r.name, "kind": r.kind} for r in world.regions],
        ),
    )
    _write(
        content / "units.yaml",
        _table(
            "Synthetic units: Polda > Polres; Kodam > Korem > Kodim (benchmarks.synth).",
            [
                {
                    "id": u.id,
                    "name": u.name,
                    "kind": u.kind,
                    "branch": u.branch,
                    "parent": u.parent,
                    "region": u.region,
                }
                for u in world.units
            ],
        ),
    )
    _write(
        content / "elections.yaml",
        _table(
            "Elections (benchmarks.synth).",
            [{"id": e, "name": name, "voting_day": day.isoformat()} for e, name, day in ELECTIONS],
        ),
    )
    _write(
        content / "operations.yaml",
        _table(
            "Synthetic named operations (benchmarks.synth).",
            [
                {"id": o.id, "name": o.name, "election": o.election, "unit": o.unit}
                for o in world.operations
            ],
        ),
    )
    _write(
        content / "people.yaml",
        _table(
            "Synthetic officials: every name the generator can draw (benchmarks.synth).",
            sorted(
                (
                    {"id": slugify(f"{first} {last}"), "name": f"{first} {last}"}
                    for first in FIRST_NAMES
                    for last in LAST_NAMES
                ),
                key=lambda p: p["id"],
            ),
        ),
    )
    _write(
        content / "organisations.yaml",
        _table(
            "Synthetic partners: KPU, Bawaslu, local government (benchmarks.synth).",
            [
                {"id": o.id, "name": o.name, "kind": o.kind, "region": o.region}
                for o in world.organisations
            ],
        ),
    )


def _ours_record(record: SynthRecord) -> str:
    if PHONE.search(record.body):
        raise ValueError(f"phone-like digits in the summary of {record.id}")
    return "---\n" + "\n".join(_yaml(record.front)) + "\n---\n" + record.body


PELICANCONF = '''\
"""Stock Pelican settings for the benchmark (written by benchmarks.synth)."""

AUTHOR = "Benchmark"
SITENAME = "Synthetic election-security records"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
RELATIVE_URLS = True
DEFAULT_PAGINATION = 20
PLUGINS: list[str] = []
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = ()
SOCIAL = ()
'''


def _pelican_article(record: SynthRecord) -> str:
    header = [
        f"Title: {record.title}",
        f"Date: {record.date.isoformat()} 09:00",
        f"Category: {record.lead_unit.name}",
        f"Tags: {', '.join(record.tags)}",
        f"Slug: {record.id}",
        f"Summary: {record.blurb}",
    ]
    return "\n".join(header) + "\n\n" + record.body


HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<a href="{{ "/units/" | relURL }}">Units</a> <a href="{{ "/tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
<p>Units: {{ range .GetTerms "units" }}
<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>Tags: {{ range .GetTerms "tags" }}
<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
{{ if not .Date.IsZero }}{{ .Date.Format "2006-01-02" }}{{ end }}<p>{{ .Summary }}</p></li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"""


def hugo_config(new_pagination: bool = False) -> str:
    """``config.toml``; Hugo >= 0.128 spells the page size ``pagination.pagerSize``. The
    language is ``defaultContentLanguage``: every Hugo reads it, and 0.158 deprecated
    ``languageCode`` (same pages from 0.168 either way)."""
    pager = "[pagination]\n  pagerSize = 20\n" if new_pagination else "paginate = 20\n"
    return (
        'baseURL = "/"\n'
        'defaultContentLanguage = "id"\n'
        'title = "Synthetic election-security records"\n'
        "relativeURLs = true\n"
        'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
        + ("" if new_pagination else pager)
        + "[taxonomies]\n"
        '  unit = "units"\n'
        '  tag = "tags"\n' + (pager if new_pagination else "")
    )


def _hugo_post(record: SynthRecord, tz: str) -> str:
    front = [
        "---",
        f"title: {json.dumps(record.title, ensure_ascii=False)}",
        f"date: {record.date.isoformat()}T09:00:00{tz}",
        f"units: [{json.dumps(record.lead_unit.id)}]",
        "tags: [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in record.tags) + "]",
        f"summary: {json.dumps(record.blurb, ensure_ascii=False)}",
        "---",
    ]
    return "\n".join(front) + "\n" + record.body


@dataclass(frozen=True)
class _Targets:
    ours: Path | None = None
    pelican: Path | None = None
    hugo: Path | None = None
    hugo_new_pagination: bool = False


def _generate(targets: _Targets, n: int, seed: int) -> None:
    world = build_world(seed)
    if targets.ours is not None:
        (targets.ours / "records").mkdir(parents=True, exist_ok=True)
        _write_tables(targets.ours, world)
    if targets.pelican is not None:
        (targets.pelican / "content").mkdir(parents=True, exist_ok=True)
        _write(targets.pelican / "pelicanconf.py", PELICANCONF)
    if targets.hugo is not None:
        layouts = targets.hugo / "layouts" / "_default"
        layouts.mkdir(parents=True, exist_ok=True)
        (targets.hugo / "content" / "posts").mkdir(parents=True, exist_ok=True)
        _write(targets.hugo / "config.toml", hugo_config(targets.hugo_new_pagination))
        _write(layouts / "baseof.html", HUGO_BASEOF)
        _write(layouts / "single.html", HUGO_SINGLE)
        _write(layouts / "list.html", HUGO_LIST)
    tz_of = {d.region.code: d.tz for d in world.districts}
    for record in records(n, seed, world):
        if targets.ours is not None:
            _write(targets.ours / "records" / f"{record.id}.md", _ours_record(record))
        if targets.pelican is not None:
            _write(targets.pelican / "content" / f"{record.id}.md", _pelican_article(record))
        if targets.hugo is not None:
            _write(
                targets.hugo / "content" / "posts" / f"{record.id}.md",
                _hugo_post(record, tz_of[record.front["region"]]),
            )


def make_content(target_dir: Path, n: int, seed: int = 1) -> None:
    """Write our content directory (5 tables + ``records/<id>.md``) with ``n`` records."""
    _generate(_Targets(ours=Path(target_dir)), n, seed)


def make_pelican_content(target_dir: Path, n: int, seed: int = 1) -> None:
    """Write ``content/<id>.md`` stock-Pelican articles and ``pelicanconf.py``."""
    _generate(_Targets(pelican=Path(target_dir)), n, seed)


def make_hugo_content(
    target_dir: Path, n: int, seed: int = 1, new_pagination: bool = False
) -> None:
    """Write a minimal Hugo site (config, ``content/posts/<id>.md``, layouts)."""
    _generate(_Targets(hugo=Path(target_dir), hugo_new_pagination=new_pagination), n, seed)


def make_all(target_dir: Path, n: int, seed: int = 1, hugo_new_pagination: bool = False) -> None:
    """Write ``content/``, ``pelican/`` and ``hugo/`` under ``target_dir`` in one pass."""
    target = Path(target_dir)
    _generate(
        _Targets(target / "content", target / "pelican", target / "hugo", hugo_new_pagination),
        n,
        seed,
    )


def touch_record(path: Path) -> None:
    """Change one word of a record's summary (``warga`` <-> ``khalayak``), nothing else."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path}: no front matter")
    old, new = TOUCH_WORDS
    if not re.search(rf"\b{old}\b", body):
        old, new = new, old
    changed = re.sub(rf"\b{old}\b", new, body, count=1)
    if changed == body:
        raise ValueError(f"{path}: no word to change")
    path.write_text(head + sep + changed, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synth", description="Write synthetic benchmark content."
    )
    parser.add_argument("target", type=Path)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=("ours", "pelican", "hugo", "all"), default="ours")
    args = parser.parse_args(argv)
    if args.kind == "ours":
        make_content(args.target, args.n, args.seed)
    elif args.kind == "pelican":
        make_pelican_content(args.target, args.n, args.seed)
    elif args.kind == "hugo":
        make_hugo_content(args.target, args.n, args.seed)
    else:
        make_all(args.target, args.n, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
