"""Extraction reads supported files exactly and turns every bad file into a clear error."""

from __future__ import annotations

import os
import zipfile

import pytest

from reuse.errors import ExtractionError
from reuse.ingest.extract import extract, load_documents


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")


def test_text_file_is_read_exactly_as_stored(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_bytes("Line one\r\nLine two — with a dash\r\n".encode())
    doc = extract(path, kind="submission")
    assert doc.text == "Line one\r\nLine two — with a dash\r\n"
    assert doc.kind == "submission" and len(doc.sha256) == 64


def test_utf8_byte_order_mark_is_dropped_so_offsets_start_at_the_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello there")
    assert extract(path, kind="submission").text == "Hello there"


def test_utf16_with_byte_order_mark_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Hello from Word".encode("utf-16"))
    assert extract(path, kind="submission").text == "Hello from Word"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("essay.docx", b"PK\x03\x04", "corrupt"),
        ("essay.doc", b"\xd0\xcf\x11\xe0", "unsupported file type '.doc'"),
    ],
)
def test_bad_file_gives_an_error_naming_the_file_and_the_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=message) as caught:
        extract(path, kind="submission")
    assert caught.value.path.endswith(name)
    assert caught.value.hint


def test_missing_file_gives_an_error(tmp_path):
    with pytest.raises(ExtractionError, match="no such file"):
        extract(tmp_path / "gone.txt", kind="submission")


def test_unreadable_file_gives_an_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("secret essay", encoding="utf-8")
    real_open = os.open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(ExtractionError, match="cannot read the file: Permission denied"):
        extract(path, kind="submission")


def test_html_source_keeps_its_main_text_and_loses_navigation(tmp_path):
    page = """<html><head><title>Lenin</title></head><body>
    <nav><a href="/">Home</a> <a href="/essays">Essays</a> <a href="/login">Log in</a></nav>
    <article><h1>How Lenin came to power</h1>
    <p>In the aftermath of the February Revolution, power was shared between the weak Provisional Government
    and the Petrograd Soviet, and the Bolsheviks used the months that followed to build support in the
    factories and the army.</p>
    <p>Lenin returned from exile in April 1917 and set out his April Theses, demanding peace, land and bread
    and all power to the soviets, which set the party apart from every other socialist group.</p></article>
    <footer>Copyright 2024 Essay Site. Cookie settings. Subscribe to our newsletter.</footer>
    </body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = extract(path, kind="source")
    assert "April Theses" in doc.text
    assert "Cookie settings" not in doc.text
    assert doc.extraction.startswith("html-main-text")


def test_latin1_or_windows_1252_text_is_decoded_not_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    assert extract(path, kind="submission").text == "Caf\u00e9 au lait"


def test_crlf_and_bom_keep_offsets_exact(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line\r\nSecond line\r\n")
    doc = extract(path, kind="submission")
    assert doc.text == "First line\r\nSecond line\r\n"
    assert doc.text[12:18] == "Second"


def _class(tmp_path, n=8):
    folder = tmp_path / "class"
    folder.mkdir()
    for k in range(n):
        (folder / f"s{k}.txt").write_text(f"Essay number {k} about the French Revolution.", encoding="utf-8")
    return folder


def test_parallel_extraction_gives_the_same_documents_in_the_same_order(tmp_path):
    folder = _class(tmp_path, 8)
    (folder / "bad.txt").write_bytes(b"")
    serial, serial_errors = load_documents([folder], kind="submission", jobs=1)
    parallel, parallel_errors = load_documents([folder], kind="submission", jobs=2)
    assert serial == parallel
    assert serial_errors == parallel_errors and len(serial_errors) == 1


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_documents_of_an_lms_export_carry_the_team_the_name_the_student_gave_and_the_late_flag(tmp_path):
    essay = b"An essay about the causes of the First World War, written by a student."
    moodle = _zip(
        tmp_path / "moodle.zip",
        {
            "Team A-Jane Doe_101_assignsubmission_file_/report.txt": essay,
            "Team A-Bob Li_102_assignsubmission_file_/report.txt": essay,
        },
    )
    canvas = _zip(
        tmp_path / "canvas.zip",
        {
            "leeann_LATE_340935_208490285_essay-1.txt": essay + b" Late.",
            "smithbob_340934_208490284_essay.txt": essay + b" On time.",
        },
    )
    (tmp_path / "plain.txt").write_bytes(essay)
    docs, errors = load_documents([moodle, canvas, tmp_path / "plain.txt"], kind="submission", jobs=1)
    assert errors == []
    assert sorted((d.author, d.team, d.original, d.late) for d in docs) == [
        ("", "", "", False),  # a file outside any export: nothing known
        ("Bob Li", "Team A", "report.txt", False),
        ("Jane Doe", "Team A", "report.txt", False),
        ("leeann", "", "essay.txt", True),
        ("smithbob", "", "essay.txt", False),
    ]
