"""Files that were not checked, as every machine format reports them.

A file the user named (or that a named folder or zip holds) that could not be read, is not a
supported type, is binary or too large is a :class:`~reuse.model.FileError`: nothing in the
report covers it, so it must not read as a pass. Each format shows one entry per such file
under the rule below (an error, like a failing finding), and ``reuse check`` exits 2 unless
``--allow-unchecked``.
"""

from __future__ import annotations

import hashlib

from reuse.model import FileError
from reuse.report.gate import Rule

UNCHECKED_RULE = Rule(
    "TR900", "file-not-checked",
    "A file that was given (or that a given folder or zip holds) could not be checked: unreadable, "
    "not a supported type, binary, too large or empty. Nothing in the report covers it.",
)


def describe(error: FileError) -> str:
    """One sentence for an unchecked file: what went wrong and what to do."""
    return f"Not checked: {error.message}" + (f" ({error.hint})" if error.hint else "") + "."


def fingerprint(error: FileError) -> str:
    """A stable fingerprint of an unchecked file entry (its path and problem)."""
    return hashlib.sha256(f"{UNCHECKED_RULE.id}\0{error.path}\0{error.message}".encode()).hexdigest()
