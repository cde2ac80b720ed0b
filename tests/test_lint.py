"""The code base stays clean under the project's ruff rules (``[tool.ruff]`` in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import ROOT

COMMAND = ["ruff", "check", "reuse", "tests", "benchmarks"]


@pytest.mark.skipif(
    importlib.util.find_spec("ruff") is None,
    reason="ruff is not installed; pip install -e '.[test]' installs it",
)
def test_ruff_check_finds_nothing():
    done = subprocess.run([sys.executable, "-m", *COMMAND], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"`{' '.join(COMMAND)}` failed:\n{done.stdout}{done.stderr}"
