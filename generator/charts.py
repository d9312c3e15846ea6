"""Charts as inline SVG, drawn at build time: no JavaScript, no inline styles.

Pure functions: no I/O, no Pelican. Each returns a :class:`Chart` whose
``svg`` is a complete ``<svg>`` element, ready to be written into an HTML5
page as it is (with Jinja autoescape on: ``{{ chart.svg|safe }}``). Every
piece of text in it is escaped here; ``title``, ``description`` and the
labels of ``table`` are plain text, to be escaped by the template as usual.

The site's Content-Security-Policy forbids inline styles, so colours, sizes
and fonts are presentation attributes (``fill``, ``font-size``…), which CSS
may override through the ``class`` attributes:

* ``svg.chart`` (plus ``chart-weekly``, ``chart-monthly``, ``chart-counts``,
  ``chart-empty``),
* ``.chart-bar``, ``.chart-grid``, ``.chart-axis``, ``.chart-tick``,
  ``.chart-label``, ``.chart-value``, ``.chart-marker``,
  ``.chart-marker-label``, ``.chart-note``.

The output is deterministic: the same input gives the same string (numbers
have fixed decimals, ties are broken by date or by the caller's order).
Texts are Indonesian, or English inside ``with chart_language("en")``; dates and
numbers are formatted by Babel in that language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from babel.numbers import format_decimal

from .i18n import LANGUAGES, SOURCE_LANGUAGE, translations
from .models import Election
from .site import RecordPage, UnitPage

WIDTH = 480.0
"""Width of every chart in viewBox units; the height depends on the chart."""

MARKER_WINDOW = timedelta(weeks=8)
"""A voting day up to this long after the last record extends the weekly chart."""

INK = "#1b1b1b"  # text: 17.2:1 on white
MUTED = "#5a5a5a"  # axis labels: 6.9:1 on white
ACCENT = "#0b5394"  # bars: 7.8:1 on white
MARKER = "#b3261e"  # voting days, line and label: 6.5:1 on white
GRID = "#d8d8d8"  # decorative grid lines only
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', sans-serif"
FONT_SIZE = 12.0
SMALL = 11.0
NARROW = frozenset(" !'(),./:;I[]fijlrt|")
WIDE = frozenset("MWmw")
"""Characters narrower or wider than most: text widths are estimated, generously, so
that labels neither collide nor run out of the drawing (DejaVu Sans is the widest
likely fallback font)."""

_LANG: ContextVar[str] = ContextVar("chart_language", default=SOURCE_LANGUAGE)


def _(message: str, **values: str) -> str:
    """``message`` (Indonesian) in the chart language, through the site's gettext catalogue,
    with ``{name}`` fields filled in."""
    return translations(_LANG.get()).gettext(message).format(**values)


def _no_records() -> str:
    return _("Belum ada catatan kegiatan, jadi grafik ini kosong.")


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a count, ``{n}`` filled in."""
    return translations(_LANG.get()).ngettext(singular, plural, n).format(n=_num(n))


@contextmanager
def chart_language(lang: str) -> Iterator[None]:
    """Draw the charts made inside this block in ``lang`` (``id`` or ``en``)."""
    token = _LANG.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _LANG.reset(token)


MAX_LISTED = 12
"""How many rows :func:`count_chart` spells out in its description."""


@dataclass(frozen=True)
class Chart:
    """A chart and its text alternatives."""

    svg: str
    """A complete inline ``<svg>`` element, safe to embed in HTML as it is."""
    title: str
    """Short title, also the SVG ``<title>``."""
    description: str
    """Text alternative summarising the numbers, also the SVG ``<desc>``."""
    table: tuple[tuple[str, int], ...]
    """(label, count) rows for the data table shown under the chart."""


# --------------------------------------------------------------------------- text and numbers


def _allowed(code: int) -> bool:
    """Characters allowed in both XML 1.0 and HTML text (no controls, no noncharacters)."""
    if code < 0x20:
        return code in (0x09, 0x0A, 0x0D)
    if code < 0x7F:
        return True
    if code < 0xA0:
        return False
    if 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF:
        return False
    return (code & 0xFFFE) != 0xFFFE


