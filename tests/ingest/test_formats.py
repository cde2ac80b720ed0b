"""Every format reader: what is extracted, what is left out, and clear errors for bad files."""

from __future__ import annotations

import io

import pytest

from reuse.errors import ExtractionError
from reuse.ingest.extract import extract, load_documents
from reuse.ingest.formats import FORMATS
from reuse.ingest.formats.base import near_white

from ..formats_helpers import (
    INTRO,
    OUTRO,
    PASSAGE,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    text_box,
    w_par,
    w_run,
    wrap,
)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("REUSE_CACHE_DIR", "off")


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- DOCX -----------------------------------------------------------------------------------


def test_docx_made_by_python_docx_keeps_paragraphs_and_tables_in_reading_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(INTRO)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell one"
    table.cell(0, 1).text = "Cell two"
    document.add_paragraph(PASSAGE)
    document.sections[0].header.paragraphs[0].text = "Student 4711 - running header"
    buffer = io.BytesIO()
    document.save(buffer)
    doc = extract(_write(tmp_path, "essay.docx", buffer.getvalue()), kind="submission")
    assert doc.text == f"{INTRO}\nCell one\nCell two\n{PASSAGE}"
    assert "running header" not in doc.text
    assert doc.extraction == "docx: body, tables, text boxes, footnotes, endnotes; headers/footers excluded"


def test_docx_text_boxes_follow_their_paragraph_once_and_notes_come_last(tmp_path):
    body = w_par(w_run("Before the box."), text_box(w_par(w_run("Inside the text box.")))) + w_par(
        w_run("After.")
    )
    data = docx_bytes(
        body,
        footnotes=w_par(w_run("A footnote.")),
        endnotes=w_par(w_run("An endnote.")),
        header=w_par(w_run("HEADER TEXT")),
    )
    doc = extract(_write(tmp_path, "boxes.docx", data), kind="submission")
    assert doc.text == "Before the box.\nInside the text box.\nAfter.\nA footnote.\nAn endnote."


def test_docx_tabs_breaks_and_deleted_revisions(tmp_path):
    body = w_par(
        "<w:r><w:t>one</w:t><w:tab/><w:t>two</w:t><w:br/><w:t>three</w:t></w:r>",
        "<w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>",
        '<w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>',
    )
    doc = extract(_write(tmp_path, "rev.docx", docx_bytes(body)), kind="submission")
    assert doc.text == "one\ttwo\nthree inserted"


@pytest.mark.parametrize(
    ("props", "reason"),
    [
        ("<w:vanish/>", "vanished"),
        ('<w:color w:val="FFFFFF"/>', "white text"),
        ('<w:color w:val="FEFEFE"/>', "white text"),
        ('<w:sz w:val="2"/>', "tiny font"),
    ],
)
def test_docx_hidden_runs_are_left_out_and_flagged(tmp_path, props, reason):
    body = w_par(w_run("The Bolsheviks "), w_run("iiiii filler", props), w_run("seized power."))
    doc = extract(_write(tmp_path, "hidden.docx", docx_bytes(body)), kind="submission")
    assert doc.text == "The Bolsheviks seized power."
    [flag] = [f for f in doc.flags if f.kind == "hidden_text"]
    assert flag.count == len("iiiii filler")
    assert reason in flag.message and "iiiii filler" in flag.message


def test_docx_white_text_on_a_dark_highlight_is_visible(tmp_path):
    body = w_par(w_run("Shown", '<w:color w:val="FFFFFF"/><w:highlight w:val="black"/>'))
    doc = extract(_write(tmp_path, "dark.docx", docx_bytes(body)), kind="submission")
    assert doc.text == "Shown" and not doc.flags


