"""Work spread over the cores gives exactly what one process gives: records, errors, order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from benchmarks.synth import make_content
from generator import parallel
from generator.cache import Cache
from generator.errors import ContentInvalid
from generator.load import load_content
from generator.site import build_model
from generator.validate import validate_content

N = 2 * parallel.MIN_ITEMS
Result = TypeVar("Result")


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("many") / "content"
    make_content(target, N)
    return target


def both(run: Callable[[], Result]) -> tuple[Result, Result]:
    """``run()`` with workers, then in this process alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "workers", lambda: 2)
        spread = run()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_ITEMS", 10**9)
        alone = run()
    return spread, alone


def test_parallel_map_keeps_order() -> None:
    items = list(range(N))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "workers", lambda: 2)
        assert parallel.parallel_map(str, items) == [str(i) for i in items]


def test_records_and_summaries_are_the_same(content: Path, tmp_path: Path) -> None:
    def run() -> tuple[object, ...]:
        dataset = validate_content(content, cache=Cache(tmp_path / str(id(object()))))
        model = build_model(dataset)
        return (dataset.entries, [(p.summary_html, p.summary_en_html) for p in model.records])

    spread, alone = both(run)
    assert spread == alone


def test_errors_are_the_same_and_in_order(content: Path, tmp_path: Path) -> None:
    records = sorted((content / "records").glob("*.md"))
    broken = {
        records[3]: lambda text: text.replace("kind:", "kind: patrol\nkind:", 1),
        records[N // 2]: lambda text: "no front matter\n" + text,
        records[-2]: lambda text: text.replace("\n---\n", "\nbad: [unclosed\n---\n", 1),
    }
    for path, damage in broken.items():
        path.write_text(damage(path.read_text("utf-8")), encoding="utf-8")

    def run() -> list[str]:
        with pytest.raises(ContentInvalid) as caught:
            validate_content(content)
        return [str(error) for error in caught.value.errors]

    spread, alone = both(run)
    assert spread == alone
    assert len(spread) >= 3
    for path in broken:
        assert any(path.name in line for line in spread), path


def test_records_read_in_batches_are_the_records_read_at_once(
    content: Path,
) -> None:
    """Records are read a batch at a time (so that the texts of all are never in memory at
    once): any batch size, with workers or without, gives the same records, in order, and
    the same problems."""
    (content / "records" / "notes.txt").write_text("not a record", encoding="utf-8")

    def read(per_batch: int) -> tuple[list[tuple[str, object, str]], list[str]]:
        raw, errors = load_content(content, records_per_batch=per_batch)
        records = [(doc.path, doc.data, doc.body) for doc in raw.records]
        return records, [str(error) for error in errors]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "workers", lambda: 2)
        batched = read(N // 3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_ITEMS", 10**9)
        at_once = read(10 * N)
    assert batched == at_once
    assert len(batched[0]) >= N - 3
    assert any("notes.txt" in line and "[NOT_A_RECORD]" in line for line in batched[1])


def test_in_background_runs_in_another_process_and_reports_its_death() -> None:
    import os
    from concurrent.futures.process import BrokenProcessPool

    parent = os.getpid()
    assert parallel.in_background(os.getpid)() != parent

    def dies() -> str:
        os._exit(3)

    # Never run again here: the job may change state only the worker's copy should see.
    with pytest.raises(BrokenProcessPool):
        parallel.in_background(dies)()

    def fails() -> str:
        raise ValueError("in the worker")

    with pytest.raises(ValueError, match="in the worker"):
        parallel.in_background(fails)()
