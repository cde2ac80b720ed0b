"""JUnit XML (``reuse.report.junit``), run end to end: one test case per submission."""

from __future__ import annotations

from pathlib import Path

from junitparser import Error, Failure, JUnitXml

from ..test_cli import COPY, INDEPENDENT, WEB, run
from .conftest import HOSTILE_NAMES, copy_text


def test_junit_has_one_test_case_per_submission_failing_over_the_threshold(monkeypatch, capsys, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00binary")
    code, out, _ = run(["check", COPY, INDEPENDENT, str(binary), "--sources", WEB, "--format", "junit"],
                       monkeypatch, capsys)
    assert code == 2  # photo.txt was not checked
    xml = JUnitXml.fromstring(out.encode("utf-8"))
    cases = {case.name: case for suite in xml for case in suite}
    assert set(cases) == {COPY.replace("\\", "/"), INDEPENDENT.replace("\\", "/"), binary.as_posix()}
    assert isinstance(cases[COPY].result[0], Failure) and "TR002" in cases[COPY].result[0].type
    assert cases[INDEPENDENT].is_passed
    assert isinstance(cases[binary.as_posix()].result[0], Error)
    suite = next(iter(xml))
    assert (suite.tests, suite.failures, suite.errors) == (3, 1, 1)


def test_junit_stays_well_formed_with_control_characters_in_file_names(
    monkeypatch, capsys, tmp_path, hostile
):
    bell = copy_text(tmp_path / "subs", "bell\x07\x1b[31m<b>&.txt")
    code, out, _ = run(["check", *hostile, bell, "--sources", WEB, "--format", "junit"], monkeypatch, capsys)
    assert code == 1
    names = sorted(
        Path(case.name).name for suite in JUnitXml.fromstring(out.encode("utf-8")) for case in suite
    )
    assert names == sorted(["bell\\x07\\x1b[31m<b>&.txt", *HOSTILE_NAMES])
