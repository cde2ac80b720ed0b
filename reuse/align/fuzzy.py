"""The fuzzy (paraphrase) path: unit seeds, clustered, verified, trimmed and extended.

Units (:mod:`reuse.align.space`) are compared all at once: a pair of units is a *seed* when its
tf-idf cosine and its Dice coefficient (on the sets of stems) both reach their thresholds. The
whole unit x unit similarity is computed sparsely, from a join of the two texts' (unit, stem)
entries on the stem: no loop over unit pairs.

Seeds are then clustered (split alternately on each side wherever consecutive seeds are more
than a gap apart); where a unit of a cluster is paired with several places of the other text
(a sentence a page repeats), only the pairs near the cluster's middle stay. Each cluster is
checked with the tf-idf cosine of its two whole regions (retried with a smaller gap if it
fails), and its ends are trimmed to the first and last content words that the other side also
has. The fragments found are then extended word by word while the words beyond keep matching in
order (:func:`extend_matching`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rapidfuzz.distance import LCSseq

from reuse.align.exact import split_clusters
from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment, fragment_of
from reuse.align.similarity import order_share, order_share_between_runs
from reuse.align.space import Space, firsts, join, median, range_cosine
from reuse.settings import FuzzyOptions


def unit_seeds(
    space: Space, *, min_cosine: float, min_dice: float, best_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """Unit pairs ``(a, b)`` whose cosine and Dice reach ``min_cosine`` and ``min_dice``; with a
    ``best_ratio`` above 0, only those reaching that share of the best cosine of both units."""
    pairs = space.pairs
    keep = (pairs.cosine >= min_cosine) & (pairs.dice >= min_dice)
    ka, kb, cosine = pairs.left[keep], pairs.right[keep], pairs.cosine[keep]
    if best_ratio > 0 and ka.size:
        row = np.zeros(space.left_units.count)
        col = np.zeros(space.right_units.count)
        np.maximum.at(row, ka, cosine)
        np.maximum.at(col, kb, cosine)
        best = (cosine >= best_ratio * row[ka]) & (cosine >= best_ratio * col[kb])
        ka, kb = ka[best], kb[best]
    return ka, kb


def trim(
    space: Space, lt: tuple[int, int], rt: tuple[int, int], *, reach: int = 6, support: int = 2
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Token ranges cut to the supported matches: a match (a content word found on both sides)
    is supported when at least ``support`` other matches lie within ``reach`` tokens of it on
    both sides. Returns ``None`` when no match is supported."""
    lids, rids = space.left_ids[lt[0] : lt[1]], space.right_ids[rt[0] : rt[1]]
    i, j = join(lids, rids, bound=space.idf.size)
    if i.size == 0:
        return None
    supported = neighbours(i, j, reach) - 1 >= support
    if not supported.any():
        return None
    i, j = i[supported], j[supported]
    return (lt[0] + int(i.min()), lt[0] + int(i.max()) + 1), (rt[0] + int(j.min()), rt[0] + int(j.max()) + 1)


def neighbours(i: np.ndarray, j: np.ndarray, reach: int) -> np.ndarray:
    """For each point ``(i[k], j[k])`` (all distinct), how many points lie within ``reach`` of
    it on both axes, itself included: one binary search per row of the square on sorted
    ``i * width + j`` keys, so time is O(n log n) and memory O(n) however many points share a
    row (a long or repetitive text has thousands of matches per row: listing every neighbour in
    the row first took 4 GB for two copies of a 500 kB text). Up to ``NEIGHBOUR_SMALL`` points (most
    calls: a handful) are compared pairwise instead, the same counts without the searches' overhead."""
    if i.size <= NEIGHBOUR_SMALL:
        near = (np.abs(i[:, None] - i[None, :]) <= reach) & (np.abs(j[:, None] - j[None, :]) <= reach)
        small: np.ndarray = near.sum(axis=1, dtype=np.int64)
        return small
    width = int(j.max()) + 2 * reach + 2
    keys = np.sort(i * width + j + reach)
    counts = np.zeros(i.size, dtype=np.int64)
    rows = np.arange(-reach, reach + 1, dtype=np.int64) * width  # every row of the square at once,
    for start in range(0, i.size, NEIGHBOUR_BLOCK):  # in blocks of points, so memory stays O(n)
        block = slice(start, start + NEIGHBOUR_BLOCK)
        corner = (i[block] * width + j[block])[:, None] + rows
        above = np.searchsorted(keys, corner + 2 * reach, side="right")
        counts[block] = (above - np.searchsorted(keys, corner, side="left")).sum(axis=1)
    return counts


