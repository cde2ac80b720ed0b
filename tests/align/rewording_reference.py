"""Computations of ``reuse.align.rewording`` as they were before they were made cheaper (commit 6e7ed77):
the references the faster ones must equal, array for array."""

from __future__ import annotations

import numpy as np

from reuse.align.rewording import (
    MAX_CHAINS,
    MAX_PREDECESSORS,
    MAX_SEEDS,
    REWORDING_BEST_RATIO,
    REWORDING_SKIP,
)
from reuse.align.space import Space, join, unique_counts, unique_inverse


def reference_sentence_entries(
    ids: np.ndarray, tokens: np.ndarray, idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``reuse.align.rewording._sentence_entries`` at 6e7ed77: the entries of a text's shared ids."""
    sentences = tokens.size - 1
    of = np.searchsorted(tokens, np.arange(ids.size), side="right") - 1
    vocab = max(idf.size, 1)
    key, tf = unique_counts(of * vocab + ids)
    sentence, stem = key // vocab, key % vocab
    weight = tf * idf[stem]
    norm = np.sqrt(np.bincount(sentence, weight * weight, minlength=sentences))
    return sentence, stem, weight, norm


def reference_sentence_seeds(
    space: Space, left_tokens: np.ndarray, right_tokens: np.ndarray, *, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``reuse.align.rewording.sentence_seeds`` at 6e7ed77: each pair's entries computed anew, the sums
    gathered by the distinct sentence pairs."""
    ls, lstem, lw, lnorm = reference_sentence_entries(space.left_ids, left_tokens, space.idf)
    rs, rstem, rw, rnorm = reference_sentence_entries(space.right_ids, right_tokens, space.idf)
    a, b = join(lstem, rstem, bound=space.idf.size)
    right_count = right_tokens.size - 1
    keys, inverse = unique_inverse(ls[a] * right_count + rs[b])
    dot = np.bincount(inverse.reshape(-1), lw[a] * rw[b], minlength=keys.size)
    i, j = keys // right_count, keys % right_count
    denominator = lnorm[i] * rnorm[j]
    cosine = np.divide(dot, denominator, out=np.zeros(dot.shape), where=denominator > 0)
    row = np.zeros(left_tokens.size - 1)
    col = np.zeros(right_count)
    np.maximum.at(row, i, cosine)
    np.maximum.at(col, j, cosine)
    keep = (
        (cosine >= min_cosine)
        & (cosine >= REWORDING_BEST_RATIO * row[i])
        & (cosine >= REWORDING_BEST_RATIO * col[j])
    )
    if int(keep.sum()) > MAX_SEEDS:
        keep &= cosine >= np.sort(cosine[keep])[-MAX_SEEDS]
    return i[keep], j[keep], cosine[keep]


def reference_chains(i: np.ndarray, j: np.ndarray, cosine: np.ndarray) -> list[np.ndarray]:
    """``reuse.align.rewording._chains`` at 6e7ed77: seed chains rising on both sides, heaviest first,
    each seed in one chain at most: the members of every chain, as seed indices in order.

    One pass of dynamic programming gives every seed its heaviest chain ending there; chains are
    then read back from the heaviest end down, each stopping where it meets a seed already taken.
    """
    n = i.size
    ii, jj, cc = i.tolist(), j.tolist(), cosine.tolist()
    weight = list(cc)
    before = [-1] * n
    lo = 0
    for k in range(n):  # plain Python: the predecessors of a seed are a handful of nearby seeds
        while ii[lo] < ii[k] - REWORDING_SKIP:
            lo += 1
        top, arg = 0.0, -1
        for m in range(max(lo, k - MAX_PREDECESSORS), k):
            if (
                jj[k] - REWORDING_SKIP <= jj[m] <= jj[k]
                and (ii[m] < ii[k] or jj[m] < jj[k])
                and weight[m] > top
            ):
                top, arg = weight[m], m
        if arg >= 0:
            weight[k] = cc[k] + top
            before[k] = arg
    best, back = np.array(weight), np.array(before)
    taken = np.zeros(n, dtype=bool)
    found: list[np.ndarray] = []
    for end in np.argsort(-best, kind="stable")[: MAX_CHAINS * 4]:
        if taken[end]:
            continue
        members = [int(end)]
        while back[members[-1]] >= 0 and not taken[back[members[-1]]]:
            members.append(int(back[members[-1]]))
        chain = np.array(members[::-1])
        taken[chain] = True
        found.append(chain)
        if len(found) >= MAX_CHAINS:
            break
    return found
