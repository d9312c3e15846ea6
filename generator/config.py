"""What a build is told from outside: where the site lives and who publishes it.

Read once from the settings (``pelicanconf.py``, which reads the environment),
checked, and passed down as one frozen value: every page, feed and download
takes the address and the publisher from here, so another newsroom reuses the
generator by setting ``SITEURL``, ``PUBLISHER``, ``PUBLISHER_URL`` and
``CONTACT``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import UNCHANGED_AFTER_S
from .errors import GeneratorError

ROOT = Path(__file__).resolve().parent.parent
PELICAN_CONF = ROOT / "pelicanconf.py"
THEME = ROOT / "theme"

_HTTP_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?", re.ASCII
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", re.ASCII)


class SiteUrlInvalid(GeneratorError):
    code = "SITEURL_INVALID"


class SettingInvalid(GeneratorError):
    code = "SETTING_INVALID"


@dataclass(frozen=True)
class SiteConfig:
    """The checked settings of one build."""

    site_url: str
    """Public address, no trailing slash: written into feeds, sitemap, JSON, citations."""
    site_name: str
    publisher: str
    publisher_url: str
    """The publisher's own address, or ""."""
    contact: str
    """Where readers report errors: an e-mail address or an http(s) address, or ""."""
    pages_per_shard: int = 500
    """About this many indexed pages (a record's or a unit's) per language in a search
    shard. Units count too: with about 1,100 units, a site of 1,000 records has more unit
    pages than record pages, and re-indexing a shard after one edit costs about a
    millisecond a page."""
    theme: Path = THEME
    """The templates and styles the pages are rendered with (the translations are
    :data:`generator.i18n.TRANSLATIONS`)."""
    unchanged_after_s: float = UNCHANGED_AFTER_S
    """The cache knows a record file by its status (size, times, inode), without reading it,
    only if it had not changed for this long when it was last read: an edit within the same
    clock tick would keep its times."""
    records_per_piece: int = 1000
    """Records per piece of the whole-dataset JSON and CSV, which are written as they are
    joined: few writes, and never the whole file in memory."""

    @property
    def contact_href(self) -> str:
        if not self.contact:
            return ""
        return f"mailto:{self.contact}" if _EMAIL.fullmatch(self.contact) else self.contact

    @property
    def warnings(self) -> list[str]:
        """What a publisher should set before publishing (the build says so, and goes on)."""
        missing = [
            name
            for name, value in (("PUBLISHER_URL", self.publisher_url), ("CONTACT", self.contact))
            if not value
        ]
        return [
            f"warning: {name} is not set; the about page says so (set it in the "
            "environment before publishing)"
            for name in missing
        ]

    def page_settings(self) -> dict[str, Any]:
        """What the templates read."""
        return {
            "SITEURL": self.site_url,
            "SITENAME": self.site_name,
            "PUBLISHER": self.publisher,
            "PUBLISHER_URL": self.publisher_url,
            "CONTACT": self.contact,
            "CONTACT_HREF": self.contact_href,
        }


def checked_site_url(value: str) -> str:
    """The public address, without a trailing slash; refused unless a plain http(s) URL.

    It is written into every feed, the sitemap, JSON and the 404 page: a ``javascript:``
    or a quote would reach readers."""
    stripped = value.rstrip("/")
    if not _HTTP_URL.fullmatch(stripped):
        raise SiteUrlInvalid(
            f"SITEURL {value!r} is not an http:// or https:// address "
            "(set it in the environment, e.g. SITEURL=https://data.example.org)"
        )
    return stripped


def read_settings() -> dict[str, Any]:
    """Pelican's settings of ``pelicanconf.py`` (which reads the environment)."""
    from pelican.settings import read_settings as pelican_settings

    return dict(pelican_settings(str(PELICAN_CONF)))


def read_config(site_url: str | None = None, settings: dict[str, Any] | None = None) -> SiteConfig:
    """The settings of ``pelicanconf.py`` (and the environment), checked."""
    settings = settings if settings is not None else read_settings()
    publisher_url = str(settings.get("PUBLISHER_URL", "")).rstrip("/")
    if publisher_url and not _HTTP_URL.fullmatch(publisher_url):
        raise SettingInvalid(f"PUBLISHER_URL {publisher_url!r} is not an http(s) address")
    contact = str(settings.get("CONTACT", "")).strip()
    if contact and not (_EMAIL.fullmatch(contact) or _HTTP_URL.fullmatch(contact)):
        raise SettingInvalid(
            f"CONTACT {contact!r} is neither an e-mail address nor an http(s) address"
        )
    return SiteConfig(
        site_url=checked_site_url(site_url or settings["SITEURL"]),
        site_name=str(settings["SITENAME"]),
        publisher=str(settings.get("PUBLISHER") or settings["AUTHOR"]),
        publisher_url=publisher_url,
        contact=contact,
    )
