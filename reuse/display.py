"""Showing student-controlled strings (file names, ids) on a terminal, in a CI log or in a report."""

from __future__ import annotations

import re

from reuse.model import Document


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, never raw.

    No file name can then forge a line (CI runners read lines starting with ``::`` as commands)
    or move the cursor. Invisible format characters (bidi controls such as U+202E, zero-width
    characters) are not printable either, so a name cannot show itself reversed or hide a part.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def visible(text: str) -> str:
    """``text`` with every character that is not printable shown as ``<U+XXXX>``, for the HTML report.

    A bidi control (``U+202E``) in a file name would otherwise display ``essay\\u202etxt.exe`` as
    ``essayexe.txt``; zero-width and control characters would hide or forge parts of a name.
    """
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text)


def os_text(name: str, *, lossless: bool = True) -> str:
    """A name from the file system (or a zip) as valid Unicode, readable, lossless, never raising.

    Python keeps the bytes of a file name that are not UTF-8 (a Latin-1 ``café.txt`` after
    unzipping an old export) as lone surrogates (PEP 383), which no output can encode. Each such
    byte is written ``\\xNN`` (four characters), and so that this stays unambiguous a backslash in a
    name is written ``\\\\``; every other character is kept. :func:`os_name` turns the text back
    into the name's bytes. This text is what a document's ``path`` and ``id`` are in every output.
    ``lossless=False`` leaves backslashes as they are (for names matched by a layout, display only).
    """
    if not lossless or "\\" not in name:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return name
    escaped = name.replace("\\", "\\\\") if lossless else name
    try:
        return escaped.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte: keep it as \udXXX
        return escaped.encode("utf-8", "backslashreplace").decode("utf-8", "backslashreplace")


_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def os_name(text: str) -> bytes:
    """The bytes of the file name that :func:`os_text` wrote as ``text``."""
    out = bytearray()
    last = 0
    for match in _ESCAPE.finditer(text):
        out += text[last : match.start()].encode("utf-8")
        escape = match.group(1)
        out += b"\\" if escape == "\\" else bytes([int(escape[1:], 16)])
        last = match.end()
    out += text[last:].encode("utf-8")
    return bytes(out)


def plural(count: int, word: str, many: str = "") -> str:
    """``1 passage``, ``2 passages``; ``many`` for an irregular plural (``1 entry``, ``2 entries``)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def identity(doc: Document) -> str:
    """What an LMS export's naming tells about a document, for display beside its path: the
    author, the team, the name the student gave the file (when it differs from the path's last
    part) and Canvas's late mark, e.g. ``Jane Doe, team Team A, submitted as essay.docx, late``;
    empty when nothing is known. Student-controlled: show it through :func:`printable`."""
    parts = [doc.author] if doc.author else []
    if doc.team:
        parts.append(f"team {doc.team}")
    if doc.original and doc.original != doc.path.rsplit("/", 1)[-1]:
        parts.append(f"submitted as {doc.original}")
    if doc.late:
        parts.append("late")
    return ", ".join(parts)
