"""The local executors run a stage function over items in item order, in this process or in worker
processes, and count completions for the progress bar."""

from __future__ import annotations

import os

import pytest

from reuse.engine import chunks, default_jobs, open_executor
from reuse.engine.local import InlineExecutor, PoolExecutor


def scaled(shared: int, item: int) -> tuple[int, int]:
    """A stage: the item times the shared factor, and the process that computed it."""
    return item * shared, os.getpid()


def fails_on_three(shared: int, item: int) -> int:
    if item == 3:
        raise ValueError("three")
    return item


def test_a_pool_returns_results_in_item_order_computed_in_other_processes():
    done: list[int] = []
    results = PoolExecutor(2).map(scaled, list(range(40)), shared=3, done=done.append)
    assert [value for value, _ in results] == [3 * k for k in range(40)]
    assert os.getpid() not in {pid for _, pid in results}
    assert sorted(done) == list(range(40))


def test_the_inline_executor_runs_in_this_process():
    results = InlineExecutor().map(scaled, [1, 2], shared=5)
    assert results == [(5, os.getpid()), (10, os.getpid())]


@pytest.mark.parametrize("executor", [InlineExecutor(), PoolExecutor(2)], ids=["inline", "pool"])
def test_a_failed_task_gives_its_fallback_or_raises(executor):
    items = list(range(6))
    assert executor.map(fails_on_three, items, fallback=lambda k, error: -k) == [0, 1, 2, -3, 4, 5]
    with pytest.raises(ValueError, match="three"):
        executor.map(fails_on_three, items)


def test_a_pool_runs_a_stage_worth_less_than_its_start_in_this_process_and_starts_no_worker():
    pool = PoolExecutor(2, min_work=1.0)
    results = pool.map(scaled, list(range(40)), shared=3, work=0.5)
    assert results == [(3 * k, os.getpid()) for k in range(40)]
    assert pool.pools_started == 0
    assert os.getpid() not in {pid for _, pid in pool.map(scaled, list(range(40)), shared=3, work=2.0)}
    assert os.getpid() not in {pid for _, pid in pool.map(scaled, list(range(40)), shared=3)}  # unknown work
    assert pool.pools_started == 2


def test_jobs_picks_the_executor():
    with open_executor(jobs=1) as one, open_executor(jobs=3) as three:
        assert isinstance(one, InlineExecutor) and one.workers == 1
        assert isinstance(three, PoolExecutor) and three.workers == 3
    assert default_jobs() >= 1


def test_chunks_keep_order_and_bound_their_size():
    parts = chunks(list(range(100)), workers=2, most=4)
    assert [x for part in parts for x in part] == list(range(100))
    assert max(len(part) for part in parts) == 4
    assert chunks([1, 2, 3], workers=4, most=64) == [[1], [2], [3]]
