"""Inputs a student controls (file names, special files) and the files a class folder holds: every
one is checked, refused with a reason, or listed as skipped; nothing hangs or crashes. (What
discovery takes from a folder is in ``tests/ingest/test_discover.py``.)"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from .class_folder import COPY, INDEPENDENT, class_folder, needs_posix, run
from .conftest import FIXTURES, ROOT

WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"


def test_a_photo_or_a_spreadsheet_in_a_class_folder_is_an_error_line_not_a_vanished_student(
    tmp_path, monkeypatch, capsys
):
    folder = class_folder(tmp_path)
    (folder / "carol_essay.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo of an essay")
    (folder / "dave_marks.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (folder / "erin.weird").write_bytes(b"something")
    result = tmp_path / "r.json"
    _, _, err = run(["check", folder, "--json", result], monkeypatch, capsys)
    assert "carol_essay.jpg: unsupported file type '.jpg' (photos and scans of text are not read" in err
    assert "dave_marks.xlsx: unsupported file type '.xlsx' (spreadsheets are not read" in err
    assert "erin.weird: unsupported file type '.weird'" in err
    errors = {e["path"].rsplit("/", 1)[-1] for e in json.loads(result.read_text(encoding="utf-8"))["errors"]}
    assert errors == {"carol_essay.jpg", "dave_marks.xlsx", "erin.weird"}


LATIN1_NAME = b"caf\xe9 \\ essay.txt"  # Latin-1 bytes (not UTF-8) and a backslash, as unzipped exports give
BIDI_NAME = "invoice\u202etxt.exe.txt"  # shows as "invoice" + "txt.exe.txt" reversed without the control


@pytest.fixture
def hostile_names(tmp_path):
    """A class folder holding a copy under a file name that is not UTF-8 and a source whose name has a
    bidi override."""
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    folder = tmp_path / "class"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), LATIN1_NAME), "wb") as handle:
        handle.write(COPY.read_bytes())
    shutil.copy(INDEPENDENT, folder / "bob.txt")
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(WEB, sources / BIDI_NAME)
    return folder, sources


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "gitlab", "github", "csv", "html"])
def test_a_file_name_that_is_not_utf8_is_shown_in_every_format_without_a_crash(
    fmt, hostile_names, monkeypatch, capsys
):
    folder, sources = hostile_names
    code, out, err = run(["check", folder, "--sources", sources, "--format", fmt], monkeypatch, capsys)
    assert code == 1, err  # the copy is found, no crash
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    shown = "\n".join(_strings(json.loads(out))) if fmt in ("json", "sarif", "gitlab") else out
    assert ("caf%E9%20%5C%20essay.txt" if fmt == "sarif" else "caf\\xe9") in shown  # readable, or the URI
    if fmt in ("text", "github", "html"):  # read by people: the bidi control is never raw
        assert "\u202e" not in out
    if fmt == "json":
        data = json.loads(out)
        path = next(d["path"] for d in data["documents"] if "caf" in d["path"])
        assert path.endswith("caf\\xe9 \\\\ essay.txt")
        source = next(d["path"] for d in data["documents"] if d["kind"] == "source")
        assert source.endswith(BIDI_NAME)  # "\u202e" escaped by JSON, the real name kept


def test_a_name_in_the_json_turns_back_into_the_bytes_on_disk(hostile_names, tmp_path, monkeypatch, capsys):
    from reuse.display import os_name

    folder, sources = hostile_names
    result, html = tmp_path / "r.json", tmp_path / "r.html"
    run(["check", folder, "--sources", sources, "--json", result, "--html", html, "-q"], monkeypatch, capsys)
    data = json.loads(result.read_text(encoding="utf-8"))
    names = {os_name(d["path"]).rsplit(b"/", 1)[-1] for d in data["documents"]}
    assert LATIN1_NAME in names and BIDI_NAME.encode() in names
    assert {i["path"] for i in data["inputs"]} >= {d["path"] for d in data["documents"]}


def test_a_bidi_control_in_a_file_name_is_shown_visibly_in_the_html_report(
    hostile_names, tmp_path, monkeypatch, capsys
):
    folder, sources = hostile_names
    html = tmp_path / "r.html"
    _, out, _ = run(["check", folder, "--sources", sources, "--html", html], monkeypatch, capsys)
    page = html.read_text(encoding="utf-8")
    assert "\u202e" not in page
    assert "invoice&lt;U+202E&gt;txt.exe.txt" in page
    assert "caf\\xe9 \\\\ essay.txt" in page
    # the text summary shows it as an escape too
    assert "invoice\\u202etxt.exe.txt" in out and "\u202e" not in out


def _hook_command(args, files):
    """The command line pre-commit runs for the hook: its entry, the user's ``args:``, the file names."""
    import shlex

    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return [*shlex.split(hook["entry"]), *hook.get("args", []), *args, *files]


