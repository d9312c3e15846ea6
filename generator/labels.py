"""Human labels for every coded value: one table, in Indonesian, the source language.

Other languages come from the gettext catalogues, like every other UI string, so
adding a language means adding a catalogue, nothing here. The group is the message
context (``pgettext``), since one Indonesian word can need different translations
in different groups.
"""

from __future__ import annotations

from typing import get_args

from . import models
from .i18n import SOURCE_LANGUAGE, translations


def N_(group: str, text: str) -> str:
    """Mark ``text`` for extraction with ``group`` as its context; returns ``text``.

    Labels are translated when a page is rendered, not when this table is made;
    ``theme/translations/babel.cfg`` tells ``make translations`` to look for this name.
    """
    return text


LABELS: dict[str, dict[str, str]] = {
    "kind": {
        "patrol": N_("kind", "Patroli"),
        "simulation": N_("kind", "Simulasi"),
    },
    "date_precision": {
        "day": N_("date_precision", "tanggal pasti"),
        "month": N_("date_precision", "hanya bulan"),
        "year": N_("date_precision", "hanya tahun"),
    },
    "origin": {
        "official": N_("origin", "resmi (pernyataan/rilis Polri atau TNI)"),
        "independent": N_("origin", "liputan media sendiri"),
        "unknown": N_("origin", "tidak diketahui"),
    },
    "place_type": {
        "election_office": N_("place_type", "kantor KPU"),
        "election_supervisor_office": N_("place_type", "kantor Bawaslu"),
        "logistics_warehouse": N_("place_type", "gudang logistik"),
        "government_office": N_("place_type", "kantor pemerintah"),
        "district": N_("place_type", "kecamatan"),
        "village": N_("place_type", "desa/kelurahan"),
        "public_area": N_("place_type", "area publik"),
        "other": N_("place_type", "lainnya"),
    },
    "qualifier": {
        "exact": N_("qualifier", "tepat"),
        "about": N_("qualifier", "sekitar"),
        "at_least": N_("qualifier", "sedikitnya"),
        "more_than": N_("qualifier", "lebih dari"),
        "dozens": N_("qualifier", "puluhan"),
        "hundreds": N_("qualifier", "ratusan"),
        "thousands": N_("qualifier", "ribuan"),
    },
    "appeal": {
        "anti_hoax": N_("appeal", "tidak menyebarkan hoaks"),
        "check_before_sharing": N_("appeal", "memeriksa kebenaran informasi sebelum membagikannya"),
        "not_provoked": N_("appeal", "tidak mudah terprovokasi"),
        "report_to_police": N_("appeal", "melapor kepada polisi"),
        "report_to_security": N_("appeal", "melapor kepada petugas keamanan"),
        "keep_order": N_("appeal", "bersama menjaga kamtibmas"),
        "keep_harmony": N_("appeal", "menjaga kerukunan"),
        "follow_campaign_rules": N_("appeal", "berkampanye sesuai aturan"),
        "keep_synergy": N_("appeal", "menjaga sinergi dan komitmen pengamanan"),
        "act_professionally": N_(
            "appeal", "bertugas secara bertanggung jawab, profesional, dan humanis"
        ),
    },
    "channel": {
        "call_centre": N_("channel", "call center"),
        "phone": N_("channel", "telepon"),
        "whatsapp": N_("channel", "WhatsApp"),
        "sms": N_("channel", "SMS"),
        "email": N_("channel", "surel"),
        "website": N_("channel", "situs web"),
        "social_media": N_("channel", "media sosial"),
    },
    "unit_role": {
        "lead": N_("unit_role", "memimpin"),
        "participant": N_("unit_role", "ikut serta"),
        "host": N_("unit_role", "tuan rumah"),
        "unknown": N_("unit_role", "peran tidak disebutkan"),
    },
    "audience": {
        "public": N_("audience", "untuk warga"),
        "election_organisers": N_("audience", "untuk penyelenggara pemilu: KPU, Bawaslu"),
        "local_officials": N_("audience", "untuk pejabat setempat: camat, lurah, kepala desa"),
        "personnel": N_("audience", "untuk anggota Polri/TNI"),
        "unknown": N_("audience", "sasaran imbauan tidak disebutkan"),
    },
    "date_basis": {
        "activity": N_("date_basis", "tanggal kegiatan"),
        "statement": N_("date_basis", "tanggal pernyataan, bukan tanggal kegiatan"),
        "publication": N_("date_basis", "tanggal terbit berita, bukan tanggal kegiatan"),
    },
    "date_part": {
        "year": N_("date_part", "tahun disimpulkan"),
        "month": N_("date_part", "bulan disimpulkan"),
        "day": N_("date_part", "tanggal disimpulkan"),
    },
    "unit_kind": {
        "polda": N_("unit_kind", "Polda"),
        "polres": N_("unit_kind", "Polres"),
        "polres_kota": N_("unit_kind", "Polres Kota"),
        "polresta": N_("unit_kind", "Polresta"),
        "polrestabes": N_("unit_kind", "Polrestabes"),
        "polsek": N_("unit_kind", "Polsek"),
        "kodam": N_("unit_kind", "Kodam"),
        "korem": N_("unit_kind", "Korem"),
        "kodim": N_("unit_kind", "Kodim"),
        "koramil": N_("unit_kind", "Koramil"),
        "other": N_("unit_kind", "lainnya"),
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


def label(group: str, value: str, lang: str = SOURCE_LANGUAGE) -> str:
    """Label of ``value`` in ``group`` in ``lang``; the code itself if none is known."""
    text = LABELS[group].get(value)
    if text is None:
        return value
    return translations(lang).pgettext(group, text)


def missing_labels() -> list[str]:
    """Coded values the models allow but this table does not label (for tests)."""
    return [
        f"{group}.{value}"
        for group, literal in _SOURCES.items()
        for value in get_args(literal)
        if value not in LABELS[group]
    ]
