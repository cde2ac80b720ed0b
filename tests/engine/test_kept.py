"""Results that stay where they were made (``Executor.keep``) and a later stage's shared value made from
them (``Assembled``): in-process, in a local pool and on a Dask cluster the same results; on a cluster the
value is made on the workers from what they kept, so this process does not send back the texts it was sent
(issue #16)."""

from __future__ import annotations

import dataclasses
import os
import time

import pytest

from reuse.engine import Assembled, Kept, resolved
from reuse.engine.local import InlineExecutor, PoolExecutor

from ..cohort_class import write_class


def times(shared: int, item: int) -> tuple[int, int]:
    """A first stage: ``shared * item``, and the process that made it."""
    return shared * item, os.getpid()


def pick_value(result: tuple[int, int]) -> int:
    """What the second stage needs of a first stage's result."""
    return result[0]


def with_picks(value: list[int], picks: list[int]) -> list[int]:
    """The second stage's shared value: ``value``, then the picks in item order."""
    return [*value, *picks]


def nth(shared: list[int], item: int) -> int:
    """A second stage: the shared value's ``item``-th number."""
    return shared[item]


EXPECTED = [100, *(10 * k for k in range(40))]


def two_stages(executor: object) -> tuple[Kept[tuple[int, int]], list[int]]:
    first = executor.keep(times, list(range(40)), shared=10, work=None)  # type: ignore[attr-defined]
    shared = Assembled(with_picks, [100], first, pick_value)
    return first, executor.map(nth, list(range(41)), shared=shared, work=None)  # type: ignore[attr-defined]


def test_an_assembled_value_is_made_in_this_process_from_the_results_it_holds():
    first, second = two_stages(InlineExecutor())
    assert first.where is None
    assert [value for value, _ in first.values] == [10 * k for k in range(40)]
    assert second == EXPECTED
    assert resolved(Assembled(with_picks, [1], Kept([(2, 0)]), pick_value)) == [1, 2]
    assert resolved([3]) == [3]


def test_a_local_pool_keeps_results_here_and_gives_the_same_as_one_process():
    pool = PoolExecutor(2, min_work=0.0)
    first, second = two_stages(pool)
    assert pool.pools_started == 2  # both stages ran in the pool's workers
    assert os.getpid() not in {pid for _, pid in first.values}
    assert second == EXPECTED


@pytest.fixture
def scattered(monkeypatch):
    """What the client scatters to the workers during the test, in order."""
    distributed = pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    sent: list[object] = []
    scatter = distributed.Client.scatter

    def spy(self: object, data: object, *args: object, **kwargs: object) -> object:
        sent.append(data)
        return scatter(self, data, *args, **kwargs)

    monkeypatch.setattr(distributed.Client, "scatter", spy)
    return sent


def test_on_a_cluster_the_value_is_made_on_the_workers_from_the_results_they_kept(scheduler, scattered):
    from reuse.engine.dask import DaskExecutor

    executor = DaskExecutor(scheduler, min_work=0.0)
    try:
        first = executor.keep(times, list(range(40)), shared=10)
        assert first.where  # the tasks' futures: the results are still on the workers
        assert os.getpid() not in {pid for _, pid in first.values}
        first.values[:] = [(-1, 0)] * 40  # what this process holds is not what the workers use
        second = executor.map(nth, list(range(41)), shared=Assembled(with_picks, [100], first, pick_value))
    finally:
        executor.close()
    assert second == EXPECTED
    assert scattered == [10, [100]]  # the first stage's shared value, then only the second's own part


def test_on_a_cluster_a_stage_run_here_is_kept_here_and_its_value_made_here(scheduler):
    from reuse.engine.dask import DaskExecutor

    executor = DaskExecutor(scheduler, min_work=10.0)
    try:
        first = executor.keep(times, list(range(40)), shared=10, work=1.0)  # cheap: in this process
        second = executor.map(nth, list(range(41)), shared=Assembled(with_picks, [100], first, pick_value))
    finally:
        executor.close()
    assert first.where is None
    assert {pid for _, pid in first.values} == {os.getpid()}
    assert second == EXPECTED


def test_a_check_on_a_cluster_sends_the_workers_no_prepared_text_for_the_alignment(scheduler, tmp_path,
                                                                                  monkeypatch, scattered):
    import reuse.engine.dask
    from reuse.compare import Comparing
    from reuse.pipeline import check
    from reuse.settings import Settings

    monkeypatch.setattr(reuse.engine.dask, "POOL_MIN_SECONDS", 0.0)  # every stage on the workers
    folder = write_class(tmp_path / "class")
    on_cluster = check([folder], settings=dataclasses.replace(Settings(), cluster=scheduler), cache_dir="off")
    here = check([folder], jobs=1, cache_dir="off")
    assert on_cluster.pairs == here.pairs and on_cluster.pairs
    comparing = [data for data in scattered if isinstance(data, Comparing)]
    assert len(comparing) == 1  # the alignment's shared value: the settings, and no document or text
    assert not comparing[0].docs and not comparing[0].texts and not comparing[0].features


def times_but_five(shared: int, item: int) -> tuple[int, int]:
    """:func:`times`, except that item 5 raises (as a file whose extraction fails would)."""
    if item == 5:
        raise ValueError("five")
    return times(shared, item)


def test_on_a_cluster_a_stage_with_a_fallen_back_item_is_kept_here_with_the_fallback(scheduler):
    from reuse.engine.dask import DaskExecutor

    executor = DaskExecutor(scheduler, min_work=0.0)
    try:
        first = executor.keep(times_but_five, list(range(40)), shared=10, fallback=lambda k, error: (-5, 0))
        second = executor.map(nth, list(range(41)), shared=Assembled(with_picks, [100], first, pick_value))
    finally:
        executor.close()
    assert first.where is None  # one result was made here: the value is made here too
    assert second == [100, *(-5 if k == 5 else 10 * k for k in range(40))]


def test_on_a_cluster_results_lost_with_a_worker_are_computed_again_for_the_assembled_value():
    distributed = pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    from reuse.engine.dask import DaskExecutor

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address, min_work=0.0, timeout=60)
        try:
            first = executor.keep(times, list(range(40)), shared=10)
            made = {pid for _, pid in first.values}
            assert len(made) == 2  # both workers hold some of the results
            nanny = cluster.workers[sorted(cluster.workers)[0]]
            dead = nanny.worker_address
            nanny.process.process.kill()  # its kept results (and its copy of the inputs) are gone with it
            deadline = time.monotonic() + 30
            while dead in executor.client.scheduler_info()["workers"] and time.monotonic() < deadline:
                time.sleep(0.1)
            shared = Assembled(with_picks, [100], first, pick_value)
            second = executor.map(nth, list(range(41)), shared=shared)
        finally:
            executor.close()
    assert second == EXPECTED
