"""``--jobs``: the worker processes of every stage. A run gives the same bytes (JSON and HTML) on one
process or several, and the stages really run in the workers (issue #16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .cohort_class import write_class
from .conftest import SAMPLES

REUSE = str(Path(sys.executable).parent / "reuse")
EPOCH = "1767225600"


def run_check(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    out.mkdir()
    return subprocess.run(
        [REUSE, "check", str(folder), "--sources", str(SAMPLES / "sources"), "--isolated", "-q",
         "--json", str(out / "result.json"), "--html", str(out / "report.html"), *extra],
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "REUSE_CACHE_DIR": "off"},
        capture_output=True, text=True, timeout=600, check=False,
    )


def test_check_with_two_jobs_writes_the_same_json_and_html_bytes_as_with_one(tmp_path):
    folder = write_class(tmp_path / "class")
    one = run_check(folder, tmp_path / "one", "--jobs", "1")
    two = run_check(folder, tmp_path / "two", "--jobs", "2")
    assert one.returncode == two.returncode == 1, (one.stderr, two.stderr)
    for name in ("result.json", "report.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert (tmp_path / "one" / "result.json").read_text(encoding="utf-8").count('"left":') > 20


def test_progress_counts_every_document_and_pair_as_the_workers_finish_them(tmp_path):
    from reuse.pipeline import check
    from reuse.settings import Settings

    calls: list[tuple[str, int, int]] = []
    result = check([write_class(tmp_path / "class")], settings=Settings(jobs=2),
                   progress=lambda stage, done, total: calls.append((stage, done, total)))
    for stage in ("prepare", "align"):
        seen = [(done, total) for name, done, total in calls if name == stage]
        assert seen, f"no progress for {stage}"
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert seen[-1][0] == seen[-1][1] > 0
    assert [d for name, d, _ in calls if name == "prepare"][-1] == len(result.documents) == 24
