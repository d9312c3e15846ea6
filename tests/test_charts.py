"""Build-time SVG charts: numbers, escaping, accessibility, determinism, scale."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.charts import WIDTH, Chart, count_chart, unit_timeline, weekly_chart
from generator.models import Election
from generator.site import RecordPage, SiteModel, UnitPage, build_model
from generator.validate import validate_content

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "sites" / "golden" / "content"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "</svg><script>alert(1)</script> & \"kutip\" 'tunggal' <b>"


@pytest.fixture(scope="module")
def real() -> SiteModel:
    return build_model(validate_content(ROOT / "content"))


@pytest.fixture(scope="module")
def golden() -> SiteModel:
    return build_model(validate_content(GOLDEN))


def elections(model: SiteModel) -> list[Election]:
    return list(model.dataset.elections.values())


def moved(page: RecordPage, day: date) -> RecordPage:
    """``page`` with its record dated ``day``."""
    return dataclasses.replace(page, record=page.record.model_copy(update={"date": day}))


def parse(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)  # noqa: S314 (our own output, not untrusted XML)
    assert root.tag == f"{SVG}svg"
    return root


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in e.get("class", "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def check_frame(chart: Chart) -> ET.Element:
    """What every chart must be: parseable, labelled, unstyled, responsive."""
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("width") is None
    assert root.get("height") is None
    view_box = (root.get("viewBox") or "").split()
    assert view_box[:3] == ["0", "0", f"{WIDTH}"]
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title"
    assert desc.tag == f"{SVG}desc"
    assert title.text == chart.title
    assert desc.text == chart.description
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    for element in root.iter():
        assert element.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}foreignObject")
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
    assert "style" not in re.sub(r">[^<]*<", "><", chart.svg)  # nor in any tag
    for ident in (e.get("id") for e in root.iter() if e.get("id")):
        assert re.fullmatch(r"[a-z0-9-]+", ident or ""), ident
    return root


def bar_count(root: ET.Element) -> int:
    """Sum of the counts the bars' tooltips state ('…: 3 catatan kegiatan')."""
    total = 0
    for bar in by_class(root, "chart-bar"):
        tip = "".join(bar.itertext())
        match = re.search(r": ([0-9.]+) catatan kegiatan$", tip)
        assert match, tip
        total += int(match.group(1).replace(".", ""))
    return total


# --------------------------------------------------------------------------- weekly chart


def test_weekly_chart_of_the_real_data(real: SiteModel) -> None:
    chart = weekly_chart(real.records, elections(real))
    root = check_frame(chart)
    records = len(real.records)
    assert sum(count for _, count in chart.table) == records
    assert bar_count(root) == records
    assert len(by_class(root, "chart-bar")) == sum(1 for _, n in chart.table if n)
    # Every week from the week of 2023-11-16 (Monday 13 Nov) on, empty weeks as 0 …
    first, last = date(2023, 11, 13), date(2024, 10, 14)
    assert chart.table[0] == ("13–19 Nov 2023", 1)
    weeks = (last - first).days // 7 + 1
    assert len(chart.table) >= weeks
    assert any(label.startswith("14–20 Okt 2024") for label, _ in chart.table)
    # … extended to the Pilkada voting day, six weeks after the last record.
    assert len(chart.table) == (date(2024, 11, 25) - first).days // 7 + 1
    assert chart.table[-1][1] == 0
    markers = " ".join("".join(e.itertext()) for e in by_class(root, "chart-marker-label"))
    assert "Pemilu 2024 (14 Feb 2024)" in markers
    assert "Pilkada Serentak 2024 (27 Nov 2024)" in markers
    assert len(root.findall(f".//{SVG}g[@class='chart-marker']/{SVG}line")) == 2
    assert "14 Feb 2024" in chart.description
    assert "27 Nov 2024" in chart.description
    assert f"{records} catatan kegiatan" in chart.description
    labels = texts(root)
    assert "Jan 2024" in labels  # months are labelled (every other one at this width)
    assert "Nov 2024" in labels or "Sep 2024" in labels


