"""The aligner's summary paths (``reuse.align.summary``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.evaluation import read_cases
from reuse.align import align
from reuse.align.exact import split_clusters
from reuse.align.features import features
from reuse.align.fragment import Fragment
from reuse.align.fuzzy import unit_seeds
from reuse.align.space import Units, make_space, range_cosine
from reuse.align.summary import (
    best_window,
    document_summary,
    long_on_the_right,
    summary_fragments,
    summary_pieces,
)
from reuse.settings import AlignOptions, DocumentSummaryOptions, SummaryOptions
from reuse.text.normalize import normalize

from ..conftest import PAN_CORPUS
from .texts import ALIGN_FIXTURES

needs_corpus = pytest.mark.skipif(not PAN_CORPUS.is_dir(), reason=f"PAN corpus not found at {PAN_CORPUS}")

SOURCE = (
    "The Provisional Government kept Russia in the war, and soldiers deserted the front in great numbers. "
    "Lenin returned from exile in a sealed train and promised peace, bread and land to workers and peasants."
)
NOTES = (
    "Our group met on Tuesday to plan the poster and print the timeline for the corridor. "
    "Soldiers deserted the front while the Provisional Government kept Russia fighting the war. "
    "Lenin came back from exile in a sealed train promising peace, bread and land to peasants and workers. "
    "Maya will bring glue and card, and Tom will check the library opening hours before the weekend."
)


def _space() -> tuple[object, np.ndarray]:
    left, right = features(normalize(NOTES)), features(normalize(SOURCE))
    space = make_space(left, right, 10)
    text = normalize(NOTES)
    starts = np.flatnonzero(np.concatenate(([True], text.sentence_ends[:-1])))
    return space, np.searchsorted(left.content, np.append(starts, text.word_count))


def test_best_window_picks_the_sentences_that_summarise_the_other_text() -> None:
    space, bounds = _space()
    found = best_window(space, bounds[:-1], bounds[1:], min_size=2, max_size=100)
    assert found == (int(bounds[1]), int(bounds[3]))


def test_best_window_respects_its_size_limits() -> None:
    space, bounds = _space()
    assert best_window(space, bounds[:-1], bounds[1:], min_size=1000, max_size=2000) is None
    assert best_window(space, bounds[:0], bounds[1:], min_size=2, max_size=100) is None
    one = best_window(space, bounds[:-1], bounds[1:], min_size=2, max_size=int(bounds[3] - bounds[1]) - 1)
    assert one is not None and one[1] - one[0] < bounds[3] - bounds[1]


def test_two_in_order_passages_from_a_fifth_of_the_source_are_pieces_of_one_summary() -> None:
    # a summary paraphrases a sentence or two of its source closely: those passages come from a
    # part of the source, not from half of it (PAN 05, fold 1: granularity)
    share = AlignOptions().document_summary.pieces
    first, second = Fragment(100, 150, 200, 260), Fragment(170, 200, 400, 440)
    assert summary_pieces([first, second], 1000, share)
    assert not summary_pieces([first, Fragment(170, 200, 100, 140)], 1000, share)  # crossed order
    assert not summary_pieces([first], 1000, share)


def _one_passage_over_the_whole_source(susp: str, src: str) -> None:
    """The aligner gives one passage for a PAN 05 pair: all of the source, and most of the case."""
    left = (PAN_CORPUS / "susp" / susp).read_bytes().decode("utf-8")  # PAN offsets: no newline translation
    right = (PAN_CORPUS / "src" / src).read_bytes().decode("utf-8")
    (case,) = read_cases(PAN_CORPUS / "05-summary-obfuscation" / f"{susp[:-4]}-{src[:-4]}.xml")
    passages = align(normalize(left), normalize(right))
    assert len(passages) == 1
    p = passages[0]
    assert p.right.start == 0 and len(right.rstrip()) - p.right.end <= 2  # all of it, to its last word
    inside = min(p.left.end, case.susp_end) - max(p.left.start, case.susp_start)
    assert inside >= 0.9 * (case.susp_end - case.susp_start)


# PAN 05 pairs of fold 1 of the 2-fold split (where these defaults were chosen)


@needs_corpus
def test_a_pan_summary_found_in_two_close_paraphrases_is_one_passage_over_the_whole_source() -> None:
    _one_passage_over_the_whole_source("suspicious-document00339.txt", "source-document02872.txt")


@needs_corpus
def test_a_pan_summary_in_pieces_is_one_passage_though_it_stands_out_little_from_its_document() -> None:
    # the window's contrast (0.18) is under document_summary.contrast: the document is on the
    # source's topic throughout, but three in-order passages inside the window are its pieces
    _one_passage_over_the_whole_source("suspicious-document00023.txt", "source-document02641.txt")


@needs_corpus
def test_a_pan_summary_in_pieces_is_one_passage_though_its_cosine_with_the_whole_source_is_low() -> None:
    # the window's cosine with the whole 11,000-character source (0.26) is under
    # document_summary.cosine; three in-order passages inside it are its pieces
    _one_passage_over_the_whole_source("suspicious-document01061.txt", "source-document01765.txt")


@pytest.mark.parametrize(
    "thresholds", [DocumentSummaryOptions(), DocumentSummaryOptions(cosine=0.1, contrast=0.05)]
)
def test_a_document_summary_told_its_thresholds_stops_only_where_the_window_fails_them(
    thresholds: DocumentSummaryOptions,
) -> None:
    texts = [features(normalize(path.read_text("utf-8"))) for path in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    outcomes = set()
    for left in texts:
        for right in texts:
            if left is right or not (left.stems.size and right.stems.size):
                continue
            space = make_space(left, right, 10)
            full, early = document_summary(space), document_summary(space, need=thresholds)
            fails = full is not None and (
                full.contrast < thresholds.contrast or full.cosine < thresholds.cosine
                or full.spread < thresholds.spread
            )
            assert early == (None if fails else full)
            outcomes.add((full is None, fails))
    assert (False, True) in outcomes and (False, False) in outcomes  # both ways seen


def _summary_fragments_cluster_by_cluster(space, opts):  # type: ignore[no-untyped-def]
    """How :func:`summary_fragments` was first written: each cluster's extent by its own numpy calls."""
    a, b = unit_seeds(space, min_cosine=opts.min_cosine, min_dice=opts.min_dice, best_ratio=0.0)
    found = []
    for members in split_clusters(a, b, opts.gap_words // space.left_units.stride,
                                  gap_right=space.right_units.count):
        if members.size < 2:
            continue
        lt = space.left_units.tokens(int(a[members].min()), int(a[members].max()), space.left_ids.size)
        rt = space.right_units.tokens(int(b[members].min()), int(b[members].max()), space.right_ids.size)
        if rt[1] - rt[0] < opts.ratio * (lt[1] - lt[0]):
            continue
        cosine = range_cosine(space, lt, rt)
        if cosine >= opts.min_cosine_whole:
            found.append((lt, rt, cosine))
    return found


