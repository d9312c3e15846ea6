"""Work on every core: per-record work in worker processes (results in input order), and
work that waits on the disk in a process beside the build, both through
:mod:`concurrent.futures`, which carries results and exceptions back.

Parsing YAML and rendering Markdown cost about a millisecond a record in pure
Python; at tens of thousands of records that is most of a cold build. The
functions mapped here are pure (text in, picklable value out) and never
raise: they return problems as values, so a worker never dies mid-build.
Workers are forked, so a background job may be a closure over the build's state.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar, cast

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 400
"""Below this, starting workers costs more than it saves."""


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pool(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"))


Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
"""``map(function, items)``: ``[function(item) for item in items]``, maybe on every core."""


@contextmanager
def mapper() -> Iterator[Mapper]:
    """A :data:`Mapper` for items given in several calls (a batch at a time, so that they
    are not all in memory at once). Workers start at the first call that spreading over
    the cores pays for (:data:`MIN_ITEMS`), and serve every later call; a build that has
    only a few records to parse forks none."""
    count = workers()
    pool: ProcessPoolExecutor | None = None

    def map_items(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        nonlocal pool
        if pool is None:
            if count < 2 or len(items) < MIN_ITEMS or not can_fork():
                return [function(item) for item in items]
            pool = _pool(count)
        chunk = max(16, len(items) // (count * 8))
        return list(pool.map(function, items, chunksize=chunk))

    try:
        yield map_items
    finally:
        if pool is not None:
            pool.shutdown()


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[function(item) for item in items]``, spread over the cores when it pays."""
    with mapper() as map_items:
        return map_items(function, items)


_JOBS: dict[int, Callable[[], Any]] = {}
"""Background jobs by number: a forked worker finds its job here (closures do not pickle)."""
_numbers = itertools.count()


def _run_job(number: int) -> Any:
    return _JOBS[number]()


def in_background(function: Callable[[], Result]) -> Callable[[], Result]:
    """Run ``function()`` in a forked worker while this process goes on; return a function
    that waits for it and gives its result, or raises its exception (``BrokenProcessPool``
    when the worker died). Never runs ``function`` here: it may change state that only
    the worker's copy should see. Needs :func:`can_fork`.
    """
    number = next(_numbers)
    _JOBS[number] = function
    pool = _pool(1)
    try:
        future = pool.submit(_run_job, number)  # forks now: the worker has its own copy
    finally:
        del _JOBS[number]

    def wait() -> Result:
        try:
            return cast(Result, future.result())
        finally:
            pool.shutdown()

    return wait