def test_weekly_marks_only_voting_days_in_range(golden: SiteModel) -> None:
    pages = golden.records  # both on Sunday 2024-09-01
    chart = weekly_chart(pages, elections(golden))
    root = check_frame(chart)
    assert chart.table == (("26 Agu – 1 Sep 2024", 2),)
    assert not by_class(root, "chart-marker")  # 27 Nov is 12 weeks after the last record
    assert "pemungutan suara" not in chart.description

    # Up to 8 weeks after the last record the range is extended to the voting day.
    later = [pages[0], moved(pages[1], date(2024, 10, 2))]  # 56 days before 27 Nov
    chart = weekly_chart(later, elections(golden))
    root = check_frame(chart)
    assert "Pilkada Serentak 2024 (27 Nov 2024)" in texts(root)
    assert chart.table[-1][0].startswith("25 Nov")
    assert sum(n for _, n in chart.table) == 2

    # A voting day before the first record is not marked, nor does it extend the range.
    earlier = Election(id="lama", name="Pemilu Lama", voting_day=date(2024, 8, 1))
    chart = weekly_chart(pages, [earlier])
    assert not by_class(parse(chart), "chart-marker")


def test_weekly_chart_of_one_record(golden: SiteModel) -> None:
    chart = weekly_chart(golden.records[:1], [])
    root = check_frame(chart)
    assert [n for _, n in chart.table] == [1]
    assert len(by_class(root, "chart-bar")) == 1
    assert "Agu 2024" in texts(root)  # the month the chart starts in is named


def test_weekly_chart_counts_imprecise_dates_and_says_so(golden: SiteModel) -> None:
    page = golden.records[0]
    month_only = dataclasses.replace(
        page,
        record=page.record.model_copy(update={"date": date(2024, 8, 1), "date_precision": "month"}),
    )
    chart = weekly_chart([page, month_only], [])
    assert sum(n for _, n in chart.table) == 2
    assert "1 catatan kegiatan hanya diketahui bulan atau tahunnya" in chart.description


def test_elections_on_the_same_day_share_a_marker(golden: SiteModel) -> None:
    votes = [
        Election(id=f"e{i}", name=f"Pemilihan {i}", voting_day=date(2024, 9, 4)) for i in (2, 1)
    ]
    root = parse(weekly_chart(golden.records, votes))
    markers = by_class(root, "chart-marker-label")
    assert ["".join(m.itertext()) for m in markers] == ["Pemilihan 1 / Pemilihan 2 (4 Sep 2024)"]


def test_weekly_chart_scales_to_100000_records(golden: SiteModel) -> None:
    start = date(2023, 1, 2)
    days = [moved(golden.records[0], start + timedelta(days=i)) for i in range(80 * 7)]
    pages = [days[i % len(days)] for i in range(100_000)]
    began = time.perf_counter()
    chart = weekly_chart(pages, elections(golden))
    elapsed = time.perf_counter() - began
    assert elapsed < 2.0, elapsed
    root = check_frame(chart)
    assert len(chart.table) == 80
    assert sum(n for _, n in chart.table) == 100_000
    assert bar_count(root) == 100_000
    assert "100.000 catatan kegiatan" in chart.description
    assert len(chart.svg) < 100_000


# --------------------------------------------------------------------------- empty input


def test_empty_input_gives_an_empty_chart(real: SiteModel) -> None:
    for chart in (
        weekly_chart([], elections(real)),
        weekly_chart((), []),
        unit_timeline(dataclasses.replace(real.units[0], records=())),
        count_chart("Kegiatan menurut jenis", {}),
    ):
        root = check_frame(chart)
        assert chart.table == ()
        assert "kosong" in chart.description
        assert not by_class(root, "chart-bar")
        assert chart.description in texts(root)


# --------------------------------------------------------------------------- unit timeline


