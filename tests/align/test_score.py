"""Coverage and similarity index count the words inside shared passages."""

from __future__ import annotations

from reuse.align.score import covered_words, document_score, pair_result
from reuse.model import Passage, Span
from reuse.text.normalize import normalize

LEFT = "one two three four five six seven eight nine ten"
RIGHT = "alpha beta one two three four five gamma delta epsilon"


def _passage(left: Span, right: Span, words: int) -> Passage:
    return Passage(left, right, 1.0, "exact", words, words)


def test_coverage_is_the_share_of_words_inside_passages():
    left, right = normalize(LEFT), normalize(RIGHT)
    passage = _passage(Span(0, 23), Span(11, 34), 5)  # "one two three four five" on both sides
    pair = pair_result("l", "r", left, right, [passage])
    assert pair.left_coverage == 0.5
    assert pair.right_coverage == 0.5
    assert pair.longest_words == 5


def test_words_partly_inside_a_span_count_by_their_first_character():
    text = normalize(LEFT)
    mask = covered_words(text, [Span(4, 9)])  # "two t"
    assert mask.tolist() == [False, True, True] + [False] * 7


def test_similarity_index_is_the_union_over_all_counterparts_with_a_breakdown():
    left, right = normalize(LEFT), normalize(RIGHT)
    first = pair_result("l", "r", left, right, [_passage(Span(0, 23), Span(11, 34), 5)])
    second = pair_result("l", "s", left, right, [_passage(Span(14, 33), Span(0, 10), 4)])  # "four ... seven"
    score = document_score("l", left, [first, second])
    assert score.words == 10
    assert score.similarity_index == 0.7  # words 1-7 of 10
    assert [(b.document, b.share) for b in score.breakdown] == [("r", 0.5), ("s", 0.4)]


def test_document_with_no_pairs_has_index_zero():
    assert document_score("x", normalize(LEFT), []).similarity_index == 0.0
