"""Fuzzy (paraphrase) seeding and extension for the aligner.

Both texts are cut into *units*: windows of ``unit_words`` content words (stopwords left out,
words stemmed) that overlap by half. Every unit is a bag of stems weighted by tf-idf, where the
"documents" of the idf are the units of both texts. A pair of units is a *seed* when its
tf-idf cosine and its Dice coefficient (on the sets of stems) both reach their thresholds. The
whole unit x unit similarity is computed at once, sparsely, from a join of the two texts' (unit,
stem) entries on the stem: no loop over unit pairs.

Seeds are then clustered (split alternately on each side wherever consecutive seeds are more
than a gap apart); where a unit of a cluster is paired with several places of the other text
(a sentence a page repeats), only the pairs near the cluster's middle stay. Each cluster is
checked with the tf-idf cosine of its two whole regions (retried with a smaller gap if it
fails), and its ends are trimmed to the first and last content words that the other side also
has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import LCSseq

from reuse._align_text import TextFeatures


@dataclass(frozen=True, slots=True)
class FuzzyParams:
    """The fuzzy path's parameters (see ``AlignOptions`` for their meaning)."""

    unit_words: int
    min_cosine: float
    min_dice: float
    max_gap_units: int
    min_fragment_cosine: float
    trim_reach: int
    trim_support: int
    best_ratio: float
    short_fragment_cosine: float = 0.0
    short_fragment_order: int = 0
    ordered_cosine: float = 1.0
    ordered_share: float = 2.0


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


def split_clusters(
    i: np.ndarray, j: np.ndarray, gap: int, members: np.ndarray | None = None, gap_right: int | None = None
) -> list[np.ndarray]:
    """Clusters of points ``(i, j)`` that stay together when split alternately on each side.

    A cluster is split wherever two consecutive points (sorted on one side) are more than ``gap``
    apart on that side (``gap_right`` on the right side, if given); splitting goes on,
    alternating sides, until no cluster splits.
    """
    gaps = (gap, gap if gap_right is None else gap_right)
    done: list[np.ndarray] = []
    if i.size == 0 or (members is not None and members.size == 0):
        return done
    pending = [(np.arange(i.size) if members is None else members, 0, False)]
    while pending:
        group, side, other_stable = pending.pop()
        values = i if side == 0 else j
        ordered = group[np.argsort(values[group], kind="stable")]
        cuts = np.flatnonzero(np.diff(values[ordered]) > gaps[side]) + 1
        if cuts.size == 0:
            if other_stable:
                done.append(ordered)
            else:
                pending.append((ordered, 1 - side, True))
            continue
        pending.extend((part, 1 - side, False) for part in np.split(ordered, cuts))
    return done


