"""How similar the two sides of a fragment are: Indel similarity of their words, the share of
words in the same order, and how much text they share."""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Indel, LCSseq

from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment

VERBATIM_SCORE = 0.95
"""A passage scoring this much (Indel) is a verbatim copy: crossed copies stay apart, a merged
passage grows around one only where the text beyond it is similar too, and the document summary
around one of at least ``document_summary.max_quote`` words is never kept."""

LONG_PAIR_CHARS = 10**10
"""Two passage sides whose lengths in characters multiply to more than this (100,000 characters
each, some 15,000 words) get their Indel similarity from :func:`pieced_lcs`: rapidfuzz's exact
Indel costs their product (two copies of a 250,000-word thesis took minutes per call)."""
PIECE_CHARS = 10**8
"""Pieces are cut until their lengths multiply to at most this (about 10,000 characters each)."""


def indel(left: list[str], right: list[str]) -> float:
    """Indel similarity of two word sequences joined by spaces (rapidfuzz, exactly, unless they
    are very long: see ``LONG_PAIR_CHARS``)."""
    a, b = " ".join(left), " ".join(right)
    if len(a) * len(b) <= LONG_PAIR_CHARS:
        return float(Indel.normalized_similarity(a, b))
    return min(1.0, 2 * pieced_lcs(left, right) / (len(a) + len(b)))


def pieced_lcs(left: list[str], right: list[str]) -> int:
    """Length of a common subsequence of the two joined texts, near the longest: both are cut at a
    word found once in each (the one nearest the middle of the left piece), until the pieces are
    small enough for the exact LCS (``PIECE_CHARS``); pieces without such a word are cut at the
    middle of each. Time grows with the length of the texts, not their product."""
    vocabulary: dict[str, int] = {}
    lid = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in left), np.int64, len(left))
    rid = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in right), np.int64, len(right))
    lends = np.cumsum([len(w) + 1 for w in left])  # left[a0:a1] joined: lends[a1 - 1] - lends[a0 - 1] - 1
    rends = np.cumsum([len(w) + 1 for w in right])

    def chars(ends: np.ndarray, a0: int, a1: int) -> int:
        return int(ends[a1 - 1] - (ends[a0 - 1] if a0 else 0) - 1) if a1 > a0 else 0

    total = 0
    pending = [(0, len(left), 0, len(right))]
    while pending:
        a0, a1, b0, b1 = pending.pop()
        if chars(lends, a0, a1) * chars(rends, b0, b1) <= PIECE_CHARS or a1 - a0 < 2 or b1 - b0 < 2:
            total += int(LCSseq.similarity(" ".join(left[a0:a1]), " ".join(right[b0:b1])))
            continue
        lu, lk, lc = np.unique(lid[a0:a1], return_index=True, return_counts=True)
        ru, rk, rc = np.unique(rid[b0:b1], return_index=True, return_counts=True)
        shared, li, ri = np.intersect1d(lu[lc == 1], ru[rc == 1], assume_unique=True, return_indices=True)
        if shared.size:
            lpos, rpos = lk[lc == 1][li], rk[rc == 1][ri]
            best = int(np.argmin(np.abs(lpos - (a1 - a0) // 2)))
            ka, kb = a0 + int(lpos[best]), b0 + int(rpos[best])
            # the word, and the spaces on its sides that both texts have
            total += len(left[ka]) + (ka > a0 and kb > b0) + (ka + 1 < a1 and kb + 1 < b1)
            pending += [(a0, ka, b0, kb), (ka + 1, a1, kb + 1, b1)]
        else:
            ka, kb = (a0 + a1) // 2, (b0 + b1) // 2
            total += 1  # the space at the cut
            pending += [(a0, ka, b0, kb), (ka, a1, kb, b1)]
    return total


def similarity(f: Fragment, lf: TextFeatures, rf: TextFeatures) -> float:
    """Indel similarity of the normalised words of the two sides of ``f``."""
    return indel(lf.words[f.left_start : f.left_end], rf.words[f.right_start : f.right_end])


def order_share(f: Fragment, lf: TextFeatures, rf: TextFeatures) -> float:
    """Share of the words of the shorter side of ``f`` (all words, stopwords included) that the
    other side has in the same order (longest common subsequence of words)."""
    common = LCSseq.similarity(
        lf.hashes[f.left_start : f.left_end].tolist(), rf.hashes[f.right_start : f.right_end].tolist()
    )
    return common / min(f.left_end - f.left_start, f.right_end - f.right_start)


def shared_text(f: Fragment, lf: TextFeatures, rf: TextFeatures, known: float | None = None) -> float:
    """How much text the two sides of ``f`` share: Indel similarity (:func:`similarity`, unless
    already ``known``) times their combined length in characters (twice the length of their longest
    common subsequence)."""
    lw, rw = lf.words[f.left_start : f.left_end], rf.words[f.right_start : f.right_end]
    left, right = " ".join(lw), " ".join(rw)
    if known is None:
        known = indel(lw, rw)
    return known * (len(left) + len(right))


SHARED_RUN_WORDS = 3
"""Identical words in a row (on both sides, in the common subsequence) that :func:`order_share_between_runs`
takes for one shared run: a name or a stock phrase that two texts on one topic both use."""


def order_share_between_runs(f: Fragment, lf: TextFeatures, rf: TextFeatures) -> float:
    """:func:`order_share` of the words of the shorter side of ``f`` outside the runs of at least
    ``SHARED_RUN_WORDS`` identical words the two sides share in order (1 when such runs make up the
    whole shorter side): a scrambled or edited copy keeps its words in place between its
    unchanged runs too, while two texts on one topic that name the same committee, base or
    hospital share those names and little in between."""
    left = lf.hashes[f.left_start : f.left_end].tolist()
    right = rf.hashes[f.right_start : f.right_end].tolist()
    blocks = [b for b in LCSseq.editops(left, right).as_matching_blocks() if b.size]
    in_runs = sum(b.size for b in blocks if b.size >= SHARED_RUN_WORDS)
    between = min(len(left), len(right)) - in_runs
    if between <= 0:
        return 1.0
    return sum(b.size for b in blocks if b.size < SHARED_RUN_WORDS) / between
