"""One-sided growth of loose passage ends: a side's next sentence joins the passage alone when the
other side holds its words (:func:`carry`).

Growing both sides a sentence at a time (:func:`reuse.align.ends.grow`) misses an end where the
two texts do not break sentences at the same place: an edited copy drops or moves words, so one
side's passage may already reach its sentence end while the other stops a sentence short. The
words of that missing sentence are then on the other side of the passage already, unmatched.
"""

from __future__ import annotations

import numpy as np

from reuse.align.ends import GROW_MAX_SENTENCES, fixed_ends, next_stop, prev_start
from reuse.align.features import TextFeatures
from reuse.align.fragment import Fragment, free
from reuse.align.space import EXTENSION_MIN_TOKENS, Space
from reuse.text.normalize import NormalizedText

CARRY_SHARE = 0.2
"""The share of a sentence's content words (idf-weighted) that the other side of a passage must hold
unmatched for the sentence to join the passage on its side alone (:func:`carry`). Chosen on fold 1 of
the PAN split among 0.1, 0.2, 0.3, 0.4, 0.5 and 0.7 (0.2 is best on fold 2 too; lower takes in
neighbouring sentences on the topic); it runs with the two-sided growth (``ends.grow_cosine`` 1 turns
both off)."""


def _tokens(content: np.ndarray, w0: int, w1: int) -> tuple[int, int]:
    """The content-word tokens of words ``[w0, w1)``."""
    return int(np.searchsorted(content, w0)), int(np.searchsorted(content, w1))


def explained(space: Space, piece: np.ndarray, this: np.ndarray, other: np.ndarray) -> float:
    """The idf-weighted share of the content words of ``piece`` (stem ids) found among the words
    of ``other`` that ``this`` does not already match (stems counted with their repeats): how much
    of the piece the other side holds and this side lacks."""
    stems, counts = np.unique(piece, return_counts=True)
    spare = np.maximum(_counts(other, stems) - _counts(this, stems), 0)
    weights = space.idf[stems]
    total = float(counts @ weights)
    return float(np.minimum(counts, spare) @ weights) / total if total > 0 else 0.0


def _counts(ids: np.ndarray, stems: np.ndarray) -> np.ndarray:
    """How often each of ``stems`` occurs in ``ids`` (small arrays: no table over the vocabulary)."""
    ordered = np.sort(ids)
    return np.searchsorted(ordered, stems, side="right") - np.searchsorted(ordered, stems, side="left")


def carry(
    frags: list[Fragment],
    left: NormalizedText,
    right: NormalizedText,
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    *,
    min_share: float,
    run: int,
    min_words: int = 0,
) -> list[Fragment]:
    """Fragments whose loose ends (not the end of a verbatim run of ``run`` words) take in the next
    sentence on one side alone, up to ``GROW_MAX_SENTENCES`` at each end, while at least
    ``min_share`` of that sentence's content words (idf-weighted, :func:`explained`) are words of
    the other side of the fragment that this side lacks, the sentence has ``EXTENSION_MIN_TOKENS``
    content words and the grown fragment overlaps no other, grown or not (``min_share`` above 1:
    off). Fragments under ``min_words`` stay as they are: growing them would report fragments the
    aligner drops as too short."""
    le, re_ = left.sentence_ends, right.sentence_ends
    if min_share > 1.0 or le.size != len(lf.words) or re_.size != len(rf.words):
        return frags
    out = []
    for k, f in enumerate(frags):
        if f.shorter < min_words:
            out.append(f)
            continue
        others = out + frags[k + 1 :]
        start_fixed, end_fixed = fixed_ends(f, lf, rf, run)
        for side in ("right", "left"):
            for forward, fixed in ((True, end_fixed), (False, start_fixed)):
                if not fixed:
                    f = _carry_end(
                        f, side, forward, le if side == "left" else re_, space, lf, rf, others, min_share
                    )
        out.append(f)
    return out


def _carry_end(
    f: Fragment,
    side: str,
    forward: bool,
    ends: np.ndarray,
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    others: list[Fragment],
    min_share: float,
) -> Fragment:
    """``f`` with one end on one ``side`` carried over whole sentences (see :func:`carry`)."""
    mine, theirs = (lf, rf) if side == "left" else (rf, lf)
    my_ids, their_ids = (
        (space.left_ids, space.right_ids) if side == "left" else (space.right_ids, space.left_ids)
    )
    l0, l1, r0, r1 = f
    for _ in range(GROW_MAX_SENTENCES):
        w0, w1 = (l0, l1) if side == "left" else (r0, r1)
        o0, o1 = (r0, r1) if side == "left" else (l0, l1)
        stop = next_stop(ends, w1) if forward else prev_start(ends, w0)
        piece = _tokens(mine.content, w1, stop) if forward else _tokens(mine.content, stop, w0)
        if (stop <= w1 if forward else stop >= w0) or piece[1] - piece[0] < EXTENSION_MIN_TOKENS:
            break
        this, other = _tokens(mine.content, w0, w1), _tokens(theirs.content, o0, o1)
        share = explained(
            space, my_ids[piece[0] : piece[1]], my_ids[this[0] : this[1]], their_ids[other[0] : other[1]]
        )
        n0, n1 = (w0, stop) if forward else (stop, w1)
        grown = Fragment(n0, n1, r0, r1) if side == "left" else Fragment(l0, l1, n0, n1)
        if share < min_share or not free(grown, others):
            break
        l0, l1, r0, r1 = grown
    return Fragment(l0, l1, r0, r1)
