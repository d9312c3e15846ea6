"""Per-record work on every core: forked workers, results in input order.

Parsing YAML and rendering Markdown cost about a millisecond a record in pure
Python; at tens of thousands of records that is most of a cold build. The
functions mapped here are pure (text in, picklable value out) and never
raise: they return problems as values, so a worker never dies mid-build.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 400
"""Below this, starting workers costs more than it saves."""


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[function(item) for item in items]``, spread over the cores when it pays."""
    count = workers()
    if count < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    with multiprocessing.get_context("fork").Pool(count) as pool:
        return pool.map(function, items, chunksize=max(16, len(items) // (count * 8)))
