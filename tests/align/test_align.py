"""Behaviour of the passage aligner (``reuse.align.align``)."""

from __future__ import annotations

import dataclasses
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reuse.align import align
from reuse.errors import ConfigError
from reuse.model import Passage
from reuse.settings import AlignOptions, DocumentSummaryOptions, EndsOptions, ExactOptions, FuzzyOptions
from reuse.text.normalize import NormalizedText, normalize

from ..conftest import FIXTURES, SAMPLES
from .texts import PLANTED, planted, read

SPAN_TOLERANCE = 10
"""Characters a reported span end may differ from the planted one (about one short word)."""


def _assert_spans_match(passage: Passage, case: dict[str, int]) -> None:
    got = (passage.left.start, passage.left.end, passage.right.start, passage.right.end)
    want = (
        case["submission_start"],
        case["submission_end"],
        case["counterpart_start"],
        case["counterpart_end"],
    )
    assert all(abs(g - w) <= SPAN_TOLERANCE for g, w in zip(got, want, strict=True)), (got, want)


def _assert_well_formed(passages: list[Passage], left: str, right: str) -> None:
    """Spans in bounds, not overlapping on either side, and matching the reported word counts."""
    for side, text, words in (("left", left, "left_words"), ("right", right, "right_words")):
        spans = sorted(getattr(p, side) for p in passages)
        for a, b in pairwise(spans):
            assert not a.overlaps(b)
        for p in passages:
            span = getattr(p, side)
            assert 0 <= span.start < span.end <= len(text)
            sliced = normalize(text[span.start : span.end])
            assert sliced.word_count == getattr(p, words)
            assert sliced.text in normalize(text).text
    for p in passages:
        assert 0.0 <= p.score <= 1.0
        assert p.kind in ("exact", "approximate")


# --- the demo texts -----------------------------------------------------------------------


def test_verbatim_copy_is_one_exact_passage_with_exact_spans() -> None:
    left, right, case = planted("verbatim")
    passages = align(normalize(left), normalize(right))
    assert len(passages) == 1
    assert passages[0].kind == "exact"
    assert passages[0].score == 1.0
    _assert_spans_match(passages[0], case)


def test_light_paraphrase_is_found_as_approximate_passage() -> None:
    left, right, case = planted("paraphrase")
    passages = align(normalize(left), normalize(right))
    assert len(passages) == 1
    assert passages[0].kind == "approximate"
    assert passages[0].score > 0.8
    _assert_spans_match(passages[0], case)


def test_paragraph_shared_between_peers_with_small_edits_is_one_passage() -> None:
    left, right, case = planted("peer")
    passages = align(normalize(left), normalize(right))
    assert len(passages) == 1
    _assert_spans_match(passages[0], case)


def test_peer_passage_is_the_same_from_either_side() -> None:
    left, right, _ = planted("peer")
    forward = align(normalize(left), normalize(right))
    backward = align(normalize(right), normalize(left))
    assert [p.swapped() for p in backward] == forward


def test_independent_essays_on_same_topic_share_no_passage() -> None:
    essays = [
        read("independent_essay_isla.txt"),
        read("independent_essay_grace.txt"),
        read("source_essay_mill_lenin.txt"),
    ]
    for a in essays:
        for b in essays:
            if a is not b:
                assert align(normalize(a), normalize(b)) == []


def test_passages_never_overlap_on_either_side() -> None:
    for kind in PLANTED:
        left, right, _ = planted(kind)
        _assert_well_formed(align(normalize(left), normalize(right)), left, right)


