"""A Dask scheduler, or every worker, dying in the middle of a run is a clear ClusterError (exit 2 in
the CLI) naming the address and what to do, within seconds, never a hang (issue #16). The cluster is
real: a ``dask scheduler`` and two ``dask worker`` processes on loopback, killed with SIGKILL while a
stage's tasks run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reuse.errors import ClusterError

pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
"""The project folder, on the cluster's ``PYTHONPATH`` so that it can import this module's stage function."""


def slow(shared: float, item: int) -> int:
    """A stage that takes ``shared`` seconds an item."""
    time.sleep(shared)
    return item


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def cluster() -> Iterator[tuple[str, subprocess.Popen[bytes], list[subprocess.Popen[bytes]]]]:
    """(address, scheduler process, worker processes): a scheduler and two single-threaded workers."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT,
             "env": {**os.environ, "PYTHONPATH": str(ROOT)}}
    scheduler = subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--dashboard-address", ":0"], **quiet)  # type: ignore[call-overload]
    workers = [subprocess.Popen([BIN / "dask", "worker", address, "--nthreads", "1", "--no-dashboard"],
                                **quiet) for _ in range(2)]  # type: ignore[call-overload]
    try:
        yield address, scheduler, workers
    finally:
        for process in [scheduler, *workers]:
            process.kill()
            process.wait()


def run_and_kill(address: str, victims: list[subprocess.Popen[bytes]]) -> tuple[ClusterError, float]:
    """200 tasks of 0.2 s on ``address``, ``victims`` killed 2 s in: the error, and its delay."""
    from reuse.engine.dask import DaskExecutor

    executor = DaskExecutor(address, timeout=30)
    killed: list[float] = []

    def kill() -> None:
        time.sleep(2)
        for process in victims:
            process.kill()
        killed.append(time.monotonic())

    assert executor.map(slow, [1, 2], shared=0.0) == [1, 2]  # the workers run this module's stage
    threading.Thread(target=kill, daemon=True).start()
    try:
        with pytest.raises(ClusterError) as caught:
            executor.map(slow, list(range(200)), shared=0.2)
    finally:
        executor.close()
    return caught.value, time.monotonic() - killed[0]


def test_a_scheduler_killed_mid_run_is_a_cluster_error_naming_it_within_seconds(cluster):
    address, scheduler, _ = cluster
    error, delay = run_and_kill(address, [scheduler])
    assert address in str(error) and "dask scheduler" in str(error) and "run the check again" in str(error)
    assert delay < 30


def test_every_worker_killed_mid_run_is_a_cluster_error_saying_to_start_workers(cluster):
    address, _, workers = cluster
    error, delay = run_and_kill(address, workers)
    assert f"dask worker {address}" in str(error)
    assert delay < 45
