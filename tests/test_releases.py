"""Release round trip: add, change and withdraw records across three releases."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from generator.build import build_site

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "sites" / "golden" / "content"
PATROL = "2024-09-01-patroli-contoh"
SIMULATION = "2024-09-01-simulasi-contoh"


def release(content: Path, version: str, day: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "release",
            version,
            "--content",
            str(content),
            "--date",
            day,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_release_round_trip(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOLDEN, content)
    simulation = (content / "records" / f"{SIMULATION}.md").read_text(encoding="utf-8")
    (content / "records" / f"{SIMULATION}.md").unlink()
    assert release(content, "1.0", "2024-10-01").returncode == 0

    # 1.1: the simulation is added and the patrol's summary changes.
    (content / "records" / f"{SIMULATION}.md").write_text(simulation, encoding="utf-8")
    patrol = content / "records" / f"{PATROL}.md"
    patrol.write_text(patrol.read_text(encoding="utf-8") + "\nTambahan.\n", encoding="utf-8")
    assert release(content, "1.1", "2024-10-02").returncode == 0
    again = release(content, "1.1", "2024-10-03")
    assert again.returncode == 1
    assert "RELEASE_EXISTS" in again.stderr

    # 1.2: the patrol is withdrawn.
    patrol.unlink()
    (content / "withdrawn.yaml").write_text(
        f'- id: {PATROL}\n  date: "2024-10-03"\n  reason: Sumber ternyata keliru.\n',
        encoding="utf-8",
    )
    assert release(content, "1.2", "2024-10-03").returncode == 0

    output = tmp_path / "output"
    build_site(content, output, site_url="https://example.test")
    log = json.loads((output / "data" / "changelog.json").read_text(encoding="utf-8"))
    assert [(r["version"], r["added"], r["changed"], r["removed"]) for r in log["releases"]] == [
        ("1.2", [], [], [PATROL]),
        ("1.1", [SIMULATION], [PATROL], []),
        ("1.0", [PATROL], [], []),
    ]
    assert log["withdrawn"] == [
        {"id": PATROL, "date": "2024-10-03", "reason": "Sumber ternyata keliru."}
    ]
    page = (output / "records" / PATROL / "index.html").read_text(encoding="utf-8")
    assert "Catatan kegiatan ini sudah ditarik" in page
    assert "Sumber ternyata keliru." in page
    assert "3 Oktober 2024" in page
    records = json.loads((output / "data" / "records.json").read_text(encoding="utf-8"))
    assert records["release"] == "1.2"
    assert [r["id"] for r in records["records"]] == [SIMULATION]
    changelog_page = (output / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Versi 1.2" in changelog_page
    assert PATROL in changelog_page


def test_withdrawn_record_may_not_be_published(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOLDEN, content)
    (content / "withdrawn.yaml").write_text(
        f'- id: {PATROL}\n  date: "2024-10-03"\n  reason: Keliru.\n', encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "withdrawn.yaml:1: [0].id:" in result.stderr
    assert "[WITHDRAWN_RECORD_EXISTS]" in result.stderr
