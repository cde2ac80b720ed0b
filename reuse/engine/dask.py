"""The Dask executor: the same stage functions as tasks on the workers of a Dask cluster.

``cluster = "tcp://HOST:8786"`` (``--cluster``) connects to a running scheduler (``dask scheduler``,
dask-jobqueue on Slurm, dask-kubernetes: see ``docs/scaling.md``). Each :meth:`DaskExecutor.map`
runs a stage estimated at less than :data:`reuse.engine.POOL_MIN_SECONDS` in this process (as a local
pool does); otherwise it broadcasts its ``shared`` value to every worker once (``Client.scatter``),
submits the items in chunks (about :data:`TASKS_PER_WORKER` tasks a worker), and fetches each task's
results as it ends, counting completions for the progress bar. The workers need
the same ``reuse`` version as this process (checked on connecting) and the ``dask`` extra:
``pip install "reuse-detector[dask]"``.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import Any, TypeVar

from reuse._version import __version__
from reuse.engine import POOL_MIN_SECONDS, Assembled, Done, Fallback, Kept, chunks
from reuse.engine.local import InlineExecutor
from reuse.errors import ClusterError

T = TypeVar("T")
R = TypeVar("R")

CONNECT_SECONDS = 10.0
"""How long to wait for the scheduler to answer and to have at least one worker (on connecting, and
while a stage's tasks wait with no worker left)."""
POLL_SECONDS = 0.5
"""How often a running stage checks that its scheduler and workers are still there."""
_NAP_SECONDS = 0.02
TASKS_PER_WORKER = 32
"""A stage's items go to the cluster in about this many tasks per worker: each task costs the scheduler
and this process a round-trip, so 1,000 small items in 1,000 tasks cost seconds, while too few tasks
leave workers idle at the end of the stage."""
MOST_ITEMS_PER_TASK = 64
INSTALL = 'pip install "reuse-detector[dask]"'
MMAP_THRESHOLD_BYTES = 32 * 2**20
"""The glibc ``mmap`` threshold a worker's tasks set when the worker was started with
``MALLOC_TRIM_THRESHOLD_`` and no ``MALLOC_MMAP_THRESHOLD_`` (see :func:`tune_allocator`): the largest value
glibc's own dynamic threshold reaches on 64-bit systems."""
TRIM_THRESHOLD_BYTES = 2 * MMAP_THRESHOLD_BYTES
"""The glibc trim threshold set with :data:`MMAP_THRESHOLD_BYTES`: twice it, as glibc's own dynamic threshold
does when it raises the ``mmap`` threshold (see :func:`tune_allocator`)."""
_M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers (malloc.h)
_M_TRIM_THRESHOLD = -1
_tuned: list[int] = []
"""The threshold this process set, once it has looked (empty: not yet)."""


class DaskExecutor:
    """Runs tasks on the workers of the Dask cluster whose scheduler is at ``address``.

    Raises:
        ClusterError: no ``distributed`` package, no answer from ``address`` within ``timeout``
            seconds, no worker within it, or workers that cannot import this ``reuse`` version.
    """

    def __init__(self, address: str, *, timeout: float = CONNECT_SECONDS,
                 min_work: float | None = None) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError as error:
            raise ClusterError(f"--cluster {address}: the Dask engine is not installed; install it with "
                               f"`{INSTALL}` (on this machine and on the workers)") from error
        self.address = address
        self.timeout = timeout
        self.min_work = POOL_MIN_SECONDS if min_work is None else min_work
        try:
            self.client: Any = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(f"--cluster {address}: no Dask scheduler answered within {timeout:g} s "
                               f"({type(error).__name__}: {error}); start one with `dask scheduler` and "
                               "check the address and port") from error
        try:
            self.client.wait_for_workers(1, timeout=timeout)
            versions = self.client.run(_worker_version)
        except (OSError, TimeoutError) as error:
            self.client.close()
            raise ClusterError(f"--cluster {address}: the scheduler has no worker after {timeout:g} s; "
                               "start some with `dask worker ADDRESS`") from error
        except Exception as error:
            self.client.close()
            raise ClusterError(f"--cluster {address}: the workers cannot run reuse ({type(error).__name__}: "
                               f"{error}); install reuse-detector {__version__} there with "
                               f"`{INSTALL}`") from error
        other = sorted({str(v) for v in versions.values() if v != __version__})
        if other:
            self.client.close()
            raise ClusterError(f"--cluster {address}: workers run reuse {', '.join(other)}, this is "
                               f"{__version__}; install the same version everywhere (results must not depend "
                               "on where they were computed)")
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in
                                  self.client.scheduler_info()["workers"].values()))

    def map(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
            done: Done | None = None, fallback: Fallback | None = None, work: float | None = None) -> list[R]:
        """As :meth:`reuse.engine.Executor.map`: a stage estimated at less than :attr:`min_work` seconds
        runs in this process, as a local pool's would (shipping it costs more than it saves); any other
        on the cluster, its items in chunks (:data:`TASKS_PER_WORKER`), each result fetched as its task
        ends. An :class:`~reuse.engine.Assembled` ``shared`` value whose results stayed on the workers is
        made there, from what each worker sends the others (see :meth:`keep`).

        Raises:
            ClusterError: the scheduler went away, or it had no worker for :attr:`timeout` seconds
                while tasks were waiting (all workers died): never a hang.
        """
        return self._mapped(stage, items, shared, done, fallback, work, keep=False).values

    def keep(self, stage: Callable[[Any, T], R], items: Sequence[T], *, shared: Any = None,
             done: Done | None = None, fallback: Fallback | None = None,
             work: float | None = None) -> Kept[R]:
        """As :meth:`map`, each task's results also kept on the worker that made them (its future held by
        the :class:`~reuse.engine.Kept`), unless the stage ran here or an item fell back."""
        return self._mapped(stage, items, shared, done, fallback, work, keep=True)

    def _mapped(self, stage: Callable[[Any, T], R], items: Sequence[T], shared: Any, done: Done | None,
                fallback: Fallback | None, work: float | None, *, keep: bool) -> Kept[R]:
        """:meth:`map`, and with ``keep`` the futures of the tasks and their items' indexes."""
        if not items:
            return Kept([])
        if work is not None and work < self.min_work:
            return Kept(InlineExecutor().map(stage, items, shared=shared, done=done, fallback=fallback))
        distributed: Any = importlib.import_module("distributed")
        parts: dict[Any, list[int]] = {}  # a running task -> the indexes of its items
        results: dict[int, Any] = {}
        held: list[tuple[Any, list[int]]] | None = [] if keep else None  # finished tasks, kept
        own: list[BaseException] = []  # the tasks' own errors, raised as they would be locally
        scattered = None
        assembly: dict[str, Any] = {}
        try:
            if isinstance(shared, Assembled):
                shared, assembly = self._assembly(shared)
            if shared is not None:
                scattered = self.client.scatter(shared, broadcast=True, hash=False)
            finishing = distributed.as_completed(loop=self.client.loop, with_results=True)

            def submit(chunked: list[list[int]]) -> None:
                futures = self.client.map(_run_part, [[items[k] for k in part] for part in chunked],
                                          stage=stage, shared=scattered, pure=False, **assembly)
                parts.update(zip(futures, chunked, strict=True))
                finishing.update(futures)

            submit(chunks(range(len(items)), workers=self.workers, most=MOST_ITEMS_PER_TASK,
                          per_worker=TASKS_PER_WORKER))
            for future, value in self._completed(finishing):
                part = parts.pop(future)
                if future.status == "cancelled":
                    raise CancelledError(f"task {future.key}")
                if future.status == "error":  # the whole task failed (a worker died, an import failed)
                    error = _local_error(future.exception(), self.address)
                    if fallback is not None and len(part) > 1:
                        submit([[k] for k in part])  # again one by one: only the culprit falls back
                        continue
                    value = [_Failed(error)] * len(part)
                for k, outcome in zip(part, value, strict=True):
                    if isinstance(outcome, _Failed):
                        if fallback is None:
                            own.append(outcome.error)
                            raise outcome.error
                        outcome = fallback(k, outcome.error)
                        held = None  # a result made here: the whole value is made here too
                    results[k] = outcome
                    if done is not None:
                        done(k)
                if held is not None:
                    held.append((future, part))
            if not held:
                return Kept([results[k] for k in range(len(items))])
            # the inputs live as long as the results (cancelling them would cancel the tasks, and a task
            # whose worker dies is computed again from them)
            kept = Kept([results[k] for k in range(len(items))], _Held(held, (scattered, assembly)))
            scattered, assembly = None, {}
            return kept
        except CancelledError as error:  # the client cancels every task when it loses the scheduler
            raise self._lost(f"the tasks were cancelled ({error})") from error
        except (OSError, TimeoutError) as error:
            if any(error is task_error for task_error in own):
                raise  # a task's own error, as it would be raised locally
            raise self._lost(f"{type(error).__name__}: {error}") from error
        finally:
            if self.client.status == "running":
                self.client.cancel([*parts, *([scattered] if scattered is not None else []),
                                    *assembly.get("kept", ())])

    def _assembly(self, shared: Assembled) -> tuple[Any, dict[str, Any]]:
        """The value to broadcast and the tasks' arguments that make ``shared`` on the workers: each
        kept task's results picked on its worker, the picks passed to every task (the workers fetch
        what they lack from each other), put together there. Made here when its results are only here."""
        if not shared.kept.where:
            return shared.here(), {}
        held: list[tuple[Any, list[int]]] = shared.kept.where.tasks
        picked = self.client.map(_picked, [future for future, _ in held], pick=shared.pick, pure=False)
        return shared.value, {"build": shared.build, "kept": picked, "layout": [part for _, part in held]}

    def _completed(self, finishing: Any) -> Iterator[tuple[Any, Any]]:
        """(future, result) of the tasks of ``finishing`` (a ``distributed.as_completed`` with results) as
        they finish; a :class:`ClusterError` when the scheduler is gone or has had no worker for
        :attr:`timeout` seconds."""
        alone_since: float | None = None
        checked = time.monotonic()
        while not finishing.is_empty():
            batch = finishing.next_batch(block=False)
            yield from batch
            if batch:
                alone_since = None
            else:
                time.sleep(_NAP_SECONDS)
            if time.monotonic() - checked < POLL_SECONDS:
                continue
            checked = time.monotonic()
            if self.client.status in ("closing", "closed", "failed"):  # "connecting": it retries, then closes
                raise self._lost(f"the client is {self.client.status}")
            if batch or self._has_workers() is not False:
                continue
            alone_since = alone_since if alone_since is not None else checked
            if checked - alone_since > self.timeout:
                raise ClusterError(f"--cluster {self.address}: the scheduler has had no worker for "
                                   f"{self.timeout:g} s while {finishing.count()} tasks were waiting (the "
                                   "workers died or were stopped); start workers with `dask worker "
                                   f"{self.address}` and run the check again")

    def _has_workers(self) -> bool | None:
        """Whether the scheduler has a worker (``None``: not connected to it now, or it does not answer)."""
        if self.client.status != "running":  # reconnecting: asking would wait for the connect timeout
            return None
        try:
            return bool(self.client.scheduler_info().get("workers"))
        except Exception:  # a scheduler that has gone away: the caller reports it
            return None

    def _lost(self, why: str) -> ClusterError:
        if self.client.status == "running" and self._has_workers() is False:
            return ClusterError(f"--cluster {self.address}: every worker of the Dask scheduler went away in "
                                f"the middle of the run ({why}); nothing was written. Start workers with "
                                f"`dask worker {self.address}` and run the check again")
        return ClusterError(f"--cluster {self.address}: lost the Dask scheduler in the middle of the run "
                            f"({why}); nothing was written. Check that the scheduler is running "
                            f"(`dask scheduler`) and reachable, then run the check again")

    def close(self) -> None:
        self.client.close()


