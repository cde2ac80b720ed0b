"""Every store gives back the documents it was given (the fields it keeps), through one codec.

The Redis cases start a private ``redis-server`` (``tests/redis_server.py``) and are skipped when
no ``redis-server`` binary or no ``redis`` package is installed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reuse.errors import SourceIndexError
from reuse.index import (
    SQLITE_SCHEMA_VERSION,
    IndexParams,
    WindowIndex,
    add_documents,
    document_from_data,
    document_to_data,
    open_index,
)
from reuse.ingest.extract import extract
from reuse.model import Document, Flag, Span
from reuse.settings import FingerprintOptions
from reuse.text.normalize import normalize
from tests.redis_server import REDIS_SERVER, redis_server

PARAMS = IndexParams.from_options(FingerprintOptions())
TEXT = (
    "Photosynthesis converts light energy into chemical energy that the plant stores as sugar. "
    "In the chloroplasts, chlorophyll absorbs mostly blue and red light and reflects green light, "
    "which is why leaves look green to us. The light reactions split water and release oxygen, "
    "while the Calvin cycle fixes carbon dioxide from the air into three-carbon sugars. "
    '"Without photosynthesis there would be no oxygen to breathe," as Smith (2019) put it. '
    "References: Smith, J. (2019). Plants and light. Oxford University Press."
)
EVERY_FIELD = Document(
    id="essays/ana/photosynthesis.txt",
    path="essays/ana/photosynthesis.txt",
    kind="source",
    text=TEXT,
    content=(Span(0, 300), Span(310, len(TEXT))),
    sha256="ab" * 32,
    extraction="pdf",
    template=(Span(300, 310),),
    flags=(Flag("homoglyphs", "3 Cyrillic letters in Latin words", (Span(5, 6), Span(40, 42)), 3),),
    author="Ana Lopez",
    team="Group 4",
    original="photosynthesis final.txt",
    late=True,
    quotations=(Span(TEXT.index('"'), TEXT.rindex('"') + 1),),
    references=(Span(TEXT.index("References"), len(TEXT)),),
    url="https://example.org/biology/photosynthesis?lang=en",
    retrieved="2024-03-01T12:00:00Z",
)
SQLITE_3_KEEPS = ("id", "path", "kind", "text", "content", "sha256", "extraction")
"""The ``documents`` columns of SQLite schema 3: the other fields come back as their defaults."""
EVERY = tuple(f.name for f in dataclasses.fields(Document))
KEPT = {"memory": EVERY, "sqlite": EVERY, "redis": EVERY}
DEFAULTS = Document(id="", path="", kind="source", text="", content=(), sha256="")

needs_redis = pytest.mark.skipif(
    REDIS_SERVER is None or importlib.util.find_spec("redis") is None,
    reason="no redis-server binary on PATH or no redis package (pip install '.[redis]')",
)


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    with redis_server() as server:
        yield server.port


def _stored(store: str, tmp_path: Path, request: pytest.FixtureRequest, doc: Document) -> list[Document]:
    """``doc`` added to a new store of kind ``store``, then read back (reopened when persistent)
    by :meth:`document` and by :meth:`documents`."""
    if store == "memory":
        index = WindowIndex(PARAMS)
        location: Path | str | None = None
    else:
        location = _location(store, tmp_path, request, "round_trip")
        index = open_index(location, params=PARAMS, create=True)
    add_documents(index, [(doc, normalize(doc.text, doc.content))])
    if location is not None:
        index.store.close()
        index = open_index(location, params=PARAMS)
    return [index.store.document(doc.id), *index.store.documents()]


def _location(store: str, tmp_path: Path, request: pytest.FixtureRequest, prefix: str) -> Path | str:
    """Where a new persistent store of kind ``store`` (``sqlite`` or ``redis``) goes."""
    if store == "sqlite":
        return tmp_path / "sources.sqlite"
    return f"redis://127.0.0.1:{request.getfixturevalue('redis_port')}/0?prefix={prefix}"


STORES = ["memory", "sqlite", pytest.param("redis", marks=needs_redis)]


@pytest.mark.parametrize("store", ["sqlite", pytest.param("redis", marks=needs_redis)])
def test_a_failed_add_leaves_the_last_committed_state(store, tmp_path, request, fixture_path):
    location = _location(store, tmp_path, request, "failed_add")
    doc = extract(fixture_path("web_source_photosynthesis_excerpt.txt"), kind="source")
    index = open_index(location, params=PARAMS, create=True)
    add_documents(index, [(doc, normalize(doc.text, doc.content))])
    second = extract(fixture_path("essay_light_paraphrase.txt"), kind="source")

    def items():
        yield second, normalize(second.text, second.content)
        raise RuntimeError("crash in the middle of an add")

    with pytest.raises(RuntimeError):
        add_documents(index, items())
    assert index.store.counts()[0] == 1
    assert not index.store.has_document(second.id)
    assert open_index(location, params=PARAMS).store.counts()[0] == 1
    if store == "sqlite":
        assert sqlite3.connect(location).execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


@pytest.mark.parametrize("store", STORES)
def test_each_store_gives_back_every_document_field_it_keeps(store, tmp_path, request):
    for found in _stored(store, tmp_path, request, EVERY_FIELD):
        kept = {name: getattr(found, name) for name in KEPT[store]}
        assert kept == {name: getattr(EVERY_FIELD, name) for name in KEPT[store]}
        dropped = [name for name in EVERY if name not in KEPT[store]]
        assert found == dataclasses.replace(EVERY_FIELD, **{n: getattr(DEFAULTS, n) for n in dropped})


def test_the_sqlite_store_gives_back_the_whole_document(tmp_path, request):
    assert _stored("sqlite", tmp_path, request, EVERY_FIELD) == [EVERY_FIELD, EVERY_FIELD]


def _as_schema_3(path: Path) -> None:
    """Turn a schema 4 SQLite index into the file an older reuse wrote (no ``data`` column)."""
    db = sqlite3.connect(path)
    with db:
        db.execute("ALTER TABLE documents DROP COLUMN data")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.close()


def _schema_3_index(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    index = open_index(path, params=PARAMS, create=True)
    add_documents(index, [(EVERY_FIELD, normalize(EVERY_FIELD.text, EVERY_FIELD.content))])
    index.store.close()
    _as_schema_3(path)
    return path


def test_a_sqlite_index_of_schema_3_is_read_with_the_seven_fields_it_kept(tmp_path):
    index = open_index(_schema_3_index(tmp_path))
    lost = [n for n in EVERY if n not in SQLITE_3_KEEPS]
    old = dataclasses.replace(EVERY_FIELD, **{n: getattr(DEFAULTS, n) for n in lost})
    assert [index.store.document(EVERY_FIELD.id), *index.store.documents()] == [old, old]
    assert index.store.get_meta("schema_version") == "3"  # reading leaves the file as it was


def test_adding_to_a_sqlite_index_of_schema_3_upgrades_it_and_keeps_the_new_documents_whole(tmp_path):
    path = _schema_3_index(tmp_path)
    index = open_index(path, write=True)
    newer = dataclasses.replace(EVERY_FIELD, id="web/new.html", path="web/new.html")
    add_documents(index, [(newer, normalize(newer.text, newer.content))])
    index.store.close()
    index = open_index(path)
    assert index.store.get_meta("schema_version") == str(SQLITE_SCHEMA_VERSION) == "4"
    assert index.store.document(newer.id) == newer
    assert index.store.document(EVERY_FIELD.id).author == DEFAULTS.author  # written by schema 3: 7 fields
    assert index.store.verify() == []


def test_a_sqlite_index_of_an_unknown_schema_is_refused_with_what_to_do(tmp_path):
    path = _schema_3_index(tmp_path)
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(SourceIndexError, match=r"old\.sqlite: index schema 2.*reuse index build"):
        open_index(path)


def test_the_document_codec_round_trips_every_field_through_json():
    data = json.loads(json.dumps(document_to_data(EVERY_FIELD)))
    assert document_from_data(data) == EVERY_FIELD


def test_the_document_codec_reads_a_record_written_before_quotations_references_and_flags():
    data = document_to_data(EVERY_FIELD)
    for newer in ("quotations", "references", "flags"):
        del data[newer]
    older = dataclasses.replace(EVERY_FIELD, quotations=(), references=(), flags=())
    assert document_from_data(data) == older


@needs_redis
def test_a_redis_index_of_schema_3_is_read_and_its_next_write_marks_it_schema_4(redis_port):
    url = f"redis://127.0.0.1:{redis_port}/0?prefix=schema_3"
    old = dataclasses.replace(EVERY_FIELD, url="", retrieved="")
    index = open_index(url, params=PARAMS, create=True)
    add_documents(index, [(old, normalize(old.text, old.content))])
    import redis

    client = redis.Redis(port=redis_port)
    client.hset("schema_3:meta", "schema_version", "3")  # as an older reuse left it
    index = open_index(url)
    assert index.store.document(old.id) == old and index.store.verify() == []
    newer = dataclasses.replace(EVERY_FIELD, id="web/new.html", path="web/new.html")
    add_documents(index, [(newer, normalize(newer.text, newer.content))])
    assert client.hget("schema_3:meta", "schema_version") == b"4"
    assert open_index(url).store.document(newer.id) == newer
    client.hset("schema_3:meta", "schema_version", "2")
    with pytest.raises(SourceIndexError, match=r"prefix=schema_3: index schema 2, .*`reuse index build`"):
        open_index(url)


@pytest.mark.parametrize("values", [[], [7], [3, 3, 3], [5, -1, 5, 2**40, -1, 0], [*range(99, 0, -3)] * 2])
def test_sorted_unique_gives_what_numpy_unique_gives(values):
    import numpy as np

    from reuse.index.store import sorted_unique

    array = np.array(values, dtype=np.int64)
    assert sorted_unique(array).tolist() == np.unique(array).tolist()
