"""Passage alignment: find and verify the passages two texts share, with exact original spans.

The one aligner every path uses (``reuse check``, template matching, the PAN benchmark). It
works on the normalised texts, so case, punctuation, whitespace and invisible characters do not
matter. Three paths propose *fragments* (a word range in each text):

1. *Exact*: word n-grams (``seed_words``) both texts share, kept only inside runs of at least
   ``min_run_words`` identical words, chained by alternately splitting on each side wherever
   seeds are more than ``max_gap_words`` apart; chains below ``seed_min_score`` are dropped.
2. *Fuzzy* (:mod:`reuse._align_fuzzy`): half-overlapping windows ("units") of ``unit_words``
   content words (stopwords out, Snowball stems) are compared all at once by tf-idf cosine and
   Dice; unit pairs above both thresholds and near the best match of both units are seeds,
   chained with a gap of ``unit_gap_words``, validated by the cosine of the whole regions and
   trimmed to the shared content words that have shared neighbours.
3. *Summary*: weaker unit seeds chained with no gap limit on the right side; kept when the
   right region is ``summary_ratio`` times longer, similar enough as a whole, and not already
   explained by ordinary fragments.

Fragments that overlap on both sides are merged (keeping the exact extent when exact seeds cover
most of it); of fragments that still overlap on one side the larger is kept; passages shorter
than ``min_words`` or scoring below ``min_score`` are dropped; word ranges are mapped through
the offset maps to spans of the original texts.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Indel

from reuse._align_fuzzy import FuzzyParams, Space, fuzzy_fragments, make_space, split_clusters, summary_fragments
from reuse._align_text import TextFeatures, features
from reuse.model import Passage
from reuse.normalize import NormalizedText
from reuse.settings import AlignOptions
from reuse.shingle import shingle_hashes

MAX_SEED_REPEATS = 8
"""An n-gram occurring more often than this in either text is not used as a seed."""

Fragment = tuple[int, int, int, int]
"""``(left_first, left_end, right_first, right_end)``: half-open word ranges."""


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


def _word_range(content: np.ndarray, tokens: tuple[int, int]) -> tuple[int, int]:
    """Words from just after the content word before ``tokens`` to the last token's word."""
    start = int(content[tokens[0] - 1]) + 1 if tokens[0] > 0 else 0
    return start, int(content[tokens[1] - 1]) + 1


def _left_cover(frag: Fragment, others: list[Fragment]) -> float:
    """Share of ``frag``'s left words covered by the left sides of ``others``."""
    mask = np.zeros(frag[1] - frag[0], dtype=bool)
    for o in others:
        lo, hi = max(o[0], frag[0]), min(o[1], frag[1])
        if lo < hi:
            mask[lo - frag[0] : hi - frag[0]] = True
    return float(mask.mean()) if mask.size else 0.0


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether ``[a0, a1)`` and ``[b0, b1)`` share a position."""
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
    """The smallest fragment containing all of ``frags``."""
    return (min(f[0] for f in frags), max(f[1] for f in frags), min(f[2] for f in frags), max(f[3] for f in frags))


def _merge(exact: list[Fragment], fuzzy: list[Fragment], cover: float) -> list[Fragment]:
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


def _exact_fragments(lf: TextFeatures, rf: TextFeatures, opts: AlignOptions) -> list[Fragment]:
    """Chains of exact seeds (see the module docstring), as word ranges."""
    n = opts.seed_words
    if min(lf.hashes.size, rf.hashes.size) < n:
        return []
    i, j = _seeds(shingle_hashes(lf.hashes, n), shingle_hashes(rf.hashes, n))
    i, j = _long_runs(i, j, max(1, opts.min_run_words - n + 1))
    out = []
    for members in split_clusters(i, j, opts.max_gap_words + n):
        l0, l1 = int(i[members].min()), int(i[members].max()) + n
        r0, r1 = int(j[members].min()), int(j[members].max()) + n
        if min(l1 - l0, r1 - r0) < opts.min_words:
            continue
        if Indel.normalized_similarity(" ".join(lf.words[l0:l1]), " ".join(rf.words[r0:r1])) < opts.seed_min_score:
            continue
        out.append((l0, l1, r0, r1))
    return out


def _fuzzy(space: Space, lf: TextFeatures, rf: TextFeatures, opts: AlignOptions) -> list[Fragment]:
    """Fuzzy fragments as word ranges."""
    stride = space.left_units.stride
    params = FuzzyParams(
        unit_words=opts.unit_words,
        min_cosine=opts.unit_min_cosine,
        min_dice=opts.unit_min_dice,
        max_gap_units=opts.unit_gap_words // stride,
        min_fragment_cosine=opts.min_fragment_cosine,
        trim_reach=opts.trim_reach,
        trim_support=opts.trim_support,
        best_ratio=opts.unit_best_ratio,
        short_fragment_cosine=opts.short_fragment_cosine,
    )
    return [(*_word_range(lf.content, lt), *_word_range(rf.content, rt)) for lt, rt, _ in fuzzy_fragments(space, params)]


def _summaries(
    space: Space, lf: TextFeatures, rf: TextFeatures, opts: AlignOptions, others: list[Fragment]
) -> list[Fragment]:
    """Summary fragments that no ordinary fragment conflicts with or already explains."""
    found = []
    candidates = summary_fragments(
        space,
        opts.summary_min_cosine,
        opts.summary_min_dice,
        opts.summary_gap_words // space.left_units.stride,
        opts.summary_min_cosine_whole,
        opts.summary_ratio,
    )
    for lt, rt, _ in candidates:
        cand = (*_word_range(lf.content, lt), *_word_range(rf.content, rt))
        conflict = any(_overlap(cand[0], cand[1], o[0], o[1]) != _overlap(cand[2], cand[3], o[2], o[3]) for o in others)
        if not conflict and _left_cover(cand, others) < opts.summary_max_cover:
            found.append(cand)
    return found


def _select(frags: list[Fragment], min_words: int) -> list[Fragment]:
    """Largest first, fragments of at least ``min_words`` that overlap no kept one on either side."""
    kept: list[Fragment] = []
    for f in sorted(frags, key=lambda f: (-(f[1] - f[0] + f[3] - f[2]), f)):
        if min(f[1] - f[0], f[3] - f[2]) < min_words:
            continue
        if any(_overlap(f[0], f[1], k[0], k[1]) or _overlap(f[2], f[3], k[2], k[3]) for k in kept):
            continue
        kept.append(f)
    return sorted(kept)


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
    if min(left.word_count, right.word_count) < opts.min_words:
        return []
    lf, rf = features(left), features(right)
    exact = _exact_fragments(lf, rf, opts)
    fuzzy: list[Fragment] = []
    if opts.fuzzy and lf.stems.size and rf.stems.size:
        space = make_space(lf, rf, opts.unit_words)
        fuzzy = _fuzzy(space, lf, rf, opts)
        if opts.summary:
            fuzzy += _summaries(space, lf, rf, opts, fuzzy + exact)
    passages = []
    for l0, l1, r0, r1 in _select(_merge(exact, fuzzy, opts.exact_cover), opts.min_words):
        left_text, right_text = " ".join(lf.words[l0:l1]), " ".join(rf.words[r0:r1])
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
