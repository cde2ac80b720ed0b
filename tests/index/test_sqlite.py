"""The SQLite index under concurrency and faults: one writer at a time, atomic builds, read-only
files, read commands that never write, `reuse index verify`, damaged pages, and indexed
documents whose ids cannot collide with submissions (issue #14 §4, §6)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reuse.errors import SourceIndexError
from reuse.index import IndexParams, WindowIndex, add_documents, open_index, publish_index
from reuse.ingest.extract import extract
from reuse.settings import FingerprintOptions
from reuse.text.normalize import normalize
from tests.conftest import FIXTURES, SAMPLES

REUSE = str(Path(sys.executable).parent / "reuse")
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
COPY = FIXTURES / "essay_with_copied_paragraph.txt"
INDEPENDENT = FIXTURES / "essay_independent_same_topic.txt"
ENV = {**os.environ, "REUSE_CACHE_DIR": "off"}
PARAMS = IndexParams.from_options(FingerprintOptions())


def reuse(*args: object, cwd: Path | None = None, timeout: float = 120,
          **kwargs: object) -> subprocess.CompletedProcess[str]:
    if args[0] == "check" or args[:2] in (("index", "build"), ("index", "add")):
        args = (*args, "--isolated")  # no pyproject.toml of a parent folder
    return subprocess.run([REUSE, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=ENV,
                          timeout=timeout, check=False, **kwargs)  # type: ignore[call-overload]


def no_crash(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """An index of the two sample sources."""
    path = tmp_path / "sources.sqlite"
    done = reuse("index", "build", path, SAMPLES / "sources")
    assert done.returncode == 0, done.stderr
    return path


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another writer in the middle of its transaction."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("BEGIN IMMEDIATE")
    return db


# --- one writer at a time -------------------------------------------------------------------------

def test_a_second_index_add_waits_with_a_message_then_exits_two_if_the_writer_keeps_the_index(built):
    holder = _hold_write_lock(built)
    try:
        started = time.monotonic()
        done = reuse("index", "add", built, WEB, "--wait", "1")
        waited = time.monotonic() - started
    finally:
        holder.close()
    assert done.returncode == 2
    assert f"waiting for another writer of {built}" in done.stderr
    assert "another process kept writing the index for 1 s" in done.stderr
    assert waited >= 1
    no_crash(done)


def test_a_second_index_add_goes_on_when_the_first_writer_finishes(built):
    holder = _hold_write_lock(built)
    command = [REUSE, "index", "add", str(built), str(WEB), "--wait", "60", "--isolated"]
    adding = subprocess.Popen(command, env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        said = adding.stderr.readline()  # type: ignore[union-attr]
        holder.commit()  # the first writer finishes
        out, err = adding.communicate(timeout=60)
    finally:
        holder.close()
    assert "waiting for another writer" in said
    assert adding.returncode == 0, err
    assert "now 3 documents" in out


def test_index_add_of_documents_another_writer_added_meanwhile_lists_them_and_adds_nothing_twice(built):
    first = reuse("index", "add", built, WEB)
    second = reuse("index", "add", built, WEB)
    assert first.returncode == 0
    assert "already in the index" in second.stderr
    assert json.loads(reuse("index", "info", built).stdout)["documents"] == 3
    no_crash(second)


# --- atomic builds ---------------------------------------------------------------------------------

def test_two_concurrent_index_builds_of_one_file_never_merge(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, source in ((first, SAMPLES / "sources"), (second, FIXTURES)):
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("align"))
    target = tmp_path / "shared.sqlite"
    procs = [subprocess.Popen([REUSE, "index", "build", str(target), str(folder), "--isolated"], env=ENV,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for folder in (first, second)]
    outcomes = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert sorted(code for code, _, _ in outcomes) == [0, 2], outcomes
    winner = first if outcomes[0][0] == 0 else second
    loser_err = next(err for code, _, err in outcomes if code == 2)
    assert "already exists" in loser_err or "created by another process" in loser_err
    db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    paths = [Path(p) for (p,) in db.execute("SELECT path FROM documents")]
    assert paths and all(winner in p.parents for p in paths)  # one build's documents, none of the other's
    assert sorted(os.listdir(tmp_path)) == ["first", "second", "shared.sqlite"]  # no temporary file left


def test_an_index_is_published_only_under_a_name_nothing_has(tmp_path):
    staging, target = tmp_path / ".new.building", tmp_path / "index.sqlite"
    staging.write_bytes(b"new index")
    target.write_bytes(b"the other build's index")
    with pytest.raises(SourceIndexError, match="created by another process"):
        publish_index(staging, target)
    assert target.read_bytes() == b"the other build's index"


def test_index_build_onto_an_existing_file_exits_two_and_leaves_it_alone(tmp_path):
    target = tmp_path / "notes.sqlite"
    target.write_text("my notes\n")
    done = reuse("index", "build", target, WEB)
    assert done.returncode == 2 and "already exists" in done.stderr
    assert target.read_text() == "my notes\n"


def test_index_build_that_adds_nothing_leaves_no_file(tmp_path):
    target = tmp_path / "out" / "empty.sqlite"
    reuse("index", "build", target, tmp_path / "nosuchdir")
    assert not target.exists()
    assert os.listdir(target.parent) == []  # no temporary file either


def test_index_build_interrupted_by_an_error_leaves_no_file(tmp_path, monkeypatch):
    from reuse.pipeline import build_index

    def broken(*args: object, **kwargs: object) -> int:
        raise SourceIndexError("disk on fire")

    monkeypatch.setattr("reuse.pipeline.add_documents", broken)
    with pytest.raises(SourceIndexError):
        build_index(tmp_path / "web.sqlite", [WEB], create=True)
    assert os.listdir(tmp_path) == []


# --- read-only files and folders -------------------------------------------------------------------

def test_a_read_only_index_file_can_be_queried(tmp_path):
    """(Root may write a 0444 file anyway: the read-only mount test below covers root too.)"""
    shared = tmp_path / "shared"
    shared.mkdir()
    index = shared / "web.sqlite"
    assert reuse("index", "build", index, WEB).returncode == 0
    before = index.read_bytes()
    index.chmod(0o444)
    shared.chmod(0o555)  # and nothing can be created next to it
    try:
        done = reuse("check", COPY, "--sources", index)
        info = reuse("index", "info", index)
    finally:
        shared.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "web_source_photosynthesis_excerpt.txt" in done.stdout
    assert info.returncode == 0 and json.loads(info.stdout)["documents"] == 1
    assert os.listdir(shared) == ["web.sqlite"] and index.read_bytes() == before


def test_a_query_opens_the_index_read_only(built):
    index = open_index(built, params=IndexParams.from_options(FingerprintOptions()))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        index.store.db.execute("CREATE TABLE scribble (x)")  # type: ignore[attr-defined]


@pytest.fixture
def read_only_mount(tmp_path):
    """A folder on a read-only file system (a tmpfs remounted read-only); skips without mount rights."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("needs root to mount a tmpfs")

    def seal() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)

    yield mount, seal
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_an_index_on_a_read_only_mount_can_be_queried(read_only_mount, tmp_path, journal):
    """Also an index an older reuse left in WAL mode (it needs a writable folder for its -shm file)."""
    mount, seal = read_only_mount
    index = mount / "web.sqlite"
    assert reuse("index", "build", index, WEB).returncode == 0
    if journal == "wal":
        db = sqlite3.connect(index)
        assert db.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
        db.close()
    seal()
    done = reuse("check", COPY, "--sources", index)
    assert done.returncode == 1, done.stderr
    assert "web_source_photosynthesis_excerpt.txt" in done.stdout
    assert reuse("index", "verify", index).returncode == 0
    assert os.listdir(mount) == ["web.sqlite"]


