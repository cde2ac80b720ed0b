"""The code base stays clean under the project's own checks: ruff (``[tool.ruff]``) on the
package, tests and benchmarks, and mypy's strict mode (``[tool.mypy]``) on the package."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import ROOT

CHECKS = {
    "ruff": ["ruff", "check", "reuse", "tests", "benchmarks"],
    "mypy": ["mypy"],  # files, strictness and the Python version come from [tool.mypy]
}


@pytest.mark.parametrize("tool", sorted(CHECKS))
def test_the_checker_finds_nothing(tool: str) -> None:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed; pip install -e '.[test]' installs it")
    command = CHECKS[tool]
    done = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"`{' '.join(command)}` failed:\n{done.stdout}{done.stderr}"
