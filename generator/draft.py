"""Draft a record from a news article by fixed rules: nothing guessed, everything quoted.

An editor's first hour on an article goes into finding the same things every time: the day,
the units and what each did, the officials, the personnel, the appeals and their audience.
These rules find them in Indonesian news style and quote the sentence each value came from,
so that the editor checks a draft against the article instead of typing it. A rule that
finds nothing leaves the field out with a YAML comment saying so: the editor decides, the
drafter never guesses. The same article and tables always give the same bytes.

The draft is written with ``draft: true`` (validated, never published) and validates: a
value that cannot be coded validly (an official not yet in people.yaml) is written as a
YAML comment for the editor to complete, never as a reference that would break the build.
The summary is left to the editor, in their own words; the article is never copied into it.
"""

from __future__ import annotations

import functools
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import yaml

from .errors import GeneratorError
from .models import (
    MAX_QUOTE_WORDS,
    Election,
    Operation,
    Organisation,
    Person,
    Record,
    Region,
    Unit,
)
from .validate import PHONE, validate_content

SUMMARY_PLACEHOLDER = "TODO: tulis ringkasan dengan kata-kata sendiri (jangan menyalin artikel)."
"""The body of a draft: a plain Markdown line, because raw HTML (a comment) would be shown
escaped on a page, and a summary is the editor's own words, never the article's."""


class DraftExists(GeneratorError):
    """A record file with the draft's id exists: a draft never overwrites an editor's work."""

    code = "DRAFT_EXISTS"


class DraftIncomplete(GeneratorError):
    """The article lacks what every record needs (a day, a unit), so no valid draft exists."""

    code = "DRAFT_INCOMPLETE"


class ArticleUnreadable(GeneratorError):
    """The article file cannot be read (missing, a folder, no permission)."""

    code = "UNREADABLE"


class ArticleEncoding(GeneratorError):
    """The article is not UTF-8 text: quotes must be copied verbatim, so bytes are not guessed."""

    code = "ENCODING"


class Tables(Protocol):
    """The validated reference tables the rules match against (a :class:`Dataset` is one)."""

    @property
    def units(self) -> Mapping[str, Unit]: ...

    @property
    def people(self) -> Mapping[str, Person]: ...

    @property
    def operations(self) -> Mapping[str, Operation]: ...

    @property
    def elections(self) -> Mapping[str, Election]: ...

    @property
    def organisations(self) -> Mapping[str, Organisation]: ...

    @property
    def regions(self) -> Mapping[str, Region]: ...


# --------------------------------------------------------------------------- the article


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span of the article, so every quote taken from it is verbatim."""

    start: int
    end: int
    text: str
    index: int
    """Position in :attr:`Article.sentences`: the title is 0."""


@dataclass(frozen=True)
class Article:
    """The article split into header (title, byline, date) and body sentences."""

    text: str
    title: Sentence
    header: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    """The title first, then the body's sentences in order."""
    dateline: str | None
    """The opening place (and outlet) of the first paragraph, e.g. ``MALANG``."""
    last_paragraph: str
    has_headline: bool = True
    """False when the text starts with its story: its first sentence stands as title."""

    def sentence_at(self, position: int) -> Sentence | None:
        """The sentence holding ``position``; None outside every sentence."""
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None

    @property
    def body(self) -> tuple[Sentence, ...]:
        return self.sentences[1:]


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


BODY_MIN_WORDS = 12
"""A line this long is a paragraph of the story, unless it is a headline (see
:func:`is_paragraph`); shorter lines above the first paragraph are the header."""

TITLE_MIN_WORDS = 5
"""A headline has a few words; breadcrumbs ("Jawa TimurProbolinggo") and counters do not."""

_BOILERPLATE_END = re.compile(
    r"^(?:tinggalkan (?:balasan|komentar)|related articles?|lihat selengkapnya|back to top|"
    r"artikel terkait|berita terkait|berita lainnya)\b",
    re.IGNORECASE,
)
"""Site furniture after the story: everything from such a line on is not the article."""

_SKIPPED_LINE = re.compile(r"^(?:baca juga|simak juga)\b", re.IGNORECASE)

_DATELINE = re.compile(r"(?P<head>[^\n]{2,80}?)\s*,?\s*[-–—]+\s*(?=[A-Z“\"])")

_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]|[A-Za-z]{1,4}(?:\.[A-Za-z]{1,4})+|Kab|Kec|Kel|No|Jl|Dr|dr|Drs|Ir|Prof|"
    r"H|Hj|St|dkk|dll|dsb|Tbk|Pol)$"
)
"""A word before a full stop that does not end a sentence: initials, titles, 'Kab.'."""

_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9])")


def _lines(text: str) -> list[_Line]:
    """Non-empty lines as stripped spans of ``text``."""
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def _words(text: str) -> int:
    return len(text.split())


_SENTENCE_CLOSE = (".", "!", "?", '"', "”", ")")


def is_paragraph(line: str) -> bool:
    """A paragraph of the story: long, and either closed like a sentence or mostly in lower
    case. A long headline is in Title Case and has no full stop."""
    words = line.split()
    if len(words) < BODY_MIN_WORDS or line.startswith("#"):
        return False
    capitals = sum(1 for word in words if word[:1].isupper() or word[:1].isdigit())
    return line.endswith(_SENTENCE_CLOSE) or capitals < 0.6 * len(words)


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: a stop followed by a capital ends a sentence,
    unless the word before it is an initial or an abbreviation ("P.", "S.I.K.", "Kab.")."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text, begin, match.start()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        spans.append((begin, end))
    return spans


def _title_index(lines: Sequence[_Line], before: int) -> int:
    """The headline among the lines above the first paragraph: one marked '#', else the
    first of a headline's length, else the first line."""
    for index, line in enumerate(lines[:before]):
        if line.text.startswith("#"):
            return index
    return next(
        (i for i, line in enumerate(lines[:before]) if _words(line.text) >= TITLE_MIN_WORDS), 0
    )


def _title_line(line: _Line) -> _Line:
    stripped = line.text.lstrip("#").strip()
    return _Line(line.end - len(stripped), line.end, stripped)


def _starts_body(line: str) -> bool:
    """A line of the story: a paragraph, or a shorter line closed like a sentence that is not
    a byline or a date ("Achmad Sarjono - [SITE](http://SITE)")."""
    if is_paragraph(line):
        return True
    return (
        line.endswith(_SENTENCE_CLOSE)
        and not line.startswith("#")
        and _BYLINE.match(line) is None
        and _CREDIT.match(line) is None
        and find_published([line]) is None
    )


def _dateline(text: str, first: _Line) -> re.Match[str] | None:
    """The place (and outlet) opening the first paragraph ("MALANG –", "Kota, Outlet-")."""
    match = _DATELINE.match(text, first.start, first.end)
    if match is None:
        return None
    head = match.group("head")
    if _words(head) > 6 or not ("," in head or head.isupper()):
        return None
    return match


def parse_article(text: str) -> Article:
    """Split an article into its title, header lines and body sentences."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    lines = _lines(text)
    if not lines:
        raise DraftIncomplete("the article is empty")
    first_paragraph = next(
        (i for i, line in enumerate(lines) if is_paragraph(line.text)), len(lines)
    )
    title_index = _title_index(lines, first_paragraph)
    title = _title_line(lines[title_index])
    body_start = next(
        (i for i in range(title_index + 1, len(lines)) if _starts_body(lines[i].text)), len(lines)
    )
    has_headline = not is_paragraph(lines[title_index].text)
    if not has_headline:  # no headline: the story starts at once, its first sentence titles it
        end = _split_sentences(text, title.start, title.end)[0][1]
        title, body_start = _Line(title.start, end, text[title.start : end]), title_index
    header = [line for line in lines[:body_start] if line is not lines[title_index]]
    header = header if has_headline else lines[:title_index]
    body: list[_Line] = []
    for line in lines[body_start:]:
        if _BOILERPLATE_END.match(line.text):
            break
        if not _SKIPPED_LINE.match(line.text):
            body.append(line)
    dateline = _dateline(text, body[0]) if body else None
    if dateline is not None:
        body[0] = _Line(dateline.end(), body[0].end, text[dateline.end() : body[0].end])
    sentences = [Sentence(title.start, title.end, title.text, 0)]
    for line in body:
        for start, end in _split_sentences(text, line.start, line.end):
            sentences.append(Sentence(start, end, text[start:end], len(sentences)))
    return Article(
        text=text,
        title=sentences[0],
        header=tuple(line.text for line in header),
        sentences=tuple(sentences),
        dateline=dateline.group("head") if dateline else None,
        last_paragraph=body[-1].text if body else "",
        has_headline=has_headline,
    )


# --------------------------------------------------------------------------- quotes

_CLAUSE_BREAK = re.compile(r"[,;:“”\"]|\s[–—-]\s")
MIN_QUOTE_WORDS = 5
"""A quote shorter than this rarely shows the claim; neighbouring clauses are added."""
LONG_QUOTE_WORDS = 20
"""A clause longer than this is narrowed to the claim's words and a few around them."""
WORDS_BEFORE, WORDS_AFTER = 3, 8
_QUOTE_EDGES = ' \t,;:“”"‘’–—-'


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Clause spans of a sentence, cut at commas, semicolons, colons, quotes and dashes."""
    spans: list[tuple[int, int]] = []
    begin = sentence.start
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        cut = sentence.start + match.start()
        if cut > begin:
            spans.append((begin, cut))
        begin = sentence.start + match.end()
    if begin < sentence.end:
        spans.append((begin, sentence.end))
    return spans or [(sentence.start, sentence.end)]


def _widen(text: str, clauses: list[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """Add neighbouring clauses (left first) while the quote is short and stays in bounds."""
    while True:
        words = _words(text[clauses[first][0] : clauses[last][1]])
        if words >= MIN_QUOTE_WORDS:
            return first, last
        grown = False
        for candidate in ((first - 1, last), (first, last + 1)):
            lo, hi = candidate
            if (
                lo >= 0
                and hi < len(clauses)
                and _words(text[clauses[lo][0] : clauses[hi][1]]) <= MAX_QUOTE_WORDS
            ):
                first, last = candidate
                grown = True
                break
        if not grown:
            return first, last


def _narrow(text: str, start: int, end: int, focus: tuple[int, int]) -> tuple[int, int]:
    """The words of the claim, with WORDS_BEFORE words before and WORDS_AFTER after."""
    words = [
        (start + a, start + b) for a, b in (m.span() for m in re.finditer(r"\S+", text[start:end]))
    ]
    inside = [i for i, (a, b) in enumerate(words) if b > focus[0] and a < focus[1]]
    if not inside:
        return start, end
    first = max(0, inside[0] - WORDS_BEFORE)
    last = min(len(words) - 1, inside[-1] + WORDS_AFTER)
    return words[first][0], words[last][1]


def _clip_words(text: str, start: int, end: int, focus: int) -> tuple[int, int]:
    """At most MAX_QUOTE_WORDS words of ``text[start:end]``, starting near ``focus``."""
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    first = next((i for i, (a, b) in enumerate(words) if start + b > focus), 0)
    first = max(0, min(first, len(words) - MAX_QUOTE_WORDS))
    chosen = words[first : first + MAX_QUOTE_WORDS]
    return start + chosen[0][0], start + chosen[-1][1]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_EDGES:
        start += 1
    while end > start and text[end - 1] in _QUOTE_EDGES:
        end -= 1
    return start, end


def _no_phone(text: str, start: int, end: int, focus: tuple[int, int]) -> tuple[int, int]:
    """The part of ``start:end`` holding the end of the claim and no phone number: numbers
    belong only under contacts (validation refuses them anywhere else)."""
    for match in PHONE.finditer(text, start, end):
        if match.end() <= focus[1]:
            start = match.end()
        else:
            end = match.start()
            break
    return start, end


def _strip_span(text: str, start: int, end: int) -> str:
    """The words at ``start:end`` without the punctuation around them."""
    start, end = _strip(text, start, end)
    return text[start:end]


def quote(
    article: Article, sentence: Sentence, focus: tuple[int, int], phones: bool = False
) -> str:
    """The words of ``sentence`` for the claim at ``focus``: its clauses, widened to a few
    words, at most MAX_QUOTE_WORDS, always a verbatim part of the article."""
    text = article.text
    low, high = sentence.start, sentence.end
    if not phones:
        low, high = _no_phone(text, low, high, focus)
        focus = (max(focus[0], low), min(focus[1], high))
    clauses = [(max(a, low), min(b, high)) for a, b in _clauses(sentence) if b > low and a < high]
    if not clauses:
        return ""
    first = next((i for i, (a, b) in enumerate(clauses) if b > focus[0]), 0)
    last = next(
        (i for i in range(len(clauses) - 1, -1, -1) if clauses[i][0] < focus[1]), len(clauses) - 1
    )
    first, last = min(first, last), max(first, last)
    first, last = _widen(text, clauses, first, last)
    start, end = clauses[first][0], clauses[last][1]
    if _words(text[start:end]) > LONG_QUOTE_WORDS:
        start, end = _narrow(text, start, end, focus)
    if _words(text[start:end]) > MAX_QUOTE_WORDS:
        start, end = _clip_words(text, start, end, focus[0])
    start, end = _strip(text, start, end)
    return text[start:end]


@dataclass(frozen=True)
class Quote:
    """One evidence item: the claim (``units.0``) and the article's words for it."""

    field: str
    text: str


