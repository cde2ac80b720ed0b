"""Extraction: turn input paths into :class:`~reuse.model.Document` values.

A *document's text* is the decoded file for plain-text formats (``.txt``, ``.md``), exactly as
stored (line ends are not rewritten, a byte-order mark is dropped), and the main text found by
trafilatura for ``.html`` web sources (all visible text for ``.html`` submissions). Every span
in a result is a character offset into this text.

Problems with one file raise :class:`~reuse.errors.ExtractionError`; callers collect them
per file and go on with the others.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from reuse.chrome import content_spans
from reuse.errors import ExtractionError
from reuse.model import Document, DocumentKind, FileError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 50 * 1024 * 1024

_CONVERT_HINT = "save it as plain text (.txt, UTF-8) or HTML and run again"


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[FileError]]:
    """Expand arguments into files: a folder means every supported file under it.

    Hidden files and folders (names starting with ``.``) inside a folder are skipped; files
    named directly are always taken. A missing path is a :class:`FileError`, not an exception.
    Each file appears once, in the order given (folders sorted by path).
    """
    found: list[Path] = []
    errors: list[FileError] = []
    seen: set[Path] = set()

    def take(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative) or not child.is_file():
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    take(child)
        elif path.exists():
            take(path)
        else:
            errors.append(FileError(str(path), "no such file or folder", "check the path"))
    return found, errors


def _decode(path: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ExtractionError(path, f"invalid UTF-16 at byte {error.start}", _CONVERT_HINT) from error
    if b"\x00" in data[:8192]:
        raise ExtractionError(path, "binary file, not text", _CONVERT_HINT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            path, f"not valid UTF-8 (undecodable byte at offset {error.start})", _CONVERT_HINT
        ) from error
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise ExtractionError(path, "binary file, not text (many control characters)", _CONVERT_HINT)
    return text


def _html_text(path: str, markup: str, kind: DocumentKind) -> tuple[str, str]:
    import trafilatura  # imported here: only HTML inputs need it

    if kind == "source":
        text = trafilatura.extract(markup, favor_recall=True, include_comments=False)
        method = "html-main-text (trafilatura)"
    else:
        text = trafilatura.html2txt(markup)
        method = "html-all-text (trafilatura)"
    if not text or not text.strip():
        raise ExtractionError(path, "no text found in the HTML page", "check that the page has a body")
    return text, method


def extract(path: str | os.PathLike[str], *, kind: DocumentKind, doc_id: str | None = None,
            strip_chrome: bool = True) -> Document:
    """Read one file into a :class:`Document`.

    Args:
        path: the file.
        kind: ``submission``, ``source`` or ``template``.
        doc_id: the id to give it (default: the path as given, with ``/`` separators).
        strip_chrome: leave scraped-page chrome out of the content spans.

    Raises:
        ExtractionError: missing, unreadable, too large, empty, binary, undecodable or
            unsupported file.
    """
    name = Path(path).as_posix()
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ExtractionError(name, f"unsupported file type {suffix or '(none)'!r}",
                              f"supported: {supported}; {_CONVERT_HINT}")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ExtractionError(name, f"file too large ({size} bytes, limit {MAX_BYTES})",
                                  "split it or extract the text first")
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise ExtractionError(name, "no such file", "check the path") from error
    except IsADirectoryError as error:
        raise ExtractionError(name, "is a folder, not a file", "pass the folder itself") from error
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExtractionError(name, f"cannot read the file: {reason}", "check its permissions") from error
    if not data.strip():
        raise ExtractionError(name, "empty file (no text)", "check that the right file was submitted")
    text = _decode(name, data)
    method = "text"
    if suffix in HTML_SUFFIXES:
        text, method = _html_text(name, text, kind)
    if not text.strip():
        raise ExtractionError(name, "empty file (only whitespace)", "check that the right file was submitted")
    return Document(
        id=doc_id if doc_id is not None else name,
        path=name,
        kind=kind,
        text=text,
        content=content_spans(text, strip_chrome=strip_chrome, scraped=kind == "source"),
        sha256=hashlib.sha256(data).hexdigest(),
        extraction=method,
    )


def load_documents(paths: Iterable[str | os.PathLike[str]], *, kind: DocumentKind,
                   strip_chrome: bool = True) -> tuple[list[Document], list[FileError]]:
    """Discover and extract every file under ``paths``; problems are returned, not raised."""
    files, errors = discover(paths)
    docs = []
    for path in files:
        try:
            docs.append(extract(path, kind=kind, strip_chrome=strip_chrome))
        except ExtractionError as error:
            errors.append(FileError(error.path, error.message, error.hint))
    return docs, errors
