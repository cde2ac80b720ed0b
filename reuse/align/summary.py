"""The summary paths: a short left passage that summarises a much longer right passage, or the
whole right text.

- *Summary fragments* (:func:`summaries`): weaker unit seeds chained with no gap limit on the
  right side; kept when the right region is ``summary_ratio`` times longer, similar enough as a
  whole, not already explained by ordinary fragments and holding no exact copy.
- *Document summary* (:func:`whole_text_summary`): the left window (a quarter to a ninth of the
  right text's length) most similar to the whole right text, moved to the nearby whole sentences
  most similar to it, is kept when similar enough, drawing on every quarter of the right text,
  standing out from the rest of the left text and sharing no long verbatim run with it (or when
  the passages inside it are visibly the in-order pieces of one summary); it replaces the
  passages inside it and maps to the whole right text.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment, fragment_of, left_cover, overlap_left, overlap_right, word_range
from reuse.align.fuzzy import unit_seeds
from reuse.align.similarity import VERBATIM_SCORE, similarity
from reuse.align.space import Space, Units, masked_cosine, median, norm, range_cosine
from reuse.settings import DocumentSummaryOptions, SummaryOptions


def summary_fragments(
    space: Space, opts: SummaryOptions
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Fragments where a short left passage summarises a much longer right passage, as
    ``(left tokens, right tokens, cosine)``.

    Weaker unit seeds (``min_cosine``, ``min_dice``) are clustered with ``gap_words`` on the
    left and no gap limit on the right; a cluster is kept when its right side is at least ``ratio``
    times its left side and the two regions' cosine reaches ``min_cosine_whole``.
    """
    a, b = unit_seeds(
        space, min_cosine=opts.min_cosine, min_dice=opts.min_dice, best_ratio=0.0
    )
    found = []
    for lt, rt in long_on_the_right(
        a,
        b,
        space.left_units,
        space.right_units,
        (space.left_ids.size, space.right_ids.size),
        gap=opts.gap_words // space.left_units.stride,
        ratio=opts.ratio,
    ):
        cosine = range_cosine(space, lt, rt)
        if cosine >= opts.min_cosine_whole:
            found.append((lt, rt, cosine))
    return found


