"""The banding join gives every query document of a run exactly the candidates the query path gives it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reuse.index import IndexParams, WindowIndex, open_index
from reuse.index.join import cohort_candidates, join_part, join_plan, joined
from reuse.model import Document, Span
from reuse.settings import FingerprintOptions
from reuse.text.normalize import normalize

PARAMS = IndexParams.from_options(FingerprintOptions())
WORDS = ["river", "delta", "silt", "farming", "flood", "season", "harvest", "grain", "trade", "city",
         "temple", "priest", "king", "army", "war", "peace", "law", "scribe", "writing", "tablet", "copper",
         "bronze", "iron", "tool", "wheel", "cart", "road", "bridge", "canal"]


def _doc(doc_id: str, text: str, kind: str = "submission") -> Document:
    return Document(doc_id, doc_id, kind, text, (Span(0, len(text)),), "0" * 64)  # type: ignore[arg-type]


def _cohort(seed: int, size: int) -> list[tuple[str, str]]:
    """``size`` texts over a small vocabulary (so that band keys repeat and stop-bands occur), some
    sharing copied runs of words with earlier ones, one exact duplicate, one empty."""
    rng = np.random.default_rng(seed)
    texts: list[str] = []
    for _ in range(size):
        words = [WORDS[i] for i in rng.integers(0, len(WORDS), int(rng.integers(0, 260)))]
        if texts and rng.random() < 0.6:  # a copied run from an earlier text, lightly edited
            earlier = texts[int(rng.integers(0, len(texts)))].split()
            start = int(rng.integers(0, max(1, len(earlier) - 60)))
            run = earlier[start:start + int(rng.integers(20, 120))]
            run = [w if rng.random() > 0.1 else WORDS[int(rng.integers(0, len(WORDS)))] for w in run]
            at = int(rng.integers(0, len(words) + 1))
            words[at:at] = run
        texts.append(" ".join(words))
    texts.append(texts[0])
    texts.append("")
    return [(f"doc{k:03d}.txt", text) for k, text in enumerate(texts)]


def _index(cohort: list[tuple[str, str]], params: IndexParams) -> WindowIndex:
    index = WindowIndex(params)
    for doc_id, text in cohort:
        index.add(_doc(doc_id, text), normalize(text))
    return index


def _query_path(index: WindowIndex, cohort: list[tuple[str, str]], queries: list[str]):
    texts = dict(cohort)
    return {q: index.query(q, normalize(texts[q])) for q in queries}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(2, 14), stop=st.integers(1, 12),
       cap=st.integers(1, 6), floor=st.sampled_from([0.0, 0.1, 0.3, 0.6]),
       queried=st.floats(0.2, 1.0), block=st.sampled_from([1, 7, 1000, 1 << 20]),
       part_keys=st.sampled_from([700, 5000, 1 << 18]))
def test_banding_join_gives_each_query_exactly_the_query_paths_candidates(seed, size, stop, cap, floor,
                                                                          queried, block, part_keys):
    params = dataclasses.replace(PARAMS, stop_postings=stop, max_candidates=cap, min_jaccard=floor)
    cohort = _cohort(seed, size)
    index = _index(cohort, params)
    queries = [doc_id for doc_id, _ in cohort[: max(1, int(len(cohort) * queried))]]  # the rest: sources
    assert cohort_candidates(index, queries, block=block, part_keys=part_keys) == _query_path(
        index, cohort, queries)


def test_the_join_in_many_parts_merged_in_any_order_gives_what_it_gives_in_one_part():
    cohort = _cohort(7, 14)
    index = _index(cohort, PARAMS)
    queries = [doc_id for doc_id, _ in cohort[:10]]
    plan = join_plan(index, queries, part_keys=500)
    parts = [join_part(plan, part) for part in range(plan.parts)]
    assert plan.parts > 10
    whole = cohort_candidates(index, queries, part_keys=1 << 30)
    assert joined(plan, parts[::-1]) == joined(plan, parts) == whole == _query_path(index, cohort, queries)
    assert any(whole.values())


def test_banding_join_on_real_essays_finds_the_copied_paragraph_as_the_query_path_does(fixture_text):
    names = ["essay_with_copied_paragraph.txt", "web_source_photosynthesis_excerpt.txt",
             "essay_independent_same_topic.txt"]
    cohort = [(name, fixture_text(name)) for name in names]
    index = _index(cohort, PARAMS)
    joined = cohort_candidates(index, names)
    assert joined == _query_path(index, cohort, names)
    assert [c.source_id for c in joined["essay_with_copied_paragraph.txt"]] == [
        "web_source_photosynthesis_excerpt.txt"]


def test_stop_bands_are_skipped_by_the_join_as_by_the_query_path():
    """Twelve copies of one text: every band key is carried by 12 windows or more, all stop-bands at 10."""
    text = " ".join(WORDS) * 2
    cohort = [(f"copy{k:02d}.txt", text) for k in range(12)]
    params = dataclasses.replace(PARAMS, stop_postings=10)
    index = _index(cohort, params)
    ids = [doc_id for doc_id, _ in cohort]
    assert cohort_candidates(index, ids) == {q: [] for q in ids} == _query_path(index, cohort, ids)
    wider = _index(cohort, dataclasses.replace(PARAMS, stop_postings=100))
    assert len(cohort_candidates(wider, ids)["copy00.txt"]) == 11


def test_an_id_not_in_the_index_gets_no_candidates():
    index = _index([("a.txt", " ".join(WORDS)), ("b.txt", " ".join(WORDS))], PARAMS)
    assert cohort_candidates(index, ["missing.txt", "a.txt"])["missing.txt"] == []


def test_the_join_needs_the_runs_in_memory_index(tmp_path):
    index = open_index(tmp_path / "sources.sqlite", params=PARAMS, create=True)
    with pytest.raises(TypeError, match="in-memory index"):
        cohort_candidates(index, ["a.txt"])


def test_the_parts_evidence_is_merged_part_by_part_not_held_all_at_once(monkeypatch):
    cohort = _cohort(7, 14)
    index = _index(cohort, PARAMS)
    queries = [doc_id for doc_id, _ in cohort[:10]]
    plan = join_plan(index, queries, part_keys=500, block=1)  # block 1: merge as each part comes
    parts = [join_part(plan, part) for part in range(plan.parts)]
    whole = joined(plan, parts)
    hits = type(parts[0])
    merge = hits.join.__func__
    widest: list[int] = []

    def spy(cls, given):
        widest.append(len(given))
        return merge(cls, given)

    monkeypatch.setattr(hits, "join", classmethod(spy))
    assert joined(plan, parts) == whole
    assert plan.parts > 10 and max(widest) < plan.parts  # reduced as it grows, never every part at once
