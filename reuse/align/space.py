"""The vector space of the fuzzy and summary paths: units of content-word stems weighted by tf-idf.

Both texts are cut into *units*: windows of ``unit_words`` content words (stopwords left out,
words stemmed) that overlap by half. Every unit is a bag of stems weighted by tf-idf, where the
"documents" of the idf are the units of both texts. Ranges of content words (*tokens*) of the two
texts are compared by the tf-idf cosine of their stems.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reuse.align.features import TextFeatures, per_text


@dataclass(frozen=True, slots=True)
class Units:
    """The unit layout of one text: ``count`` windows of ``size`` tokens every ``stride`` tokens."""

    count: int
    size: int
    stride: int

    @classmethod
    def over(cls, tokens: int, size: int) -> Units:
        """Half-overlapping units covering ``tokens`` tokens (at least one unit)."""
        stride = max(1, size // 2)
        count = max(1, -(-max(tokens - size, 0) // stride) + 1)
        return cls(count, size, stride)

    def tokens(self, first: int, last: int, total: int) -> tuple[int, int]:
        """Token range covered by units ``first`` to ``last`` (inclusive)."""
        return first * self.stride, min(last * self.stride + self.size, total)


def entries(ids: np.ndarray, units: Units, vocab: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct ``(unit, stem)`` entries of a text with their term counts."""
    t = np.arange(ids.size, dtype=np.int64)
    base = t // units.stride
    unit = np.concatenate([base - k for k in range(-(-units.size // units.stride))])
    tok = np.tile(t, -(-units.size // units.stride))
    ok = (unit >= 0) & (unit < units.count) & (tok < unit * units.stride + units.size)
    key, tf = unique_counts(unit[ok] * vocab + ids[tok[ok]])
    return key // vocab, key % vocab, tf.astype(np.float64)


def firsts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts (a boolean mask)."""
    first = np.empty(ordered.size, dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_counts=True)`` by one sort (``np.unique`` is several times slower
    in numpy 2.4); the same arrays."""
    ordered = np.sort(values)
    starts = np.flatnonzero(firsts(ordered))
    return ordered[starts], np.diff(np.append(starts, ordered.size))


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` (of a 1-d array) by one sort; the same arrays."""
    order = np.argsort(values)
    ordered = values[order]
    first = firsts(ordered)
    inverse = np.empty(values.size, dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


MAX_STEM_PAIRS = 4096
"""A value found more than this many times on one side times the other is not joined: such
very frequent stems carry almost no weight and would make the join quadratic."""


def _id_bound(left: np.ndarray, right: np.ndarray) -> int | None:
    """One more than the largest value of two arrays of small non-negative integers (ids of a
    vocabulary), ``None`` when they are not that (or one is empty)."""
    if not (left.size and right.size and left.dtype.kind == "i" and right.dtype.kind == "i"):
        return None
    low, high = min(int(left.min()), int(right.min())), max(int(left.max()), int(right.max()))
    return high + 1 if low >= 0 and high < 4 * (left.size + right.size) + 65536 else None


def join(
    left: np.ndarray, right: np.ndarray, *, bound: int | None = None, order: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)`` with ``left[a] == right[b]``, except for too frequent values;
    ``bound``: a number above every value, when both are ids of a vocabulary of that size (the
    same pairs, without looking at the values first); ``order``: ``right.argsort(kind="stable")``
    when known (kept per text: a strictly rising renumbering of the values keeps it)."""
    if left.size * right.size <= MAX_STEM_PAIRS:  # small: all compared at once (no value is too frequent)
        a, b = np.nonzero(left[:, None] == right[None, :])  # by a, then b: as the stable order
        return a, b
    order = right.argsort(kind="stable") if order is None else order
    if bound is None or not (left.size and right.size):
        bound = _id_bound(left, right)
    if bound is not None:  # vocabulary ids: counted by bincount, no search (the same pairs)
        right_counts = np.bincount(right, minlength=bound)
        lo = (np.cumsum(right_counts) - right_counts)[left]
        too_many = np.bincount(left, minlength=bound) * right_counts > MAX_STEM_PAIRS
        counts = np.where(too_many, 0, right_counts)[left]
    else:
        lo = np.searchsorted(right[order], left, side="left")
        counts = np.searchsorted(right[order], left, side="right") - lo
    if bound is None and counts.size:
        _, inverse, left_counts = np.unique(left, return_inverse=True, return_counts=True)
        counts = np.where(left_counts[inverse.reshape(-1)] * counts > MAX_STEM_PAIRS, 0, counts)
    ends = np.cumsum(counts)
    shift = np.repeat(lo - ends + counts, counts)  # each pair's place in ``order``, less its own
    a = np.repeat(np.arange(left.size, dtype=np.int64), counts)
    return a, order[np.arange(int(ends[-1]), dtype=np.int64) + shift]


@dataclass(frozen=True, slots=True)
class UnitPairs:
    """Every pair of units (one of each text) that share a stem, by left then right unit: their
    tf-idf ``cosine`` and the ``dice`` coefficient of their sets of stems. The fuzzy and summary
    paths pick their seeds from these with their own thresholds."""

    left: np.ndarray
    right: np.ndarray
    cosine: np.ndarray
    dice: np.ndarray


@dataclass(frozen=True, slots=True)
class Space:
    """Both texts' content words as ids in one shared stem vocabulary, with idf weights, and the
    similarity of the units that share a stem; ``left_map`` and ``right_map``: the shared id of each
    stem of a text's own vocabulary (:class:`TextUnits`), rising with it."""

    left_ids: np.ndarray
    right_ids: np.ndarray
    idf: np.ndarray
    left_units: Units
    right_units: Units
    entries_left: tuple[np.ndarray, np.ndarray, np.ndarray]
    entries_right: tuple[np.ndarray, np.ndarray, np.ndarray]
    pairs: UnitPairs
    left_map: np.ndarray
    right_map: np.ndarray


@dataclass(frozen=True, slots=True)
class TextUnits:
    """One text's side of a :class:`Space`, in its own vocabulary (computed once per text): its
    distinct stems in order, each content word's index among them, its units and their entries
    (unit, index of the stem among the text's own, term count), and the stable order of the entries by
    stem (the same in the shared vocabulary, whose numbering of the text's stems rises with its own)."""

    vocab: np.ndarray
    ids: np.ndarray
    units: Units
    entries: tuple[np.ndarray, np.ndarray, np.ndarray]
    stem_order: np.ndarray


def text_units(text: TextFeatures, unit_words: int) -> TextUnits:
    """The :class:`TextUnits` of a text (from its memo when derived before)."""

    def compute(text: TextFeatures) -> TextUnits:
        vocab, ids = unique_inverse(text.stems)
        units = Units.over(ids.size, unit_words)
        found = entries(ids, units, max(int(vocab.size), 1))
        return TextUnits(vocab, ids, units, found, found[1].argsort(kind="stable"))

    return per_text(text, ("units", unit_words), compute)


def make_space(left: TextFeatures, right: TextFeatures, unit_words: int, *, pairs: bool = True) -> Space:
    """The shared vocabulary, units, unit entries and idf of two texts (and their unit pairs, or none
    when ``pairs`` is false: what only compares pieces of the texts needs no join).

    Each text's entries are computed once (:func:`text_units`) in its own vocabulary; its stems'
    places in the shared, sorted vocabulary rise with their places in the text's own, so the
    entries renumbered keep their order: the arrays are those computed from the shared ids."""
    lt, rt = text_units(left, unit_words), text_units(right, unit_words)
    stems = np.concatenate([lt.vocab, rt.vocab])
    stems.sort()
    stems = stems[firsts(stems)]
    vocab = max(int(stems.size), 1)
    lmap, rmap = stems.searchsorted(lt.vocab), stems.searchsorted(rt.vocab)
    left_ids, right_ids = lmap[lt.ids], rmap[rt.ids]
    lu, ru = lt.units, rt.units
    el = (lt.entries[0], lmap[lt.entries[1]], lt.entries[2])
    er = (rt.entries[0], rmap[rt.entries[1]], rt.entries[2])
    df = np.bincount(el[1], minlength=vocab) + np.bincount(er[1], minlength=vocab)
    idf = np.log((lu.count + ru.count) / np.maximum(df, 1))
    none = np.zeros(0, dtype=np.int64)
    joined = (
        unit_pairs(el, er, idf, lu.count, ru.count, right_order=rt.stem_order)
        if pairs
        else UnitPairs(none, none, np.zeros(0), np.zeros(0))
    )
    return Space(left_ids, right_ids, idf, lu, ru, el, er, joined, lmap, rmap)


UNIT_TABLE_CELLS = 65536
"""Unit pairs of two texts summed in a table of every unit pair when there are no more than this many
(plus four per stem match); more (long texts) are gathered by their distinct keys: the same sums."""


def unit_pairs(
    entries_left: tuple[np.ndarray, np.ndarray, np.ndarray],
    entries_right: tuple[np.ndarray, np.ndarray, np.ndarray],
    idf: np.ndarray,
    left_count: int,
    right_count: int,
    *,
    right_order: np.ndarray | None = None,
) -> UnitPairs:
    """The :class:`UnitPairs` of two texts' unit entries, computed sparsely from a join of the
    entries on the stem: no loop over unit pairs (``right_order``: the right entries' stable order
    by stem, when known; see :func:`join`)."""
    lunit, lstem, ltf = entries_left
    runit, rstem, rtf = entries_right
    if lunit.size == 0 or runit.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return UnitPairs(empty, empty, np.zeros(0), np.zeros(0))
    lw, rw = ltf * idf[lstem], rtf * idf[rstem]
    lnorm = np.sqrt(np.bincount(lunit, lw * lw, minlength=left_count))
    rnorm = np.sqrt(np.bincount(runit, rw * rw, minlength=right_count))
    lsize = np.bincount(lunit, minlength=left_count)
    rsize = np.bincount(runit, minlength=right_count)
    a, b = join(lstem, rstem, bound=idf.size, order=right_order)
    key = lunit[a] * right_count + runit[b]
    if left_count * right_count <= 4 * key.size + UNIT_TABLE_CELLS:  # products summed straight into a table
        table_dot = np.bincount(key, lw[a] * rw[b], minlength=left_count * right_count)
        table_shared = np.bincount(key, minlength=left_count * right_count)
        keys = np.flatnonzero(table_shared)
        dot, shared = table_dot[keys], table_shared[keys]
    else:
        keys, inverse = unique_inverse(key)
        dot = np.bincount(inverse, lw[a] * rw[b], minlength=keys.size)
        shared = np.bincount(inverse, minlength=keys.size)
    ka, kb = np.divmod(keys, right_count)
    denominator = lnorm[ka] * rnorm[kb]
    cosine = np.divide(dot, denominator, out=np.zeros(dot.shape), where=denominator > 0)
    dice = 2.0 * shared / (lsize[ka] + rsize[kb])
    return UnitPairs(ka, kb, cosine, dice)


MEDIAN_BY_SORT = 64
"""Most values :func:`median` sorts in plain Python (fewer numpy calls); more are selected by numpy."""


def median(values: np.ndarray) -> float:
    """``float(np.median(values))`` of a non-empty 1-d array of integers (below 2**53) or of finite
    floats that are not -0.0 (numpy may pick either zero), in plain Python: the middle value, or the
    mean of the two middle values, the same ``(a + b) / 2`` numpy computes (its per-call cost
    dominated); more than ``MEDIAN_BY_SORT`` values by selection (``np.partition``: the same middle
    values, without sorting all of them)."""
    if values.size > MEDIAN_BY_SORT:
        middle = values.size // 2
        if values.size % 2:
            return float(np.partition(values, middle)[middle])
        part = np.partition(values, (middle - 1, middle))
        return (float(part[middle - 1]) + float(part[middle])) / 2
    ordered = sorted(values.tolist())
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (float(ordered[middle - 1]) + float(ordered[middle])) / 2


def norm(vector: np.ndarray) -> float:
    """``float(np.linalg.norm(vector))`` of a 1-d float64 vector without its per-call overhead: the
    same ``sqrt(vector.dot(vector))`` numpy computes (both square roots are correctly rounded)."""
    return math.sqrt(float(vector.dot(vector)))


def range_cosine(space: Space, lt: tuple[int, int], rt: tuple[int, int]) -> float:
    """tf-idf cosine between left tokens ``lt`` and right tokens ``rt`` (half-open ranges)."""
    vocab = space.idf.size
    lv = np.bincount(space.left_ids[lt[0] : lt[1]], minlength=vocab) * space.idf
    rv = np.bincount(space.right_ids[rt[0] : rt[1]], minlength=vocab) * space.idf
    denominator = norm(lv) * norm(rv)
    return float(lv @ rv) / denominator if denominator > 0 else 0.0


def masked_cosine(space: Space, left: np.ndarray, right: np.ndarray) -> float:
    """tf-idf cosine between the left tokens and the right tokens selected by boolean masks."""
    vocab = space.idf.size
    lv = np.bincount(space.left_ids[left], minlength=vocab) * space.idf
    rv = np.bincount(space.right_ids[right], minlength=vocab) * space.idf
    denominator = norm(lv) * norm(rv)
    return float(lv @ rv) / denominator if denominator > 0 else 0.0


EXTENSION_MIN_TOKENS = 3
"""Fewest content words on each side for the text beyond a verbatim copy to count as reworded
copying rather than text that merely lies next to the copy."""


def similar_pieces(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    lw: tuple[int, int],
    rw: tuple[int, int],
    min_cosine: float,
) -> bool:
    """Whether left words ``lw`` and right words ``rw`` (half-open ranges) have at least
    ``EXTENSION_MIN_TOKENS`` content words each and a tf-idf cosine of at least ``min_cosine``."""
    lt = (int(np.searchsorted(lf.content, lw[0])), int(np.searchsorted(lf.content, lw[1])))
    rt = (int(np.searchsorted(rf.content, rw[0])), int(np.searchsorted(rf.content, rw[1])))
    if min(lt[1] - lt[0], rt[1] - rt[0]) < EXTENSION_MIN_TOKENS:
        return False
    return range_cosine(space, lt, rt) >= min_cosine