# --------------------------------------------------------------------------- source


_EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ID_MONTHS = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH_ALIASES = {"agt": 8, "ags": 8, "sept": 9}


def month_number(word: str) -> int | None:
    """1-12 for an English or Indonesian month name or its first three letters ("Dec",
    "Okt", "Agu"); None otherwise."""
    word = word.lower().rstrip(".")
    for number, (english, indonesian) in enumerate(
        zip(_EN_MONTHS, _ID_MONTHS, strict=True), start=1
    ):
        if word in (english, english[:3], indonesian, indonesian[:3]):
            return number
    return _MONTH_ALIASES.get(word)


_TIME = (
    r"(?:\s*(?:[-–|,]|pukul|jam)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?:\s*(?P<zone>WITA|WIB|WIT)\b)?)?"
)
_PUBLISHED = (
    re.compile(
        r"^(?:[A-Z][a-z]+,\s*)?(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+"
        r"(?P<year>\d{4})" + _TIME
    ),
    re.compile(
        r"^(?:[A-Z][a-z']+,?\s*)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+"
        r"(?P<year>\d{4})" + _TIME
    ),
)
_ZONES = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}


@dataclass(frozen=True)
class Published:
    """The publication date-time as the header gives it."""

    day: date
    value: str
    line: str
    time_without_zone: str | None


def find_published(header: Iterable[str]) -> Published | None:
    """The publication date from a short header line ("Dec 7, 2023 - 11:50",
    "Kamis, 7 Desember 2023 11:50 WIB"); the zone's offset only when the line gives it."""
    for line in header:
        if _words(line) > 10:
            continue
        for pattern in _PUBLISHED:
            match = pattern.match(line)
            month = month_number(match.group("month")) if match else None
            if match is None or month is None:
                continue
            try:
                day = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            value = day.isoformat()
            bare = None
            if match.group("hour") is not None:
                hour, minute = int(match.group("hour")), match.group("minute")
                if hour > 23 or int(minute) > 59:
                    continue
                value += f"T{hour:02d}:{minute}"
                zone = match.group("zone")
                value += _ZONES[zone] if zone else ""
                bare = None if zone else f"{hour:02d}.{minute}"
            return Published(day, value, line, bare)
    return None


MAX_TEXT = 2000
"""The longest text a record field holds (models.Text)."""

