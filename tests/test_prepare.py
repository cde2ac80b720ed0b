"""The preparation stage: each document normalised and fingerprinted once, the same wherever it ran."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

import numpy as np
import pytest

from reuse.engine.local import PoolExecutor
from reuse.index import IndexParams, WindowIndex
from reuse.model import Document, Span
from reuse.prepare import Prepared, Preparing, prepare_document, prepare_documents
from reuse.settings import AlignOptions, FingerprintOptions
from reuse.text.normalize import normalize


def _source(text: str) -> Document:
    return Document(id="source.txt", path="source.txt", kind="source", text=text,
                    content=(Span(0, len(text)),), sha256=hashlib.sha256(text.encode()).hexdigest())


@pytest.mark.parametrize("word_features", [True, False])
def test_a_prepared_text_has_the_signatures_and_band_keys_of_its_text_alone(fixture_text, word_features):
    doc = _source(fixture_text("essay_independent_same_topic.txt"))
    params = IndexParams.from_options(FingerprintOptions())
    prepared = prepare_document(Preparing(params, (), AlignOptions(), word_features=word_features), doc)
    sigs, keys = WindowIndex(params).fingerprint(normalize(doc.text, doc.content))
    assert sigs.shape[0] > 1
    np.testing.assert_array_equal(prepared.signatures, sigs)
    np.testing.assert_array_equal(prepared.band_keys, keys)
    assert (prepared.features is not None) is word_features


def _essays(fixture_text) -> list[Document]:
    names = ["essay_independent_same_topic.txt", "essay_with_copied_paragraph.txt",
             "essay_quoting_source.txt", "essay_light_paraphrase.txt",
             "web_source_photosynthesis_excerpt.txt"]
    return [dataclasses.replace(_source(fixture_text(name)), id=name, path=name,
                                kind="submission" if k < 4 else "source") for k, name in enumerate(names)]


def _same(left: Prepared, right: Prepared) -> None:
    assert left.doc == right.doc
    assert left.text.text == right.text.text and left.text.original_length == right.text.original_length
    for name in ("to_original", "word_starts", "word_ends", "sentence_ends", "to_original_end"):
        mine, theirs = getattr(left.text, name), getattr(right.text, name)
        assert mine.dtype == theirs.dtype, name
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(left.signatures, right.signatures)
    np.testing.assert_array_equal(left.band_keys, right.band_keys)
    assert left.content is not None and right.content is not None and left.features is not None
    np.testing.assert_array_equal(left.content.stems, right.content.stems)
    np.testing.assert_array_equal(left.features.hashes, right.features.hashes)  # type: ignore[union-attr]


def test_documents_prepared_in_chunks_by_a_pool_are_those_prepared_one_by_one_in_this_process(fixture_text):
    docs = _essays(fixture_text)
    template = normalize(fixture_text("assignment_template.txt"))
    preparing = Preparing(IndexParams.from_options(FingerprintOptions()), (template,), AlignOptions(),
                          word_features=True, content_words=10**6)
    chunked = PoolExecutor(2, min_work=0.0).map(prepare_documents, [docs[:2], docs[2:]], shared=preparing)
    alone = [prepare_document(preparing, doc) for doc in docs]
    for left, right in zip([item for part in chunked for item in part], alone, strict=True):
        _same(left, right)


def test_a_prepared_document_sent_between_processes_keeps_its_offsets_and_their_int64_type(fixture_text):
    preparing = Preparing(IndexParams.from_options(FingerprintOptions()), (), AlignOptions(),
                          word_features=True, content_words=10**6)
    prepared = prepare_document(preparing, _essays(fixture_text)[1])
    back = pickle.loads(pickle.dumps(prepared))  # noqa: S301 (our own bytes)
    _same(back, prepared)
    assert back.text.to_original.dtype == back.text.word_starts.dtype == np.int64
