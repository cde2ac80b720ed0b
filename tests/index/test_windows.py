"""The window index (``reuse.index.windows``): a short copied paragraph inside a long essay is a candidate,
no document is its own, stop bands are skipped in every store."""

from __future__ import annotations

import dataclasses

import pytest

from reuse.errors import SourceIndexError
from reuse.index import IndexParams, WindowIndex, add_documents, open_index
from reuse.model import Document, Span
from reuse.settings import FingerprintOptions
from reuse.text.normalize import normalize
from tests.conftest import SAMPLES

PARAMS = IndexParams.from_options(FingerprintOptions())


def _doc(doc_id: str, text: str, kind: str = "source") -> Document:
    return Document(doc_id, doc_id, kind, text, (Span(0, len(text)),), "0" * 64)  # type: ignore[arg-type]


def _long_essay_with(paragraph: str) -> str:
    """About 3,000 words of real essays with ``paragraph`` in the middle."""
    essays = [p.read_text(encoding="utf-8") for p in sorted((SAMPLES / "submissions").glob("*.txt"))]
    body = [*essays[:3], paragraph, *essays[3:]]
    return "\n\n".join(body * 1)


def test_sixty_word_paragraph_in_a_three_thousand_word_essay_is_a_candidate(fixture_text):
    source = fixture_text("web_source_photosynthesis_excerpt.txt")
    paragraph = " ".join(normalize(source).words[1:61])  # 60 words from the source body
    essay = _long_essay_with(paragraph.capitalize() + ".")
    assert len(essay.split()) > 3000
    index = WindowIndex(PARAMS)
    index.add(_doc("web", source), normalize(source))
    index.add(_doc("other", fixture_text("essay_independent_same_topic.txt")),
              normalize(fixture_text("essay_independent_same_topic.txt")))
    found = index.query("essay", normalize(essay))
    assert [c.source_id for c in found] == ["web"]
    assert found[0].est_jaccard >= 0.3


def test_a_document_is_never_its_own_candidate(fixture_text):
    text = fixture_text("web_source_photosynthesis_excerpt.txt")
    index = WindowIndex(PARAMS)
    index.add(_doc("web", text), normalize(text))
    assert index.query("web", normalize(text)) == []


def test_adding_the_same_document_twice_is_refused(fixture_text):
    text = fixture_text("web_source_photosynthesis_excerpt.txt")
    index = WindowIndex(PARAMS)
    index.add(_doc("web", text), normalize(text))
    with pytest.raises(SourceIndexError, match="already in the index"):
        index.add(_doc("web", text), normalize(text))


def test_stop_bands_are_skipped_in_every_store(tmp_path, fixture_text):
    """A band key carried by more than ``stop_postings`` windows is skipped, like a stopword."""
    text = fixture_text("web_source_photosynthesis_excerpt.txt")
    strict = dataclasses.replace(PARAMS, stop_postings=3)
    sqlite = open_index(tmp_path / "copies.sqlite", params=PARAMS, create=True)
    memory = WindowIndex(PARAMS)
    for index in (memory, sqlite):
        add_documents(index, [(_doc(f"copy{k}", text), normalize(text)) for k in range(5)])
        assert len(index.query("q", normalize(text))) == 5
        strict_index = WindowIndex(strict, index.store)
        assert strict_index.query("q", normalize(text)) == []  # every key is in 5 windows
        assert len(index.query("q", normalize(text))) == 5


