"""The search index: Pagefind, in shards that a rebuild reuses when their pages did not change.

Pagefind indexes a whole folder at once and has no incremental mode; at tens of
thousands of records one run takes a minute and a gigabyte. So the indexed
pages (record and unit pages, the ones with ``data-pagefind-body``) are split
into shards by unit: a unit's page and the pages of the records it leads
share a shard, so editing a record re-indexes one shard only. Each shard is
indexed by its own Pagefind run (the command line on a folder of links to its pages:
Pagefind's Python API 1.5 reads one reply from its service every 0.1 s, so 40 pages took
4.2 s through it against 0.08 s for the whole five-record site this way), as many at once
as there are cores, and the
search page merges them (``mergeIndex``). Shard 0 is the main bundle at
``pagefind/``, shard N at ``pagefind/shard-N/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import metadata
from pathlib import Path

from .errors import BuildFailed
from .i18n import LANGUAGES, prefix
from .parallel import workers
from .site import SiteModel
from .tree import OutputTree

MAX_SHARDS = 40
"""The search page loads every shard's index (about 70 KB of WebAssembly each)."""


def shard_count(model: SiteModel, pages_per_shard: int) -> int:
    """How many shards, of about ``pages_per_shard`` pages (:class:`SiteConfig`): never
    more than units, so that none is empty."""
    wanted = -(-(len(model.records) + len(model.units)) // pages_per_shard)
    return max(1, min(wanted, MAX_SHARDS, len(model.units)))


def bundle(shard: int) -> str:
    """Where a shard's Pagefind bundle lives, relative to the site root."""
    return "pagefind/" if shard == 0 else f"pagefind/shard-{shard}/"


def _shards(model: SiteModel, count: int) -> list[list[str]]:
    """The pages (``save_as``) of ``count`` shards: units round-robin by id, each record
    with its lead unit."""
    of_unit = {
        page.unit.id: index % count
        for index, page in enumerate(sorted(model.units, key=lambda p: p.unit.id))
    }
    shards: list[list[str]] = [[] for _ in range(count)]
    for unit_page in model.units:
        shards[of_unit[unit_page.unit.id]].append(unit_page.save_as)
    for record_page in model.records:
        shards[of_unit[record_page.unit.id]].append(record_page.save_as)
    return shards


NOT_INDEXED = (
    "h2",
    "dt",  # section titles and field labels: the same words on every page
    ".notes",  # uncertainty notes: about the record, not what it reports
    "section[aria-labelledby=kutip]",  # how to cite: the title and address again
    ".downloads",
    "section[lang=en]",  # the English summary, indexed on the English page
)
"""Parts of the indexed pages that searching them would not find anything in; leaving them
out makes the index a quarter faster to build."""


@cache
def _executable() -> str:
    """The Pagefind binary itself: ``python -m pagefind`` would start Python for every shard."""
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    return str(get_executable())


def _pagefind(site: Path, output: Path) -> None:
    excluded = [
        argument for selector in NOT_INDEXED for argument in ("--exclude-selectors", selector)
    ]
    result = subprocess.run(
        [_executable(), "--site", str(site), "--output-path", str(output), "--silent", *excluded],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildFailed(f"Pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    # Pagefind writes its language table in hash-map order: sort it, so builds are identical.
    entry = output / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def index_for_search(
    tree: OutputTree, model: SiteModel, shards: int, keys: dict[str, str], inputs: str
) -> tuple[int, int]:
    """Index every one of ``shards`` (:func:`shard_count`) whose pages changed, link the
    others; return (indexed, reused). A shard's key is its pages' :func:`input_keys
    <generator.site.input_keys>` and ``inputs`` (:func:`generator.build.page_inputs`),
    as their rendered files' are; the files to index are those the tree holds for them,
    in every language."""
    version = metadata.version("pagefind")
    to_index: list[tuple[int, str, str, list[str]]] = []
    reused = 0
    for shard, names in enumerate(_shards(model, shards)):
        key = hashlib.sha256(
            f"pagefind {version} {NOT_INDEXED} {LANGUAGES} {inputs}\n{len(names)}\n".encode()
            + "\n".join(f"{name}={keys[name]}" for name in names).encode()
        ).hexdigest()
        name = f"search shard {shard}"
        if tree.reuse(name, key):
            reused += 1
            continue
        pages = [
            path for page in names for lang in LANGUAGES for path in tree.paths(prefix(lang) + page)
        ]
        to_index.append((shard, name, key, pages))
    if not to_index:
        return 0, reused
    # Each shard's pages are linked into a folder of their own for Pagefind; the
    # ".old-" name lets the next build remove what an interrupted one left.
    work = tempfile.mkdtemp(prefix=f".{tree.previous.name}.old-search-", dir=tree.root.parent)
    try:

        def index(job: tuple[int, str, str, list[str]]) -> None:
            shard, _, _, pages = job
            site = Path(work) / str(shard)
            for page in pages:
                target = site / page
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(tree.root / page, target)
                except OSError:
                    shutil.copyfile(tree.root / page, target)
            _pagefind(site, tree.root / bundle(shard))
            shutil.rmtree(site)  # while the other shards are being indexed

        with ThreadPoolExecutor(max_workers=workers()) as pool:
            list(pool.map(index, to_index))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for shard, name, key, _ in to_index:
        root = tree.root / bundle(shard)
        files = [
            path.relative_to(tree.root).as_posix()
            for path in root.rglob("*")
            if path.is_file()
            and (shard != 0 or not path.relative_to(root).parts[0].startswith("shard-"))
        ]
        tree.made(name, key, sorted(files))
    return len(to_index), reused
