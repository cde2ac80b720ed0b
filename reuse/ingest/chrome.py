"""Scraped-page chrome: the parts of a web text that are not its body.

Pages scraped from blogs and essay mills keep their chrome: "top of page", widget and menu
text, "1768 Words 8 Pages" counters, "…show more content…" cut marks, copyright footers. Left
in, chrome inflates similarity between pages of one site and splits passages. This module finds
it and returns the remaining *content* spans; it never edits the text, so every offset still
points into the original.

Rules (all on lines of the original text):

- known markers anywhere, in every document: cut marks, word/page counters, "top/bottom of page", "skip to
  content", share/subscribe prompts, copyright lines;
- in scraped sources only, also: in the header (before the first body line) and the footer (after the
  last body line), every line shorter than ``SHORT_LINE_WORDS`` words;
- in the body, runs of ``MENU_RUN`` or more consecutive short lines (menus, tag lists, widgets).

A *body line* has at least ``BODY_LINE_WORDS`` words.
"""

from __future__ import annotations

import re

from reuse.model import Span

SHORT_LINE_WORDS = 6
BODY_LINE_WORDS = 12
MENU_RUN = 3

_MARKERS = re.compile(
    r"(?:…|\.\.\.)?[ \t]*show more content[ \t]*(?:…|\.\.\.)?"
    r"|\b\d[\d,.]*[ \t]*words?[ \t]*\d+[ \t]*pages?\b"
    r"|\b(?:top|bottom) of page\b"
    r"|\bskip to (?:main )?content\b"
    r"|\b(?:read|continue reading|show) (?:more|less)\b[ \t]*(?:»|›|→)?"  # noqa: RUF001 - a read-more arrow on scraped pages
    r"|^[ \t]*(?:©|\(c\)|copyright\b)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_WORD = re.compile(r"\w+")
_KEYWORDS = ("show more", "show less", "read more", "read less", "reading more", "reading less", "page",
             "skip to", "copyright", "(c)", "\u00a9")
"""Every marker holds one of these in lower case ("show more content" holds ``show more``, a word and page
count and "top of page" hold ``page``), and ordinary prose seldom does."""
_FOLD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))
"""With these replaced, ``str.lower`` maps every character that a letter of ``_MARKERS`` matches
(``re.IGNORECASE``) to that letter, one character to one: the ASCII capitals and the Kelvin sign by
itself; dotted I (which it would make two characters), dotless I and long s by these. No other character
becomes an ASCII letter, and none changes length."""


def _folded(text: str) -> str:
    """``text`` with each character a letter of ``_MARKERS`` matches made that letter, same length."""
    if not text.isascii():
        for character, letter in _FOLD:
            text = text.replace(character, letter)
    return text.lower()


def _markers(text: str) -> list[Span]:
    """The matches of ``_MARKERS`` in ``text``, in order.

    No marker crosses a line end, and each holds one of ``_KEYWORDS``, so the regex (slow: it is
    tried at every position) runs only on the lines where a plain substring search on the folded
    text finds a keyword.
    """
    folded = _folded(text)
    lines: set[tuple[int, int]] = set()
    for keyword in _KEYWORDS:
        at = folded.find(keyword)
        while at >= 0:
            end = folded.find("\n", at)
            end = len(text) if end < 0 else end
            lines.add((folded.rfind("\n", 0, at) + 1, end))
            at = folded.find(keyword, end)
    return [Span(*m.span()) for start, end in sorted(lines) for m in _MARKERS.finditer(text, start, end)]


def _lines(text: str) -> list[Span]:
    spans = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append(Span(start, match.start()))
        start = match.end()
    spans.append(Span(start, len(text)))
    return spans


def subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    """Spans minus holes (both sorted); empty pieces are dropped."""
    result = []
    holes = sorted(holes)
    for span in spans:
        start = span.start
        for hole in holes:
            if hole.end <= start or hole.start >= span.end:
                continue
            if hole.start > start:
                result.append(Span(start, hole.start))
            start = max(start, hole.end)
        if start < span.end:
            result.append(Span(start, span.end))
    return result


def chrome_spans(text: str, *, scraped: bool = True) -> list[Span]:
    """Spans of ``text`` that are page chrome, sorted.

    Args:
        text: the original text.
        scraped: the text is a scraped web page, so short header, footer and menu lines are
            chrome too; otherwise (a student's own file) only the known markers are.
    """
    holes = _markers(text)
    if not scraped:
        return sorted(set(holes))
    lines = [line for line in _lines(text) if text[line.start : line.end].strip()]
    remaining = {line: subtract([line], holes) for line in lines}
    words = {line: sum(len(_WORD.findall(text[s.start : s.end])) for s in remaining[line]) for line in lines}
    body = [k for k, line in enumerate(lines) if words[line] >= BODY_LINE_WORDS]
    if not body:
        return sorted(set(holes))
    first, last = body[0], body[-1]
    short = [words[line] < SHORT_LINE_WORDS for line in lines]
    for k, line in enumerate(lines):
        if short[k] and (k < first or k > last):
            holes.append(line)
    run_start = None
    for k in range(first, last + 2):
        if k <= last and short[k]:
            run_start = k if run_start is None else run_start
            continue
        if run_start is not None and k - run_start >= MENU_RUN:
            holes.extend(lines[run_start:k])
        run_start = None
    return sorted(set(holes))


def content_spans(text: str, *, strip_chrome: bool = True, scraped: bool = True) -> tuple[Span, ...]:
    """Spans of ``text`` that take part in matching (everything but chrome)."""
    whole = [Span(0, len(text))]
    if not strip_chrome:
        return tuple(whole)
    return tuple(subtract(whole, chrome_spans(text, scraped=scraped)))
