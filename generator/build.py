"""The whole build: validate, model, downloads, Pelican render, atomic swap.

Pelican empties its output before building and skips unreadable files with
exit 0; here the site is built into a tree beside the target (see
:mod:`generator.tree`) and swapped in by rename only when every stage
succeeded without a single warning. A failed build leaves the previous
output byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import Cache
from .config import PELICAN_CONF, SiteConfig, read_config, read_settings
from .downloads import encode_records, record_digests, write_downloads
from .errors import BuildFailed
from .i18n import TRANSLATIONS
from .outputdir import check_output, locked, remove_leftovers
from .schema import schemas
from .search import index_for_search, shard_count
from .site import SiteModel, build_model, input_keys
from .tree import OutputTree
from .validate import Dataset, validate_content

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildReport:
    """What a successful build wrote."""

    output: Path
    records: int
    files: int
    warnings: tuple[str, ...]
    """What the publisher should still set (printed after the report)."""
    written: int
    """Files written anew (Pelican's copy of the theme's static files not counted)."""
    linked: int
    """Files unchanged since the last build, hard-linked from it."""
    seconds: dict[str, float]
    peak_mb: dict[str, float]
    """Peak resident memory of the build process at the end of each stage."""
    settings: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What Pelican rendered with, the site model among them (``SITE_MODEL``): what
    ``serve`` keeps to render a page again without building the site."""

    def __str__(self) -> str:
        stages = ", ".join(f"{name} {value:.2f}" for name, value in self.seconds.items())
        memory = ", ".join(f"{name} {value:.0f}" for name, value in self.peak_mb.items())
        return (
            f"ok: built {self.records} records into {self.output} ({self.files} files, "
            f"{self.written} written, {self.linked} unchanged; seconds: {stages}; "
            f"peak MB: {memory})"
        )


class _Collect(logging.Handler):
    """Keeps every warning and error Pelican logs in this thread, so the build can fail
    on them (``serve`` renders pages in another thread while a build runs)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _render(settings: dict[str, Any]) -> None:
    """Run Pelican with ``settings``; any warning or error it logs fails the build."""
    from pelican import Pelican

    collector = _Collect()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(collector)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican's summary line
            Pelican(settings).run()
    finally:
        pelican_logger.removeHandler(collector)
    if collector.messages:
        raise BuildFailed("Pelican reported problems:\n" + "\n".join(collector.messages))


class _Stopwatch:
    """Seconds per stage, and the peak memory so far at the end of each, for the report
    and the benchmark."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = now - self._last
        self.peak_mb[stage] = _peak_mb()
        self._last = now


def _peak_mb() -> float:
    """This process's peak resident memory so far (0 where the system does not say)."""
    try:
        import resource
    except ImportError:  # not Unix
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def page_inputs(content: Path, config: SiteConfig, release: str | None) -> str:
    """What every rendered page depends on besides its own records.

    The code, the theme (templates, styles, translations), the settings, the
    libraries that render, the site address, the latest release and every
    content file but the records (units, regions, ... change rarely, and a
    change re-renders every page). A page is linked from the previous build
    only when this and its own key (:func:`generator.site.input_keys`) are unchanged.
    """
    from importlib import metadata

    hasher = hashlib.sha256(f"{config!r}\0{release}\0".encode())
    for library in ("pelican", "Jinja2", "Babel", "Markdown", "nh3", "pydantic"):
        hasher.update(f"{library}={metadata.version(library)}\0".encode())
    trees = [ROOT / "generator", config.theme, TRANSLATIONS]
    files = [
        PELICAN_CONF,
        *sorted(
            {  # a set: the translations are inside the default theme
                p
                for tree in trees
                for p in tree.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            }
        ),
    ]
    files += sorted(
        p for p in content.rglob("*") if p.is_file() and p.parts[len(content.parts)] != "records"
    )
    for path in files:
        hasher.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()[:32]


