"""The window index finds a short copied paragraph inside a long essay; SQLite index is stamped."""

from __future__ import annotations

import dataclasses
import sqlite3

import numpy as np
import pytest

from reuse.errors import IndexMismatchError, SourceIndexError
from reuse.index import IndexParams, WindowIndex, add_documents, open_index
from reuse.ingest.extract import extract
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


def test_sqlite_index_persists_documents_and_answers_like_memory(tmp_path, fixture_path):
    path = tmp_path / "sources.sqlite"
    doc = extract(fixture_path("web_source_photosynthesis_excerpt.txt"), kind="source")
    index = open_index(path, params=PARAMS, create=True)
    add_documents(index, [(doc, normalize(doc.text, doc.content))])
    index.store.close()  # type: ignore[attr-defined]
    reopened = open_index(path, params=PARAMS)
    assert reopened.store.document(doc.id) == doc
    query = normalize(extract(fixture_path("essay_with_copied_paragraph.txt"), kind="submission").text)
    memory = WindowIndex(PARAMS, namespace=reopened.namespace)  # ids of a persistent index are namespaced
    memory.add(doc, normalize(doc.text, doc.content))
    assert reopened.query("q", query) == memory.query("q", query)


def test_index_with_other_parameters_is_refused_naming_both_values(tmp_path):
    path = tmp_path / "sources.sqlite"
    open_index(path, params=PARAMS, create=True)
    other = IndexParams.from_options(FingerprintOptions(num_perm=64))
    with pytest.raises(IndexMismatchError, match="num_perm: index has 128, asked for 64"):
        open_index(path, params=other)


def test_failed_add_leaves_the_last_committed_state(tmp_path, fixture_path):
    path = tmp_path / "sources.sqlite"
    doc = extract(fixture_path("web_source_photosynthesis_excerpt.txt"), kind="source")
    index = open_index(path, params=PARAMS, create=True)
    add_documents(index, [(doc, normalize(doc.text, doc.content))])
    second = extract(fixture_path("essay_light_paraphrase.txt"), kind="source")

    def items():
        yield second, normalize(second.text, second.content)
        raise RuntimeError("crash in the middle of an add")

    with pytest.raises(RuntimeError):
        add_documents(index, items())
    assert index.store.counts()[0] == 1
    count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert count == 1


def test_a_file_that_is_not_an_index_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database at all, just text")
    with pytest.raises(SourceIndexError):
        open_index(path)


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


def test_an_index_with_an_older_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "old.sqlite"
    index = open_index(path, params=PARAMS, create=True)
    with index.store.db:  # type: ignore[attr-defined]
        index.store.set_meta("schema_version", "2")  # type: ignore[attr-defined]
    index.store.close()  # type: ignore[attr-defined]
    with pytest.raises(SourceIndexError, match="index schema 2, this reuse reads schemas 3 and 4; rebuild"):
        open_index(path, params=PARAMS)


def test_band_keys_fit_sqlite_six_byte_integers(fixture_text):
    text = normalize(fixture_text("web_source_photosynthesis_excerpt.txt"))
    _, keys = WindowIndex(PARAMS).fingerprint(text)
    assert keys.dtype == np.int64 and keys.min() >= 0 and keys.max() < 2**47
