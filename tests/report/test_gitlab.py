"""GitLab Code Quality (``reuse.report.gitlab``), run end to end."""

from __future__ import annotations

import json
from pathlib import Path

from ..test_cli import WEB, run
from .conftest import HOSTILE_NAMES


def test_gitlab_code_quality_issues_have_the_required_fields_and_stable_unique_fingerprints(
        monkeypatch, capsys, tmp_path, hostile):
    def issues(paths):
        code, out, _ = run(["check", *paths, "--sources", WEB, "--format", "gitlab"], monkeypatch, capsys)
        assert code == 1
        return json.loads(out)

    first = issues(hostile)
    assert len(first) == 4  # each hostile file: one peer finding and one source finding
    for issue in first:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert {Path(i["location"]["path"]).name for i in first} == set(HOSTILE_NAMES)
    assert len({i["fingerprint"] for i in first}) == 4
    second = issues(list(reversed(hostile)))
    assert sorted(i["fingerprint"] for i in first) == sorted(i["fingerprint"] for i in second)
