"""A run's own candidates as one stage: the parts of the banding join and the content candidates run as
tasks on any executor, and give what the two give one after the other in this process."""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pytest

from reuse.engine.local import InlineExecutor, PoolExecutor
from reuse.index import IndexParams, WindowIndex
from reuse.index.cohort import Cohort, cohort_found, cohort_task
from reuse.index.content import content_candidates
from reuse.index.join import cohort_candidates, join_plan
from reuse.model import Document, Span
from reuse.prepare import Preparing, prepare_document
from reuse.settings import AlignOptions, FingerprintOptions

PARAMS = IndexParams.from_options(FingerprintOptions())
WORDS = ["river", "delta", "silt", "farming", "flood", "season", "harvest", "grain", "trade", "city",
         "temple", "priest", "king", "army", "war", "peace", "law", "scribe", "writing", "tablet", "copper",
         "bronze", "iron", "tool", "wheel", "cart", "road", "bridge", "canal"]


def essays(seed: int, size: int) -> list[Document]:
    """``size`` short texts over a small vocabulary, most sharing a lightly edited run of an earlier one."""
    rng = np.random.default_rng(seed)
    texts: list[str] = []
    for _ in range(size):
        words = [WORDS[i] for i in rng.integers(0, len(WORDS), int(rng.integers(30, 200)))]
        if texts and rng.random() < 0.7:
            earlier = texts[int(rng.integers(0, len(texts)))].split()
            run = [w if rng.random() > 0.15 else WORDS[int(rng.integers(0, len(WORDS)))]
                   for w in earlier[:90]]
            words[len(words) // 2:len(words) // 2] = run
        texts.append(" ".join(words))
    return [Document(f"essay{k:02d}.txt", f"essay{k:02d}.txt", "submission", text, (Span(0, len(text)),),
                     hashlib.sha256(text.encode()).hexdigest()) for k, text in enumerate(texts)]


def staged(docs: list[Document]) -> tuple[Cohort, WindowIndex]:
    preparing = Preparing(PARAMS, (), AlignOptions(), word_features=True, content_words=10**6)
    index = WindowIndex(PARAMS)
    profiles = {}
    for item in (prepare_document(preparing, doc) for doc in docs):
        index.store.add_document(item.doc)
        index.store.add_windows(item.doc.id, item.signatures, item.band_keys)
        assert item.content is not None
        profiles[item.doc.id] = item.content
    queries = tuple(doc.id for doc in docs[:-3])  # the last three: sources
    return Cohort(join_plan(index, queries, part_keys=900), profiles, queries, cap=4, stop=64), index


def pid_of(shared: None, item: int) -> int:
    return os.getpid()


@pytest.mark.parametrize("executor", [InlineExecutor(), PoolExecutor(2, min_work=0.0)],
                         ids=["inline", "pool"])
def test_the_cohort_stage_on_any_executor_gives_the_join_and_the_content_candidates_of_this_process(executor):
    cohort, index = staged(essays(3, 16))
    results = executor.map(cohort_task, cohort.tasks, shared=cohort, work=cohort.work)
    assert len(cohort.tasks) > 4
    found, rewrites = cohort_found(cohort, results)
    assert found == cohort_candidates(index, cohort.queries)
    assert rewrites == content_candidates(cohort.profiles, cohort.queries, cap=4, stop=64)
    assert any(found.values()) and any(rewrites.values())


def test_the_cohort_stage_merges_the_joins_parts_in_whatever_order_they_ended():
    cohort, index = staged(essays(5, 16))
    results = [cohort_task(cohort, task) for task in cohort.tasks]
    shuffled = [results[0], *results[:0:-1]]  # the content candidates first, the join's parts reversed
    assert cohort_found(cohort, shuffled) == cohort_found(cohort, results)
    assert cohort_found(cohort, results)[0] == cohort_candidates(index, cohort.queries)


def test_a_pool_runs_the_cohort_stage_on_its_workers():
    cohort, _ = staged(essays(3, 16))
    pool = PoolExecutor(2, min_work=0.0)
    assert os.getpid() not in set(pool.map(pid_of, cohort.tasks))
    assert pool.map(cohort_task, cohort.tasks, shared=cohort) and pool.pools_started == 2