def test_corrupt_docx_is_an_error(tmp_path):
    with pytest.raises(ExtractionError, match="corrupt"):
        extract(_write(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip"), kind="submission")


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_joins_hyphenated_line_ends_and_drops_running_headers_and_page_numbers(tmp_path):
    pages = [wrap(INTRO), ["The chloro-", "plasts absorb light."], wrap(OUTRO)]
    data = pdf_bytes(pages, header="BIO 101 - Essay 2", footer=True)
    doc = extract(_write(tmp_path, "essay.pdf", data), kind="submission")
    assert "chloroplasts absorb light" in doc.text
    assert "BIO 101" not in doc.text and "Page 2 of 3" not in doc.text
    assert doc.text.startswith("My essay on plants.")
    assert doc.extraction.startswith("pdf (pypdfium2)")


def test_pdf_without_a_text_layer_is_an_error_saying_so(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a "scan": marks on the page, no text
    with pytest.raises(ExtractionError, match="no text layer") as caught:
        extract(_write(tmp_path, "scan.pdf", bytes(pdf.output())), kind="submission")
    assert "OCR" in caught.value.hint


def test_corrupt_pdf_is_an_error(tmp_path):
    with pytest.raises(ExtractionError, match="corrupt or unreadable PDF"):
        extract(_write(tmp_path, "broken.pdf", b"%PDF-1.4 garbage"), kind="submission")


# --- ODT ------------------------------------------------------------------------------------


def test_odt_expands_spaces_tabs_and_line_breaks_and_puts_notes_last(tmp_path):
    body = (
        "<text:h>Title</text:h>"
        '<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>The note.</text:p>"
        "</text:note-body></text:note> end</text:p>"
        "<text:list><text:list-item><text:p>Item</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Cell</text:p></table:table-cell>"
        "</table:table-row></table:table>"
        "<text:p>x<office:annotation><text:p>a comment</text:p></office:annotation>y</text:p>"
    )
    doc = extract(_write(tmp_path, "essay.odt", odt_bytes(body)), kind="submission")
    assert doc.text == "Title\na   b\tc\nd end\nItem\nCell\nxy\nThe note."


def test_odt_hidden_styles_are_left_out_and_flagged(tmp_path):
    styles = (
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:color="#ffffff"/></style:style>'
        '<style:style style:name="T2" style:family="text">'
        '<style:text-properties text:display="none"/></style:style>'
    )
    body = (
        '<text:p>Visible <text:span text:style-name="T1">white words</text:span>'
        'text <text:span text:style-name="T2">gone</text:span>here.</text:p>'
    )
    doc = extract(_write(tmp_path, "hidden.odt", odt_bytes(body, styles)), kind="submission")
    assert doc.text == "Visible text here."
    [flag] = doc.flags
    assert flag.kind == "hidden_text" and flag.count == len("white words") + len("gone")


# --- RTF, HTML, text --------------------------------------------------------------------------


def test_rtf_text_without_hidden_runs(tmp_path):
    rtf = (
        rb"{\rtf1\ansi{\fonttbl{\f0 Times;}}{\colortbl;\red255\green255\blue255;}"
        rb"\f0 Caf\'e9 society {\v secret} and \cf1 white\cf0 text.\par Next\par}"
    )
    doc = extract(_write(tmp_path, "essay.rtf", rtf), kind="submission")
    assert doc.text.strip() == "Café society  and text.\nNext"
    assert [f.kind for f in doc.flags] == ["hidden_text"]


def test_rtf_backslash_before_a_non_ascii_letter_is_a_control_symbol(tmp_path):
    # the file is read as Latin-1, so a stray backslash before byte 0xE9 reads as "\é": a control
    # symbol (ignored), not a control word; it used to reject the whole file as corrupt
    rtf = b"{\\rtf1\\ansi Some caf\\\xe9 text {\\v secret} here.\\par}"
    doc = extract(_write(tmp_path, "essay.rtf", rtf), kind="submission")
    assert doc.text.split() == ["Some", "caf", "text", "here."]
    assert [f.kind for f in doc.flags] == ["hidden_text"]

def test_student_html_keeps_visible_text_and_flags_css_hidden_text(tmp_path):
    page = (
        "<html><body><p>Visible start.</p><p style='display:none'>hidden one</p>"
        "<p>More <span style='color:#FFFFFF'>white</span>text.</p>"
        "<p style='font-size:0'>zero size</p></body></html>"
    )
    doc = extract(_write(tmp_path, "online.html", page.encode()), kind="submission")
    assert "Visible start." in doc.text and "More text." in doc.text
    assert "hidden one" not in doc.text and "white" not in doc.text and "zero size" not in doc.text
    [flag] = doc.flags
    assert flag.kind == "hidden_text" and "display:none" in flag.message


def test_text_in_windows_1252_is_decoded(tmp_path):
    path = _write(tmp_path, "ansi.txt", "Caf\u00e9 au lait \u2014 \u201cna\u00efve\u201d".encode("cp1252"))
    doc = extract(path, kind="submission")
    assert doc.text == "Caf\u00e9 au lait \u2014 \u201cna\u00efve\u201d"
    assert doc.extraction == "text (cp1252)"


@pytest.mark.parametrize(
    ("name", "hint"), [("old.doc", "libreoffice --headless --convert-to docx"), ("mac.pages", "Export To")]
)
def test_unsupported_document_formats_say_how_to_convert(tmp_path, name, hint):
    with pytest.raises(ExtractionError, match="unsupported file type") as caught:
        extract(_write(tmp_path, name, b"\xd0\xcf\x11\xe0 legacy"), kind="submission")
    assert hint in caught.value.hint


def test_the_formats_table_names_every_format():
    assert {".docx", ".pdf", ".odt", ".rtf", ".txt / .md"} <= set(FORMATS)


@pytest.mark.parametrize(
    ("colour", "white"),
    [
        ("FFFFFF", True),
        ("#fff", True),
        ("white", True),
        ("rgb(250, 250, 250)", True),
        ("000000", False),
        ("auto", False),
    ],
)
def test_near_white(colour, white):
    assert near_white(colour) is white


# --- the same passage in every format ----------------------------------------------------------


def _submission_bytes(fmt):
    if fmt == "txt":
        return f"{INTRO}\n\n{PASSAGE}\n\n{OUTRO}\n".encode()
    if fmt == "docx":
        return docx_bytes(w_par(w_run(INTRO)) + w_par(w_run(PASSAGE)) + w_par(w_run(OUTRO)))
    if fmt == "odt":
        return odt_bytes(f"<text:p>{INTRO}</text:p><text:p>{PASSAGE}</text:p><text:p>{OUTRO}</text:p>")
    return pdf_bytes([[*wrap(INTRO), "", *wrap(PASSAGE), "", *wrap(OUTRO)]])


def test_a_copied_paragraph_is_found_at_the_same_passage_in_every_format(tmp_path):
    from reuse.pipeline import check
    from reuse.text.normalize import normalize

    source = tmp_path / "source.txt"
    source.write_text(f"Plants and light\n\n{PASSAGE} These sugars feed the plant.\n", encoding="utf-8")
    found = {}
    for fmt in ("txt", "docx", "pdf", "odt"):
        path = _write(tmp_path, f"essay.{fmt}", _submission_bytes(fmt))
        result = check([path], sources=[source], jobs=1)
        assert not result.errors, result.errors
        [pair] = result.pairs
        sub = result.document(path.as_posix())
        span = pair.passages[0].left if pair.left == sub.id else pair.passages[0].right
        found[fmt] = normalize(sub.text[span.start : span.end]).text
    assert len(set(found.values())) == 1, found
    assert found["txt"] == normalize(PASSAGE).text


def test_one_corrupt_document_does_not_stop_the_class(tmp_path):
    _write(tmp_path, "good.txt", b"A perfectly fine essay about plants.")
    _write(tmp_path, "broken.docx", b"PK\x03\x04garbage")
    _write(tmp_path, "broken.odt", b"not a zip")
    docs, errors = load_documents([tmp_path], kind="submission")
    assert [d.path.split("/")[-1] for d in docs] == ["good.txt"]
    assert sorted(e.path.split("/")[-1] for e in errors) == ["broken.docx", "broken.odt"]
