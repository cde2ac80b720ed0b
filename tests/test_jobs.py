"""``--jobs``: the worker processes of every stage. A run gives the same bytes (JSON and HTML) on one
process or several, the stages really run in the workers when they are worth it, and a small run starts
no worker at all (issue #16)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reuse.cli import cli

from .cohort_class import write_class
from .conftest import SAMPLES

EPOCH = "1767225600"
_forks = {"counting": False, "count": 0}


def _count_fork() -> None:
    if _forks["counting"]:
        _forks["count"] += 1


os.register_at_fork(after_in_parent=_count_fork)


@pytest.fixture
def forks() -> Iterator[dict[str, int | bool]]:
    """How many processes this test's code forked (a pool's workers are forked; subprocesses are not
    counted)."""
    _forks.update(counting=True, count=0)
    yield _forks
    _forks["counting"] = False


def run_check(folder: Path, out: Path, *extra: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """``reuse check`` in this process (so that the pool threshold can be lowered); its exit status."""
    out.mkdir()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")
    outcome = CliRunner().invoke(cli, [
        "check", str(folder), "--sources", str(SAMPLES / "sources"), "--isolated", "-q",
        "--json", str(out / "result.json"), "--html", str(out / "report.html"), *extra])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    return outcome.exit_code


def test_check_with_two_jobs_writes_the_same_json_and_html_bytes_as_with_one(tmp_path, monkeypatch, forks):
    folder = write_class(tmp_path / "class")
    monkeypatch.setattr("reuse.engine.local.POOL_MIN_SECONDS", 0.0)  # a pool for every stage, however small
    one = run_check(folder, tmp_path / "one", "--jobs", "1", monkeypatch=monkeypatch)
    assert forks["count"] == 0
    two = run_check(folder, tmp_path / "two", "--jobs", "2", monkeypatch=monkeypatch)
    assert forks["count"] >= 2 * 3  # two workers for each of extraction, preparation, alignment
    assert one == two == 1
    for name in ("result.json", "report.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert (tmp_path / "one" / "result.json").read_text(encoding="utf-8").count('"left":') > 20


def test_a_small_run_with_two_jobs_starts_no_worker_and_gives_the_same_bytes(tmp_path, monkeypatch, forks):
    folder = write_class(tmp_path / "class")  # 24 short essays: far less work than starting a pool
    one = run_check(folder, tmp_path / "one", "--jobs", "1", monkeypatch=monkeypatch)
    two = run_check(folder, tmp_path / "two", "--jobs", "2", monkeypatch=monkeypatch)
    assert forks["count"] == 0
    assert one == two == 1
    for name in ("result.json", "report.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_progress_counts_every_document_and_pair_as_the_workers_finish_them(tmp_path, monkeypatch):
    from reuse.pipeline import check
    from reuse.settings import Settings

    monkeypatch.setattr("reuse.engine.local.POOL_MIN_SECONDS", 0.0)
    calls: list[tuple[str, int, int]] = []
    result = check([write_class(tmp_path / "class")], settings=Settings(jobs=2),
                   progress=lambda stage, done, total: calls.append((stage, done, total)))
    for stage in ("prepare", "align"):
        seen = [(done, total) for name, done, total in calls if name == stage]
        assert seen, f"no progress for {stage}"
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert seen[-1][0] == seen[-1][1] > 0
    assert [d for name, d, _ in calls if name == "prepare"][-1] == len(result.documents) == 24
