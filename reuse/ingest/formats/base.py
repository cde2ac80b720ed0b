"""What every format reader shares: the :class:`Extracted` value, the suffix tables, the caps in
force for the reader running now, the "unsupported type" error and small helpers.

The readers (``text``, ``html``, ``docx``, ``pdf``, ``odt``, ``rtf``) import this module; the
package (:mod:`reuse.ingest.formats`) assembles them into the suffix -> reader table.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from reuse.errors import ExtractionError
from reuse.model import DocumentKind, Flag
from reuse.settings import Limits

#: Bump when any reader's output changes: it is part of the extraction cache key.
EXTRACTOR_VERSION = "3"


@dataclass(frozen=True, slots=True)
class Extracted:
    """One file's extracted text, how it was extracted, and hidden-content flags."""

    text: str
    method: str
    flags: tuple[Flag, ...] = ()
    url: str = ""
    """Where the page says it lives (a saved web page's canonical URL); empty when unknown."""


Reader = Callable[[str, bytes, DocumentKind], Extracted]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
PDF_SUFFIXES = frozenset({".pdf"})
ODT_SUFFIXES = frozenset({".odt", ".ott"})
RTF_SUFFIXES = frozenset({".rtf"})
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES | ODT_SUFFIXES | RTF_SUFFIXES
)

_CONVERT = (
    "open it in Word or LibreOffice and save it as .docx or PDF "
    "(or run: libreoffice --headless --convert-to docx FILE)"
)
#: Formats students often submit that are not read, with how to convert them.
UNSUPPORTED_HINTS = {
    ".doc": _CONVERT,
    ".dot": _CONVERT,
    ".wpd": _CONVERT,
    ".wps": _CONVERT,
    ".pages": "open it in Pages and choose File > Export To > Word (.docx) or PDF",
    ".gdoc": "open it in Google Docs and choose File > Download > Microsoft Word (.docx) or PDF",
    ".xps": "print it to PDF and submit the PDF",
    ".oxps": "print it to PDF and submit the PDF",
    ".odp": "export the text to .odt, .docx or PDF",
    ".ppt": "export the text to .docx or PDF",
    ".pptx": "export the text to .docx or PDF",
    ".key": "export the text to .docx or PDF",
    **dict.fromkeys(
        (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif"),
        "photos and scans of text are not read; ask for a .docx, .pdf or .txt",
    ),
    **dict.fromkeys(
        (".xlsx", ".xls", ".xlsm", ".ods", ".numbers"),
        "spreadsheets are not read; ask for the text as a .docx, .pdf or .txt",
    ),
}

#: Format -> what its extracted text is (the table in docs/formats.md).
FORMATS: dict[str, str] = {
    ".txt / .md": "the decoded file exactly (encoding detected; BOM dropped; CRLF kept)",
    ".docx": "body, tables, text boxes, footnotes, endnotes in reading order; headers/footers, "
    "deleted revisions, comments and hidden runs excluded",
    ".pdf": "text layer page by page; line-end hyphens joined; repeated page headers/footers dropped",
    ".odt": "body, tables, frames, notes (at the end); hidden and tiny/white text excluded",
    ".rtf": "text by striprtf; hidden (\\v) runs excluded",
    ".html (submission)": "all visible text; elements hidden by inline style excluded",
    ".html (source)": "main text found by trafilatura (menus, footers, comments dropped)",
}


def unsupported_error(name: str, suffix: str) -> ExtractionError:
    """The error for a file whose type cannot be read, with how to convert it."""
    hint = UNSUPPORTED_HINTS.get(suffix)
    if hint is None:
        hint = f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}; {_CONVERT}"
    return ExtractionError(name, f"unsupported file type {suffix or '(none)'!r}", hint)


def hidden_flag(pieces: list[tuple[str, str]]) -> tuple[Flag, ...]:
    """A ``hidden_text`` flag for hidden pieces ``(text, reason)`` left out of the text, or none."""
    pieces = [(text, reason) for text, reason in pieces if text.strip()]
    if not pieces:
        return ()
    chars = sum(len(text) for text, _ in pieces)
    reasons = sorted({reason for _, reason in pieces})
    excerpt = " ".join(" ".join(text.split()) for text, _ in pieces)
    if len(excerpt) > 60:
        excerpt = excerpt[:57] + "..."
    message = (
        f"{chars} hidden character{'s' if chars != 1 else ''} in {len(pieces)} run"
        f'{"s" if len(pieces) != 1 else ""} ({", ".join(reasons)}) left out of the text: "{excerpt}"'
    )
    return (Flag("hidden_text", message, (), chars),)


def near_white(colour: str) -> bool:
    """Whether a hex colour (``FFFFFF``, ``#fff``) or CSS name is white or almost white."""
    value = colour.strip().lower().lstrip("#")
    if value in ("white", "snow", "ghostwhite", "whitesmoke", "ivory", "floralwhite", "seashell"):
        return True
    if value.startswith("rgb"):
        inside = value[value.find("(") + 1 : value.rfind(")")]
        parts = [p.strip() for p in inside.split(",")[:3]]
        try:
            channels = [float(p[:-1]) * 2.55 if p.endswith("%") else float(p) for p in parts]
        except ValueError:
            return False
        return len(channels) == 3 and min(channels) >= 240
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        return False
    try:
        channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return min(channels) >= 0xF0


def ensure_text(name: str, text: str, what: str) -> str:
    """``text`` if it has any non-space character, else an :class:`ExtractionError`."""
    if not text.strip():
        raise ExtractionError(name, f"no text found in the {what}", "check that the right file was submitted")
    return text


#: The caps in force for the reader running now (set by :func:`reuse.ingest.formats.read`).
READER_LIMITS: ContextVar[Limits | None] = ContextVar("reuse_limits", default=None)


def limits() -> Limits:
    """The caps in force for the reader running now (set by :func:`read`; the defaults otherwise)."""
    return READER_LIMITS.get() or Limits()