def test_loose_paraphrase_ends_snap_to_sentence_boundaries() -> None:
    left, right, case = planted("paraphrase")
    snapped = align(normalize(left), normalize(right))
    loose = align(normalize(left), normalize(right), AlignOptions(ends=EndsOptions(snap_words=0)))
    assert len(snapped) == len(loose) == 1
    # unsnapped, the fuzzy end runs a word into the next sentence of the source ...
    assert loose[0].right.end > case["counterpart_end"] + 2
    assert "." in right[case["counterpart_end"] - 1 : loose[0].right.end]
    # ... snapped, it stops at the full stop; exact (anchored) ends are left alone
    assert right[snapped[0].right.end] == "."
    assert abs(snapped[0].right.end - case["counterpart_end"]) <= 1
    assert (snapped[0].left.start, snapped[0].right.start) == (loose[0].left.start, loose[0].right.start)


def test_snapping_never_makes_passages_overlap() -> None:
    for kind in PLANTED:
        left, right, _ = planted(kind)
        _assert_well_formed(
            align(normalize(left), normalize(right), AlignOptions(ends=EndsOptions(snap_words=30))),
            left,
            right,
        )


def test_summary_of_a_whole_text_maps_to_all_of_it() -> None:
    left, right = read("summary_of_mill_essay.txt"), read("source_essay_mill_lenin.txt")
    paragraph = left.index("Summary of the reading."), left.index("Next week")
    passages = align(normalize(left), normalize(right))
    assert len(passages) == 1
    p = passages[0]
    assert p.kind == "approximate"
    assert (p.right.start, p.right.end) == (0, len(right.rstrip()))
    assert paragraph[0] <= p.left.start < paragraph[0] + 30
    assert left[p.left.start : p.left.end].endswith("in their thousands")
    _assert_well_formed(passages, left, right)
    # without the document summary mode the summary is at best found in part
    options = AlignOptions(document_summary=DocumentSummaryOptions(enabled=False))
    partial = align(normalize(left), normalize(right), options)
    assert all(q.right.end - q.right.start < 0.9 * len(right) for q in partial)


def test_summary_mode_does_not_swallow_a_verbatim_copy() -> None:
    left, right, case = planted("verbatim")
    passages = align(normalize(left), normalize(right))
    assert [p.kind for p in passages] == ["exact"]
    _assert_spans_match(passages[0], case)


def _amid_photosynthesis(passage: str) -> str:
    """A text on another topic (photosynthesis) with ``passage`` as its middle paragraph."""
    filler = (FIXTURES / "web_source_photosynthesis_excerpt.txt").read_text(
        encoding="utf-8"
    )
    return filler[:600] + "\n\n" + passage + "\n\n" + filler[600:]


SHORT_REWORDING = (
    "In reality, Russia's formal exit from the war was politically complicated and costly for the "
    "Bolsheviks. Talks for a peace treaty started in December 1917, led by Leon Trotsky with German "
    "and Austrian delegates."
)
"""Two source sentences reworded in place: under two fuzzy units of content words, so the
whole-passage cosine alone (0.47) is too weak to keep it, but 15 content words keep their order."""


def test_short_rewording_that_keeps_the_word_order_is_found() -> None:
    source = read("source_essay_mill_lenin.txt")
    submission = _amid_photosynthesis(SHORT_REWORDING)
    found = align(normalize(submission), normalize(source))
    assert len(found) == 1
    assert submission[found[0].left.start : found[0].left.end] == SHORT_REWORDING.rstrip(".")
    right = source[found[0].right.start : found[0].right.end]
    assert "In actuality, Russia's formal exit" in right and right.endswith(
        "German and Austrian representatives"
    )
    assert found[0].right_words <= found[0].left_words + 10
    only_order = AlignOptions(fuzzy=FuzzyOptions(short_fragment_order=0))
    either = align(normalize(submission), normalize(source), only_order)
    assert [p.left for p in either] == [found[0].left]  # the word-order test alone also finds it
    neither = AlignOptions(fuzzy=FuzzyOptions(short_fragment_order=0, ordered_fragment_share=2.0))
    assert align(normalize(submission), normalize(source), neither) == []


