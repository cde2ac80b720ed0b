"""Behaviour of the aligner around verbatim copies: a copied passage is always found whole,
with the extent it has in both texts, whatever repeats the texts hold around it."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reuse.align import align
from reuse.align.exact import (
    MAX_SEED_REPEATS,
    along_diagonal,
    drop_repeats,
    exact_fragments,
    long_runs,
    monotone,
    seeds,
    split_clusters,
)
from reuse.align.features import features
from reuse.align.fragment import Fragment, within
from reuse.settings import AlignOptions, ExactOptions
from reuse.text.normalize import normalize

from .texts import ALIGN_FIXTURES, mill_paragraphs

exact_module = importlib.import_module("reuse.align.exact")


def _posts(name: str, count: int) -> list[str]:
    """``count`` short posts cut from the sentences of a fixture essay."""
    text = (ALIGN_FIXTURES / name).read_text(encoding="utf-8")
    sentences = [x.strip() for x in text.replace("\n", " ").split(". ") if len(x.split()) > 8]
    return [". ".join(sentences[2 * k : 2 * k + 2]) + "." for k in range(count)]


HEADLINE = "Lenin seizes power as the Bolsheviks storm the Winter Palace in Petrograd overnight"
BOILERPLATE = (
    "Posted in Revolution Notes. Permalink: click here for the full blog post, the comments "
    "and the replies from other readers of this history page."
)


def test_a_copy_of_a_page_that_repeats_its_headline_starts_at_the_copied_headline() -> None:
    # scraped news pages print the headline twice: in the title bar and above the story
    body = mill_paragraphs()[1]
    source = f"{HEADLINE}\n\nShare this story\n\n{HEADLINE}. {body}"
    copied = f"{HEADLINE}. {body}"
    submission = f"My essay on the revolution starts with a news report.\n\n{copied}\n\nThat is all."
    passages = align(normalize(submission), normalize(source))
    assert len(passages) == 1
    assert passages[0].kind == "exact"
    second_headline = source.rindex(HEADLINE)
    assert passages[0].right.start == second_headline
    right, left = passages[0].right, passages[0].left
    assert normalize(source[right.start : right.end]).text == normalize(copied).text
    assert normalize(submission[left.start : left.end]).text == normalize(copied).text


def test_a_copy_holding_a_phrase_one_page_repeats_often_is_one_exact_chain() -> None:
    # blog pages repeat their footer line after every post; n-grams seen that often in either
    # text are no seeds, which leaves a gap in the copy where the footer line stands
    first, second = mill_paragraphs()[:2]
    copied = f"{first} {BOILERPLATE} {second}"
    posts = _posts("independent_essay_grace.txt", MAX_SEED_REPEATS + 2)
    source = "\n\n".join(f"{post} {BOILERPLATE}" for post in posts) + f"\n\n{copied}"
    own = "\n\n".join(_posts("independent_essay_isla.txt", 3))
    submission = f"{own}\n\n{copied}\n\nThe end."
    left, right = normalize(submission), normalize(source)
    lf, rf = features(left), features(right)
    chains = exact_fragments(lf, rf, ExactOptions(), floor=AlignOptions().min_words)
    n = normalize(copied).word_count
    assert chains == [(left.word_count - 2 - n, left.word_count - 2, right.word_count - n, right.word_count)]
    passages = align(left, right)
    assert [p.kind for p in passages] == ["exact"]
    span = passages[0].left
    assert normalize(submission[span.start : span.end]).text == normalize(copied).text


def test_an_exact_chain_running_a_few_words_into_a_longer_one_on_one_side_is_trimmed_not_dropped() -> None:
    longer = Fragment(100, 200, 500, 600)
    # the shorter copy's last five words are also the first five of the longer one, on the
    # left only: shared boilerplate between two copied posts
    shorter = Fragment(60, 105, 900, 945)
    assert drop_repeats([longer, shorter]) == [longer, Fragment(60, 100, 900, 940)]


def test_an_exact_chain_inside_a_longer_one_on_one_side_is_a_repeat_and_dropped() -> None:
    longer = Fragment(100, 200, 500, 600)
    repeat = Fragment(120, 150, 900, 930)
    assert drop_repeats([longer, repeat]) == [longer]


# --- properties of the chain helpers -----------------------------------------------------


@st.composite
def _seed_sets(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Seed positions ``(i, j)``: a few diagonal runs at random places, distinct points."""
    points: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(1, 6))):
        a, b = draw(st.integers(0, 60)), draw(st.integers(0, 60))
        points.update((a + k, b + k) for k in range(draw(st.integers(1, 12))))
    ordered = sorted(points)
    return np.array([p[0] for p in ordered]), np.array([p[1] for p in ordered])