def _in_repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()  # a work tree: configuration files above it are never read
    (repo / "README.md").write_text("# The course README\n", encoding="utf-8")
    shutil.copy(INDEPENDENT, repo / "bob.txt")
    return repo


def _run_hook(repo, args, files):
    import subprocess

    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(_hook_command(args, files), cwd=repo, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    "args", [[], ["--sources", str(WEB)], ["--fail-above", "0.5", "--template", "README.md"]]
)
def test_a_committed_file_named_like_an_output_option_is_checked_and_overwrites_nothing(tmp_path, args):
    repo = _in_repo(tmp_path)
    hostile = "--output=html:README.md"
    shutil.copy(COPY, repo / hostile)
    files = sorted([hostile, "README.md", "bob.txt"])  # pre-commit passes the changed files last
    done = _run_hook(repo, args, files)
    assert (repo / "README.md").read_text(encoding="utf-8") == "# The course README\n"
    assert hostile in done.stdout  # checked as a submission
    assert "Traceback" not in done.stderr


def test_a_committed_file_named_write_baseline_does_not_make_the_commit_pass(tmp_path):
    repo = _in_repo(tmp_path)
    hostile = "--write-baseline=x.md"
    shutil.copy(COPY, repo / hostile)
    done = _run_hook(repo, ["--sources", str(WEB)], sorted([hostile, "bob.txt"]))
    assert done.returncode == 1, done.stdout + done.stderr  # the copy is a finding
    assert not (repo / "x.md").exists()


def test_the_hook_keeps_the_value_of_an_option_that_is_also_a_changed_file(tmp_path, monkeypatch):
    from reuse.precommit import split_arguments

    monkeypatch.chdir(tmp_path)
    for name in ("prompt.md", "a.txt", "--output=html:x.md"):
        (tmp_path / name).write_text("text", encoding="utf-8")
    argv = ["--exit-zero", "--template", "prompt.md", "a.txt", "--output=html:x.md"]
    options, files = split_arguments(argv)
    assert options == ["--exit-zero", "--template", "prompt.md"]
    assert files == ["a.txt", "--output=html:x.md"]


