"""Quotations: the spans of a submission's original text between visible quotation marks.

A passage the student quoted (``As Lenin wrote, "..."``) is honest use of a source. This stage
finds quotations so that the pipeline can label such passages *quoted* and, if the teacher asks
(``exclude_quotes``), leave them out of the scores.

Rules (:func:`find_quotations`):

- Marks: straight double ``"..."``; curly ``\u201c...\u201d``; low-high ``\u201e...\u201c`` or
  ``\u201e...\u201d``; guillemets ``\u00ab...\u00bb`` and ``\u00bb...\u00ab``; single curly
  ``\u2018...\u2019`` only when clearly a quotation: the opening ``\u2018`` follows a space, a
  bracket, a dash or the start of the text and comes before a letter, and the closing ``\u2019``
  is not followed by a letter or digit (so ``don\u2019t`` never closes a quotation; ``students\u2019``
  can, which at worst makes a quotation shorter). Straight single quotes ``'`` are never quotation
  marks (they are apostrophes far more often).
- A straight ``"`` opens only where an opening mark can stand (after a space, a bracket, a dash
  or the start of the text, before a non-space) and closes only where a closing mark can
  (after a non-space, before a space, punctuation or the end).
- A quotation never crosses a paragraph end: a blank line, or a line break after a line that ends
  a sentence (``.``, ``!``, ``?``, ``:``). An opening mark with no closing mark before that is no
  quotation (the scan goes on after it), so an unbalanced mark never turns the rest of an essay
  into a quotation. Quotations longer than :data:`MAX_QUOTE_CHARS` are not taken either.
- Only the outermost quotation counts (a quotation inside a quotation is part of it).

Limits: indented block quotes without marks are not recognised (extraction from DOCX, ODT and PDF
does not keep indentation, and in plain text an indent is no visible quotation mark, see
``CONVENTIONS.md``: "treat text as quoted only if the quote marks are visible"); a quotation of
several paragraphs (opening marks on each, one closing mark at the end) is not recognised; an
orphan closing guillemet before a later quotation can be read as an opening one (``\u00bb``
opens German quotations). Quote marks hidden by formatting (white ink) are left out by extraction,
so they never make text quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reuse.model import Span

MAX_QUOTE_CHARS = 5000
"""Longest quotation taken (characters, marks included): a longer one is taken for a stray mark."""

QUOTED_MIN_SHARE = 0.9
"""A passage is *quoted* when at least this share of its characters on a side is inside quotations
(an aligned passage may take in a word or two around the marks, or the words between two quotations)."""

#: opening mark -> the closing marks that end its quotation
_PAIRS: dict[str, str] = {
    '"': '"',
    "\u201c": "\u201d",
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
    "\u00bb": "\u00ab",
    "\u2018": "\u2019",
}
_BEFORE_OPEN = "([{\u2014\u2013-/"
_OPENERS = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_CLOSERS = {mark: re.compile("[" + re.escape(closers) + "]") for mark, closers in _PAIRS.items()}
_PARAGRAPH_END = re.compile(r"\n[ \t\r\f\v]*\n|(?<=[.!?:])[ \t]*\n")


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for end in _PARAGRAPH_END.finditer(text):
        yield start, end.start()
        start = end.end()
    yield start, len(text)


def _can_open(text: str, i: int, end: int) -> bool:
    mark = text[i]
    if mark not in ('"', "\u2018"):
        return i + 1 < end
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    if not (before.isspace() or before in _BEFORE_OPEN or before in _PAIRS):
        return False
    return after.isalpha() if mark == "\u2018" else not (after.isspace() or after == mark)


def _can_close(text: str, i: int, end: int, mark: str) -> bool:
    if mark not in ('"', "\u2019"):
        return True
    before = text[i - 1]
    after = text[i + 1] if i + 1 < end else " "
    if before.isspace():
        return False
    return not after.isalnum()


def _close(text: str, i: int, end: int) -> int | None:
    """Position of the mark closing the quotation opened at ``i``, or ``None``."""
    limit = min(end, i + MAX_QUOTE_CHARS)
    for found in _CLOSERS[text[i]].finditer(text, i + 2, limit):  # never right after the opening mark
        if _can_close(text, found.start(), end, found.group()):
            return found.start()
    return None


def find_quotations(text: str) -> tuple[Span, ...]:
    """Spans of ``text`` inside visible quotation marks (marks included), in order, disjoint.

    Example:
        >>> text = 'As Lenin wrote, "all power to the Soviets". He meant it.'
        >>> [text[s.start:s.end] for s in find_quotations(text)]
        ['"all power to the Soviets"']
    """
    spans: list[Span] = []
    for start, end in _paragraphs(text):
        i = start
        while (found := _OPENERS.search(text, i, end)) is not None:  # the next mark, found in C
            i = found.start()
            if _can_open(text, i, end):
                j = _close(text, i, end)
                if j is not None:
                    spans.append(Span(i, j + 1))
                    i = j + 1
                    continue
            i += 1
    return tuple(spans)


def inside_share(span: Span, quotations: Iterable[Span]) -> float:
    """Share of the characters of ``span`` that lie inside ``quotations`` (disjoint spans)."""
    if len(span) == 0:
        return 0.0
    inside = sum(max(0, min(span.end, q.end) - max(span.start, q.start)) for q in quotations)
    return inside / len(span)


def is_quoted(span: Span, quotations: Iterable[Span]) -> bool:
    """Whether ``span`` lies (almost) entirely inside quotations: :data:`QUOTED_MIN_SHARE` of it.

    Example:
        >>> is_quoted(Span(17, 41), [Span(16, 42)])
        True
    """
    return len(span) > 0 and inside_share(span, quotations) >= QUOTED_MIN_SHARE


__all__ = ["MAX_QUOTE_CHARS", "QUOTED_MIN_SHARE", "find_quotations", "inside_share", "is_quoted"]
