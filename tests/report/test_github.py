"""GitHub annotations and step summary (``reuse.report.github``), run end to end: escaped so that no
file name or passage injects a workflow command."""

from __future__ import annotations

import re
from pathlib import Path

from reuse.report.github import escape_data, escape_markdown, escape_property

from ..test_cli import WEB, run
from .conftest import HOSTILE_NAMES, copy_text

COMMAND_LINE = re.compile(r"^::(error|warning|notice)( [^:\r\n]*)?::[^\r\n]*$")


def _decode(value: str) -> str:
    return (
        value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        .replace("%25", "%")
    )


def _properties(line: str) -> dict[str, str]:
    props = line.split(" ", 1)[1].split("::", 1)[0]
    return {k: _decode(v) for k, v in (item.split("=", 1) for item in props.split(","))}


def test_github_annotations_are_escaped_so_no_file_name_or_passage_injects_a_command(
    monkeypatch, capsys, hostile
):
    code, out, err = run(["check", *hostile, "--sources", WEB, "--format", "github"], monkeypatch, capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines and all(COMMAND_LINE.match(line) for line in lines), out
    assert not any(line.startswith("::") for line in err.splitlines())
    files = {_properties(line)["file"] for line in lines}
    assert {Path(f).name for f in files} == set(HOSTILE_NAMES)
    assert "%250A" in out  # the literal "%0A" in a name is not decoded into a newline by the runner


def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("50% a\r\nb::c,d") == "50%25 a%0D%0Ab::c,d"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_markdown("a|b](x)\n<img>") == "a\\|b\\]\\(x\\)\\\\n\\<img\\>"


def test_github_annotates_at_most_ten_and_says_how_many_more(monkeypatch, capsys, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for k in range(12):
        copy_text(folder, f"student{k:02d}.txt", extra=f"\nMy own closing remark number {k}.\n")
    code, out, _ = run(["check", str(folder), "--sources", WEB, "--format", "github"], monkeypatch, capsys)
    assert code == 1
    lines = out.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert lines[-1].startswith("::notice ") and "more findings are not annotated" in lines[-1]


def test_github_step_summary_gets_the_full_table_with_names_escaped(monkeypatch, capsys, tmp_path, hostile):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    piped = copy_text(tmp_path / "subs", "a|b](http:x).txt")
    run(["check", *hostile, piped, "--sources", WEB, "--format", "github"], monkeypatch, capsys)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## reuse")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 6  # header + 6 pairs (3 submissions with each other and with the source)
    assert all(row.count(" | ") == 7 for row in rows)  # no name adds a column
    assert "a\\|b\\]\\(http\\:x\\)" in text and "](http" not in text
