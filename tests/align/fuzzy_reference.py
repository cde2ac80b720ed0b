"""Computations of ``reuse.align.fuzzy`` as they were before they were made cheaper (commit 95116eb): the
references the faster ones must equal."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reuse.align.exact import split_clusters
from reuse.align.fuzzy import REPEAT_REACH_UNITS, in_order, nearest_repeats, trim, unit_seeds
from reuse.align.space import Space, median, range_cosine
from reuse.settings import FuzzyOptions


def reference_fuzzy_fragments(
    space: Space,
    opts: FuzzyOptions,
    word_order: Callable[[tuple[int, int], tuple[int, int]], float] | None = None,
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """``reuse.align.fuzzy.fuzzy_fragments`` at 95116eb: every cluster's cosine and trim computed anew."""
    a, b = unit_seeds(
        space, min_cosine=opts.unit_min_cosine, min_dice=opts.unit_min_dice, best_ratio=opts.unit_best_ratio
    )
    if a.size == 0:
        return []
    max_gap_units = opts.unit_gap_words // space.left_units.stride

    def in_word_order(trimmed: tuple[tuple[int, int], tuple[int, int]]) -> bool:
        return word_order is not None and word_order(*trimmed) >= opts.ordered_fragment_share

    found = []
    pending = [(members, max_gap_units) for members in split_clusters(a, b, max_gap_units)]
    while pending:
        members, gap = pending.pop()
        members = nearest_repeats(a, b, members)
        lt = space.left_units.tokens(int(a[members].min()), int(a[members].max()), space.left_ids.size)
        rt = space.right_units.tokens(int(b[members].min()), int(b[members].max()), space.right_ids.size)
        cosine = range_cosine(space, lt, rt)
        if cosine >= opts.min_fragment_cosine:
            trimmed = trim(space, lt, rt, reach=opts.trim_reach, support=opts.trim_support)
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
            trimmed = trim(space, lt, rt, reach=opts.trim_reach, support=opts.trim_support)
            if trimmed is not None and in_word_order(trimmed):
                found.append((*trimmed, cosine))
                continue
        if gap > 0 and members.size > 1:
            smaller = gap // 2
            pending.extend((part, smaller) for part in split_clusters(a, b, smaller, members))
    return found


def reference_nearest_repeats(a: np.ndarray, b: np.ndarray, members: np.ndarray) -> np.ndarray:
    """``reuse.align.fuzzy.nearest_repeats`` at 95116eb (each unit's run of seeds counted by ``np.diff``)."""
    if members.size < 3:
        return members
    for this, other in ((a, b), (b, a)):
        middle = median(other[members])
        distance = np.abs(other[members] - middle)
        order = np.lexsort((distance, this[members]))
        ranked = members[order]
        first = np.concatenate(([True], np.diff(this[ranked]) != 0))
        counts = np.diff(np.append(np.flatnonzero(first), ranked.size))
        nearest = np.repeat(other[ranked][first], counts)
        members = ranked[np.abs(other[ranked] - nearest) <= REPEAT_REACH_UNITS]
    return np.sort(members)
