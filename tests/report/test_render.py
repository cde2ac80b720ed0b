"""The report formats (``reuse.report``: the ``FORMATS`` table and ``render``), through ``--format`` and
``--output``, run end to end."""

from __future__ import annotations

import json

from reuse.cli import FORMATS as CLI_FORMATS
from reuse.report import FORMATS

from ..test_cli import COPY, WEB, run


def test_cli_and_library_offer_the_same_formats():
    assert CLI_FORMATS == FORMATS


def test_output_writes_several_formats_in_one_run_next_to_the_summary(monkeypatch, capsys, tmp_path):
    out_dir = tmp_path / "out"
    code, out, _ = run(["check", COPY, "--sources", WEB, "--output", f"sarif:{out_dir / 'r.sarif'}",
                        "--output", f"junit:{out_dir / 'junit.xml'}",
                        "--output", f"gitlab:{out_dir / 'cq.json'}",
                        "--output", f"csv:{out_dir / 'pairs.csv'}", "--json", str(out_dir / "result.json")],
                       monkeypatch, capsys)
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "cq.json", "junit.xml", "pairs.csv", "r.sarif", "result.json"
    ]
    assert "1 submission," in out and "SARIF: " in out and "JSON result: " in out
    assert json.loads((out_dir / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_unknown_output_format_exits_two_naming_the_choices(monkeypatch, capsys, tmp_path):
    code, _, err = run(["check", COPY, "--output", f"pdf:{tmp_path / 'x.pdf'}"], monkeypatch, capsys)
    assert code == 2 and "unknown format 'pdf'" in err and "sarif" in err


def test_output_without_a_path_exits_two(monkeypatch, capsys):
    code, _, err = run(["check", COPY, "--output", "sarif"], monkeypatch, capsys)
    assert code == 2 and "FORMAT:PATH" in err


def test_html_format_prints_the_report_on_stdout(monkeypatch, capsys):
    code, out, _ = run(["check", COPY, "--sources", WEB, "--format", "html"], monkeypatch, capsys)
    assert code == 1 and out.startswith("<!DOCTYPE html>")


def test_quiet_prints_nothing_even_with_a_machine_format(monkeypatch, capsys):
    code, out, _ = run(["check", COPY, "--sources", WEB, "--format", "sarif", "-q"], monkeypatch, capsys)
    assert code == 1 and out == ""