@dataclass(frozen=True, slots=True, eq=False)
class _Held:
    """Where a kept stage's results are (:attr:`reuse.engine.Kept.where` on Dask): the futures of its tasks
    with the indexes of their items, and the futures of the tasks' inputs, held as long as the results."""

    tasks: list[tuple[Any, list[int]]]
    inputs: Any


@dataclass(frozen=True, slots=True)
class _Failed:
    """What a task gives for an item whose stage raised: the error, raised or passed to the fallback here."""

    error: BaseException


def mmap_threshold(environ: Mapping[str, str], platform: str) -> int | None:
    """The ``mmap`` threshold a worker with this environment should set (``None``: leave malloc alone).

    A Dask nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``
    (``distributed.nanny.pre-spawn-environ``, so that freed memory goes back to the system). Setting any such
    variable stops glibc from raising its ``mmap`` threshold as a process frees large blocks, so every array
    over 128 KiB is mapped and unmapped by the kernel each time: alignment, which makes many such arrays, then
    takes about 30 % more CPU than in a local worker (measured: 1.12 s against 0.80 s for the same 600
    pairs). Raising the ``mmap`` threshold won back most of it (0.93 s), and the trim threshold with it the
    rest (:func:`tune_allocator`). Only on Linux (glibc), and never when the user chose an ``mmap``
    threshold."""
    if not platform.startswith("linux") or "MALLOC_TRIM_THRESHOLD_" not in environ:
        return None
    if "MALLOC_MMAP_THRESHOLD_" in environ:
        return None
    return MMAP_THRESHOLD_BYTES


