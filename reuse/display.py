"""Showing student-controlled strings (file names, ids) on a terminal or in a CI log."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, never raw.

    No file name can then forge a line (CI runners read lines starting with ``::`` as commands)
    or move the cursor.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
