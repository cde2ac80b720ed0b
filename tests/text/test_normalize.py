"""Normalisation keeps an exact offset map into the original text."""

from __future__ import annotations

import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.model import Span
from reuse.text.normalize import NORMALIZER_VERSION, normalize

# Letters that change length or shape under NFKC / casefold, invisible characters, odd spaces.
TRICKY = "aAbBzZ09 \t\n.,;:'\"!?-–—…ßİﬁﬀé\u0301\u200b\u200d\u00ad\ufeff\u00a0\u2009\u3000ＡＢ①½ΩωЖж"  # noqa: RUF001 - deliberate look-alikes
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=120)


def test_case_punctuation_and_whitespace_are_folded():
    assert normalize("  Hello,\n\tWORLD!!  ").text == "hello world"


def test_spans_point_back_into_the_original_text():
    original = "The  Bolsheviks, led by LENIN, seized power."
    text = normalize(original)
    lenin = text.text.index("lenin")
    span = text.span(lenin, lenin + len("lenin"))
    assert original[span.start : span.end] == "LENIN"


def test_expanding_characters_map_to_their_source_character():
    original = "Straße ﬁne"
    text = normalize(original)
    assert text.text == "strasse fine"
    assert original[text.word_span(0, 1).start : text.word_span(0, 1).end] == "Straße"
    assert original[text.word_span(1, 2).start : text.word_span(1, 2).end] == "ﬁne"


def test_zero_width_and_soft_hyphen_do_not_split_words():
    assert normalize("Le\u200bnin wo\u00adrld").text == "lenin world"


def test_accents_are_folded_whether_precomposed_or_combining():
    assert normalize("café").text == normalize("cafe\u0301").text == "cafe"


def test_full_width_letters_match_ascii():
    assert normalize("ＬＥＮＩＮ").text == "lenin"  # noqa: RUF001 - full-width letters are the input under test


def test_words_never_join_across_a_gap_between_content_spans():
    text = normalize("abc XXX def", [Span(0, 3), Span(8, 11)])
    assert text.text == "abc def"
    assert text.word_count == 2


def test_text_outside_content_spans_is_ignored():
    original = "top of page\nReal essay text here.\nbottom of page"
    text = normalize(original, [Span(12, 34)])
    assert text.text == "real essay text here"


def test_text_without_words_normalises_to_empty():
    text = normalize(" ... !!! \n")
    assert text.text == ""
    assert text.word_count == 0


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_word_maps_back_to_original_characters_that_normalise_to_it(original):
    text = normalize(original)
    assert len(text.to_original) == len(text.text)
    assert np.all(np.diff(text.to_original) >= 0), "offset map must be non-decreasing"
    for k, word in enumerate(text.words):
        span = text.word_span(k, k + 1)
        assert 0 <= span.start < span.end <= len(original)
        assert normalize(original[span.start : span.end]).text == word


def test_a_decomposed_accent_at_the_end_of_a_word_is_inside_the_word_span():
    original = "Un cafe\u0301 noir, re\u0301sume\u0301\u0301."
    text = normalize(original)
    assert text.words == ["un", "cafe", "noir", "resume"]

    def words(first: int, last: int) -> str:
        span = text.word_span(first, last)
        return original[span.start : span.end]

    assert words(1, 2) == "cafe\u0301"
    assert words(3, 4) == "re\u0301sume\u0301\u0301"
    assert words(1, 4) == "cafe\u0301 noir, re\u0301sume\u0301\u0301"


@settings(max_examples=300, deadline=None)
@given(texts)
def test_no_word_span_ends_just_before_a_combining_mark(original):
    text = normalize(original)
    for k in range(text.word_count):
        end = text.word_span(k, k + 1).end
        assert end == len(original) or unicodedata.category(original[end]) not in ("Mn", "Me")


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_spans_of_any_word_range_are_ordered_and_in_bounds(original, data):
    text = normalize(original)
    if text.word_count == 0:
        return
    first = data.draw(st.integers(0, text.word_count - 1))
    last = data.draw(st.integers(first + 1, text.word_count))
    span = text.word_span(first, last)
    assert 0 <= span.start < span.end <= len(original)
    assert normalize(original[span.start : span.end]).text == " ".join(text.words[first:last])


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_content_spans_restrict_matching_to_their_characters(original, data):
    cut = data.draw(st.integers(0, len(original)))
    text = normalize(original, [Span(0, cut)])
    assert all(offset < cut for offset in text.to_original.tolist())


def test_cyrillic_greek_and_armenian_look_alikes_match_latin_letters():
    assert normalize("B\u043elshevik \u0440\u0430rty \u03bfpen \u0585ver").text == "bolshevik party open over"


def test_upper_case_look_alikes_fold_like_their_latin_letters():
    assert normalize("\u0422\u041d\u0415 \u0392\u0399\u039f").text == "the bio"


def test_mathematical_and_full_width_letters_fold_by_nfkd():
    assert normalize("\U0001d401\U0001d428\U0001d425\U0001d41d \uff26\uff35\uff2c\uff2c").text == "bold full"


def test_homoglyph_spans_still_point_at_the_original_characters():
    original = "The B\u043elshevik party"
    text = normalize(original)
    span = text.word_span(1, 2)
    assert original[span.start : span.end] == "B\u043elshevik"


def test_normalizer_version_is_bumped_for_dropping_stray_control_characters():
    # 2: the confusables skeleton; 3: stray controls (NUL, U+0013, U+0019...) are dropped inside a word
    assert normalize("don\x19t").words == ["dont"]
    assert NORMALIZER_VERSION == "3"


def test_sentence_ends_mark_words_followed_by_final_punctuation_or_a_blank_line():
    text = normalize("Lenin led them. The Bolsheviks won! Did they?\n\nA new paragraph")
    ends = dict(zip(text.words, text.sentence_ends.tolist(), strict=True))
    assert [w for w, end in ends.items() if end] == ["them", "won", "they"]
    assert normalize("").sentence_ends.size == 0


def test_a_normalised_text_travels_between_processes_with_int32_offsets_and_arrives_as_it_left():
    import pickle

    text = normalize("Café au lait.\n\nA second paragraph, with a decomposed e\u0301 and\tstray   spaces.")
    narrowed, *values = text.__getstate__()
    offsets = [v for v in values if isinstance(v, np.ndarray) and v.dtype.kind == "i"]
    assert narrowed and offsets and all(v.dtype == np.int32 for v in offsets)  # half the bytes on the way
    back = pickle.loads(pickle.dumps(text))  # noqa: S301 (our own bytes)
    for name in text.__slots__:
        sent, received = getattr(text, name), getattr(back, name)
        if isinstance(sent, np.ndarray):
            assert received.dtype == sent.dtype
            np.testing.assert_array_equal(received, sent)
        else:
            assert received == sent
    assert back.span(0, len(back.text)) == text.span(0, len(text.text))
