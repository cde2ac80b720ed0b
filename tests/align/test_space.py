"""The vector space of the fuzzy and summary paths (``reuse.align.space``): its fast array helpers give
exactly what the plain numpy formulation gives, so every passage stays the same."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.align import space as space_module
from reuse.align.features import features
from reuse.align.fuzzy import unit_seeds
from reuse.align.space import MAX_STEM_PAIRS, join, make_space, unique_counts, unique_inverse, unit_pairs
from reuse.text.normalize import normalize

from .texts import ALIGN_FIXTURES

ids = st.lists(st.integers(min_value=0, max_value=40), max_size=300).map(lambda v: np.array(v, dtype=np.intp))


def _join_by_search(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The join by binary search and ``np.unique`` (how it was first written)."""
    order = np.argsort(right, kind="stable")
    lo = np.searchsorted(right[order], left, side="left")
    counts = np.searchsorted(right[order], left, side="right") - lo
    if counts.size:
        _, inverse, left_counts = np.unique(left, return_inverse=True, return_counts=True)
        counts = np.where(left_counts[inverse.reshape(-1)] * counts > MAX_STEM_PAIRS, 0, counts)
    total = int(counts.sum())
    a = np.repeat(np.arange(left.size, dtype=np.int64), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return a, order[np.repeat(lo, counts) + offsets]


@settings(max_examples=300, deadline=None)
@given(ids)
def test_unique_by_one_sort_gives_what_np_unique_gives(values: np.ndarray) -> None:
    keys, counts = unique_counts(values)
    expected_keys, expected_counts = np.unique(values, return_counts=True)
    assert keys.tolist() == expected_keys.tolist() and counts.tolist() == expected_counts.tolist()
    keys, inverse = unique_inverse(values)
    expected_keys, expected_inverse = np.unique(values, return_inverse=True)
    assert keys.tolist() == expected_keys.tolist() and inverse.tolist() == expected_inverse.tolist()


@settings(max_examples=300, deadline=None)
@given(ids, ids, st.sampled_from([0, 1, 64, 65]), st.sampled_from([0, 1, 64, 65]))
def test_joining_vocabulary_ids_gives_the_pairs_the_binary_search_gives(
    left: np.ndarray, right: np.ndarray, crowd_left: int, crowd_right: int
) -> None:
    # one value found ``crowd_left`` times on the left, ``crowd_right`` on the right: 64 x 64 is
    # MAX_STEM_PAIRS (still joined), 64 x 65 is over it (left out)
    assert MAX_STEM_PAIRS == 64 * 64
    left = np.concatenate([left, np.full(crowd_left, 1000, dtype=np.intp)])
    right = np.concatenate([right, np.full(crowd_right, 1000, dtype=np.intp)])
    a, b = join(left, right)
    expected_a, expected_b = _join_by_search(left, right)
    assert a.tolist() == expected_a.tolist() and b.tolist() == expected_b.tolist()


def test_joining_large_hash_values_still_gives_the_pairs_the_binary_search_gives() -> None:
    left = np.array([2**40, 5, 2**40, 9], dtype=np.int64)
    right = np.array([9, 2**40, 2**40, 1], dtype=np.int64)
    a, b = join(left, right)
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 1), (0, 2), (2, 1), (2, 2), (3, 0)]


def _unit_pairs_by_unique(space):  # type: ignore[no-untyped-def]
    """Every unit pair's cosine and Dice by ``np.unique`` over the pair keys (how it was first written)."""
    lunit, lstem, ltf = space.entries_left
    runit, rstem, rtf = space.entries_right
    count = space.right_units.count
    lw, rw = ltf * space.idf[lstem], rtf * space.idf[rstem]
    lnorm = np.sqrt(np.bincount(lunit, lw * lw, minlength=space.left_units.count))
    rnorm = np.sqrt(np.bincount(runit, rw * rw, minlength=count))
    lsize = np.bincount(lunit, minlength=space.left_units.count)
    rsize = np.bincount(runit, minlength=count)
    a, b = _join_by_search(lstem, rstem)
    keys, inverse = np.unique(lunit[a] * count + runit[b], return_inverse=True)
    dot = np.bincount(inverse, lw[a] * rw[b], minlength=keys.size)
    shared = np.bincount(inverse, minlength=keys.size)
    ka, kb = keys // count, keys % count
    denominator = lnorm[ka] * rnorm[kb]
    cosine = np.divide(dot, denominator, out=np.zeros(dot.shape), where=denominator > 0)
    return ka, kb, cosine, 2.0 * shared / (lsize[ka] + rsize[kb])


