"""The aligner's working value: a *fragment*, a word range in each of two texts, and its geometry.

A fragment is a :class:`typing.NamedTuple`, so it sorts, compares and hashes exactly as the plain
``(left_start, left_end, right_start, right_end)`` tuple it is (left order first), at tuple speed.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Fragment(NamedTuple):
    """Half-open word ranges ``[left_start, left_end)`` and ``[right_start, right_end)``."""

    left_start: int
    left_end: int
    right_start: int
    right_end: int

    @property
    def left_words(self) -> int:
        """Words on the left side."""
        return self.left_end - self.left_start

    @property
    def right_words(self) -> int:
        """Words on the right side."""
        return self.right_end - self.right_start

    @property
    def shorter(self) -> int:
        """Words on the shorter side."""
        return min(self.left_end - self.left_start, self.right_end - self.right_start)


def overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether ``[a0, a1)`` and ``[b0, b1)`` share a position."""
    return a0 < b1 and b0 < a1


def overlap_left(f: Fragment, g: Fragment) -> bool:
    """Whether ``f`` and ``g`` share a left word."""
    return f.left_start < g.left_end and g.left_start < f.left_end


def overlap_right(f: Fragment, g: Fragment) -> bool:
    """Whether ``f`` and ``g`` share a right word."""
    return f.right_start < g.right_end and g.right_start < f.right_end


def free(f: Fragment, others: list[Fragment]) -> bool:
    """Whether ``f`` overlaps none of ``others`` on either side."""
    return not any(overlap_left(f, g) or overlap_right(f, g) for g in others)


def within(e: Fragment, f: Fragment) -> bool:
    """Whether ``e`` lies inside ``f`` on both sides."""
    return (
        f.left_start <= e.left_start
        and e.left_end <= f.left_end
        and f.right_start <= e.right_start
        and e.right_end <= f.right_end
    )


def elsewhere(f: Fragment, v: Fragment) -> bool:
    """Whether ``f`` shares left words with ``v`` but pairs them with other right words."""
    return overlap_left(f, v) and not overlap_right(f, v)


def box(frags: list[Fragment]) -> Fragment:
    """The smallest fragment containing all of ``frags``."""
    return Fragment(
        min(f.left_start for f in frags),
        max(f.left_end for f in frags),
        min(f.right_start for f in frags),
        max(f.right_end for f in frags),
    )


def groups(frags: list[Fragment]) -> list[list[int]]:
    """Indices of fragments grouped by overlap on both sides (transitively)."""
    parent = list(range(len(frags)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in range(len(frags)):
        for b in range(a + 1, len(frags)):
            f, g = frags[a], frags[b]
            if overlap_left(f, g) and overlap_right(f, g):
                parent[find(a)] = find(b)
    out: dict[int, list[int]] = {}
    for k in range(len(frags)):
        out.setdefault(find(k), []).append(k)
    return list(out.values())


def left_cover(frag: Fragment, others: list[Fragment]) -> float:
    """Share of ``frag``'s left words covered by the left sides of ``others``."""
    mask = np.zeros(frag.left_end - frag.left_start, dtype=bool)
    for o in others:
        lo, hi = max(o.left_start, frag.left_start), min(o.left_end, frag.left_end)
        if lo < hi:
            mask[lo - frag.left_start : hi - frag.left_start] = True
    return float(mask.mean()) if mask.size else 0.0


MAX_CUT_SHARE = 0.5
"""A fragment whose right side runs into a kept fragment's right side by less than this share
of its length there loses the overlapping words; more, and it is dropped."""


def cut(a0: int, a1: int, b0: int, b1: int, share: float = MAX_CUT_SHARE) -> tuple[int, int]:
    """``[a0, a1)`` without its overlap with ``[b0, b1)`` when that is a small part at one end
    (less than ``share`` of it); an empty range otherwise."""
    shared = min(a1, b1) - max(a0, b0)
    if shared >= share * (a1 - a0) or (b0 > a0 and b1 < a1):
        return a0, a0
    return (b1, a1) if b0 <= a0 else (a0, b0)


def word_range(content: np.ndarray, tokens: tuple[int, int]) -> tuple[int, int]:
    """Words from just after the content word before ``tokens`` (content-word indices, half
    open) to the last token's word."""
    start = int(content[tokens[0] - 1]) + 1 if tokens[0] > 0 else 0
    return start, int(content[tokens[1] - 1]) + 1


def fragment_of(
    left_content: np.ndarray, right_content: np.ndarray, lt: tuple[int, int], rt: tuple[int, int]
) -> Fragment:
    """The fragment of words around the content-word token ranges ``lt`` and ``rt`` (:func:`word_range`)."""
    return Fragment(*word_range(left_content, lt), *word_range(right_content, rt))