def _entries(ids: np.ndarray, units: Units, vocab: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def _join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
    el, er = _entries(left_ids, lu, vocab), _entries(right_ids, ru, vocab)
    df = np.bincount(el[1], minlength=vocab) + np.bincount(er[1], minlength=vocab)
    idf = np.log((lu.count + ru.count) / np.maximum(df, 1))
    return Space(left_ids, right_ids, idf, lu, ru, el, er)


def unit_seeds(space: Space, params: FuzzyParams) -> tuple[np.ndarray, np.ndarray]:
    """Unit pairs ``(a, b)`` whose cosine and Dice both reach their thresholds."""
    lunit, lstem, ltf = space.entries_left
    runit, rstem, rtf = space.entries_right
    if lunit.size == 0 or runit.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    lw, rw = ltf * space.idf[lstem], rtf * space.idf[rstem]
    lnorm = np.sqrt(np.bincount(lunit, lw * lw, minlength=space.left_units.count))
    rnorm = np.sqrt(np.bincount(runit, rw * rw, minlength=space.right_units.count))
    lsize = np.bincount(lunit, minlength=space.left_units.count)
    rsize = np.bincount(runit, minlength=space.right_units.count)
    a, b = _join(lstem, rstem)
    keys, inverse = np.unique(lunit[a] * space.right_units.count + runit[b], return_inverse=True)
    dot = np.bincount(inverse, lw[a] * rw[b], minlength=keys.size)
    shared = np.bincount(inverse, minlength=keys.size)
    ka, kb = keys // space.right_units.count, keys % space.right_units.count
    denominator = lnorm[ka] * rnorm[kb]
    cosine = np.divide(dot, denominator, out=np.zeros(dot.shape), where=denominator > 0)
    dice = 2.0 * shared / (lsize[ka] + rsize[kb])
    keep = (cosine >= params.min_cosine) & (dice >= params.min_dice)
    ka, kb, cosine = ka[keep], kb[keep], cosine[keep]
    if params.best_ratio > 0 and ka.size:
        row = np.zeros(space.left_units.count)
        col = np.zeros(space.right_units.count)
        np.maximum.at(row, ka, cosine)
        np.maximum.at(col, kb, cosine)
        best = (cosine >= params.best_ratio * row[ka]) & (cosine >= params.best_ratio * col[kb])
        ka, kb = ka[best], kb[best]
    return ka, kb


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


def trim(
    space: Space, lt: tuple[int, int], rt: tuple[int, int], reach: int = 6, support: int = 2
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Token ranges cut to the supported matches: a match (a content word found on both sides)
    is supported when at least ``support`` other matches lie within ``reach`` tokens of it on
    both sides. Returns ``None`` when no match is supported."""
    lids, rids = space.left_ids[lt[0] : lt[1]], space.right_ids[rt[0] : rt[1]]
    i, j = _join(lids, rids)
    if i.size == 0:
        return None
    supported = _neighbours(i, j, reach) - 1 >= support
    if not supported.any():
        return None
    i, j = i[supported], j[supported]
    return (lt[0] + int(i.min()), lt[0] + int(i.max()) + 1), (rt[0] + int(j.min()), rt[0] + int(j.max()) + 1)


def _neighbours(i: np.ndarray, j: np.ndarray, reach: int) -> np.ndarray:
    """For each point ``(i[k], j[k])`` (all distinct), how many points lie within ``reach`` of
    it on both axes, itself included: one binary search per row of the square on sorted
    ``i * width + j`` keys, so time is O(n log n) and memory O(n) however many points share a
    row (a long or repetitive text has thousands of matches per row: listing every neighbour in
    the row first took 4 GB for two copies of a 500 kB text)."""
    width = int(j.max()) + 2 * reach + 2
    keys = np.sort(i * width + j + reach)
    counts = np.zeros(i.size, dtype=np.int64)
    for d in range(-reach, reach + 1):
        row = (i + d) * width
        counts += np.searchsorted(keys, row + j + 2 * reach, side="right")
        counts -= np.searchsorted(keys, row + j, side="left")
    return counts


def in_order(space: Space, lt: tuple[int, int], rt: tuple[int, int]) -> int:
    """How many content words the two token ranges share in the same order (the length of the
    longest common subsequence of their stems)."""
    return int(
        LCSseq.similarity(space.left_ids[lt[0] : lt[1]].tolist(), space.right_ids[rt[0] : rt[1]].tolist())
    )


REPEAT_REACH_UNITS = 4
"""Units a seed may lie from its unit's seed nearest the cluster's middle and still be kept."""


def _nearest_repeats(a: np.ndarray, b: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Seeds of ``members`` without the far copies of repeated text: where a unit is paired
    with several units of the other text, only the pairs nearest the cluster's middle (the
    median unit on that side) are kept (a sentence a page repeats must not stretch a passage
    over everything between its copies)."""
    if members.size < 3:
        return members
    for this, other in ((a, b), (b, a)):
        middle = float(np.median(other[members]))
        distance = np.abs(other[members] - middle)
        order = np.lexsort((distance, this[members]))
        ranked = members[order]
        first = np.concatenate(([True], np.diff(this[ranked]) != 0))
        counts = np.diff(np.append(np.flatnonzero(first), ranked.size))
        nearest = np.repeat(other[ranked][first], counts)
        members = ranked[np.abs(other[ranked] - nearest) <= REPEAT_REACH_UNITS]
    return np.sort(members)


def fuzzy_fragments(
    space: Space,
    params: FuzzyParams,
    word_order: Callable[[tuple[int, int], tuple[int, int]], float] | None = None,
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Verified fuzzy fragments as ``(left tokens, right tokens, cosine)``.

    A cluster whose cosine falls short of ``min_fragment_cosine`` but reaches
    ``ordered_cosine`` is still kept when ``word_order`` (the share of the words of its trimmed
    regions, stopwords included, that the two sides have in the same order) reaches
    ``ordered_share``: scrambled copies keep their little words in place.
    """
    a, b = unit_seeds(space, params)
    if a.size == 0:
        return []

    def in_word_order(trimmed: tuple[tuple[int, int], tuple[int, int]]) -> bool:
        return word_order is not None and word_order(*trimmed) >= params.ordered_share

    found = []
    pending = [(members, params.max_gap_units) for members in split_clusters(a, b, params.max_gap_units)]
    while pending:
        members, gap = pending.pop()
        members = _nearest_repeats(a, b, members)
        lt = space.left_units.tokens(int(a[members].min()), int(a[members].max()), space.left_ids.size)
        rt = space.right_units.tokens(int(b[members].min()), int(b[members].max()), space.right_ids.size)
        cosine = range_cosine(space, lt, rt)
        if cosine >= params.min_fragment_cosine:
            trimmed = trim(space, lt, rt, params.trim_reach, params.trim_support)
            if trimmed is not None and (
                min(trimmed[0][1] - trimmed[0][0], trimmed[1][1] - trimmed[1][0]) >= 2 * params.unit_words
                or cosine >= params.short_fragment_cosine
                or (
                    params.short_fragment_order > 0
                    and in_order(space, *trimmed) >= params.short_fragment_order
                )
                or in_word_order(trimmed)
            ):
                found.append((trimmed[0], trimmed[1], cosine))
            continue
        if cosine >= params.ordered_cosine:
            trimmed = trim(space, lt, rt, params.trim_reach, params.trim_support)
            if trimmed is not None and in_word_order(trimmed):
                found.append((trimmed[0], trimmed[1], cosine))
                continue
        if gap > 0 and members.size > 1:
            smaller = gap // 2
            pending.extend((part, smaller) for part in split_clusters(a, b, smaller, members))
    return found


def summary_fragments(
    space: Space,
    min_cosine: float,
    min_dice: float,
    gap_units: int,
    min_fragment_cosine: float,
    min_ratio: float,
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Fragments where a short left passage summarises a much longer right passage.

    Weaker unit seeds are clustered with ``gap_units`` on the left and no gap limit on the right;
    a cluster is kept when its right side is at least ``min_ratio`` times its left side and the
    two regions' cosine reaches ``min_fragment_cosine``.
    """
    params = FuzzyParams(
        space.left_units.size, min_cosine, min_dice, gap_units, min_fragment_cosine, 0, 0, 0.0
    )
    a, b = unit_seeds(space, params)
    found = []
    for members in split_clusters(a, b, gap_units, gap_right=space.right_units.count):
        if members.size < 2:
            continue
        lt = space.left_units.tokens(int(a[members].min()), int(a[members].max()), space.left_ids.size)
        rt = space.right_units.tokens(int(b[members].min()), int(b[members].max()), space.right_ids.size)
        if rt[1] - rt[0] < min_ratio * (lt[1] - lt[0]):
            continue
        cosine = range_cosine(space, lt, rt)
        if cosine >= min_fragment_cosine:
            found.append((lt, rt, cosine))
    return found


def document_summary(
    space: Space, ratios: tuple[float, ...], min_window: int, max_window: int
) -> tuple[tuple[int, int], float, float, float, float] | None:
    """The left window (content-word tokens) most similar to the *whole* right text, with its
    tf-idf cosine, among windows of ``right tokens / ratio`` tokens for each ratio, and the
    lowest cosine of that window with any quarter of the right text (a summary draws on all
    of it; a copied passage or a topic match on a part), and how far the best window's
    (estimated) cosine stands above the median window's (a text merely on the source's topic
    is about as similar everywhere), and that median window's (estimated) cosine.

    Windows are scored at every start with prefix sums (the window norm counts repeated stems
    as distinct, a slight underestimate of the cosine's denominator for repeats); the best is
    rescored exactly. ``None`` when the left text is too short for any window.
    """
    n_left, n_right = space.left_ids.size, space.right_ids.size
    if n_right == 0:
        return None
    whole = np.bincount(space.right_ids, minlength=space.idf.size) * space.idf
    whole_norm = float(np.linalg.norm(whole))
    if whole_norm == 0:
        return None
    idf = space.idf[space.left_ids]
    dot = np.concatenate(([0.0], np.cumsum(idf * whole[space.left_ids])))
    sq = np.concatenate(([0.0], np.cumsum(idf * idf)))
    best: tuple[float, int, int, float] | None = None
    for ratio in ratios:
        size = int(n_right / ratio)
        if size < min_window or size > min(n_left, max_window):
            continue
        d = dot[size:] - dot[:-size]
        q = np.sqrt(np.maximum(sq[size:] - sq[:-size], 1e-12))
        score = d / (q * whole_norm)
        k = int(np.argmax(score))
        if best is None or score[k] > best[0]:
            best = (float(score[k]), k, k + size, float(np.median(score)))
    if best is None:
        return None
    lt = (best[1], best[2])
    quarters = min(range_cosine(space, lt, (n_right * k // 4, n_right * (k + 1) // 4)) for k in range(4))
    return lt, range_cosine(space, lt, (0, n_right)), quarters, best[0] - best[3], best[3]


def best_window(
    space: Space, starts: np.ndarray, stops: np.ndarray, min_size: int, max_size: int
) -> tuple[int, int] | None:
    """Among left windows ``[start, stop)`` (content-word tokens) with a start from ``starts``,
    a stop from ``stops`` and between ``min_size`` and ``max_size`` tokens, the one with the
    highest tf-idf cosine with the whole right text (``None`` when there is none).

    All candidates are scored at once from per-candidate prefix counts: no loop over pairs.
    """
    if starts.size == 0 or stops.size == 0:
        return None
    whole = np.bincount(space.right_ids, minlength=space.idf.size) * space.idf
    positions = np.unique(np.concatenate([starts, stops]))
    # the stems of the span the windows can cover, renumbered: arrays stay candidates^2 x span
    lo, hi = int(positions[0]), int(positions[-1])
    stems, local = np.unique(space.left_ids[lo:hi], return_inverse=True)
    # prefix term counts at each candidate position: prefix[k] = counts of left_ids[lo:positions[k]]
    onehot = np.zeros((positions.size, stems.size))
    segment = np.searchsorted(positions, np.arange(lo, hi), side="right")
    np.add.at(onehot, (segment, local.reshape(-1)), 1.0)
    prefix = np.cumsum(onehot, axis=0)
    a, b = np.searchsorted(positions, starts), np.searchsorted(positions, stops)
    windows = (prefix[b][None, :, :] - prefix[a][:, None, :]) * space.idf[stems]
    size = stops[None, :] - starts[:, None]
    norm = np.linalg.norm(windows, axis=2) * float(np.linalg.norm(whole))
    score = np.divide(windows @ whole[stems], norm, out=np.zeros(size.shape), where=norm > 0)
    score = np.where((size >= min_size) & (size <= max_size), score, -1.0)
    k = int(np.argmax(score))
    if score.flat[k] < 0:
        return None
    i, j = divmod(k, stops.size)
    return int(starts[i]), int(stops[j])