_BYLINE = re.compile(
    r"^(?P<author>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,4})\s+[-–|]\s+"
    r"(?P<outlet>\S.*)$"
)
_CREDIT = re.compile(
    r"^(?:Penulis|Reporter|Pewarta|Oleh|Wartawan)\s*:?\s+(?P<author>[^|]+?)\s*$", re.IGNORECASE
)
_LINK = re.compile(r"^\[(?P<label>[^\]]+)\]\([^)]*\)$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_INITIALS = re.compile(r"\((?P<initials>[a-z]{2,5}(?:/[a-z]{2,5})*)\)\s*$")


def _outlet_name(raw: str) -> str:
    """An outlet as credited; a web address is written as lower-case host name."""
    raw = raw.strip()
    link = _LINK.match(raw)
    if link:
        raw = link.group("label").strip()
    return raw.lower() if _DOMAIN.match(raw) else raw


def _dateline_outlet(head: str | None) -> str | None:
    """The outlet named in a dateline ("Probolinggo, forum Nusantara news.com-"): the
    part that holds a web name or a word like "news" or "online", or is in parentheses
    ("(ANTARA)"). A place alone is not an outlet."""
    for part in (head or "").split(","):
        part = part.strip()
        bracketed = re.fullmatch(r"\((?P<name>[A-Za-z][\w .]*)\)", part)
        if bracketed:
            return bracketed.group("name")
        if re.search(
            r"\w\.(?:[a-z]{2,}|[A-Z]{2,})\b|\b(?:news|online|media|post|times|tv)\b",
            part,
            re.IGNORECASE,
        ):
            return part
    return None


@dataclass
class Finding:
    """What the rules found besides the values: the quotes for them, the caveats that stay
    with the record, and the comments for the editor."""

    quotes: list[Quote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Quality notes, in Indonesian: caveats that stay with the record."""
    comments: dict[str, list[str]] = field(default_factory=dict)
    """YAML comments for the editor, by top-level field."""

    def comment(self, name: str, text: str) -> None:
        self.comments.setdefault(name, []).append(text)


def find_source(article: Article, published: Published | None, finding: Finding) -> dict[str, Any]:
    """The source: title, and outlet, author and publication day where the copy shows them.
    Origin stays unknown: whether the text is a release is the editor's call."""
    source: dict[str, Any] = {"title": article.title.text[:MAX_TEXT]}
    if not article.has_headline:
        finding.comment(
            "sources",
            "title: no headline found; the first sentence stands in "
            "for it. Write the article's title.",
        )
    for line in article.header:
        byline = _BYLINE.match(line)
        if byline and (published is None or line != published.line):
            source.setdefault("author", byline.group("author"))
            source.setdefault("outlet", _outlet_name(byline.group("outlet")))
        credit = _CREDIT.match(line)
        if credit:
            source.setdefault("author", credit.group("author"))
    outlet = _dateline_outlet(article.dateline)
    if outlet:
        source.setdefault("outlet", outlet)
    initials = _INITIALS.search(article.last_paragraph)
    if initials:
        source.setdefault("author", initials.group("initials"))
    if published:
        source["published"] = published.value
    source.update(language="id", origin="unknown")
    _source_notes(article, source, published, finding)
    return {
        key: source[key]
        for key in ("outlet", "title", "author", "published", "language", "origin")
        if key in source
    }


def _source_notes(
    article: Article, source: Mapping[str, Any], published: Published | None, finding: Finding
) -> None:
    missing = [
        name
        for key, name in (
            ("outlet", "Nama media"),
            ("author", "penulis"),
            ("published", "tanggal terbit"),
        )
        if key not in source
    ]
    missing.append("alamat artikel")
    finding.notes.append(f"{_join_id(missing).capitalize()} tidak tercantum pada salinan artikel.")
    if published and published.time_without_zone:
        finding.notes.append(f"Jam terbit {published.time_without_zone} tanpa zona waktu.")
    hints = []
    if re.search(r"\(\s*\*\s*\)\s*$", article.last_paragraph):
        hints.append('the text ends with "(*)", a mark usual for press releases')
    if re.search(r"\bkepada (?:media|wartawan|awak media)\b", article.text, re.IGNORECASE):
        hints.append("an official speaks 'kepada media', a sign of the outlet's own reporting")
    finding.comment(
        "sources",
        "origin: unknown until the editor decides official or "
        "independent and writes origin_basis" + (f" ({'; '.join(hints)})" if hints else "") + ".",
    )
    finding.comment("sources", "url: never invented; add the article's address if known.")


def _join_id(items: Sequence[str]) -> str:
    """Items joined the Indonesian way: "a, b dan c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


# --------------------------------------------------------------------------- date

_WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
_DATE_PATTERNS = (
    re.compile(
        _WEEKDAY + r"\s*,?\s*\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})"
        r"(?:\s*/\s*(?P<year>\d{4}|\d{2}))?\s*\)",
        re.IGNORECASE,
    ),
    re.compile(
        _WEEKDAY + r"\s*,\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?"
        r"(?:\s+(?P<year>\d{4}))?\b",
        re.IGNORECASE,
    ),
)
_SPEECH = re.compile(
    r"\b(?:kata|ujar|ungkap|jelas|tutur|ucap|terang|tambah|imbuh|pungkas|tegas|sebut|"
    r"katanya|ujarnya|ungkapnya|jelasnya|tuturnya|ucapnya|tambahnya|pungkasnya|tegasnya|"
    r"keterangannya|keterangan|mengatakan|menjelaskan|menyampaikan|menegaskan|menuturkan|"
    r"mengungkapkan|menambahkan)\s+[^,;.“”\"]{0,80}?\s*,?\s*(?:pada\s+)?(?:hari\s+)?$",
    re.IGNORECASE,
)
"""A date that closes "kata <speaker>, <date>": the day of a statement."""
_TODAY = re.compile(r"\bhari ini\b", re.IGNORECASE)
_ACTIVITY_WORD = re.compile(
    r"\b(?:patroli|kegiatan|simulasi|melaksanakan|melakukan|menggelar|"
    r"apel|pengamanan|berpatroli)\b",
    re.IGNORECASE,
)
_BULAN = (
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
_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True)
class DateFound:
    """The activity's day, which day it is, and which of its parts were worked out."""

    day: date
    basis: str
    inferred: tuple[str, ...]


def _weekday_index(name: str) -> int:
    name = name.lower().replace("'", "")
    return 6 if name == "ahad" else _WEEKDAYS.index(name)


def _month_of(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else month_number(raw)


def _day_text(day: date) -> str:
    return f"{day.day} {_BULAN[day.month - 1]} {day.year}"


def context_years(
    elections: Iterable[Election], published: Published | None, today: date
) -> list[int]:
    """Years an undated day may fall in: the publication year, and each election's voting
    year and the year before it (the campaign), never after today."""
    years = {
        year
        for election in elections
        for year in (election.voting_day.year - 1, election.voting_day.year)
    }
    if published:
        years.add(published.day.year)
    return sorted(year for year in years if year <= today.year)


def infer_year(
    day: int,
    month: int,
    weekday: int,
    candidates: Sequence[int],
    published: Published | None,
    today: date,
) -> tuple[int | None, list[int]]:
    """The year in which ``day/month`` falls on ``weekday``: among ``candidates``, not after
    the publication day or today; the publication year first, else the latest that fits.
    Returns the year (None when none fits) and every year that fits."""
    latest = min(published.day if published else today, today)
    fits = []
    for year in candidates:
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if when.weekday() == weekday and when <= latest:
            fits.append(year)
    if published and published.day.year in fits:
        return published.day.year, fits
    return (fits[-1] if fits else None), fits


def _in_calendar(day: int, month: int) -> bool:
    """Whether day/month exists in some year (29 February does, in a leap year)."""
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def _statement_focus(sentence: Sentence, match_start: int, text: str) -> int | None:
    """Where "kata <speaker>," begins when the date closes a statement; None otherwise."""
    before = text[sentence.start : match_start]
    speech = _SPEECH.search(before)
    return sentence.start + speech.start() if speech else None


def _said_today(article: Article, sentence: Sentence) -> Sentence | None:
    """A sentence of the statement (the date's own, or one of the three before it) saying
    the activity took place "hari ini": then the statement's day is the activity's."""
    for index in range(sentence.index, max(0, sentence.index - 4), -1):
        candidate = article.sentences[index]
        if _TODAY.search(candidate.text) and _ACTIVITY_WORD.search(candidate.text):
            return candidate
    return None


def find_date(
    article: Article,
    elections: Iterable[Election],
    published: Published | None,
    today: date,
    finding: Finding,
) -> DateFound:
    """The day of the activity: "Kamis (16/11)", "Jumat (02/08/24)", "Rabu (14/8/2024)",
    "Kamis, 16 November 2023". A missing year is worked out from the weekday."""
    for sentence in article.body:
        for pattern in _DATE_PATTERNS:
            for match in pattern.finditer(sentence.text):
                found = _read_date(article, sentence, match, elections, published, today, finding)
                if found is not None:
                    return found
    if published is None:
        raise DraftIncomplete(
            "no day found: the article gives neither the day of the "
            "activity (e.g. 'Kamis (16/11)') nor its publication date"
        )
    finding.notes.append(
        "Artikel tidak menyebut hari kegiatan; dicatat tanggal terbit (date_basis: publication)."
    )
    finding.quotes.append(Quote("date", published.line))
    finding.comment(
        "date", "date: no day of the activity found; the publication day is written instead."
    )
    return DateFound(published.day, "publication", ())


def _read_date(
    article: Article,
    sentence: Sentence,
    match: re.Match[str],
    elections: Iterable[Election],
    published: Published | None,
    today: date,
    finding: Finding,
) -> DateFound | None:
    month = _month_of(match.group("month"))
    day_number = int(match.group("day"))
    if month is None or not _in_calendar(day_number, month):
        return None
    weekday = _weekday_index(match.group("weekday"))
    start = sentence.start + match.start()
    end = sentence.start + match.end()
    written = match.group(0)
    inferred: tuple[str, ...] = ()
    if match.group("year"):
        year = int(match.group("year"))
        if year < 100:
            year += 2000
            finding.notes.append(f'Tahun ditulis dua digit dalam "{written}"; dibaca {year}.')
    else:
        year = _year_for(day_number, month, weekday, written, elections, published, today, finding)
        inferred = ("year",)
    try:
        day = date(year, month, day_number)
    except ValueError:
        return None
    if day.weekday() != weekday:
        finding.notes.append(
            f'"{written}": {_day_text(day)} jatuh pada hari '
            f"{_HARI[day.weekday()]}, bukan {match.group('weekday')}; "
            "periksa tanggalnya."
        )
    speaker = _statement_focus(sentence, start, article.text)
    finding.quotes.append(Quote("date", quote(article, sentence, (speaker or start, end))))
    if speaker is None:
        finding.notes.append(f'Tanggal "{written}" adalah hari kegiatan (date_basis: activity).')
        return DateFound(day, "activity", inferred)
    return DateFound(day, _statement_basis(article, sentence, written, finding), inferred)


def _statement_basis(article: Article, sentence: Sentence, written: str, finding: Finding) -> str:
    today_sentence = _said_today(article, sentence)
    if today_sentence is None:
        finding.notes.append(
            f'Tanggal adalah hari pernyataan, "{written}" (date_basis: '
            "statement); artikel tidak menyebut tanggal kegiatan secara "
            "terpisah."
        )
        return "statement"
    position = _TODAY.search(today_sentence.text)
    assert position is not None
    focus = (today_sentence.start + position.start(), today_sentence.start + position.end())
    finding.quotes.append(Quote("date", quote(article, today_sentence, focus)))
    finding.notes.append(
        f'Tanggal "{written}" adalah hari pernyataan, yang menyebut kegiatan '
        'dilakukan "hari ini"; karena itu dicatat sebagai hari kegiatan '
        "(date_basis: activity)."
    )
    return "activity"


def _year_for(
    day: int,
    month: int,
    weekday: int,
    written: str,
    elections: Iterable[Election],
    published: Published | None,
    today: date,
    finding: Finding,
) -> int:
    """Work out the year of "Kamis (16/11)" and say how, in a quality note."""
    candidates = context_years(elections, published, today)
    year, fits = infer_year(day, month, weekday, candidates, published, today)
    hari = _HARI[weekday]
    if year is not None and published and year == published.day.year:
        finding.notes.append(
            f"Tahun tidak disebut dalam artikel; {year} disimpulkan dari tanggal terbit "
            f"({_day_text(published.day)}) dan dicatat di date_inferred: {day} "
            f'{_BULAN[month - 1]} {year} jatuh pada hari {hari}, sesuai "{written}".'
        )
        finding.quotes.append(Quote("date_inferred", published.line))
        return year
    if year is not None:
        others = [str(y) for y in candidates if y != year]
        if len(fits) > 1:
            rest = (
                f", tetapi tahun {_join_id([str(y) for y in fits if y != year])} juga "
                "cocok; dipilih yang terakhir. Periksa"
            )
        else:
            rest = f", sedangkan pada tahun {_join_id(others)} tidak" if others else ""
        finding.notes.append(
            f"Tahun tidak disebut dalam artikel; {year} disimpulkan (date_inferred: year): "
            f'{day} {_BULAN[month - 1]} {year} jatuh pada hari {hari}, sesuai "{written}"'
            f"{rest}."
        )
        return year
    fallback = published.day.year if published else max(candidates or [today.year])
    finding.notes.append(
        f'Tahun tidak disebut dalam artikel, dan "{written}" tidak cocok dengan hari apa pun '
        f"pada tahun {_join_id([str(y) for y in candidates])}; dicatat {fallback}. Periksa "
        "tanggalnya."
    )
    finding.comment(
        "date",
        f"date: the weekday of '{written}' fits no likely year; {fallback} written, check it.",
    )
    return fallback


# --------------------------------------------------------------------------- units

_KIND_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # first word of a unit name: (ways to write the unit, posts of its head)
    "Polres": (
        (r"Polres", r"Kepolisian\s+Resor(?:\s*\(\s*Polres\s*\))?"),
        (r"Kapolres", r"Wakapolres"),
    ),
    "Polresta": (
        (r"Polresta", r"Kepolisian\s+Resor\s+Kota(?:\s*\(\s*Polresta\s*\))?"),
        (r"Kapolresta", r"Wakapolresta"),
    ),
    "Polrestabes": ((r"Polrestabes",), (r"Kapolrestabes", r"Wakapolrestabes")),
    "Polsek": (
        (r"Polsek", r"Kepolisian\s+Sektor(?:\s*\(\s*Polsek\s*\))?"),
        (r"Kapolsek", r"Wakapolsek"),
    ),
    "Polda": (
        (r"Polda", r"Kepolisian\s+Daerah(?:\s*\(\s*Polda\s*\))?"),
        (r"Kapolda", r"Wakapolda"),
    ),
    "Kodim": (
        (r"Kodim", r"Komando\s+Distrik\s+Militer(?:\s*\(\s*Kodim\s*\))?"),
        (r"Dandim", r"Kasdim"),
    ),
    "Korem": (
        (r"Korem", r"Komando\s+Resor\s+Militer(?:\s*\(\s*Korem\s*\))?"),
        (r"Danrem", r"Kasrem"),
    ),
    "Kodam": (
        (r"Kodam", r"Komando\s+Daerah\s+Militer(?:\s*\(\s*Kodam\s*\))?"),
        (r"Pangdam", r"Kasdam"),
    ),
    "Koramil": ((r"Koramil",), (r"Danramil",)),
}
"""How news copy names a unit by its kind ("Kepolisian Resor (Polres) Malang") and through
the post of its head ("Kapolres Malang"): both are mentions of the unit."""

_PROVINCE_SHORT = {
    "Jawa Timur": "Jatim",
    "Jawa Tengah": "Jateng",
    "Jawa Barat": "Jabar",
    "Sumatera Utara": "Sumut",
    "Sumatera Barat": "Sumbar",
    "Sumatera Selatan": "Sumsel",
    "Sulawesi Selatan": "Sulsel",
    "Sulawesi Utara": "Sulut",
    "Kalimantan Timur": "Kaltim",
    "Kalimantan Barat": "Kalbar",
    "Nusa Tenggara Timur": "NTT",
    "Nusa Tenggara Barat": "NTB",
}
"""Short names of provinces, as in "Polda Jatim"."""


def _words_pattern(text: str) -> str:
    """A name as a pattern: any spacing between words, and a province's short name."""
    for long, short in _PROVINCE_SHORT.items():
        if text == long:
            return rf"(?:{_words_pattern_plain(long)}|{re.escape(short)})"
    return _words_pattern_plain(text)


def _words_pattern_plain(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split())


def _rest_pattern(rest: str) -> str:
    """The part of a unit name after its kind: "0820/Probolinggo" also matches "0820
    Probolinggo" and "0820" alone, as articles write it."""
    if "/" not in rest:
        return _words_pattern(rest)
    head, tail = (part.strip() for part in rest.split("/", 1))
    tail_pattern = _words_pattern(tail)
    return rf"{_words_pattern(head)}(?:\s*/\s*{tail_pattern}|\s+{tail_pattern})?"


def unit_pattern(unit: Unit) -> re.Pattern[str]:
    """The ways an article names ``unit``; group ``post`` is set when it is named through
    its head's post ("Kapolres Probolinggo")."""
    return _name_pattern(unit.name)


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    kind, _, rest = name.partition(" ")
    forms, posts = _KIND_WORDS.get(kind, ((re.escape(kind),), ()))
    post = rf"(?P<post>{'|'.join(posts)})|" if posts else ""
    body = (
        rf"(?:{post}{'|'.join(forms)})\s+{_rest_pattern(rest)}"
        if rest
        else rf"(?:{post}{'|'.join(forms)})"
    )
    return re.compile(rf"(?<![\w/]){body}(?![\w/])", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A unit named in the article at ``start:end``."""

    unit: str
    start: int
    end: int
    post: bool
    """Named through its head's post ("Kapolres X"), not by its own name."""


def unit_mentions(
    text: str, units: Mapping[str, Unit], start: int = 0, end: int | None = None
) -> list[Mention]:
    """Every unit named in ``text[start:end]``; where names overlap the longest wins, so
    "Polres Probolinggo Kota" is never also "Polres Probolinggo"."""
    end = len(text) if end is None else end
    found: list[Mention] = []
    for unit_id in sorted(units):
        for match in unit_pattern(units[unit_id]).finditer(text, start, end):
            found.append(
                Mention(
                    unit_id,
                    match.start(),
                    match.end(),
                    match.group("post") is not None if "post" in match.re.groupindex else False,
                )
            )
    found.sort(key=lambda m: (m.start, -(m.end - m.start), m.unit))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _ancestors(unit_id: str, units: Mapping[str, Unit]) -> set[str]:
    seen: set[str] = set()
    parent = units[unit_id].parent
    while parent and parent in units and parent not in seen:
        seen.add(parent)
        parent = units[parent].parent
    return seen


def _is_affiliation(
    mention: Mention, previous: Mention | None, text: str, units: Mapping[str, Unit]
) -> bool:
    """Whether ``mention`` only says whose unit the one before it is ("Polres Malang, Polda
    Jawa Timur,"): a parent named in apposition is not a unit taking part."""
    if previous is None or mention.unit not in _ancestors(previous.unit, units):
        return False
    return re.fullmatch(r"\s*,?\s*", text[previous.end : mention.start]) is not None


_ADVERBS = (
    r"(?:(?:juga|akan|terus|semakin|makin|gencar|kembali|pun|telah|sudah|segera|rutin|"
    r"langsung|secara\s+rutin)\s+){0,3}"
)
_AFTER = r"^\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:yang\s+)?" + _ADVERBS
_LEAD_AFTER = re.compile(
    _AFTER + r"(?:dipimpin|memimpin|pimpin|menggelar|gelar|mengadakan|adakan|menerjunkan|"
    r"terjunkan|menyelenggarakan|selenggarakan)\b",
    re.IGNORECASE,
)
_ACT_AFTER = re.compile(
    _AFTER + r"(?:melaksanakan|laksanakan|melakukan|lakukan|memaksimalkan|maksimalkan|"
    r"meningkatkan|tingkatkan|mengintensifkan|intensifkan|berpatroli|patroli|menyisir|sisir|"
    r"menyambangi|sambangi|mendatangi|datangi)\b",
    re.IGNORECASE,
)
_JOIN_AFTER = re.compile(
    _AFTER + r"(?:ikut|ikuti|mengikuti|turut|terlibat|dilibatkan|bergabung|membantu|bantu|"
    r"mendukung|dukung)\b",
    re.IGNORECASE,
)
_LEAD_BEFORE = re.compile(
    r"\b(?:digelar|diselenggarakan|dilaksanakan|dilakukan|dipimpin|diadakan|dikomandoi)\s+"
    r"(?:langsung\s+)?(?:oleh\s+)?(?:(?:jajaran|personel|anggota|pihak)\s+)?$",
    re.IGNORECASE,
)
_JOIN_BEFORE = re.compile(
    r"\b(?:(?:bersama|bersama\s+dengan|bersama-sama\s+dengan)\s+(?:para\s+)?"
    r"(?:personel|personil|anggota|prajurit|petugas)\s+(?:dari\s+)?|"
    r"(?:dibantu|didukung|melibatkan)\s+(?:oleh\s+)?(?:(?:personel|personil|anggota|"
    r"prajurit|petugas)\s+(?:dari\s+)?)?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Signal:
    """What one sentence says a unit did: ``lead``, ``act`` (did the activity itself) or
    ``join`` (took part in someone else's)."""

    kind: str
    sentence: Sentence
    focus: tuple[int, int]


def role_signal(article: Article, mention: Mention, resume: int | None = None) -> Signal | None:
    """The role cue around one mention, in its own sentence; the words after it are read
    from ``resume`` when a parent in apposition stands between ("Polres Malang, Polda Jawa
    Timur, semakin gencar melakukan")."""
    sentence = article.sentence_at(mention.start)
    if sentence is None:
        return None
    before = article.text[sentence.start : mention.start]
    after = article.text[resume or mention.end : sentence.end]
    checks = (
        (_LEAD_BEFORE, before, "lead", True),
        (_LEAD_AFTER, after, "lead", False),
        (_JOIN_BEFORE, before, "join", True),
        (_JOIN_AFTER, after, "join", False),
        (_ACT_AFTER, after, "act", False),
    )
    for pattern, window, kind, is_before in checks:
        match = pattern.search(window)
        if match is None:
            continue
        if is_before:
            focus = (sentence.start + match.start(), mention.end)
        else:
            focus = (mention.start, (resume or mention.end) + match.end())
        return Signal(kind, sentence, focus)
    return None


_TOGETHER_WITH = re.compile(r"\s*(?:,|dan|serta|&|bersama(?:\s+dengan)?)\s*", re.IGNORECASE)
"""Units named together as one subject: "Polres A dan Kodim B", "Kodim B bersama Polres A"."""
_OFFICIAL_THEN_AND = re.compile(r"[^,;.]{0,60}?\s(?:dan|serta)\s+")
"""Heads named together: "Dandim 0820 Letkol Inf Nama dan Kapolres X"."""
_SIGNAL_STRENGTH = ("lead", "join", "act")


def _named_together(article: Article, first: Mention, second: Mention) -> bool:
    between = article.text[first.end : second.start]
    if _TOGETHER_WITH.fullmatch(between):
        return True
    return first.post and second.post and _OFFICIAL_THEN_AND.fullmatch(between) is not None


def mention_groups(article: Article, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions in runs named together, in text order; each run shares one role cue."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups and _named_together(article, groups[-1][-1], mention):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def group_signal(
    article: Article, group: Sequence[Mention], resume: Mapping[int, int]
) -> Signal | None:
    """The role cue of units named together: the cue before the first or after the last
    applies to all. Several units said together to hold it: none of them led alone."""
    signals = [s for m in group if (s := role_signal(article, m, resume.get(m.start)))]
    if not signals:
        return None
    signal = min(signals, key=lambda s: _SIGNAL_STRENGTH.index(s.kind))
    focus = (min(group[0].start, signal.focus[0]), max(group[-1].end, signal.focus[1]))
    several = len({m.unit for m in group}) > 1
    kind = "act" if several and signal.kind == "lead" else signal.kind
    return Signal(kind, signal.sentence, focus)


@dataclass
class UnitFound:
    """A unit taking part, with every role cue found for it."""

    unit: str
    first: Mention
    signals: list[Signal] = field(default_factory=list)
    role: str = "unknown"


def _resolve_roles(found: list[UnitFound], finding: Finding) -> None:
    """At most one lead: the first unit said to lead, else the only one said to do the
    activity itself. Units that joined, or acted beside a lead, are participants; units
    merely named are unknown. Nobody is made lead because the article is told from its side."""
    kinds = [{signal.kind for signal in unit.signals} for unit in found]
    leads = [unit for unit, has in zip(found, kinds, strict=True) if "lead" in has]
    if not leads:
        leads = [unit for unit, has in zip(found, kinds, strict=True) if has == {"act"}]
        leads = leads if len(leads) == 1 else []
    lead = leads[0] if leads else None
    for unit, has in zip(found, kinds, strict=True):
        if unit is lead:
            unit.role = "lead"
        elif "join" in has or (lead is not None and "act" in has):
            unit.role = "participant"
        if unit is not lead and "lead" in has:
            unit.role = "unknown"
            finding.comment(
                "units",
                f"{unit.unit}: also said to lead; only one unit can, "
                f"{lead.unit if lead else '-'} was kept. Check the roles.",
            )
    actors = [unit for unit, has in zip(found, kinds, strict=True) if has & {"lead", "act"}]
    if lead is None and len(actors) > 1:
        finding.notes.append(
            "Beberapa satuan disebut bersama-sama melaksanakan atau memimpin "
            "kegiatan; tidak ada satu satuan yang dicatat sebagai pemimpin "
            "(lead)."
        )
    elif lead is None:
        finding.notes.append(
            "Artikel tidak menyebut satuan yang memimpin kegiatan; tidak ada "
            "satuan yang dicatat sebagai pemimpin (lead)."
        )


def article_mentions(article: Article, units: Mapping[str, Unit]) -> list[Mention]:
    """Units named in the title and body, sentence by sentence (never across a line)."""
    return [
        mention
        for sentence in article.sentences
        for mention in unit_mentions(article.text, units, sentence.start, sentence.end)
    ]


def find_units(article: Article, units: Mapping[str, Unit], finding: Finding) -> list[UnitFound]:
    """Units named in the article, in order of first mention, each with its role."""
    mentions = article_mentions(article, units)
    affiliations = {
        index
        for index in range(1, len(mentions))
        if _is_affiliation(mentions[index], mentions[index - 1], article.text, units)
    }
    dropped = {mentions[i].unit: mentions[i - 1].unit for i in sorted(affiliations, reverse=True)}
    resume = {mentions[i - 1].start: mentions[i].end for i in affiliations}
    taking_part = [m for i, m in enumerate(mentions) if i not in affiliations]
    found: dict[str, UnitFound] = {}
    for group in mention_groups(article, taking_part):
        signal = group_signal(article, group, resume)
        for mention in group:
            entry = found.setdefault(mention.unit, UnitFound(mention.unit, mention))
            if signal is not None:
                entry.signals.append(signal)
    _unknown_units(article, units, finding)
    for parent, child in sorted(dropped.items()):
        if parent not in found:
            finding.notes.append(
                f"{units[parent].name} hanya disebut sebagai induk "
                f"{units[child].name}; tidak dicatat sebagai satuan yang "
                "terlibat."
            )
    result = list(found.values())
    _resolve_roles(result, finding)
    return result


_UNIT_LIKE = re.compile(
    r"\b(?:Polres|Polresta|Polrestabes|Polsek|Polda|Kodim|Koramil|Korem|"
    r"Kodam)(?:\s+[A-Z0-9][\w/-]*){1,2}"
)


def _unknown_units(article: Article, units: Mapping[str, Unit], finding: Finding) -> None:
    """Units named that units.yaml lacks ("Polsek Sumberasih"): the editor adds them, or not."""
    unknown: list[str] = []
    for sentence in article.sentences:
        for match in _UNIT_LIKE.finditer(sentence.text):
            start = sentence.start + match.start()
            if not unit_mentions(article.text, units, start, sentence.start + match.end()):
                name = match.group(0)
                if name not in unknown:
                    unknown.append(name)
    if unknown:
        finding.comment(
            "units",
            f"units: named but not in units.yaml: {', '.join(unknown)}; add "
            "them there (with parent and region) if they took part.",
        )


def best_title_unit(article: Article, units: Mapping[str, Unit]) -> str | None:
    """When no unit is named outright: the unit sharing most words with the title (then
    with the whole article), with the branch the title names ("polisi", "TNI")."""
    for text in (article.title.text, article.text):
        words = {w.casefold() for w in re.findall(r"[A-Za-z0-9]+", text)}
        police = bool(words & {"polisi", "polri", "kepolisian", "polres", "polda", "polsek"})
        army = bool(words & {"tni", "kodim", "koramil", "korem", "kodam", "prajurit"})
        scored = []
        for unit_id in sorted(units):
            unit = units[unit_id]
            name = {w.casefold() for w in re.findall(r"[A-Za-z0-9]+", unit.name)}
            score = (
                len(words & name)
                + (unit.branch == "police" and police)
                + (unit.branch == "army" and army)
            )
            scored.append((-score, len(name), unit_id))
        scored.sort()
        if scored and scored[0][0] < 0:
            return scored[0][2]
    return None


def unit_quotes(article: Article, found: Sequence[UnitFound]) -> list[Quote]:
    """For each unit, the sentence that decided its role (else where it is first named)."""
    quotes = []
    for index, unit in enumerate(found):
        wanted = {"lead": ("lead", "act"), "participant": ("join", "act")}.get(unit.role, ())
        signal = next((s for kind in wanted for s in unit.signals if s.kind == kind), None)
        if signal is not None:
            quotes.append(Quote(f"units.{index}", quote(article, signal.sentence, signal.focus)))
            continue
        sentence = article.sentence_at(unit.first.start)
        assert sentence is not None
        quotes.append(
            Quote(f"units.{index}", quote(article, sentence, (unit.first.start, unit.first.end)))
        )
    return quotes


# --------------------------------------------------------------------------- officials

_CORPS = (
    r"(?:\s+(?:Inf|Arm|Kav|Czi|Cba|Chb|Ckm|Cpl|Cpm|Caj|Cku|Chk|Cpn|Ctp|Arh|Kes|Mar|Pnb|"
    r"Tek|Sus|Lek|Adm|Psk)\b\.?)?"
)
RANK = (
    r"(?:(?:Jenderal|Komjen|Irjen|Brigjen|Kombes|Letjen|Mayjen)(?:\s+(?:Pol\.?|TNI))?|AKBP|"
    r"Kompol|AKP|Iptu|Ipda|Aiptu|Aipda|Bripka|Brigpol|Brigadir|Briptu|Bripda|Abriptu|Abripda|"
    r"Abrip|Bharaka|Bharatu|Bharada|(?:Kolonel|Letkol|Mayor|Kapten|Lettu|Letda|Peltu|Pelda|"
    r"Serma|Serka|Sertu|Serda|Kopka|Koptu|Kopda|Praka|Pratu|Prada)" + _CORPS + r")"
)
"""Polri and TNI ranks as news copy writes them, an army rank with its corps ("Letkol Arm")."""

_HEADS = (
    r"(?:Waka|Ka)pol(?:res(?:ta(?:bes)?)?|sek|da|subsektor)|Kasat(?:reskrim|lantas|samapta|"
    r"binmas|intelkam|narkoba)?|Kasihumas|Kasi|Kasubsi|Kasubbag|Kabag|Kanit|Panit|Paur|"
    r"Kapospol|Kasatgas|Dansatgas|Bhabinkamtibmas|Babinsa|Dandim|Kasdim|Danrem|Kasrem|"
    r"Danramil|Pangdam|Kasdam|Pasi|Danki|Danton"
)
"""Posts (jabatan) of security officials; the words after one name the post's unit."""

_STOP_NAMES = (
    r"(?!(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|Polres|Polsek|Polda|Kodim|"
    r"Koramil|Pada|Saat|Dalam|Di|Ke|Dan|Yang|Juga)\b)"
)
_NAME_TOKEN = _STOP_NAMES + r"(?:[A-Z][a-z'’-]+|[A-Z]\.(?![A-Za-z]))"
NAME = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}"
ACADEMIC = r"[A-Z][A-Za-z]{0,3}\.(?:[A-Za-z]{1,4}\.?)+"
_TITLES = rf"(?:,?\s+{ACADEMIC})*"
_POST_WORD = r"(?:[A-Z][\w.-]*|\d[\w.-]*)(?:/[\w.-]+)?"
_POST = rf"(?:(?i:{_HEADS}))\b(?:\s+(?!{RANK}\b){_POST_WORD})*"

_OFFICIAL_PATTERNS = (
    re.compile(
        rf"\b(?P<post>{_POST})\s*,?\s+(?P<rank>{RANK})\s+(?P<name>{NAME})"
        rf"(?P<titles>{_TITLES})"
    ),
    re.compile(
        rf"\b(?P<rank>{RANK})\s+(?P<name>{NAME})(?P<titles>{_TITLES})\s*,\s*"
        rf"(?P<post>{_POST})"
    ),
    re.compile(rf"\b(?P<rank>{RANK})\s+(?P<name>{NAME})(?P<titles>{_TITLES})"),
)
"""'<Post> <Rank> <Name>', '<Rank> <Name>, <Post>', and '<Rank> <Name>' alone."""

_CIVIL_POST = re.compile(
    r"(?P<post>(?:Camat|Lurah|Kepala\s+Desa|Kades|Kepala\s+Kelurahan|Bupati|Wakil\s+Bupati|"
    r"Wali\s*[Kk]ota|Wakil\s+Wali\s*[Kk]ota|Sekda|Ketua\s+(?:KPU|Bawaslu|DPRD)|"
    r"Komisioner\s+(?:KPU|Bawaslu)|Kepala\s+Dinas|Kadis)(?:\s+[A-Z][\w/.-]*){0,4})\s*,?\s*$"
)
"""A civil post right before a known person's name ("Camat Mayangan Agus Dwiwantoro")."""

_CIVIL_ORGANISATION = (
    (re.compile(r"^Camat\s+"), "Kecamatan "),
    (re.compile(r"^Lurah\s+"), "Kelurahan "),
    (re.compile(r"^(?:Kepala\s+Desa|Kades)\s+"), "Desa "),
    (re.compile(r"^(?:Ketua|Komisioner)\s+"), ""),
)
"""A civil post's organisation: the Camat of X heads Kecamatan X; the Ketua KPU X, KPU X."""


@dataclass
class OfficialMention:
    """A person named in the article, with rank and post where the text gives them."""

    name: str
    start: int
    end: int
    rank: str | None = None
    post: str | None = None
    civil: bool = False
    key: str = ""


def normal_name(name: str) -> str:
    """A name for comparison: without academic titles, stops and commas, case-folded."""
    name = re.sub(rf"(?:^|,?\s+){ACADEMIC}", " ", f" {name}")
    return " ".join(name.replace(".", " ").replace(",", " ").casefold().split())


def people_index(people: Mapping[str, Person]) -> dict[str, str]:
    """Every spelling of every person (name and also_known_as), normalised, to the id."""
    index: dict[str, str] = {}
    for person_id in sorted(people):
        person = people[person_id]
        for spelling in (person.name, *person.also_known_as):
            index.setdefault(normal_name(spelling), person_id)
    return index


def resolve_person(name: str, index: Mapping[str, str]) -> str | None:
    """The person id for a written name: an exact spelling, or (for two words or more) the
    start of exactly one person's spelling ("Oki Ahadian" for "Oki Ahadian Purwono")."""
    wanted = normal_name(name)
    if wanted in index:
        return index[wanted]
    if len(wanted.split()) < 2:
        return None
    hits = {person for spelling, person in index.items() if spelling.startswith(wanted + " ")}
    return hits.pop() if len(hits) == 1 else None


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: the form of every id."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def security_mentions(text: str, start: int, end: int) -> list[OfficialMention]:
    """Officials named with a rank in ``text[start:end]``; longer forms (with a post) win."""
    found: list[tuple[int, int, int, OfficialMention]] = []
    for priority, pattern in enumerate(_OFFICIAL_PATTERNS):
        for match in pattern.finditer(text, start, end):
            post = match.groupdict().get("post")
            found.append(
                (
                    match.start(),
                    -(match.end() - match.start()),
                    priority,
                    OfficialMention(
                        match.group("name").strip(),
                        match.start(),
                        match.end(),
                        match.group("rank"),
                        post.strip() if post else None,
                    ),
                )
            )
    found.sort(key=lambda item: item[:3])
    kept: list[OfficialMention] = []
    for _, _, _, mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def known_name_mentions(
    text: str, start: int, end: int, people: Mapping[str, Person], taken: Sequence[OfficialMention]
) -> list[OfficialMention]:
    """People of people.yaml named without a rank ("Camat Mayangan Agus Dwiwantoro S.STP"),
    with the civil post or security post right before the name, if any."""
    spellings = sorted(
        {
            (spelling, person_id)
            for person_id, person in people.items()
            for spelling in (person.name, *person.also_known_as)
        },
        key=lambda item: (-len(item[0]), item),
    )
    found: list[OfficialMention] = []
    for spelling, _ in spellings:
        pattern = re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)")
        for match in pattern.finditer(text, start, end):
            spans = [*taken, *found]
            if any(m.start < match.end() and match.start() < m.end for m in spans):
                continue
            mention = OfficialMention(spelling, match.start(), match.end())
            _attach_post(text, start, mention)
            found.append(mention)
    return found


def _attach_post(text: str, line_start: int, mention: OfficialMention) -> None:
    before = text[line_start : mention.start]
    civil = _CIVIL_POST.search(before)
    security = re.search(rf"(?P<post>{_POST})\s*,?\s*$", before)
    chosen = civil or security
    if chosen is not None:
        mention.post = chosen.group("post").strip()
        mention.civil = civil is not None
        mention.start = line_start + chosen.start()


@dataclass
class OfficialFound:
    """One person, with every mention of them."""

    key: str
    person: str | None
    mentions: list[OfficialMention] = field(default_factory=list)


def _first_word_owner(name: str, found: Mapping[str, OfficialFound]) -> str | None:
    """The one official already found whose name starts with this single word ("AKBP Oki")."""
    word = normal_name(name)
    owners = [
        key
        for key, official in found.items()
        if any(
            normal_name(m.name).split()[:1] == [word] and len(normal_name(m.name).split()) > 1
            for m in official.mentions
        )
    ]
    return owners[0] if len(owners) == 1 else None


def _prefix_owner(name: str, found: Mapping[str, OfficialFound]) -> str | None:
    """An unknown person already found whose name this one starts or ends ("Budi" ...)."""
    wanted = normal_name(name)
    for key, official in found.items():
        for mention in official.mentions:
            other = normal_name(mention.name)
            if other.startswith(wanted + " ") or wanted.startswith(other + " "):
                return key
    return None


def group_officials(
    mentions: Sequence[OfficialMention], index: Mapping[str, str]
) -> list[OfficialFound]:
    """Mentions grouped by person: known spellings first, then a lone first name joins the
    one official whose name starts with it; the rest are new people, keyed by slug."""
    found: dict[str, OfficialFound] = {}
    single: list[OfficialMention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        person = resolve_person(mention.name, index)
        if person is None and len(normal_name(mention.name).split()) < 2:
            single.append(mention)
            continue
        key = person or _prefix_owner(mention.name, found) or f"new:{slug(mention.name)}"
        found.setdefault(key, OfficialFound(key, person)).mentions.append(mention)
    for mention in single:
        key = _first_word_owner(mention.name, found) or f"new:{slug(mention.name)}"
        found.setdefault(key, OfficialFound(key, None)).mentions.append(mention)
    ordered = sorted(found.values(), key=lambda o: min(m.start for m in o.mentions))
    for official in ordered:
        official.mentions.sort(key=lambda m: m.start)
    return ordered


def _organisation_of(post: str, organisations: Mapping[str, Organisation]) -> str | None:
    for pattern, replacement in _CIVIL_ORGANISATION:
        if pattern.match(post):
            wanted = pattern.sub(replacement, post).casefold()
            for org_id in sorted(organisations):
                name = re.sub(r"\s*\(.*?\)", "", organisations[org_id].name).casefold()
                if name == wanted:
                    return org_id
    return None


def _official_unit(
    article: Article, mention: OfficialMention, units: Mapping[str, Unit]
) -> str | None:
    """The unit of an official: named in the post ("Kapolres Probolinggo"), else the unit
    named nearest to the official in the same sentence."""
    if mention.post:
        in_post = unit_mentions(mention.post, units)
        if in_post:
            return in_post[0].unit
    sentence = article.sentence_at(mention.start)
    if sentence is None:
        return None
    nearby = unit_mentions(article.text, units, sentence.start, sentence.end)
    nearby = [m for m in nearby if not (mention.start <= m.start < mention.end)]
    if not nearby:
        return None
    return min(nearby, key=lambda m: (abs(m.start - mention.start), m.start)).unit


@dataclass(frozen=True)
class OfficialDraft:
    """An official as coded, with the quote for it; ``known`` when in people.yaml."""

    value: dict[str, Any]
    quote: str
    known: bool
    reason: str = ""


def build_official(
    article: Article,
    official: OfficialFound,
    units: Mapping[str, Unit],
    organisations: Mapping[str, Organisation],
    finding: Finding,
) -> OfficialDraft:
    """The coded official: the rank written most often, the first post given, its unit."""
    ranks = Counter(m.rank for m in official.mentions if m.rank)
    rank = max(ranks, key=lambda r: (ranks[r], -_first_index(official, r))) if ranks else None
    with_post = next((m for m in official.mentions if m.post), None)
    shown = with_post or official.mentions[0]
    name = max((m.name for m in official.mentions), key=lambda n: (len(n.split()), len(n)))
    person = official.person or slug(name)
    value: dict[str, Any] = {"person": person}
    if rank:
        value["rank"] = rank
    if len(ranks) > 1:
        counts = _join_id([f"{r} ({ranks[r]} kali)" for r in sorted(ranks, key=str)])
        finding.notes.append(
            f"Pangkat {name} ditulis lebih dari satu cara dalam artikel: {counts}; dicatat {rank}."
        )
    _spelling_note(official, name, finding)
    text = _strip_span(article.text, shown.start, shown.end)
    if with_post is None:
        return OfficialDraft(value, text, False, "no post (jabatan) found in the article")
    value["position"] = with_post.post
    organisation = (
        _organisation_of(with_post.post or "", organisations) if with_post.civil else None
    )
    unit = None if with_post.civil else _official_unit(article, with_post, units)
    if unit:
        value["unit"] = unit
    if organisation:
        value["organisation"] = organisation
    if official.person is None:
        return OfficialDraft(value, text, False, f"'{name}' is not in people.yaml")
    return OfficialDraft(value, text, True)


def _first_index(official: OfficialFound, rank: str) -> int:
    return next(i for i, m in enumerate(official.mentions) if m.rank == rank)


def _spelling_note(official: OfficialFound, name: str, finding: Finding) -> None:
    spellings = sorted({m.name for m in official.mentions if len(m.name.split()) > 1})
    if len(spellings) > 1:
        finding.notes.append(
            f"Nama ditulis {_join_id([f'{s!r}' for s in spellings])}; "
            "dicatat sebagai satu orang. Periksa."
        )


def find_officials(article: Article, tables: Tables, finding: Finding) -> list[OfficialDraft]:
    """Officials named in their public role: security officials by rank and post, and
    people of people.yaml by name after a civil post."""
    mentions: list[OfficialMention] = []
    for sentence in article.sentences:
        security = security_mentions(article.text, sentence.start, sentence.end)
        mentions.extend(security)
        mentions.extend(
            known_name_mentions(article.text, sentence.start, sentence.end, tables.people, security)
        )
    grouped = group_officials(mentions, people_index(tables.people))
    return [
        build_official(article, official, tables.units, tables.organisations, finding)
        for official in grouped
    ]


# --------------------------------------------------------------------------- personnel

_FORCE = (
    r"(?:personel|personil|anggota|petugas|prajurit|polisi(?:\s+RW)?|aparat|pasukan|"
    r"polwan|Bhabinkamtibmas|Babinsa)\b"
)
_NUMBER = r"(?P<count>\d{1,3}(?:\.\d{3})+|\d+)"
PERSONNEL_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (qualifier, re.compile(pattern, re.IGNORECASE))
    for qualifier, pattern in (
        ("more_than", rf"\b{_NUMBER}\s+lebih\s+(?:\w+\s+)?{_FORCE}"),
        ("more_than", rf"\blebih\s+dari\s+{_NUMBER}\s+(?:orang\s+)?{_FORCE}"),
        (
            "about",
            rf"(?:\b(?:sekitar|kurang\s+lebih|lebih\s+kurang|sekira|kira-kira)\s+|±\s*)"
            rf"{_NUMBER}\s+(?:orang\s+)?{_FORCE}",
        ),
        (
            "at_least",
            rf"\b(?:sedikitnya|setidaknya|minimal|sekurang-kurangnya)\s+{_NUMBER}\s+"
            rf"(?:orang\s+)?{_FORCE}",
        ),
        ("thousands", rf"\bribuan\s+(?:\w+\s+)?{_FORCE}"),
        ("hundreds", rf"\bratusan\s+(?:\w+\s+)?{_FORCE}"),
        ("dozens", rf"\bpuluhan\s+(?:\w+\s+)?{_FORCE}"),
        ("exact", rf"\b{_NUMBER}\s+(?:orang\s+)?{_FORCE}"),
        ("exact", rf"\b{_FORCE}\s+(?:gabungan\s+)?sebanyak\s+{_NUMBER}\b"),
    )
)
"""How many took part: "300 lebih personel", "sekitar 120", "sedikitnya", "ratusan"..."""


MAX_COUNT = 1_000_000
"""The largest count a record holds (models.Personnel); a larger number is not a count."""


def _plausible_count(match: re.Match[str]) -> bool:
    written = match.groupdict().get("count")
    return written is None or 1 <= int(written.replace(".", "")) <= MAX_COUNT


def find_personnel(article: Article, finding: Finding) -> dict[str, Any] | None:
    """The first count of security personnel in the body, with how exact it is."""
    found: list[tuple[int, int, str, re.Match[str], Sentence]] = []
    for sentence in article.body:
        for order, (qualifier, pattern) in enumerate(PERSONNEL_RULES):
            for match in pattern.finditer(sentence.text):
                if _plausible_count(match):
                    found.append(
                        (sentence.start + match.start(), order, qualifier, match, sentence)
                    )
    if not found:
        finding.notes.append("Jumlah personel tidak disebutkan.")
        finding.comment("personnel", "personnel: not found in the article.")
        return None
    found.sort(key=lambda f: f[:2])
    kept: list[tuple[int, int, str, re.Match[str], Sentence]] = []
    for item in found:  # "sekitar 120 personel" holds "120 personel": one count, not two
        if not kept or item[0] >= kept[-1][4].start + kept[-1][3].end():
            kept.append(item)
    position, _, qualifier, match, sentence = kept[0]
    value: dict[str, Any] = {"qualifier": qualifier}
    if match.groupdict().get("count"):
        value["count"] = int(match.group("count").replace(".", ""))
    end = sentence.start + match.end()
    finding.quotes.append(Quote("personnel", quote(article, sentence, (position, end))))
    counts = {m.group(0) for _, _, _, m, _ in kept}
    if len(counts) > 1:
        finding.comment(
            "personnel",
            "personnel: the article gives more than one count ("
            + "; ".join(sorted(counts))
            + "); the first is written.",
        )
    return value


# --------------------------------------------------------------------------- appeals

_CUE = re.compile(
    r"\b(?:mengimbau|menghimbau|himbau|imbau|imbauan|himbauan|diimbau|dihimbau|meminta|diminta|"
    r"mengajak|ajakan|diharapkan|berharap|mengharapkan|mengharap|harap|mari|marilah|agar|supaya|"
    r"jangan|hendaknya|sebaiknya|dimohon|memohon|menginstruksikan|diinstruksikan)\b",
    re.IGNORECASE,
)
"""A request: only a sentence that asks something holds an appeal."""

APPEAL_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, re.IGNORECASE))
    for code, pattern in (
        (
            "follow_campaign_rules",
            r"\bkampanye\s+(?:\w+\s+){0,3}?sesuai\b|"
            r"\bmematuhi\s+(?:aturan|ketentuan|peraturan)\s+kampanye\b",
        ),
        ("anti_hoax", r"\bhoa(?:x|ks)\b|\b(?:berita|kabar)\s+bohong\b"),
        (
            "check_before_sharing",
            r"\b(?:mengecek|cek|memeriksa|mengecheck)\s+kebenaran\b|"
            r"\bsaring\s+sebelum\s+sharing\b|\btabayyun\b",
        ),
        ("not_provoked", r"\b(?:ter|di)-?provokasi\b"),
        (
            "keep_order",
            r"\bmenjaga\s+(?:[\w-]+\s+){0,2}?(?:kamtibmas|keamanan\s+dan\s+"
            r"ketertiban|ketertiban)\b",
        ),
        (
            "keep_harmony",
            r"\b(?:menjaga|merawat|memelihara)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:kerukunan|persatuan|kesatuan|persaudaraan|kebersamaan)\b|"
            r"\btetap\s+rukun\b",
        ),
        (
            "keep_synergy",
            r"\b(?:melakukan|menjaga|menjalin|meningkatkan|memperkuat|membangun)"
            r"\s+(?:\w+\s+)?sinergi(?:tas)?\b",
        ),
        ("act_professionally", r"\bprofesional(?:isme)?\b"),
        (
            "report",
            r"\b(?:melapor|melaporkan|laporkan|menyampaikan\s+informasi|"
            r"memberikan\s+informasi|memberi\s+informasi|menginformasikan)\b"
            r"[^.]{0,120}?\bkepada\s+(?P<whom>(?:pihak\s+)?(?:kepolisian|polisi|polri)|"
            r"aparat\s+kepolisian|petugas(?:\s+(?:pengamanan|keamanan))?|"
            r"aparat(?:\s+keamanan)?|TNI|kami)\b",
        ),
    )
)
"""What is asked, by the words that ask it (issue #17's list, one pattern each)."""

