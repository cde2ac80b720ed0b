"""The CLI is a thin layer: exit 0 clean, 1 findings, 2 errors; outputs written where asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reuse.cli import cli

from .class_folder import run
from .conftest import FIXTURES, ROOT

COPY = str(FIXTURES / "essay_with_copied_paragraph.txt")
INDEPENDENT = str(FIXTURES / "essay_independent_same_topic.txt")
WEB = str(FIXTURES / "web_source_photosynthesis_excerpt.txt")


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize(
    ("path", "command"), list(_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_has_help(path, command):
    assert command.help, f"{' '.join(path)} has no help text"
    outcome = CliRunner().invoke(cli, [*path, "--help"])
    assert outcome.exit_code == 0


def test_import_reuse_does_not_import_click():
    code = "import sys, reuse; print('click' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


def test_cache_dir_is_given_to_the_library_as_an_argument_not_through_the_environment(
    monkeypatch, capsys, tmp_path
):
    folder = tmp_path / "cache"
    run(["check", COPY, "--sources", WEB, "--cache-dir", str(folder)], monkeypatch, capsys)
    assert len(list((folder / "extract").rglob("*.json"))) == 2  # one entry per file read
    assert os.environ["REUSE_CACHE_DIR"] == "off"  # as the test set it: the CLI left it alone


def test_exit_zero_when_no_pair_reaches_the_threshold(monkeypatch, capsys):
    code, out, _ = run(["check", INDEPENDENT, "--sources", WEB], monkeypatch, capsys)
    assert code == 0
    assert "0 findings (pair coverage at or above 15%, or an exact passage of 40+ words)" in out


def test_exit_one_when_a_pair_reaches_the_threshold(monkeypatch, capsys, tmp_path):
    html, result = tmp_path / "out" / "report.html", tmp_path / "out" / "result.json"
    code, _, _ = run(["check", COPY, "--sources", WEB, "--html", str(html), "--json", str(result)],
                     monkeypatch, capsys)
    assert code == 1
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(result.read_text(encoding="utf-8"))["summary"]["findings"] == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html", "result.json"]


def test_fail_above_sets_the_threshold(monkeypatch, capsys):
    code, _, _ = run(["check", COPY, "--sources", WEB, "--fail-above", "0.9", "--fail-passage-words", "0"],
                     monkeypatch, capsys)
    assert code == 0


def test_exit_two_on_usage_error(monkeypatch, capsys):
    code, _, err = run(["check", COPY, "--fail-above", "1.5"], monkeypatch, capsys)
    assert code == 2
    assert "--fail-above" in err


def test_exit_two_when_no_submission_can_be_read(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run(["check", str(empty)], monkeypatch, capsys)
    assert code == 2
    assert "empty.txt: empty file" in err
    assert "no submission could be read" in err


def test_bad_file_is_reported_on_stderr_and_the_run_goes_on_but_exits_two(monkeypatch, capsys, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x00binary")
    code, out, err = run(["check", str(binary), COPY, "--sources", WEB], monkeypatch, capsys)
    assert code == 2
    assert "photo.txt: binary file" in err
    assert "1 file could not be checked" in err and "--allow-unchecked" in err
    assert "1 file error" in out and "1 file errors" not in out


def test_allow_unchecked_gives_the_status_of_the_findings(monkeypatch, capsys, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x00binary")
    code, out, err = run(["check", str(binary), COPY, "--sources", WEB, "--allow-unchecked"],
                         monkeypatch, capsys)
    assert code == 1
    assert "photo.txt: binary file" in err
    assert "NOT CHECKED" in out
    assert "1 file error" in out


def test_index_build_then_check_against_it(monkeypatch, capsys, tmp_path):
    index = tmp_path / "web.sqlite"
    code, out, _ = run(["index", "build", str(index), WEB], monkeypatch, capsys)
    assert code == 0 and "added 1 document;" in out
    code, out, _ = run(["index", "info", str(index)], monkeypatch, capsys)
    assert code == 0 and json.loads(out)["params"]["num_perm"] == 128
    code, out, _ = run(["check", COPY, "--sources", str(index)], monkeypatch, capsys)
    assert code == 1 and "web_source_photosynthesis_excerpt.txt" in out


def test_index_build_refuses_to_overwrite_an_index(monkeypatch, capsys, tmp_path):
    index = tmp_path / "web.sqlite"
    run(["index", "build", str(index), WEB], monkeypatch, capsys)
    code, _, err = run(["index", "build", str(index), WEB], monkeypatch, capsys)
    assert code == 2 and "already exists" in err


def test_querying_an_index_with_other_parameters_exits_two_naming_both(monkeypatch, capsys, tmp_path):
    index = tmp_path / "web.sqlite"
    run(["index", "build", str(index), WEB], monkeypatch, capsys)
    code, _, err = run(["check", COPY, "--sources", str(index), "--num-perm", "64"], monkeypatch, capsys)
    assert code == 2
    assert "num_perm: index has 128, asked for 64" in err


def test_report_re_renders_html_from_a_saved_result(monkeypatch, capsys, tmp_path):
    result = tmp_path / "result.json"
    run(["check", COPY, "--sources", WEB, "--json", str(result)], monkeypatch, capsys)
    code, _, _ = run(["report", str(result), "--html", str(tmp_path / "again.html")], monkeypatch, capsys)
    assert code == 0
    assert "pair-1-L1" in (tmp_path / "again.html").read_text(encoding="utf-8")


def test_report_on_a_file_that_is_not_a_result_exits_two(monkeypatch, capsys, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{not json", encoding="utf-8")
    code, _, err = run(["report", str(bogus), "--html", str(tmp_path / "x.html")], monkeypatch, capsys)
    assert code == 2 and "cannot read a JSON result" in err
    assert not (tmp_path / "x.html").exists()


def test_internal_error_exits_two_never_zero(monkeypatch, capsys):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("reuse.pipeline.check", boom)
    code, _, err = run(["check", COPY], monkeypatch, capsys)
    assert code == 2
    assert "internal error" in err


def _mostly_own_words(tmp_path):
    """A long submission that contains the whole web source: the source side is fully covered,
    the submission only partly (about half of its words)."""
    path = tmp_path / "long_essay.txt"
    own = " ".join(f"Original remark {k} about my own garden experiment and its results." for k in range(25))
    path.write_text(own + "\n\n" + Path(WEB).read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)


def test_fail_on_pair_uses_the_larger_coverage_of_a_pair(monkeypatch, capsys, tmp_path):
    code, _, _ = run(["check", _mostly_own_words(tmp_path), "--sources", WEB, "--fail-above", "0.8"],
                     monkeypatch, capsys)
    assert code == 1


def test_fail_on_index_uses_the_submission_similarity_index(monkeypatch, capsys, tmp_path):
    essay = _mostly_own_words(tmp_path)
    code, _, _ = run(["check", essay, "--sources", WEB, "--fail-above", "0.8", "--fail-on", "index",
                      "--fail-passage-words", "0"], monkeypatch, capsys)
    assert code == 0
    code, _, _ = run(["check", essay, "--sources", WEB, "--fail-above", "0.2", "--fail-on", "index"],
                     monkeypatch, capsys)
    assert code == 1


def test_help_says_which_measure_fail_above_is_compared_with(monkeypatch, capsys):
    outcome = CliRunner().invoke(cli, ["check", "--help"])
    text = " ".join(outcome.output.split())
    assert "--fail-on [pair|index]" in text and "similarity index" in text
    assert "larger of its two sides" in text


def test_exit_zero_reports_findings_but_exits_zero(monkeypatch, capsys):
    code, out, _ = run(["check", COPY, "--sources", WEB, "--exit-zero"], monkeypatch, capsys)
    assert code == 0 and "1 finding (" in out


def test_exit_zero_still_exits_two_on_errors(monkeypatch, capsys, tmp_path):
    code, _, _ = run(["check", str(tmp_path / "missing.txt"), "--exit-zero"], monkeypatch, capsys)
    assert code == 2
    code, _, _ = run(["check", COPY, "--exit-zero", "--fail-on", "words"], monkeypatch, capsys)
    assert code == 2


def test_internal_error_exits_two_even_with_exit_zero(monkeypatch, capsys):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("reuse.pipeline.check", boom)
    code, _, err = run(["check", COPY, "--exit-zero"], monkeypatch, capsys)
    assert code == 2 and "internal error" in err


def test_file_errors_on_stderr_cannot_forge_a_line(monkeypatch, capsys, tmp_path):
    hostile = tmp_path / "x\n::error::pwned.txt"
    hostile.write_bytes(b"")
    code, _, err = run(["check", str(hostile), COPY, "--sources", WEB], monkeypatch, capsys)
    assert code == 2
    assert not any(line.startswith("::") for line in err.splitlines())
    assert "x\\n::error::pwned.txt" in err


def test_pre_commit_hook_runs_reuse_check_serially_on_text_files():
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("reuse", "reuse-pre-commit", "python")
    assert hook["require_serial"] is True and hook["types"] == ["text"]


def test_github_action_script_runs_the_check_and_records_the_exit_code(tmp_path):
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = {step.get("id") or step.get("name") or step.get("uses"): step for step in action["runs"]["steps"]}
    assert steps["Upload the HTML report"]["uses"].startswith("actions/upload-artifact@")
    check_step = steps["check"]
    assert "${{" not in check_step["run"]  # inputs only through the environment
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary),
           "IN_PATHS": COPY, "IN_SOURCES": WEB, "IN_TEMPLATE": "", "IN_FAIL_ABOVE": "", "IN_FAIL_ON": "",
           "IN_FORMAT": "github", "IN_OUTPUTS": f"sarif:{tmp_path / 'r.sarif'}", "IN_BASELINE": "",
           "IN_CONFIG": "", "IN_EXIT_ZERO": "false", "IN_REPORT": str(tmp_path / "report" / "report.html"),
           "IN_FAIL_PASSAGE_WORDS": "", "IN_ALLOW_UNCHECKED": "false"}
    (tmp_path / ".git").mkdir()  # a repository root: no configuration file above tmp_path is read
    done = subprocess.run(
        ["bash", "-c", check_step["run"]], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert outputs.read_text(encoding="utf-8") == "exit-code=1\n"
    assert done.stdout.startswith("::error ")
    assert (tmp_path / "report" / "report.html").exists() and (tmp_path / "r.sarif").exists()
    assert "## reuse" in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(("inputs", "code"), [({}, "2"), ({"IN_ALLOW_UNCHECKED": "true"}, "1"),
                                               ({"IN_ALLOW_UNCHECKED": "true", "IN_FAIL_PASSAGE_WORDS": "0"},
                                                "0")])
def test_github_action_inputs_reach_the_check(tmp_path, inputs, code):
    """An unchecked file fails the step unless allow-unchecked; fail-passage-words sets the TR003 rule
    (the essay's 49-word copy is under --fail-above by coverage, so with the rule off it passes)."""
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    run_script = next(step for step in action["runs"]["steps"] if step.get("id") == "check")["run"]
    (tmp_path / ".git").mkdir()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    outputs = tmp_path / "outputs"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(outputs), "IN_PATHS": f"{LONG_COPY}\n{photo}", "IN_SOURCES": BLOG,
           "IN_TEMPLATE": "", "IN_FAIL_ABOVE": "", "IN_FAIL_ON": "", "IN_FORMAT": "github", "IN_OUTPUTS": "",
           "IN_BASELINE": "", "IN_CONFIG": "", "IN_EXIT_ZERO": "false", "IN_REPORT": str(tmp_path / "r.html"),
           "IN_FAIL_PASSAGE_WORDS": "", "IN_ALLOW_UNCHECKED": "false", **inputs}
    done = subprocess.run(["bash", "-c", run_script], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert outputs.read_text(encoding="utf-8") == f"exit-code={code}\n", done.stderr
    assert "photo.jpg" in done.stdout  # annotated either way


def test_split_writes_an_index_page_and_one_page_per_pair(monkeypatch, capsys, tmp_path):
    folder = tmp_path / "split"
    code, out, _ = run(["check", COPY, "--sources", WEB, "--split", str(folder)], monkeypatch, capsys)
    assert code == 1
    assert (folder / "index.html").is_file()
    assert any(p.name.startswith("pair-") for p in folder.iterdir())
    assert "Split HTML report" in out


def test_reports_get_the_usual_file_permissions(monkeypatch, capsys, tmp_path):
    import os
    import stat

    html = tmp_path / "report.html"
    run(["check", COPY, "--sources", WEB, "--html", str(html)], monkeypatch, capsys)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(html.stat().st_mode) == 0o666 & ~umask


# --- the long-passage rule (fail_passage_words, TR003) and what the summary says --------------

LONG_COPY = str(FIXTURES / "essay_long_with_49_word_copy.txt")
BLOG = str(ROOT / "samples" / "sources" / "blog_essay_bolsheviks.txt")
MILL = str(ROOT / "samples" / "sources" / "essay_mill_lenin.txt")


def test_a_49_word_verbatim_copy_in_a_430_word_essay_is_a_finding_of_its_own_rule(monkeypatch, capsys,
                                                                                   tmp_path):
    result = tmp_path / "result.json"
    code, out, _ = run(["check", LONG_COPY, "--sources", BLOG, "--json", str(result)], monkeypatch, capsys)
    (pair,) = json.loads(result.read_text(encoding="utf-8"))["pairs"]
    assert max(pair["left_coverage"], pair["right_coverage"]) < 0.15  # under --fail-above: coverage passes
    assert code == 1
    assert (pair["finding"], pair["rule_id"], pair["reasons"]) == (True, "TR003", ["long_passage"])
    assert " 1!  passage " in out and "passage = an exact or near-exact passage of 40+ words" in out
    code, _, _ = run(["check", LONG_COPY, "--sources", BLOG, "--fail-passage-words", "0"],
                     monkeypatch, capsys)
    assert code == 0  # the rule off: coverage is the only rule again
    code, _, _ = run(["check", LONG_COPY, "--sources", BLOG, "--fail-passage-words", "50"],
                     monkeypatch, capsys)
    assert code == 0  # 49 words: under a floor of 50


def test_a_long_passage_the_student_put_in_quotation_marks_is_not_a_finding_by_length(monkeypatch, capsys,
                                                                                       tmp_path):
    text = Path(LONG_COPY).read_text(encoding="utf-8")
    start = text.index("Moreover, this can suggest")
    end = text.index("weaker and weaker.") + len("weaker and weaker.")
    quoting = tmp_path / "quoting.txt"
    quoting.write_text(f"{text[:start]}\u201c{text[start:end]}\u201d{text[end:]}", encoding="utf-8")
    code, out, _ = run(["check", str(quoting), "--sources", BLOG], monkeypatch, capsys)
    assert code == 0 and "0 findings" in out and " 1   " in out  # listed, no finding


def test_under_fail_on_index_a_long_passage_fails_its_submission_too(monkeypatch, capsys, tmp_path):
    sarif = tmp_path / "out.sarif"
    code, _, _ = run(["check", LONG_COPY, "--sources", BLOG, "--fail-on", "index",
                      "--output", f"sarif:{sarif}"], monkeypatch, capsys)
    (finding,) = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert code == 1 and finding["ruleId"] == "TR003" and finding["level"] == "error"
    assert "A finding because of an exact passage of 49 words (40 or more)." in finding["message"]["text"]


def test_every_output_format_says_why_a_pair_is_a_finding(monkeypatch, capsys, tmp_path):
    outputs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("junit", "gitlab", "html", "github")}
    args = [a for fmt, path in outputs.items() for a in ("--output", f"{fmt}:{path}")]
    code, _, _ = run(["check", LONG_COPY, "--sources", BLOG, *args], monkeypatch, capsys)
    assert code == 1
    for fmt, path in outputs.items():
        assert "because of an exact passage of 49 words (40 or more)" in path.read_text(encoding="utf-8"), fmt
    assert "(long passage)" in outputs["html"].read_text(encoding="utf-8")


