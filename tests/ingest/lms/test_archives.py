"""Zip archives are read in memory within their caps: bombs, traversal, links, nested and corrupt
zips are per-file errors, OS junk is skipped, and the rest of the class is still read."""

from __future__ import annotations

import stat
import zipfile

from reuse.ingest.extract import load_documents
from reuse.ingest.lms import MAX_RATIO

from ...conftest import FIXTURES
from .zips import ESSAY, make_zip, zip_bytes

COPY = FIXTURES / "essay_with_copied_paragraph.txt"


def test_zip_bomb_traversal_and_corrupt_member_are_per_file_errors_and_the_rest_is_read(tmp_path):
    bomb = b"\0" * (2 * 1024 * 1024)
    export = tmp_path / "class.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good_1_assignsubmission_file_/essay.txt", ESSAY)
        archive.writestr("bomb.txt", bomb)
        archive.writestr("../../etc/evil.txt", ESSAY)
        archive.writestr("/abs/evil2.txt", ESSAY)
        archive.writestr("broken.docx", b"PK\x03\x04 not a docx")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("__MACOSX/._essay.txt", b"junk")
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["essay.txt"]
    messages = {e.path.split("class.zip/", 1)[1]: e.message for e in errors}
    assert set(messages) == {"bomb.txt", "../../etc/evil.txt", "/abs/evil2.txt", "broken.docx", "link.txt"}
    assert messages["link.txt"] == "symbolic link in the archive: not followed"
    assert "zip bomb" in messages["bomb.txt"] and f"{MAX_RATIO}:1" in messages["bomb.txt"]
    assert "unsafe path" in messages["../../etc/evil.txt"]
    assert "corrupt" in messages["broken.docx"]


def test_zip_nested_two_levels_is_not_opened(tmp_path):
    inner = zip_bytes({"deep.zip": zip_bytes({"essay.txt": ESSAY})})
    export = make_zip(tmp_path / "outer.zip", {"a.zip": inner, "ok.txt": ESSAY})
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["ok.txt"]
    assert ["one level" in e.hint or "one level" in e.message for e in errors] == [True]


def test_corrupt_zip_is_a_per_file_error(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"PK\x05\x06 broken")
    (tmp_path / "fine.txt").write_bytes(ESSAY)
    docs, errors = load_documents([tmp_path], kind="submission", jobs=1)
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["fine.txt"]
    assert "corrupt" in errors[0].message


def test_archive_members_are_never_written_to_disk(tmp_path):
    export = make_zip(tmp_path / "moodle.zip", {"A B_1_assignsubmission_file_/x.txt": ESSAY})
    before = sorted(p.name for p in tmp_path.rglob("*"))
    load_documents([export], kind="submission", jobs=1)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_every_member_of_a_zip_is_checked_refused_or_skipped(tmp_path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("alice/essay.txt", COPY.read_text(encoding="utf-8"))
        archive.writestr("bob/photo.png", b"\x89PNG")
        archive.writestr("bob/.DS_Store", b"junk")
        archive.writestr("__MACOSX/alice/._essay.txt", b"junk")
        link = zipfile.ZipInfo("carol/essay.txt")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    skipped = []
    docs, errors = load_documents([export], kind="submission", jobs=1, cache=False, skipped=skipped)
    assert [d.path for d in docs] == [f"{export.as_posix()}/alice/essay.txt"]
    messages = {e.path.rsplit("/", 2)[-2]: e.message for e in errors}
    assert messages["bob"] == "unsupported file type '.png'"
    assert messages["carol"] == "symbolic link in the archive: not followed"
    assert sorted(s.path.split(".zip/")[1] for s in skipped) == [
        "__MACOSX/alice/._essay.txt", "bob/.DS_Store"
    ]


def test_a_member_with_corrupt_compressed_data_is_an_error_saying_to_download_the_export_again(tmp_path):
    export = make_zip(tmp_path / "export.zip", {"alice.txt": ESSAY * 50, "bob.txt": ESSAY + b" bob"})
    raw = bytearray(export.read_bytes())
    start = raw.index(b"alice.txt") + len(b"alice.txt")  # the member's compressed data follows its name
    raw[start + 20 : start + 60] = b"\xff" * 40
    export.write_bytes(bytes(raw))
    docs, errors = load_documents([export], kind="submission", jobs=1)
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["bob.txt"]
    (error,) = errors
    assert error.path.endswith("alice.txt")
    assert "cannot read it from the archive" in error.message and error.hint == "re-download the export"