AUDIENCES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (audience, re.compile(pattern, re.IGNORECASE))
    for audience, pattern in (
        ("public", r"\b(?:masyarakat|warga|publik|khalayak|penduduk)\b"),
        (
            "election_organisers",
            r"\b(?:penyelenggara|KPU|Bawaslu|PPK|PPS|KPPS|Panwas\w*|PPDP|"
            r"Pantarlih)\b",
        ),
        (
            "local_officials",
            r"\b(?:camat|lurah|kepala\s+desa|kades|perangkat\s+(?:desa|"
            r"kelurahan|kecamatan)|ketua\s+RT|ketua\s+RW)\b",
        ),
        (
            "personnel",
            r"\b(?:personel\w*|personil\w*|anggota(?:nya)?(?!\s+(?:dari\s+)?"
            r"(?:KPU|Bawaslu|PPK|PPS|KPPS|DPRD))|prajurit|elemen\s+pengamanan)\b",
        ),
    )
)
"""Whom an appeal addresses, by the words naming them (docs/CODING.md)."""

_TOGETHER = re.compile(r"\bmari(?:lah)?\s+kita\b", re.IGNORECASE)
"""'Marilah kita ...': addressed to everyone and no one; the audience is unknown."""
_ADDRESSED = re.compile(
    r"\bkepada\s+(?:para\s+|seluruh\s+|semua\s+)?(?P<whom>[^,.;]{2,60})", re.IGNORECASE
)


