"""The preparation stage: each document normalised and fingerprinted once, the same wherever it ran."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from reuse.index import IndexParams, WindowIndex
from reuse.model import Document, Span
from reuse.prepare import Preparing, prepare_document
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
