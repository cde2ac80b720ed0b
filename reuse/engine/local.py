"""Executors on this machine: in-process, and a pool of worker processes that die with their parent.

A worker that outlived the process that started it (killed with ``kill -9``, so the pool could not
stop it) would wait for work forever: each worker ends itself when its parent dies
(:func:`die_with_parent`). A pool is started for each :meth:`PoolExecutor.map` call and stopped at
its end; on Linux its workers are forked, so the ``shared`` value (the run's texts) reaches them
without being copied or pickled.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from reuse.engine import POOL_MIN_SECONDS, Done, Fallback, Kept, resolved

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
_WATCHDOG_SECONDS = 0.5
_shared: Any = None
"""In a pool worker: the ``shared`` value of the map it works for (set by the pool initializer)."""


class InlineExecutor:
    """Runs every task in this process, one after the other (``jobs = 1``)."""

    workers = 1

    def map(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
            done: Done | None = None, fallback: Fallback | None = None, work: float | None = None) -> list[R]:
        shared = resolved(shared)
        results: list[R] = []
        for k, item in enumerate(items):
            try:
                results.append(stage(shared, item))
            except Exception as error:
                if fallback is None:
                    raise
                results.append(fallback(k, error))
            if done is not None:
                done(k)
        return results

    def keep(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
             done: Done | None = None, fallback: Fallback | None = None,
             work: float | None = None) -> Kept[R]:
        """:meth:`map`: the results are here."""
        return Kept(self.map(stage, items, shared=shared, done=done, fallback=fallback, work=work))

    def close(self) -> None:
        pass


class PoolExecutor:
    """Runs tasks in ``jobs`` local worker processes (no more than there are items), or in this process
    when the stage's estimated ``work`` is below ``min_work`` seconds (a pool would cost more than it
    saves). :attr:`pools_started` counts the pools this executor started."""

    def __init__(self, jobs: int, *, min_work: float | None = None) -> None:
        self.workers = jobs
        self.min_work = POOL_MIN_SECONDS if min_work is None else min_work
        self.pools_started = 0

    def map(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
            done: Done | None = None, fallback: Fallback | None = None, work: float | None = None) -> list[R]:
        shared = resolved(shared)  # made here: the forked workers get it without a copy
        if len(items) < 2 or self.workers < 2 or (work is not None and work < self.min_work):
            return InlineExecutor().map(stage, items, shared=shared, done=done, fallback=fallback)
        self.pools_started += 1
        pool = ProcessPoolExecutor(max_workers=min(self.workers, len(items)), initializer=_start_worker,
                                   initargs=(os.getpid(), shared))
        try:
            futures = [pool.submit(_run, stage, item) for item in items]
            where = {future: k for k, future in enumerate(futures)}
            for future in as_completed(futures):
                if future.exception() is not None and fallback is None:
                    raise future.exception()  # type: ignore[misc]
                if done is not None:
                    done(where[future])
            return [_outcome(future, k, fallback) for k, future in enumerate(futures)]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def keep(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
             done: Done | None = None, fallback: Fallback | None = None,
             work: float | None = None) -> Kept[R]:
        """:meth:`map`: the results come here (the pool's workers end with the map)."""
        return Kept(self.map(stage, items, shared=shared, done=done, fallback=fallback, work=work))

    def close(self) -> None:
        pass


def _outcome(future: Future[R], k: int, fallback: Fallback | None) -> R:
    error = future.exception()
    if error is None:
        return future.result()
    if fallback is None:
        raise error
    result: R = fallback(k, error)
    return result


def _start_worker(parent: int, shared: Any) -> None:
    global _shared
    die_with_parent(parent)
    _shared = shared


def _run(stage: Callable[[Any, T], R], item: T) -> R:
    return stage(_shared, item)


def die_with_parent(parent: int) -> None:
    """Pool initializer: the worker ends when the process that started it dies (even by ``kill -9``,
    which gives the pool no chance to stop its workers; they would wait for work forever).

    On Linux the kernel kills it (``PR_SET_PDEATHSIG``); everywhere, a watchdog thread ends it
    within a second of its parent process changing.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="reuse-parent-watchdog", daemon=True).start()


__all__ = ["InlineExecutor", "PoolExecutor", "die_with_parent"]