def test_a_query_leaves_nothing_next_to_the_index(built):
    done = reuse("check", COPY, "--sources", built)
    assert done.returncode in (0, 1), done.stderr
    assert os.listdir(built.parent) == [built.name]


# --- read commands never write ---------------------------------------------------------------------

@pytest.mark.parametrize("command", ["info", "verify"])
@pytest.mark.parametrize("content", [b"", b"\x00" * 512, b"PK\x03\x04 not an index"],
                         ids=["empty", "zeros", "zip"])
def test_a_read_command_on_a_file_that_is_not_an_index_exits_two_and_leaves_it_unchanged(
    tmp_path, command, content
):
    path = tmp_path / "web.sqlite"
    path.write_bytes(content)
    done = reuse("index", command, path)
    assert done.returncode == 2
    assert "not a reuse index" in done.stderr
    assert path.read_bytes() == content
    assert os.listdir(tmp_path) == ["web.sqlite"]
    no_crash(done)


# --- verify and damaged pages ----------------------------------------------------------------------

def test_index_verify_says_a_sound_index_is_sound(built):
    done = reuse("index", "verify", built)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{built}: sound (2 documents, 68 windows)\n"


def _damage(path: Path, share: float) -> Path:
    """A copy of ``path`` with 2 KiB overwritten at ``share`` of its length."""
    damaged = path.with_name(f"damaged-{share}.sqlite")
    data = bytearray(path.read_bytes())
    at = int(len(data) * share)
    data[at:at + 2048] = bytes(range(256)) * 8
    damaged.write_bytes(bytes(data))
    return damaged


SHARES = [0.27, 0.47, 0.68, 0.88]


@pytest.mark.parametrize("share", SHARES)
def test_index_verify_finds_damaged_pages(built, share):
    done = reuse("index", "verify", _damage(built, share))
    assert done.returncode == 2
    assert "is damaged" in done.stderr
    no_crash(done)


