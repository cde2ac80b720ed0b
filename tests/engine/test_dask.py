"""``--cluster``: the stages run as tasks on a real Dask cluster (a scheduler and two worker processes on
loopback) and give the same bytes as a local run; a missing extra or an unreachable scheduler is exit 2
with what to do (issue #16)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..cohort_class import write_class
from ..conftest import SAMPLES

REUSE = str(Path(sys.executable).parent / "reuse")
EPOCH = "1767225600"


def reuse(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "REUSE_CACHE_DIR": "off", **(env or {})}
    return subprocess.run([REUSE, *map(str, args)], capture_output=True, text=True, timeout=600, check=False,
                          env=env)


def check(folder: Path, out: Path, *extra: object) -> subprocess.CompletedProcess[str]:
    out.mkdir()
    return reuse("check", folder, "--sources", SAMPLES / "sources", "--isolated", "-q",
                 "--json", out / "result.json", "--html", out / "report.html", *extra)


def test_check_on_a_dask_cluster_writes_the_same_bytes_as_a_local_run(tmp_path, scheduler):
    folder = write_class(tmp_path / "class")
    local = check(folder, tmp_path / "local", "--jobs", "2")
    cluster = check(folder, tmp_path / "cluster", "--cluster", scheduler)
    assert local.returncode == cluster.returncode == 1, (local.stderr, cluster.stderr)
    for name in ("result.json", "report.html"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "cluster" / name).read_bytes(), name


def _rows(index: Path) -> list[tuple[object, ...]]:
    """Every row of every table of a SQLite index but its meta (which holds the build time)."""
    with sqlite3.connect(index) as db:
        names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [t for (t,) in names if t != "meta"]
        return [(t, *row) for t in tables for row in db.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]  # noqa: S608


def test_index_build_on_a_dask_cluster_writes_the_same_index_as_a_local_build(tmp_path, scheduler):
    folder = write_class(tmp_path / "web")
    local = reuse("index", "build", tmp_path / "local.sqlite", folder, "--isolated", "--jobs", "1")
    cluster = reuse("index", "build", tmp_path / "cluster.sqlite", folder, "--isolated",
                    "--cluster", scheduler)
    assert local.returncode == cluster.returncode == 0, (local.stderr, cluster.stderr)
    assert "added 24 documents" in cluster.stdout
    assert _rows(tmp_path / "local.sqlite") == _rows(tmp_path / "cluster.sqlite")


def test_an_unreachable_scheduler_is_exit_2_with_a_clear_message_not_a_hang(tmp_path):
    pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    started = time.monotonic()
    done = reuse("check", SAMPLES / "submissions", "--isolated", "--cluster", "tcp://127.0.0.1:9")
    assert done.returncode == 2
    assert "no Dask scheduler answered within 10 s" in done.stderr
    assert "dask scheduler" in done.stderr
    assert time.monotonic() - started < 120


def test_cluster_without_the_dask_extra_is_exit_2_saying_what_to_install(tmp_path):
    broken = tmp_path / "site" / "distributed"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('no distributed here')\n", encoding="utf-8")
    done = reuse("check", SAMPLES / "submissions", "--isolated", "--cluster", "tcp://127.0.0.1:8786",
                 env={"PYTHONPATH": str(tmp_path / "site")})
    assert done.returncode == 2
    assert 'pip install "reuse-detector[dask]"' in done.stderr


def where(shared: int, item: int) -> tuple[int, int]:
    """A stage: the item times the shared factor, and the process that computed it."""
    if item == 13:
        raise ValueError("thirteen")
    return item * shared, os.getpid()


def test_a_stage_on_the_cluster_gives_each_item_its_result_in_order_and_only_the_failing_item_falls_back(
        scheduler):
    from reuse.engine.dask import TASKS_PER_WORKER, DaskExecutor

    executor = DaskExecutor(scheduler)
    done: list[int] = []
    failed: list[tuple[int, str]] = []
    try:
        items = list(range(400))  # more than TASKS_PER_WORKER tasks of one item: several items a task
        results = executor.map(where, items, shared=3, done=done.append,
                               fallback=lambda k, error: failed.append((k, str(error))) or (-1, 0))
    finally:
        executor.close()
    assert len(items) > 2 * TASKS_PER_WORKER
    assert [value for value, _ in results] == [-1 if k == 13 else 3 * k for k in items]
    assert failed == [(13, "thirteen")]
    assert sorted(done) == items
    assert os.getpid() not in {pid for k, (_, pid) in enumerate(results) if k != 13}


def test_an_item_error_without_a_fallback_is_raised_as_it_would_be_locally(scheduler):
    from reuse.engine.dask import DaskExecutor

    executor = DaskExecutor(scheduler)
    try:
        with pytest.raises(ValueError, match="thirteen"):
            executor.map(where, list(range(100)), shared=1)
    finally:
        executor.close()


def test_a_stage_estimated_below_a_second_runs_in_this_process_like_a_local_pool(scheduler):
    from reuse.engine import POOL_MIN_SECONDS
    from reuse.engine.dask import DaskExecutor

    executor = DaskExecutor(scheduler)
    try:
        cheap = executor.map(where, list(range(12)), shared=2, work=POOL_MIN_SECONDS / 2)
        costly = executor.map(where, list(range(12)), shared=2, work=POOL_MIN_SECONDS * 2)
    finally:
        executor.close()
    assert cheap == [(2 * k, os.getpid()) for k in range(12)]
    assert [value for value, _ in costly] == [2 * k for k in range(12)]
    assert os.getpid() not in {pid for _, pid in costly}


def dies_on_five(shared: None, item: int) -> int:
    """A stage whose item 5 kills the worker process running it (as a crashing extractor would)."""
    if item == 5:
        os._exit(1)
    return item


def test_an_item_that_kills_its_worker_falls_back_alone_and_the_rest_of_its_chunk_is_computed():
    distributed = pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    import dask

    from reuse.engine.dask import DaskExecutor

    # one task at a time on each worker, and a task that kills one worker fails: only its own items are hit
    with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                          "distributed.scheduler.worker-saturation": 1.0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address, timeout=60)
        failed: list[int] = []
        try:
            results = executor.map(dies_on_five, list(range(200)),  # several items a task
                                   fallback=lambda k, error: failed.append(k) or -1)
        finally:
            executor.close()
    assert failed == [5]
    assert results == [-1 if k == 5 else k for k in range(200)]


def allocator(shared: None, item: int) -> tuple[int, str | None]:
    """A stage: the mmap threshold the task's worker set, and the trim threshold its nanny gave it."""
    from reuse.engine.dask import tuned_threshold

    return tuned_threshold(), os.environ.get("MALLOC_TRIM_THRESHOLD_")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux-only")
