"""The only Pelican-aware stage: a Generator that renders the site model.

Pages go through Pelican's writer (so overwrites are caught and pagination
follows ``PAGINATED_TEMPLATES``); feeds use feedgenerator, which Pelican
itself uses. Everything is read from the site model; nothing is computed
here but presentation.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from zoneinfo import ZoneInfo

from babel.dates import format_date
from feedgenerator import Atom1Feed
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .charts import Chart, chart_language, count_chart, unit_timeline, weekly_chart
from .downloads import (
    csv_files,
    dump_json,
    encode_records,
    record_digests,
    record_json,
)
from .exports import DATASET_TITLE
from .i18n import LANGUAGES, install, prefix, translations
from .labels import label
from .parallel import can_fork, in_background
from .site import (
    EVERY_RECORD,
    RecordPage,
    SiteModel,
    UnitPage,
    build_model,
    input_keys,
    record_keys,
)
from .tree import OutputTree
from .validate import validate_content

JAKARTA = ZoneInfo("Asia/Jakarta")
logger = logging.getLogger("pelican.generator")

SECTION_TITLES = {
    "elections": "Menurut pemilihan",
    "regions": "Menurut wilayah",
    "operations": "Menurut operasi",
}
"""Titles of the extra sections: msgids the home page's templates use too, so the
catalogue (extracted from the templates) translates them."""


@functools.lru_cache(maxsize=8192)
def _format_date(value: date, pattern: str, lang: str) -> str:
    return format_date(value, pattern, locale=lang)


@pass_context
def long_date(context: Context, value: date) -> str:
    """'Kamis, 7 Desember 2023' / 'Thursday, 7 December 2023'."""
    return _format_date(value, "EEEE, d MMMM y", context.get("lang", "id"))


@pass_context
def month_name(context: Context, value: date) -> str:
    return _format_date(value, "MMMM y", context.get("lang", "id"))


@pass_context
def day_month_year(context: Context, value: date) -> str:
    """'7 Desember 2023': for citations, which name no weekday."""
    return _format_date(value, "d MMMM y", context.get("lang", "id"))


@pass_context
def record_date(context: Context, record: Any) -> str:
    """A record's date as exactly as it is known: no weekday or day that the source never
    gave ('November 2023' for a month, '2023' for a year)."""
    lang = context.get("lang", "id")
    if record.date_precision == "year":
        return str(record.date.year)
    if record.date_precision == "month":
        return _format_date(record.date, "MMMM y", lang)
    return _format_date(record.date, "EEEE, d MMMM y", lang)


_ZONES = {7: "WIB", 8: "WITA", 9: "WIT", 0: "UTC"}
"""Indonesia's time zones by their offset in hours."""


@pass_context
def published_time(context: Context, value: str) -> str:
    """A source's publication stamp in words: 'Jumat, 18 Oktober 2024, pukul 08.32 WIB'
    (the zone only when the source gives its offset)."""
    lang = context.get("lang", "id")
    moment = datetime.fromisoformat(value)
    day = _format_date(moment.date(), "EEEE, d MMMM y", lang)
    if "T" not in value:
        return day
    clock = (
        f"{moment.hour:02d}.{moment.minute:02d}"
        if lang == "id"
        else (f"{moment.hour:02d}:{moment.minute:02d}")
    )
    word = "pukul" if lang == "id" else "at"
    offset = moment.utcoffset()
    if offset is None:
        return f"{day}, {word} {clock}"
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    zone = _ZONES.get(hours) if not rest else None
    return f"{day}, {word} {clock} {zone or moment.strftime('UTC%z')}"


@pass_context
def link(context: Context, path: str) -> str:
    """A page of the current language: ``SITEURL/[en/]path``."""
    return f"{context['SITEURL']}/{prefix(context.get('lang', 'id'))}{path}"


def sentence(value: str) -> str:
    """Sentence case for a title shown on a page: the data keeps the source's spelling."""
    return value[:1].upper() + value[1:]


@pass_context
def label_filter(context: Context, group: str, value: str) -> str:
    return label(group, value, context.get("lang", "id"))


