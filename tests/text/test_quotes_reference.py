"""Finding quotations by jumping from mark to mark gives exactly the spans of the per-character scan.

Below the marker is the scan as it was (a Python step for every character of the text, and of
every possible quotation), kept as the reference: ``find_quotations`` must return the same spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reuse.model import Span
from reuse.text.quotes import MAX_QUOTE_CHARS, find_quotations

MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019'"
OTHERS = "ab1 .:!?\n\t([-/\u2014"
texts = st.text(alphabet=st.sampled_from(MARKS + OTHERS), max_size=300) | st.text(max_size=200)


@given(texts)
@example('As Lenin wrote, "all power to the Soviets". He said \u201cpeace\u201d and \u2018bread\u2019.')
@example('\u201eUnd\u201c \u00bbso\u00ab \u00abainsi\u00bb don\u2019t \u2018x\u2019 "" " a" "b "c"')
@example('"' + "long " * 1200 + '"' + ' then "a short one" after')
@settings(max_examples=1500, deadline=None)
def test_find_quotations_gives_exactly_the_spans_of_the_per_character_scan(text):
    assert find_quotations(text) == reference_find_quotations(text)


def test_the_reference_finds_quotations_of_every_kind_so_the_comparison_is_not_empty():
    text = 'He said "yes" and \u201cno\u201d, \u201eja\u201c, \u00abnon\u00bb, \u2018maybe\u2019.'
    assert len(reference_find_quotations(text)) == 5
    assert find_quotations(text) == reference_find_quotations(text)


# --- the reference: reuse/text/quotes.py as it was, one Python step per character ----------------

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
    closers = _PAIRS[text[i]]
    limit = min(end, i + MAX_QUOTE_CHARS)
    for j in range(i + 1, limit):
        if text[j] in closers and j > i + 1 and _can_close(text, j, end, text[j]):
            return j
    return None


def reference_find_quotations(text: str) -> tuple[Span, ...]:
    """``reuse.text.quotes.find_quotations`` as it was, one Python step per character."""
    spans: list[Span] = []
    for start, end in _paragraphs(text):
        i = start
        while i < end:
            if text[i] in _PAIRS and _can_open(text, i, end):
                j = _close(text, i, end)
                if j is not None:
                    spans.append(Span(i, j + 1))
                    i = j + 1
                    continue
            i += 1
    return tuple(spans)