@dataclass(frozen=True)
class AppealFound:
    """An appeal as coded, with its quote and how its audience was read."""

    code: str
    audience: str
    quotes: tuple[str, ...]
    position: int


def _audiences(text: str) -> list[str]:
    """Every audience named in ``text``, in the order they are named."""
    hits = sorted(
        (match.start(), audience)
        for audience, pattern in AUDIENCES
        for match in pattern.finditer(text)
    )
    seen: list[str] = []
    for _, audience in hits:
        if audience not in seen:
            seen.append(audience)
    return seen


def _report_code(match: re.Match[str], branch: str | None) -> str:
    """Report to whom: the police, or security officers; "kami" is the speaker's unit."""
    whom = match.group("whom").casefold()
    if whom == "kami":
        return "report_to_police" if branch == "police" else "report_to_security"
    police = re.search(r"kepolisian|polisi|polri", whom)
    return "report_to_police" if police else "report_to_security"


def _context_audience(
    article: Article, sentence: Sentence
) -> tuple[str, Sentence, tuple[int, int]] | None:
    """The audience of the sentence before, when it says to whom ("kepada para Lurah"): an
    appeal that names nobody ("diharapkan ...") continues the one addressed just before."""
    if sentence.index <= 1:
        return None
    previous = article.sentences[sentence.index - 1]
    for match in _ADDRESSED.finditer(previous.text):
        hits = sorted(
            (m.end(), audience)
            for audience, pattern in AUDIENCES
            for m in pattern.finditer(match.group("whom"))
        )
        if hits:
            end, audience = hits[0]
            span = (previous.start + match.start(), previous.start + match.start("whom") + end)
            return audience, previous, span
    return None


