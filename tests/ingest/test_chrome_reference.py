"""Running the marker regex only on lines that hold a marker keyword finds exactly the chrome the
full scan found.

Below the marker is ``chrome_spans`` as it was (the regex scanned over the whole text), kept as
the reference with its own copy of the patterns.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reuse.ingest.chrome import chrome_spans, subtract
from reuse.model import Span

PIECES = [
    "show more content", "\u2026", "...", " ", "\t", "\n", "\n\n", "1,240", "3", "words", "Word", "pages",
    "Page", "top of page", "Bottom of Page", "skip to main content", "Skip to content", "read more",
    "continue reading", "show less", "Read Less", "\u00bb", "\u203a", "\u2192", "\u00a9", "(c)", "(C)",
    "copyright", "Copyright 2023", "\u017fkip to content", "SHOW MORE", "\u212a", "\u0130", "\u0131",
    "Home | Essays", "a body line with plenty of words in it to count as the body of the page", "x", "more",
    "less", "read", "reading", "show", "page", "PAGES", "Continue Reading More", "\u017fhow le\u017f\u017f",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=200)


@given(texts, st.booleans())
@example("Top of page\n1240 Words5 Pages \u2026show more content\u2026 x\n\u00a9 2023 all", False)
@example("\u017fkip to content, \u212aeep reading: read more \u00bb\ncopyright \u0130 2021", True)
@settings(max_examples=1500, deadline=None)
def test_chrome_spans_are_exactly_those_of_the_full_regex_scan(text, scraped):
    assert chrome_spans(text, scraped=scraped) == reference_chrome_spans(text, scraped=scraped)


def test_every_character_a_marker_letter_matches_case_insensitively_still_finds_the_marker():
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    twins = sorted(c for c in set(re.findall("[a-z]", everything, re.IGNORECASE)) if not c.isascii())
    assert twins  # the Kelvin sign, long s, dotted and dotless I at least
    keywords = ["show more content", "1 words 2 pages", "top of page", "skip to content",
                "continue reading less", "copyright", "(c) x"]
    for twin in twins:
        for keyword in keywords:
            for letter in {c for c in keyword if c.isalpha() and re.fullmatch(c, twin, re.IGNORECASE)}:
                text = f"one line\n{keyword.replace(letter, twin)}\nlast"
                assert reference_chrome_spans(text, scraped=False), text
                assert chrome_spans(text, scraped=False) == reference_chrome_spans(text, scraped=False), text


# --- the reference: reuse/ingest/chrome.py as it was, the marker regex over the whole text --------

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


def _lines(text: str) -> list[Span]:
    spans = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append(Span(start, match.start()))
        start = match.end()
    spans.append(Span(start, len(text)))
    return spans



def _lines(text: str) -> list[Span]:
    spans = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append(Span(start, match.start()))
        start = match.end()
    spans.append(Span(start, len(text)))
    return spans


def reference_chrome_spans(text: str, *, scraped: bool = True) -> list[Span]:
    """``reuse.ingest.chrome.chrome_spans`` as it was: the marker regex tried at every position."""
    holes = [Span(m.start(), m.end()) for m in _MARKERS.finditer(text)]
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


