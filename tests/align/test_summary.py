"""The aligner's summary paths (``reuse.align.summary``)."""

from __future__ import annotations

import numpy as np

from reuse.align.features import features
from reuse.align.space import make_space
from reuse.align.summary import best_window
from reuse.text.normalize import normalize

SOURCE = (
    "The Provisional Government kept Russia in the war, and soldiers deserted the front in great numbers. "
    "Lenin returned from exile in a sealed train and promised peace, bread and land to workers and peasants."
)
NOTES = (
    "Our group met on Tuesday to plan the poster and print the timeline for the corridor. "
    "Soldiers deserted the front while the Provisional Government kept Russia fighting the war. "
    "Lenin came back from exile in a sealed train promising peace, bread and land to peasants and workers. "
    "Maya will bring glue and card, and Tom will check the library opening hours before the weekend."
)


def _space() -> tuple[object, np.ndarray]:
    left, right = features(normalize(NOTES)), features(normalize(SOURCE))
    space = make_space(left, right, 10)
    text = normalize(NOTES)
    starts = np.flatnonzero(np.concatenate(([True], text.sentence_ends[:-1])))
    return space, np.searchsorted(left.content, np.append(starts, text.word_count))


def test_best_window_picks_the_sentences_that_summarise_the_other_text() -> None:
    space, bounds = _space()
    found = best_window(space, bounds[:-1], bounds[1:], min_size=2, max_size=100)
    assert found == (int(bounds[1]), int(bounds[3]))


def test_best_window_respects_its_size_limits() -> None:
    space, bounds = _space()
    assert best_window(space, bounds[:-1], bounds[1:], min_size=1000, max_size=2000) is None
    assert best_window(space, bounds[:0], bounds[1:], min_size=2, max_size=100) is None
    one = best_window(space, bounds[:-1], bounds[1:], min_size=2, max_size=int(bounds[3] - bounds[1]) - 1)
    assert one is not None and one[1] - one[0] < bounds[3] - bounds[1]