def _appeals_in(
    article: Article, sentence: Sentence, branch: str | None, finding: Finding
) -> list[AppealFound]:
    found = []
    cue = _CUE.search(sentence.text)
    if cue is None:
        return []
    for code, pattern in APPEAL_RULES:
        for match in pattern.finditer(sentence.text):
            coded = _report_code(match, branch) if code == "report" else code
            found.extend(_appeal(article, sentence, coded, match, cue.start(), finding))
    return found


def _appeal(
    article: Article,
    sentence: Sentence,
    code: str,
    match: re.Match[str],
    cue: int,
    finding: Finding,
) -> list[AppealFound]:
    """The appeal(s) one match makes: one per audience named before the request."""
    window = sentence.text[: match.start()]
    start = sentence.start + min(cue, match.start())
    focus = (start, sentence.start + match.end())
    text = quote(article, sentence, focus)
    position = sentence.start + match.start()
    audiences = [] if _TOGETHER.search(window) else _audiences(window)
    if audiences:
        return [AppealFound(code, a, (text,), position) for a in audiences]
    context = None if _TOGETHER.search(window) else _context_audience(article, sentence)
    if context is None:
        return [AppealFound(code, "unknown", (text,), position)]
    audience, previous, span = context
    finding.notes.append(
        f"Sasaran imbauan ({code}) tidak disebut dalam kalimatnya; dicatat "
        f"{audience} karena kalimat sebelumnya ditujukan "
        f'"{article.text[span[0] : span[1]].strip()}". Ini disimpulkan dari '
        "konteks."
    )
    return [AppealFound(code, audience, (text, quote(article, previous, span)), position)]


def find_appeals(article: Article, branch: str | None, finding: Finding) -> list[AppealFound]:
    """Appeals in request sentences, one per (code, audience), in the order made."""
    found: list[AppealFound] = []
    for sentence in article.body:
        found.extend(_appeals_in(article, sentence, branch, finding))
    found.sort(key=lambda a: a.position)
    kept: list[AppealFound] = []
    for appeal in found:
        if all((k.code, k.audience) != (appeal.code, appeal.audience) for k in kept):
            kept.append(appeal)
    if not kept:
        finding.comment(
            "appeals", "appeals: no request of the codebook's kinds found in the article."
        )
    return kept


# --------------------------------------------------------------------------- contacts

_PHONE_VALUE = r"(?P<value>(?:\+62|62|0)(?:[ .\-]?\d){8,13})"
CONTACT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (channel, re.compile(pattern, re.IGNORECASE))
    for channel, pattern in (
        (
            "call_centre",
            r"\b(?:call\s*cent(?:er|re)|hotline|layanan\s+darurat)\s*"
            r"(?:polri\s+|polisi\s+)?(?P<value>\d{3,4})\b",
        ),
        ("whatsapp", r"\b(?:whatsapp|WA)\b[^.\d]{0,60}?" + _PHONE_VALUE),
        ("sms", r"\bSMS\b[^.\d]{0,40}?" + _PHONE_VALUE),
        ("phone", r"\b(?:telepon|telp|tlp|hotline)\.?[^.\d]{0,40}?" + _PHONE_VALUE),
    )
)
"""Public channels: "Call Center 110", a WhatsApp number given to the public, ..."""
_WE = re.compile(r"\bkami\b", re.IGNORECASE)


def find_contacts(
    article: Article, units: Mapping[str, Unit], speaker_unit: str | None, finding: Finding
) -> list[dict[str, Any]]:
    """Channels given to the public, with the unit running one when the text says so
    ("WhatsApp Center kami": the speaking unit's)."""
    found: list[tuple[int, dict[str, Any], str]] = []
    for sentence in article.body:
        for channel, pattern in CONTACT_RULES:
            for match in pattern.finditer(sentence.text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                value: dict[str, Any] = {"channel": channel, "value": match.group("value")}
                named = unit_mentions(article.text, units, start, end)
                if named:
                    value["unit"] = named[0].unit
                elif _WE.search(match.group(0)) and speaker_unit:
                    value["unit"] = speaker_unit
                found.append((start, value, quote(article, sentence, (start, end), True)))
    found.sort(key=lambda item: item[0])
    contacts: list[dict[str, Any]] = []
    for _, value, text in found:
        if all(c["value"] != value["value"] for c in contacts):
            finding.quotes.append(Quote(f"contacts.{len(contacts)}", text))
            contacts.append(value)
    return contacts


# --------------------------------------------------------------------------- places, partners

_LEVEL = r"(?P<level>(?:Kabupaten|Kab\.?|Kota)\s+[A-Z][\w-]*)"
_BODY = (
    r"(?:Komisi\s+Pemilihan\s+Umum\s*\(\s*KPU\s*\)|KPU|Badan\s+Pengawas\s+Pemilu(?:han\s+"
    r"Umum)?\s*\(\s*Bawaslu\s*\)|Bawaslu)"
)
_BODIES = re.compile(rf"(?P<bodies>{_BODY}(?:\s*(?:,|dan|serta|&)\s*{_BODY})*)(?:\s+{_LEVEL})?")
_OFFICE = re.compile(rf"\b[Kk]antor\s+{_BODIES.pattern}")

PLACE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "logistics_warehouse",
        re.compile(r"\bgudang\s+logistik(?:\s+(?:KPU|Pemilu|Pilkada))?", re.IGNORECASE),
    ),
    (
        "government_office",
        re.compile(
            r"\b(?i:kantor\s+(?:Pemkot|Pemkab|Pemda|Pemprov|Bupati|Wali\s*kota|Gubernur|DPRD|"
            r"Kecamatan|Kelurahan|Desa|Camat|Lurah))(?:\s+[A-Z][\w-]*){0,2}"
        ),
    ),
    ("district", re.compile(r"(?<![Kk]antor )\bKecamatan\s+[A-Z][\w-]*")),
    (
        "village",
        re.compile(
            r"(?<![Kk]antor )\b(?:Kelurahan|Desa)\s+[A-Z][\w-]*|"
            r"\b(?i:(?:masing-masing|beberapa|sejumlah|setiap|seluruh|berbagai)\s+"
            r"(?:kelurahan|desa)(?:\s+binaan\w*)?|(?:kelurahan|desa)\s+binaan\w*)"
        ),
    ),
    (
        "public_area",
        re.compile(
            r"\b(?i:titik(?:-titik)?\s+rawan|pusat\s+keramaian|"
            r"pusat\s+perbelanjaan|alun-alun|tempat\s+ibadah|objek\s+vital|"
            r"jalan\s+protokol)"
        ),
    ),
)
"""Places by kind: warehouses, government offices, districts, villages, public areas.
Election offices are read with their bodies and level ("Kantor KPU dan Bawaslu Kota X")."""


