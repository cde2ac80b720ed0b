"""Every example in README.md runs as written.

- The two set-up commands ("Set-up: two commands") run in a fresh clone, in both orders: the tests
  they run pass and ``git status`` stays clean (``test_setup_commands_...``).
- Every ``$ `` command of the other ``console`` blocks runs, in README order, in one bash session
  (so ``source .venv/bin/activate`` and ``echo $?`` mean what they say) from a folder holding a copy of
  ``samples/`` and ``tests/fixtures/``; where the README shows a command's output, the real output
  (stdout and stderr) is exactly that.
- Every ``python`` block runs from that folder too.

What the tests substitute, so they take seconds and install nothing: the virtual environment.
``python3 -m venv .venv`` and the ``pip install`` steps are left out, and ``.venv/bin/`` holds
``python`` (the interpreter running the tests, which has the package and the test dependencies),
``reuse`` (``python -m reuse``) and ``activate`` (puts that ``.venv/bin`` first on ``PATH``). In a clone,
``python -m`` imports the clone's own ``reuse`` (the current folder comes first on ``sys.path``). The set-up
test runs ``tests/test_reports_current.py`` (the tests that command 1 used to break) instead of the whole
suite, which would run this test again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

README = ROOT / "README.md"
SETUP_HEADING = "## Set-up: two commands"
NEEDS = {"redis://": "needs a Redis server", "../shared/corpora": "needs the PAN corpus"}
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class Command:
    """One ``$ `` command of a console block and the output the README shows after it."""

    text: str
    shown: tuple[str, ...]
    block: int


def _blocks(language: str) -> list[tuple[str, str]]:
    """``(heading, body)`` of every fenced block of ``language``, with the ``##`` heading above it."""
    text = README.read_text(encoding="utf-8")
    out = []
    for match in _FENCE.finditer(text):
        if match.group(1) == language:
            headings = re.findall(r"^## .*$", text[: match.start()], re.M)
            out.append((headings[-1] if headings else "", match.group(2)))
    return out


def _commands() -> list[Command]:
    """The ``$ `` commands of the README's console blocks outside the set-up section."""
    commands: list[Command] = []
    for number, (heading, body) in enumerate(_blocks("console")):
        if heading == SETUP_HEADING:
            continue
        lines = body.splitlines()
        k = 0
        while k < len(lines):
            if not lines[k].startswith("$ "):
                k += 1
                continue
            command = lines[k][2:]
            while command.endswith("\\") and k + 1 < len(lines):
                k += 1
                command = command[:-1] + " " + lines[k].strip()
            k += 1
            shown = []
            while k < len(lines) and not lines[k].startswith("$ "):
                shown.append(lines[k])
                k += 1
            commands.append(Command(command, tuple(shown), number))
    return commands


def _fake_venv(folder: Path) -> None:
    """``.venv/bin`` with ``python``, ``reuse`` and ``activate`` for the interpreter running the tests."""
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, run in (("python", ""), ("reuse", " -m reuse")):  # scripts: a symlink would lose the venv
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{sys.executable}"{run} "$@"\n', encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    (bin_dir / "activate").write_text(f'PATH="{bin_dir}:$PATH"\nexport PATH\n', encoding="utf-8")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "VIRTUAL_ENV", "PYTHONPATH")}
    env["COLUMNS"] = "200"
    return env


