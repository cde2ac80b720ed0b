"""Passage ends: exact ends (the end of a verbatim run) stay; loose ends snap to sentence
boundaries within ``snap_words`` (:func:`snap`), and grow a sentence at a time while the added
sentences are similar (:func:`grow`, ``grow_cosine``)."""

from __future__ import annotations

import numpy as np

from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment, free, overlap_left, overlap_right
from reuse.align.space import Space, similar_pieces
from reuse.text.normalize import NormalizedText


def anchored(lh: np.ndarray, rh: np.ndarray, a: int, b: int, step: int, run: int) -> bool:
    """Whether words ``a`` (left) and ``b`` (right) and the ``run - 1`` words inwards of them
    match and the words beyond them (``step`` -1: before, +1: after) do not: the end of a
    verbatim run, an exact boundary that sentence snapping and growing leave alone. (A loose
    end of a paraphrase often has one shared word, where trimming stopped; that is no anchor.)"""
    for k in range(run):
        ia, ib = a - step * k, b - step * k
        if not (0 <= ia < lh.size and 0 <= ib < rh.size) or lh[ia] != rh[ib]:
            return False
    na, nb = a + step, b + step
    return not (0 <= na < lh.size and 0 <= nb < rh.size) or lh[na] != rh[nb]


def fixed_ends(f: Fragment, lf: TextFeatures, rf: TextFeatures, run: int) -> tuple[bool, bool]:
    """Whether the start and the end of ``f`` are ends of verbatim runs of ``run`` words
    (:func:`anchored`): the ends that snapping and growing leave where they are."""
    l0, l1, r0, r1 = f
    lh, rh = lf.hashes, rf.hashes
    return anchored(lh, rh, l0, r0, -1, run), anchored(lh, rh, l1 - 1, r1 - 1, 1, run)


def loose_ends(f: Fragment, lf: TextFeatures, rf: TextFeatures, run: int) -> bool:
    """Whether either end of ``f`` is loose (not fixed: :func:`fixed_ends`), so growing may move it."""
    return not all(fixed_ends(f, lf, rf, run))


def snap_range(ends: np.ndarray, first: int, end: int, reach: int) -> tuple[int, int]:
    """``[first, end)`` with each end moved to the nearest sentence boundary within ``reach``
    words (unchanged where there is none)."""
    n = ends.size
    starts = [
        k for k in range(max(0, first - reach), min(end - 1, first + reach) + 1) if k == 0 or ends[k - 1]
    ]
    if starts:
        first = min(starts, key=lambda k: (abs(k - first), k))
    stops = [e for e in range(max(first + 1, end - reach), min(n, end + reach) + 1) if e == n or ends[e - 1]]
    if stops:
        end = min(stops, key=lambda e: (abs(e - end), -e))
    return first, end


def snap(
    frags: list[Fragment],
    left: NormalizedText,
    right: NormalizedText,
    lf: TextFeatures,
    rf: TextFeatures,
    *,
    reach: int,
    run: int,
) -> list[Fragment]:
    """Fragments whose ends are moved to sentence boundaries (see ``snap_words``), except ends
    of verbatim runs of ``run`` words (:func:`anchored`); a fragment that would then overlap
    another keeps its ends."""
    le, re_ = left.sentence_ends, right.sentence_ends
    if reach <= 0 or le.size != len(lf.words) or re_.size != len(rf.words):
        return frags
    out = []
    for f in frags:
        l0, l1, r0, r1 = f
        start_fixed, end_fixed = fixed_ends(f, lf, rf, run)
        a0, a1 = snap_range(le, l0, l1, reach)
        b0, b1 = snap_range(re_, r0, r1, reach)
        out.append(
            Fragment(
                l0 if start_fixed else a0,
                l1 if end_fixed else a1,
                r0 if start_fixed else b0,
                r1 if end_fixed else b1,
            )
        )
    result = []
    for k, f in enumerate(out):
        others = [g for m, g in enumerate(out) if m != k] + [g for m, g in enumerate(frags) if m != k]
        if any(overlap_left(f, g) or overlap_right(f, g) for g in others):
            f = frags[k]
        result.append(f)
    return result


GROW_MAX_SENTENCES = 2
"""Most sentences a paraphrased passage grows by at each end (see :func:`grow`)."""


def next_stop(ends: np.ndarray, at: int) -> int:
    """The word index just after the first sentence end at or after word ``at``."""
    hits = np.flatnonzero(ends[at:])
    return at + int(hits[0]) + 1 if hits.size else ends.size


def prev_start(ends: np.ndarray, at: int) -> int:
    """The first word of the sentence that holds word ``at - 1``."""
    hits = np.flatnonzero(ends[: max(at - 1, 0)])
    return int(hits[-1]) + 1 if hits.size else 0


def grow(
    frags: list[Fragment],
    left: NormalizedText,
    right: NormalizedText,
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    *,
    min_cosine: float,
    run: int,
) -> list[Fragment]:
    """Fragments grown, a sentence at a time on both sides (at most ``GROW_MAX_SENTENCES`` at
    each end), while the two added pieces are similar (tf-idf cosine of at least
    ``min_cosine``, and ``EXTENSION_MIN_TOKENS`` content words each) and overlap no other
    fragment: a reworded first or last sentence shares too few words with its source to seed a
    passage, but it is still part of the copy. Exact ends (:func:`anchored`) stay."""
    le, re_ = left.sentence_ends, right.sentence_ends
    if min_cosine >= 1.0 or le.size != len(lf.words) or re_.size != len(rf.words):
        return frags

    def similar(lw: tuple[int, int], rw: tuple[int, int]) -> bool:
        return similar_pieces(space, lf, rf, lw, rw, min_cosine)

    out = []
    for k, (l0, l1, r0, r1) in enumerate(frags):
        others = frags[:k] + frags[k + 1 :]
        start_fixed, end_fixed = fixed_ends(frags[k], lf, rf, run)
        if not end_fixed:
            for _ in range(GROW_MAX_SENTENCES):
                a, b = next_stop(le, l1), next_stop(re_, r1)
                if (
                    a <= l1
                    or b <= r1
                    or not similar((l1, a), (r1, b))
                    or not free(Fragment(l0, a, r0, b), others)
                ):
                    break
                l1, r1 = a, b
        if not start_fixed:
            for _ in range(GROW_MAX_SENTENCES):
                a, b = prev_start(le, l0), prev_start(re_, r0)
                if (
                    a >= l0
                    or b >= r0
                    or not similar((a, l0), (b, r0))
                    or not free(Fragment(a, l1, b, r1), others)
                ):
                    break
                l0, r0 = a, b
        out.append(Fragment(l0, l1, r0, r1))
    return out
