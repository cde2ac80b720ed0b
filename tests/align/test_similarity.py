"""How similar the two sides of a fragment are (``reuse.align.similarity``)."""

from __future__ import annotations

from reuse.align.features import features
from reuse.align.fragment import Fragment
from reuse.align.similarity import order_share, order_share_between_runs
from reuse.text.normalize import normalize


def _whole(left: str, right: str) -> tuple[Fragment, object, object]:
    lf, rf = features(normalize(left)), features(normalize(right))
    return Fragment(0, len(lf.words), 0, len(rf.words)), lf, rf


def test_words_in_order_between_shared_runs_count_apart_from_the_runs() -> None:
    # two shared runs (a committee and a board) with nothing in common between them
    f, lf, rf = _whole(
        "the senate select committee has already turned down in fact the quarrel about money "
        "regional water board",
        "the senate select committee called a hearing on regional water board",
    )
    assert order_share(f, lf, rf) >= 0.6  # the runs make most of the words "in order"
    assert order_share_between_runs(f, lf, rf) < 0.3  # and nothing between them


def test_a_scrambled_copy_keeps_words_in_place_between_its_unchanged_runs() -> None:
    f, lf, rf = _whole(
        "the old mill stood by the river for two hundred years and ground corn for the whole valley",
        "the old mill stood near a river for nearly two hundred years and it ground the corn for all "
        "the valley",
    )
    assert order_share_between_runs(f, lf, rf) >= 0.5


def test_a_fragment_made_only_of_shared_runs_is_in_order_between_them() -> None:
    f, lf, rf = _whole("the quick brown fox jumps", "the quick brown fox jumps")
    assert order_share_between_runs(f, lf, rf) == 1.0
