"""Coverage and similarity index count the words inside shared passages; the pair score weights
them by the passages' similarity."""

from __future__ import annotations

import pytest

from reuse.align import align
from reuse.align.score import covered_words, document_score, pair_result, pair_score, pairs_by_document
from reuse.model import Passage, Span
from reuse.settings import AlignOptions, RewordingOptions
from reuse.text.normalize import normalize

from .corpora import REWORDING, SAME_TOPIC, read

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


def test_each_documents_score_from_its_own_pairs_is_its_score_from_all_pairs():
    left, right = normalize(LEFT), normalize(RIGHT)
    pairs = [pair_result(a, b, left, right, [_passage(Span(0, 23), Span(11, 34), 5)])
             for a, b in [("l", "r"), ("s", "l"), ("r", "s"), ("l", "l"), ("t", "l")]]
    by_doc = pairs_by_document(pairs)
    assert [(p.left, p.right) for p in by_doc["l"]] == [("l", "r"), ("s", "l"), ("l", "l"), ("t", "l")]
    assert sorted(by_doc) == ["l", "r", "s", "t"]
    for doc in by_doc:
        assert document_score(doc, left, by_doc[doc]) == document_score(doc, left, pairs)


def test_document_with_no_pairs_has_index_zero():
    assert document_score("x", normalize(LEFT), []).similarity_index == 0.0


def test_pair_score_weights_each_word_of_the_shorter_text_by_its_passage_score():
    left, right = normalize(LEFT), normalize("x " + LEFT + " y z")  # left is the shorter text
    copy = Passage(Span(0, 23), Span(2, 25), 1.0, "exact", 5, 5)  # five words copied
    edit = Passage(Span(24, 48), Span(26, 50), 0.5, "approximate", 5, 5)  # five more, reworded
    assert pair_result("l", "r", left, right, [copy]).score == 0.5
    assert pair_result("l", "r", left, right, [copy, edit]).score == 0.75
    swapped = [Passage(p.right, p.left, p.score, p.kind, 5, 5) for p in (copy, edit)]
    assert pair_result("r", "l", right, left, swapped).score == 0.75  # the shorter text, now on the right


def test_pair_score_is_above_zero_for_any_counted_passage_and_zero_without_one():
    left, right = normalize(LEFT), normalize(RIGHT)
    faint = Passage(Span(0, 3), Span(11, 14), 0.0, "approximate", 1, 1)
    assert pair_result("l", "r", left, right, [faint]).score > 0
    assert pair_score(left, right, []) == 0.0
    quoted = Passage(Span(0, 23), Span(11, 34), 1.0, "exact", 5, 5, left_quoted=True, right_quoted=True)
    assert pair_score(left, right, [quoted]) == 0.5
    assert pair_score(left, right, [quoted], exclude_quotes=True) == 0.0


def _score(left: str, right: str) -> float:
    a, b = normalize(left), normalize(right)
    on = AlignOptions(rewording=RewordingOptions(min_sentences=4))  # the rewording path on
    return pair_score(a, b, align(a, b, on))


@pytest.mark.parametrize("topic", ["antibiotics", "printing", "revolution", "social", "water"])
def test_pair_score_orders_verbatim_above_light_above_heavy_above_independent(topic):
    source = read(SAME_TOPIC / f"{topic}_a.txt")
    verbatim = _score("I picked this topic because it matters to everyone. " + source, source)
    light = _score(read(REWORDING / f"{topic}_a_light.txt"), source)
    heavy = _score(read(REWORDING / f"{topic}_a_heavy.txt"), source)
    independent = _score(read(REWORDING / f"{topic}_a_heavy.txt"), read(SAME_TOPIC / f"{topic}_b.txt"))
    assert verbatim > light > heavy > independent == 0.0
    assert heavy > 0