@pytest.mark.parametrize("opts", [
    SummaryOptions(), SummaryOptions(ratio=1.0, min_cosine_whole=0.0),
    SummaryOptions(ratio=1.5, gap_words=40),
])
def test_summary_fragments_from_all_clusters_at_once_are_those_found_cluster_by_cluster(
    opts: SummaryOptions,
) -> None:
    texts = [features(normalize(path.read_text("utf-8"))) for path in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    found_any = False
    for left in texts:
        for right in texts:
            if left is right or not (left.stems.size and right.stems.size):
                continue
            space = make_space(left, right, 10)
            expected = _summary_fragments_cluster_by_cluster(space, opts)
            assert summary_fragments(space, opts) == expected
            found_any = found_any or bool(expected)
    assert found_any


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=120),
    st.integers(min_value=1, max_value=400),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=80),
    st.integers(min_value=0, max_value=6),
    st.sampled_from([0.5, 1.0, 1.5, 3.0]),
    st.sampled_from([4, 10]),
)
def test_summary_clusters_cut_on_the_left_alone_are_those_split_alternately_on_both_sides(
    left_tokens: int, right_tokens: int, seeds: list[tuple[int, int]], gap: int, ratio: float, unit: int
) -> None:
    from .summary_reference import reference_long_on_the_right

    left, right = Units.over(left_tokens, unit), Units.over(right_tokens, unit)
    a = np.array([x % left.count for x, _ in seeds], dtype=np.int64)
    b = np.array([y % right.count for _, y in seeds], dtype=np.int64)
    tokens = (left_tokens, right_tokens)
    found = long_on_the_right(a, b, left, right, tokens, gap=gap, ratio=ratio)
    assert found == reference_long_on_the_right(a, b, left, right, tokens, gap=gap, ratio=ratio)