def _body_names(bodies: str) -> list[str]:
    return sorted(
        {"KPU" if re.search(r"KPU", b) else "Bawaslu" for b in re.findall(_BODY, bodies)},
        key=lambda name: bodies.find("KPU" if name == "KPU" else "Bawaslu"),
    )


@dataclass(frozen=True)
class PlaceFound:
    name: str
    type: str
    position: int
    sentence: Sentence
    focus: tuple[int, int]


def _election_offices(article: Article, sentence: Sentence) -> list[PlaceFound]:
    found = []
    for match in _OFFICE.finditer(sentence.text):
        level = match.group("level")
        focus = (sentence.start + match.start(), sentence.start + match.end())
        for body in _body_names(match.group("bodies")):
            kind = "election_office" if body == "KPU" else "election_supervisor_office"
            name = " ".join(filter(None, ("Kantor", body, level)))
            found.append(PlaceFound(name, kind, focus[0], sentence, focus))
    return found


def find_places(article: Article, finding: Finding) -> list[dict[str, Any]]:
    """Places named in the body, each once; an unnamed kind ("kelurahan binaannya") once."""
    found: list[PlaceFound] = []
    for sentence in article.body:
        found.extend(_election_offices(article, sentence))
        for kind, pattern in PLACE_RULES:
            for match in pattern.finditer(sentence.text):
                focus = (sentence.start + match.start(), sentence.start + match.end())
                name = match.group(0)
                found.append(
                    PlaceFound(name[:1].upper() + name[1:], kind, focus[0], sentence, focus)
                )
    found.sort(key=lambda p: (p.position, p.type))
    kept: list[PlaceFound] = []
    for place in found:
        if not any(_same_place(place, other) for other in kept):
            kept.append(place)
    kept = [p for p in kept if not _less_precise(p, kept)]
    places: list[dict[str, Any]] = []
    for place in kept:
        finding.quotes.append(
            Quote(f"places.{len(places)}", quote(article, place.sentence, place.focus))
        )
        places.append({"name": place.name, "type": place.type})
    if not places:
        finding.comment("places", "places: none named in the article.")
    return places


def _same_place(place: PlaceFound, other: PlaceFound) -> bool:
    if place.type != other.type:
        return False
    if place.name.casefold() == other.name.casefold():
        return True
    unnamed = not re.search(r"\s[A-Z]", place.name) and not re.search(r"\s[A-Z]", other.name)
    return unnamed and place.type in ("village", "district")


def _less_precise(place: PlaceFound, places: Sequence[PlaceFound]) -> bool:
    """'Kantor KPU' when 'Kantor KPU Kabupaten X' is also named: the same office."""
    return any(
        other is not place
        and other.type == place.type
        and other.name.casefold().startswith(place.name.casefold() + " ")
        for other in places
    )


def region_mentions(
    article: Article, regions: Mapping[str, Region]
) -> list[tuple[str, Sentence, tuple[int, int]]]:
    """Regencies and cities named in the body ("Kabupaten Malang", "Kota Probolinggo")."""
    found = []
    for code in sorted(regions):
        region = regions[code]
        if region.kind == "province":
            continue
        bare = re.sub(r"^(?:Kabupaten|Kota)\s+", "", region.name)
        prefix = r"(?:Kabupaten|Kab\.?)" if region.kind == "regency" else r"Kota"
        pattern = re.compile(rf"\b{prefix}\s+{_words_pattern(bare)}(?![\w])", re.IGNORECASE)
        for sentence in article.body:
            for match in pattern.finditer(sentence.text):
                focus = (sentence.start + match.start(), sentence.start + match.end())
                found.append((code, sentence, focus))
    found.sort(key=lambda item: item[2])
    return found


def _region_of_level(level: str, regions: Mapping[str, Region]) -> str | None:
    bare = re.sub(r"^(?:Kabupaten|Kab\.?|Kota)\s+", "", level)
    kind = "city" if level.startswith("Kota") else "regency"
    for code in sorted(regions):
        region = regions[code]
        if region.kind == kind and re.sub(r"^(?:Kabupaten|Kota)\s+", "", region.name) == bare:
            return code
    return None


def _election_body(organisations: Mapping[str, Organisation], body: str, region: str) -> str | None:
    kind = "election_commission" if body == "KPU" else "election_supervisor"
    hits = [
        org_id
        for org_id in sorted(organisations)
        if organisations[org_id].kind == kind and organisations[org_id].region == region
    ]
    return hits[0] if len(hits) == 1 else None


def find_partners(
    article: Article, tables: Tables, officials: Sequence[OfficialDraft], finding: Finding
) -> list[str]:
    """Organisations named: by their name in organisations.yaml, KPU and Bawaslu by the
    level the text gives ("... Kabupaten Probolinggo"), and officials' organisations."""
    found: list[tuple[int, str, Sentence, tuple[int, int]]] = []
    named = {code for code, _, _ in region_mentions(article, tables.regions)}
    unlevelled: list[tuple[int, str, Sentence, tuple[int, int]]] = []
    for sentence in article.body:
        found.extend(_named_organisations(sentence, tables.organisations))
        for match in _BODIES.finditer(sentence.text):
            focus = (sentence.start + match.start(), sentence.start + match.end())
            level = match.group("level")
            region = _region_of_level(level, tables.regions) if level else None
            for body in _body_names(match.group("bodies")):
                if region:
                    org = _election_body(tables.organisations, body, region)
                    if org:
                        found.append((focus[0], org, sentence, focus))
                else:
                    unlevelled.append((focus[0], body, sentence, focus))
    found.extend(_unlevelled_bodies(unlevelled, found, named, tables, finding))
    partners = _keep_partners(article, found, finding)
    for official in officials:
        org = official.value.get("organisation")
        if official.known and org and org not in partners:
            finding.quotes.append(Quote(f"partners.{len(partners)}", official.quote))
            partners.append(org)
    if not partners and "partners" not in finding.comments:
        finding.comment("partners", "partners: no organisation of organisations.yaml named.")
    return partners


def _named_organisations(
    sentence: Sentence, organisations: Mapping[str, Organisation]
) -> list[tuple[int, str, Sentence, tuple[int, int]]]:
    found = []
    for org_id in sorted(organisations):
        name = re.sub(r"\s*\(.*?\)", "", organisations[org_id].name)
        for match in re.finditer(rf"\b{_words_pattern(name)}\b", sentence.text, re.IGNORECASE):
            focus = (sentence.start + match.start(), sentence.start + match.end())
            found.append((focus[0], org_id, sentence, focus))
    return found


def _unlevelled_bodies(
    unlevelled: Sequence[tuple[int, str, Sentence, tuple[int, int]]],
    found: Sequence[tuple[int, str, Sentence, tuple[int, int]]],
    named: set[str],
    tables: Tables,
    finding: Finding,
) -> list[tuple[int, str, Sentence, tuple[int, int]]]:
    """KPU or Bawaslu named without a level: the one regency or city the article names, if it
    has such a body; otherwise left for the editor."""
    have = {org for _, org, _, _ in found}
    bodies = {
        body
        for _, body, _, _ in unlevelled
        if not any(
            tables.organisations[o].kind
            == ("election_commission" if body == "KPU" else "election_supervisor")
            for o in have
        )
    }
    if not bodies:
        return []
    if len(named) != 1:
        finding.comment(
            "partners",
            f"partners: {_join_id(sorted(bodies))} named without "
            "their level (kabupaten or kota), and the article names "
            f"{len(named)} regions; add them if they took part.",
        )
        return []
    region = next(iter(named))
    added = []
    for position, body, sentence, focus in unlevelled:
        org = _election_body(tables.organisations, body, region) if body in bodies else None
        if org:
            added.append((position, org, sentence, focus))
    if added:
        finding.notes.append(
            f"Tingkat {_join_id(sorted(bodies))} tidak disebut; dicatat "
            f"{tables.regions[region].name} karena hanya wilayah itu yang disebut dalam "
            "artikel. Ini kesimpulan, bukan pernyataan artikel."
        )
    return added


def _keep_partners(
    article: Article, found: Sequence[tuple[int, str, Sentence, tuple[int, int]]], finding: Finding
) -> list[str]:
    partners: list[str] = []
    for _, org, sentence, focus in sorted(found, key=lambda f: f[0]):
        if org in partners:
            continue
        finding.quotes.append(Quote(f"partners.{len(partners)}", quote(article, sentence, focus)))
        partners.append(org)
    return partners


# --------------------------------------------------------------------------- election etc.

_ELECTION_WORDS = {
    "pilkada": re.compile(
        r"\b(?:Pilkada|Pemilukada|Pemilihan\s+Kepala\s+Daerah|Pilbup|"
        r"Pilwali|Pilwalkot|Pilgub)\b",
        re.IGNORECASE,
    ),
    "pemilu": re.compile(r"\b(?:Pemilu|Pemilihan\s+Umum|Pileg|Pilpres)\b", re.IGNORECASE),
}
"""The two kinds of election in the tables, by the words articles use for them."""


def election_kind(election: Election) -> str | None:
    """'pilkada' or 'pemilu', from the election's name."""
    for kind, pattern in _ELECTION_WORDS.items():
        if pattern.search(election.name):
            return kind
    return None


def _kind_in_article(article: Article) -> tuple[str | None, Sentence | None, tuple[int, int]]:
    """The kind the title names, else the one the body names most (first on a tie)."""
    for sentences in ((article.title,), article.body):
        hits: list[tuple[int, str, Sentence, tuple[int, int]]] = []
        for sentence in sentences:
            for kind, pattern in _ELECTION_WORDS.items():
                for match in pattern.finditer(sentence.text):
                    hits.append(
                        (
                            sentence.start + match.start(),
                            kind,
                            sentence,
                            (sentence.start + match.start(), sentence.start + match.end()),
                        )
                    )
        kinds = {kind for _, kind, _, _ in hits}
        if len(kinds) == 1 or (hits and sentences is article.body):
            counts = Counter(kind for _, kind, _, _ in hits)
            hits.sort(key=lambda h: h[0])
            best = max(counts, key=lambda k: (counts[k], -next(h[0] for h in hits if h[1] == k)))
            first = next(h for h in hits if h[1] == best)
            return best, first[2], first[3]
    return None, None, (0, 0)


def find_election(
    article: Article,
    elections: Mapping[str, Election],
    operation: str | None,
    operations: Mapping[str, Operation],
    day: date,
    finding: Finding,
) -> str:
    """The election: the operation's, else the kind the article names (the one whose voting
    day is next after the activity), else the next election, with a comment."""
    kind, sentence, focus = _kind_in_article(article)
    if operation:
        chosen = operations[operation].election
        if sentence is not None and kind == election_kind(elections[chosen]):
            finding.quotes.append(Quote("election", quote(article, sentence, focus)))
        else:
            finding.quotes.extend(
                Quote("election", q.text) for q in finding.quotes if q.field == "operation"
            )
        return chosen
    if not elections:
        raise DraftIncomplete("elections.yaml holds no election: a record needs one")
    candidates = [e for e in elections.values() if kind is None or election_kind(e) == kind]
    if not candidates:
        candidates = list(elections.values())
        kind = None
    chosen = _nearest_election(candidates, day)
    if kind is None or sentence is None:
        finding.comment(
            "election",
            f"election: the article names none; {chosen} is the next "
            "vote after the activity. Check it.",
        )
    else:
        finding.quotes.append(Quote("election", quote(article, sentence, focus)))
    return chosen


def _nearest_election(candidates: Sequence[Election], day: date) -> str:
    after = sorted((e.voting_day, e.id) for e in candidates if e.voting_day >= day)
    if after:
        return after[0][1]
    return max((e.voting_day, e.id) for e in candidates)[1]


def operation_aliases(operation: Operation) -> list[tuple[str, bool]]:
    """Ways to write an operation: its name, shorter by the trailing region or year
    ("Operasi Mantap Praja"), without "Operasi", and as initials ("OMB"). The flag says
    the alias is initials, matched in capitals only."""
    words = operation.name.split()
    aliases: list[tuple[str, bool]] = []
    for end in range(len(words), 1, -1):
        part = words[:end]
        body = part[1:] if part[0].casefold() == "operasi" else part
        if len(body) < 2:
            break
        aliases.append((" ".join(part), False))
        aliases.append((" ".join(body), False))
        letters = [w[0].upper() for w in part if not w.isdigit()]
        if len(letters) >= 3:
            aliases.append(("".join(letters), True))
    return list(dict.fromkeys(aliases))


