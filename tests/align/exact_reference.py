"""Computations of ``reuse.align.exact`` as they were before they were made cheaper (commit 95116eb):
the references the faster ones must equal, array for array."""

from __future__ import annotations

import numpy as np

from reuse.align.exact import MAX_SEED_REPEATS, Shingles


def reference_shingle_seeds(left: Shingles, right: Shingles) -> tuple[np.ndarray, np.ndarray]:
    """``reuse.align.exact.shingle_seeds`` at 95116eb: both ends of every value's run searched."""
    lo, counts = np.empty(left.values.size, dtype=np.intp), np.empty(left.values.size, dtype=np.intp)
    lo[left.order] = right.ordered.searchsorted(left.ordered, side="left")
    counts[left.order] = right.ordered.searchsorted(left.ordered, side="right")
    counts -= lo
    counts[(counts > MAX_SEED_REPEATS) | (left.repeats > MAX_SEED_REPEATS)] = 0
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    i = np.repeat(np.arange(left.values.size, dtype=np.int64), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    j = right.order[np.repeat(lo, counts) + offsets].astype(np.int64)
    return i, j


def reference_shingles(values: np.ndarray) -> Shingles:
    """``reuse.align.exact.Shingles.of`` at 95116eb: np.unique's inverse by a second sort."""
    order = values.argsort(kind="stable")
    _, inverse = np.unique(values, return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.intp)
    return Shingles(values, order, values[order], np.bincount(inverse)[inverse] if values.size else inverse)