def test_the_github_action_reads_a_path_named_like_an_option_as_a_path(tmp_path):
    import subprocess

    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    hostile = tmp_path / "--write-baseline=x.md"
    shutil.copy(COPY, hostile)
    (tmp_path / ".git").mkdir()  # a checkout: configuration files above it are never read
    outputs = tmp_path / "outputs"
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "IN_PATHS": hostile.name, "IN_SOURCES": str(WEB), "IN_TEMPLATE": "", "IN_FAIL_ABOVE": "",
           "IN_FAIL_ON": "", "IN_FORMAT": "text", "IN_OUTPUTS": "", "IN_BASELINE": "", "IN_CONFIG": "",
           "IN_EXIT_ZERO": "false", "IN_REPORT": str(tmp_path / "report.html")}
    done = subprocess.run(["bash", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert outputs.read_text(encoding="utf-8") == "exit-code=1\n", done.stdout + done.stderr
    assert not (tmp_path / "x.md").exists()
    assert hostile.name in done.stdout


@pytest.fixture
def saved_result(tmp_path, monkeypatch, capsys):
    """A JSON result with one pair (a copied paragraph and its web source), as text."""
    path = tmp_path / "result.json"
    run(["check", COPY, "--sources", WEB, "--json", path, "-q"], monkeypatch, capsys)
    return path.read_text(encoding="utf-8")


def _tamper(text, change):
    data = json.loads(text)
    change(data)
    return json.dumps(data)


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize(
    ("name", "tampered", "message"),
    [
        ("infinite coverage",
         lambda t: t.replace('"left_coverage": ', '"left_coverage": Infinity, "x": ', 1),
         "Infinity is not a number"),
        ("overflowing number", lambda t: t.replace('"left_coverage": ', '"left_coverage": 1e999, "x": ', 1),
         "out of range"),
        ("deep nesting", lambda t: t.replace('"index": null', '"index": ' + "[" * 100_000 + "]" * 100_000, 1),
         "nested too deeply"),
        ("offset of 10^9", lambda t: _tamper(t, _set(["pairs", 0, "passages", 0, "right_end"], 10**9)),
         "right offsets [" ),
        ("span beyond the text", lambda t: _tamper(t, _set(["documents", 0, "content"], [[0, 10**9]])),
         "documents[0].content[0] = [0, 1000000000] is outside its text"),
        ("coverage as text", lambda t: _tamper(t, _set(["pairs", 0, "left_coverage"], "high")),
         "at .pairs[0].left_coverage: 'high' is not of type 'number'"),
        ("text as a number", lambda t: _tamper(t, _set(["documents", 0, "text"], 12)),
         "at .documents[0].text: 12 is not of type 'string'"),
        ("pair naming no document", lambda t: _tamper(t, _set(["pairs", 0, "left"], "nobody.txt")),
         "pairs[0].left names no document"),
        ("not an object", lambda t: "[1, 2, 3]", "schema_version (none) is not supported"),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_report_on_a_tampered_json_result_exits_2_with_a_message(
    name, tampered, message, saved_result, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "tampered.json"
    path.write_text(tampered(saved_result), encoding="utf-8")
    html = tmp_path / "report.html"
    code, _, err = run(["report", path, "--html", html], monkeypatch, capsys)
    assert code == 2
    assert message in err
    assert "internal error" not in err and "Traceback" not in err
    assert not html.exists()


def test_report_still_renders_the_untampered_result(saved_result, tmp_path, monkeypatch, capsys):
    path = tmp_path / "result.json"
    path.write_text(saved_result, encoding="utf-8")
    code, out, err = run(["report", path, "--html", tmp_path / "report.html"], monkeypatch, capsys)
    assert code == 0, err
    assert "HTML report" in out


@needs_posix
@pytest.mark.parametrize("command", ["report", "roster", "config", "baseline"])
def test_a_fifo_given_as_a_result_file_roster_config_or_baseline_is_refused_not_waited_on(
    command, tmp_path, monkeypatch, capsys
):
    fifo = tmp_path / "named.pipe"
    os.mkfifo(fifo)
    if command == "report":
        args = ["report", fifo, "--html", tmp_path / "r.html"]
    else:
        args = ["check", COPY, INDEPENDENT, f"--{command}", fifo]
    code, _, err = run(args, monkeypatch, capsys)
    assert code == 2
    assert "not a regular file" in err


def test_an_index_built_from_a_file_name_that_is_not_utf8_finds_the_copy(
    hostile_names, tmp_path, monkeypatch, capsys
):
    folder, _ = hostile_names
    index = tmp_path / "web.sqlite"
    code, out, err = run(["index", "build", index, folder], monkeypatch, capsys)
    assert code == 0, err
    assert "added 2 documents" in out
    result = tmp_path / "r.json"
    code, _, err = run(["check", COPY, "--sources", index, "--json", result], monkeypatch, capsys)
    assert code == 1, err
    pairs = json.loads(result.read_text(encoding="utf-8"))["pairs"]
    assert any(p["right"].endswith("caf\\xe9 \\\\ essay.txt") for p in pairs)