def find_operation(
    article: Article, operations: Mapping[str, Operation], finding: Finding
) -> str | None:
    """The first named operation; an alias two operations share is not used."""
    owners: dict[tuple[str, bool], set[str]] = {}
    for op_id in sorted(operations):
        for written in operation_aliases(operations[op_id]):
            owners.setdefault(written, set()).add(op_id)
    hits: list[tuple[int, int, str, Sentence, tuple[int, int]]] = []
    for (name, initials), ops in owners.items():
        if len(ops) != 1:
            continue
        flags = 0 if initials else re.IGNORECASE
        for sentence in article.sentences:
            for match in re.finditer(rf"\b{_words_pattern(name)}\b", sentence.text, flags):
                focus = (sentence.start + match.start(), sentence.start + match.end())
                hits.append((focus[0], -len(name), next(iter(ops)), sentence, focus))
    if not hits:
        finding.comment("operation", "operation: no operation of operations.yaml named.")
        return None
    _, _, chosen, sentence, focus = min(hits, key=lambda h: h[:3])
    others = sorted({h[2] for h in hits} - {chosen})
    if others:
        finding.comment("operation", f"operation: also named: {', '.join(others)}.")
    finding.quotes.append(Quote("operation", quote(article, sentence, focus)))
    return chosen


def find_region(article: Article, tables: Tables, unit: str, finding: Finding) -> str:
    """Where it happened: the one regency or city the article names within the unit's area,
    else the unit's headquarters."""
    home = tables.units[unit]
    area = set(home.area or [home.region])
    named = [m for m in region_mentions(article, tables.regions) if m[0] in area]
    codes = sorted({code for code, _, _ in named})
    if len(codes) == 1:
        code, sentence, focus = named[0]
        finding.quotes.append(Quote("region", quote(article, sentence, focus)))
        return code
    finding.comment(
        "region",
        f"region: the headquarters of {unit}; the article names "
        + ("no region of its area." if not codes else f"several ({', '.join(codes)}). Check it."),
    )
    return home.region


# --------------------------------------------------------------------------- activity, id

_SIMULATION = re.compile(
    r"\b(?:simulasi|sispam\w*|simpamkota|latihan\s+pengamanan|"
    r"tactical\s+floor\s+game)\b",
    re.IGNORECASE,
)
_PATROL = re.compile(r"\b(?:patroli|berpatroli)\b", re.IGNORECASE)
_ACTIVITY = re.compile(
    r"\b(?:patroli|simulasi|sispam\w*)\b(?:\s+(?!(?:di|ke|yang|untuk|dan|dalam|pada|ini|"
    r"tersebut|dengan|sebagai|guna|agar|oleh|serta|juga|selama|menjelang|jelang)\b)"
    r"[\w-]+){0,3}",
    re.IGNORECASE,
)


def find_kind(article: Article, finding: Finding) -> str:
    """Simulation when the title says so, or the body speaks of it more than of patrols."""
    title_sim = bool(_SIMULATION.search(article.title.text))
    title_patrol = bool(_PATROL.search(article.title.text))
    if title_sim != title_patrol:
        kind = "simulation" if title_sim else "patrol"
    else:
        body = " ".join(s.text for s in article.body)
        simulations, patrols = len(_SIMULATION.findall(body)), len(_PATROL.findall(body))
        if not simulations and not patrols:
            finding.comment("kind", "kind: the article names neither a patrol nor a simulation.")
        kind = "simulation" if simulations > patrols else "patrol"
    pattern = _SIMULATION if kind == "simulation" else _PATROL
    for sentence in article.sentences:
        match = pattern.search(sentence.text)
        if match:
            focus = (sentence.start + match.start(), sentence.start + match.end())
            finding.quotes.append(Quote("kind", quote(article, sentence, focus)))
            break
    return kind


def find_activity(article: Article, kind: str, finding: Finding) -> str:
    """The activity as reported: the longer of the title's and the body's first phrase."""
    found: list[tuple[int, int, str, Sentence, tuple[int, int]]] = []
    for order, sentences in enumerate(((article.title,), article.body)):
        hit = next(((s, m) for s in sentences for m in _ACTIVITY.finditer(s.text)), None)
        if hit:
            sentence, match = hit
            focus = (sentence.start + match.start(), sentence.start + match.end())
            found.append((-_words(match.group(0)), -order, match.group(0), sentence, focus))
    if not found:
        finding.comment("activity", "activity: no phrase found; the kind is written.")
        return "patroli" if kind == "patrol" else "simulasi"
    _, _, text, sentence, focus = min(found, key=lambda f: f[:2])
    finding.quotes.append(Quote("activity", quote(article, sentence, focus)))
    return text[:1].lower() + text[1:]


def record_id(day: date, unit: str, activity: str, election: str) -> str:
    """'<date>-<unit>-<2 to 4 words of the activity>', at most 120 characters."""
    words = [word for word in slug(activity).split("-") if word][:4]
    if len(words) < 2:
        words.append(election.split("-")[0])
    text = f"{day.isoformat()}-{unit}-{'-'.join(words)}"
    return text[:120].rstrip("-")


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class DraftResult:
    """A drafted record: the validated values, the YAML comments for the editor, and the
    officials that cannot be coded yet (written as comments)."""

    record: Record
    comments: Mapping[str, tuple[str, ...]]
    pending: tuple[OfficialDraft, ...] = ()

    @property
    def id(self) -> str:
        return self.record.id

    def text(self) -> str:
        """The record file: front matter with comments, and the summary placeholder."""
        data = self.record.model_dump(mode="json", exclude_none=True)
        lines = [
            "---",
            "# Draft by `generator/draft.py`: check every value against the article,",
            "# write the summary, then remove `draft: true`.",
            "draft: true",
        ]
        for name in Record.model_fields:
            if name == "draft":
                continue
            lines.extend(_comment_lines(self.comments.get(name, ())))
            value = data.get(name)
            if value not in (None, [], "") and not (name == "date_precision" and value == "day"):
                lines.append(_yaml({name: value}))
            if name == "officials":
                lines.extend(_pending_officials(self.pending, len(self.record.officials)))
            if name == "evidence":
                lines.extend(_pending_evidence(self.pending, len(self.record.officials)))
        return "\n".join([*lines, "---", SUMMARY_PLACEHOLDER, ""])


def _yaml(value: Mapping[str, Any]) -> str:
    return yaml.safe_dump(
        dict(value), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    ).rstrip("\n")


def _comment_lines(comments: Iterable[str]) -> list[str]:
    lines: list[str] = []
    for comment in comments:
        lines.extend(f"# {line}" for line in textwrap.wrap(comment, 96))
    return lines


def _pending_officials(pending: Sequence[OfficialDraft], known: int) -> list[str]:
    if not pending:
        return []
    lines = _comment_lines(
        [
            "Officials that cannot be coded yet: add each person to people.yaml (id, name) and "
            "give the post (position), then uncomment the entry and its evidence below."
        ]
    )
    if not known:
        lines.append("# officials:")
    for official in pending:
        lines.extend(_comment_lines([f"{official.value['person']}: {official.reason}."]))
        entry = _yaml({"x": [official.value]}).split("\n")[1:]
        lines.extend(f"# {line}" for line in entry)
    return lines


def _pending_evidence(pending: Sequence[OfficialDraft], known: int) -> list[str]:
    lines: list[str] = []
    for number, official in enumerate(pending, start=known):
        item = {"field": f"officials.{number}", "source": 1, "quote": official.quote}
        lines.extend(f"# {line}" for line in _yaml({"x": [item]}).split("\n")[1:])
    return lines


def _ordered_quotes(quotes: Iterable[Quote]) -> list[dict[str, Any]]:
    """Evidence items, required claims first, each (field, quote) once."""
    order = ("date", "date_inferred", "units", "officials", "personnel", "appeals")
    ranked = sorted(
        enumerate(quotes),
        key=lambda item: (
            next(
                (i for i, name in enumerate(order) if item[1].field.split(".")[0] == name),
                len(order),
            ),
            item[0],
        ),
    )
    seen: set[tuple[str, str]] = set()
    items = []
    for _, found in ranked:
        if (found.field, found.text) in seen or not found.text:
            continue
        seen.add((found.field, found.text))
        items.append({"field": found.field, "source": 1, "quote": found.text})
    return items


def _units_or_fallback(article: Article, tables: Tables, finding: Finding) -> list[UnitFound]:
    found = find_units(article, tables.units, finding)
    if found:
        return found
    best = best_title_unit(article, tables.units)
    if best is None:
        raise DraftIncomplete(
            "no unit of units.yaml is named in the article, nor matches "
            "its title: add the unit to units.yaml first"
        )
    finding.comment(
        "units",
        f"units: none named outright; {best} matches the title best and "
        "is written with role unknown. Check it.",
    )
    finding.notes.append(
        f"Satuan tidak disebut dengan namanya; {tables.units[best].name} "
        "dipilih karena paling cocok dengan judul. Periksa."
    )
    mention = Mention(best, article.title.start, article.title.end, False)
    return [UnitFound(best, mention)]


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _warn_phones(data: Mapping[str, Any], finding: Finding) -> None:
    """A phone number the article put in a title or a post is refused outside contacts
    (PRIVATE_DATA); the drafter does not rewrite the article's words, it says where."""
    for name, value in data.items():
        if name != "contacts" and any(PHONE.search(text) for text in _texts(value)):
            finding.comment(
                name,
                f"{name}: holds a phone number, which validation refuses "
                "outside contacts (PRIVATE_DATA); remove it.",
            )


def draft_record(article: str, tables: Tables, today: date) -> DraftResult:
    """Draft a record from the article's text, by the rules of this module.

    Raises :class:`DraftIncomplete` when the article gives no day at all or names no unit."""
    parsed = parse_article(article)
    finding = Finding()
    published = find_published(parsed.header)
    source = find_source(parsed, published, finding)
    when = find_date(parsed, tables.elections.values(), published, today, finding)
    units = _units_or_fallback(parsed, tables, finding)
    finding.quotes.extend(unit_quotes(parsed, units))
    main_unit = next((u.unit for u in units if u.role == "lead"), units[0].unit)
    officials = find_officials(parsed, tables, finding)
    known = [o for o in officials if o.known]
    finding.quotes.extend(Quote(f"officials.{i}", o.quote) for i, o in enumerate(known))
    if not officials:
        finding.comment("officials", "officials: nobody named with a rank or post.")
    personnel = find_personnel(parsed, finding)
    appeals = find_appeals(parsed, tables.units[main_unit].branch, finding)
    for index, appeal in enumerate(appeals):
        finding.quotes.extend(Quote(f"appeals.{index}", text) for text in appeal.quotes)
    operation = find_operation(parsed, tables.operations, finding)
    election = find_election(
        parsed, tables.elections, operation, tables.operations, when.day, finding
    )
    kind = find_kind(parsed, finding)
    activity = find_activity(parsed, kind, finding)
    contacts = find_contacts(parsed, tables.units, main_unit, finding)
    if not contacts:
        finding.comment("contacts", "contacts: no public channel given.")
    places = find_places(parsed, finding)
    partners = find_partners(parsed, tables, known, finding)
    region = find_region(parsed, tables, main_unit, finding)
    finding.notes.append(
        "Draf otomatis: periksa setiap nilai terhadap artikel, tulis "
        "ringkasan dengan kata-kata sendiri, lalu hapus catatan ini."
    )
    data: dict[str, Any] = {
        "id": record_id(when.day, main_unit, activity, election),
        "kind": kind,
        "activity": activity,
        "date": when.day.isoformat(),
        "date_basis": when.basis,
        "date_inferred": list(when.inferred),
        "election": election,
        "operation": operation,
        "units": [{"id": u.unit, "role": u.role} for u in units],
        "partners": partners,
        "region": region,
        "places": places,
        "personnel": personnel,
        "officials": [o.value for o in known],
        "appeals": [{"code": a.code, "audience": a.audience} for a in appeals],
        "contacts": contacts,
        "sources": [source],
        "quality_notes": finding.notes,
        "evidence": _ordered_quotes(finding.quotes),
        "draft": True,
    }
    record = Record.model_validate({k: v for k, v in data.items() if v is not None})
    _warn_phones(data, finding)
    comments = {name: tuple(lines) for name, lines in finding.comments.items()}
    return DraftResult(record, comments, tuple(o for o in officials if not o.known))


def read_article(path: Path) -> str:
    """The article as text: UTF-8, or a clear error (quotes are copied byte for byte)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleUnreadable(f"{path}: cannot read the article ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleEncoding(
            f"{path}: the article is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def write_draft(article_path: Path, content_dir: Path, today: date | None = None) -> Path:
    """Draft a record from ``article_path`` into ``content_dir/records/<id>.md``; never
    overwrites a file (:class:`DraftExists`). Returns the path written."""
    today = today or date.today()
    dataset = validate_content(content_dir, today=today, allow_empty=True)
    result = draft_record(read_article(article_path), dataset, today)
    target = content_dir / "records" / f"{result.id}.md"
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(result.text())
    except FileExistsError:
        raise DraftExists(
            f"{target} exists; a draft never overwrites a record: rename or remove it first"
        ) from None
    return target
