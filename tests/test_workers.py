"""Extraction workers die with the process that started them, even when it is killed with
SIGKILL and cannot stop its pool (issue #14 §4)."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES

REUSE = str(Path(sys.executable).parent / "reuse")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found |= {int(k) for k in listing.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find child processes")
def test_extraction_workers_die_when_reuse_check_is_killed(tmp_path):
    words = (FIXTURES / "essay_independent_same_topic.txt").read_text(encoding="utf-8").split()
    rng = random.Random(14)  # noqa: S311 (reproducible filler text)
    for k in range(24):  # enough work for the pool to be busy for a few seconds
        (tmp_path / f"essay{k:02d}.txt").write_text(" ".join(rng.choices(words, k=120_000)), encoding="utf-8")
    check = subprocess.Popen([REUSE, "check", str(tmp_path), "--jobs", "2", "-q", "--isolated"],
                             env={**os.environ, "REUSE_CACHE_DIR": "off"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and check.poll() is None:
        workers = _children(check.pid)
        time.sleep(0.02)
    try:
        assert len(workers) == 2, "the worker pool did not start"
        check.send_signal(signal.SIGKILL)
        check.wait()
        gone_by = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived the killed reuse check"
    finally:
        for pid in workers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
