"""Edit-to-visible latency of ``generator serve`` (issue #17), and the write floor (#16).

``serve_latency`` starts ``python -m generator serve`` on a dataset, waits for
``serving http://127.0.0.1:PORT/``, then edits records one at a time (one word of the
summary, as :func:`benchmarks.synth.touch_record` does) and times each edit from the
save to the moment the served record page shows the new word, and, after the last edit,
the time until the whole site is built again with every edit in it. The records are
restored at the end. ``write_floor`` copies a built output tree, file by file, to say
how long merely writing what a build writes takes on this disk.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import synth


@dataclass
class Latency:
    first_build_s: float
    edits_s: list[float]
    settled_s: float = 0.0
    """From the last save to the whole site built with every save in it."""

    @property
    def median_s(self) -> float:
        return statistics.median(self.edits_s)

    @property
    def worst_s(self) -> float:
        return max(self.edits_s)


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        return str(response.read().decode("utf-8"))


def _summary(page: str) -> str:
    """The Indonesian summary of a served record page: what an edit changes."""
    return page.split('<div lang="id">', 1)[-1].split("</div>", 1)[0]


def start_serve(
    python: str, root: Path, content: Path, output: Path
) -> tuple[subprocess.Popen[str], str]:
    """``python -m generator serve`` on a free port of 127.0.0.1; the process and the address
    it serves at, once its first line says so (after its first build)."""
    process = subprocess.Popen(
        [
            python,
            "-m",
            "generator",
            "serve",
            "--content",
            str(content),
            "--port",
            "0",
            "--output",
            str(output),
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.fullmatch(r"serving (http://127\.0\.0\.1:\d+/)\n", line)
    if match is None:
        process.kill()
        process.wait()
        process.stdout.close()
        raise RuntimeError(f"serve did not start: {line!r}")
    return process, match.group(1)


def stop_serve(process: subprocess.Popen[str], timeout: float = 90) -> None:
    """Ctrl-C, as an editor stops it; killed if it has not stopped within ``timeout``."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()


def serve_latency(
    python: str, root: Path, content: Path, output: Path, edits: int = 20, timeout: float = 600.0
) -> Latency:
    records = sorted((content / "records").glob("*.md"))
    chosen = [records[(i * 7919) % len(records)] for i in range(edits)]
    originals = {path: path.read_bytes() for path in chosen}
    started = time.perf_counter()
    process, url = start_serve(python, root, content, output)
    try:
        first = time.perf_counter() - started
        times = []
        for path in chosen:
            page = f"{url}records/{path.stem}/"
            before = _summary(_page(page))
            synth.touch_record(path)
            saved = time.perf_counter()
            while _summary(_page(page)) == before:
                if time.perf_counter() - saved > timeout:
                    raise RuntimeError(f"{path.stem}: not visible after {timeout} s")
                time.sleep(0.01)
            times.append(time.perf_counter() - saved)
        while json.loads(_page(f"{url}__serve__/state.json"))["pending"]:
            if time.perf_counter() - saved > timeout:
                raise RuntimeError(f"the site was not built again after {timeout} s")
            time.sleep(0.05)
        return Latency(first, times, time.perf_counter() - saved)
    finally:
        for path, original in originals.items():
            path.write_bytes(original)
        stop_serve(process)


def write_floor(tree: Path, target: Path) -> tuple[float, int]:
    """Seconds to copy every file of ``tree`` to ``target`` (removed first), and the count."""
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    shutil.copytree(tree, target)
    seconds = time.perf_counter() - started
    count = sum(1 for p in target.rglob("*") if p.is_file())
    shutil.rmtree(target, ignore_errors=True)
    return seconds, count
