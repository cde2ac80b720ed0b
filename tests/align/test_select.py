"""Overlap resolution (``reuse.align.select``): merging fragments that overlap on both sides,
and keeping, of those overlapping on one side, the one sharing the most text."""

from __future__ import annotations

from reuse.align.features import features
from reuse.align.fragment import Fragment
from reuse.align.select import merge, select
from reuse.align.similarity import shared_text
from reuse.align.space import make_space
from reuse.settings import FuzzyOptions
from reuse.text.normalize import normalize

from .texts import copy_pair, mill_paragraphs, read


def test_verbatim_copies_of_two_places_in_swapped_order_are_not_merged_into_one_passage() -> None:
    left, right, early, late = copy_pair()
    start_early = (
        len(right.words)
        - early
        - late
        - normalize(read("source_essay_mill_lenin.txt").split("\n\n")[3]).word_count
    )
    first = Fragment(0, late, len(right.words) - late, len(right.words))
    second = Fragment(late, late + early, start_early, start_early + early)
    spanning = Fragment(0, late + early, start_early, len(right.words))  # a loose match across both
    assert left.words[first.left_start : first.left_end] == right.words[first.right_start : first.right_end]
    assert left.words[second.left_start : second.left_end] == (
        right.words[second.right_start : second.right_end]
    )
    assert sorted(merge([first, second], [spanning], left, right, cover=0.75)) == [first, second]


def test_a_verbatim_copy_is_not_stretched_over_neighbouring_text_that_differs() -> None:
    left, right, early, late = copy_pair()
    space = make_space(left, right, FuzzyOptions().unit_words)
    copy = Fragment(0, late, len(right.words) - late, len(right.words))
    middle = normalize(read("source_essay_mill_lenin.txt").split("\n\n")[3]).word_count
    loose = Fragment(
        0,
        late + early,
        len(right.words) - late - middle,
        len(right.words),
    )  # runs on over two other paragraphs
    assert merge(
        [copy], [loose], left, right, cover=0.75, either=True, space=space, min_cosine=0.33
    ) == [copy]
    assert merge([copy], [loose], left, right, cover=0.75, either=True) == [loose]


def test_selection_prefers_a_verbatim_copy_to_a_longer_loose_match_across_it() -> None:
    left, right, early, late = copy_pair()
    copy = Fragment(0, late, len(right.words) - late, len(right.words))
    loose = Fragment(late - 10, late + early, 0, len(right.words) - late + 5)  # longer, overlaps the copy
    assert select([loose, copy], [], left, right, min_words=25) == [copy]


def test_selection_cuts_a_source_side_that_runs_a_little_into_a_kept_passage() -> None:
    left, right, early, late = copy_pair()
    first = Fragment(0, late, len(right.words) - late, len(right.words))
    touching = Fragment(late, late + early, len(right.words) - late - early, len(right.words) - late + 3)
    assert select([first, touching], [], left, right, min_words=25) == [
        first,
        Fragment(late, late + early, len(right.words) - late - early, len(right.words) - late),
    ]


def test_selection_drops_a_passage_that_runs_into_a_kept_one_on_the_left_side() -> None:
    left, right, early, late = copy_pair()
    first = Fragment(0, late, len(right.words) - late, len(right.words))
    touching = Fragment(late - 3, late + early, 0, early)
    assert select([first, touching], [], left, right, min_words=25) == [first]


def test_a_verbatim_copy_beats_a_longer_loose_match_of_its_words_to_another_place() -> None:
    paragraphs = mill_paragraphs()
    submission = paragraphs[0] + "\n\n" + paragraphs[2]
    source = paragraphs[1] + "\n\n" + paragraphs[2] + "\n\n" + paragraphs[0]
    left, right = features(normalize(submission)), features(normalize(source))
    n0 = normalize(paragraphs[0]).word_count
    copy = Fragment(0, n0, len(right.words) - n0, len(right.words))
    assert left.words[copy.left_start : copy.left_end] == right.words[copy.right_start : copy.right_end]
    # a merged extent that claims the copied words came from the start of the source
    loose = Fragment(0, len(left.words), 0, len(right.words) - n0)
    assert shared_text(loose, left, right) > shared_text(copy, left, right)
    assert select([loose, copy], [copy], left, right, min_words=25) == [copy]


def test_a_passage_holding_a_verbatim_copy_gives_up_the_few_left_words_it_shares_with_a_kept_one() -> None:
    paragraphs = mill_paragraphs()
    submission = paragraphs[2] + "\n\n" + paragraphs[0]
    source = paragraphs[0] + "\n\n" + paragraphs[1] + "\n\n" + paragraphs[2]
    left, right = features(normalize(submission)), features(normalize(source))
    n2, n0 = normalize(paragraphs[2]).word_count, normalize(paragraphs[0]).word_count
    first = Fragment(0, n2, len(right.words) - n2, len(right.words))  # paragraph 2, copied verbatim
    second = Fragment(n2, n2 + n0, 0, n0)  # paragraph 0, copied verbatim
    assert left.words[first.left_start : first.left_end] == right.words[first.right_start : first.right_end]
    assert left.words[second.left_start : second.left_end] == (
        right.words[second.right_start : second.right_end]
    )
    # the second passage's merged extent starts two words early on the left
    touching = Fragment(n2 - 2, n2 + n0, 0, n0 + 3)
    kept = select([first, touching], [first, second], left, right, min_words=25)
    assert kept == [first, Fragment(n2, n2 + n0, 0, n0 + 3)]
    # without a verbatim copy inside it, the same overlap drops the passage
    assert select([first, touching], [first], left, right, min_words=25) == [first]
