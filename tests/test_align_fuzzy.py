"""Behaviour of the aligner's paraphrase and summary helpers (``reuse._align_fuzzy``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from reuse._align_fuzzy import _nearest_repeats, best_window, in_order, make_space
from reuse._align_text import features
from reuse.align import align
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


def test_a_unit_paired_with_two_far_places_keeps_the_one_near_the_cluster() -> None:
    # left units 0..5 pair with right units 40..45 along a diagonal; left unit 2 is also
    # paired with right unit 10, a copy of the same sentence far back in the right text
    a = np.array([0, 1, 2, 2, 3, 4, 5, 2])
    b = np.array([40, 41, 42, 43, 43, 44, 45, 10])
    kept = _nearest_repeats(a, b, np.arange(a.size))
    assert sorted(zip(a[kept].tolist(), b[kept].tolist(), strict=True)) == [
        (0, 40),
        (1, 41),
        (2, 42),
        (2, 43),  # a neighbouring unit (units overlap by half) is no far copy
        (3, 43),
        (4, 44),
        (5, 45),
    ]


def test_a_sentence_the_source_repeats_just_before_a_paraphrased_paragraph_costs_it_no_words() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "align"
    case = json.loads((fixtures / "planted.json").read_text(encoding="utf-8"))["paraphrase"]
    source = (fixtures / case["right"]).read_text(encoding="utf-8")
    submission = (fixtures / case["left"]).read_text(encoding="utf-8")
    start, end = case["counterpart_start"], case["counterpart_end"]
    last_sentence = source[start:end].rstrip(".").rsplit(". ", 1)[1] + "."
    aside = " ".join((fixtures / "independent_essay_grace.txt").read_text(encoding="utf-8").split()[:30])
    moved = len(last_sentence) + len(aside) + 3
    repeated = f"{source[:start]}{last_sentence} {aside}\n\n{source[start:]}"
    passages = align(normalize(submission), normalize(repeated))
    assert len(passages) == 1
    p = passages[0]
    assert abs(p.right.start - (start + moved)) <= 10
    assert abs(p.right.end - (end + moved)) <= 10
    assert abs(p.left.start - case["submission_start"]) <= 10


def test_the_stemmer_in_use_gives_the_same_stems_as_the_pure_python_snowball_stemmer() -> None:
    from snowballstemmer.english_stemmer import EnglishStemmer

    from reuse import _align_text

    fixtures = Path(__file__).parent / "fixtures" / "align"
    words = sorted({w for f in sorted(fixtures.glob("*.txt")) for w in normalize(f.read_text("utf-8")).words})
    reference = EnglishStemmer()
    assert len(words) > 900
    assert [_align_text._stemmer.stemWord(w) for w in words] == [reference.stemWord(w) for w in words]