def test_unit_timeline_of_real_units(real: SiteModel) -> None:
    for page in real.units:
        chart = unit_timeline(page)
        root = check_frame(chart)
        assert sum(n for _, n in chart.table) == len(page.records)
        assert bar_count(root) == len(page.records)
        assert root.get("id") == f"chart-unit-{page.unit.id}"
        assert page.unit.name in chart.title
    chart = unit_timeline(real.unit_pages["polres-probolinggo-kota"])
    assert chart.table[0] == ("Nov 2023", 1)
    assert chart.table[-1] == ("Okt 2024", 1)
    assert len(chart.table) == 12  # every month in between, empty ones as 0
    assert [label for label, _ in chart.table][3:6] == ["Feb 2024", "Mar 2024", "Apr 2024"]


def test_unit_timeline_escapes_the_unit_name(real: SiteModel) -> None:
    page = real.unit_pages["polres-probolinggo-kota"]
    hostile = dataclasses.replace(page, unit=page.unit.model_copy(update={"name": HOSTILE}))
    chart = unit_timeline(hostile, key="satuan jahat")
    root = check_frame(chart)
    assert not list(root.iter(f"{SVG}script"))
    assert HOSTILE in "".join(root[0].itertext())
    assert root.get("id") == "chart-satuan-jahat"


# --------------------------------------------------------------------------- count chart


def test_count_chart(real: SiteModel) -> None:
    counts = {"Patroli": 4, "Simulasi": 1, "Tanpa": 0}
    chart = count_chart("Kegiatan menurut jenis", counts, key="kinds")
    root = check_frame(chart)
    assert chart.table == (("Patroli", 4), ("Simulasi", 1), ("Tanpa", 0))
    assert root.get("id") == "chart-kinds"
    rows = by_class(root, "chart-row")
    assert len(rows) == 3
    assert ["".join(e.itertext()) for e in by_class(root, "chart-value")] == ["4", "1", "0"]
    widths = [float(bar.get("width", "0")) for bar in by_class(root, "chart-bar")]
    assert len(widths) == 2
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.2)
    assert chart.description == ("Patroli: 4; Simulasi: 1; Tanpa: 0. Jumlah seluruhnya: 5.")
    assert count_chart("Menurut pemilihan", {}).table == ()
    with pytest.raises(ValueError, match="negative"):
        count_chart("x", {"a": -1})


def test_hostile_labels_stay_text() -> None:
    long_label = "Satuan " + "sangat " * 60 + "panjang"
    chart = count_chart(HOSTILE, {HOSTILE: 3, long_label: 100_000, "kontrol\x01\x7f\ufffe": 1})
    root = check_frame(chart)
    assert not list(root.iter(f"{SVG}script"))
    assert not list(root.iter(f"{SVG}b"))
    assert "<script" not in chart.svg
    assert chart.svg.count("</svg>") == 1
    assert root[0].text == HOSTILE  # the title, whole
    assert texts(root)[0].startswith("</svg><script>alert(1)")  # shortened to fit
    assert f"{HOSTILE}: 3" in ["".join(r[0].itertext()) for r in by_class(root, "chart-row")]
    assert f"{HOSTILE}: 3" in "".join(root[1].itertext())
    assert "kontrol" in texts(root)
    shown = next(t for t in texts(root) if t.startswith("Satuan"))
    assert shown.endswith("…")
    assert len(shown) < 60
    tips = ["".join(r[0].itertext()) for r in by_class(root, "chart-row")]
    assert f"{long_label}: 100.000" in tips
    assert chart.table[1] == (long_label, 100_000)  # the table keeps the whole label
    # The default id comes from the title, as [a-z0-9-].
    assert root.get("id") == "chart-count-svg-script-alert-1-script-kutip-tunggal-b"


