"""A class folder and the console entry point, as the tests of student-controlled inputs use them."""

from __future__ import annotations

import shutil
import sys

import pytest

from reuse.cli import main

from .conftest import FIXTURES

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
INDEPENDENT = FIXTURES / "essay_independent_same_topic.txt"

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks as on POSIX")


def run(args, monkeypatch, capsys):
    """Run the console entry point (as the installed `reuse` command does) and return (code, out, err)."""
    monkeypatch.setattr(sys, "argv", ["reuse", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        main()
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def class_folder(tmp_path):
    """``tmp_path/class`` with two essays: ``alice.txt`` copies the web source, ``bob.txt`` does not."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(COPY, folder / "alice.txt")
    shutil.copy(INDEPENDENT, folder / "bob.txt")
    return folder
