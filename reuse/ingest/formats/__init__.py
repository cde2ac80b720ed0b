"""Format readers: bytes of one file -> :class:`Extracted` text.

Each reader returns the *extracted text* that becomes :attr:`reuse.model.Document.text` (every
span in a result points into it), a short description of the method, and any ``hidden_text``
flags for content that the file hides from a reader (left out of the text, so never matched).

What "extracted" means for each format is listed in ``FORMATS`` (and in ``docs/formats.md``).
Readers never touch the disk: they take the file's bytes, so archive members are read in memory.
The shared pieces are in :mod:`reuse.ingest.formats.base`; this module picks the reader.
"""

from __future__ import annotations

from reuse.ingest.formats.base import (
    DOCX_SUFFIXES,
    EXTRACTOR_VERSION,
    FORMATS,
    HTML_SUFFIXES,
    ODT_SUFFIXES,
    PDF_SUFFIXES,
    READER_LIMITS,
    RTF_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    UNSUPPORTED_HINTS,
    Extracted,
    Reader,
    unsupported_error,
)
from reuse.model import DocumentKind
from reuse.settings import Limits


def reader_for(suffix: str) -> Reader | None:
    """The reader for a file suffix (lower case, with the dot), or ``None``."""
    if suffix in TEXT_SUFFIXES:
        from reuse.ingest.formats.text import read_text

        return read_text
    if suffix in HTML_SUFFIXES:
        from reuse.ingest.formats.html import read_html

        return read_html
    if suffix in DOCX_SUFFIXES:
        from reuse.ingest.formats.docx import read_docx

        return read_docx
    if suffix in PDF_SUFFIXES:
        from reuse.ingest.formats.pdf import read_pdf

        return read_pdf
    if suffix in ODT_SUFFIXES:
        from reuse.ingest.formats.odt import read_odt

        return read_odt
    if suffix in RTF_SUFFIXES:
        from reuse.ingest.formats.rtf import read_rtf

        return read_rtf
    return None


def read(name: str, suffix: str, data: bytes, kind: DocumentKind, *, caps: Limits | None = None) -> Extracted:
    """Extract ``data`` (the bytes of file ``name``) with the reader for ``suffix``.

    ``caps`` (default: the :class:`~reuse.settings.Limits` defaults) bound what a reader unpacks
    (XML parts of office files, ODT space runs); the reader finds them with :func:`limits`.

    Raises:
        ExtractionError: unsupported format, corrupt file, no text, over a cap.
    """
    reader = reader_for(suffix)
    if reader is None:
        raise unsupported_error(name, suffix)
    token = READER_LIMITS.set(caps)
    try:
        return reader(name, data, kind)
    finally:
        READER_LIMITS.reset(token)


__all__ = [
    "EXTRACTOR_VERSION",
    "FORMATS",
    "HTML_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "UNSUPPORTED_HINTS",
    "Extracted",
    "read",
    "reader_for",
    "unsupported_error",
]
