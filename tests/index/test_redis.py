"""The shared Redis index answers like the memory index, is stamped, and writes atomically.

These tests start a real ``redis-server`` on a free loopback port and stop it afterwards; they
are skipped only when no ``redis-server`` binary (Debian package ``redis-server``) or no
``redis`` Python package is installed.
"""

from __future__ import annotations

import json

import pytest

from reuse.errors import IndexMismatchError, SourceIndexError
from reuse.index import IndexParams, WindowIndex, add_documents, index_info, open_index
from reuse.ingest.extract import extract
from reuse.settings import FingerprintOptions
from reuse.text.normalize import normalize
from tests.redis_server import REDIS_SERVER, free_port, redis_server

redis = pytest.importorskip("redis", reason="the redis extra is not installed (pip install '.[redis]')")
pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="no redis-server binary on PATH (apt-get install redis-server)"
)

PARAMS = IndexParams.from_options(FingerprintOptions())


@pytest.fixture(scope="module")
def redis_port():
    """A private redis-server on 127.0.0.1, without persistence, stopped after the module."""
    with redis_server() as server:
        yield server.port


@pytest.fixture
def url(redis_port, request):
    """A fresh index URL (its own prefix) for each test."""
    return f"redis://127.0.0.1:{redis_port}/0?prefix=t_{request.node.name}"


def test_redis_index_answers_like_the_memory_index(url, fixture_path):
    source = extract(fixture_path("web_source_photosynthesis_excerpt.txt"), kind="source")
    other = extract(fixture_path("essay_independent_same_topic.txt"), kind="source")
    index = open_index(url, params=PARAMS, create=True)
    add_documents(index, [(d, normalize(d.text, d.content)) for d in (source, other)])
    memory = WindowIndex(PARAMS)
    add_documents(memory, [(d, normalize(d.text, d.content)) for d in (source, other)])
    query = normalize(extract(fixture_path("essay_with_copied_paragraph.txt"), kind="submission").text)
    reopened = open_index(url, params=PARAMS)
    found = reopened.query("q", query)  # an indexed document's id is namespaced by its index
    assert found == WindowIndex(PARAMS, memory.store, namespace=reopened.namespace).query("q", query)
    assert found and found[0].source_id == f"{reopened.namespace}{source.id}"
    assert reopened.store.document(source.id) == source
    assert index_info(reopened)["documents"] == 2


def test_redis_index_with_other_parameters_is_refused_naming_both_values(url):
    open_index(url, params=PARAMS, create=True)
    other = IndexParams.from_options(FingerprintOptions(num_perm=64))
    with pytest.raises(IndexMismatchError, match="num_perm: index has 128, asked for 64"):
        open_index(url, params=other)


def test_a_missing_redis_index_and_an_unreachable_server_are_reported(url):
    with pytest.raises(SourceIndexError, match="no parameter stamp"):
        open_index(url)
    with pytest.raises(SourceIndexError, match="cannot reach Redis"):
        open_index(f"redis://127.0.0.1:{free_port()}/0?prefix=x")


def _run_cli(args, monkeypatch, capsys):
    """The console entry point, as the installed `reuse` command runs it: (code, out, err)."""
    import sys

    from reuse.cli import main

    monkeypatch.setattr(sys, "argv", ["reuse", *args])
    with pytest.raises(SystemExit) as done:
        main()
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def test_index_commands_take_a_redis_url(url, fixture_path, monkeypatch, capsys):
    web = str(fixture_path("web_source_photosynthesis_excerpt.txt"))
    other = str(fixture_path("essay_independent_same_topic.txt"))
    code, out, err = _run_cli(["index", "build", url, web], monkeypatch, capsys)
    assert code == 0, err
    assert "added 1 document; now 1 document," in out and url in out
    code, _, err = _run_cli(["index", "build", url, web], monkeypatch, capsys)
    assert code == 2 and "already holds an index" in err
    code, out, err = _run_cli(["index", "add", url, other], monkeypatch, capsys)
    assert code == 0 and "now 2 documents" in out, err
    code, out, _ = _run_cli(["index", "info", url], monkeypatch, capsys)
    info = json.loads(out)
    assert code == 0 and info["documents"] == 2 and info["params"]["num_perm"] == 128
    query = normalize(extract(fixture_path("essay_with_copied_paragraph.txt"), kind="submission").text)
    found = open_index(url, params=PARAMS).query("q", query)
    assert found and found[0].source_id.endswith("web_source_photosynthesis_excerpt.txt")


def test_index_add_to_a_missing_redis_index_exits_two(url, fixture_path, monkeypatch, capsys):
    web = str(fixture_path("web_source_photosynthesis_excerpt.txt"))
    code, _, err = _run_cli(["index", "add", url, web], monkeypatch, capsys)
    assert code == 2 and "no parameter stamp" in err


@pytest.mark.parametrize(("url", "shown"), [
    ("redis://:s3cret@host:6379/0?prefix=a", "redis://***@host:6379/0?prefix=a"),
    ("redis://user:p#a/s?s@w@host/0", "redis://***@host/0"),
    ("rediss://host:6379/0?prefix=a", "rediss://host:6379/0?prefix=a"),
    ("redis:/:s3cret@host/0", "redis:/***@host/0"),
])
def test_redact_url_hides_everything_before_the_last_at_sign(url, shown):
    from reuse.index.redis_url import redact_url

    assert redact_url(url) == shown


def test_a_password_with_unencoded_reserved_characters_is_read_whole():
    from reuse.index.redis_url import parse_redis_url

    config, prefix = parse_redis_url("redis://:p#a/s?s@w@127.0.0.1:7000/3?prefix=course42&socket_timeout=2.5")
    assert config["password"] == "p#a/s?s@w"  # noqa: S105
    assert config["port"] == 7000 and config["db"] == 3
    assert config["socket_timeout"] == 2.5 and config["socket_connect_timeout"] > 0
    assert prefix == "course42"


@pytest.mark.parametrize(("query", "message"), [
    ("prefx=a", "unknown URL parameter 'prefx'"),
    ("prefix=a&prefix=b", "more than once"),
    ("prefix=a*", "bad prefix"),
    ("prefix=a:b", "bad prefix"),
    ("prefix=", "bad prefix"),
    ("socket_timeout=0", "socket_timeout must be a number of seconds above 0"),
    ("socket_connect_timeout=soon", "socket_connect_timeout must be"),
])
def test_bad_url_parameters_are_configuration_errors(query, message):
    from reuse.index.redis_url import parse_redis_url

    with pytest.raises(SourceIndexError, match=message) as raised:
        parse_redis_url(f"redis://:hunter2@127.0.0.1:6379/0?{query}")
    assert "hunter2" not in str(raised.value)


def test_a_second_stamp_on_one_prefix_is_refused(url):
    from reuse.index.redis import RedisStore

    open_index(url, params=PARAMS, create=True)
    with pytest.raises(SourceIndexError, match="already holds an index"):
        RedisStore.from_url(url).write_stamp(PARAMS)


def test_a_document_added_outside_add_documents_is_committed_and_found(url, fixture_path):
    source = extract(fixture_path("web_source_photosynthesis_excerpt.txt"), kind="source")
    index = open_index(url, params=PARAMS, create=True)
    index.add(source, normalize(source.text, source.content))  # each store call is its own write
    query = normalize(extract(fixture_path("essay_with_copied_paragraph.txt"), kind="submission").text)
    reopened = open_index(url, params=PARAMS)
    found = reopened.query("q", query)
    assert found and found[0].source_id == reopened.namespace + source.id