def test_unit_similarities_are_bit_for_bit_those_of_the_plain_formulation_on_every_fixture_pair(
    monkeypatch,
) -> None:
    texts = [features(normalize(path.read_text("utf-8"))) for path in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    compared = 0
    for left, right in itertools.permutations(texts, 2):
        space = make_space(left, right, 10)
        expected = _unit_pairs_by_unique(space)
        tables = space.pairs
        monkeypatch.setattr(space_module, "UNIT_TABLE_CELLS", -(10**9))  # by distinct keys instead
        lists = unit_pairs(space.entries_left, space.entries_right, space.idf, space.left_units.count,
                           space.right_units.count)
        monkeypatch.undo()
        for found in (tables, lists):
            assert found.left.tolist() == expected[0].tolist()
            assert found.right.tolist() == expected[1].tolist()
            assert found.cosine.tobytes() == expected[2].tobytes()
            assert found.dice.tobytes() == expected[3].tobytes()
        compared += int(tables.left.size)
        seeds = unit_seeds(space, min_cosine=0.33, min_dice=0.33, best_ratio=0.8)
        keep = (expected[2] >= 0.33) & (expected[3] >= 0.33)
        assert set(zip(*(s.tolist() for s in seeds), strict=True)) <= set(
            zip(expected[0][keep].tolist(), expected[1][keep].tolist(), strict=True))
    assert compared > 10_000


def _space_by_shared_vocabulary(left, right, unit_words):  # type: ignore[no-untyped-def]
    """Ids, entries and idf from one vocabulary of both texts' stems (how it was first written)."""
    from reuse.align.space import Units, entries

    stems, inverse = np.unique(np.concatenate([left.stems, right.stems]), return_inverse=True)
    vocab = max(int(stems.size), 1)
    left_ids, right_ids = inverse[: left.stems.size], inverse[left.stems.size :]
    lu, ru = Units.over(left_ids.size, unit_words), Units.over(right_ids.size, unit_words)
    el, er = entries(left_ids, lu, vocab), entries(right_ids, ru, vocab)
    df = np.bincount(el[1], minlength=vocab) + np.bincount(er[1], minlength=vocab)
    return left_ids, right_ids, el, er, np.log((lu.count + ru.count) / np.maximum(df, 1))


def _assert_space_is(space, expected) -> None:  # type: ignore[no-untyped-def]
    left_ids, right_ids, el, er, idf = expected
    pairs = [(space.left_ids, left_ids), (space.right_ids, right_ids), (space.idf, idf)]
    pairs += [*zip(space.entries_left, el, strict=True), *zip(space.entries_right, er, strict=True)]
    # the unit pairs joined with each text's own stem order are those of a join that sorts the shared ids
    wanted_pairs = unit_pairs(el, er, idf, space.left_units.count, space.right_units.count)
    names = ("left", "right", "cosine", "dice")
    pairs += [(getattr(space.pairs, name), getattr(wanted_pairs, name)) for name in names]
    for found, wanted in pairs:
        assert found.dtype == wanted.dtype
        assert found.tobytes() == wanted.tobytes()


stem_lists = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=120).map(
    lambda v: np.array(v, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))


@settings(max_examples=300, deadline=None)
@given(stem_lists, stem_lists, st.sampled_from([1, 2, 3, 10]))
def test_a_space_from_each_text_units_computed_once_is_the_space_of_one_shared_vocabulary(
    left_stems: np.ndarray, right_stems: np.ndarray, unit_words: int
) -> None:
    from reuse.align.features import TextFeatures

    def text(stems: np.ndarray) -> TextFeatures:
        return TextFeatures([], np.zeros(0, dtype=np.uint64), np.arange(stems.size), stems)

    left, right = text(left_stems), text(right_stems)
    make_space(left, right, unit_words)  # the per-text parts now come from each text's memo
    space = make_space(left, right, unit_words)
    assert left.memo and right.memo
    _assert_space_is(space, _space_by_shared_vocabulary(left, right, unit_words))


