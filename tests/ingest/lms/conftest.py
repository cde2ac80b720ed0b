"""Shared set-up of the LMS export tests: no extraction cache, so every test reads its zip afresh."""

import pytest


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")
