"""Shared test helpers: paths of the fixture texts and the demo corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
ROOT = TESTS.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
PAN_CORPUS = SHARED / "corpora" / "pan13-text-alignment-training-corpus-2013-01-21"


@pytest.fixture(autouse=True)
def _no_extraction_cache(monkeypatch):
    """Tests never write to a cache folder unless they ask for one."""
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")


@pytest.fixture
def fixture_path():
    """Path of a fixture file by name."""
    return lambda name: FIXTURES / name


@pytest.fixture
def fixture_text():
    """Text of a fixture file by name."""
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")
