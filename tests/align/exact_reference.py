"""Computations of ``reuse.align.exact`` as they were before they were made cheaper (commits 95116eb and
6e7ed77): the references the faster ones must equal, array for array."""

from __future__ import annotations

import numpy as np

from reuse.align.exact import (
    MAX_SEED_REPEATS,
    Shingles,
    along_diagonal,
    monotone,
    shingle_seeds,
    split_clusters,
    text_shingles,
)
from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment
from reuse.align.similarity import similarity
from reuse.settings import ExactOptions


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


def reference_long_runs(i: np.ndarray, j: np.ndarray, min_seeds: int) -> tuple[np.ndarray, np.ndarray]:
    """``reuse.align.exact.long_runs`` at 6e7ed77: every set of seeds sorted and cut into runs."""
    if i.size == 0 or min_seeds <= 1:
        return i, j
    diag = i - j
    order = np.lexsort((i, diag))
    i, j, diag = i[order], j[order], diag[order]
    breaks = np.flatnonzero((np.diff(diag) != 0) | (np.diff(i) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    lengths = np.diff(np.concatenate((starts, [i.size])))
    keep = np.repeat(lengths >= min_seeds, lengths)
    return i[keep], j[keep]


def reference_exact_fragments(
    lf: TextFeatures, rf: TextFeatures, opts: ExactOptions, *, floor: int
) -> list[Fragment]:
    """``reuse.align.exact.exact_fragments`` at 6e7ed77: every cluster's chain found (:func:`monotone`)
    before its length is tested."""
    n = opts.seed_words
    if min(lf.hashes.size, rf.hashes.size) < n:
        return []
    i, j = shingle_seeds(text_shingles(lf, n), text_shingles(rf, n))
    i, j = reference_long_runs(i, j, max(1, opts.min_run_words - n + 1))
    out = []
    for members in split_clusters(i, j, opts.max_gap_words + n):
        members = monotone(i, j, members)
        chain = Fragment(
            int(i[members].min()), int(i[members].max()) + n, int(j[members].min()), int(j[members].max()) + n
        )
        if chain.shorter < floor:
            continue
        if similarity(chain, lf, rf) < opts.seed_min_score:
            continue
        out.append(along_diagonal(chain, lf.hashes, rf.hashes))
    return list(dict.fromkeys(out))
