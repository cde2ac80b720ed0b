"""Inputs a student controls (file names, links, special files, folder depth) and the files a
class folder holds: every one is checked, refused with a reason, or listed as skipped; nothing is
read from outside the folder named; nothing hangs or crashes."""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile

import pytest

from reuse.cli import main
from reuse.ingest.discover import discover
from reuse.ingest.extract import load_documents

from .conftest import FIXTURES, ROOT

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
INDEPENDENT = FIXTURES / "essay_independent_same_topic.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks as on POSIX")


def run(args, monkeypatch, capsys):
    """Run the console entry point (as the installed `reuse` command does) and return (code, out, err)."""
    monkeypatch.setattr(sys, "argv", ["reuse", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        main()
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def _class_folder(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(COPY, folder / "alice.txt")
    shutil.copy(INDEPENDENT, folder / "bob.txt")
    return folder


def test_a_photo_or_a_spreadsheet_in_a_class_folder_is_an_error_line_not_a_vanished_student(
    tmp_path, monkeypatch, capsys
):
    folder = _class_folder(tmp_path)
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


def test_os_junk_and_hidden_files_are_listed_as_skipped_and_are_not_errors(tmp_path, monkeypatch, capsys):
    folder = _class_folder(tmp_path)
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf")
    (folder / "desktop.ini").write_text("[.ShellClassInfo]", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._alice.txt").write_bytes(b"\x00\x05\x16\x07")
    result, html = tmp_path / "r.json", tmp_path / "r.html"
    _, out, err = run(["check", folder, "--json", result, "--html", html], monkeypatch, capsys)
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["errors"] == []
    assert '<span class="path">' + (folder / "Thumbs.db").as_posix() in html.read_text(encoding="utf-8")
    assert sorted(s["path"].rsplit("/", 1)[-1] for s in data["skipped"]) == [
        ".DS_Store", ".git", "Thumbs.db", "__MACOSX", "desktop.ini"
    ]
    assert data["summary"]["skipped"] == 5
    assert "5 skipped" in out
    assert "reuse:" not in err


def test_every_member_of_a_zip_is_checked_refused_or_skipped(tmp_path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("alice/essay.txt", COPY.read_text(encoding="utf-8"))
        archive.writestr("bob/photo.png", b"\x89PNG")
        archive.writestr("bob/.DS_Store", b"junk")
        archive.writestr("__MACOSX/alice/._essay.txt", b"junk")
        link = zipfile.ZipInfo("carol/essay.txt")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    skipped = []
    docs, errors = load_documents([export], kind="submission", jobs=1, cache=False, skipped=skipped)
    assert [d.path for d in docs] == [f"{export.as_posix()}/alice/essay.txt"]
    messages = {e.path.rsplit("/", 2)[-2]: e.message for e in errors}
    assert messages["bob"] == "unsupported file type '.png'"
    assert messages["carol"] == "symbolic link in the archive: not followed"
    assert sorted(s.path.split(".zip/")[1] for s in skipped) == [
        "__MACOSX/alice/._essay.txt", "bob/.DS_Store"
    ]


@needs_posix
def test_a_link_out_of_the_class_folder_is_refused_and_its_target_never_reaches_the_reports(
    tmp_path, monkeypatch, capsys
):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET " + INDEPENDENT.read_text(encoding="utf-8"), encoding="utf-8")
    folder = _class_folder(tmp_path)
    (folder / "mallory.txt").symlink_to(secret)
    (folder / "outside").symlink_to(tmp_path)
    result, html = tmp_path / "r.json", tmp_path / "r.html"
    _, _, err = run(["check", folder, "--json", result, "--html", html], monkeypatch, capsys)
    assert "mallory.txt: link points outside the folder: not followed" in err
    assert "outside: link points outside the folder" in err
    assert "TOPSECRET" not in result.read_text(encoding="utf-8")
    assert "TOPSECRET" not in html.read_text(encoding="utf-8")


@needs_posix
def test_a_link_inside_the_folder_is_read_once_and_a_folder_loop_ends(tmp_path):
    folder = _class_folder(tmp_path)
    (folder / "sub").mkdir()
    (folder / "sub" / "again.txt").symlink_to(folder / "alice.txt")
    (folder / "sub" / "loop").symlink_to(folder)
    skipped = []
    files, errors = discover([folder], skipped=skipped)
    assert [f.name for f in files] == ["alice.txt", "bob.txt"]
    assert errors == []
    assert [s.reason for s in skipped] == ["link to a folder inside the folder (read there)"]


@needs_posix
@pytest.mark.parametrize("role", ["submission", "--template", "--sources"])
def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(role, tmp_path, monkeypatch, capsys):
    fifo = tmp_path / "essay.txt"
    os.mkfifo(fifo)
    args = ["check", COPY, INDEPENDENT, *([fifo] if role == "submission" else [role, fifo])]
    code, _, err = run(args, monkeypatch, capsys)
    assert "not a regular file (a FIFO): not read" in err
    assert fifo.as_posix() in err
    assert code == 2  # a file not checked, or a template/source argument with nothing readable


@needs_posix
def test_a_fifo_inside_a_class_folder_is_refused_not_waited_on(tmp_path, monkeypatch, capsys):
    folder = _class_folder(tmp_path)
    os.mkfifo(folder / "carol.txt")
    _, _, err = run(["check", folder], monkeypatch, capsys)
    assert "carol.txt: not a regular file (a FIFO): not read" in err


@needs_posix
def test_reading_a_fifo_directly_is_refused_before_it_blocks(tmp_path):
    from reuse.errors import ExtractionError
    from reuse.ingest.discover import read_file

    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    with pytest.raises(ExtractionError, match="not a regular file"):
        read_file("late.txt", fifo)


def _nested(root, depth, file_at):
    """``depth`` folders named ``d`` one inside the other (made through folder descriptors, as the
    full path grows past PATH_MAX), with a copy of COPY at depth ``file_at``."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for level in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            if level + 1 == file_at:
                out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                os.write(out, COPY.read_bytes())
                os.close(out)
    finally:
        os.close(fd)


def _remove_deep(path):
    """Remove a folder tree of any depth (shutil.rmtree, and so pytest's clean-up, recurse and fail)."""
    stack = [(os.open(path, os.O_RDONLY), "")]
    while stack:
        fd = stack[-1][0]
        inner = ""
        with os.scandir(fd) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    inner = entry.name
                    break
                os.unlink(entry.name, dir_fd=fd)
        if inner:
            stack.append((os.open(inner, os.O_RDONLY, dir_fd=fd), inner))
            continue
        fd, name = stack.pop()
        os.close(fd)
        if stack:
            os.rmdir(name, dir_fd=stack[-1][0])
    os.rmdir(path)


@pytest.fixture
def deep_class():
    """A class folder with bob.txt and 2,100 nested folders, removed afterwards. Made outside pytest's
    temporary folders: their clean-up (shutil.rmtree) would fail on it if a run stopped half-way."""
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="reuse-deep-"))
    shutil.copy(INDEPENDENT, folder / "bob.txt")
    try:
        _nested(folder, 2100, file_at=1200)
        yield folder
    finally:
        _remove_deep(folder)


@needs_posix
def test_two_thousand_nested_folders_are_walked_without_a_recursion_error(deep_class, monkeypatch, capsys):
    _, out, err = run(["check", deep_class], monkeypatch, capsys)
    assert "RecursionError" not in err and "internal error" not in err
    assert ": File name too long" in err  # past PATH_MAX: an error line, not a crash
    assert "deep.txt" in out  # the file at depth 1200 was found and checked


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
@pytest.mark.parametrize("command", ["report", "roster"])
def test_a_fifo_given_as_a_result_file_or_a_roster_is_refused_not_waited_on(
    command, tmp_path, monkeypatch, capsys
):
    fifo = tmp_path / "named.pipe"
    os.mkfifo(fifo)
    if command == "report":
        args = ["report", fifo, "--html", tmp_path / "r.html"]
    else:
        args = ["check", COPY, INDEPENDENT, "--roster", fifo]
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
