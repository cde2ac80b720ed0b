"""The extraction cache: texts are reused by content hash, keyed by extractor version and kind,
and off unless a folder is named."""

from __future__ import annotations

import pytest

from reuse.ingest import cache
from reuse.ingest.extract import load_documents


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")


def _class(tmp_path, n=8):
    folder = tmp_path / "class"
    folder.mkdir()
    for k in range(n):
        (folder / f"s{k}.txt").write_text(f"Essay number {k} about the French Revolution.", encoding="utf-8")
    return folder


def test_extraction_is_cached_by_content_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path / "cache"))
    folder = _class(tmp_path, 3)
    first, _ = load_documents([folder], kind="submission", jobs=1)
    entries = list((tmp_path / "cache" / "extract").rglob("*.json"))
    assert len(entries) == 3

    import reuse.ingest.extract as module

    def fail(*args, **kwargs):
        raise AssertionError("the reader ran although the text was cached")

    monkeypatch.setattr(module, "extract_text", fail)
    again, errors = load_documents([folder], kind="submission", jobs=1)
    assert errors == [] and [d.text for d in again] == [d.text for d in first]
    assert [d.sha256 for d in again] == [d.sha256 for d in first]


def test_cache_can_be_turned_off_and_writes_nowhere(tmp_path, monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path / "cache"))
    load_documents([_class(tmp_path, 2)], kind="submission", jobs=1, cache=False)
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")
    assert cache.cache_dir() is None


def test_cache_key_depends_on_content_version_and_kind():
    keys = {cache.cache_key("a" * 64, "submission"), cache.cache_key("b" * 64, "submission"),
            cache.cache_key("a" * 64, "source")}
    assert len(keys) == 3


def test_cache_is_off_unless_a_folder_is_named(monkeypatch, tmp_path):
    monkeypatch.delenv("REUSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() is None
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c" / "extract"