_SUSPECT = re.compile(r"[^\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]")


def _clean(text: str) -> str:
    """``text`` without characters that XML or HTML forbid."""
    if _SUSPECT.search(text) is None:
        return text
    return "".join(char for char in text if _allowed(ord(char)))


def _esc(text: str) -> str:
    """Escape ``text`` for element content or a double-quoted attribute value."""
    return (
        _clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _shorten(text: str, max_chars: int) -> str:
    text = _one_line(text)
    if len(text) <= max_chars:
        return text
    return text[: max(1, max_chars - 1)].rstrip() + "…"


def _n(value: float) -> str:
    """A coordinate with fixed decimals (never ``-0.0``)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _num(value: int) -> str:
    """A count written the local way: ``100.000`` (id), ``100,000`` (en)."""
    return format_decimal(value, locale=_LANG.get())


def _text_width(text: str, size: float) -> float:
    ems = 0.0
    for char in text:
        if char in NARROW:
            ems += 0.36
        elif char in WIDE:
            ems += 0.92
        elif char.isupper() or char.isdigit():
            ems += 0.72
        else:
            ems += 0.62
    return ems * size


def _fit(text: str, width: float, size: float) -> str:
    """``text`` on one line, cut (with an ellipsis) to at most ``width`` wide."""
    text = _one_line(text)
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _key(key: str) -> str:
    """``key`` as ``[a-z0-9-]``: letters folded to ASCII, everything else a hyphen."""
    folded = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "chart"


def _day(day: date) -> str:
    return format_date(day, "d MMM y", locale=_LANG.get())


def _month(day: date) -> str:
    return format_date(day, "MMM y", locale=_LANG.get())


def _week(monday: date) -> str:
    """``26 Agu – 1 Sep 2024``: our own interval form, not CLDR's, whose spacing changed
    between Babel releases (thin spaces in 2.17, none in 2.19); only month names come
    from CLDR. Parts the two ends share are written once."""
    sunday = monday + timedelta(days=6)
    if monday.year != sunday.year:
        start = _day(monday)
    elif monday.month != sunday.month:
        start = format_date(monday, "d MMM", locale=_LANG.get())
    else:
        start = str(monday.day)
    dash = " – " if monday.month != sunday.month else "–"
    return f"{start}{dash}{_day(sunday)}"


def _kegiatan(count: int) -> str:
    return ngettext("{n} catatan kegiatan", "{n} catatan kegiatan", count)


# --------------------------------------------------------------------------- SVG frame


def _svg(
    key: str, kind: str, height: float, title: str, description: str, body: Iterable[str]
) -> str:
    ident = f"chart-{_key(key)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="chart chart-{kind}" '
        f'viewBox="0 0 {_n(WIDTH)} {_n(height)}" role="img" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'font-family="{_esc(FONT)}" font-size="{_n(FONT_SIZE)}" fill="{INK}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{_esc(title)}</title>',
            f'<desc id="{ident}-desc">{_esc(description)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _empty(key: str, kind: str, title: str, description: str) -> Chart:
    height = 60.0
    note = (
        f'<text class="chart-note" x="{_n(WIDTH / 2)}" y="{_n(height / 2 + 4)}" '
        f'text-anchor="middle" fill="{MUTED}">{_esc(description)}</text>'
    )
    svg = _svg(key, f"{kind} chart-empty", height, title, description, [note])
    return Chart(svg=svg, title=title, description=description, table=())


def _ticks(maximum: int) -> tuple[int, int]:
    """(top, step) of a value axis from 0 showing ``maximum``, at most 5 steps of 1, 2 or 5."""
    if maximum <= 0:
        return 1, 1
    step = 1
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(maximum / step) <= 5:
                return math.ceil(maximum / step) * step, step
        magnitude *= 10


def _value_axis(
    left: float, right: float, base: float, plot_height: float, maximum: int
) -> tuple[list[str], int]:
    """Grid lines and labels of the vertical axis; also returns the axis top value."""
    top, step = _ticks(maximum)
    out = ['<g class="chart-grid">']
    labels = [f'<g class="chart-label" font-size="{_n(SMALL)}" fill="{MUTED}" text-anchor="end">']
    for value in range(0, top + 1, step):
        y = base - value / top * plot_height
        colour = MUTED if value == 0 else GRID
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        labels.append(f'<text x="{_n(left - 6)}" y="{_n(y + 4)}">{_esc(_num(value))}</text>')
    out.append("</g>")
    labels.append("</g>")
    return out + labels, top


def _left_margin(maximum: int) -> float:
    top = _ticks(maximum)[0]
    return 12 + _text_width(_num(top), SMALL)


def _month_step(units_per_month: float, min_spacing: float) -> int:
    """Label every ``step`` months so that labels are ``min_spacing`` apart."""
    candidates = [1, 2, 3, 4, 6]
    years = 1
    while True:
        for factor in (1, 2, 5):
            candidates.append(12 * factor * years)
        if candidates[-1] * units_per_month >= min_spacing:
            break
        years *= 10
    return next(step for step in candidates if step * units_per_month >= min_spacing)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _bar(x: float, y: float, width: float, height: float, tip: str) -> str:
    return (
        f'<rect class="chart-bar" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" '
        f'height="{_n(height)}" fill="{ACCENT}"><title>{_esc(tip)}</title></rect>'
    )


def _peak(table: Sequence[tuple[str, int]]) -> str:
    """'peak count (first label, and n others)' of a non-empty table."""
    peak = max(count for _, count in table)
    labels = [label for label, count in table if count == peak]
    others = _(" dan {n} lainnya", n=_num(len(labels) - 1)) if len(labels) > 1 else ""
    return f"{_kegiatan(peak)} ({labels[0]}{others})"


# --------------------------------------------------------------------------- weekly chart


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


MARKER_ROWS = 3
"""Rows of voting-day labels above the plot, at most."""

_Label = tuple[float, str, str, int, float, float]
"""A placed marker label: line x, text-anchor, text, row, left and right edge."""


def _clash(label: _Label, other: _Label, lines: bool) -> bool:
    """Whether two placed labels overlap (or, with ``lines``, one's line crosses the other)."""
    x, _, _, row, low, high = label
    other_x, _, _, other_row, other_low, other_high = other
    gap = 6.0
    if row == other_row:
        return not (high + gap <= other_low or low >= other_high + gap)
    if not lines:
        return False
    if other_row < row:  # the other line runs down through this label's row
        return low - gap <= other_x <= high + gap
    return other_low - gap <= x <= other_high + gap


def _options(x: float, text: str) -> list[_Label]:
    width = _text_width(text, SMALL)
    anchors = [("start", x + 4, x + 4 + width), ("end", x - 4 - width, x - 4)]
    inside = [a for a in anchors if a[1] >= 0 and a[2] <= WIDTH - 2] or [anchors[1]]
    return [
        (x, anchor, text, row, low, high)
        for row in range(MARKER_ROWS)
        for anchor, low, high in inside
    ]


def _marker_rows(markers: Sequence[tuple[float, str]]) -> list[tuple[float, str, str, int]]:
    """Place the marker labels in rows above the plot: (x, anchor, text, row).

    Labels point right of their line, or left when there is no room. First
    try to keep labels apart and every line clear of other labels (a short
    search); failing that, keep only labels apart (greedy); a label with no
    room left goes in the last row.
    """
    choices = [_options(x, text) for x, text in markers]
    budget = [5000]

    def search(done: list[_Label]) -> list[_Label] | None:
        if len(done) == len(choices):
            return done
        for option in choices[len(done)]:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            if not any(_clash(option, other, lines=True) for other in done):
                found = search([*done, option])
                if found is not None:
                    return found
        return None

    placed = search([])
    if placed is None:
        placed = []
        for options in choices:
            placed.append(
                next(
                    (o for o in options if not any(_clash(o, p, lines=False) for p in placed)),
                    options[-1],
                )
            )
    return [(x, anchor, text, row) for x, anchor, text, row, _, _ in placed]


def weekly_chart(
    pages: Iterable[RecordPage], elections: Iterable[Election], *, key: str = "weekly"
) -> Chart:
    """Records per ISO week (Monday to Sunday), with the voting days marked.

    The weeks run from the week of the first record to the week of the last,
    extended to the week of any voting day up to 8 weeks after the last
    record; weeks without records count 0. Each voting day inside that range
    gets a vertical line and a label (elections voting on the same day share
    one). The table has one row per week, empty weeks included.
    """
    title = _("Catatan kegiatan per minggu")
    per_day: Counter[date] = Counter()
    imprecise = 0
    for page in pages:
        record = page.record
        per_day[record.date] += 1
        if record.date_precision != "day":
            imprecise += 1
    if not per_day:
        return _empty(key, "weekly", title, _no_records())

    by_day: dict[date, list[str]] = defaultdict(list)
    for election in sorted(elections, key=lambda e: (e.voting_day, e.name, e.id)):
        by_day[election.voting_day].append(election.name)
    first, last = min(per_day), max(per_day)
    start, last_week = _monday(first), _monday(last)
    for day in by_day:
        if last < day <= last + MARKER_WINDOW:
            last_week = max(last_week, _monday(day))
    weeks = (last_week - start).days // 7 + 1
    end = start + timedelta(weeks=weeks)  # exclusive
    counts = [0] * weeks
    for day, count in per_day.items():
        counts[(day - start).days // 7] += count
    total = sum(counts)
    table = tuple((_week(start + timedelta(weeks=i)), count) for i, count in enumerate(counts))
    votes = [
        (day, " / ".join(names)) for day, names in sorted(by_day.items()) if start <= day < end
    ]

    empty_weeks = sum(1 for count in counts if count == 0)
    description = _(
        "Dari {start} sampai {end} (minggu dihitung Senin–Minggu): {total} dalam "
        "{weeks} minggu; {empty} minggu tanpa catatan. Paling banyak dalam "
        "seminggu: {peak}.",
        start=_day(start),
        end=_day(end - timedelta(days=1)),
        total=_kegiatan(total),
        weeks=_num(weeks),
        empty=_num(empty_weeks),
        peak=_peak(table),
    )
    if votes:
        description += (
            _(" Garis tegak menandai hari pemungutan suara: ")
            + "; ".join(f"{names} ({_day(day)})" for day, names in votes)
            + "."
        )
    if imprecise:
        description += _(
            " {n} hanya diketahui bulan atau tahunnya, jadi dimasukkan ke minggu "
            "yang memuat tanggal 1 bulan itu (atau 1 Januari tahun itu).",
            n=_kegiatan(imprecise),
        )

    maximum = max(counts)
    left = _left_margin(maximum)
    right = WIDTH - 16
    plot_width = right - left
    total_days = weeks * 7

    def x_of(day: date) -> float:
        return left + (day - start).days / total_days * plot_width

    markers = [
        (x_of(day) + plot_width / total_days / 2, f"{_shorten(names, 48)} ({_day(day)})")
        for day, names in votes
    ]
    placed = _marker_rows(markers)
    rows = max((row for *_, row in placed), default=-1) + 1
    row_height = 15.0
    top = 12 + rows * row_height + (6 if rows else 0)
    plot_height = 180.0
    base = top + plot_height
    height = base + 34

    body, axis_top = _value_axis(left, right, base, plot_height, maximum)
    slot = plot_width / weeks
    _bars(body, [week for week, _ in table], counts, left, slot, base, plot_height, axis_top)

    # Month labels under the axis, at the first day of a month.
    spacing = _text_width("Sep 2024", SMALL) + 10
    step = _month_step(30.436875 / total_days * plot_width, spacing)
    ticks: list[tuple[float, str]] = []
    month = _add_months(start, 1)
    limit = -math.inf
    while month < end:
        x = x_of(month)
        label = _month(month)
        if (
            _month_index(month) % step == 0
            and x >= limit
            and x + 3 + _text_width(label, SMALL) <= WIDTH
        ):
            ticks.append((x, label))
            limit = x + spacing
        month = _add_months(month, 1)
    if not ticks or ticks[0][0] - left >= spacing:  # name the month the chart starts in
        ticks.insert(0, (left, _month(start)))
    body.append(f'<g class="chart-label chart-axis" font-size="{_n(SMALL)}" fill="{MUTED}">')
    for x, label in ticks:
        body.append(
            f'<line class="chart-tick" x1="{_n(x)}" y1="{_n(base)}" x2="{_n(x)}" '
            f'y2="{_n(base + 6)}" stroke="{MUTED}" stroke-width="1"/>'
        )
        body.append(f'<text x="{_n(x + 3)}" y="{_n(base + 18)}">{_esc(label)}</text>')
    body.append("</g>")

    if placed:
        body.append(f'<g class="chart-marker" fill="{MARKER}" font-size="{_n(SMALL)}">')
        for x, anchor, text, row in placed:
            label_y = 12 + (row + 1) * row_height - 4
            body.append(
                f'<line x1="{_n(x)}" y1="{_n(label_y + 4)}" x2="{_n(x)}" '
                f'y2="{_n(base)}" stroke="{MARKER}" stroke-width="1.5" '
                f'stroke-dasharray="4 3"/>'
            )
            text_x = x + 4 if anchor == "start" else x - 4
            body.append(
                f'<text class="chart-marker-label" x="{_n(text_x)}" y="{_n(label_y)}" '
                f'text-anchor="{anchor}">{_esc(text)}</text>'
            )
        body.append("</g>")

    svg = _svg(key, "weekly", height, title, description, body)
    return Chart(svg=svg, title=title, description=description, table=table)


# --------------------------------------------------------------------------- unit timeline


def _bars(
    body: list[str],
    labels: Sequence[str],
    counts: Sequence[int],
    left: float,
    slot: float,
    base: float,
    plot_height: float,
    axis_top: float,
) -> None:
    """One bar per slot of a time axis (none where the count is 0), labelled for hover."""
    bar_width = max(min(slot * 0.8, 48.0), 1.5)
    body.append('<g class="chart-bars">')
    for i, count in enumerate(counts):
        if count:
            bar_height = count / axis_top * plot_height
            x = left + i * slot + (slot - bar_width) / 2
            body.append(
                _bar(
                    x, base - bar_height, bar_width, bar_height, f"{labels[i]}: {_kegiatan(count)}"
                )
            )
    body.append("</g>")


def _monthly_chart(key: str, title: str, subject: str, days: Iterable[date]) -> Chart:
    per_month: Counter[int] = Counter(_month_index(day) for day in days)
    if not per_month:
        return _empty(key, "monthly", title, _no_records())
    first, last = min(per_month), max(per_month)
    months = last - first + 1
    counts = [per_month.get(first + i, 0) for i in range(months)]
    start = date(first // 12, first % 12 + 1, 1)
    labels = [_month(_add_months(start, i)) for i in range(months)]
    table = tuple(zip(labels, counts, strict=True))
    total = sum(counts)
    empty_months = sum(1 for count in counts if count == 0)
    description = _(
        "Dari {first} sampai {last}: {total} yang melibatkan {subject}, dalam "
        "{months} bulan; {empty} bulan tanpa catatan. Paling banyak dalam "
        "sebulan: {peak}.",
        subject=subject,
        first=labels[0],
        last=labels[-1],
        total=_kegiatan(total),
        months=_num(months),
        empty=_num(empty_months),
        peak=_peak(table),
    )

    maximum = max(counts)
    left = _left_margin(maximum)
    right = WIDTH - 16
    plot_width = right - left
    top, plot_height = 14.0, 150.0
    base = top + plot_height
    height = base + 34
    body, axis_top = _value_axis(left, right, base, plot_height, maximum)
    slot = plot_width / months
    _bars(body, labels, counts, left, slot, base, plot_height, axis_top)

    spacing = _text_width("Sep 2024", SMALL) + 10
    step = _month_step(slot, spacing)
    body.append(
        f'<g class="chart-label chart-axis" font-size="{_n(SMALL)}" fill="{MUTED}" '
        f'text-anchor="middle">'
    )
    limit = -math.inf
    for i, label in enumerate(labels):
        x = left + (i + 0.5) * slot
        half = _text_width(label, SMALL) / 2
        if (months == 1 or (first + i) % step == 0) and x - half >= limit and x + half <= WIDTH:
            body.append(f'<text x="{_n(x)}" y="{_n(base + 18)}">{_esc(label)}</text>')
            limit = x + half + 10
    body.append("</g>")
    svg = _svg(key, "monthly", height, title, description, body)
    return Chart(svg=svg, title=title, description=description, table=table)


def unit_timeline(unit_page: UnitPage, *, key: str | None = None) -> Chart:
    """Records per month of one unit (lead or taking part), first to last month.

    Months without records count 0; the table has one row per month. The
    default ``key`` is ``unit-<unit id>``.
    """
    unit = unit_page.unit
    return _monthly_chart(
        key if key is not None else f"unit-{unit.id}",
        _("Catatan kegiatan yang melibatkan {name}, per bulan", name=_one_line(unit.name)),
        _one_line(unit.name),
        (page.record.date for page in unit_page.records),
    )


# --------------------------------------------------------------------------- counts


def count_chart(title: str, counts: Mapping[str, int], *, key: str | None = None) -> Chart:
    """A horizontal bar per (label, count), in the mapping's order.

    Labels are shown as given (shortened in the drawing if long; the table
    and the tooltip keep them whole). Counts must not be negative. The
    default ``key`` is ``count-`` and the title as ``[a-z0-9-]``.
    """
    ident = key if key is not None else f"count-{_key(title)}"
    rows: list[tuple[str, int]] = []
    for label, count in counts.items():
        if count < 0:
            raise ValueError(f"negative count {count} for {label!r}")
        rows.append((str(label), int(count)))
    if not rows:
        return _empty(ident, "counts", title, _("Belum ada data, jadi grafik ini kosong."))
    table = tuple(rows)
    total = sum(count for _, count in rows)
    listed = "; ".join(f"{_one_line(label)}: {_num(count)}" for label, count in rows[:MAX_LISTED])
    if len(rows) > MAX_LISTED:
        listed += _("; dan {n} lainnya", n=_num(len(rows) - MAX_LISTED))
    # Not the title again: the caption shows it just before the description.
    description = f"{listed}. " + _("Jumlah seluruhnya: {n}.", n=_num(total))

    max_label = 240.0
    shown = [_fit(label, max_label, FONT_SIZE) for label, _ in rows]
    label_width = max(48.0, max(_text_width(text, FONT_SIZE) for text in shown))
    maximum = max(count for _, count in rows)
    value_width = _text_width(_num(maximum), FONT_SIZE) + 8
    x0 = 8 + label_width + 8
    bar_max = WIDTH - 8 - value_width - x0
    row_height, bar_height, top = 26.0, 16.0, 8.0
    height = top * 2 + row_height * len(rows)

    body: list[str] = []
    for i, ((label, count), text) in enumerate(zip(rows, shown, strict=True)):
        y = top + i * row_height
        width = 0.0 if maximum == 0 else count / maximum * bar_max
        if count:
            width = max(width, 1.0)
        middle = y + row_height / 2 + 4
        body.append('<g class="chart-row">')
        body.append(f"<title>{_esc(_one_line(label))}: {_esc(_num(count))}</title>")
        body.append(
            f'<text class="chart-label" x="{_n(x0 - 8)}" y="{_n(middle)}" '
            f'text-anchor="end">{_esc(text)}</text>'
        )
        if count:
            body.append(
                f'<rect class="chart-bar" x="{_n(x0)}" '
                f'y="{_n(y + (row_height - bar_height) / 2)}" width="{_n(width)}" '
                f'height="{_n(bar_height)}" fill="{ACCENT}"/>'
            )
        body.append(
            f'<text class="chart-value" x="{_n(x0 + width + 4)}" y="{_n(middle)}">'
            f"{_esc(_num(count))}</text>"
        )
        body.append("</g>")
    body.append(
        f'<line class="chart-axis" x1="{_n(x0)}" y1="{_n(top)}" x2="{_n(x0)}" '
        f'y2="{_n(height - top)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    svg = _svg(ident, "counts", height, title, description, body)
    return Chart(svg=svg, title=title, description=description, table=table)
