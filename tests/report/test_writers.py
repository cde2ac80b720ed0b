"""Machine formats for CI: JSON (published schema), SARIF, JUnit, GitHub, GitLab, CSV; run end to end."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml

from reuse.cli import FORMATS as CLI_FORMATS
from reuse.report import FORMATS
from reuse.report.github import escape_data, escape_markdown, escape_property

from ..conftest import FIXTURES
from ..test_cli import COPY, INDEPENDENT, WEB, run

SARIF_SCHEMA = Path(__file__).parents[1] / "schemas" / "sarif-schema-2.1.0.json"
HOSTILE_NAMES = ("evil%0A::error::pwned,x.txt", "evil\n::error title=x::pwned\r,y.txt")
COMMAND_LINE = re.compile(r"^::(error|warning|notice)( [^:\r\n]*)?::[^\r\n]*$")


def _copy(tmp_path: Path, name: str, source: str = WEB, extra: str = "") -> str:
    path = tmp_path / name
    path.write_text(Path(source).read_text(encoding="utf-8") + extra, encoding="utf-8")
    return str(path)


@pytest.fixture
def hostile(tmp_path):
    """Two submissions with hostile names, both copied from the web source."""
    folder = tmp_path / "subs"
    folder.mkdir()
    return [_copy(folder, name) for name in HOSTILE_NAMES]


def _decode(value: str) -> str:
    return (
        value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        .replace("%25", "%")
    )


def _properties(line: str) -> dict[str, str]:
    props = line.split(" ", 1)[1].split("::", 1)[0]
    return {k: _decode(v) for k, v in (item.split("=", 1) for item in props.split(","))}


def test_cli_and_library_offer_the_same_formats():
    assert CLI_FORMATS == FORMATS


def test_published_json_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package():
    schema = json.loads(
        (resources.files("reuse") / "schemas" / "result.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_json_on_stdout_validates_against_the_published_schema(monkeypatch, capsys, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00binary")
    code, out, _ = run(["check", COPY, INDEPENDENT, str(binary), "--sources", WEB, "--format", "json",
                        "--template", str(FIXTURES / "assignment_template.txt")], monkeypatch, capsys)
    assert code == 2  # photo.txt was not checked
    schema = json.loads(
        (resources.files("reuse") / "schemas" / "result.schema.json").read_text(encoding="utf-8")
    )
    data = json.loads(out)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["settings"]["fail_on"] == "pair" and data["errors"][0]["path"].endswith("photo.txt")


def _sarif(args, monkeypatch, capsys):
    code, out, _ = run(["check", *args, "--format", "sarif"], monkeypatch, capsys)
    return code, json.loads(out)


def test_sarif_validates_against_the_official_sarif_2_1_0_schema(monkeypatch, capsys, tmp_path):
    peer = _copy(tmp_path, "peer.txt", COPY)
    code, log = _sarif([COPY, peer, INDEPENDENT, "--sources", WEB], monkeypatch, capsys)
    assert code == 1
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == ["TR001", "TR002", "TR003"]
    assert {r["ruleId"] for r in run_["results"]} == {"TR001", "TR002"}


def test_sarif_result_points_at_the_lines_of_the_shared_passage(monkeypatch, capsys):
    _, log = _sarif([COPY, "--sources", WEB], monkeypatch, capsys)
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    text = Path(COPY).read_text(encoding="utf-8")
    passage = text[region["charOffset"]: region["charOffset"] + region["charLength"]]
    assert region["startLine"] == text[: region["charOffset"]].count("\n") + 1
    assert len(passage.split()) > 40
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "essay_with_copied_paragraph.txt")
    assert result["level"] == "error" and "partialFingerprints" in result


def test_sarif_rule_ids_and_fingerprints_do_not_change_with_the_run_order(monkeypatch, capsys, tmp_path):
    peer = _copy(tmp_path, "peer.txt", COPY)
    _, first = _sarif([COPY, peer, "--sources", WEB], monkeypatch, capsys)
    _, second = _sarif([peer, COPY, "--sources", WEB], monkeypatch, capsys)

    def keys(log):
        results = log["runs"][0]["results"]
        return sorted((r["ruleId"], r["partialFingerprints"]["reuseFingerprint/v1"]) for r in results)

    assert keys(first) == keys(second)
    assert len(set(keys(first))) == len(keys(first)) == 4


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
    bell = _copy(tmp_path / "subs", "bell\x07\x1b[31m<b>&.txt")
    code, out, _ = run(["check", *hostile, bell, "--sources", WEB, "--format", "junit"], monkeypatch, capsys)
    assert code == 1
    names = sorted(
        Path(case.name).name for suite in JUnitXml.fromstring(out.encode("utf-8")) for case in suite
    )
    assert names == sorted(["bell\\x07\\x1b[31m<b>&.txt", *HOSTILE_NAMES])


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
        _copy(folder, f"student{k:02d}.txt", extra=f"\nMy own closing remark number {k}.\n")
    code, out, _ = run(["check", str(folder), "--sources", WEB, "--format", "github"], monkeypatch, capsys)
    assert code == 1
    lines = out.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert lines[-1].startswith("::notice ") and "more findings are not annotated" in lines[-1]


def test_github_step_summary_gets_the_full_table_with_names_escaped(monkeypatch, capsys, tmp_path, hostile):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    piped = _copy(tmp_path / "subs", "a|b](http:x).txt")
    run(["check", *hostile, piped, "--sources", WEB, "--format", "github"], monkeypatch, capsys)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## reuse")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 6  # header + 6 pairs (3 submissions with each other and with the source)
    assert all(row.count(" | ") == 7 for row in rows)  # no name adds a column
    assert "a\\|b\\]\\(http\\:x\\)" in text and "](http" not in text


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


def test_csv_has_a_header_and_one_row_per_pair(monkeypatch, capsys, tmp_path):
    peer = _copy(tmp_path, "peer.txt", COPY)
    code, out, _ = run(
        ["check", COPY, peer, INDEPENDENT, "--sources", WEB, "--format", "csv"], monkeypatch, capsys
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and len(rows) == 3
    assert rows[0]["rank"] == "1" and rows[0]["finding"] == "true" and rows[0]["rule_id"] == "TR001"
    assert {r["right_kind"] for r in rows} == {"submission", "source"}


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(monkeypatch, capsys, tmp_path):
    _copy(tmp_path, "=HYPERLINK(x).txt")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(["check", "=HYPERLINK(x).txt", "--sources", WEB, "--format", "csv"], monkeypatch, capsys)
    (row,) = list(csv.DictReader(io.StringIO(out)))
    cells = (row["left"], row["right"])
    assert not any(c.startswith("=") for c in cells)
    assert any(c.startswith("'") and "=HYPERLINK(x).txt" in c for c in cells)


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
