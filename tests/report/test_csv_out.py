"""CSV (``reuse.report.csv_out``), run end to end: one row per pair, no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from ..test_cli import COPY, INDEPENDENT, WEB, run
from .conftest import copy_text


def test_csv_has_a_header_and_one_row_per_pair(monkeypatch, capsys, tmp_path):
    peer = copy_text(tmp_path, "peer.txt", COPY)
    code, out, _ = run(
        ["check", COPY, peer, INDEPENDENT, "--sources", WEB, "--format", "csv"], monkeypatch, capsys
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and len(rows) == 3
    assert rows[0]["rank"] == "1" and rows[0]["finding"] == "true" and rows[0]["rule_id"] == "TR001"
    assert {r["right_kind"] for r in rows} == {"submission", "source"}


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(monkeypatch, capsys, tmp_path):
    copy_text(tmp_path, "=HYPERLINK(x).txt")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(["check", "=HYPERLINK(x).txt", "--sources", WEB, "--format", "csv"], monkeypatch, capsys)
    (row,) = list(csv.DictReader(io.StringIO(out)))
    cells = (row["left"], row["right"])
    assert not any(c.startswith("=") for c in cells)
    assert any(c.startswith("'") and "=HYPERLINK(x).txt" in c for c in cells)


def _team_export(path: Path) -> str:
    """An older Moodle team export: Jane's and Bob's copies of Team A's essay, and a student with a
    hostile name who handed in the web page itself."""
    with zipfile.ZipFile(path, "w") as archive:
        for pid, (folder, source) in enumerate(
            {"Team A-Jane Doe": COPY, "Team A-Bob Li": COPY, "Team B-=cmd\x07": WEB}.items(), start=101
        ):
            archive.writestr(f"{folder}_{pid}_assignsubmission_file_/essay.txt", Path(source).read_bytes())
    return str(path)


def test_summary_and_csv_show_what_the_export_names_tell_beside_each_path(monkeypatch, capsys, tmp_path):
    export = _team_export(tmp_path / "moodle.zip")
    code, out, _ = run(["check", export, "--sources", WEB], monkeypatch, capsys)
    assert code == 1
    assert re.search(r"Team A-Jane Doe_101_assignsubmission_file_/essay\.txt \(Jane Doe, team Team A\)", out)
    assert "(=cmd\\x07, team Team B)" in out  # a hostile name is shown escaped, never raw
    assert "\x07" not in out
    _, out, _ = run(["check", export, "--sources", WEB, "--format", "csv"], monkeypatch, capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    sides = {
        (r[f"{side}_author"], r[f"{side}_team"], r[f"{side}_late"])
        for r in rows
        for side in ("left", "right")
    }
    # team-mates are not paired with each other; the hostile name cannot run as a spreadsheet formula
    assert sides == {("Jane Doe", "Team A", "false"), ("Bob Li", "Team A", "false"),
                     ("'=cmd\x07", "Team B", "false"), ("", "", "false")}