SCRAMBLED = (
    "To kettle this into context, ladder was aware that the Provisional Government's willingness to "
    "violin lantern participation in the orange contributed to its river. His candle of peace can "
    "therefore be lantern as a way of consolidating Bolshevik pocket in silver, as marble as offering"
    " a violin vision of kettle garden from the ladder pocket and Russia's candle marble. However, "
    "this source does not paint a full orange of ladder pocket from the candle. In button, meadow "
    "pepper violin from the kettle was orange complicated and pocket for the candle. marble for a "
    "pepper violin lantern in kettle garden, orange by Leon pocket and German and marble button."
)
"""A source paragraph with two thirds of its content words replaced by unrelated words (as in
random obfuscation): too few shared content words for the cosine tests, but most of the words
still stand where they stood."""


def test_copy_with_most_content_words_replaced_is_found_by_its_word_order() -> None:
    source = read("source_essay_mill_lenin.txt")
    submission = _amid_photosynthesis(SCRAMBLED)
    found = align(normalize(submission), normalize(source))
    assert len(found) == 1
    assert submission[found[0].left.start : found[0].left.end].startswith("To kettle this into context")
    assert "To put this into context" in source[found[0].right.start : found[0].right.end]
    no_order = AlignOptions(fuzzy=FuzzyOptions(ordered_fragment_share=2.0))
    assert align(normalize(submission), normalize(source), no_order) == []


def test_short_template_quote_is_found_with_small_min_words() -> None:
    prompt = (
        "Lenin's leadership was the main reason why the Bolsheviks were able to seize power in October 1917."
    )
    essay = "Some say that " + prompt.upper() + " I disagree, and here is why: the war mattered more."
    options = dataclasses.replace(AlignOptions(), min_words=6)
    passages = align(normalize(essay), normalize(prompt), options)
    assert len(passages) == 1
    assert passages[0].kind == "exact"
    assert essay[passages[0].left.start : passages[0].left.end] == prompt.upper()[:-1]


def test_empty_and_tiny_texts_give_no_passage() -> None:
    assert align(normalize(""), normalize("some words here")) == []
    assert align(normalize("one two"), normalize("one two")) == []


def test_invalid_options_are_rejected() -> None:
    with pytest.raises(ConfigError):
        AlignOptions(fuzzy=FuzzyOptions(unit_min_cosine=1.5))
    with pytest.raises(ConfigError):
        AlignOptions(min_words=0)


# --- properties ---------------------------------------------------------------------------

_SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "bar", "dun", "gel", "hov", "jax"]
VOCAB = sorted({a + b + c for a in _SYLLABLES[:10] for b in _SYLLABLES[5:] for c in ("n", "m", "st")})[:300]

# The passage and the two texts' surroundings use disjoint vocabularies, so the planted extent
# is exactly what the texts share.
surroundings = (
    st.lists(st.sampled_from(VOCAB[150:225]), min_size=0, max_size=60),
    st.lists(st.sampled_from(VOCAB[225:]), min_size=0, max_size=60),
)
passage_words = st.lists(st.sampled_from(VOCAB[:150]), min_size=35, max_size=70, unique=True)
separators = st.sampled_from([" ", "  ", ", ", ". ", "\n", " - ", "; "])


@st.composite
def planted_pair(draw: st.DrawFn) -> tuple[str, str, tuple[int, int], tuple[int, int]]:
    """Two random texts sharing one passage, written with different case and punctuation."""
    shared = draw(passage_words)

    def write(words_: list[str], upper: bool) -> str:
        out = []
        for k, word in enumerate(words_):
            out.append(word.upper() if upper and k % 3 == 0 else word)
            if k < len(words_) - 1:
                out.append(draw(separators))
        return "".join(out)

    texts, regions = [], []
    for upper, words in ((False, surroundings[0]), (True, surroundings[1])):
        before, after = draw(words), draw(words)
        head = write(before, upper) + (". " if before else "")
        body = write(shared, upper)
        texts.append(head + body + (". " + write(after, upper) if after else ""))
        regions.append((len(head), len(head) + len(body)))
    return texts[0], texts[1], regions[0], regions[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_pair())