def tune_allocator() -> int:
    """Set :func:`mmap_threshold` in this process, once, and a trim threshold of twice it; the ``mmap``
    threshold set (0: none).

    The trim threshold too: with a 32 MiB ``mmap`` threshold, arrays up to that size come from the heap, and
    a 64 KiB trim threshold gives the top of the heap back to the kernel each time such an array is freed,
    to fault in fresh zeroed pages for the next one: 1/8 of a 1,000-text check's alignments took 117,000
    page faults and 3.8 to 4.1 s of CPU that way, 13,500 faults and 2.9 to 3.0 s with the trim threshold at
    twice the ``mmap`` threshold (glibc's own rule when it raises its threshold; 50,000 faults and 3.1 to
    3.2 s in a process with glibc's defaults). At most that much free memory stays at the top of the heap."""
    if not _tuned:
        wanted = mmap_threshold(os.environ, sys.platform)
        done = 0
        if wanted is not None:
            try:
                libc = ctypes.CDLL(None)
                if libc.mallopt(_M_MMAP_THRESHOLD, wanted) == 1:
                    libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
                    done = wanted
            except (OSError, AttributeError):  # not glibc: nothing to tune
                pass
        _tuned.append(done)
    return _tuned[0]


def tuned_threshold() -> int | None:
    """The threshold :func:`tune_allocator` set in this process (0: none), ``None`` before it ran."""
    return _tuned[0] if _tuned else None


