"""The exact path: seeds of shared word n-grams, chained along their diagonals into verbatim runs.

Word n-grams (``seed_words``) both texts share are kept only inside runs of at least
``min_run_words`` identical words, chained by alternately splitting on each side wherever seeds
are more than ``max_gap_words`` apart (:func:`split_clusters`); a chain keeps its heaviest series
of diagonal runs rising on both sides (:func:`monotone`: a phrase repeated near a copy must not
stretch it), its ends are carried on while the words stay identical (:func:`along_diagonal`: over
a phrase too frequent to seed), and chains below ``seed_min_score`` are dropped. Chains that merely
repeat a phrase on one side are dropped afterwards (:func:`drop_repeats`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from reuse.align.features import TextFeatures, per_text
from reuse.align.fragment import Fragment, cut, overlap_left, overlap_right
from reuse.align.similarity import similarity
from reuse.align.space import firsts
from reuse.settings import ExactOptions
from reuse.text.hashing import shingle_hashes

MAX_SEED_REPEATS = 8
"""An n-gram occurring more often than this in either text is not used as a seed."""


@dataclass(frozen=True, slots=True)
class Shingles:
    """A text's word n-gram hashes ready to be joined with another text's (once per text): the
    hashes, their stable sort order and sorted values, and how often each one's value occurs."""

    values: np.ndarray
    order: np.ndarray
    ordered: np.ndarray
    repeats: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> Shingles:
        """The :class:`Shingles` of n-gram hashes ``values``."""
        order = values.argsort(kind="stable")
        ordered = values[order]
        first = firsts(ordered)  # where each distinct value starts, in sorted order
        inverse = np.empty(values.size, dtype=np.intp)  # np.unique's inverse, from the same sort
        inverse[order] = np.cumsum(first) - 1
        return cls(values, order, ordered, np.bincount(inverse)[inverse] if values.size else inverse)


def text_shingles(text: TextFeatures, n: int) -> Shingles:
    """The :class:`Shingles` of the ``n``-word shingles of a text (from its memo when derived before)."""
    return per_text(text, ("shingles", n), lambda t: Shingles.of(shingle_hashes(t.hashes, n)))