def test_planted_copy_is_found_with_spans_within_a_word(
    case: tuple[str, str, tuple[int, int], tuple[int, int]],
) -> None:
    left, right, lregion, rregion = case
    passages = align(normalize(left), normalize(right))
    assert passages, "planted passage not found"
    best = max(passages, key=lambda p: p.left_words)
    word = max(len(w) for w in VOCAB) + 3
    for span, region in ((best.left, lregion), (best.right, rregion)):
        assert abs(span.start - region[0]) <= word
        assert abs(span.end - region[1]) <= word


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_pair(), st.integers(min_value=5, max_value=30))
def test_spans_are_in_bounds_disjoint_at_least_min_words_and_match_their_word_counts(
    case: tuple[str, str, tuple[int, int], tuple[int, int]], min_words: int
) -> None:
    left, right, _, _ = case
    passages = align(normalize(left), normalize(right), AlignOptions(min_words=min_words))
    _assert_well_formed(passages, left, right)
    assert all(min(p.left_words, p.right_words) >= min_words for p in passages)


# --- the exact-passage floor (min_exact_words) -----------------------------------------------

FEBRUARY = ("In the aftermath of the previous February Revolution, there was power sharing between the weak "
            "Provisional Government and the Petrograd Soviet.")
"""A 21-word sentence of samples/sources/essay_mill_lenin.txt."""


def _essay_with(sentence: str) -> str:
    """An independent essay of the demo class with ``sentence`` opening its third paragraph."""
    paragraphs = (SAMPLES / "submissions" / "harry_whitmore.txt").read_text(encoding="utf-8").split("\n\n")
    paragraphs[2] = f"{sentence} {paragraphs[2]}"
    return "\n\n".join(paragraphs)


def _mill() -> NormalizedText:
    return normalize((SAMPLES / "sources" / "essay_mill_lenin.txt").read_text(encoding="utf-8"))


def test_a_verbatim_sentence_of_21_words_is_an_exact_passage_although_min_words_is_25():
    essay = (FIXTURES / "essay_with_21_word_sentence_copy.txt").read_text(
        encoding="utf-8")
    (passage,) = align(normalize(essay), _mill())
    assert (passage.kind, passage.left_words, passage.score) == ("exact", 21, 1.0)
    assert essay[passage.left.start:passage.left.end] == FEBRUARY.rstrip(".")
    before = AlignOptions(exact=ExactOptions(min_words=25))  # the floor of before
    assert align(normalize(essay), _mill(), before) == []


def test_an_exact_run_is_reported_from_min_exact_words_and_not_below():
    words = FEBRUARY.split()
    assert AlignOptions().exact.min_words == 13
    thirteen, twelve = " ".join(words[:13]) + ".", " ".join(words[:12]) + "."
    (passage,) = align(normalize(_essay_with(thirteen)), _mill())
    assert (passage.kind, passage.left_words) == ("exact", 13)
    assert align(normalize(_essay_with(twelve)), _mill()) == []


def test_an_edited_sentence_under_min_words_is_not_reported_however_close():
    edited = FEBRUARY.replace("weak", "feeble")  # 21 words, one changed: approximate, under min_words
    assert align(normalize(_essay_with(edited)), _mill()) == []


def test_min_exact_words_above_min_words_changes_nothing():
    essay = normalize(_essay_with(FEBRUARY))
    assert align(essay, _mill(), AlignOptions(min_words=20, exact=ExactOptions(min_words=40))) == align(
        essay, _mill(), AlignOptions(min_words=20, exact=ExactOptions(min_words=20)))


def test_min_exact_words_must_be_positive():
    with pytest.raises(ConfigError, match=r"exact\.min_words"):
        ExactOptions(min_words=0)
