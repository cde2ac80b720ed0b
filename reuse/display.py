"""Showing student-controlled strings (file names, ids) on a terminal or in a CI log."""

from __future__ import annotations

from reuse.model import Document


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, never raw.

    No file name can then forge a line (CI runners read lines starting with ``::`` as commands)
    or move the cursor.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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
