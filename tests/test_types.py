"""The package type-checks under mypy's strict mode (``[tool.mypy]`` in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import ROOT

COMMAND = ["mypy"]  # files, strictness and the Python version come from [tool.mypy]


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed; pip install -e '.[test]' installs it",
)
def test_mypy_finds_nothing():
    done = subprocess.run([sys.executable, "-m", *COMMAND], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"`{' '.join(COMMAND)}` failed:\n{done.stdout}{done.stderr}"
