"""The aligner's paraphrase path (``reuse.align.fuzzy``): unit seeds, clusters, extension."""

from __future__ import annotations

import dataclasses
import importlib
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.align import align
from reuse.align.features import features
from reuse.align.fragment import Fragment
from reuse.align.fuzzy import extend_matching, in_order, nearest_repeats, neighbours, reach
from reuse.align.space import make_space
from reuse.settings import AlignOptions, FuzzyOptions
from reuse.text.normalize import normalize

from ..conftest import PAN_CORPUS
from .texts import PLANTED, read

fuzzy_module = importlib.import_module("reuse.align.fuzzy")  # reuse.align.fuzzy is also the function's name


def test_in_order_counts_content_words_shared_in_the_same_order() -> None:
    left, right = features(normalize("red green blue yellow")), features(normalize("green red blue yellow"))
    space = make_space(left, right, 10)
    assert in_order(space, (0, 4), (0, 4)) == 3
    assert in_order(space, (0, 2), (2, 4)) == 0


def test_a_unit_paired_with_two_far_places_keeps_the_one_near_the_cluster() -> None:
    # left units 0..5 pair with right units 40..45 along a diagonal; left unit 2 is also
    # paired with right unit 10, a copy of the same sentence far back in the right text
    a = np.array([0, 1, 2, 2, 3, 4, 5, 2])
    b = np.array([40, 41, 42, 43, 43, 44, 45, 10])
    kept = nearest_repeats(a, b, np.arange(a.size))
    assert sorted(zip(a[kept].tolist(), b[kept].tolist(), strict=True)) == [
        (0, 40),
        (1, 41),
        (2, 42),
        (2, 43),  # a neighbouring unit (units overlap by half) is no far copy
        (3, 43),
        (4, 44),
        (5, 45),
    ]


def test_a_sentence_the_source_repeats_just_before_a_paraphrased_paragraph_costs_it_no_words() -> None:
    case = PLANTED["paraphrase"]
    source, submission = read(case["right"]), read(case["left"])
    start, end = case["counterpart_start"], case["counterpart_end"]
    last_sentence = source[start:end].rstrip(".").rsplit(". ", 1)[1] + "."
    aside = " ".join(read("independent_essay_grace.txt").split()[:30])
    moved = len(last_sentence) + len(aside) + 3
    repeated = f"{source[:start]}{last_sentence} {aside}\n\n{source[start:]}"
    passages = align(normalize(submission), normalize(repeated))
    assert len(passages) == 1
    p = passages[0]
    assert abs(p.right.start - (start + moved)) <= 10
    assert abs(p.right.end - (end + moved)) <= 10
    assert abs(p.left.start - case["submission_start"]) <= 10


def test_reach_follows_runs_of_matching_words_across_small_gaps() -> None:
    assert reach([1, 2, 3, 9, 9, 4, 5], [1, 2, 3, 7, 4, 5], 3) == (7, 6)
    assert reach([1, 2, 3, 9, 9, 4, 5], [1, 2, 3, 7, 4, 5], 1) == (3, 3)
    assert reach([1, 2, 8, 8, 3, 6], [1, 2, 7, 7, 3, 5], 4) == (2, 2)  # one word after a gap is chance
    assert reach([], [1, 2], 4) == (0, 0)
    # after a gap of 10 words a run needs 3 words, not 2
    assert reach([1, 2, *[9] * 10, 4, 5], [1, 2, *[7] * 10, 4, 5], 20) == (2, 2)
    assert reach([1, 2, *[9] * 10, 4, 5, 6], [1, 2, *[7] * 10, 4, 5, 6], 20) == (15, 15)


def test_a_short_seed_of_an_edited_copy_is_extended_over_the_whole_copy() -> None:
    source = read("source_essay_mill_lenin.txt")
    start = source.index("To put this into context")
    copied = source[start:].split()[:60]
    edited = [w if k % 6 else "banana" for k, w in enumerate(copied)]  # every sixth word replaced
    intro = "My notes for the history seminar, written on a rainy Tuesday afternoon at home."
    left = features(normalize(intro + " " + " ".join(edited) + " Then we went to football practice."))
    right = features(normalize(source))
    first_left = len(normalize(intro).words)
    first_right = len(normalize(source[:start]).words)
    # 15 words: too short
    seed = Fragment(first_left + 20, first_left + 35, first_right + 20, first_right + 35)
    options, min_words = FuzzyOptions(), AlignOptions().min_words
    [grown] = extend_matching([seed], [], left, right, options, min_words=min_words)
    assert grown.left_words >= min_words
    copy_words = len(normalize(" ".join(edited)).words)
    # the copy's first word was replaced ("banana"), so the extension stops just after it
    assert (grown.left_start, grown.left_end) == (first_left + 1, first_left + copy_words)
    assert extend_matching([seed], [], left, right, dataclasses.replace(options, extend_gap_words=0),
                           min_words=min_words) == [
        seed
    ]
    # an exact passage found further on is a wall the extension stops at
    wall = Fragment(first_left + 50, first_left + 60, first_right + 50, first_right + 60)
    [stopped] = extend_matching([seed], [wall], left, right, options, min_words=min_words)
    assert stopped.left_end <= wall.left_start and stopped.right_end <= wall.right_start


def _neighbours_row_by_row(i: np.ndarray, j: np.ndarray, reach: int) -> np.ndarray:
    """How :func:`neighbours` was first written: two binary searches per row of the square."""
    width = int(j.max()) + 2 * reach + 2
    keys = np.sort(i * width + j + reach)
    counts = np.zeros(i.size, dtype=np.int64)
    for d in range(-reach, reach + 1):
        row = (i + d) * width
        counts += np.searchsorted(keys, row + j + 2 * reach, side="right")
        counts -= np.searchsorted(keys, row + j, side="left")
    return counts


