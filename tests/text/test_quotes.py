"""Quotations in a submission's original text (reuse.text.quotes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.model import Span
from reuse.text.quotes import MAX_QUOTE_CHARS, find_quotations, inside_share, is_quoted


def quoted(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quotations(text)]


def test_straight_double_quotes_are_a_quotation_with_their_marks():
    text = 'As Lenin wrote, "all power to the Soviets". He meant it.'
    assert quoted(text) == ['"all power to the Soviets"']


def test_curly_low_high_and_guillemet_quotations_are_found():
    text = ("He said \u201chello\u201d, \u201eguten Tag\u201c, \u201enie\u201d, "
            "\u00absalut\u00bb and \u00bbhallo\u00ab.")
    assert quoted(text) == [
        "\u201chello\u201d", "\u201eguten Tag\u201c", "\u201enie\u201d",
        "\u00absalut\u00bb", "\u00bbhallo\u00ab",
    ]


def test_apostrophes_are_not_quotation_marks():
    text = "I don\u2019t like the students\u2019 work and it\u2019s the 1990\u2019s. Don't 'do' it."
    assert quoted(text) == []


def test_single_curly_quotes_around_a_phrase_are_a_quotation():
    text = "His slogan, \u2018Peace, Land and Bread\u2019, was simple; he didn\u2019t say more."
    assert quoted(text) == ["\u2018Peace, Land and Bread\u2019"]


def test_an_unclosed_mark_does_not_quote_the_rest_of_the_essay():
    text = 'He wrote "the state must wither away.\n\nSecond paragraph with "a quote" in it.\n\nThird "one".'
    assert quoted(text) == ['"a quote"', '"one"']


def test_an_unclosed_mark_in_a_one_line_per_paragraph_text_stops_at_the_paragraph():
    text = 'He wrote "the state must wither.\nA new paragraph, "short".\nAnother one ends here."'
    assert quoted(text) == ['"short"']


def test_a_quotation_may_cross_a_hard_wrapped_line_break():
    assert quoted('He said: "It is\nover" and left.') == ['"It is\nover"']


def test_inch_marks_and_empty_quotes_are_no_quotation():
    assert quoted('a 12" screen and "" here, "ok"') == ['"ok"']


def test_a_quotation_longer_than_the_cap_is_not_taken():
    text = '"' + "word " * (MAX_QUOTE_CHARS // 5) + 'end"'
    assert quoted(text) == []


def test_nested_quotation_counts_once_as_the_outer_one():
    text = "\u201cHe said \u2018no\u2019 twice\u201d"
    assert quoted(text) == [text]


def test_quoted_passage_is_almost_entirely_inside_a_quotation():
    quotations = (Span(16, 42),)
    assert is_quoted(Span(17, 41), quotations)
    assert is_quoted(Span(14, 42), quotations)  # two characters before the marks: 93 % inside
    assert not is_quoted(Span(12, 42), quotations)  # 87 % inside
    assert not is_quoted(Span(0, 42), quotations)
    assert inside_share(Span(0, 10), quotations) == 0.0
    assert not is_quoted(Span(5, 5), quotations)


_MARKS = st.sampled_from(['"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "\u2018", "\u2019", "'"])
_TEXT = st.lists(st.one_of(_MARKS, st.sampled_from([" ", "\n", "\n\n", ".", "a", "word", "x."]),
                           st.text(max_size=3)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_quotation_spans_are_in_bounds_ordered_disjoint_and_start_and_end_with_marks(text):
    spans = find_quotations(text)
    previous_end = 0
    for span in spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        assert span.end - span.start >= 3  # a mark, at least one character, a mark
        assert text[span.start] in '"\u201c\u201e\u00ab\u00bb\u2018'
        assert text[span.end - 1] in '"\u201c\u201d\u00ab\u00bb\u2019'
        assert "\n\n" not in text[span.start:span.end]
        previous_end = span.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_an_unclosed_mark_never_quotes_the_following_paragraph(before, after):
    text = before.replace('"', "") + ' "unclosed opening mark.\n\n' + after.replace('"', "")
    paragraph_two = text.index("\n\n")
    assert all(s.end <= paragraph_two or s.start > paragraph_two for s in find_quotations(text))
