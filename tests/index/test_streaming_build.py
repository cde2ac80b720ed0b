"""`reuse index build|add` streams its inputs into the index (issue #16): files are read, extracted,
prepared and written a batch at a time, each batch within the run caps, so a web archive with more
text than `max_run_chars` is indexed completely and memory does not grow with the input; a build
interrupted half-way leaves no index that looks complete."""

from __future__ import annotations

import functools
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from reuse.errors import SourceIndexError
from reuse.ingest.extract import DISCOVERED_SUFFIXES, extract_entries, unique_ids
from reuse.ingest.formats.warc import list_web_archive
from reuse.ingest.lms import collect
from reuse.ingest.stream import document_batches, spans
from reuse.loading import load_batches
from reuse.model import FileError
from reuse.pipeline import build_index
from reuse.settings import Limits, Settings
from tests.conftest import FIXTURES

REUSE = str(Path(sys.executable).parent / "reuse")
ENV = {**os.environ, "REUSE_CACHE_DIR": "off"}
TOPICS = ("rivers", "glaciers", "volcanoes", "deserts", "forests", "oceans", "storms", "caves")


def reuse(*args: object) -> subprocess.CompletedProcess[str]:
    if args[0] == "check" or args[:2] in (("index", "build"), ("index", "add")):
        args = (*args, "--isolated")
    return subprocess.run([REUSE, *map(str, args)], capture_output=True, text=True, env=ENV, timeout=300,
                          check=False)


def page_text(number: int) -> str:
    """About 200 words about one topic, different on every page."""
    topic = TOPICS[number % len(TOPICS)]
    return " ".join(f"Field note {number}.{k} on {topic}: the survey team measured site {number * 31 + k} "
                    f"and logged reading {number * 7 + k * 3} before moving north." for k in range(12))