# --- the quick start and the other console examples ---------------------------------------------------


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> dict[int, tuple[int, str]]:
    """Run every README command in order in one bash session; ``index -> (status, output)``."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "samples", folder / "samples")
    shutil.copytree(ROOT / "tests" / "fixtures", folder / "tests" / "fixtures")  # examples use a few fixtures
    (folder / ".git").mkdir()  # the repository root: configuration files above it are never read
    _fake_venv(folder)
    script = ["exec 2>&1\n__s=0\n"]  # the README shows what the terminal shows: stdout and stderr
    for k, command in enumerate(_commands()):  # $? is the previous command's status, as in a terminal
        script.append(f"printf '\\n@@begin {k}@@\\n'\n(exit $__s)\n{command.text}\n__s=$?\n"
                      f"printf '\\n@@end {k} %d@@\\n' $__s\n")
    done = subprocess.run(["bash", "-c", "".join(script)], cwd=folder, env=_environment(),
                          capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=600)
    output = done.stdout + done.stderr
    runs = {}
    for match in re.finditer(r"\n@@begin (\d+)@@\n(.*?)\n?\n@@end \1 (\d+)@@\n", done.stdout, re.S):
        runs[int(match.group(1))] = (int(match.group(3)), match.group(2))
    assert len(runs) == len(_commands()), output
    return runs


@pytest.mark.parametrize("index", range(len(_commands())), ids=[c.text[:60] for c in _commands()])
def test_readme_command_runs_as_written_and_prints_what_the_readme_shows(session, index):
    command = _commands()[index]
    for marker, reason in NEEDS.items():
        if marker in command.text:
            pytest.skip(reason)
    status, output = session[index]
    if command.shown:
        assert [line.rstrip() for line in output.splitlines()] == [line.rstrip() for line in command.shown], (
            f"README.md shows other output for `{command.text}`"
        )
    if not any("error:" in line for line in command.shown):
        assert status in (0, 1), f"`{command.text}` exited {status}:\n{output}"


def test_readme_commands_are_found_and_the_quick_start_is_among_them():
    texts = [c.text for c in _commands()]
    assert "source .venv/bin/activate" in texts
    quick = next(c for c in _commands()
                 if c.text.startswith("reuse check samples/submissions --sources samples/"))
    assert "--template samples/template/assignment_prompt.txt" in quick.text
    assert quick.shown[0].startswith("10 submissions, ")


@pytest.mark.parametrize("number", range(len(_blocks("python"))))
def test_readme_python_example_runs_as_written(tmp_path, number):
    (tmp_path / "samples").symlink_to(ROOT / "samples", target_is_directory=True)
    code = _blocks("python")[number][1]
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_environment(), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the example prints what it found"


# --- the two set-up commands ----------------------------------------------------------------------------


def _setup_commands() -> list[str]:
    bodies = [body.strip() for heading, body in _blocks("console") if heading == SETUP_HEADING]
    assert len(bodies) == 2 and all("\n" not in b for b in bodies), "the set-up is two one-line commands"
    return bodies


def _substituted(command: str) -> str:
    """``command`` without the venv creation and the installs; pytest runs the reports' tests only."""
    kept = [part for part in command.split(" && ")
            if not part.startswith("python3 -m venv ") and "pip install" not in part]
    assert len(kept) == 1, f"expected one command besides the set-up steps in {command!r}"
    if kept[0].endswith(" -m pytest"):
        return kept[0] + " -q -p no:cacheprovider tests/test_reports_current.py"
    assert kept[0].startswith(".venv/bin/reuse check "), kept[0]
    return kept[0]


def _clone(destination: Path) -> None:
    """A fresh git repository holding the working tree's tracked (and new, not ignored) files."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git = ["git", "-c", "user.name=readme test", "-c", "user.email=readme@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=destination, check=True)
    subprocess.run([*git, "add", "-A"], cwd=destination, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=destination, check=True)


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs git and a git checkout of the project")
@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["as-written", "tests-first"])
def test_setup_commands_pass_in_either_order_and_leave_the_clone_clean(tmp_path, order):
    clone = tmp_path / "clone"
    _clone(clone)
    _fake_venv(clone)
    commands = _setup_commands()
    for k in order:
        done = subprocess.run(["bash", "-c", _substituted(commands[k])], cwd=clone, env=_environment(),
                              capture_output=True, text=True, timeout=600)
        expected = 1 if k == 0 else 0  # the demo class has findings: the main job exits 1, as the README says
        assert done.returncode == expected, f"set-up command {k + 1}:\n{done.stdout}\n{done.stderr}"
    assert (clone / "out" / "samples.html").is_file() and (clone / "out" / "samples.json").is_file()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True,
                            check=True)
    assert status.stdout == "", "the set-up changed the clone:\n" + status.stdout
