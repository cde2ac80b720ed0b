"""PDF: the text layer, read with pypdfium2 (PDFium), page by page.

Post-processing: a word hyphenated at a line end is joined (``exam-`` + ``ple`` -> ``example``
when both sides are lower-case letters); lines that repeat at the top or bottom of at least half
of the pages (running headers, footers, page numbers; digits are ignored when comparing) are
dropped. A PDF without a text layer (a scan) is an error, not an empty document: no OCR is done.
"""

from __future__ import annotations

import re
from collections import Counter

from reuse.errors import ExtractionError
from reuse.ingest.formats.base import Extracted
from reuse.model import DocumentKind

METHOD = "pdf (pypdfium2): text layer; line-end hyphens joined; repeated page headers/footers dropped"
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be a running header/footer
# PDFium replaces a line-end hyphen and the line break by U+FFFE (or \x02 in old versions).
_HYPHEN = re.compile(r"(?<=[a-zß-ÿ])(?:[-\u00ad\u2010\x02\ufffe]\n|[\x02\ufffe])(?=[a-zß-ÿ])")
_DIGITS = re.compile(r"\d+")


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop header/footer lines repeated on at least half of the pages (needs 2+ pages)."""
    if len(pages) < 2:
        return pages
    counts: Counter[str] = Counter()
    for lines in pages:
        filled = [k for k, line in enumerate(lines) if line.strip()]
        edges = set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])
        counts.update({_edge_key(lines[k]) for k in edges})
    need = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= need and key}
    result = []
    for lines in pages:
        filled = [k for k, line in enumerate(lines) if line.strip()]
        edges = set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])
        result.append(
            [line for k, line in enumerate(lines) if not (k in edges and _edge_key(line) in running)]
        )
    return result


def read_pdf(name: str, data: bytes, kind: DocumentKind) -> Extracted:
    """Read a PDF's text layer (see the module docstring)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise ExtractionError(
                name, "the PDF is password-protected", "remove the password and submit again"
            ) from error
        raise ExtractionError(name, f"corrupt or unreadable PDF ({reason})", "re-export it as PDF") from error
    try:
        pages: list[list[str]] = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            raw = raw.replace("\r\n", "\n").replace("\r", "\n")
            pages.append(raw.split("\n"))
        count = len(pdf)
    finally:
        pdf.close()
    pages = drop_running_lines(pages)
    text = "\n\n".join("\n".join(lines).strip("\n") for lines in pages if any(line.strip() for line in lines))
    text = _HYPHEN.sub("", text)
    text = text.replace("\x02", "-").replace("\ufffe", "-")
    if not text.strip():
        raise ExtractionError(
            name,
            f"the PDF has no text layer ({count} page{'s' if count != 1 else ''} of images, probably a scan)",
            "submit the original document, or run OCR first (e.g. ocrmypdf FILE.pdf OUT.pdf)",
        )
    return Extracted(text, METHOD)
