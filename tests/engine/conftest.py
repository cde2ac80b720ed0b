"""Fixtures of the engine tests: a real Dask cluster on loopback."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def scheduler():
    """The address of a scheduler with two single-threaded worker processes, on loopback."""
    distributed = pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address