def seeds(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``(i, j)`` with ``left[i] == right[j]``, skipping very frequent values."""
    return shingle_seeds(Shingles.of(left), Shingles.of(right))


def shingle_seeds(left: Shingles, right: Shingles) -> tuple[np.ndarray, np.ndarray]:
    """:func:`seeds` of two texts' :class:`Shingles`: a value found more than ``MAX_SEED_REPEATS``
    times in either text is skipped."""
    if left.values.size == 0 or right.values.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    lo, counts = np.empty(left.values.size, dtype=np.intp), np.empty(left.values.size, dtype=np.intp)
    # searched in sorted order (numpy then starts each search where the last one ended), put back;
    # a value found there occurs on the right as often as its right ``repeats`` say
    found = right.ordered.searchsorted(left.ordered, side="left")
    at = right.order[np.minimum(found, right.values.size - 1)]
    lo[left.order] = found
    counts[left.order] = np.where(right.values[at] == left.ordered, right.repeats[at], 0)
    counts[(counts > MAX_SEED_REPEATS) | (left.repeats > MAX_SEED_REPEATS)] = 0
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    i = np.repeat(np.arange(left.values.size, dtype=np.int64), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    j = right.order[np.repeat(lo, counts) + offsets].astype(np.int64)
    return i, j


def long_runs(i: np.ndarray, j: np.ndarray, min_seeds: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeds that belong to a run of at least ``min_seeds`` consecutive seeds on one diagonal."""
    if i.size == 0 or min_seeds <= 1:
        return i, j
    if i.size < min_seeds:  # no run can be that long: what the sort below would keep (nothing)
        return i[:0], j[:0]
    diag = i - j
    order = np.lexsort((i, diag))
    i, j, diag = i[order], j[order], diag[order]
    breaks = np.flatnonzero((np.diff(diag) != 0) | (np.diff(i) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    lengths = np.diff(np.concatenate((starts, [i.size])))
    keep = np.repeat(lengths >= min_seeds, lengths)
    return i[keep], j[keep]


def split_clusters(
    i: np.ndarray,
    j: np.ndarray,
    gap: int,
    members: np.ndarray | None = None,
    *,
    gap_right: int | None = None,
) -> list[np.ndarray]:
    """Clusters of points ``(i, j)`` that stay together when split alternately on each side.

    A cluster is split wherever two consecutive points (sorted on one side) are more than ``gap``
    apart on that side (``gap_right`` on the right side, if given); splitting goes on,
    alternating sides, until no cluster splits. ``members`` limits the points to those indices.
    """
    gaps = (gap, gap if gap_right is None else gap_right)
    done: list[np.ndarray] = []
    if i.size == 0 or (members is not None and members.size == 0):
        return done
    pending = [(np.arange(i.size) if members is None else members, 0, False)]
    as_lists: tuple[list[int], list[int]] | None = None
    while pending:
        group, side, other_stable = pending.pop()
        if group.size <= SMALL_GROUP:  # the same splits in plain Python: numpy costs more on a few points
            as_lists = as_lists or (i.tolist(), j.tolist())
            done.extend(np.array(g, dtype=group.dtype) for g in _split_small(
                as_lists, group.tolist(), side, other_stable, gaps))
            continue
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


SMALL_GROUP = 32
"""Clusters of at most this many points are split by :func:`_split_small`."""


def _split_small(
    values: tuple[list[int], list[int]],
    group: list[int],
    side: int,
    other_stable: bool,
    gaps: tuple[int, int],
) -> list[list[int]]:
    """:func:`split_clusters` of one group on lists (the same clusters, in the same order)."""
    done: list[list[int]] = []
    pending = [(group, side, other_stable)]
    while pending:
        group, side, other_stable = pending.pop()
        key = values[side]
        ordered = sorted(group, key=key.__getitem__)  # stable, as numpy's stable argsort
        cuts = [k for k in range(1, len(ordered)) if key[ordered[k]] - key[ordered[k - 1]] > gaps[side]]
        if not cuts:
            if other_stable:
                done.append(ordered)
            else:
                pending.append((ordered, 1 - side, True))
            continue
        bounds = [0, *cuts, len(ordered)]
        pending.extend((ordered[a:b], 1 - side, False) for a, b in itertools.pairwise(bounds))
    return done


def monotone(i: np.ndarray, j: np.ndarray, members: np.ndarray) -> np.ndarray:
    """The seeds of ``members`` on the heaviest chain of diagonal runs that rises on both sides.

    A run is a stretch of consecutive seeds on one diagonal (identical words in a row); a chain
    takes whole runs, each starting after the last seed of the one before on both sides, and
    has the most seeds. A phrase that the copied text repeats gives seeds off the copy's
    diagonal, which must not stretch the chain's extent on one side.
    """
    order = members[np.lexsort((i[members], i[members] - j[members]))]
    si, sj = i[order], j[order]
    breaks = np.flatnonzero((np.diff(si - sj) != 0) | (np.diff(si) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    stops = np.concatenate((breaks, [si.size]))
    if starts.size < 2:
        return members
    by_left = np.argsort(si[starts], kind="stable")
    starts, stops = starts[by_left], stops[by_left]
    first_i, first_j = si[starts], sj[starts]
    last_i, last_j = si[stops - 1], sj[stops - 1]
    size = (stops - starts).astype(np.int64)
    best = size.copy()
    back = np.full(size.size, -1)
    for k in range(1, size.size):
        fits = np.flatnonzero((last_i[:k] < first_i[k]) & (last_j[:k] < first_j[k]))
        if fits.size:
            m = int(fits[np.argmax(best[fits])])
            best[k] = size[k] + best[m]
            back[k] = m
    chain = []
    k = int(np.argmax(best))
    while k >= 0:
        chain.append(order[starts[k] : stops[k]])
        k = int(back[k])
    return np.concatenate(chain[::-1])


def exact_fragments(
    lf: TextFeatures, rf: TextFeatures, opts: ExactOptions, *, floor: int
) -> list[Fragment]:
    """Chains of exact seeds (see the module docstring) of at least ``floor`` words, as word ranges."""
    n = opts.seed_words
    if min(lf.hashes.size, rf.hashes.size) < n:
        return []
    i, j = shingle_seeds(text_shingles(lf, n), text_shingles(rf, n))
    i, j = long_runs(i, j, max(1, opts.min_run_words - n + 1))
    out = []
    for members in split_clusters(i, j, opts.max_gap_words + n):
        # the chain keeps some of the cluster's seeds (monotone), so it is no longer than the cluster:
        # a cluster shorter than ``floor`` on a side (a shared phrase, mostly) gives no chain
        si, sj = i[members], j[members]
        if min(int(si.max()) - int(si.min()), int(sj.max()) - int(sj.min())) + n < floor:
            continue
        members = monotone(i, j, members)
        chain = Fragment(
            int(i[members].min()), int(i[members].max()) + n, int(j[members].min()), int(j[members].max()) + n
        )
        if chain.shorter < floor:
            continue
        if similarity(chain, lf, rf) < opts.seed_min_score:
            continue
        out.append(along_diagonal(chain, lf.hashes, rf.hashes))
    return list(dict.fromkeys(out))  # chains split by a gap can meet again along the diagonal


def same_words(lh: np.ndarray, rh: np.ndarray, a: int, b: int, step: int) -> int:
    """How many words from left word ``a`` and right word ``b`` on, going ``step`` (+1 or -1),
    are identical on both sides."""
    if step > 0:
        n = min(lh.size - a, rh.size - b)
        same = lh[a : a + n] == rh[b : b + n]
    else:
        n = min(a + 1, b + 1)
        same = lh[a - n + 1 : a + 1][::-1] == rh[b - n + 1 : b + 1][::-1]
    differ = np.flatnonzero(~same)
    return int(differ[0]) if differ.size else n


def along_diagonal(f: Fragment, lh: np.ndarray, rh: np.ndarray) -> Fragment:
    """``f`` with each end that closes a run of identical words carried on along its diagonal
    while the words stay identical: seeds of a phrase the texts repeat often are skipped
    (``MAX_SEED_REPEATS``), which must not cut a verbatim copy short or in two."""
    l0, l1, r0, r1 = f
    if lh[l1 - 1] == rh[r1 - 1]:
        grow = same_words(lh, rh, l1, r1, 1)
        l1, r1 = l1 + grow, r1 + grow
    if lh[l0] == rh[r0]:
        grow = same_words(lh, rh, l0 - 1, r0 - 1, -1) if l0 > 0 and r0 > 0 else 0
        l0, r0 = l0 - grow, r0 - grow
    return Fragment(l0, l1, r0, r1)


def drop_repeats(exact: list[Fragment]) -> list[Fragment]:
    """Exact fragments without those that overlap a longer one on one side only (a repeat of a
    phrase elsewhere in one text); one that runs a few words into a longer one on one side loses
    those words instead (:func:`trim_end`)."""
    kept: list[Fragment] = []
    for f in sorted(exact, key=lambda f: (-(f.left_words + f.right_words), f)):
        for k in kept:
            if overlap_left(f, k) == overlap_right(f, k):
                continue
            f = trim_end(f, k)
            if f.left_start >= f.left_end:
                break
        else:
            kept.append(f)
    return kept


def trim_end(f: Fragment, k: Fragment) -> Fragment:
    """Exact fragment ``f`` without the words at one end that overlap ``k`` on one side, taken
    off both sides alike (a copy's words pair up along its diagonal); empty when the overlap is
    ``MAX_CUT_SHARE`` of ``f`` or more, or not at an end."""
    if overlap_left(f, k):
        start, end = f.left_start, f.left_end
        a0, a1 = cut(start, end, k.left_start, k.left_end)
    else:
        start, end = f.right_start, f.right_end
        a0, a1 = cut(start, end, k.right_start, k.right_end)
    if a0 >= a1:
        return Fragment(f.left_start, f.left_start, f.right_start, f.right_start)
    head, tail = a0 - start, end - a1
    return Fragment(f.left_start + head, f.left_end - tail, f.right_start + head, f.right_end - tail)


def with_short_copies(
    selected: list[Fragment], short: list[Fragment], lf: TextFeatures, rf: TextFeatures
) -> list[Fragment]:
    """``selected`` and the verbatim runs in ``short`` (exact chains under ``min_words``, at least
    ``min_exact_words``) that overlap none of them, nor each other, on either side.

    Such a run takes no part in merging, selection or summaries, so it changes no other passage: it
    is only reported where nothing else was found, and only when its two sides are the same words.
    """
    kept = list(selected)
    for e in sorted(short, key=lambda e: (-e.left_words, e)):
        if lf.words[e.left_start : e.left_end] != rf.words[e.right_start : e.right_end]:
            continue
        if any(overlap_left(e, k) or overlap_right(e, k) for k in kept):
            continue
        kept.append(e)
    return sorted(kept)
