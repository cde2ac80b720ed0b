"""Passage ends (``reuse.align.ends``): exact ends stay, loose ends snap and grow by sentences."""

from __future__ import annotations

from reuse.align.ends import anchored, grow
from reuse.align.features import features
from reuse.align.fragment import Fragment
from reuse.align.space import make_space
from reuse.settings import FuzzyOptions
from reuse.text.normalize import NormalizedText, normalize

from .texts import planted


def word_at(text: NormalizedText, char: int) -> int:
    """The index of the word that starts at character ``char`` of the original text."""
    return next(k for k in range(text.word_count) if text.word_span(k, k + 1).start == char)


def test_a_paraphrase_grows_by_its_reworded_first_sentence_on_both_sides() -> None:
    left_text, right_text, case = planted("paraphrase")
    left, right = normalize(left_text), normalize(right_text)
    lf, rf = features(left), features(right)
    space = make_space(lf, rf, FuzzyOptions().unit_words)
    start = word_at(left, case["submission_start"]), word_at(right, case["counterpart_start"])
    second = (
        word_at(left, left_text.index("Therefore, his promise")),
        word_at(right, right_text.index("His promise of peace")),
    )
    l1 = max(k for k in range(left.word_count) if left.word_span(k, k + 1).end <= case["submission_end"]) + 1
    r1 = (
        max(k for k in range(right.word_count) if right.word_span(k, k + 1).end <= case["counterpart_end"])
        + 1
    )
    cut = Fragment(second[0], l1, second[1], r1)
    assert grow([cut], left, right, space, lf, rf, min_cosine=0.2, run=6) == [(start[0], l1, start[1], r1)]
    assert grow([cut], left, right, space, lf, rf, min_cosine=1.0, run=6) == [cut]


def test_an_end_is_an_exact_boundary_only_after_a_run_of_identical_words() -> None:
    verbatim = features(normalize("we read that the treaty was signed in march and then the war went on"))
    reworded = features(normalize("it is said that the treaty got signed in march but then the war went on"))
    last = len(verbatim.words) - 1
    shared_word = verbatim.words.index("march"), reworded.words.index("march")
    assert not anchored(verbatim.hashes, reworded.hashes, *shared_word, 1, 6)  # one shared word: a loose end
    assert anchored(verbatim.hashes, reworded.hashes, *shared_word, 1, 1)
    assert anchored(
        verbatim.hashes, reworded.hashes, last, len(reworded.words) - 1, 1, 4
    )  # "then the war went on"
