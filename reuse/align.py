"""Passage alignment: find and verify the passages two texts share, with exact original spans.

The one aligner every path uses (``reuse check``, the PAN benchmark). It works on the
normalised texts, so case, punctuation, whitespace and invisible characters do not matter:

1. *Seeds*: every word n-gram (``seed_words``) the two texts share, found with a sorted join
   on 64-bit n-gram hashes (n-grams repeated many times in a text are ignored as noise).
2. *Fragments*: seeds are clustered by alternately splitting on the left and on the right side
   wherever consecutive seeds are more than ``max_gap_words`` apart, until no split is left, so
   each cluster is a region of one text matched to one region of the other even when words are
   inserted, deleted or replaced inside it.
3. *Verification*: each fragment's two normalised regions are compared with rapidfuzz's
   normalised Indel similarity; fragments below ``min_score`` or ``min_words`` are dropped, and
   where fragments overlap on either side the larger one is kept.
4. *Mapping*: word ranges are mapped through the offset maps to spans of the original texts.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Indel

from reuse.model import Passage
from reuse.normalize import NormalizedText
from reuse.settings import AlignOptions
from reuse.shingle import shingle_hashes, word_hashes

MAX_SEED_REPEATS = 8


def _seeds(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``(i, j)`` with ``left[i] == right[j]``, skipping very frequent values."""
    order = np.argsort(right, kind="stable")
    sorted_right = right[order]
    lo = np.searchsorted(sorted_right, left, side="left")
    hi = np.searchsorted(sorted_right, left, side="right")
    counts = hi - lo
    if counts.any():
        _, left_inverse, left_counts = np.unique(left, return_inverse=True, return_counts=True)
        counts = np.where(left_counts[left_inverse] > MAX_SEED_REPEATS, 0, counts)
    counts = np.where(counts > MAX_SEED_REPEATS, 0, counts)
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    i = np.repeat(np.arange(left.size, dtype=np.int64), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    j = order[np.repeat(lo, counts) + offsets].astype(np.int64)
    return i, j


def _split(values: np.ndarray, members: np.ndarray, gap: int) -> list[np.ndarray]:
    """Split ``members`` (indices into ``values``) where sorted values jump by more than ``gap``."""
    ordered = members[np.argsort(values[members], kind="stable")]
    cuts = np.flatnonzero(np.diff(values[ordered]) > gap) + 1
    return np.split(ordered, cuts)


def _clusters(i: np.ndarray, j: np.ndarray, gap: int) -> list[np.ndarray]:
    """Clusters of seeds that stay together when split alternately on each side."""
    done: list[np.ndarray] = []
    pending = [(np.arange(i.size), 0)]
    while pending:
        members, side = pending.pop()
        values = i if side == 0 else j
        parts = _split(values, members, gap)
        if len(parts) == 1 and side == 1:
            # Stable on this side; it was split on the other side last round, so recheck it.
            other = _split(i, members, gap)
            if len(other) == 1:
                done.append(members)
                continue
            pending.extend((p, 1) for p in other)
            continue
        pending.extend((p, 1 - side) for p in parts)
    return done


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def align(left: NormalizedText, right: NormalizedText, options: AlignOptions | None = None) -> list[Passage]:
    """Passages shared by two texts, as spans of their original texts, in left order.

    Args:
        left: the normalised left text (a submission, or the suspicious document).
        right: the normalised right text (a source or a peer).
        options: alignment parameters; the library defaults if ``None``.

    Returns:
        Verified passages that do not overlap each other on either side.

    Example:
        >>> from reuse.normalize import normalize
        >>> a = normalize("Intro. " + "The quick brown fox jumps over the lazy dog " * 2)
        >>> b = normalize("THE QUICK brown fox, jumps over the lazy dog! " * 2 + "Outro")
        >>> [(p.left, p.kind) for p in align(a, b, AlignOptions(min_words=5))]
        [(Span(start=7, end=94), 'exact')]
    """
    opts = options or AlignOptions()
    n = opts.seed_words
    if min(left.word_count, right.word_count) < max(n, 1):
        return []
    left_words, right_words = left.words, right.words
    i, j = _seeds(
        shingle_hashes(word_hashes(left_words), n), shingle_hashes(word_hashes(right_words), n)
    )
    if i.size == 0:
        return []
    fragments = []
    for members in _clusters(i, j, opts.max_gap_words + n):
        l0, l1 = int(i[members].min()), int(i[members].max()) + n
        r0, r1 = int(j[members].min()), int(j[members].max()) + n
        if min(l1 - l0, r1 - r0) < opts.min_words:
            continue
        fragments.append((l0, l1, r0, r1))
    kept: list[tuple[int, int, int, int]] = []
    for frag in sorted(fragments, key=lambda f: (-(f[1] - f[0] + f[3] - f[2]), f)):
        if any(_overlaps(frag[:2], k[:2]) or _overlaps(frag[2:], k[2:]) for k in kept):
            continue
        kept.append(frag)
    passages = []
    for l0, l1, r0, r1 in sorted(kept):
        left_text = " ".join(left_words[l0:l1])
        right_text = " ".join(right_words[r0:r1])
        score = float(Indel.normalized_similarity(left_text, right_text))
        if score < opts.min_score:
            continue
        passages.append(
            Passage(
                left=left.word_span(l0, l1),
                right=right.word_span(r0, r1),
                score=round(score, 4),
                kind="exact" if left_text == right_text else "approximate",
                left_words=l1 - l0,
                right_words=r1 - r0,
            )
        )
    return passages
