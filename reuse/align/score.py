"""Scoring: coverage of each text by shared passages, and the per-submission similarity index.

Coverage counts *words* of a document's content (page chrome and template text are not
counted, on either side of the fraction), so a teacher can read 0.25 as "a quarter of the
student's own words are in passages shared with that document". With ``exclude_quotes``, a
passage side that is quoted (:attr:`~reuse.model.Passage.left_quoted`) is not counted on that side;
with ``exclude_references``, a passage in a reference list (:attr:`~reuse.model.Passage.reference`) is
not counted on either side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from reuse.model import DocumentScore, PairResult, Passage, SourceShare, Span
from reuse.text.normalize import NormalizedText


def covered_words(text: NormalizedText, spans: Iterable[Span]) -> np.ndarray:
    """Boolean mask over the words of ``text``: which words start inside one of ``spans``."""
    mask = np.zeros(text.word_count, dtype=bool)
    if text.word_count == 0:
        return mask
    starts = text.to_original[text.word_starts]
    for span in spans:
        lo = int(np.searchsorted(starts, span.start, side="left"))
        hi = int(np.searchsorted(starts, span.end, side="left"))
        mask[lo:hi] = True
    return mask


def _left_out(p: Passage, quoted: bool, exclude_quotes: bool, exclude_references: bool) -> bool:
    """Whether a passage side (quoted or not, ``quoted``) is left out of the scores."""
    return (exclude_quotes and quoted) or (exclude_references and p.reference)


def _share(mask: np.ndarray) -> float:
    return round(float(mask.mean()), 4) if mask.size else 0.0


SCORE_FLOOR = 0.0001
"""The smallest pair score of a pair with counted evidence (a score rounded to 0 would read as
"nothing in common")."""


def weighted_share(text: NormalizedText, sides: Iterable[tuple[Span, float]]) -> float:
    """The mean over the words of ``text`` of the highest weight of a span holding the word (0 for
    a word in no span): the share of ``text`` explained by the spans, each counted by its weight."""
    if text.word_count == 0:
        return 0.0
    weight = np.zeros(text.word_count)
    for span, w in sides:
        weight = np.where(covered_words(text, (span,)), np.maximum(weight, w), weight)
    return float(weight.mean())


def pair_score(left: NormalizedText, right: NormalizedText, passages: Sequence[Passage], *,
               exclude_quotes: bool = False, exclude_references: bool = False) -> float:
    """How much of the shorter text (in words) the other explains, each word weighted by the
    similarity (``score``) of the passage holding it: 1 for a text copied whole, its coverage
    times about 0.9 for a light edit, about 0.5 for heavy rewording, 0 without a counted passage.

    Passages left out of the coverage of the shorter side (quoted with ``exclude_quotes``, in a
    reference list with ``exclude_references``) are left out here too. A pair with any counted
    passage scores at least ``SCORE_FLOOR``.
    """
    on_left = left.word_count <= right.word_count
    text = left if on_left else right
    sides = [(p.left if on_left else p.right, max(p.score, SCORE_FLOOR)) for p in passages
             if not _left_out(p, p.left_quoted if on_left else p.right_quoted,
                              exclude_quotes, exclude_references)]
    if not sides:
        return 0.0
    return max(round(weighted_share(text, sides), 4), SCORE_FLOOR)


def pair_result(left_id: str, right_id: str, left: NormalizedText, right: NormalizedText,
                passages: Sequence[Passage], *, exclude_quotes: bool = False,
                exclude_references: bool = False) -> PairResult:
    """The scored pair for passages found between two documents.

    With ``exclude_quotes``, quoted passage sides are left out of that side's coverage, and
    passages quoted on both sides out of ``longest_words``; with ``exclude_references``, passages in a
    reference list out of both coverages and ``longest_words``. The passages all stay listed.
    """
    return PairResult(
        left=left_id,
        right=right_id,
        passages=tuple(passages),
        left_coverage=_share(covered_words(
            left, (p.left for p in passages
                   if not _left_out(p, p.left_quoted, exclude_quotes, exclude_references)))),
        right_coverage=_share(covered_words(
            right, (p.right for p in passages
                    if not _left_out(p, p.right_quoted, exclude_quotes, exclude_references)))),
        longest_words=max(
            (min(p.left_words, p.right_words) for p in passages
             if not _left_out(p, p.left_quoted and p.right_quoted, exclude_quotes, exclude_references)),
            default=0,
        ),
        score=pair_score(left, right, passages, exclude_quotes=exclude_quotes,
                         exclude_references=exclude_references),
    )


def pairs_by_document(pairs: Iterable[PairResult]) -> dict[str, list[PairResult]]:
    """The pairs each document is in, in their order: what :func:`document_score` needs of a run's
    pairs (one pass over them, not one per document)."""
    by_doc: dict[str, list[PairResult]] = {}
    for pair in pairs:
        by_doc.setdefault(pair.left, []).append(pair)
        if pair.right != pair.left:
            by_doc.setdefault(pair.right, []).append(pair)
    return by_doc


def document_score(doc_id: str, text: NormalizedText, pairs: Iterable[PairResult], *,
                   exclude_quotes: bool = False, quotations: Iterable[Span] = (),
                   exclude_references: bool = False) -> DocumentScore:
    """Similarity index of a document: the share of its words in any shared passage.

    The breakdown gives, for each counterpart, the share of the document's words it shares,
    largest first (shares may add up to more than the index when counterparts overlap). With
    ``exclude_quotes``, passages quoted on this document's side are not counted; with
    ``exclude_references``, passages in a reference list are not.
    ``quoted_share`` is the share of its words inside ``quotations``.
    """
    total = np.zeros(text.word_count, dtype=bool)
    shares = []
    for pair in pairs:
        if pair.left == doc_id:
            spans = [p.left for p in pair.passages
                     if not _left_out(p, p.left_quoted, exclude_quotes, exclude_references)]
            other = pair.right
        elif pair.right == doc_id:
            spans = [p.right for p in pair.passages
                     if not _left_out(p, p.right_quoted, exclude_quotes, exclude_references)]
            other = pair.left
        else:
            continue
        mask = covered_words(text, spans)
        total |= mask
        shares.append(SourceShare(other, _share(mask)))
    shares.sort(key=lambda s: (-s.share, s.document))
    quoted_share = _share(covered_words(text, quotations))
    return DocumentScore(doc_id, text.word_count, _share(total), tuple(shares), quoted_share)
