"""Extraction reads supported files exactly and turns every bad file into a clear error."""

from __future__ import annotations

import builtins

import pytest

from reuse.errors import ExtractionError
from reuse.extract import discover, extract


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
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
        ("essay.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
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
    real_open = builtins.open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(ExtractionError, match="cannot read the file: Permission denied"):
        extract(path, kind="submission")


def test_folder_means_every_supported_file_under_it_and_skips_hidden_ones(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("b", encoding="utf-8")
    (tmp_path / "sub" / "c.docx").write_bytes(b"PK")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("d", encoding="utf-8")
    files, errors = discover([tmp_path, tmp_path / "nowhere"])
    assert [f.name for f in files] == ["a.txt", "b.md"]
    assert [e.message for e in errors] == ["no such file or folder"]


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
