"""Builders for format fixtures (DOCX, ODT, PDF, RTF) made in the tests, and the shared passage."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

INTRO = "My essay on plants. I wrote this introduction myself after reading the textbook chapter."
PASSAGE = (
    "Photosynthesis is the process by which green plants, algae and some bacteria turn light energy into "
    "chemical energy. Inside the chloroplasts, the pigment chlorophyll absorbs mostly red and blue light and "
    "reflects green, which is why leaves look green to us. The energy captured from sunlight is used to "
    "split water molecules, releasing oxygen as a by-product, while carbon dioxide taken from the air is "
    "fixed into sugars during the Calvin cycle."
)
OUTRO = "In conclusion, my own view is that school gardens teach this better than any lecture could."
SOURCE = (
    "Plants and light\n\n" + PASSAGE + " These sugars feed the plant and, through food chains, almost every "
    "other living thing on Earth.\n"
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w_run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def w_par(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def docx_bytes(body: str, *, footnotes: str = "", endnotes: str = "", header: str = "") -> bytes:
    """A minimal DOCX package with ``body`` (WordprocessingML inside w:body)."""
    ns = (
        f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr(
            "word/document.xml", f'<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>'
        )
        if footnotes:
            package.writestr(
                "word/footnotes.xml",
                f"<w:footnotes {ns}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                f'<w:footnote w:id="1">{footnotes}</w:footnote></w:footnotes>',
            )
        if endnotes:
            package.writestr(
                "word/endnotes.xml",
                f'<w:endnotes {ns}><w:endnote w:id="1">{endnotes}</w:endnote></w:endnotes>',
            )
        if header:
            package.writestr("word/header1.xml", f"<w:hdr {ns}>{header}</w:hdr>")
    return out.getvalue()


def text_box(*paragraphs: str) -> str:
    """A run holding a floating text box (DrawingML choice + VML fallback, as Word writes it)."""
    inner = "".join(paragraphs)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        f"{inner}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        f"<w:txbxContent>{inner}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def odt_bytes(body: str, styles: str = "") -> bytes:
    """A minimal ODT package whose office:text holds ``body``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        package.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf_bytes(pages: list[list[str]], *, header: str = "", footer: bool = False) -> bytes:
    """A PDF (fpdf2, Helvetica) with one list of lines per page, optional running header/footer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 6, header)
        pdf.set_xy(10, 25)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if footer:
            pdf.set_xy(10, 280)
            pdf.cell(0, 6, f"Page {number} of {len(pages)}")
    return bytes(pdf.output())


def wrap(text: str, width: int = 80) -> list[str]:
    """Break ``text`` into lines of at most ``width`` characters at spaces."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
