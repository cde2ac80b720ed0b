"""Passage alignment: find and verify the passages two texts share, with exact original spans.

The one aligner every path uses (``reuse check``, template matching, the PAN benchmark). It
works on the normalised texts, so case, punctuation, whitespace and invisible characters do not
matter. Three paths propose *fragments* (a word range in each text):

1. *Exact*: word n-grams (``seed_words``) both texts share, kept only inside runs of at least
   ``min_run_words`` identical words, chained by alternately splitting on each side wherever
   seeds are more than ``max_gap_words`` apart; a chain keeps its heaviest series of diagonal
   runs rising on both sides (a phrase repeated near a copy must not stretch it), its ends are
   carried on while the words stay identical (over a phrase too frequent to seed), and chains
   below ``seed_min_score`` are dropped.
2. *Fuzzy* (:mod:`reuse._align_fuzzy`): half-overlapping windows ("units") of ``unit_words``
   content words (stopwords out, Snowball stems) are compared all at once by tf-idf cosine and
   Dice; unit pairs above both thresholds and near the best match of both units are seeds,
   chained with a gap of ``unit_gap_words``, validated by the cosine of the whole regions (or,
   for a short or low-cosine chain, by how many of its words keep their order on both sides:
   ``short_fragment_order``, ``ordered_fragment_share``), trimmed to the shared content words
   that have shared neighbours, then extended word by word while the words beyond keep matching
   in order (``extend_gap_words``).
3. *Summary*: weaker unit seeds chained with no gap limit on the right side; kept when the
   right region is ``summary_ratio`` times longer, similar enough as a whole, not already
   explained by ordinary fragments and holding no exact copy.

Then, in order:

- exact chains that merely repeat a phrase on one side are dropped (one that runs a few words
  into a longer one on one side loses those words instead);
- fragments that overlap on both sides are merged: the exact extent wins when exact seeds cover
  most of the group, verbatim copies of two places in crossed order stay apart, and around a
  verbatim copy the merged extent reaches out only where the text beyond is similar on both
  sides;
- a fragment that gives the left words of a verbatim copy another source place is dropped; of
  fragments that still overlap on one side, the one sharing the most text is kept (a source
  side that runs a little into a kept fragment is clipped instead, and so is the left side of a
  fragment holding a verbatim copy, by a few words); those under ``min_words`` are dropped;
- ends that are not the end of a verbatim run are snapped to sentence boundaries within
  ``snap_words``;
- *document summary*: the left window (a quarter to a ninth of the right text's length) most
  similar to the whole right text, moved to the nearby whole sentences most similar to it, is
  kept when similar enough, drawing on every quarter of the right text, standing out from the
  rest of the left text and sharing no long verbatim run with it (or when the passages inside
  it are visibly the in-order pieces of one summary); it replaces the passages inside it and
  maps to the whole right text;
- otherwise loose ends grow a sentence at a time while the added sentences are similar
  (``grow_cosine``);
- passages scoring below ``min_score`` are dropped, and word ranges are mapped through the
  offset maps to spans of the original texts.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from rapidfuzz.distance import Indel, LCSseq

from reuse._align_fuzzy import (
    FuzzyParams,
    Space,
    best_window,
    document_summary,
    fuzzy_fragments,
    make_space,
    masked_cosine,
    range_cosine,
    split_clusters,
    summary_fragments,
)
from reuse._align_text import TextFeatures, features
from reuse.model import Passage
from reuse.settings import AlignOptions
from reuse.text.hashing import shingle_hashes
from reuse.text.normalize import NormalizedText

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
    return (
        min(f[0] for f in frags),
        max(f[1] for f in frags),
        min(f[2] for f in frags),
        max(f[3] for f in frags),
    )


VERBATIM_SCORE = 0.95
"""A passage scoring this much (Indel) is a verbatim copy: crossed copies stay apart, a merged
passage grows around one only where the text beyond it is similar too, and the document summary
around one of at least ``summary_document_max_quote`` words is never kept."""

EXACT_ONE_SIDE = 0.95
"""With ``exact_cover_either``, the share of one side that exact seeds must cover for their
extent to win even though the fuzzy extent is longer on the other side."""


def _drop_repeats(exact: list[Fragment]) -> list[Fragment]:
    """Exact fragments without those that overlap a longer one on one side only (a repeat of a
    phrase elsewhere in one text)."""
    kept: list[Fragment] = []
    for f in sorted(exact, key=lambda f: (-(f[1] - f[0] + f[3] - f[2]), f)):
        for k in kept:
            if _overlap(f[0], f[1], k[0], k[1]) == _overlap(f[2], f[3], k[2], k[3]):
                continue
            f = _trim_end(f, k)
            if f[0] >= f[1]:
                break
        else:
            kept.append(f)
    return kept


def _trim_end(f: Fragment, k: Fragment) -> Fragment:
    """Exact fragment ``f`` without the words at one end that overlap ``k`` on one side, taken
    off both sides alike (a copy's words pair up along its diagonal); empty when the overlap is
    ``MAX_CUT_SHARE`` of ``f`` or more, or not at an end."""
    side = 0 if _overlap(f[0], f[1], k[0], k[1]) else 2
    a0, a1 = _cut(f[side], f[side + 1], k[side], k[side + 1])
    if a0 >= a1:
        return (f[0], f[0], f[2], f[2])
    head, tail = a0 - f[side], f[side + 1] - a1
    return (f[0] + head, f[1] - tail, f[2] + head, f[3] - tail)


LONG_PAIR_CHARS = 10**10
"""Two passage sides whose lengths in characters multiply to more than this (100,000 characters
each, some 15,000 words) get their Indel similarity from :func:`_pieced_lcs`: rapidfuzz's exact
Indel costs their product (two copies of a 250,000-word thesis took minutes per call)."""
PIECE_CHARS = 10**8
"""Pieces are cut until their lengths multiply to at most this (about 10,000 characters each)."""


def _indel(left: list[str], right: list[str]) -> float:
    """Indel similarity of two word sequences joined by spaces (rapidfuzz, exactly, unless they
    are very long: see ``LONG_PAIR_CHARS``)."""
    a, b = " ".join(left), " ".join(right)
    if len(a) * len(b) <= LONG_PAIR_CHARS:
        return float(Indel.normalized_similarity(a, b))
    return min(1.0, 2 * _pieced_lcs(left, right) / (len(a) + len(b)))


def _pieced_lcs(left: list[str], right: list[str]) -> int:
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


def _similarity(f: Fragment, lf: TextFeatures, rf: TextFeatures) -> float:
    """Indel similarity of the normalised words of the two sides of ``f``."""
    return _indel(lf.words[f[0] : f[1]], rf.words[f[2] : f[3]])


def _in_order(f: Fragment, lf: TextFeatures, rf: TextFeatures) -> float:
    """Share of the words of the shorter side of ``f`` (all words, stopwords included) that the
    other side has in the same order (longest common subsequence of words)."""
    common = LCSseq.similarity(lf.hashes[f[0] : f[1]].tolist(), rf.hashes[f[2] : f[3]].tolist())
    return common / min(f[1] - f[0], f[3] - f[2])


def _shared(f: Fragment, lf: TextFeatures, rf: TextFeatures, similarity: float | None = None) -> float:
    """How much text the two sides of ``f`` share: Indel similarity (:func:`_similarity`, unless
    already known) times their combined length in characters (twice the length of their longest
    common subsequence)."""
    left, right = " ".join(lf.words[f[0] : f[1]]), " ".join(rf.words[f[2] : f[3]])
    if similarity is None:
        similarity = _indel(lf.words[f[0] : f[1]], rf.words[f[2] : f[3]])
    return similarity * (len(left) + len(right))


def _crossing(frags: list[Fragment], lf: TextFeatures, rf: TextFeatures) -> bool:
    """Whether two verbatim (``VERBATIM_SCORE``) fragments of ``frags`` come in one order in
    the left text and the other in the right: two copies of different places, which no single
    passage can span. (Edited copies are left alone: reordering phrases is a kind of edit.)"""
    if len(frags) < 2:
        return False
    ordered = sorted(f for f in frags if _similarity(f, lf, rf) >= VERBATIM_SCORE)
    return any(a[2] > b[2] for a, b in pairwise(ordered))


def _merge(
    exact: list[Fragment],
    fuzzy: list[Fragment],
    lf: TextFeatures,
    rf: TextFeatures,
    cover: float,
    either: bool = False,
    space: Space | None = None,
    min_cosine: float | None = None,
) -> list[Fragment]:
    """One fragment per group of fragments overlapping on both sides.

    A group whose exact fragments cross (:func:`_crossing`) gives those exact fragments, each
    on its own. The group's exact fragments alone give its extent when they cover at least ``cover`` of
    the whole group on both sides (or, with ``either``, nearly all of it on one side: a fuzzy
    match that runs on in one text only); otherwise the group's bounding box does, except that
    around a verbatim copy the box reaches out only where the words beyond the copy are similar
    on both sides (:func:`_extend`, given ``space`` and ``min_cosine``).
    """
    frags = exact + fuzzy
    out = []
    for group in _groups(frags):
        box = _box([frags[k] for k in group])
        ex = [frags[k] for k in group if k < len(exact)]
        if _crossing(ex, lf, rf):
            out.extend(ex)
            continue
        if ex:
            e = _box(ex)
            lshare = (e[1] - e[0]) / (box[1] - box[0])
            rshare = (e[3] - e[2]) / (box[3] - box[2])
            if min(lshare, rshare) >= cover or (either and max(lshare, rshare) >= EXACT_ONE_SIDE):
                box = e
            elif space is not None and min_cosine is not None and _similarity(e, lf, rf) >= VERBATIM_SCORE:
                box = _extend(e, box, space, lf, rf, min_cosine)
        out.append(box)
    # boxes may now overlap on both sides again: merge those
    while True:
        groups = _groups(out)
        if len(groups) == len(out):
            return out
        out = [_box([out[k] for k in g]) for g in groups]


EXTENSION_MIN_TOKENS = 3
"""Fewest content words on each side for the text beyond a verbatim copy to count as reworded
copying rather than text that merely lies next to the copy."""


def _similar_pieces(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    lw: tuple[int, int],
    rw: tuple[int, int],
    min_cosine: float,
) -> bool:
    """Whether left words ``lw`` and right words ``rw`` (half-open ranges) have at least
    ``EXTENSION_MIN_TOKENS`` content words each and a tf-idf cosine of at least ``min_cosine``."""
    lt = (int(np.searchsorted(lf.content, lw[0])), int(np.searchsorted(lf.content, lw[1])))
    rt = (int(np.searchsorted(rf.content, rw[0])), int(np.searchsorted(rf.content, rw[1])))
    if min(lt[1] - lt[0], rt[1] - rt[0]) < EXTENSION_MIN_TOKENS:
        return False
    return range_cosine(space, lt, rt) >= min_cosine


def _extend(
    e: Fragment, box: Fragment, space: Space, lf: TextFeatures, rf: TextFeatures, min_cosine: float
) -> Fragment:
    """The verbatim fragment ``e`` grown towards ``box`` at each end where the added words have
    at least ``EXTENSION_MIN_TOKENS`` content words on both sides and a tf-idf cosine of at
    least ``min_cosine`` (the copy goes on, reworded); elsewhere ``e``'s own end."""

    start = _similar_pieces(space, lf, rf, (box[0], e[0]), (box[2], e[2]), min_cosine)
    end = _similar_pieces(space, lf, rf, (e[1], box[1]), (e[3], box[3]), min_cosine)
    return (
        box[0] if start else e[0],
        box[1] if end else e[1],
        box[2] if start else e[2],
        box[3] if end else e[3],
    )


def _monotone(i: np.ndarray, j: np.ndarray, members: np.ndarray) -> np.ndarray:
    """The seeds of ``members`` on the heaviest chain of diagonal runs that rises on both sides.

    A run is a stretch of consecutive seeds on one diagonal (identical words in a row); a chain
    takes whole runs, each starting after the last seed of the one before on both sides, and
    has the most seeds. A phrase that the copied text repeats gives seeds off the copy's
    diagonal, which must not stretch the chain's extent on one side.
    """
    order = members[np.lexsort((i[members], i[members] - j[members]))]
    si, sj = i[order], j[order]
    breaks = np.flatnonzero((np.diff(si - sj) != 0) | (np.diff(si) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    stops = np.concatenate((breaks, [si.size]))
    if starts.size < 2:
        return members
    by_left = np.argsort(si[starts], kind="stable")
    starts, stops = starts[by_left], stops[by_left]
    first_i, first_j = si[starts], sj[starts]
    last_i, last_j = si[stops - 1], sj[stops - 1]
    size = (stops - starts).astype(np.int64)
    best = size.copy()
    back = np.full(size.size, -1)
    for k in range(1, size.size):
        fits = np.flatnonzero((last_i[:k] < first_i[k]) & (last_j[:k] < first_j[k]))
        if fits.size:
            m = int(fits[np.argmax(best[fits])])
            best[k] = size[k] + best[m]
            back[k] = m
    chain = []
    k = int(np.argmax(best))
    while k >= 0:
        chain.append(order[starts[k] : stops[k]])
        k = int(back[k])
    return np.concatenate(chain[::-1])


def _exact_fragments(
    lf: TextFeatures, rf: TextFeatures, opts: AlignOptions, floor: int | None = None
) -> list[Fragment]:
    """Chains of exact seeds (see the module docstring) of at least ``floor`` words (default
    ``min_words``), as word ranges."""
    floor = opts.min_words if floor is None else floor
    n = opts.seed_words
    if min(lf.hashes.size, rf.hashes.size) < n:
        return []
    i, j = _seeds(shingle_hashes(lf.hashes, n), shingle_hashes(rf.hashes, n))
    i, j = _long_runs(i, j, max(1, opts.min_run_words - n + 1))
    out = []
    for members in split_clusters(i, j, opts.max_gap_words + n):
        members = _monotone(i, j, members)
        l0, l1 = int(i[members].min()), int(i[members].max()) + n
        r0, r1 = int(j[members].min()), int(j[members].max()) + n
        if min(l1 - l0, r1 - r0) < floor:
            continue
        if _similarity((l0, l1, r0, r1), lf, rf) < opts.seed_min_score:
            continue
        out.append(_along_diagonal((l0, l1, r0, r1), lf.hashes, rf.hashes))
    return list(dict.fromkeys(out))  # chains split by a gap can meet again along the diagonal


def _same_words(lh: np.ndarray, rh: np.ndarray, a: int, b: int, step: int) -> int:
    """How many words from left word ``a`` and right word ``b`` on, going ``step`` (+1 or -1),
    are identical on both sides."""
    if step > 0:
        n = min(lh.size - a, rh.size - b)
        same = lh[a : a + n] == rh[b : b + n]
    else:
        n = min(a + 1, b + 1)
        same = lh[a - n + 1 : a + 1][::-1] == rh[b - n + 1 : b + 1][::-1]
    differ = np.flatnonzero(~same)
    return int(differ[0]) if differ.size else n


def _along_diagonal(f: Fragment, lh: np.ndarray, rh: np.ndarray) -> Fragment:
    """``f`` with each end that closes a run of identical words carried on along its diagonal
    while the words stay identical: seeds of a phrase the texts repeat often are skipped
    (``MAX_SEED_REPEATS``), which must not cut a verbatim copy short or in two."""
    l0, l1, r0, r1 = f
    if lh[l1 - 1] == rh[r1 - 1]:
        grow = _same_words(lh, rh, l1, r1, 1)
        l1, r1 = l1 + grow, r1 + grow
    if lh[l0] == rh[r0]:
        grow = _same_words(lh, rh, l0 - 1, r0 - 1, -1) if l0 > 0 and r0 > 0 else 0
        l0, r0 = l0 - grow, r0 - grow
    return l0, l1, r0, r1


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
        short_fragment_order=opts.short_fragment_order,
        ordered_cosine=opts.ordered_fragment_cosine,
        ordered_share=opts.ordered_fragment_share,
    )

    def word_order(lt: tuple[int, int], rt: tuple[int, int]) -> float:
        """:func:`_in_order` of the words from the first to the last content word of each range."""
        words = (
            int(lf.content[lt[0]]),
            int(lf.content[lt[1] - 1]) + 1,
            int(rf.content[rt[0]]),
            int(rf.content[rt[1] - 1]) + 1,
        )
        return _in_order(words, lf, rf)

    return [
        (*_word_range(lf.content, lt), *_word_range(rf.content, rt))
        for lt, rt, _ in fuzzy_fragments(space, params, word_order)
    ]


def _summaries(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    opts: AlignOptions,
    others: list[Fragment],
    exact: list[Fragment],
) -> list[Fragment]:
    """Summary fragments that no ordinary fragment conflicts with or already explains, and that
    hold no exact copy (a verbatim run inside a summary is reported as the copy it is, not
    swallowed into a summary of the text around it)."""
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
        conflict = any(
            _overlap(cand[0], cand[1], o[0], o[1]) != _overlap(cand[2], cand[3], o[2], o[3]) for o in others
        )
        holds_copy = any(
            _overlap(cand[0], cand[1], e[0], e[1]) and _overlap(cand[2], cand[3], e[2], e[3]) for e in exact
        )
        if not conflict and not holds_copy and _left_cover(cand, others) < opts.summary_max_cover:
            found.append(cand)
    return found


SUMMARY_RATIOS = (4.0, 6.0, 9.0)
"""Right-to-left length ratios of the windows tried by the document summary mode."""
SUMMARY_MIN_WINDOW = 25
"""Fewest content words in a document summary window."""
SUMMARY_MAX_WINDOW = 150
"""Most content words in a document summary window (a summary is a paragraph or two)."""


def _snap_window(
    space: Space, lf: TextFeatures, sentence_ends: np.ndarray, lt: tuple[int, int], reach: int
) -> tuple[int, int] | None:
    """The word range of whole sentences, starting and ending within ``reach`` content words
    of the window ``lt`` (content-word tokens), that is most similar to the whole right text
    (see :func:`best_window`); ``None`` when there is none (or ``reach`` is 0)."""
    n = len(lf.words)
    if reach <= 0 or sentence_ends.size != n:
        return None
    bounds = np.concatenate(([0], np.flatnonzero(sentence_ends[:-1]) + 1, [n]))
    tokens = np.searchsorted(lf.content, bounds)
    tokens, first = np.unique(tokens, return_index=True)
    bounds = bounds[first]
    near_start = np.abs(tokens - lt[0]) <= reach
    near_stop = np.abs(tokens - lt[1]) <= reach
    found = best_window(space, tokens[near_start], tokens[near_stop], SUMMARY_MIN_WINDOW, SUMMARY_MAX_WINDOW)
    if found is None:
        return None
    return int(bounds[tokens == found[0]][0]), int(bounds[tokens == found[1]][0])


def _document_summary(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    opts: AlignOptions,
    others: list[Fragment],
    sentence_ends: np.ndarray,
    exact: list[Fragment],
) -> tuple[Fragment, list[Fragment]] | None:
    """A short left passage summarising the whole right text, and the fragments it absorbs.

    Kept when its cosine with the whole right text reaches ``summary_document_cosine``, the
    texts share no verbatim run of ``summary_document_max_quote`` words, every other fragment
    lies on the left within it (they are pieces of the same summary), and those of them that are
    not themselves summaries (``summary_ratio``) cover less than ``summary_document_max_cover``
    of the right text (else the right text is copied, not summarised). When one of them scores
    ``summary_document_max_score`` or more, the window must also pass :func:`_summary_beyond`.
    Several fragments that are visibly the pieces of one summary (``summary_document_pieces``)
    waive that test and ``summary_document_spread``.
    """
    pieces = _pieces(others, len(rf.words), opts.summary_document_pieces)
    found = document_summary(space, SUMMARY_RATIOS, SUMMARY_MIN_WINDOW, SUMMARY_MAX_WINDOW)
    if found is None or found[1] < opts.summary_document_cosine:
        return None
    if found[2] < opts.summary_document_spread and not pieces:
        return None
    if found[3] < opts.summary_document_contrast:
        return None
    quote = opts.summary_document_max_quote
    if any(e[1] - e[0] >= quote and _similarity(e, lf, rf) >= VERBATIM_SCORE for e in exact):
        return None
    lt = found[0]
    l0, l1 = int(lf.content[lt[0]]), _word_range(lf.content, lt)[1]
    window_words = l1 - l0
    snapped = _snap_window(space, lf, sentence_ends, lt, opts.summary_document_snap)
    if snapped is not None:
        l0, l1 = snapped
    if others:
        l0 = min(l0, min(o[0] for o in others))
        l1 = max(l1, max(o[1] for o in others))
        if l1 - l0 > 2 * window_words:
            return None
        scores = [_similarity(o, lf, rf) for o in others]
        if max(scores) >= opts.summary_document_max_score and not (
            pieces or _summary_beyond(space, lf, rf, (l0, l1), others, opts)
        ):
            return None
        covered = sum(o[3] - o[2] for o in others if o[3] - o[2] < opts.summary_ratio * (o[1] - o[0]))
        if covered >= opts.summary_document_max_cover * len(rf.words):
            return None
    return (l0, l1, 0, len(rf.words)), others


def _pieces(others: list[Fragment], right_words: int, share: float) -> bool:
    """Whether ``others`` look like the pieces of one summary: at least two passages, in the
    same order on both sides, whose right sides span at least ``share`` of the right text."""
    if len(others) < 2:
        return False
    ordered = sorted(others)
    if any(b[2] < a[3] for a, b in pairwise(ordered)):
        return False
    return ordered[-1][3] - ordered[0][2] >= share * right_words


def _summary_beyond(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    window: tuple[int, int],
    others: list[Fragment],
    opts: AlignOptions,
) -> bool:
    """Whether the summary window still summarises the right text once the ordinary passages
    are taken out of both texts: at least ``summary_document_residual_words`` content words of
    the window are left, with a tf-idf cosine of at least ``summary_document_residual`` with
    the rest of the right text (a summary that copies a sentence or two; a copy has nothing
    left)."""
    if opts.summary_document_residual >= 1.0:
        return False
    left_keep = np.zeros(space.left_ids.size, dtype=bool)
    a, b = np.searchsorted(lf.content, window[0]), np.searchsorted(lf.content, window[1])
    left_keep[a:b] = True
    right_keep = np.ones(space.right_ids.size, dtype=bool)
    for o in others:
        left_keep[np.searchsorted(lf.content, o[0]) : np.searchsorted(lf.content, o[1])] = False
        right_keep[np.searchsorted(rf.content, o[2]) : np.searchsorted(rf.content, o[3])] = False
    if int(left_keep.sum()) < opts.summary_document_residual_words:
        return False
    return masked_cosine(space, left_keep, right_keep) >= opts.summary_document_residual


def _anchored(lh: np.ndarray, rh: np.ndarray, a: int, b: int, step: int, run: int) -> bool:
    """Whether words ``a`` (left) and ``b`` (right) and the ``run - 1`` words inwards of them
    match and the words beyond them (``step`` -1: before, +1: after) do not: the end of a
    verbatim run, an exact boundary that sentence snapping and growing leave alone. (A loose
    end of a paraphrase often has one shared word, where trimming stopped; that is no anchor.)"""
    for k in range(run):
        ia, ib = a - step * k, b - step * k
        if not (0 <= ia < lh.size and 0 <= ib < rh.size) or lh[ia] != rh[ib]:
            return False
    na, nb = a + step, b + step
    return not (0 <= na < lh.size and 0 <= nb < rh.size) or lh[na] != rh[nb]


def _snap_range(ends: np.ndarray, first: int, end: int, reach: int) -> tuple[int, int]:
    """``[first, end)`` with each end moved to the nearest sentence boundary within ``reach``
    words (unchanged where there is none)."""
    n = ends.size
    starts = [
        k for k in range(max(0, first - reach), min(end - 1, first + reach) + 1) if k == 0 or ends[k - 1]
    ]
    if starts:
        first = min(starts, key=lambda k: (abs(k - first), k))
    stops = [e for e in range(max(first + 1, end - reach), min(n, end + reach) + 1) if e == n or ends[e - 1]]
    if stops:
        end = min(stops, key=lambda e: (abs(e - end), -e))
    return first, end


def _snap(
    frags: list[Fragment],
    left: NormalizedText,
    right: NormalizedText,
    lf: TextFeatures,
    rf: TextFeatures,
    reach: int,
    run: int,
) -> list[Fragment]:
    """Fragments whose ends are moved to sentence boundaries (see ``snap_words``), except ends
    of verbatim runs of ``run`` words (:func:`_anchored`); a fragment that would then overlap
    another keeps its ends."""
    le, re_ = left.sentence_ends, right.sentence_ends
    if reach <= 0 or le.size != len(lf.words) or re_.size != len(rf.words):
        return frags
    out = []
    for l0, l1, r0, r1 in frags:
        start_fixed = _anchored(lf.hashes, rf.hashes, l0, r0, -1, run)
        end_fixed = _anchored(lf.hashes, rf.hashes, l1 - 1, r1 - 1, 1, run)
        a0, a1 = _snap_range(le, l0, l1, reach)
        b0, b1 = _snap_range(re_, r0, r1, reach)
        out.append(
            (
                l0 if start_fixed else a0,
                l1 if end_fixed else a1,
                r0 if start_fixed else b0,
                r1 if end_fixed else b1,
            )
        )
    result = []
    for k, f in enumerate(out):
        others = [g for m, g in enumerate(out) if m != k] + [g for m, g in enumerate(frags) if m != k]
        if any(_overlap(f[0], f[1], g[0], g[1]) or _overlap(f[2], f[3], g[2], g[3]) for g in others):
            f = frags[k]
        result.append(f)
    return result


GROW_MAX_SENTENCES = 2
"""Most sentences a paraphrased passage grows by at each end (see :func:`_grow`)."""


def _next_stop(ends: np.ndarray, at: int) -> int:
    """The word index just after the first sentence end at or after word ``at``."""
    hits = np.flatnonzero(ends[at:])
    return at + int(hits[0]) + 1 if hits.size else ends.size


def _prev_start(ends: np.ndarray, at: int) -> int:
    """The first word of the sentence that holds word ``at - 1``."""
    hits = np.flatnonzero(ends[: max(at - 1, 0)])
    return int(hits[-1]) + 1 if hits.size else 0


def _free(f: Fragment, others: list[Fragment]) -> bool:
    """Whether ``f`` overlaps none of ``others`` on either side."""
    return not any(_overlap(f[0], f[1], g[0], g[1]) or _overlap(f[2], f[3], g[2], g[3]) for g in others)


def _grow(
    frags: list[Fragment],
    left: NormalizedText,
    right: NormalizedText,
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    min_cosine: float,
    run: int,
) -> list[Fragment]:
    """Fragments grown, a sentence at a time on both sides (at most ``GROW_MAX_SENTENCES`` at
    each end), while the two added pieces are similar (tf-idf cosine of at least
    ``min_cosine``, and ``EXTENSION_MIN_TOKENS`` content words each) and overlap no other
    fragment: a reworded first or last sentence shares too few words with its source to seed a
    passage, but it is still part of the copy. Exact ends (:func:`_anchored`) stay."""
    le, re_ = left.sentence_ends, right.sentence_ends
    if min_cosine >= 1.0 or le.size != len(lf.words) or re_.size != len(rf.words):
        return frags

    def similar(lw: tuple[int, int], rw: tuple[int, int]) -> bool:
        return _similar_pieces(space, lf, rf, lw, rw, min_cosine)

    out = []
    for k, (l0, l1, r0, r1) in enumerate(frags):
        others = frags[:k] + frags[k + 1 :]
        if not _anchored(lf.hashes, rf.hashes, l1 - 1, r1 - 1, 1, run):
            for _ in range(GROW_MAX_SENTENCES):
                a, b = _next_stop(le, l1), _next_stop(re_, r1)
                if a <= l1 or b <= r1 or not similar((l1, a), (r1, b)) or not _free((l0, a, r0, b), others):
                    break
                l1, r1 = a, b
        if not _anchored(lf.hashes, rf.hashes, l0, r0, -1, run):
            for _ in range(GROW_MAX_SENTENCES):
                a, b = _prev_start(le, l0), _prev_start(re_, r0)
                if a >= l0 or b >= r0 or not similar((a, l0), (b, r0)) or not _free((a, l1, b, r1), others):
                    break
                l0, r0 = a, b
        out.append((l0, l1, r0, r1))
    return out


EXTEND_REACH = 80
"""Most words looked at beyond each end of a fragment when extending it (``_extend_matching``)."""
EXTEND_MIN_RUN = 2
"""Identical consecutive words a match beyond a gap needs for the extension to go on to it (a
lone shared word such as "the" after a gap is chance) ..."""
EXTEND_GAP_PER_WORD = 10
"""... and one more word for every this many words of the gap (a longer gap needs a longer run)."""


def _reach(left: list[int], right: list[int], gap: int) -> tuple[int, int]:
    """How many words, from the start of ``left`` and of ``right``, the two keep matching: runs
    of identical words in the same order (longest common subsequence), each at most ``gap``
    words after the last on both sides; a run after a gap of ``k`` words needs
    ``EXTEND_MIN_RUN + k // EXTEND_GAP_PER_WORD`` words."""
    a = b = 0
    if not left or not right:
        return a, b
    for block in LCSseq.editops(left, right).as_matching_blocks():
        if block.size == 0:
            continue
        if block.a - a > gap or block.b - b > gap:
            break
        skipped = max(block.a - a, block.b - b)
        if skipped > 0 and block.size < EXTEND_MIN_RUN + skipped // EXTEND_GAP_PER_WORD:
            continue
        a, b = block.a + block.size, block.b + block.size
    return a, b


def _extend_matching(
    frags: list[Fragment], exact: list[Fragment], lf: TextFeatures, rf: TextFeatures, opts: AlignOptions
) -> list[Fragment]:
    """Fuzzy fragments, each extended at both ends while the words beyond keep matching in order
    (:func:`_reach` with ``extend_gap_words``), but never into an exact fragment; an extension
    is kept when the fragment then has ``min_words`` and ``ordered_fragment_share`` of its
    shorter side's words stand in the same order on the other side. Seeds and trimming work on
    content words, so a scrambled copy is found as short pieces with loose ends; the words
    around them, stopwords included, still match."""
    if opts.extend_gap_words <= 0:
        return frags
    lh, rh = lf.hashes, rf.hashes
    out = []
    for f in frags:
        l0, l1, r0, r1 = f
        # how far each end may go: up to the reach, and not into an exact fragment
        stop_l = min([l1 + EXTEND_REACH] + [e[0] for e in exact if e[0] >= l1])
        stop_r = min([r1 + EXTEND_REACH] + [e[2] for e in exact if e[2] >= r1])
        from_l = max([l0 - EXTEND_REACH, 0] + [e[1] for e in exact if e[1] <= l0])
        from_r = max([r0 - EXTEND_REACH, 0] + [e[3] for e in exact if e[3] <= r0])
        a, b = _reach(lh[l1:stop_l].tolist(), rh[r1:stop_r].tolist(), opts.extend_gap_words)
        l1, r1 = l1 + a, r1 + b
        a, b = _reach(lh[from_l:l0][::-1].tolist(), rh[from_r:r0][::-1].tolist(), opts.extend_gap_words)
        l0, r0 = l0 - a, r0 - b
        grown = (l0, l1, r0, r1)
        ok = (
            min(l1 - l0, r1 - r0) >= opts.min_words
            and _in_order(grown, lf, rf) >= opts.ordered_fragment_share
        )
        out.append(grown if ok else f)
    return out


def _select(
    frags: list[Fragment], exact: list[Fragment], min_words: int, lf: TextFeatures, rf: TextFeatures
) -> list[Fragment]:
    """Fragments of at least ``min_words`` that overlap no kept one on either side, those that
    share the most text first (a verbatim copy wins over a longer loose match across it).

    A fragment whose left side overlaps a verbatim (``VERBATIM_SCORE``) fragment's while its
    right side lies elsewhere is dropped first, however much text it shares: the copy shows
    where those left words came from. A fragment holding a verbatim exact chain may lose a
    few left words to a kept fragment (:func:`_clear_of`).
    """
    frags = [f for f in frags if min(f[1] - f[0], f[3] - f[2]) >= min_words]
    similarity = {f: _similarity(f, lf, rf) for f in frags}
    verbatim = [f for f in frags if similarity[f] >= VERBATIM_SCORE]
    frags = [f for f in frags if f in verbatim or not any(_elsewhere(f, v) for v in verbatim)]
    copies = [e for e in exact if _similarity(e, lf, rf) >= VERBATIM_SCORE]
    shared = {f: _shared(f, lf, rf, similarity[f]) for f in frags}
    kept: list[Fragment] = []
    for f in sorted(frags, key=lambda f: (-shared[f], f)):
        cut = _clear_of(f, kept, left_cut=any(_within(e, f) for e in copies))
        if cut is not None and min(cut[1] - cut[0], cut[3] - cut[2]) >= min_words:
            kept.append(cut)
    return sorted(kept)


def _elsewhere(f: Fragment, v: Fragment) -> bool:
    """Whether ``f`` shares left words with ``v`` but pairs them with other right words."""
    return _overlap(f[0], f[1], v[0], v[1]) and not _overlap(f[2], f[3], v[2], v[3])


def _within(e: Fragment, f: Fragment) -> bool:
    """Whether ``e`` lies inside ``f`` on both sides."""
    return f[0] <= e[0] and e[1] <= f[1] and f[2] <= e[2] and e[3] <= f[3]


MAX_CUT_SHARE = 0.5
"""A fragment whose right side runs into a kept fragment's right side by less than this share
of its length there loses the overlapping words; more, and it is dropped."""


MAX_LEFT_CUT_SHARE = 0.1
"""... and on the left side, where a passage is one piece of writing, only this much."""


def _clear_of(f: Fragment, kept: list[Fragment], left_cut: bool = False) -> Fragment | None:
    """``f`` clear of the kept fragments, or ``None`` when it cannot be.

    The right (source) side is cut where it runs a little (``MAX_CUT_SHARE``) into a kept
    fragment: neighbouring source paragraphs copied to different places of the left text, whose
    loose ends touch. An overlap on the left side drops ``f``: a left passage that runs into
    another is one piece of writing drawing on two places (a summary, say), and is reported once.
    With ``left_cut`` (``f`` holds a verbatim copy, so its place is certain) a left overlap of
    up to ``MAX_LEFT_CUT_SHARE`` at one end is cut instead.
    """
    l0, l1, r0, r1 = f
    for k in kept:
        if _overlap(l0, l1, k[0], k[1]):
            l0, l1 = _cut(l0, l1, k[0], k[1], MAX_LEFT_CUT_SHARE if left_cut else 0.0)
            if l0 >= l1:
                return None
        if _overlap(r0, r1, k[2], k[3]):
            r0, r1 = _cut(r0, r1, k[2], k[3])
            if r0 >= r1:
                return None
    return (l0, l1, r0, r1)


def _cut(a0: int, a1: int, b0: int, b1: int, share: float = MAX_CUT_SHARE) -> tuple[int, int]:
    """``[a0, a1)`` without its overlap with ``[b0, b1)`` when that is a small part at one end
    (``MAX_CUT_SHARE``); an empty range otherwise."""
    overlap = min(a1, b1) - max(a0, b0)
    if overlap >= share * (a1 - a0) or (b0 > a0 and b1 < a1):
        return a0, a0
    return (b1, a1) if b0 <= a0 else (a0, b0)


def _with_short_copies(
    selected: list[Fragment], short: list[Fragment], lf: TextFeatures, rf: TextFeatures
) -> list[Fragment]:
    """``selected`` and the verbatim runs in ``short`` (exact chains under ``min_words``, at least
    ``min_exact_words``) that overlap none of them, nor each other, on either side.

    Such a run takes no part in merging, selection or summaries, so it changes no other passage: it
    is only reported where nothing else was found, and only when its two sides are the same words.
    """
    kept = list(selected)
    for e in sorted(short, key=lambda e: (-(e[1] - e[0]), e)):
        if lf.words[e[0] : e[1]] != rf.words[e[2] : e[3]]:
            continue
        if any(_overlap(e[0], e[1], k[0], k[1]) or _overlap(e[2], e[3], k[2], k[3]) for k in kept):
            continue
        kept.append(e)
    return sorted(kept)


def _whole(left: NormalizedText, right: NormalizedText) -> Passage:
    """The passage of two texts whose normalised words are the same: all of it, exact.

    Taken before seeding, whose repeat limits (``MAX_SEED_REPEATS``, ``MAX_STEM_PAIRS``) find
    nothing in a long, highly repetitive text: two copies of it gave no passage at all."""
    words = left.word_count
    return Passage(
        left=left.word_span(0, words),
        right=right.word_span(0, words),
        score=1.0,
        kind="exact",
        left_words=words,
        right_words=words,
    )


def align(left: NormalizedText, right: NormalizedText, options: AlignOptions | None = None) -> list[Passage]:
    """Passages shared by two texts, as spans of their original texts, in left order.

    Args:
        left: the normalised left text (a submission, or the suspicious document).
        right: the normalised right text (a source or a peer).
        options: alignment parameters; the library defaults if ``None``.

    Returns:
        Verified passages that do not overlap each other on either side.

    Example:
        >>> from reuse.text.normalize import normalize
        >>> a = normalize("Intro. " + "The quick brown fox jumps over the lazy dog " * 2)
        >>> b = normalize("THE QUICK brown fox, jumps over the lazy dog! " * 2 + "Outro")
        >>> [(p.left, p.kind) for p in align(a, b, AlignOptions(min_words=5))]
        [(Span(start=7, end=94), 'exact')]
    """
    opts = options or AlignOptions()
    floor = min(opts.min_words, opts.min_exact_words)
    if min(left.word_count, right.word_count) < floor:
        return []
    if left.text == right.text:
        return [_whole(left, right)]
    lf, rf = features(left), features(right)
    found = _exact_fragments(lf, rf, opts, floor)
    exact = [e for e in found if min(e[1] - e[0], e[3] - e[2]) >= opts.min_words]
    short = [e for e in found if e not in exact]  # verbatim candidates under min_words
    if opts.exact_repeats:
        exact = _drop_repeats(exact)
        short = [e for e in _drop_repeats(found) if e in short] if short else short
    fuzzy: list[Fragment] = []
    space = None
    if opts.fuzzy and lf.stems.size and rf.stems.size:
        space = make_space(lf, rf, opts.unit_words)
        fuzzy = _fuzzy(space, lf, rf, opts)
        fuzzy = _extend_matching(fuzzy, exact, lf, rf, opts)
        if opts.summary:
            fuzzy += _summaries(space, lf, rf, opts, fuzzy + exact, exact)
    merged = _merge(
        exact, fuzzy, lf, rf, opts.exact_cover, opts.exact_cover_either, space, opts.unit_min_cosine
    )
    selected = _select(merged, exact, opts.min_words, lf, rf)
    selected = _snap(selected, left, right, lf, rf, opts.snap_words, opts.min_run_words)
    if space is not None:
        doc = (
            _document_summary(space, lf, rf, opts, selected, left.sentence_ends, exact)
            if opts.summary_document
            else None
        )
        selected = (
            [doc[0]]
            if doc is not None
            else _grow(selected, left, right, space, lf, rf, opts.grow_cosine, opts.min_run_words)
        )
    selected = _with_short_copies(selected, short, lf, rf)
    passages = []
    for l0, l1, r0, r1 in selected:
        left_text, right_text = " ".join(lf.words[l0:l1]), " ".join(rf.words[r0:r1])
        score = _indel(lf.words[l0:l1], rf.words[r0:r1])
        shortest = floor if left_text == right_text else opts.min_words  # exact copies from a lower floor
        if score < opts.min_score or min(l1 - l0, r1 - r0) < shortest:
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
