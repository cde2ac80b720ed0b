"""Computations of ``reuse.align.space`` as they were before they were made cheaper (commit 95116eb):
the references the faster ones must equal, array for array."""

from __future__ import annotations

import numpy as np

from reuse.align.space import MAX_STEM_PAIRS


def reference_join(
    left: np.ndarray, right: np.ndarray, *, bound: int | None = None, order: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``reuse.align.space.join`` at 95116eb (its ``_id_bound`` inlined)."""
    order = right.argsort(kind="stable") if order is None else order
    if bound is None or not (left.size and right.size):
        bound = None
        if left.size and right.size and left.dtype.kind == "i" and right.dtype.kind == "i":
            low, high = min(int(left.min()), int(right.min())), max(int(left.max()), int(right.max()))
            bound = high + 1 if low >= 0 and high < 4 * (left.size + right.size) + 65536 else None
    if bound is not None:
        right_counts = np.bincount(right, minlength=bound)
        lo, counts = (np.cumsum(right_counts) - right_counts)[left], right_counts[left]
        counts = np.where(np.bincount(left, minlength=bound)[left] * counts > MAX_STEM_PAIRS, 0, counts)
    else:
        lo = np.searchsorted(right[order], left, side="left")
        counts = np.searchsorted(right[order], left, side="right") - lo
    if bound is None and counts.size:
        _, inverse, left_counts = np.unique(left, return_inverse=True, return_counts=True)
        counts = np.where(left_counts[inverse.reshape(-1)] * counts > MAX_STEM_PAIRS, 0, counts)
    total = int(counts.sum())
    a = np.repeat(np.arange(left.size, dtype=np.int64), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return a, order[np.repeat(lo, counts) + offsets]
