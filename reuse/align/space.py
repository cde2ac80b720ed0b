"""The vector space of the fuzzy and summary paths: units of content-word stems weighted by tf-idf.

Both texts are cut into *units*: windows of ``unit_words`` content words (stopwords left out,
words stemmed) that overlap by half. Every unit is a bag of stems weighted by tf-idf, where the
"documents" of the idf are the units of both texts. Ranges of content words (*tokens*) of the two
texts are compared by the tf-idf cosine of their stems.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reuse.align.features import TextFeatures


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
    key, tf = np.unique(unit[ok] * vocab + ids[tok[ok]], return_counts=True)
    return key // vocab, key % vocab, tf.astype(np.float64)


MAX_STEM_PAIRS = 4096
"""A value found more than this many times on one side times the other is not joined: such
very frequent stems carry almost no weight and would make the join quadratic."""


def join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)`` with ``left[a] == right[b]``, except for too frequent values."""
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


@dataclass(frozen=True, slots=True)
class Space:
    """Both texts' content words as ids in one shared stem vocabulary, with idf weights."""

    left_ids: np.ndarray
    right_ids: np.ndarray
    idf: np.ndarray
    left_units: Units
    right_units: Units
    entries_left: tuple[np.ndarray, np.ndarray, np.ndarray]
    entries_right: tuple[np.ndarray, np.ndarray, np.ndarray]


def make_space(left: TextFeatures, right: TextFeatures, unit_words: int) -> Space:
    """The shared vocabulary, units, unit entries and idf of two texts."""
    stems, inverse = np.unique(np.concatenate([left.stems, right.stems]), return_inverse=True)
    vocab = max(int(stems.size), 1)
    left_ids, right_ids = inverse[: left.stems.size], inverse[left.stems.size :]
    lu = Units.over(left_ids.size, unit_words)
    ru = Units.over(right_ids.size, unit_words)
    el, er = entries(left_ids, lu, vocab), entries(right_ids, ru, vocab)
    df = np.bincount(el[1], minlength=vocab) + np.bincount(er[1], minlength=vocab)
    idf = np.log((lu.count + ru.count) / np.maximum(df, 1))
    return Space(left_ids, right_ids, idf, lu, ru, el, er)


def range_cosine(space: Space, lt: tuple[int, int], rt: tuple[int, int]) -> float:
    """tf-idf cosine between left tokens ``lt`` and right tokens ``rt`` (half-open ranges)."""
    vocab = space.idf.size
    lv = np.bincount(space.left_ids[lt[0] : lt[1]], minlength=vocab) * space.idf
    rv = np.bincount(space.right_ids[rt[0] : rt[1]], minlength=vocab) * space.idf
    denominator = float(np.linalg.norm(lv) * np.linalg.norm(rv))
    return float(lv @ rv) / denominator if denominator > 0 else 0.0


def masked_cosine(space: Space, left: np.ndarray, right: np.ndarray) -> float:
    """tf-idf cosine between the left tokens and the right tokens selected by boolean masks."""
    vocab = space.idf.size
    lv = np.bincount(space.left_ids[left], minlength=vocab) * space.idf
    rv = np.bincount(space.right_ids[right], minlength=vocab) * space.idf
    denominator = float(np.linalg.norm(lv) * np.linalg.norm(rv))
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