def json_ld(value: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block; no ``</script>`` escape."""
    # Compact: with ``indent`` json falls back to its pure-Python encoder, 4 times slower.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)  # noqa: S704 - every '<', '>' and '&' is escaped above


def event_ld(page: RecordPage, site_url: str) -> dict[str, Any]:
    record = page.record
    # The organiser only when the source says who led (schema.org has no "took part").
    organizer = (
        {"organizer": {"@type": "Organization", "name": page.lead_unit.name}}
        if page.lead_unit
        else {}
    )
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": record.date.isoformat(),
        "description": page.summary_text,
        "url": f"{site_url}/{page.url}",
        "location": {
            "@type": "Place",
            "name": page.region.name,
            "address": {
                "@type": "PostalAddress",
                "addressRegion": page.region.name,
                "addressCountry": "ID",
            },
        },
        **organizer,
        "eventStatus": "https://schema.org/EventScheduled",
    }


def dataset_ld(model: SiteModel, settings: dict[str, Any]) -> dict[str, Any]:
    site_url = settings["SITEURL"]
    files = settings.get("DATA_FILES", [])
    formats = {
        ".json": "application/json",
        ".csv": "text/csv",
        ".sqlite": "application/vnd.sqlite3",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    publisher = {
        "@type": "Organization",
        "name": settings["PUBLISHER"],
        **({"url": settings["PUBLISHER_URL"]} if settings.get("PUBLISHER_URL") else {}),
    }
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": settings["SITENAME"],
        "description": "Kegiatan pengamanan Pemilu 2024 dan Pilkada 2024 oleh Polri dan TNI "
        "yang dilaporkan media daring, dengan sumber untuk setiap catatan "
        "kegiatan.",
        "url": f"{site_url}/data/",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "version": model.latest_release or settings.get("SITE_VERSION", ""),
        **({"dateModified": model.updated.isoformat()} if model.updated else {}),
        "creator": publisher,
        "publisher": publisher,
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "temporalCoverage": (
            f"{model.records[0].record.date}/{model.records[-1].record.date}"
            if model.records
            else ""
        ),
        "spatialCoverage": {"@type": "Place", "name": "Indonesia"},
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": f"{site_url}/{f.path}",
                "encodingFormat": formats[Path(f.path).suffix],
            }
            for f in files
            if Path(f.path).suffix in formats
        ],
    }


def chart_functions(model: SiteModel) -> dict[str, Any]:
    """Template functions drawing the charts in the language of the page."""

    def draw(context: Context, make: Any) -> Chart:
        with chart_language(context.get("lang", "id")):
            return make()  # type: ignore[no-any-return]

    def counts(context: Context, group: str, attribute: str) -> dict[str, int]:
        lang = context.get("lang", "id")
        if attribute == "election":
            names = {e.id: e.name for e in model.dataset.elections.values()}
            return {names[key]: n for key, n in model.count_by(attribute).items()}
        return {label(group, key, lang): n for key, n in model.count_by(attribute).items()}

    @pass_context
    def weekly(context: Context) -> Chart:
        elections = model.dataset.elections.values()
        return draw(context, lambda: weekly_chart(model.records, elections))

    @pass_context
    def by_kind(context: Context, title: str) -> Chart:
        return draw(
            context, lambda: count_chart(title, counts(context, "kind", "kind"), key="kind")
        )

    @pass_context
    def by_election(context: Context, title: str) -> Chart:
        return draw(
            context,
            lambda: count_chart(title, counts(context, "election", "election"), key="election"),
        )

    @pass_context
    def unit(context: Context, page: UnitPage) -> Chart:
        return draw(context, lambda: unit_timeline(page))

    return {
        "weekly_chart": weekly,
        "kind_chart": by_kind,
        "election_chart": by_election,
        "unit_chart": unit,
    }


class _StableAtom(Atom1Feed):  # type: ignore[misc]
    """Atom feed whose ``updated`` never falls back to the build time."""

    def __init__(self, *args: Any, fallback: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else self.fallback


class _KeepWarnings(logging.Handler):
    """In the rendering worker: keep each warning, one line, for the parent to log."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.lines: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.levelno, " ".join(record.getMessage().split())))


class RecordsGenerator(Generator):  # type: ignore[misc]
    """Renders home, record, unit, date, data and 404 pages, and the feeds."""

    model: SiteModel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters.update(
            long_date=long_date,
            month_name=month_name,
            json_ld=json_ld,
            label=label_filter,
            link=link,
            sentence=sentence,
            day_month_year=day_month_year,
            record_date=record_date,
            published_time=published_time,
        )
        install(self.env, "id")

    def generate_context(self) -> None:
        model = self.settings.get("SITE_MODEL")
        if model is None:  # run by plain `pelican`, not by our build
            model = build_model(validate_content(Path(self.settings["PATH"])))
        self.model = model
        self.inputs: str = self.settings.get("PAGE_INPUTS", "")
        self.digests: dict[str, str] = self.settings.get("RECORD_DIGESTS") or record_digests(
            encode_records(model, self.settings["SITEURL"]).json
        )
        self.keys: dict[str, str] = self.settings.get("PAGE_KEYS") or input_keys(
            model, self.digests
        )
        self.written: list[str] = []
        signals.content_written.connect(self._note_written)
        site_url = self.settings["SITEURL"]
        self.context.update(
            site=model,
            SITE_URL_ABSOLUTE=site_url,
            data_files=self.settings.get("DATA_FILES", []),
            record_sha256=self._record_sha256,
            search_shards=self.settings.get("SEARCH_SHARDS", 1),
            event_ld=lambda page: event_ld(page, site_url),
            dataset_ld=lambda: dataset_ld(model, self.settings),
            DATASET_TITLE=DATASET_TITLE,
            csv_files=csv_files(),
            **chart_functions(model),
        )

    def _write(
        self,
        writer: Any,
        save_as: str,
        template: str,
        relative_urls: bool = True,
        key: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Render one page (and its pagination), or link it from the last build.

        ``key`` names everything the page shows that can change between
        builds, besides what :func:`page_inputs` covers for all pages; pages
        without one are always rendered.
        """
        lang = kwargs.setdefault("lang", "id")
        name = prefix(lang) + save_as
        tree: OutputTree | None = self.settings.get("OUTPUT_TREE")
        if tree is not None and key is not None:
            key = f"{self.inputs}:{lang}:{template}:{key}"
            if tree.reuse(name, key):
                return
        if "url" in kwargs:
            kwargs["url"] = prefix(lang) + kwargs["url"]
        start = len(self.written)
        writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=relative_urls,
            template_name=template,
            languages=LANGUAGES,
            **kwargs,
        )
        if tree is not None:
            paths = [os.path.relpath(path, self.output_path) for path in self.written[start:]]
            if key is None:
                tree.note(paths)
            else:
                tree.made(name, key, paths)

    def _note_written(self, path: str, **_: Any) -> None:
        # The signal is Pelican's, for every writer in the process: ``serve`` renders a
        # page elsewhere while a build runs.
        if path.startswith(os.path.join(os.path.abspath(self.output_path), "")):
            self.written.append(path)

    def generate_output(self, writer: Any) -> None:
        # Served at any missing address: its links must not be relative.
        self._write(writer, "404.html", "404", relative_urls=False, page_url="404.html")
        if self.settings.get("RENDER_IN_PARALLEL", True) and can_fork():
            self._write_languages_in_parallel(writer)
        else:
            for lang in LANGUAGES:
                self._write_language(writer, lang)
        install(self.env, "id")
        self._write_feeds()
        self._write_sitemap()

    def _write_language(self, writer: Any, lang: str) -> None:
        install(self.env, lang)
        self._write_pages(writer, lang)

    def _write_languages_in_parallel(self, writer: Any) -> None:
        """The first language here, the others in a worker process: one core each.

        The worker hands back what it added to the output tree and the warnings
        it logged; they are logged again here, so the build fails on them as usual.
        """
        tree: OutputTree | None = self.settings.get("OUTPUT_TREE")

        def others() -> tuple[dict[str, Any] | None, list[tuple[int, str]]]:
            kept = _KeepWarnings()
            logging.getLogger("pelican").addHandler(kept)
            if tree is not None:
                tree.forked()
            for lang in LANGUAGES[1:]:
                self._write_language(writer, lang)
            return (tree.export() if tree is not None else None), kept.lines

        waiting = in_background(others)
        try:
            self._write_language(writer, LANGUAGES[0])
        finally:
            try:
                exported, warnings = waiting()
            except Exception as exc:  # a broken template or a dead worker: the build fails
                message = " ".join(f"rendering failed: {type(exc).__name__}: {exc}".split())
                exported, warnings = None, [(logging.ERROR, message)]
        if tree is not None and exported is not None:
            tree.absorb(exported)
        for level, line in warnings:
            logger.log(level, "%s", line)

    def _write_pages(self, writer: Any, lang: str) -> None:
        """Every page of one language; the same layout under each prefix."""
        model = self.model
        page = functools.partial(self._write, writer, lang=lang)
        page("index.html", "home", page_url="")
        page("data/index.html", "data", page_url="data/")
        page("search/index.html", "search", page_url="search/")
        page("units/index.html", "units", page_url="units/")
        page("dates/index.html", "dates", page_url="dates/")
        page("codebook/index.html", "codebook", page_url="codebook/")
        page("changelog/index.html", "changelog", page_url="changelog/")
        page("people/index.html", "people", page_url="people/")
        page("about/index.html", "about", page_url="about/")
        page(
            "records/index.html",
            "records",
            page_url="records/",
            url="records/",
            paginated={"records": list(reversed(model.records))},
        )
        for person_page in model.people:
            page(
                person_page.save_as,
                "person",
                page=person_page,
                page_url=person_page.url,
                key=self.keys[person_page.save_as],
            )
        for withdrawal in model.withdrawn:
            page(
                f"records/{withdrawal.id}/index.html",
                "withdrawn",
                page=withdrawal,
                page_url=f"records/{withdrawal.id}/",
            )
        for record_page in model.records:
            self._write_record(writer, record_page, lang)
        for unit_page in model.units:
            page(
                unit_page.save_as,
                "unit",
                page=unit_page,
                page_url=unit_page.url,
                url=unit_page.url,
                paginated={"records": list(unit_page.records)},
                key=self.keys[unit_page.save_as],
            )
        for section, groups in model.groups.items():
            title = translations(lang).gettext(SECTION_TITLES[section])
            page(
                f"{section}/index.html",
                "groups",
                section=section,
                section_title=title,
                page_url=f"{section}/",
            )
            for group in groups:
                page(
                    group.save_as,
                    "group",
                    page=group,
                    section_title=title,
                    page_url=group.url,
                    url=group.url,
                    paginated={"records": list(group.records)},
                    key=self.keys[group.save_as],
                )
        for month_page in model.months:  # its neighbours are named on it
            page(
                month_page.save_as,
                "month",
                page=month_page,
                page_url=month_page.url,
                key=self.keys[month_page.save_as],
            )
        for date_page in model.dates:
            page(
                date_page.save_as,
                "date",
                page=date_page,
                page_url=date_page.url,
                url=date_page.url,
                paginated={"records": list(date_page.records)},
                key=self.keys[date_page.save_as],
            )

    def _write_record(self, writer: Any, page: RecordPage, lang: str) -> None:
        self._write(
            writer,
            page.save_as,
            "record",
            lang=lang,
            page=page,
            page_url=page.url,
            key=self.keys[page.save_as],
        )

    def _record_sha256(self, page: RecordPage) -> str:
        """SHA-256 of the record's JSON download: names exactly the version a page shows."""
        return self.digests[page.id]

    def _feed(self, title: str, path: str, pages: Any, key: str) -> None:
        """An Atom feed of ``pages``; ``key`` is the :func:`input_keys` entry of the records
        they are taken from."""
        tree: OutputTree | None = self.settings.get("OUTPUT_TREE")
        if tree is None:
            self._put(path, self._atom(title, path, pages))
        else:
            tree.write_keyed(
                path,
                f"{self.inputs}:{path}:{key}:{self._newest}",
                lambda: self._atom(title, path, pages),
            )

    @functools.cached_property
    def _newest(self) -> date:
        """The newest record's day: a feed's date when it is empty."""
        return self.model.records[-1].record.date if self.model.records else date(2024, 1, 1)

    def _atom(self, title: str, path: str, pages: Any) -> bytes:
        site_url = self.settings["SITEURL"]
        feed = _StableAtom(
            title=title,
            link=f"{site_url}/",
            feed_url=f"{site_url}/{path}",
            description="",
            language="id",
            fallback=datetime.combine(self._newest, time(0), JAKARTA),
        )
        for page in pages:
            # When the record was published and last changed (releases), not when the activity
            # took place: a record added today about 2023 is news today, and a correction shows.
            added = page.added or page.record.date
            published = datetime.combine(added, time(0), JAKARTA)
            updated = datetime.combine(page.updated or added, time(0), JAKARTA)
            feed.add_item(
                title=sentence(page.title),
                link=f"{site_url}/{page.url}",
                description=page.summary_html,
                unique_id=f"{site_url}/{page.url}",
                pubdate=published,
                updateddate=updated,
                categories=[page.record.kind, page.unit.name],
            )
        text = io.StringIO()
        feed.write(text, "utf-8")
        return text.getvalue().encode()

    def _put(self, path: str, data: bytes) -> None:
        """A file besides the pages: through the build's tree when there is one."""
        tree: OutputTree | None = self.settings.get("OUTPUT_TREE")
        if tree is not None:
            tree.write(path, data)
            return
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def _write_feeds(self) -> None:
        model = self.model
        newest_first = sorted(
            model.records,
            reverse=True,
            key=lambda p: (p.updated or p.record.date, p.record.date, p.id),
        )
        self._feed(
            self.settings["SITENAME"],
            "feeds/records.atom.xml",
            newest_first[:100],
            self.keys[EVERY_RECORD],
        )
        for unit_page in model.units:
            self._feed(
                f"{unit_page.unit.name} – {self.settings['SITENAME']}",
                f"feeds/units/{unit_page.unit.id}.atom.xml",
                unit_page.records[:100],
                self.keys[unit_page.save_as],
            )

    def _write_sitemap(self) -> None:
        tree: OutputTree | None = self.settings.get("OUTPUT_TREE")
        root = self.output_path
        files = (
            tree.files
            if tree is not None
            else (
                os.path.relpath(os.path.join(folder, name), root)
                for folder, _, names in os.walk(root)
                for name in names
            )
        )
        pages = [
            path.removesuffix("index.html")
            for path in files
            if path.endswith(".html") and path != "404.html"
        ]
        for path, data in sitemap_files(self.settings["SITEURL"], pages):
            self._put(path, data)


class RecordRenderer:
    """Record pages rendered again from a finished build, as that build renders them: its
    settings (:attr:`generator.build.BuildReport.settings`), templates, filters and site
    model. ``serve`` shows a saved record with it in a fraction of a second, long before
    the whole site is built again."""

    def __init__(self, settings: dict[str, Any]) -> None:
        from pelican.writers import Writer

        self.settings = {**settings, "OUTPUT_TREE": None}
        self.site_url: str = settings["SITEURL"]
        self.generator = RecordsGenerator(
            context={**self.settings, "localsiteurl": self.site_url},
            settings=self.settings,
            path=settings["PATH"],
            theme=settings["THEME"],
            output_path=settings["OUTPUT_PATH"],
        )
        self.generator.generate_context()
        self.writer_class = Writer
        self.digests = dict(self.generator.digests)
        self.keys = dict(self.generator.keys)

    def render(self, pages: list[RecordPage], downloads: bool = True) -> dict[str, bytes]:
        """Each of ``pages`` in every language, and its JSON download unless not
        ``downloads``: path -> bytes."""
        with tempfile.TemporaryDirectory(prefix="generator-render-") as scratch:
            return self._render(pages, Path(scratch), downloads)

    def _render(self, pages: list[RecordPage], output: Path, downloads: bool) -> dict[str, bytes]:
        generator = self.generator
        files = {page.json_path: dump_json(record_json(page, self.site_url)) for page in pages}
        for page in pages:
            self.digests[page.id] = hashlib.sha256(files[page.json_path]).hexdigest()
        if not downloads:
            files = {}
        self.keys.update(record_keys(self.digests, pages))
        generator.digests, generator.keys = self.digests, self.keys
        generator.output_path = str(output)
        generator.written = []
        writer = self.writer_class(str(output), settings=self.settings)
        try:
            for lang in LANGUAGES:
                install(generator.env, lang)
                for page in pages:
                    generator._write_record(writer, page, lang)
        finally:
            install(generator.env, "id")
        for path in generator.written:
            files[os.path.relpath(path, output)] = Path(path).read_bytes()
        return files


SITEMAP_MAX_URLS = 50_000
"""The sitemap protocol's limit per file; past it, ``sitemap.xml`` becomes an index."""
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_files(
    site_url: str, pages: list[str], per_file: int = SITEMAP_MAX_URLS
) -> list[tuple[str, bytes]]:
    """``sitemap.xml`` listing every page, or, past ``per_file`` pages, ``sitemap.xml`` as
    an index of ``sitemap-N.xml`` files of at most ``per_file`` pages each, at the site root
    (a sitemap may list only addresses under its own folder)."""

    def urlset(chunk: list[str]) -> bytes:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_SITEMAP_NS}">']
        lines += [f"<url><loc>{xml_escape(f'{site_url}/{path}')}</loc></url>" for path in chunk]
        return ("\n".join([*lines, "</urlset>"]) + "\n").encode()

    ordered = sorted(pages)
    if len(ordered) <= per_file:
        return [("sitemap.xml", urlset(ordered))]
    parts = [
        (f"sitemap-{number}.xml", urlset(ordered[start : start + per_file]))
        for number, start in enumerate(range(0, len(ordered), per_file), start=1)
    ]
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{_SITEMAP_NS}">']
    index += [
        f"<sitemap><loc>{xml_escape(f'{site_url}/{path}')}</loc></sitemap>" for path, _ in parts
    ]
    return [*parts, ("sitemap.xml", ("\n".join([*index, "</sitemapindex>"]) + "\n").encode())]


def get_generators(pelican: Any) -> type[Generator]:
    return RecordsGenerator