def build_site(
    content: Path,
    output: Path,
    site_url: str | None = None,
    cache_dir: Path | None = None,
    allow_empty: bool = False,
    preview: bool = False,
    dataset: Dataset | None = None,
    config: SiteConfig | None = None,
) -> BuildReport:
    """Build ``content`` into ``output`` atomically; raise on any problem.

    ``cache_dir`` keeps parsed records, rendered summaries and the list of
    files of the last build, so that unchanged pages are linked, not rendered.
    ``preview`` (for ``serve``) leaves out what an editor does not read while
    editing and what costs most on every change: the search index and the SQLite and
    Excel copies of the data. ``dataset``, when given, is the content already validated
    (``serve`` keeps it in memory and checks each saved file as it comes): it is not read
    again. ``config``, when given, is used instead of the settings of ``pelicanconf.py``
    and the environment (tests pass their own).
    """
    clock = _Stopwatch()
    settings = read_settings()
    config = config or read_config(site_url, settings)
    content, output = content.resolve(), Path(os.path.abspath(output))
    protected = [content, ROOT, *([cache_dir] if cache_dir else [])]
    check_output(output, protected)
    output = output.resolve()
    with locked(output):
        remove_leftovers(output)
        check_output(output, protected)  # again, now that no other build can change it
        tree = OutputTree.open(output, cache_dir)
        try:
            return _build(
                content,
                output,
                config,
                settings,
                cache_dir,
                tree,
                clock,
                allow_empty,
                preview,
                dataset,
            )
        except BaseException:
            tree.discard()
            raise


def _build(
    content: Path,
    output: Path,
    config: SiteConfig,
    settings: dict[str, Any],
    cache_dir: Path | None,
    tree: OutputTree,
    clock: _Stopwatch,
    allow_empty: bool,
    preview: bool,
    dataset: Dataset | None,
) -> BuildReport:
    cache = Cache(cache_dir, unchanged_after_s=config.unchanged_after_s) if cache_dir else None
    # Loading makes millions of objects that live until the end and form no cycles: the
    # garbage collector would walk them again and again (a fifth of the build at 20,000
    # records). It is off while loading; then what exists is frozen, out of its way.
    gc.disable()
    try:
        if dataset is None:
            dataset = validate_content(content, cache=cache, allow_empty=allow_empty)
    finally:
        gc.enable()
    gc.freeze()
    clock.lap("validate")
    model = build_model(dataset, cache)
    if cache is not None:
        cache.save()
    cache = None
    gc.freeze()
    clock.lap("model")
    return _write_site(content, output, config, settings, tree, clock, model, preview)


def _write_site(
    content: Path,
    output: Path,
    config: SiteConfig,
    settings: dict[str, Any],
    tree: OutputTree,
    clock: _Stopwatch,
    model: SiteModel,
    preview: bool = False,
) -> BuildReport:
    site_url = config.site_url
    staging = tree.root
    encoded = encode_records(model, site_url)
    shards = shard_count(model, config.pages_per_shard)
    digests = record_digests(encoded.json)
    keys = input_keys(model, digests)
    inputs = page_inputs(content, config, model.latest_release)
    version, data_files = write_downloads(
        model, tree, config, schemas(), encoded, keys, inputs, typed_copies=not preview
    )
    del encoded  # every record's JSON and CSV row: not needed past the downloads
    gc.freeze()
    clock.lap("downloads")
    settings.update(
        **config.page_settings(),
        OUTPUT_PATH=str(staging),
        PATH=str(content),
        SITE_MODEL=model,
        SEARCH_SHARDS=shards,
        DATA_FILES=data_files,
        SITE_VERSION=version,
        THEME=str(config.theme),
        OUTPUT_TREE=tree,
        PAGE_INPUTS=inputs,
        # A preview is built beside other threads (serve's): a process forked now could
        # inherit a lock one of them holds, and hang. Its English pages are made here.
        RENDER_IN_PARALLEL=not preview,
        RECORD_DIGESTS=digests,
        PAGE_KEYS=keys,
    )
    _render(settings)
    clock.lap("render")
    if not preview:
        index_for_search(tree, model, shards, keys, inputs)
    clock.lap("search index")
    # Every file went through the tree but the theme's, which Pelican copies.
    files = len(tree.files) + sum(len(names) for _, _, names in os.walk(staging / "theme"))
    tree.publish()
    clock.lap("swap")
    return BuildReport(
        output=output,
        records=len(model.records),
        files=files,
        warnings=tuple(config.warnings),
        written=tree.written,
        linked=tree.linked,
        seconds=clock.stages,
        peak_mb=clock.peak_mb,
        settings=settings,
    )
