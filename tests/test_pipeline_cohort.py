"""A run fingerprints each text once, and finds the same pairs through the banding join as through queries."""

from __future__ import annotations

import numpy as np

import reuse.index.windows
from reuse.index import IndexParams, WindowIndex
from reuse.pipeline import build_index, check
from reuse.settings import FingerprintOptions, Settings
from reuse.text.normalize import normalize

from .conftest import SAMPLES
from .index.test_join import _doc


def _counting_signatures(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = reuse.index.windows.signatures

    def counted(windows, **kwargs):
        calls.append(len(windows))
        return real(windows, **kwargs)

    monkeypatch.setattr(reuse.index.windows, "signatures", counted)
    return calls


def test_each_submission_is_fingerprinted_once_although_it_queries_two_indexes(tmp_path, monkeypatch):
    index_file = tmp_path / "sources.sqlite"
    build_index(index_file, [SAMPLES / "sources"], create=True)
    calls = _counting_signatures(monkeypatch)
    result = check([SAMPLES / "submissions"], sources=[index_file])
    submissions = sum(d.kind == "submission" for d in result.documents)
    assert submissions == 10
    assert len(calls) == submissions  # when indexed for the run; reused for the run's and the file's index
    assert any(f"{index_file}:" in (p.left[: len(str(index_file)) + 1], p.right[: len(str(index_file)) + 1])
               for p in result.pairs)


def test_the_fingerprint_a_memory_store_kept_is_the_texts_own(fixture_text):
    params = IndexParams.from_options(FingerprintOptions())
    index = WindowIndex(params)
    text = normalize(fixture_text("essay_with_copied_paragraph.txt"))
    index.add(_doc("essay.txt", text.text), text)
    kept = index.store.fingerprint_of("essay.txt")  # type: ignore[attr-defined]
    fresh = index.fingerprint(text)
    assert kept[0].shape[0] > 10
    assert np.array_equal(kept[0], fresh[0]) and np.array_equal(kept[1], fresh[1])


def test_a_check_stems_and_hashes_each_text_once_however_many_pairs_it_is_in(tmp_path, monkeypatch):
    import sys

    from .cohort_class import write_class

    module = sys.modules["reuse.align.features"]  # reuse.align.features is also the function's name
    calls: list[int] = []
    real = module._arrays

    def counted(words):
        calls.append(len(words))
        return real(words)

    monkeypatch.setattr(module, "_arrays", counted)
    monkeypatch.setattr(module, "_CACHE_SIZE", 2)  # the per-process cache alone would recompute most
    folder = write_class(tmp_path / "class")
    result = check([folder], settings=Settings(jobs=1))
    in_pairs = {d for p in result.pairs for d in (p.left, p.right)}
    assert len(result.pairs) > len(in_pairs) >= 10  # texts in several pairs each
    assert len(calls) == 24  # once per text, when prepared; never again per pair
