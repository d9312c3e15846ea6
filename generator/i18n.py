"""Languages of the site and their gettext catalogues.

Template strings are written in Indonesian (the site's first language) and
translated through ``theme/translations/<lang>/LC_MESSAGES/messages.po``,
compiled in memory at build time: no binary .mo file is committed.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("id", "en")
"""Indonesian at the site root, English under ``en/`` with the same layout."""

SOURCE_LANGUAGE = "id"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "theme" / "translations"


def prefix(lang: str) -> str:
    """Folder of a language's pages, relative to the site root."""
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; the source language needs none."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