@settings(max_examples=200, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=400),
       st.integers(1, 8), st.sampled_from([3, 4096]), st.sampled_from([0, 128]), st.randoms())
def test_neighbours_counted_for_all_rows_at_once_are_those_counted_row_by_row(
    points: set[tuple[int, int]], reach_: int, block: int, small: int, rng: random.Random
) -> None:
    shuffled = sorted(points)
    rng.shuffle(shuffled)  # any order
    i = np.array([p[0] for p in shuffled], dtype=np.int64)
    j = np.array([p[1] for p in shuffled], dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fuzzy_module, "NEIGHBOUR_BLOCK", block)  # several blocks, or one
        patch.setattr(fuzzy_module, "NEIGHBOUR_SMALL", small)  # by searches, or pairwise up to 128 points
        assert neighbours(i, j, reach_).tolist() == _neighbours_row_by_row(i, j, reach_).tolist()


def test_fuzzy_fragments_are_those_computed_with_every_clusters_cosine_and_trim_anew() -> None:
    import itertools

    from reuse.align.fuzzy import fuzzy_fragments

    from .fuzzy_reference import reference_fuzzy_fragments
    from .texts import ALIGN_FIXTURES

    texts = [features(normalize(path.read_text("utf-8"))) for path in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    loose = FuzzyOptions(unit_min_cosine=0.2, unit_min_dice=0.1, min_fragment_cosine=0.5)  # many clusters
    found = 0
    def word_order(lt: tuple[int, int], rt: tuple[int, int]) -> float:  # any function of the ranges
        return (lt[1] - lt[0]) / (1 + rt[1] - rt[0])

    pairs = itertools.permutations(texts, 2)
    for (left, right), opts in itertools.product(pairs, (AlignOptions().fuzzy, loose)):
        space = make_space(left, right, opts.unit_words)
        fragments = fuzzy_fragments(space, opts, word_order)
        assert fragments == reference_fuzzy_fragments(space, opts, word_order)
        found += len(fragments)
    assert found > 20


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 60)), min_size=1, max_size=150), st.booleans())
def test_nearest_repeats_keeps_the_seeds_it_kept_before_it_was_made_cheaper(
    seeds: list[tuple[int, int]], subset: bool
) -> None:
    from .fuzzy_reference import reference_nearest_repeats

    a, b = np.array([s[0] for s in seeds], dtype=np.int64), np.array([s[1] for s in seeds], dtype=np.int64)
    members = np.arange(0, a.size, 2) if subset else np.arange(a.size)
    found, expected = nearest_repeats(a, b, members), reference_nearest_repeats(a, b, members)
    assert found.dtype == expected.dtype and found.tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(-4, 4)), min_size=3, max_size=40),
    st.integers(0, 6),
)
def test_nearest_repeats_of_a_cluster_along_one_diagonal_keeps_the_seeds_it_kept_before(
    steps: list[tuple[int, int]], far: int
) -> None:
    from .fuzzy_reference import reference_nearest_repeats

    # the seeds of one cluster: units along a diagonal, each paired with a few units near its own place
    # (repeats within the reach, or just beyond it), now and then one far away
    a = np.array([s[0] for s in steps], dtype=np.int64)
    b = np.array([s[0] + s[1] + (far * 3 if k % 7 == 6 else 0) for k, s in enumerate(steps)], dtype=np.int64)
    members = np.arange(a.size)
    found, expected = nearest_repeats(a, b, members), reference_nearest_repeats(a, b, members)
    assert found.dtype == expected.dtype and found.tolist() == expected.tolist()


# Two texts on different subjects that name the same bodies: the names are runs of identical words in
# order on both sides, and the words between them have nothing in common (issue #17).
HEARING = (
    "Tom Hadley, the chairman of the Senate Select Committee on Rural Water Contracts and Spending "
    "Practices, called the hearing to review the claims of waste in the valley towns. "
    "The committee watches the state money paid to county boards by the Regional Water Quality Control "
    "Board. A spokesman for the governor declined to comment on the hearing, and the board said it would "
    "answer in writing."
)
BUS_MEETING = (
    "Parents crowded the school gym on Monday night to argue about the new bus timetable for the autumn "
    "term. They asked about a plan that the Senate Select Committee on Rural Water Contracts and Spending "
    "Practices has already turned down. "
    "In fact the quarrel over money between the mayor and the Regional Water Quality Control Board "
    "has held up the new stops, and children still wait outside in the dark every morning. "
    "The district promised a reply within two weeks and thanked everyone for coming."
)


def test_two_texts_naming_the_same_bodies_with_nothing_else_in_common_share_no_passage() -> None:
    for left, right in ((BUS_MEETING, HEARING), (HEARING, BUS_MEETING)):
        assert align(normalize(left), normalize(right)) == []


@pytest.mark.parametrize(
    ("susp", "src"),
    [
        # fold 1: a budget dispute naming a Senate committee and a police training commission
        ("suspicious-document00589.txt", "source-document03224.txt"),
        # fold 2: a strike report naming an airlift squadron and two air bases
        ("suspicious-document01693.txt", "source-document02137.txt"),
    ],
)
@pytest.mark.skipif(not PAN_CORPUS.is_dir(), reason=f"PAN corpus not found at {PAN_CORPUS}")
def test_pan_pairs_without_a_case_that_share_only_names_get_no_passage(susp: str, src: str) -> None:
    left = (PAN_CORPUS / "susp" / susp).read_bytes().decode("utf-8")
    right = (PAN_CORPUS / "src" / src).read_bytes().decode("utf-8")
    assert align(normalize(left), normalize(right)) == []