def long_on_the_right(
    a: np.ndarray,
    b: np.ndarray,
    left: Units,
    right: Units,
    tokens: tuple[int, int],
    *,
    gap: int,
    ratio: float,
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The token ranges ``(left, right)`` of the clusters of unit seeds ``(a, b)`` (units of layouts
    ``left`` and ``right`` over ``tokens`` content words) split wherever two seeds are more than
    ``gap`` units apart on the left, with at least two seeds, whose right range is at least ``ratio``
    times their left one: the clusters :func:`~reuse.align.exact.split_clusters` gives with ``gap``
    and ``gap_right=right.count``, in its order, all at once.

    Why the same: no two right units are ``right.count`` apart, so that split never cuts on the right
    and its clusters are the runs of the seeds sorted by left unit with no step over ``gap``. It
    finishes the last run it cut first (a stack), so its clusters come in falling left order. Only
    each cluster's extreme units matter (a run sorted by left unit starts at its least and ends at
    its greatest), and they are taken for all runs at once (a few numpy calls per cluster cost more
    than the test; most clusters fail it)."""
    if a.size == 0:
        return []
    order = np.argsort(a, kind="stable")
    sa, sb = a[order], b[order]
    starts = np.flatnonzero(firsts_of_runs(sa, gap))
    stops = np.append(starts[1:], sa.size)
    lt0 = sa[starts] * left.stride
    lt1 = np.minimum(sa[stops - 1] * left.stride + left.size, tokens[0])
    rt0 = np.minimum.reduceat(sb, starts) * right.stride
    rt1 = np.minimum(np.maximum.reduceat(sb, starts) * right.stride + right.size, tokens[1])
    keep = np.flatnonzero((stops - starts >= 2) & ~(rt1 - rt0 < ratio * (lt1 - lt0)))[::-1]
    return [((int(lt0[k]), int(lt1[k])), (int(rt0[k]), int(rt1[k]))) for k in keep.tolist()]


def firsts_of_runs(ordered: np.ndarray, gap: int) -> np.ndarray:
    """Where each run of a sorted array with no step over ``gap`` starts (a boolean mask)."""
    first = np.empty(ordered.size, dtype=bool)
    first[:1] = True
    np.greater(ordered[1:] - ordered[:-1], gap, out=first[1:])
    return first


SUMMARY_RATIOS = (4.0, 6.0, 9.0)
"""Right-to-left length ratios of the windows tried by the document summary mode."""
SUMMARY_MIN_WINDOW = 25
"""Fewest content words in a document summary window."""
SUMMARY_MAX_WINDOW = 150
"""Most content words in a document summary window (a summary is a paragraph or two)."""


@dataclass(frozen=True, slots=True)
class WindowSummary:
    """The left window most similar to the whole right text (:func:`document_summary`).

    Attributes:
        window: the window, as a half-open range of left content-word tokens.
        cosine: its tf-idf cosine with the whole right text.
        spread: its lowest cosine with any quarter of the right text (a summary draws on all of
            it; a copied passage or a topic match on a part).
        contrast: how far the best window's (estimated) cosine stands above the median window's
            (a text merely on the source's topic is about as similar everywhere).
        median: the median window's (estimated) cosine.
    """

    window: tuple[int, int]
    cosine: float
    spread: float
    contrast: float
    median: float


def document_summary(
    space: Space,
    *,
    ratios: tuple[float, ...] = SUMMARY_RATIOS,
    min_window: int = SUMMARY_MIN_WINDOW,
    max_window: int = SUMMARY_MAX_WINDOW,
    need: DocumentSummaryOptions | None = None,
) -> WindowSummary | None:
    """The left window (content-word tokens) most similar to the *whole* right text, with its
    tf-idf cosine, among windows of ``right tokens / ratio`` tokens for each ratio, and the
    lowest cosine of that window with any quarter of the right text (a summary draws on all
    of it; a copied passage or a topic match on a part), and how far the best window's
    (estimated) cosine stands above the median window's (a text merely on the source's topic
    is about as similar everywhere), and that median window's (estimated) cosine.

    Windows are scored at every start with prefix sums (the window norm counts repeated stems
    as distinct, a slight underestimate of the cosine's denominator for repeats); the best is
    rescored exactly. ``None`` when the left text is too short for any window, or, given ``need``, when
    the window falls short of its ``contrast``, ``cosine`` or ``spread`` (checked in that order, as soon
    as each is known: most windows fail the first two, and their quarters are then not scored).
    """
    n_left, n_right = space.left_ids.size, space.right_ids.size
    if n_right == 0:
        return None
    whole = np.bincount(space.right_ids, minlength=space.idf.size) * space.idf
    whole_norm = norm(whole)
    if whole_norm == 0:
        return None
    idf = space.idf[space.left_ids]
    dot = np.concatenate(([0.0], np.cumsum(idf * whole[space.left_ids])))
    sq = np.concatenate(([0.0], np.cumsum(idf * idf)))
    best: tuple[float, int, int, float] | None = None
    for ratio in ratios:
        size = int(n_right / ratio)
        if size < min_window or size > min(n_left, max_window):
            continue
        d = dot[size:] - dot[:-size]
        q = np.sqrt(np.maximum(sq[size:] - sq[:-size], 1e-12))
        score = d / (q * whole_norm)
        k = int(np.argmax(score))
        if best is None or score[k] > best[0]:
            best = (float(score[k]), k, k + size, median(score))  # scores: non-negative sums, never -0.0
    if best is None:
        return None
    lt = (best[1], best[2])
    contrast = best[0] - best[3]
    if need is not None and contrast < need.contrast:
        return None
    cosine = range_cosine(space, lt, (0, n_right))
    if need is not None and cosine < need.cosine:
        return None
    quarters = min(range_cosine(space, lt, (n_right * k // 4, n_right * (k + 1) // 4)) for k in range(4))
    if need is not None and quarters < need.spread:
        return None
    return WindowSummary(lt, cosine, quarters, contrast, best[3])


def best_window(
    space: Space, starts: np.ndarray, stops: np.ndarray, *, min_size: int, max_size: int
) -> tuple[int, int] | None:
    """Among left windows ``[start, stop)`` (content-word tokens) with a start from ``starts``,
    a stop from ``stops`` and between ``min_size`` and ``max_size`` tokens, the one with the
    highest tf-idf cosine with the whole right text (``None`` when there is none).

    All candidates are scored at once from per-candidate prefix counts: no loop over pairs.
    """
    if starts.size == 0 or stops.size == 0:
        return None
    whole = np.bincount(space.right_ids, minlength=space.idf.size) * space.idf
    positions = np.unique(np.concatenate([starts, stops]))
    # the stems of the span the windows can cover, renumbered: arrays stay candidates^2 x span
    lo, hi = int(positions[0]), int(positions[-1])
    stems, local = np.unique(space.left_ids[lo:hi], return_inverse=True)
    # prefix term counts at each candidate position: prefix[k] = counts of left_ids[lo:positions[k]]
    onehot = np.zeros((positions.size, stems.size))
    segment = np.searchsorted(positions, np.arange(lo, hi), side="right")
    np.add.at(onehot, (segment, local.reshape(-1)), 1.0)
    prefix = np.cumsum(onehot, axis=0)
    a, b = np.searchsorted(positions, starts), np.searchsorted(positions, stops)
    windows = (prefix[b][None, :, :] - prefix[a][:, None, :]) * space.idf[stems]
    size = stops[None, :] - starts[:, None]
    norm = np.linalg.norm(windows, axis=2) * float(np.linalg.norm(whole))
    score = np.divide(windows @ whole[stems], norm, out=np.zeros(size.shape), where=norm > 0)
    score = np.where((size >= min_size) & (size <= max_size), score, -1.0)
    k = int(np.argmax(score))
    if score.flat[k] < 0:
        return None
    i, j = divmod(k, stops.size)
    return int(starts[i]), int(stops[j])


def summaries(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    opts: SummaryOptions,
    others: list[Fragment],
    exact: list[Fragment],
) -> list[Fragment]:
    """Summary fragments that no ordinary fragment conflicts with or already explains, and that
    hold no exact copy (a verbatim run inside a summary is reported as the copy it is, not
    swallowed into a summary of the text around it)."""
    found = []
    for lt, rt, _ in summary_fragments(space, opts):
        cand = fragment_of(lf.content, rf.content, lt, rt)
        conflict = any(overlap_left(cand, o) != overlap_right(cand, o) for o in others)
        holds_copy = any(overlap_left(cand, e) and overlap_right(cand, e) for e in exact)
        if not conflict and not holds_copy and left_cover(cand, others) < opts.max_cover:
            found.append(cand)
    return found


def snap_window(
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
    found = best_window(
        space, tokens[near_start], tokens[near_stop], min_size=SUMMARY_MIN_WINDOW, max_size=SUMMARY_MAX_WINDOW
    )
    if found is None:
        return None
    return int(bounds[tokens == found[0]][0]), int(bounds[tokens == found[1]][0])


def whole_text_summary(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    opts: DocumentSummaryOptions,
    others: list[Fragment],
    sentence_ends: np.ndarray,
    exact: list[Fragment],
    *,
    ratio: float,
) -> Fragment | None:
    """A short left passage summarising the whole right text (it absorbs ``others``).

    Kept when its cosine with the whole right text reaches ``cosine``, the texts share no
    verbatim run of ``max_quote`` words, every other fragment lies on the left within it (they
    are pieces of the same summary), and those of them that are not themselves summaries
    (``ratio``, the summary path's) cover less than ``max_cover`` of the right text (else the
    right text is copied, not summarised). When one of them scores ``max_score`` or more, the
    window must also pass :func:`summary_beyond`. Several fragments that are visibly the pieces
    of one summary (``pieces``) waive that test, ``cosine``, ``spread`` and ``contrast`` (a
    document on the source's topic throughout stands out little, and a summary of a long source
    shares little of its vocabulary, but in-order pieces are not a topic match; and as they are
    passages already, waiving these tests never flags a pair).
    """
    pieces = summary_pieces(others, len(rf.words), opts.pieces)
    found = document_summary(space, need=None if pieces else opts)  # pieces waive the thresholds
    if found is None:
        return None
    quote = opts.max_quote
    if any(e.left_words >= quote and similarity(e, lf, rf) >= VERBATIM_SCORE for e in exact):
        return None
    lt = found.window
    l0, l1 = int(lf.content[lt[0]]), word_range(lf.content, lt)[1]
    window_words = l1 - l0
    snapped = snap_window(space, lf, sentence_ends, lt, opts.snap)
    if snapped is not None:
        l0, l1 = snapped
    if others:
        l0 = min(l0, min(o.left_start for o in others))
        l1 = max(l1, max(o.left_end for o in others))
        if l1 - l0 > 2 * window_words:
            return None
        scores = [similarity(o, lf, rf) for o in others]
        if max(scores) >= opts.max_score and not (
            pieces or summary_beyond(space, lf, rf, (l0, l1), others, opts)
        ):
            return None
        covered = sum(o.right_words for o in others if o.right_words < ratio * o.left_words)
        if covered >= opts.max_cover * len(rf.words):
            return None
    return Fragment(l0, l1, 0, len(rf.words))


def summary_pieces(others: list[Fragment], right_words: int, share: float) -> bool:
    """Whether ``others`` look like the pieces of one summary: at least two passages, in the
    same order on both sides, whose right sides span at least ``share`` of the right text."""
    if len(others) < 2:
        return False
    ordered = sorted(others)
    if any(b.right_start < a.right_end for a, b in pairwise(ordered)):
        return False
    return ordered[-1].right_end - ordered[0].right_start >= share * right_words


def summary_beyond(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    window: tuple[int, int],
    others: list[Fragment],
    opts: DocumentSummaryOptions,
) -> bool:
    """Whether the summary window still summarises the right text once the ordinary passages
    are taken out of both texts: at least ``residual_words`` content words of the window are
    left, with a tf-idf cosine of at least ``residual`` with the rest of the right text (a summary
    that copies a sentence or two; a copy has nothing left)."""
    if opts.residual >= 1.0:
        return False
    left_keep = np.zeros(space.left_ids.size, dtype=bool)
    a, b = np.searchsorted(lf.content, window[0]), np.searchsorted(lf.content, window[1])
    left_keep[a:b] = True
    right_keep = np.ones(space.right_ids.size, dtype=bool)
    for o in others:
        left_keep[np.searchsorted(lf.content, o.left_start) : np.searchsorted(lf.content, o.left_end)] = False
        right_keep[np.searchsorted(rf.content, o.right_start) : np.searchsorted(rf.content, o.right_end)] = (
            False
        )
    if int(left_keep.sum()) < opts.residual_words:
        return False
    return masked_cosine(space, left_keep, right_keep) >= opts.residual