def _longest_run(i: np.ndarray, j: np.ndarray) -> int:
    """The most seeds in a row on one diagonal."""
    points = set(zip(i.tolist(), j.tolist(), strict=True))
    best = 0
    for a, b in points:
        if (a - 1, b - 1) in points:
            continue  # not the start of a run
        length = 0
        while (a + length, b + length) in points:
            length += 1
        best = max(best, length)
    return best


@given(_seed_sets())
@settings(max_examples=200, deadline=None)
def test_a_chain_rises_on_both_sides_and_keeps_at_least_its_longest_run(seeds: tuple) -> None:
    i, j = seeds
    chain = monotone(i, j, np.arange(i.size))
    assert len(set(chain.tolist())) == chain.size
    assert set(chain.tolist()) <= set(range(i.size))
    ci, cj = i[chain], j[chain]
    assert np.all(np.diff(ci) > 0)
    assert np.all(np.diff(cj) > 0)
    assert chain.size >= _longest_run(i, j)


@given(st.integers(1, 40), st.integers(0, 30), st.integers(0, 30))
@settings(max_examples=100, deadline=None)
def test_seeds_on_one_diagonal_are_one_chain(length: int, a: int, b: int) -> None:
    i, j = np.arange(a, a + length), np.arange(b, b + length)
    assert sorted(monotone(i, j, np.arange(length)).tolist()) == list(range(length))


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=40),
    st.lists(st.integers(0, 3), min_size=1, max_size=40),
    st.data(),
)
@settings(max_examples=300, deadline=None)
def test_a_chain_end_is_carried_on_over_identical_words_only_and_as_far_as_they_go(
    left: list[int], right: list[int], data: st.DataObject
) -> None:
    lh, rh = np.array(left, dtype=np.uint64), np.array(right, dtype=np.uint64)
    l0 = data.draw(st.integers(0, lh.size - 1))
    r0 = data.draw(st.integers(0, rh.size - 1))
    n = data.draw(st.integers(1, min(lh.size - l0, rh.size - r0)))
    f = Fragment(l0, l0 + n, r0, r0 + n)
    g = along_diagonal(f, lh, rh)
    assert within(f, g)
    assert g.left_words == g.right_words  # it moves along the diagonal
    grown_before = f.left_start - g.left_start
    grown_after = g.left_end - f.left_end
    assert list(lh[g.left_start : f.left_start]) == list(rh[g.right_start : f.right_start])
    assert list(lh[f.left_end : g.left_end]) == list(rh[f.right_end : g.right_end])
    if lh[f.left_end - 1] == rh[f.right_end - 1]:  # an end on a match goes on until the words differ
        assert g.left_end == lh.size or g.right_end == rh.size or lh[g.left_end] != rh[g.right_end]
    else:
        assert grown_after == 0
    if lh[f.left_start] == rh[f.right_start]:
        assert g.left_start == 0 or g.right_start == 0 or lh[g.left_start - 1] != rh[g.right_start - 1]
    else:
        assert grown_before == 0


points = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=120)


@settings(max_examples=300, deadline=None)
@given(points, st.integers(0, 40), st.one_of(st.none(), st.integers(0, 400)), st.booleans())
def test_small_clusters_split_in_python_are_the_clusters_numpy_splits(
    seeds_: list[tuple[int, int]], gap: int, gap_right: int | None, subset: bool
) -> None:
    i = np.array([p[0] for p in seeds_], dtype=np.int64)
    j = np.array([p[1] for p in seeds_], dtype=np.int64)
    members = np.arange(0, i.size, 2) if subset else None
    found = split_clusters(i, j, gap, members, gap_right=gap_right)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_module, "SMALL_GROUP", 0)  # every group split by numpy
        expected = split_clusters(i, j, gap, members, gap_right=gap_right)
    assert [c.tolist() for c in found] == [c.tolist() for c in expected]
    assert all(c.dtype == e.dtype for c, e in zip(found, expected, strict=True))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=60), st.lists(st.integers(0, 5), max_size=60))
