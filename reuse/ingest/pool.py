"""The worker pool that extracts files in parallel, and its workers' death with their parent.

A worker that outlives the process that started it (killed with ``kill -9``, so the pool could
not stop it) would wait for work forever: each worker ends itself when its parent dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from reuse.ingest.formats import Extracted
from reuse.model import DocumentKind, FileError
from reuse.settings import Limits

#: One file's extraction in a worker: ``(name, suffix, data, kind, caps)`` -> text or a per-file error.
Work = Callable[[str, str, bytes, DocumentKind, Limits | None], Extracted | FileError]


def run_pool(
    work: Work,
    tasks: Sequence[tuple[str, str, bytes]],
    *,
    kind: DocumentKind,
    caps: Limits | None,
    workers: int,
) -> list[Extracted | FileError]:
    """Run ``work`` on every ``(name, suffix, data)`` task in a pool of ``workers`` processes (no more
    than there are tasks), results in task order; a worker that crashes gives a :class:`FileError`."""
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(work, name, suffix, data, kind, caps) for name, suffix, data in tasks]
        return [_outcome(future, name) for future, (name, _, _) in zip(futures, tasks, strict=True)]


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


_PR_SET_PDEATHSIG = 1
_WATCHDOG_SECONDS = 0.5


def _outcome(future: Future[Extracted | FileError], name: str) -> Extracted | FileError:
    try:
        return future.result()
    except Exception as error:
        return FileError(
            name,
            f"extraction crashed ({type(error).__name__})",
            "open and re-save the file, or export it as PDF",
        )