NEIGHBOUR_BLOCK = 4096
"""Points whose neighbours :func:`neighbours` counts in one step."""
NEIGHBOUR_SMALL = 128
"""Most points :func:`neighbours` compares pairwise (a square of this many booleans, squared)."""


def in_order(space: Space, lt: tuple[int, int], rt: tuple[int, int]) -> int:
    """How many content words the two token ranges share in the same order (the length of the
    longest common subsequence of their stems)."""
    return int(
        LCSseq.similarity(space.left_ids[lt[0] : lt[1]].tolist(), space.right_ids[rt[0] : rt[1]].tolist())
    )


REPEAT_REACH_UNITS = 4
"""Units a seed may lie from its unit's seed nearest the cluster's middle and still be kept."""


def nearest_repeats(a: np.ndarray, b: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Seeds of ``members`` without the far copies of repeated text: where a unit is paired
    with several units of the other text, only the pairs nearest the cluster's middle (the
    median unit on that side) are kept (a sentence a page repeats must not stretch a passage
    over everything between its copies)."""
    if members.size < 3:
        return members
    if members.size <= REPEATS_BY_LISTS and _close_repeats(a[members].tolist(), b[members].tolist()):
        return np.sort(members)
    for this, other in ((a, b), (b, a)):
        middle = median(other[members])
        distance = np.abs(other[members] - middle)
        order = np.lexsort((distance, this[members]))
        ranked = members[order]
        first = firsts(this[ranked])  # where each unit's seeds start
        nearest = other[ranked][first][np.cumsum(first) - 1]
        members = ranked[np.abs(other[ranked] - nearest) <= REPEAT_REACH_UNITS]
    return np.sort(members)


REPEATS_BY_LISTS = 32
"""Most seeds :func:`nearest_repeats` first looks at in plain Python (most clusters: a handful)."""


def _close_repeats(a: list[int], b: list[int]) -> bool:
    """Whether every unit of either side is paired only with units of the other side at most
    ``REPEAT_REACH_UNITS`` apart. Then :func:`nearest_repeats` keeps every seed (each lies that close to
    its unit's seed nearest the middle, whichever it is), on both sides, so it gives them all, sorted."""
    for this, other in ((a, b), (b, a)):
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        for t, o in zip(this, other, strict=True):
            if o < low.setdefault(t, o):
                low[t] = o
            if o > high.setdefault(t, o):
                high[t] = o
        if any(high[t] - low[t] > REPEAT_REACH_UNITS for t in low):
            return False
    return True


Ranges = tuple[tuple[int, int], tuple[int, int]]
"""A pair of half-open token ranges, left then right."""


def fuzzy_fragments(
    space: Space,
    opts: FuzzyOptions,
    word_order: Callable[[tuple[int, int], tuple[int, int]], float] | None = None,
    between_runs: Callable[[tuple[int, int], tuple[int, int]], float] | None = None,
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Verified fuzzy fragments as ``(left tokens, right tokens, cosine)``.

    A cluster whose cosine falls short of ``min_fragment_cosine`` but reaches
    ``ordered_fragment_cosine`` is still kept when ``word_order`` (the share of the words of its trimmed
    regions, stopwords included, that the two sides have in the same order) reaches
    ``ordered_fragment_share``: scrambled copies keep their little words in place. Given
    ``between_runs`` (that share counted outside the runs of identical words the two sides share),
    such a cluster also needs ``BETWEEN_RUNS_SHARE`` of ``ordered_fragment_share`` there: a scrambled
    copy keeps words in place between its unchanged runs too, while two texts on one subject that name
    the same committee or air base share those names and little in between.
    """
    a, b = unit_seeds(
        space, min_cosine=opts.unit_min_cosine, min_dice=opts.unit_min_dice, best_ratio=opts.unit_best_ratio
    )
    if a.size == 0:
        return []
    max_gap_units = opts.unit_gap_words // space.left_units.stride

    def in_word_order(trimmed: Ranges) -> bool:
        return word_order is not None and word_order(*trimmed) >= opts.ordered_fragment_share

    found = []
    # clusters split from one another may span the same ranges again: their cosine and trim once
    cosines: dict[Ranges, float] = {}
    trims: dict[Ranges, Ranges | None] = {}

    def trimmed_of(lt: tuple[int, int], rt: tuple[int, int]) -> Ranges | None:
        if (lt, rt) not in trims:
            trims[lt, rt] = trim(space, lt, rt, reach=opts.trim_reach, support=opts.trim_support)
        return trims[lt, rt]

    pending = [(members, max_gap_units) for members in split_clusters(a, b, max_gap_units)]
    while pending:
        members, gap = pending.pop()
        members = nearest_repeats(a, b, members)
        lt = space.left_units.tokens(int(a[members].min()), int(a[members].max()), space.left_ids.size)
        rt = space.right_units.tokens(int(b[members].min()), int(b[members].max()), space.right_ids.size)
        if (lt, rt) not in cosines:
            cosines[lt, rt] = range_cosine(space, lt, rt)
        cosine = cosines[lt, rt]
        if cosine >= opts.min_fragment_cosine:
            trimmed = trimmed_of(lt, rt)
            if trimmed is not None and (
                min(end - start for start, end in trimmed) >= 2 * opts.unit_words
                or cosine >= opts.short_fragment_cosine
                or (
                    opts.short_fragment_order > 0
                    and in_order(space, *trimmed) >= opts.short_fragment_order
                )
                or in_word_order(trimmed)
            ):
                found.append((*trimmed, cosine))
            continue
        if cosine >= opts.ordered_fragment_cosine:
            trimmed = trimmed_of(lt, rt)
            if trimmed is not None and in_word_order(trimmed) and (
                between_runs is None
                or between_runs(*trimmed) >= BETWEEN_RUNS_SHARE * opts.ordered_fragment_share
            ):
                found.append((*trimmed, cosine))
                continue
        if gap > 0 and members.size > 1:
            smaller = gap // 2
            pending.extend((part, smaller) for part in split_clusters(a, b, smaller, members))
    return found


BETWEEN_RUNS_SHARE = 0.5
"""Share of ``ordered_fragment_share`` that a low-cosine cluster kept for its word order needs outside
the runs of identical words its two sides share (:func:`fuzzy_fragments`): half, as a scrambled copy
keeps less of its order between its unchanged runs than in them (the whole share cost PAN ``02`` and
``03`` on fold 1 of the 2-fold split: 0.9873 to 0.9863, 0.9043 to 0.9024)."""


def fuzzy(space: Space, lf: TextFeatures, rf: TextFeatures, opts: FuzzyOptions) -> list[Fragment]:
    """Fuzzy fragments (:func:`fuzzy_fragments`) as word ranges."""

    def words(lt: tuple[int, int], rt: tuple[int, int]) -> Fragment:
        """The words from the first to the last content word of each range."""
        return Fragment(
            int(lf.content[lt[0]]),
            int(lf.content[lt[1] - 1]) + 1,
            int(rf.content[rt[0]]),
            int(rf.content[rt[1] - 1]) + 1,
        )

    def word_order(lt: tuple[int, int], rt: tuple[int, int]) -> float:
        """:func:`order_share` of the words from the first to the last content word of each range."""
        return order_share(words(lt, rt), lf, rf)

    def between_runs(lt: tuple[int, int], rt: tuple[int, int]) -> float:
        """:func:`order_share_between_runs` of those words."""
        return order_share_between_runs(words(lt, rt), lf, rf)

    found = fuzzy_fragments(space, opts, word_order, between_runs)
    return [fragment_of(lf.content, rf.content, lt, rt) for lt, rt, _ in found]


EXTEND_REACH = 80
"""Most words looked at beyond each end of a fragment when extending it (:func:`extend_matching`)."""
EXTEND_MIN_RUN = 2
"""Identical consecutive words a match beyond a gap needs for the extension to go on to it (a
lone shared word such as "the" after a gap is chance) ..."""
EXTEND_GAP_PER_WORD = 10
"""... and one more word for every this many words of the gap (a longer gap needs a longer run)."""


def reach(left: list[int], right: list[int], gap: int) -> tuple[int, int]:
    """How many words, from the start of ``left`` and of ``right``, the two keep matching: runs
    of identical words in the same order (longest common subsequence), each at most ``gap``
    words after the last on both sides; a run after a gap of ``k`` words needs
    ``EXTEND_MIN_RUN + k // EXTEND_GAP_PER_WORD`` words."""
    a = b = 0
    if not left or not right:
        return a, b
    for block in LCSseq.editops(left, right).as_matching_blocks():
        if block.size == 0:
            continue
        if block.a - a > gap or block.b - b > gap:
            break
        skipped = max(block.a - a, block.b - b)
        if skipped > 0 and block.size < EXTEND_MIN_RUN + skipped // EXTEND_GAP_PER_WORD:
            continue
        a, b = block.a + block.size, block.b + block.size
    return a, b


def extend_matching(
    frags: list[Fragment],
    exact: list[Fragment],
    lf: TextFeatures,
    rf: TextFeatures,
    opts: FuzzyOptions,
    *,
    min_words: int,
) -> list[Fragment]:
    """Fuzzy fragments, each extended at both ends while the words beyond keep matching in order
    (:func:`reach` with ``extend_gap_words``), but never into an exact fragment; an extension
    is kept when the fragment then has ``min_words`` and ``ordered_fragment_share`` of its
    shorter side's words stand in the same order on the other side. Seeds and trimming work on
    content words, so a scrambled copy is found as short pieces with loose ends; the words
    around them, stopwords included, still match."""
    if opts.extend_gap_words <= 0:
        return frags
    lh, rh = lf.hashes, rf.hashes
    out = []
    for f in frags:
        l0, l1, r0, r1 = f
        # how far each end may go: up to the reach, and not into an exact fragment
        stop_l = min([l1 + EXTEND_REACH] + [e.left_start for e in exact if e.left_start >= l1])
        stop_r = min([r1 + EXTEND_REACH] + [e.right_start for e in exact if e.right_start >= r1])
        from_l = max([l0 - EXTEND_REACH, 0] + [e.left_end for e in exact if e.left_end <= l0])
        from_r = max([r0 - EXTEND_REACH, 0] + [e.right_end for e in exact if e.right_end <= r0])
        a, b = reach(lh[l1:stop_l].tolist(), rh[r1:stop_r].tolist(), opts.extend_gap_words)
        l1, r1 = l1 + a, r1 + b
        a, b = reach(lh[from_l:l0][::-1].tolist(), rh[from_r:r0][::-1].tolist(), opts.extend_gap_words)
        l0, r0 = l0 - a, r0 - b
        grown = Fragment(l0, l1, r0, r1)
        ok = grown.shorter >= min_words and order_share(grown, lf, rf) >= opts.ordered_fragment_share
        out.append(grown if ok else f)
    return out