def test_a_space_from_each_text_units_is_that_of_one_shared_vocabulary_on_every_fixture_pair() -> None:
    texts = [features(normalize(path.read_text("utf-8"))) for path in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    for left, right in itertools.permutations(texts, 2):
        _assert_space_is(make_space(left, right, 10), _space_by_shared_vocabulary(left, right, 10))


def test_a_space_without_unit_pairs_has_the_same_ids_and_idf_and_no_pairs() -> None:
    paths = sorted(ALIGN_FIXTURES.glob("*.txt"))[:4]
    texts = [features(normalize(path.read_text("utf-8"))) for path in paths]
    for left, right in itertools.permutations(texts, 2):
        full = make_space(left, right, 10)
        bare = make_space(left, right, 10, pairs=False)
        assert full.pairs.left.size and bare.pairs.left.size == bare.pairs.cosine.size == 0
        for name in ("left_ids", "right_ids", "idf"):
            assert np.array_equal(getattr(full, name), getattr(bare, name))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=-(2**40), max_value=2**40), min_size=1, max_size=60))
def test_the_plain_python_median_is_numpys(values: list[int]) -> None:
    from reuse.align.space import median

    found = median(np.array(values, dtype=np.int64))
    assert type(found) is float and found == float(np.median(np.array(values, dtype=np.int64)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6), max_size=200))
def test_the_norm_without_numpys_wrapper_is_bit_for_bit_numpys(values: list[float]) -> None:
    from reuse.align.space import norm

    vector = np.array(values, dtype=np.float64)
    assert norm(vector) == float(np.linalg.norm(vector))


@settings(max_examples=300, deadline=None)
@given(ids, ids, st.integers(min_value=0, max_value=100))
def test_joining_ids_of_a_known_vocabulary_gives_the_pairs_the_binary_search_gives(
    left: np.ndarray, right: np.ndarray, spare: int
) -> None:
    bound = max([0, *left.tolist(), *right.tolist()]) + 1 + spare
    a, b = join(left, right, bound=bound)
    expected_a, expected_b = _join_by_search(left, right)
    assert a.tolist() == expected_a.tolist() and b.tolist() == expected_b.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e300), min_size=1, max_size=60))
def test_the_plain_python_median_of_non_negative_floats_is_bit_for_bit_numpys(values: list[float]) -> None:
    # (with both 0.0 and -0.0 numpy's partition may pick either zero; window scores are never -0.0)
    from reuse.align.space import median

    found = median(np.array(values, dtype=np.float64))
    assert np.float64(found).tobytes() == np.float64(np.median(np.array(values, dtype=np.float64))).tobytes()


@settings(max_examples=300, deadline=None)
@given(ids, ids, st.sampled_from([0, 1, 64, 65]), st.booleans(), st.booleans())
def test_joining_gives_the_pairs_and_dtypes_of_the_join_before_it_was_made_cheaper(
    left: np.ndarray, right: np.ndarray, crowd: int, with_bound: bool, with_order: bool
) -> None:
    from .space_reference import reference_join

    left = np.concatenate([left, np.full(crowd, 41, dtype=np.intp)])  # small and large products
    right = np.concatenate([right, np.full(crowd, 41, dtype=np.intp)])
    order = right.argsort(kind="stable") if with_order else None
    known = {"bound": 42 if with_bound else None, "order": order}
    found, expected = join(left, right, **known), reference_join(left, right, **known)
    for array, reference in zip(found, expected, strict=True):
        assert array.dtype == reference.dtype and array.tolist() == reference.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-(2**40), max_value=2**40), min_size=65, max_size=400),
       st.lists(st.floats(min_value=0, max_value=1e300), min_size=65, max_size=400))
def test_the_median_of_many_values_selected_by_numpy_is_bit_for_bit_numpys(
    ints: list[int], floats: list[float]
) -> None:
    from reuse.align.space import MEDIAN_BY_SORT, median

    assert len(ints) > MEDIAN_BY_SORT and len(floats) > MEDIAN_BY_SORT
    found = median(np.array(ints, dtype=np.int64))
    assert type(found) is float and found == float(np.median(np.array(ints, dtype=np.int64)))
    found = median(np.array(floats, dtype=np.float64))
    assert np.float64(found).tobytes() == np.float64(np.median(np.array(floats, dtype=np.float64))).tobytes()
