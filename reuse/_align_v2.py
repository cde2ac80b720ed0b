"""Work in progress: new aligner (exact + fuzzy paths)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Indel

from reuse._align_fuzzy import FuzzyParams, fuzzy_fragments, make_space, split_clusters
from reuse._align_text import TextFeatures, features
from reuse.model import Passage
from reuse.normalize import NormalizedText
from reuse.shingle import shingle_hashes

MAX_SEED_REPEATS = 8


@dataclass(frozen=True)
class Opts:
    seed_words: int = 3
    max_gap_words: int = 12
    min_words: int = 15
    min_score: float = 0.0
    exact_min_score: float = 0.5
    unit_words: int = 10
    unit_min_cosine: float = 0.33
    unit_min_dice: float = 0.33
    fuzzy_gap_words: int = 20
    min_fragment_cosine: float = 0.3
    fuzzy: bool = True
    trim_reach: int = 6
    trim_support: int = 2
    exact_cover: float = 0.6
    exact_min_run: int = 6


Fragment = tuple[int, int, int, int]


def _seeds(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _long_runs(i: np.ndarray, j: np.ndarray, min_seeds: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeds that belong to a run of at least ``min_seeds`` consecutive seeds on one diagonal."""
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


def exact_fragments(lf: TextFeatures, rf: TextFeatures, opts: Opts) -> list[Fragment]:
    n = opts.seed_words
    if min(lf.hashes.size, rf.hashes.size) < n:
        return []
    i, j = _seeds(shingle_hashes(lf.hashes, n), shingle_hashes(rf.hashes, n))
    i, j = _long_runs(i, j, max(1, opts.exact_min_run - n + 1))
    out = []
    for members in split_clusters(i, j, opts.max_gap_words + n):
        l0, l1 = int(i[members].min()), int(i[members].max()) + n
        r0, r1 = int(j[members].min()), int(j[members].max()) + n
        if min(l1 - l0, r1 - r0) < opts.min_words:
            continue
        lt, rt = " ".join(lf.words[l0:l1]), " ".join(rf.words[r0:r1])
        if Indel.normalized_similarity(lt, rt) < opts.exact_min_score:
            continue
        out.append((l0, l1, r0, r1))
    return out


def _word_range(content: np.ndarray, tokens: tuple[int, int]) -> tuple[int, int]:
    """Words from just after the content word before ``tokens`` to the last token's word."""
    start = int(content[tokens[0] - 1]) + 1 if tokens[0] > 0 else 0
    return start, int(content[tokens[1] - 1]) + 1


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _groups(frags: list[Fragment]) -> list[list[int]]:
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
            if _overlap(f[0], f[1], g[0], g[1]) and _overlap(f[2], f[3], g[2], g[3]):
                parent[find(a)] = find(b)
    out: dict[int, list[int]] = {}
    for k in range(len(frags)):
        out.setdefault(find(k), []).append(k)
    return list(out.values())


def _box(frags: list[Fragment]) -> Fragment:
    return (min(f[0] for f in frags), max(f[1] for f in frags), min(f[2] for f in frags), max(f[3] for f in frags))


def merge(exact: list[Fragment], fuzzy: list[Fragment], cover: float) -> list[Fragment]:
    """One fragment per group of fragments overlapping on both sides.

    The group's exact fragments alone give its extent when they cover at least ``cover`` of
    the whole group on both sides; otherwise the group's bounding box does.
    """
    frags = exact + fuzzy
    out = []
    for group in _groups(frags):
        box = _box([frags[k] for k in group])
        ex = [frags[k] for k in group if k < len(exact)]
        if ex:
            e = _box(ex)
            if (e[1] - e[0]) >= cover * (box[1] - box[0]) and (e[3] - e[2]) >= cover * (box[3] - box[2]):
                box = e
        out.append(box)
    # boxes may now overlap on both sides again: merge those
    while True:
        groups = _groups(out)
        if len(groups) == len(out):
            return out
        out = [_box([out[k] for k in g]) for g in groups]


def align(left: NormalizedText, right: NormalizedText, options=None) -> list[Passage]:
    opts = options or Opts()
    lf, rf = features(left), features(right)
    exact = exact_fragments(lf, rf, opts)
    frags: list[Fragment] = []
    if opts.fuzzy and lf.stems.size and rf.stems.size:
        space = make_space(lf, rf, opts.unit_words)
        stride = space.left_units.stride
        params = FuzzyParams(
            opts.unit_words, opts.unit_min_cosine, opts.unit_min_dice,
            max(0, opts.fuzzy_gap_words // stride), opts.min_fragment_cosine, opts.trim_reach, opts.trim_support,
        )
        for lt, rt, _cos in fuzzy_fragments(space, params):
            l0, l1 = _word_range(lf.content, lt)
            r0, r1 = _word_range(rf.content, rt)
            frags.append((l0, l1, r0, r1))
    frags = merge(exact, frags, opts.exact_cover)
    kept: list[Fragment] = []
    for f in sorted(frags, key=lambda f: (-(f[1] - f[0] + f[3] - f[2]), f)):
        if min(f[1] - f[0], f[3] - f[2]) < opts.min_words:
            continue
        if any(_overlap(f[0], f[1], k[0], k[1]) or _overlap(f[2], f[3], k[2], k[3]) for k in kept):
            continue
        kept.append(f)
    passages = []
    for l0, l1, r0, r1 in sorted(kept):
        lt, rt = " ".join(lf.words[l0:l1]), " ".join(rf.words[r0:r1])
        score = float(Indel.normalized_similarity(lt, rt))
        if score < opts.min_score:
            continue
        passages.append(Passage(left=left.word_span(l0, l1), right=right.word_span(r0, r1),
                                score=round(score, 4), kind="exact" if lt == rt else "approximate",
                                left_words=l1 - l0, right_words=r1 - r0))
    return passages