def test_hostile_election_names_stay_text(golden: SiteModel) -> None:
    vote = Election(id="x", name=HOSTILE, voting_day=date(2024, 9, 4))
    chart = weekly_chart(golden.records, [vote], key="Mingguan / Ümum")
    root = check_frame(chart)
    assert not list(root.iter(f"{SVG}script"))
    assert f"{HOSTILE} (4 Sep 2024)" in chart.description
    marker = "".join(by_class(root, "chart-marker-label")[0].itertext())
    assert marker.startswith("</svg><script>alert(1)</script> &")
    assert marker.endswith("(4 Sep 2024)")
    assert root.get("id") == "chart-mingguan-umum"


# --------------------------------------------------------------------------- all charts


def all_charts(model: SiteModel) -> list[Chart]:
    unit: UnitPage = model.unit_pages["polres-probolinggo-kota"]
    return [
        weekly_chart(model.records, elections(model)),
        unit_timeline(unit),
        count_chart("Kegiatan menurut jenis", {"Patroli": 4, "Simulasi": 1}),
        count_chart("Kosong", {}),
        weekly_chart([], [], key="kosong"),
    ]


def test_output_is_deterministic(real: SiteModel) -> None:
    again = build_model(validate_content(ROOT / "content"))
    assert all_charts(real) == all_charts(again)
    reordered = list(reversed(elections(real)))
    assert weekly_chart(real.records, reordered) == weekly_chart(real.records, elections(real))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_contrast_on_white(real: SiteModel) -> None:
    for chart in all_charts(real):
        root = parse(chart)
        parents = {child: parent for parent in root.iter() for child in parent}
        for text in root.iter(f"{SVG}text"):
            element: ET.Element | None = text
            while element is not None and element.get("fill") is None:
                element = parents.get(element)
            assert element is not None, "text without a fill colour"
            colour = element.get("fill", "")
            assert re.fullmatch(r"#[0-9a-f]{6}", colour), colour
            assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, colour


def test_nu_html_checker_accepts_the_charts_inline(real: SiteModel, tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("java or node_modules/vnu-jar missing: run tests/setup-system.sh")
    charts = [*all_charts(real), count_chart(HOSTILE, {HOSTILE: 2, "b": 0}, key="hostile")]
    body = "\n".join(
        f"<figure>{chart.svg}<figcaption>{i}</figcaption></figure>"
        for i, chart in enumerate(charts)
    )
    page = tmp_path / "charts.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Grafik</title>'
        f"</head><body><main>{body}</main></body></html>\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    problems = [
        m
        for m in messages
        if m.get("type") in {"error", "non-document-error"} or m.get("subType") == "warning"
    ]
    assert not problems, problems


def test_close_voting_days_get_separate_label_rows(golden: SiteModel) -> None:
    start = date(2023, 1, 2)
    pages = [moved(golden.records[0], start + timedelta(days=i)) for i in range(0, 560, 3)]
    votes = [
        Election(id="a", name="Pemilu 2024", voting_day=date(2024, 2, 14)),
        Election(id="b", name="Pemilihan Ulang Daerah Tertentu", voting_day=date(2024, 2, 24)),
        Election(id="c", name="Pemilihan X", voting_day=date(2024, 3, 24)),
    ]
    root = check_frame(weekly_chart(pages, votes))
    labels = by_class(root, "chart-marker-label")
    assert len(labels) == 3
    assert len({label.get("y") for label in labels}) == 3
    lines = root.findall(f".//{SVG}g[@class='chart-marker']/{SVG}line")
    assert len({line.get("x1") for line in lines}) == 3


@pytest.mark.parametrize(
    ("monday", "label"),
    [
        (date(2024, 8, 26), "26 Agu – 1 Sep 2024"),
        (date(2024, 8, 12), "12–18 Agu 2024"),
        (date(2024, 12, 30), "30 Des 2024 – 5 Jan 2025"),
    ],
    ids=["two-months", "one-month", "two-years"],
)
def test_week_labels_are_our_own_interval_form(monday: date, label: str) -> None:
    # Our form, not CLDR's (whose spacing changed between Babel releases): plain spaces
    # around the dash between months, none within a month, the year written once.
    from generator.charts import _week

    assert _week(monday) == label
