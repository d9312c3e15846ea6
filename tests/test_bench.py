"""`make bench` as the issue asks for it: every tool in one run, a table and JSON results.

A small N keeps it quick; what it checks is that the runner builds, rebuilds after an
edit, restores the edited records and reports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import run

N = 40


def test_the_benchmark_builds_rebuilds_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "OUT", tmp_path)
    pagination = run.hugo_new_pagination(run.hugo_version(run.find_hugo()))
    data, _ = run.dataset(N, 1, pagination, regenerate=False)  # what main() will reuse
    records = {path: path.read_bytes() for path in (data / "content" / "records").glob("*.md")}
    assert len(records) == N
    results = tmp_path / "results.json"
    assert (
        run.main(
            [
                "--sizes",
                str(N),
                "--tools",
                "ours-next-change,ours-serve,pelican",
                "--edits",
                "3",
                "--json",
                str(results),
            ]
        )
        == 0
    )

    table = capsys.readouterr().out
    tools = ["ours", "ours-incremental", "ours-next-change", "ours-serve", "pelican", "write-floor"]
    for tool in tools:
        assert f"| {N} | {tool} | disk |" in table
    rows = json.loads(results.read_text("utf-8"))["results"]
    assert [row["tool"] for row in rows] == tools
    serve = rows[3]
    assert len(serve["latency"]["edits_s"]) == 3
    assert 0 < serve["latency"]["median_s"] <= serve["latency"]["worst_s"]
    assert f"n={N} disk: serve, edit to visible page over 3 edits" in table
    floor = rows[5]
    assert floor["files"] == rows[0]["files"]
    rows = rows[:3] + rows[4:5]
    for row in rows:
        assert row["status"] == "ok", row
        assert row["pages"] == N
        assert row["wall_s"] > 0
        assert row["peak_rss_mb"] > 0
    assert len({row["files"] for row in rows if row["tool"].startswith("ours")}) == 1
    for tool in ("ours-incremental", "ours-next-change"):
        log = (tmp_path / "logs" / f"n{N}-disk-{tool}-1.log").read_text("utf-8")
        unchanged = re.search(r"(\d+) unchanged", log)
        assert unchanged is not None, log
        assert int(unchanged.group(1)) > 0, "a rebuild reuses what did not change"
    assert {path: path.read_bytes() for path in records} == records, "edits not undone"