def write_crawl(path: Path, pages: int) -> Path:
    """A gzipped WARC as crawlers write it: warcinfo, then a request and a response per page."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for number in range(pages):
            url = f"https://field.example.org/notes/{number}"
            request = io.BytesIO(b"GET /\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=request))
            body = f"<html><body><article><p>{page_text(number)}</p></article></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


def stored(path: Path) -> list[tuple[object, ...]]:
    """Every document (without its row number) and window of a SQLite index, sorted."""
    db = sqlite3.connect(path)
    try:
        docs = sorted(db.execute("SELECT id, path, kind, sha256, extraction, text, content, data "
                                 "FROM documents"))
        windows = sorted(db.execute("SELECT d.id, w.signature FROM windows w "
                                    "JOIN documents d ON d.num = w.doc"))
        bands = sorted(db.execute("SELECT b.key, d.id FROM bands b JOIN windows w ON w.id = b.window "
                                  "JOIN documents d ON d.num = w.doc"))
        return [*docs, *windows, *bands]
    finally:
        db.close()


def test_a_web_archive_with_more_text_than_the_run_cap_is_indexed_completely(tmp_path):
    archive = write_crawl(tmp_path / "crawl.warc.gz", 60)
    config = tmp_path / "reuse.toml"
    config.write_text("[limits]\nmax_run_chars = 20000\nmax_run_words = 3000\n", encoding="utf-8")
    assert 60 * len(page_text(59)) > 3 * 20_000  # the archive holds several run caps of text
    done = reuse("index", "build", tmp_path / "web.sqlite", archive, "--config", config)
    assert done.returncode == 0, done.stderr
    assert "not checked" not in done.stderr and "max_run" not in done.stderr
    info = json.loads(reuse("index", "info", tmp_path / "web.sqlite").stdout)
    assert info["documents"] == 60


def test_a_page_bigger_than_the_run_cap_alone_is_listed_with_the_cap_and_the_others_are_indexed(tmp_path):
    archive = write_crawl(tmp_path / "crawl.warc.gz", 12)
    errors: list[FileError] = []
    entries, _ = collect([archive], wanted=lambda s: s in DISCOVERED_SUFFIXES, web_archives=True)
    limits = Limits(max_run_chars=1250)
    longer = [n for n in range(12) if len(page_text(n)) > 1250]
    batches = list(document_batches(entries, errors, kind="source", strip_chrome=True, limits=limits,
                                    folder=None, executor=None))
    assert [e.path for e in errors] == [f"{archive.as_posix()}/record-{3 + 2 * n}" for n in longer]
    assert all("max_run_chars" in e.message for e in errors)
    assert [len(batch) for batch in batches] == [1] * (12 - len(longer))  # two pages pass the cap together


def test_index_build_reads_extracts_and_writes_a_batch_of_files_at_a_time(tmp_path):
    archive = write_crawl(tmp_path / "crawl.warc.gz", 10)
    errors: list[FileError] = []
    sizes = [len(b) for b in load_batches([archive], "source", Settings(jobs=1), errors, batch=3)]
    assert sizes == [3, 3, 3, 1] and errors == []


def test_batches_are_cut_by_count_and_by_bytes_keeping_at_least_one_file(tmp_path):
    archive = write_crawl(tmp_path / "crawl.warc.gz", 5)
    entries, _ = collect([archive], wanted=lambda s: s in DISCOVERED_SUFFIXES, web_archives=True)
    assert list(spans(entries, batch=2)) == [(0, 2), (2, 4), (4, 5)]
    assert list(spans(entries, batch_bytes=1)) == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert list(spans(entries, batch_bytes=2 * entries[0].size + 2 * entries[1].size)) == [(0, 3), (3, 5)]


def test_an_index_built_in_small_batches_holds_exactly_what_one_batch_gives(tmp_path):
    inputs = [write_crawl(tmp_path / "crawl.warc.gz", 9), FIXTURES, FIXTURES / "web_crawl.warc.gz"]
    settings = Settings(jobs=1)
    _, added, errors = build_index(tmp_path / "one.sqlite", inputs, settings=settings, create=True)
    _, added_in_batches, errors_in_batches = build_index(tmp_path / "small.sqlite", inputs, settings=settings,
                                                         create=True, batch=2)
    assert added == added_in_batches > 9 + 10
    assert errors == errors_in_batches
    assert stored(tmp_path / "one.sqlite") == stored(tmp_path / "small.sqlite")


def test_a_web_archive_is_listed_without_the_text_of_its_pages(tmp_path):
    archive = write_crawl(tmp_path / "crawl.warc.gz", 4)
    listed = list_web_archive(str(archive), functools.partial(archive.open, "rb"))
    assert [p.number for p in listed.pages] == [3, 5, 7, 9]  # warcinfo, then request + response per page
    assert all(p.body == b"" and p.size > 1000 for p in listed.pages)


def test_a_web_archive_changed_between_listing_and_reading_gives_an_error_for_the_missing_pages(tmp_path):
    archive = write_crawl(tmp_path / "crawl.warc.gz", 4)
    entries, _ = collect([archive], wanted=lambda s: s in DISCOVERED_SUFFIXES, web_archives=True)
    write_crawl(archive, 2)  # replaced by a shorter crawl before its pages are read
    results = extract_entries(entries, unique_ids(entries), kind="source", strip_chrome=True, caps=Limits(),
                              budget=None, folder=None, executor=None, jobs=1)
    assert [type(r).__name__ for r in results] == ["Document", "Document", "FileError", "FileError"]
    gone = results[2]
    assert isinstance(gone, FileError) and gone.path.endswith("record-7") and "changed" in gone.message


def _fail_stage_call(monkeypatch: pytest.MonkeyPatch, failing: int, message: str) -> list[int]:
    """Make the pipeline's ``failing``-th stage map (one a batch while building) raise
    :class:`SourceIndexError` with ``message``; the list returned grows by one a call."""
    from reuse import pipeline

    mapped = pipeline._map
    calls: list[int] = []

    def fail(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == failing:
            raise SourceIndexError(message)
        return mapped(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_map", fail)
    return calls


def test_a_build_interrupted_after_some_batches_leaves_no_index_and_a_check_against_it_exits_two(
        tmp_path, monkeypatch):
    calls = _fail_stage_call(monkeypatch, 3, "disk on fire")
    target = tmp_path / "index" / "web.sqlite"
    with pytest.raises(SourceIndexError):
        build_index(target, [write_crawl(tmp_path / "crawl.warc.gz", 10)], settings=Settings(jobs=1),
                    create=True, batch=3)
    assert len(calls) == 3  # two batches were written before the third failed
    assert os.listdir(target.parent) == []  # nothing under the index's name, no staging file
    done = reuse("check", FIXTURES / "essay_with_copied_paragraph.txt", "--sources", target)
    assert done.returncode == 2 and "no such index file" in done.stderr, done.stderr


def test_an_index_add_interrupted_after_some_batches_keeps_the_last_committed_index(tmp_path, monkeypatch):
    target = tmp_path / "web.sqlite"
    build_index(target, [FIXTURES / "web_crawl.warc.gz"], settings=Settings(jobs=1), create=True)
    before = stored(target)
    _fail_stage_call(monkeypatch, 2, "disk on fire")
    with pytest.raises(SourceIndexError):
        build_index(target, [write_crawl(tmp_path / "crawl.warc.gz", 6)], settings=Settings(jobs=1),
                    create=False, batch=3)
    assert stored(target) == before
    assert reuse("index", "verify", target).returncode == 0


def test_the_file_of_a_build_that_died_half_way_is_refused_by_a_check_as_unfinished(tmp_path, monkeypatch):
    from reuse import pipeline

    _fail_stage_call(monkeypatch, 2, "killed")
    monkeypatch.setattr(pipeline, "remove_staging", lambda staging: None)  # as `kill -9` leaves it
    target = tmp_path / "index" / "web.sqlite"
    with pytest.raises(SourceIndexError):
        build_index(target, [write_crawl(tmp_path / "crawl.warc.gz", 6)], settings=Settings(jobs=1),
                    create=True, batch=3)
    [left] = (target.parent).iterdir()
    assert left.name.endswith(".building") and not target.exists()
    done = reuse("check", FIXTURES / "essay_with_copied_paragraph.txt", "--sources", left)
    assert done.returncode == 2 and "did not finish" in done.stderr, done.stderr
    assert reuse("index", "verify", left).returncode == 2