def test_the_two_seed_web_pages_share_no_passage(monkeypatch, capsys):
    code, out, _ = run(["check", BLOG, MILL], monkeypatch, capsys)
    assert code == 0 and "2 submissions, 0 pairs with shared passages, 0 findings" in out


def test_summary_counts_are_singular_for_one(monkeypatch, capsys):
    _, out, _ = run(["check", LONG_COPY, "--sources", BLOG], monkeypatch, capsys)
    assert out.startswith("1 submission, 1 pair with shared passages, 1 finding (") and "0 file errors" in out
    assert "submissions" not in out.splitlines()[0] and "1 findings" not in out


def test_summary_says_what_the_left_right_and_longest_columns_measure(monkeypatch, capsys):
    _, out, _ = run(["check", LONG_COPY, "--sources", BLOG], monkeypatch, capsys)
    assert "left, right: share of each document's words in the pair's shared passages" in out
    assert "longest: its longest passage, in words" in out


def test_summary_names_the_students_in_the_pairs_table_too(monkeypatch, capsys, tmp_path):
    (tmp_path / "class").mkdir()
    for student in ("u001", "u002"):
        (tmp_path / "class" / f"essay-{student}.txt").write_text(Path(COPY).read_text(encoding="utf-8"),
                                                                  encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("Username,Name\nu001,Grace Hopper\nu002,Alan Turing\n", encoding="utf-8")
    _, out, _ = run(["check", str(tmp_path / "class"), "--id-pattern", r"essay-(?P<student>u\d+)",
                     "--roster", str(roster)], monkeypatch, capsys)
    (row,) = [line for line in out.splitlines() if "<->" in line]
    assert "(Grace Hopper)" in row and "(Alan Turing)" in row


def test_index_build_says_one_document_in_the_singular(monkeypatch, capsys, tmp_path):
    code, out, _ = run(["index", "build", str(tmp_path / "one.sqlite"), WEB], monkeypatch, capsys)
    assert code == 0 and ": added 1 document; now 1 document, " in out


def test_csv_says_why_each_pair_is_a_finding(monkeypatch, capsys, tmp_path):
    table = tmp_path / "pairs.csv"
    run(["check", LONG_COPY, "--sources", BLOG, "--output", f"csv:{table}"], monkeypatch, capsys)
    header, row = table.read_text(encoding="utf-8").splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["rule_id"] == "TR003" and cells["reasons"] == "long_passage"
    assert 0 < float(cells["score"]) <= 1  # the pair score, last


def test_html_overview_counts_are_singular_for_one(monkeypatch, capsys, tmp_path):
    page = tmp_path / "report.html"
    run(["check", LONG_COPY, "--sources", BLOG, "--html", str(page)], monkeypatch, capsys)
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert "1 submission compared with each other and with 1 source that matched" in text
