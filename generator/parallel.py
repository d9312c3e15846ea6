"""Work on every core: per-record work in forked workers (results in input order), and
work that waits on the disk in a forked process beside the build.

Parsing YAML and rendering Markdown cost about a millisecond a record in pure
Python; at tens of thousands of records that is most of a cold build. The
functions mapped here are pure (text in, picklable value out) and never
raise: they return problems as values, so a worker never dies mid-build.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

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


def in_background(function: Callable[[], Result]) -> Callable[[], Result]:
    """Run ``function()`` in a forked process while this one goes on; return a function
    that waits for it and gives its result (which must survive JSON).

    For work that waits on the disk (checking a tree, writing the cache) while the
    build validates or renders. When the process fails, or the system cannot fork,
    ``function()`` runs here instead: slower, never wrong.
    """
    if not hasattr(os, "fork"):
        result = function()
        return lambda: result
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                json.dump(function(), pipe)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> Result:
        with os.fdopen(read_end, encoding="utf-8") as pipe:
            text = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0:
            with contextlib.suppress(ValueError):
                return cast(Result, json.loads(text))
        return function()

    return wait