@pytest.mark.parametrize("share", SHARES)
def test_a_check_against_an_index_with_damaged_pages_exits_two(built, share):
    """Before, damage in the middle of the file gave a normal-looking result (exit 1, fewer passages)."""
    damaged = _damage(built, share)
    done = reuse("check", SAMPLES / "submissions", "--sources", damaged, "-q")
    assert done.returncode == 2
    assert f"reuse: error: {damaged}" in done.stderr
    no_crash(done)


def test_index_verify_finds_windows_whose_document_is_missing(built):
    db = sqlite3.connect(built)
    db.execute("DELETE FROM documents WHERE id = (SELECT MIN(id) FROM documents)")
    db.commit()
    db.close()
    done = reuse("index", "verify", built)
    assert done.returncode == 2
    assert "windows whose document is missing" in done.stderr


def test_index_verify_checks_the_stamp(built):
    db = sqlite3.connect(built)
    db.execute("DELETE FROM meta WHERE key = 'params'")
    db.commit()
    db.close()
    done = reuse("index", "verify", built)
    assert done.returncode == 2 and "no parameter stamp" in done.stderr


# --- ids of indexed documents ----------------------------------------------------------------------

def test_last_years_essay_in_an_index_is_found_in_this_years_essay_of_the_same_name(tmp_path):
    """The index holds last year's `class/e02.txt`; this year's `class/e02.txt` copies 80 of its words.
    Both had the id `class/e02.txt`, so the index's document was taken for the submission itself."""
    last_year, this_year = tmp_path / "2025", tmp_path / "2026"
    old_essay = INDEPENDENT.read_text(encoding="utf-8")
    copied = " ".join(old_essay.split()[40:120])
    new_essay = f"{WEB.read_text(encoding='utf-8')}\n\n{copied}\n"
    for year, essay in ((last_year, old_essay), (this_year, new_essay)):
        (year / "class").mkdir(parents=True)
        (year / "class" / "e02.txt").write_text(essay, encoding="utf-8")
    index = tmp_path / "earlier.sqlite"
    assert reuse("index", "build", index, "class", cwd=last_year).returncode == 0
    done = reuse("check", "class", "--sources", index, "--json", tmp_path / "result.json", cwd=this_year)
    assert done.returncode == 1, done.stdout + done.stderr
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    source_id = f"{index}:class/e02.txt"
    assert [(p["left"], p["right"]) for p in result["pairs"]] == [("class/e02.txt", source_id)]
    source = next(d for d in result["documents"] if d["id"] == source_id)
    assert source["kind"] == "source" and source["path"] == "class/e02.txt"
    assert result["pairs"][0]["longest_words"] >= 75


def test_the_cli_default_wait_is_the_librarys():
    from click.testing import CliRunner

    from reuse.cli import cli
    from reuse.index import WRITE_WAIT_SECONDS

    shown = CliRunner().invoke(cli, ["index", "add", "--help"]).output
    assert f"[default: {WRITE_WAIT_SECONDS}; x>=0]" in " ".join(shown.split())


def test_a_check_against_a_truncated_index_exits_two_saying_it_is_damaged(built):
    truncated = built.with_name("truncated.sqlite")
    truncated.write_bytes(built.read_bytes()[: built.stat().st_size * 2 // 3])
    done = reuse("check", COPY, "--sources", truncated)
    assert done.returncode == 2
    assert f"{truncated}: the index is damaged" in done.stderr


_KILLED_WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size=5")  # small: the changes spill into the file before the commit
db.execute("BEGIN IMMEDIATE")
for k in range(3000):
    db.execute("INSERT INTO windows (id, doc, signature) VALUES (?, 0, ?)", (10**6 + k, bytes(256)))
db.execute("UPDATE windows SET signature = ? WHERE id < 60", (bytes(256),))
print("written", flush=True)
time.sleep(120)
"""


def test_a_query_after_an_index_add_killed_midway_reads_the_last_committed_index(built):
    command = [sys.executable, "-c", _KILLED_WRITER, str(built)]
    writer = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "written\n"  # type: ignore[union-attr]
    finally:
        writer.kill()
        writer.wait()
    assert built.with_name(f"{built.name}-journal").exists()
    info = reuse("index", "info", built)
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["windows"] == 68
    assert reuse("index", "verify", built).returncode == 0


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


def test_an_index_with_an_older_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "old.sqlite"
    index = open_index(path, params=PARAMS, create=True)
    with index.store.db:  # type: ignore[attr-defined]
        index.store.set_meta("schema_version", "2")  # type: ignore[attr-defined]
    index.store.close()  # type: ignore[attr-defined]
    with pytest.raises(SourceIndexError, match="index schema 2, this reuse reads schemas 3 and 4; rebuild"):
        open_index(path, params=PARAMS)
