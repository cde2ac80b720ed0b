"""Discovery: what a folder named by the user gives. Every file is taken, skipped (OS junk, hidden
names) or refused with a reason; links are followed only inside the folder; FIFOs are refused
before they can block; any depth of folders is walked."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from reuse.ingest.discover import discover

from ..class_folder import COPY, INDEPENDENT, class_folder, needs_posix, run


def test_os_junk_and_hidden_files_are_listed_as_skipped_and_are_not_errors(tmp_path, monkeypatch, capsys):
    folder = class_folder(tmp_path)
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


@needs_posix
def test_a_link_out_of_the_class_folder_is_refused_and_its_target_never_reaches_the_reports(
    tmp_path, monkeypatch, capsys
):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET " + INDEPENDENT.read_text(encoding="utf-8"), encoding="utf-8")
    folder = class_folder(tmp_path)
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
    folder = class_folder(tmp_path)
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
    folder = class_folder(tmp_path)
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


def test_folder_means_every_document_under_it_and_skips_hidden_ones(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("b", encoding="utf-8")
    (tmp_path / "sub" / "c.docx").write_bytes(b"PK")
    (tmp_path / "sub" / "d.doc").write_bytes(b"old")
    (tmp_path / "sub" / "picture.png").write_bytes(b"png")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("d", encoding="utf-8")
    files, errors = discover([tmp_path, tmp_path / "nowhere"])
    assert [f.name for f in files] == ["a.txt", "b.md", "c.docx", "d.doc", "picture.png"]
    assert [e.message for e in errors] == ["no such file or folder"]
