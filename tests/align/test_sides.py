"""One-sided growth of loose passage ends (``reuse.align.sides``): a side's next sentence joins the
passage alone when the other side already holds its words."""

from __future__ import annotations

from reuse.align.features import features
from reuse.align.fragment import Fragment
from reuse.align.sides import carry
from reuse.align.space import make_space
from reuse.settings import FuzzyOptions
from reuse.text.normalize import normalize

# the edited copy merges two source sentences into one
COPY = (
    "Our recipe for pasta at home needs fresh basil. "
    "The old lighthouse keeper climbed the spiral stairs every evening and lit the great lamp before "
    "the storm arrived, while the fishermen watched the bright beam sweep the sea from their boats. "
    "Tulips and roses grow well in a sunny garden."
)
SOURCE = (
    "Steam trains once ran on this branch line. "
    "Every evening the old lighthouse keeper climbed the spiral stairs and lit the great lamp before "
    "the storm. The fishermen in their boats watched the bright beam sweep across the sea. "
    "Parliament then debated taxes and the national budget."
)


def _words(text: str, first: str, last: str) -> tuple[int, int]:
    words = normalize(text).words
    return words.index(first), len(words) - words[::-1].index(last)


def test_the_source_side_takes_in_the_next_sentence_whose_words_the_copy_holds_unmatched() -> None:
    left, right = normalize(COPY), normalize(SOURCE)
    lf, rf = features(left), features(right)
    space = make_space(lf, rf, FuzzyOptions().unit_words)
    (l0, l1), (r0, r1) = _words(COPY, "the", "boats"), _words(SOURCE, "every", "storm")
    l0 = left.words.index("old") - 1  # "The old lighthouse ..."
    passage = Fragment(l0, l1, r0, r1)
    grown = carry([passage], left, right, space, lf, rf, min_share=0.5, run=6)
    # the fishermen's sentence joins the source side; the sentences around the copy on both sides
    # (pasta, trains, tulips, taxes) are not explained by the other side and stay out
    assert grown == [Fragment(l0, l1, r0, right.words.index("sea") + 1)]
    assert carry([passage], left, right, space, lf, rf, min_share=1.5, run=6) == [passage]


def test_a_fragment_under_min_words_is_not_grown_into_a_reported_passage() -> None:
    left, right = normalize(COPY), normalize(SOURCE)
    lf, rf = features(left), features(right)
    space = make_space(lf, rf, FuzzyOptions().unit_words)
    passage = Fragment(left.words.index("old") - 1, left.words.index("boats") + 1, 8, 26)
    too_short = passage.shorter + 1
    assert carry([passage], left, right, space, lf, rf, min_share=0.5, run=6, min_words=too_short) == [
        passage
    ]
    assert carry([passage], left, right, space, lf, rf, min_share=0.5, run=6, min_words=passage.shorter) != [
        passage
    ]
