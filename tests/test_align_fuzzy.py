"""Behaviour of the aligner's paraphrase and summary helpers (``reuse._align_fuzzy``)."""

from __future__ import annotations

import numpy as np

from reuse._align_fuzzy import best_window, in_order, make_space
from reuse._align_text import features
from reuse.normalize import normalize

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
    found = best_window(space, bounds[:-1], bounds[1:], 2, 100)
    assert found == (int(bounds[1]), int(bounds[3]))


def test_best_window_respects_its_size_limits() -> None:
    space, bounds = _space()
    assert best_window(space, bounds[:-1], bounds[1:], 1000, 2000) is None
    assert best_window(space, bounds[:0], bounds[1:], 2, 100) is None
    one = best_window(space, bounds[:-1], bounds[1:], 2, int(bounds[3] - bounds[1]) - 1)
    assert one is not None and one[1] - one[0] < bounds[3] - bounds[1]


def test_in_order_counts_content_words_shared_in_the_same_order() -> None:
    left, right = features(normalize("red green blue yellow")), features(normalize("green red blue yellow"))
    space = make_space(left, right, 10)
    assert in_order(space, (0, 4), (0, 4)) == 3
    assert in_order(space, (0, 2), (2, 4)) == 0