def _run_part(part: list[T], *, stage: Callable[[Any, T], R], shared: Any,
              build: Callable[[Any, list[Any]], Any] | None = None, kept: Sequence[list[Any]] = (),
              layout: Sequence[list[int]] = ()) -> list[R | _Failed]:
    """``stage(shared, item)`` for each item of one task, an item's error kept as :class:`_Failed` (the
    worker's allocator tuned first: :func:`tune_allocator`). With ``build``, the stage's shared value is
    ``build(shared, picks)``, the picks of an :class:`~reuse.engine.Assembled` value (``kept``, each for the
    items at the indexes of ``layout``) put in item order."""
    tune_allocator()
    if build is not None:
        picks: list[Any] = [None] * sum(len(indexes) for indexes in layout)
        for values, indexes in zip(kept, layout, strict=True):
            for k, value in zip(indexes, values, strict=True):
                picks[k] = value
        shared = build(shared, picks)
    outcomes: list[R | _Failed] = []
    for item in part:
        try:
            outcomes.append(stage(shared, item))
        except Exception as error:
            outcomes.append(_Failed(error))
    return outcomes


def _picked(outcomes: list[Any], *, pick: Callable[[Any], Any]) -> list[Any]:
    """``pick`` of each result of a kept task, on the worker that holds them."""
    return [pick(outcome) for outcome in outcomes]


def _worker_version() -> str:
    return __version__


def _local_error(error: BaseException, address: str) -> BaseException:
    """A task's error as raised here: a worker that cannot import ``reuse`` is a :class:`ClusterError`."""
    if isinstance(error, ImportError):
        return ClusterError(f"--cluster {address}: a worker cannot import what the task needs ({error}); "
                            f"install reuse-detector {__version__} there with `{INSTALL}`")
    return error


__all__ = ["CONNECT_SECONDS", "MMAP_THRESHOLD_BYTES", "TRIM_THRESHOLD_BYTES", "DaskExecutor",
           "mmap_threshold", "tune_allocator", "tuned_threshold"]
