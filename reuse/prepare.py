"""The preparation stage: each document of a run normalised, marked and fingerprinted once.

:func:`prepare_document` is a stage function of :mod:`reuse.engine` (module-level, picklable, pure): a
submission loses the text that matches a template, gets its quotations and reference lists (with a
flag when they hold too many of its words), and every document is normalised and its windows
fingerprinted, in whatever process or cluster worker the run's executor gives it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from reuse.align import WordFeatures, align
from reuse.align.features import word_features
from reuse.align.score import covered_words
from reuse.index import IndexParams, WindowIndex
from reuse.index.content import ContentProfile
from reuse.ingest.chrome import subtract
from reuse.model import Document, Flag, Span
from reuse.settings import AlignOptions
from reuse.text.normalize import NormalizedText, normalize
from reuse.text.quotes import find_quotations
from reuse.text.references import find_reference_lists

TEMPLATE_MIN_WORDS = 6
TEMPLATE_ORDERED_OFF = 2.0
"""``ordered_fragment_share`` for template matching: above 1, so the word-order test is off (a
six-word quote with most of its words in order proves little, and template text is never
checked for reuse)."""
QUOTED_SHARE_CAP = 0.3
"""A submission with more than this share of its words inside quotation marks gets a ``quoted_share``
flag (CONVENTIONS: quote marks round copied text are a known trick to hide it from quote exclusion)."""
REFERENCE_SHARE_CAP = 0.5
"""A submission with more than this share of its words in reference lists gets a ``reference_share`` flag
(text dressed up as citations would be left out of the scores; a short essay with a long reading list is
about 40 %)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Preparing:
    """What every document of a run is prepared with (shipped once to each worker).

    Attributes:
        params: the fingerprint parameters of the run's index.
        templates: the normalised template texts (their matches leave a submission's content).
        align: the align options (template matching is an alignment with shorter passages).
        content_words: a text of at most this many words also gets its content-word profile, for the
            content candidates (:mod:`reuse.index.content`); 0: no text.
        word_features: also compute each text's :func:`~reuse.align.features.word_features` (a check
            aligns texts with many others: their stems and hashes are computed once per text, here).
    """

    params: IndexParams
    templates: tuple[NormalizedText, ...]
    align: AlignOptions
    content_words: int = 0
    word_features: bool = False


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """A document ready to be compared: itself (templates out, quotations and reference lists in), its
    normalised text, the MinHash signatures ``(n, num_perm)`` and band keys ``(n, bands)`` of its
    windows; a short text also its content-word profile, and each text the aligner's word features of
    its text (``None``: not wanted)."""

    doc: Document
    text: NormalizedText
    signatures: np.ndarray
    band_keys: np.ndarray
    content: ContentProfile | None = None
    features: WordFeatures | None = None


def prepare_documents(shared: Preparing, docs: Sequence[Document]) -> list[Prepared]:
    """:func:`prepare_document` for each of ``docs``, in order (one task for a chunk of documents: a
    task's overhead is paid once a chunk)."""
    return [prepare_document(shared, doc) for doc in docs]


def prepare_document(shared: Preparing, doc: Document) -> Prepared:
    """The preparation stage for one document (a submission, a source or a template-free text)."""
    if doc.kind == "submission":
        doc = without_templates(doc, shared.templates, shared.align)
    text = normalize(doc.text, doc.content)
    if doc.kind == "submission":
        doc = with_quotations(doc, text)
        doc = with_references(doc, text)
    known = word_features(text) if shared.word_features else None
    sigs, keys = WindowIndex(shared.params).fingerprint(text, hashes=None if known is None else known.hashes)
    content = None
    if 0 < text.word_count <= shared.content_words:
        content = ContentProfile.of((known or word_features(text)).stems)
    return Prepared(doc, text, sigs, keys, content, known)


def without_templates(
    doc: Document, templates: Sequence[NormalizedText], align_options: AlignOptions
) -> Document:
    """The document with text matching a template moved from its content to ``template``."""
    if not templates:
        return doc
    text = normalize(doc.text, doc.content)
    # short template quotes: the word-order test says little over a few words, so it is off; so is the
    # rewording path: an answer that follows the prompt's questions in order is not the prompt's text
    options = dataclasses.replace(
        align_options,
        min_words=TEMPLATE_MIN_WORDS,
        fuzzy=dataclasses.replace(align_options.fuzzy, ordered_fragment_share=TEMPLATE_ORDERED_OFF),
        rewording=dataclasses.replace(align_options.rewording, min_sentences=0),
    )
    found = sorted(p.left for template in templates for p in align(text, template, options))
    if not found:
        return doc
    return dataclasses.replace(doc, content=tuple(subtract(list(doc.content), found)), template=tuple(found))


def word_share(text: NormalizedText, spans: Sequence[Span]) -> float:
    """The share of ``text``'s words inside ``spans`` (0 for a text without words)."""
    mask = covered_words(text, spans)
    return float(mask.mean()) if mask.size else 0.0


def with_quotations(doc: Document, text: NormalizedText) -> Document:
    """A submission with its quotations, and a ``quoted_share`` flag when they hold too many of its words."""
    quotations = find_quotations(doc.text)
    if not quotations:
        return doc
    share = word_share(text, quotations)
    flags = doc.flags
    if share > QUOTED_SHARE_CAP:
        inside = [q for q in quotations if covered_words(text, [q]).any()]
        message = (f"{share:.0%} of the words are inside quotation marks ({len(inside)} quotation"
                   f"{'s' if len(inside) != 1 else ''}; more than {QUOTED_SHARE_CAP:.0%} is unusual)")
        flags = (*flags, Flag("quoted_share", message, tuple(inside), len(inside)))
    return dataclasses.replace(doc, quotations=quotations, flags=flags)


def with_references(doc: Document, text: NormalizedText) -> Document:
    """A submission with its reference lists (:func:`reuse.text.references.find_reference_lists`), and a
    ``reference_share`` flag when they hold too many of its words."""
    references = find_reference_lists(doc.text)
    if not references:
        return doc
    share = word_share(text, references)
    flags = doc.flags
    if share > REFERENCE_SHARE_CAP:
        message = (f"{share:.0%} of the words are in a reference list (more than {REFERENCE_SHARE_CAP:.0%} "
                   "is unusual; passages there are not counted unless --include-references)")
        flags = (*flags, Flag("reference_share", message, references, len(references)))
    return dataclasses.replace(doc, references=references, flags=flags)


__all__ = ["QUOTED_SHARE_CAP", "REFERENCE_SHARE_CAP", "TEMPLATE_MIN_WORDS", "Prepared", "Preparing",
           "prepare_document", "prepare_documents", "with_quotations", "with_references", "without_templates",
           "word_share"]