@example([1] * MAX_SEED_REPEATS + [2], [1, 2]).via("a value at the limit is still a seed")
@example([1] * (MAX_SEED_REPEATS + 1) + [2], [1, 2]).via("one over the limit is not")
def test_seeds_skip_the_values_a_side_repeats_too_often_as_np_unique_counts_them(
    left: list[int], right: list[int]
) -> None:
    lv, rv = np.array(left, dtype=np.uint64), np.array(right, dtype=np.uint64)
    i, j = seeds(lv, rv)
    _, inverse, counts = np.unique(lv, return_inverse=True, return_counts=True)
    right_counts = {v: right.count(v) for v in set(right)}
    expected = [(a, b) for a in range(len(left)) for b in range(len(right))
                if left[a] == right[b] and counts[inverse[a]] <= MAX_SEED_REPEATS
                and right_counts[right[b]] <= MAX_SEED_REPEATS]
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=80), st.lists(st.integers(0, 12), max_size=80))
@example([], [1]).via("nothing on the left")
@example([1], []).via("nothing on the right")
@example([13, 1, 0], [1, 1, 2]).via("values beyond both ends of the right's")
def test_shingle_seeds_are_the_seeds_and_dtypes_of_both_ends_searched(
    left: list[int], right: list[int]
) -> None:
    from reuse.align.exact import Shingles, shingle_seeds

    from .exact_reference import reference_shingle_seeds

    lv, rv = Shingles.of(np.array(left, dtype=np.uint64)), Shingles.of(np.array(right, dtype=np.uint64))
    for found, expected in zip(shingle_seeds(lv, rv), reference_shingle_seeds(lv, rv), strict=True):
        assert found.dtype == expected.dtype and found.tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 6), max_size=80))
def test_a_texts_shingles_are_those_counted_by_np_unique(values: list[int]) -> None:
    from reuse.align.exact import Shingles

    from .exact_reference import reference_shingles

    array = np.array(values, dtype=np.uint64)
    found, expected = Shingles.of(array), reference_shingles(array)
    for name in ("values", "order", "ordered", "repeats"):
        got, wanted = getattr(found, name), getattr(expected, name)
        assert got.dtype == wanted.dtype and got.tolist() == wanted.tolist()


@given(_seed_sets(), st.integers(1, 14), st.booleans())
@settings(max_examples=300, deadline=None)
def test_long_runs_are_the_runs_every_set_of_seeds_was_sorted_into_before(
    seeds: tuple, min_seeds: int, few: bool
) -> None:
    from .exact_reference import reference_long_runs

    i, j = seeds
    if few:  # fewer seeds than a run needs, at times
        i, j = i[: min_seeds - 1], j[: min_seeds - 1]
    for found, expected in zip(long_runs(i, j, min_seeds), reference_long_runs(i, j, min_seeds), strict=True):
        assert found.dtype == expected.dtype and found.tolist() == expected.tolist()


_VOCABULARY = [f"w{k}" for k in range(12)] + ["the", "of", "and"]
COPY13 = [f"c{k}" for k in range(13)]


@st.composite
def _copying_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A left text of random words and a right text that copies pieces of it among random words."""
    words = st.lists(st.sampled_from(_VOCABULARY), min_size=0, max_size=30)
    left = draw(st.lists(st.sampled_from(_VOCABULARY), min_size=3, max_size=200))
    right: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        right += draw(words)
        start = draw(st.integers(0, len(left) - 1))
        right += left[start : start + draw(st.integers(1, 60))]
    right += draw(words)
    return " ".join(left), " ".join(right) or "w0"


@given(
    _copying_texts(),
    st.sampled_from([5, 13, 25]),
    st.sampled_from([ExactOptions(), ExactOptions(seed_words=2)]),
)
@example(  # a copy exactly as long as the floor
    (" ".join(["x"] * 5 + COPY13 + ["y"] * 5), " ".join(["z"] * 4 + COPY13 + ["q"] * 3)), 13, ExactOptions()
)
@settings(max_examples=200, deadline=None)
def test_exact_chains_are_those_found_when_every_clusters_chain_was_found_first(
    texts: tuple[str, str], floor: int, opts: ExactOptions
) -> None:
    from .exact_reference import reference_exact_fragments

    lf, rf = features(normalize(texts[0])), features(normalize(texts[1]))
    found = exact_fragments(lf, rf, opts, floor=floor)
    assert found == reference_exact_fragments(lf, rf, opts, floor=floor)


def test_exact_chains_of_the_fixture_pairs_are_those_found_when_every_chain_was_found_first() -> None:
    from .exact_reference import reference_exact_fragments

    texts = [features(normalize(path.read_text("utf-8"))) for path in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    found_any = False
    for lf in texts:
        for rf in texts:
            if lf is not rf:
                found = exact_fragments(lf, rf, ExactOptions(), floor=13)
                assert found == reference_exact_fragments(lf, rf, ExactOptions(), floor=13)
                found_any = found_any or bool(found)
    assert found_any
