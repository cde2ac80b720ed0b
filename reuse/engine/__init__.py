"""The executor seam: one way to run a stage function over many items, wherever it runs.

Every parallel stage of a run (extraction, preparation of each text, alignment of candidate pairs) is a
module-level, picklable, pure function ``stage(shared, item) -> result``; ``shared`` is what every item
needs (the run's texts, the settings) and is shipped once per worker, ``item`` one unit of work. An
:class:`Executor` runs it over a sequence of items and returns the results *in item order*, so the
result of a run never depends on where or in how many processes it ran:

- :class:`~reuse.engine.local.InlineExecutor`: in this process (``jobs = 1``);
- :class:`~reuse.engine.local.PoolExecutor`: a local process pool of ``jobs`` workers that die with
  their parent;
- :class:`~reuse.engine.dask.DaskExecutor`: the workers of a Dask cluster (``cluster =
  "tcp://HOST:8786"``, the ``dask`` extra), items sent in chunks, results fetched as tasks end.

:func:`open_executor` picks one from the ``jobs`` and ``cluster`` settings.

A stage's results can also stay where they were made (:meth:`Executor.keep`), for a later stage whose
``shared`` value is made from them (:class:`Assembled`): a Dask cluster's workers then pass them to each
other, instead of this process sending back what it was sent; in-process and in a local pool this
process holds them already, and makes the value itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from reuse.settings import default_jobs

T = TypeVar("T")
POOL_MIN_SECONDS = 1.0
"""A stage estimated at less than this (seconds of one core's work) runs in this process even when
``jobs > 1``: starting, feeding and stopping a local pool costs about 0.3 s of wall time and 0.15 s of
CPU, and each worker starts with cold caches (about 10 % more work on alignment), so below this a
pool of 2 saves nothing (measured on 250 PAN texts; see ``docs/scaling.md``)."""
R = TypeVar("R")

#: Called with an item's index when that item is done (in completion order), for progress bars.
Done = Callable[[int], None]
#: Called with an item's index and the error of a task that failed (crashed worker): its result instead.
Fallback = Callable[[int, BaseException], Any]


class Executor(Protocol):
    """Runs ``stage(shared, item)`` for every item; results in item order."""

    @property
    def workers(self) -> int:
        """How many processes work at once (1 in-process)."""
        ...

    def map(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
            done: Done | None = None, fallback: Fallback | None = None, work: float | None = None) -> list[R]:
        """``[stage(shared, item) for item in items]``, computed by the workers.

        A task that raises gives ``fallback(index, error)`` when ``fallback`` is given; otherwise its
        error is raised here (after the other tasks are cancelled). ``work`` is the caller's estimate of
        the stage's cost in seconds of one core (``None``: unknown); a local pool runs a stage that
        costs less than starting its workers in this process (:data:`POOL_MIN_SECONDS`).
        """
        ...

    def keep(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
             done: Done | None = None, fallback: Fallback | None = None,
             work: float | None = None) -> Kept[R]:
        """As :meth:`map`, the results also kept where they were made, for :class:`Assembled` (as long as
        the :class:`Kept` lives)."""
        ...

    def close(self) -> None:
        """Let go of the workers (a pool's processes, a cluster connection)."""
        ...


@dataclass(frozen=True, slots=True, eq=False)
class Kept(Generic[R]):
    """What :meth:`Executor.keep` gives: the results (in item order), and the executor's own note of
    where else they are (``None``: only here)."""

    values: list[R]
    where: Any = None


@dataclass(frozen=True, slots=True, eq=False)
class Assembled:
    """A ``shared`` value made from the results of an earlier stage, where they are:
    ``build(value, [pick(result) for result in kept.values])``.

    ``pick`` takes what the value needs of one result (it runs where that result is: a cluster's workers
    send each other only that); ``build`` puts the picks (in item order) together with ``value``. Both
    module-level functions, pure, like a stage function. :meth:`here` makes it in this process.
    """

    build: Callable[[Any, list[Any]], Any]
    value: Any
    kept: Kept[Any]
    pick: Callable[[Any], Any]

    def here(self) -> Any:
        """The value, made in this process from the results it holds."""
        return self.build(self.value, [self.pick(result) for result in self.kept.values])


def resolved(shared: Any) -> Any:
    """``shared`` as a stage function gets it: an :class:`Assembled` value made here, anything else as is."""
    return shared.here() if isinstance(shared, Assembled) else shared


@contextmanager
def open_executor(*, jobs: int, cluster: str | None = None) -> Iterator[Executor]:
    """The executor for a run: the Dask cluster at ``cluster`` when given, else ``jobs`` local processes
    (``1``: in-process); closed on leaving the block.

    Raises:
        ClusterError: ``cluster`` is given but the ``dask`` extra is not installed, the scheduler cannot
            be reached in time, it has no worker, or the workers cannot run ``reuse``.
    """
    executor: Executor
    if cluster:
        from reuse.engine.dask import DaskExecutor

        executor = DaskExecutor(cluster)
    elif jobs > 1:
        from reuse.engine.local import PoolExecutor

        executor = PoolExecutor(jobs)
    else:
        from reuse.engine.local import InlineExecutor

        executor = InlineExecutor()
    try:
        yield executor
    finally:
        executor.close()


def chunks(items: Sequence[T], *, workers: int, most: int, per_worker: int = 8) -> list[list[T]]:
    """``items`` cut into consecutive chunks, about ``per_worker`` per worker and at most ``most`` items
    each, so that many small tasks cost one task's overhead each chunk (order kept)."""
    size = max(1, min(most, -(-len(items) // max(1, workers * per_worker))))
    return [list(items[k:k + size]) for k in range(0, len(items), size)]


__all__ = ["POOL_MIN_SECONDS", "Assembled", "Done", "Executor", "Fallback", "Kept", "chunks", "default_jobs",
           "open_executor", "resolved"]
