"""Computations of ``reuse.align.summary`` as they were before they were made cheaper (commit 6e7ed77):
the references the faster ones must equal."""

from __future__ import annotations

import numpy as np

from reuse.align.exact import split_clusters
from reuse.align.space import Units


def reference_long_on_the_right(
    a: np.ndarray,
    b: np.ndarray,
    left: Units,
    right: Units,
    tokens: tuple[int, int],
    *,
    gap: int,
    ratio: float,
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``reuse.align.summary.summary_fragments``'s clusters at 6e7ed77: split alternately on each side
    (:func:`split_clusters`, no gap limit on the right), then each cluster's extreme units taken for
    all clusters at once (``_long_on_the_right``)."""
    clusters = [m for m in split_clusters(a, b, gap, gap_right=right.count) if m.size >= 2]
    if not clusters:
        return []
    flat = np.concatenate(clusters)
    starts = np.cumsum([0] + [members.size for members in clusters[:-1]])
    lt0 = np.minimum.reduceat(a[flat], starts) * left.stride
    lt1 = np.minimum(np.maximum.reduceat(a[flat], starts) * left.stride + left.size, tokens[0])
    rt0 = np.minimum.reduceat(b[flat], starts) * right.stride
    rt1 = np.minimum(np.maximum.reduceat(b[flat], starts) * right.stride + right.size, tokens[1])
    keep = np.flatnonzero(~(rt1 - rt0 < ratio * (lt1 - lt0)))
    return [((int(lt0[k]), int(lt1[k])), (int(rt0[k]), int(rt1[k]))) for k in keep.tolist()]
