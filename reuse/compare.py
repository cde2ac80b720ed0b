"""The comparison stage: candidate pairs aligned, their passages marked, each pair scored.

:func:`compare_pairs` is a stage function of :mod:`reuse.engine` (module-level, picklable, pure): the
run's documents and texts travel once to each worker (:class:`Comparing`), each task is a chunk of
pairs, and the results come back in pair order, so they are the same on one core, many, or a cluster.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from reuse.align import WordFeatures, align
from reuse.align.score import pair_result
from reuse.model import Document, PairResult, Passage
from reuse.prepare import Prepared
from reuse.settings import Settings
from reuse.text.normalize import NormalizedText
from reuse.text.quotes import is_quoted
from reuse.text.references import in_reference_list, split_at_lists


@dataclasses.dataclass(frozen=True, slots=True)
class Comparing:
    """What every pair of a run is compared with (shipped once to each worker): the documents and their
    normalised texts by id, the settings, and the aligner's word features of the texts that have them
    (computed once per text when it was prepared; the others are computed when aligned)."""

    docs: Mapping[str, Document]
    texts: Mapping[str, NormalizedText]
    settings: Settings
    features: Mapping[str, WordFeatures] = dataclasses.field(default_factory=dict)


Picked = list[tuple[Document, NormalizedText, WordFeatures | None]]
"""What the comparison needs of a chunk of prepared documents (:func:`comparing_part`)."""


def comparing_part(prepared: Sequence[Prepared]) -> Picked:
    """The documents, texts and word features of a chunk of prepared documents (picked where they were
    prepared: :class:`reuse.engine.Assembled`)."""
    return [(item.doc, item.text, item.features) for item in prepared]


def with_prepared(base: Comparing, parts: Sequence[Picked]) -> Comparing:
    """``base`` (the settings, and the documents that were not prepared in the run: found in a source
    index) with the prepared documents of ``parts`` (:func:`comparing_part`), their texts and word
    features."""
    docs, texts, features = dict(base.docs), dict(base.texts), dict(base.features)
    for part in parts:
        for doc, text, known in part:
            docs[doc.id], texts[doc.id] = doc, text
            if known is not None:
                features[doc.id] = known
    return Comparing(docs, texts, base.settings, features)


def compare_pairs(shared: Comparing, pairs: Sequence[tuple[str, str]]) -> list[PairResult | None]:
    """The comparison stage for a chunk of pairs: each pair's result (``None``: no passage)."""
    return [compare_pair(shared, left, right) for left, right in pairs]


def compare_pair(shared: Comparing, left: str, right: str) -> PairResult | None:
    """Align one pair, mark its quoted and reference-list passages, and score it (``None``: no passage)."""
    docs, texts, settings = shared.docs, shared.texts, shared.settings
    known = (shared.features.get(left), shared.features.get(right))
    passages = [mark_quoted(p, docs[left], docs[right])
                for p in align(texts[left], texts[right], settings.align, known=known)]
    passages = mark_references(passages, docs[left], docs[right], texts[left], texts[right],
                               split=not settings.include_references)
    if not passages:
        return None
    return pair_result(left, right, texts[left], texts[right], passages,
                       exclude_quotes=settings.exclude_quotes,
                       exclude_references=not settings.include_references)


def mark_quoted(passage: Passage, left: Document, right: Document) -> Passage:
    """``passage`` with each submission side marked quoted when it lies inside that submission's
    quotations; the side in a source (or template) is quoted when the submission's side is."""
    left_quoted = left.kind == "submission" and is_quoted(passage.left, left.quotations)
    right_quoted = right.kind == "submission" and is_quoted(passage.right, right.quotations)
    if left.kind != "submission":
        left_quoted = right_quoted
    if right.kind != "submission":
        right_quoted = left_quoted
    if not (left_quoted or right_quoted):
        return passage
    return dataclasses.replace(passage, left_quoted=left_quoted, right_quoted=right_quoted)


def mark_references(passages: Iterable[Passage], left: Document, right: Document, left_text: NormalizedText,
                    right_text: NormalizedText, *, split: bool) -> list[Passage]:
    """``passages`` with each side marked when it lies in its document's reference list; with ``split``
    (references not counted), a passage running from body text into a list is first cut there, so
    the body part still counts (:func:`reuse.text.references.split_at_lists`)."""
    if not (left.references or right.references):
        return list(passages)
    pieces = [q for p in passages for q in (
        split_at_lists(p, left_text, right_text, left.references, right.references) if split else [p])]
    return [
        dataclasses.replace(q, left_reference=in_reference_list(q.left, left.references),
                            right_reference=in_reference_list(q.right, right.references))
        for q in pieces
    ]


__all__ = ["Comparing", "Picked", "compare_pair", "compare_pairs", "comparing_part", "mark_quoted",
           "mark_references", "with_prepared"]
