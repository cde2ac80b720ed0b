"""Overlap resolution: fragments overlapping on both sides are merged, then of those still
overlapping on one side the one sharing the most text is kept.

- fragments that overlap on both sides are merged (:func:`merge`): the exact extent wins when
  exact seeds cover most of the group, verbatim copies of two places in crossed order stay
  apart, and around a verbatim copy the merged extent reaches out only where the text beyond is
  similar on both sides;
- a fragment that gives the left words of a verbatim copy another source place is dropped; of
  fragments that still overlap on one side, the one sharing the most text is kept (a source side
  that runs a little into a kept fragment is clipped instead, and so is the left side of a
  fragment holding a verbatim copy, by a few words); those under ``min_words`` are dropped
  (:func:`select`).
"""

from __future__ import annotations

from itertools import pairwise

from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment, box, cut, elsewhere, groups, overlap, within
from reuse.align.similarity import VERBATIM_SCORE, shared_text, similarity
from reuse.align.space import Space, similar_pieces

EXACT_ONE_SIDE = 0.95
"""With ``exact_cover_either``, the share of one side that exact seeds must cover for their
extent to win even though the fuzzy extent is longer on the other side."""

MAX_LEFT_CUT_SHARE = 0.1
"""A fragment holding a verbatim copy whose left side runs into a kept fragment's by less than
this share of its length there loses the overlapping words (see :func:`clear_of`); on the right
side ``MAX_CUT_SHARE`` applies to every fragment."""


def crossing(frags: list[Fragment], lf: TextFeatures, rf: TextFeatures) -> bool:
    """Whether two verbatim (``VERBATIM_SCORE``) fragments of ``frags`` come in one order in
    the left text and the other in the right: two copies of different places, which no single
    passage can span. (Edited copies are left alone: reordering phrases is a kind of edit.)"""
    if len(frags) < 2:
        return False
    ordered = sorted(f for f in frags if similarity(f, lf, rf) >= VERBATIM_SCORE)
    return any(a.right_start > b.right_start for a, b in pairwise(ordered))


def merge(
    exact: list[Fragment],
    fuzzy: list[Fragment],
    lf: TextFeatures,
    rf: TextFeatures,
    *,
    cover: float,
    either: bool = False,
    space: Space | None = None,
    min_cosine: float | None = None,
) -> list[Fragment]:
    """One fragment per group of fragments overlapping on both sides.

    A group whose exact fragments cross (:func:`crossing`) gives those exact fragments, each
    on its own. The group's exact fragments alone give its extent when they cover at least ``cover`` of
    the whole group on both sides (or, with ``either``, nearly all of it on one side: a fuzzy
    match that runs on in one text only); otherwise the group's bounding box does, except that
    around a verbatim copy the box reaches out only where the words beyond the copy are similar
    on both sides (:func:`extend`, given ``space`` and ``min_cosine``).
    """
    frags = exact + fuzzy
    out = []
    for group in groups(frags):
        extent = box([frags[k] for k in group])
        ex = [frags[k] for k in group if k < len(exact)]
        if crossing(ex, lf, rf):
            out.extend(ex)
            continue
        if ex:
            e = box(ex)
            lshare = e.left_words / extent.left_words
            rshare = e.right_words / extent.right_words
            if min(lshare, rshare) >= cover or (either and max(lshare, rshare) >= EXACT_ONE_SIDE):
                extent = e
            elif space is not None and min_cosine is not None and similarity(e, lf, rf) >= VERBATIM_SCORE:
                extent = extend(e, extent, space, lf, rf, min_cosine)
        out.append(extent)
    # boxes may now overlap on both sides again: merge those
    while True:
        merged = groups(out)
        if len(merged) == len(out):
            return out
        out = [box([out[k] for k in g]) for g in merged]


def extend(
    e: Fragment, extent: Fragment, space: Space, lf: TextFeatures, rf: TextFeatures, min_cosine: float
) -> Fragment:
    """The verbatim fragment ``e`` grown towards ``extent`` at each end where the added words have
    at least ``EXTENSION_MIN_TOKENS`` content words on both sides and a tf-idf cosine of at
    least ``min_cosine`` (the copy goes on, reworded); elsewhere ``e``'s own end."""
    start = similar_pieces(
        space, lf, rf, (extent.left_start, e.left_start), (extent.right_start, e.right_start), min_cosine
    )
    end = similar_pieces(
        space, lf, rf, (e.left_end, extent.left_end), (e.right_end, extent.right_end), min_cosine
    )
    return Fragment(
        extent.left_start if start else e.left_start,
        extent.left_end if end else e.left_end,
        extent.right_start if start else e.right_start,
        extent.right_end if end else e.right_end,
    )


def select(
    frags: list[Fragment], exact: list[Fragment], lf: TextFeatures, rf: TextFeatures, *, min_words: int
) -> list[Fragment]:
    """Fragments of at least ``min_words`` that overlap no kept one on either side, those that
    share the most text first (a verbatim copy wins over a longer loose match across it).

    A fragment whose left side overlaps a verbatim (``VERBATIM_SCORE``) fragment's while its
    right side lies elsewhere is dropped first, however much text it shares: the copy shows
    where those left words came from. A fragment holding a verbatim exact chain may lose a
    few left words to a kept fragment (:func:`clear_of`).
    """
    frags = [f for f in frags if f.shorter >= min_words]
    similarities = {f: similarity(f, lf, rf) for f in frags}
    verbatim = [f for f in frags if similarities[f] >= VERBATIM_SCORE]
    frags = [f for f in frags if f in verbatim or not any(elsewhere(f, v) for v in verbatim)]
    copies = [e for e in exact if similarity(e, lf, rf) >= VERBATIM_SCORE]
    shared = {f: shared_text(f, lf, rf, similarities[f]) for f in frags}
    kept: list[Fragment] = []
    for f in sorted(frags, key=lambda f: (-shared[f], f)):
        clear = clear_of(f, kept, left_cut=any(within(e, f) for e in copies))
        if clear is not None and clear.shorter >= min_words:
            kept.append(clear)
    return sorted(kept)


def clear_of(f: Fragment, kept: list[Fragment], *, left_cut: bool = False) -> Fragment | None:
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
        if overlap(l0, l1, k.left_start, k.left_end):
            l0, l1 = cut(l0, l1, k.left_start, k.left_end, MAX_LEFT_CUT_SHARE if left_cut else 0.0)
            if l0 >= l1:
                return None
        if overlap(r0, r1, k.right_start, k.right_end):
            r0, r1 = cut(r0, r1, k.right_start, k.right_end)
            if r0 >= r1:
                return None
    return Fragment(l0, l1, r0, r1)
