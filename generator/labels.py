"""Human labels for every coded value, in Indonesian and English.

One table serves the pages and the codebook, so the two cannot drift.
Each value maps to ``(indonesian, english)``.
"""

from __future__ import annotations

from typing import Literal, get_args

from . import models

Lang = Literal["id", "en"]

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {"patrol": ("Patroli", "Patrol"), "simulation": ("Simulasi", "Simulation")},
    "date_precision": {
        "day": ("tanggal pasti", "exact day"),
        "month": ("hanya bulan", "month only"),
        "year": ("hanya tahun", "year only"),
    },
    "origin": {
        "official": ("resmi (pernyataan/rilis Polri atau TNI)", "official (police/army statement)"),
        "independent": ("liputan media sendiri", "the outlet's own reporting"),
        "unknown": ("tidak diketahui", "unknown"),
    },
    "place_type": {
        "election_office": ("kantor KPU", "election commission office"),
        "election_supervisor_office": ("kantor Bawaslu", "election supervisor office"),
        "logistics_warehouse": ("gudang logistik", "logistics warehouse"),
        "government_office": ("kantor pemerintah", "government office"),
        "district": ("kecamatan", "district"),
        "village": ("desa/kelurahan", "village"),
        "public_area": ("area publik", "public area"),
        "other": ("lainnya", "other"),
    },
    "qualifier": {
        "exact": ("tepat", "exactly"),
        "about": ("sekitar", "about"),
        "at_least": ("sedikitnya", "at least"),
        "more_than": ("lebih dari", "more than"),
        "dozens": ("puluhan", "dozens"),
        "hundreds": ("ratusan", "hundreds"),
        "thousands": ("ribuan", "thousands"),
    },
    "appeal": {
        "anti_hoax": ("tidak menyebarkan hoaks", "do not spread hoaxes"),
        "check_before_sharing": (
            "memeriksa kebenaran informasi sebelum membagikannya",
            "check information before sharing",
        ),
        "not_provoked": ("tidak mudah terprovokasi", "do not be provoked"),
        "report_to_police": ("melapor kepada polisi", "report to the police"),
        "report_to_security": ("melapor kepada petugas keamanan", "report to security officers"),
        "keep_order": ("bersama menjaga kamtibmas", "help keep public order"),
        "keep_harmony": ("menjaga kerukunan", "keep social harmony"),
        "follow_campaign_rules": ("berkampanye sesuai aturan", "campaign within the law"),
        "keep_synergy": (
            "menjaga sinergi dan komitmen pengamanan",
            "keep working together on election security",
        ),
        "act_professionally": (
            "bertugas secara bertanggung jawab, profesional, dan humanis",
            "work responsibly, professionally and humanely",
        ),
    },
    "channel": {
        "call_centre": ("call center", "call centre"),
        "phone": ("telepon", "phone"),
        "whatsapp": ("WhatsApp", "WhatsApp"),
        "sms": ("SMS", "SMS"),
        "email": ("surel", "email"),
        "website": ("situs web", "website"),
        "social_media": ("media sosial", "social media"),
    },
    "unit_role": {
        "lead": ("memimpin", "led"),
        "participant": ("ikut serta", "took part"),
        "host": ("tuan rumah", "host"),
        "unknown": ("peran tidak disebutkan", "role not stated"),
    },
    "audience": {
        "public": ("untuk warga", "to the public"),
        "election_organisers": (
            "untuk penyelenggara pemilu: KPU, Bawaslu",
            "to election organisers: KPU, Bawaslu",
        ),
        "local_officials": (
            "untuk pejabat setempat: camat, lurah, kepala desa",
            "to local officials: district and village heads",
        ),
        "personnel": ("untuk anggota Polri/TNI", "to police or army personnel"),
        "unknown": ("sasaran imbauan tidak disebutkan", "addressee not stated"),
    },
    "date_basis": {
        "activity": ("tanggal kegiatan", "day of the activity"),
        "statement": (
            "tanggal pernyataan, bukan tanggal kegiatan",
            "day of the statement, not of the activity",
        ),
        "publication": (
            "tanggal terbit berita, bukan tanggal kegiatan",
            "day the report was published, not of the activity",
        ),
    },
    "date_part": {
        "year": ("tahun disimpulkan", "year inferred"),
        "month": ("bulan disimpulkan", "month inferred"),
        "day": ("tanggal disimpulkan", "day inferred"),
    },
    "unit_kind": {
        "polda": ("Polda", "regional police"),
        "polres": ("Polres", "district police"),
        "polres_kota": ("Polres Kota", "city police"),
        "polresta": ("Polresta", "city police (resort)"),
        "polrestabes": ("Polrestabes", "metropolitan police"),
        "polsek": ("Polsek", "sub-district police"),
        "kodam": ("Kodam", "military regional command"),
        "korem": ("Korem", "military area command"),
        "kodim": ("Kodim", "military district command"),
        "koramil": ("Koramil", "military sub-district command"),
        "other": ("lainnya", "other"),
    },
}

_SOURCES = {
    "kind": models.Kind,
    "date_precision": models.DatePrecision,
    "origin": models.Origin,
    "place_type": models.PlaceType,
    "qualifier": models.Qualifier,
    "appeal": models.Appeal,
    "channel": models.Channel,
    "unit_kind": models.UnitKind,
    "unit_role": models.UnitRole,
    "audience": models.Audience,
    "date_basis": models.DateBasis,
    "date_part": models.DatePart,
}


def label(group: str, value: str, lang: Lang = "id") -> str:
    """Label of ``value`` in ``group``; the code itself if none is known."""
    pair = LABELS[group].get(value)
    if pair is None:
        return value
    return pair[0] if lang == "id" else pair[1]


def missing_labels() -> list[str]:
    """Coded values the models allow but this table does not label (for tests)."""
    return [
        f"{group}.{value}"
        for group, literal in _SOURCES.items()
        for value in get_args(literal)
        if value not in LABELS[group]
    ]
