"""Every output file is written whole or not at all: on a full disk or a read-only folder the run
exits 2 with a message naming the file, the earlier file stays as it was, and no half file or
temporary file is left (issue #14 §4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reuse.atomic import atomic_write
from reuse.errors import OutputError

from ..conftest import SAMPLES

REUSE = str(Path(sys.executable).parent / "reuse")
ENV = {**os.environ, "REUSE_CACHE_DIR": "off"}
OLD = "the report of last week\n"


def reuse(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    if args[0] == "check" or args[:2] in (("index", "build"), ("index", "add")):
        args = (*args, "--isolated")  # no pyproject.toml of a parent folder
    return subprocess.run([REUSE, *map(str, args)], capture_output=True, text=True, env=ENV, cwd=cwd,
                          timeout=300, check=False)


def check_samples(*outputs: object) -> subprocess.CompletedProcess[str]:
    return reuse("check", SAMPLES / "submissions", "--sources", SAMPLES / "sources", "-q", *outputs)


@pytest.fixture
def tmpfs(tmp_path):
    """A 64 KiB tmpfs (root only; skipped otherwise) and a function that fills it or makes it read-only."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")

    def fill() -> None:
        with open(mount / "filler", "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 1024)
            except OSError:
                pass

    def seal() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)

    yield mount, fill, seal
    subprocess.run(["umount", str(mount)], check=False)


def _no_leftovers(folder: Path, *expected: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)


def _failed_cleanly(done: subprocess.CompletedProcess[str], path: Path) -> None:
    assert done.returncode == 2
    assert f"reuse: error: {path}: cannot write it" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("option", ["--html", "--json", "--write-baseline", "--output=sarif:"])
def test_an_output_on_a_full_disk_is_an_error_and_the_earlier_file_stays(tmpfs, option):
    mount, fill, _ = tmpfs
    target = mount / "out.file"
    target.write_text(OLD)
    fill()
    args = [f"{option}{target}"] if option.endswith(":") else [option, target]
    done = check_samples(*args)
    _failed_cleanly(done, target)
    assert target.read_text() == OLD
    _no_leftovers(mount, "out.file", "filler")


def test_a_split_report_on_a_full_disk_leaves_no_truncated_page(tmpfs):
    mount, fill, _ = tmpfs
    split = mount / "split"
    split.mkdir()
    (split / "index.html").write_text(OLD)
    fill()
    done = check_samples("--split", split)
    assert done.returncode == 2 and "cannot write it (No space left on device)" in done.stderr
    assert "Traceback" not in done.stderr
    assert (split / "index.html").read_text() == OLD
    _no_leftovers(split, "index.html")


def test_a_split_report_that_runs_out_of_space_midway_keeps_every_page_whole(tmpfs):
    """Unlike a disk filled from the start, here the first pages fit and a later one does not."""
    mount, _, _ = tmpfs
    split = mount / "split"
    done = check_samples("--split", split)
    assert done.returncode == 2 and "No space left on device" in done.stderr
    pages = list(split.iterdir())
    assert pages, "the first pages fit"
    for page in pages:
        assert not page.name.startswith("."), f"temporary file left: {page.name}"
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), f"{page.name} is truncated"


def test_an_output_in_a_read_only_folder_is_an_error_and_the_earlier_file_stays(tmpfs):
    mount, _, seal = tmpfs
    target = mount / "report.html"
    target.write_text(OLD)
    seal()
    done = check_samples("--html", target)
    _failed_cleanly(done, target)
    assert target.read_text() == OLD


def test_reuse_report_on_a_full_disk_is_an_error_and_the_earlier_report_stays(tmpfs, tmp_path):
    mount, fill, _ = tmpfs
    result = tmp_path / "result.json"
    assert check_samples("--json", result).returncode in (0, 1)
    target = mount / "report.html"
    target.write_text(OLD)
    fill()
    done = reuse("report", result, "--html", target)
    _failed_cleanly(done, target)
    assert target.read_text() == OLD


def test_an_output_under_a_file_is_an_error_not_a_traceback(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file\n")
    done = check_samples("--json", blocker / "result.json")
    assert done.returncode == 2 and f"{blocker / 'result.json'}: cannot write it" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_failure_while_writing_keeps_the_earlier_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "result.json"
    target.write_text(json.dumps({"old": True}))

    def half(tmp: Path) -> None:
        tmp.write_text('{"new": ')
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write(target, half)
    assert json.loads(target.read_text()) == {"old": True}
    _no_leftovers(tmp_path, "result.json")