def test_a_worker_started_by_a_nanny_raises_its_mmap_threshold_before_the_first_task(scheduler):
    from reuse.engine.dask import MMAP_THRESHOLD_BYTES, DaskExecutor

    executor = DaskExecutor(scheduler)
    try:
        found = set(executor.map(allocator, list(range(8)), work=None))
    finally:
        executor.close()
    assert found == {(MMAP_THRESHOLD_BYTES, "65536")}  # Dask's default trim threshold, and our answer to it


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"MALLOC_TRIM_THRESHOLD_": "65536"}, "linux", 32 * 2**20),
        ({"MALLOC_TRIM_THRESHOLD_": "65536", "MALLOC_MMAP_THRESHOLD_": "131072"}, "linux", None),
        ({}, "linux", None),
        ({"MALLOC_TRIM_THRESHOLD_": "65536"}, "darwin", None),
    ],
)
def test_only_a_trim_threshold_without_a_chosen_mmap_threshold_moves_the_mmap_threshold(environ, platform,
                                                                                       expected):
    pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    from reuse.engine.dask import mmap_threshold

    assert mmap_threshold(environ, platform) == expected


def test_the_cohort_stage_on_the_cluster_gives_the_candidates_it_gives_in_this_process(scheduler):
    from reuse.engine.dask import DaskExecutor
    from reuse.index.cohort import cohort_found, cohort_task

    from ..index.test_cohort import essays, staged

    cohort, _ = staged(essays(3, 16))
    executor = DaskExecutor(scheduler, min_work=0.0)
    try:
        results = executor.map(cohort_task, cohort.tasks, shared=cohort)
    finally:
        executor.close()
    here = [cohort_task(cohort, task) for task in cohort.tasks]
    assert cohort_found(cohort, results) == cohort_found(cohort, here)
    assert any(cohort_found(cohort, results)[0].values())


FAULTS = """
import resource, sys
import numpy as np
from reuse.engine.dask import tune_allocator
if sys.argv[1] == "tuned":
    tune_allocator()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(100):
    np.ones(2**18).sum()  # a 2 MiB array made and freed, as alignment makes many
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux-only")
def test_a_tuned_worker_reuses_freed_heap_memory_instead_of_faulting_in_fresh_pages_for_each_array():
    pytest.importorskip("distributed", reason='needs the dask extra: pip install ".[dask]"')
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}  # as a Dask nanny starts its workers

    def faults(mode: str) -> int:
        done = subprocess.run([sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, env=env,
                              check=True, timeout=120)
        return int(done.stdout)

    assert faults("untuned") > 20_000  # 512 pages faulted in for each of the 100 arrays
    assert faults("tuned") < 5_000  # the first array's pages, then the same heap again
