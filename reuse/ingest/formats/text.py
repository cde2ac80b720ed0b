"""Plain text (``.txt``, ``.md``): decode the bytes, keep the text exactly as stored.

UTF-8 (with or without a byte-order mark) and UTF-16/32 with a BOM are decoded directly; any
other encoding (cp1252, latin-1, Shift-JIS...) is detected with charset-normalizer. The BOM is
dropped; line ends (CRLF) are kept, so offsets match the file as an editor shows it.

A few stray control bytes (a NUL inserted in an essay) do not make a file binary: they stay in
the text, are flagged and are left out of matching. A file is refused as binary when it does not
decode, or when control characters are more than a tenth of it.
"""

from __future__ import annotations

import codecs
import re

from reuse.errors import ExtractionError
from reuse.ingest.formats.base import Extracted, ensure_text
from reuse.model import DocumentKind
from reuse.text.controls import STRAY_CONTROLS

HINT = "save it as plain text (.txt, UTF-8) and run again"
MAX_CONTROL_SHARE = 0.1
"""A decoded file with more than this share of stray control characters is binary, not text."""
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)``.

    Raises:
        ExtractionError: binary data, or no encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ExtractionError(name, f"invalid {encoding} at byte {error.start}", HINT) from error
    wide = _wide(data)
    if not wide:  # no NUL, or stray ones: UTF-8 text with a NUL inserted is still text
        try:
            return _check_controls(name, data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    stray = not wide and _CONTROL_BYTES.search(data) is not None
    # stray control bytes are left out of the detection (they would make it give up), then the
    # whole file is decoded with the encoding found, so every character keeps its place
    best = from_bytes(_CONTROL_BYTES.sub(b"", data) if stray else data).best()
    if best is None:
        reason = "binary file, not text" if b"\x00" in data[:8192] else "unknown text encoding"
        raise ExtractionError(name, reason, HINT)
    if wide and not (best.encoding.startswith(("utf_16", "utf_32")) and _printable(str(best))):
        raise ExtractionError(name, "binary file, not text", HINT)
    text, encoding = str(best), best.encoding
    if stray:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ExtractionError(name, "binary file, not text", HINT) from error
    if not best.encoding.startswith(("utf", "shift", "euc", "gb", "big5", "iso2022", "cp9", "hz")):
        # Short texts fool the detector among single-byte code pages (cp1252 text read as
        # cp1257 or mac_roman). Windows-1252 is what Notepad "ANSI" writes in most classes:
        # prefer it unless it reads the high bytes as fewer letters than the detector's choice.
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and _plausible(western) >= _plausible(text) and _mostly_ascii(western):
            text, encoding = western, "cp1252"
    return _check_controls(name, text), encoding


_PUNCTUATION = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u00ab\u00bb\u00b0\u00a7\u00a0\u2022")


def _printable(text: str) -> bool:
    head = text[:4096]
    return sum(c.isalpha() for c in head) >= 4 and sum(
        c.isprintable() or c.isspace() for c in head
    ) >= 0.95 * len(head)


def _mostly_ascii(text: str) -> bool:
    """Whether most letters are ASCII (true of Western text, false of misread Cyrillic/Greek)."""
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isascii()) >= 0.7 * len(letters)


def _plausible(text: str) -> float:
    """Share of non-ASCII characters that are letters or common punctuation."""
    high = [c for c in text if ord(c) >= 0x80]
    if not high:
        return 1.0
    return sum(1 for c in high if c.isalpha() or c in _PUNCTUATION) / len(high)


def _wide(data: bytes) -> bool:
    """Whether ``data`` looks like UTF-16/32 without a byte-order mark (or like binary data): a
    fifth or more of its first 8 KiB are NUL bytes. A few stray NULs in text are not."""
    head = data[:8192]
    return head.count(0) >= 0.2 * len(head)


def _check_controls(name: str, text: str) -> str:
    """``text``, unless control characters make up more than ``MAX_CONTROL_SHARE`` of it (binary
    data that happens to decode). Fewer are stray characters in text: kept in the text (offsets
    stay those of the file), flagged as ``control_characters`` and left out of matching."""
    controls = len(STRAY_CONTROLS.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ExtractionError(name, f"binary file, not text ({controls} of its {len(text)} characters "
                                    "are control characters)", HINT)
    return text


def read_text(name: str, data: bytes, kind: DocumentKind) -> Extracted:
    """Read a plain-text file."""
    text, encoding = decode(name, data)
    method = "text" if encoding == "utf-8" else f"text ({encoding})"
    return Extracted(ensure_text(name, text, "file (only whitespace)"), method)
