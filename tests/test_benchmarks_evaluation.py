"""Tests for the PAN 2013 measures and the PAN XML input/output."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.evaluation import (
    Case,
    Scores,
    evaluate,
    granularity,
    longest_shared_run,
    macro_precision,
    macro_recall,
    outside_cases,
    plagdet,
    read_cases,
    recall_loss,
    write_detections,
)

SUSP = "suspicious-document00001.txt"
SRC = "source-document00001.txt"


def case(susp_start: int, susp_end: int, src_start: int, src_end: int, *, src: str = SRC) -> Case:
    """A case between SUSP and ``src``."""
    return Case(SUSP, susp_start, susp_end, src, src_start, src_end)


def test_perfect_detection_scores_one_on_every_measure() -> None:
    truth = [case(0, 100, 0, 100)]
    # precision = recall = 200/200, granularity = 1, plagdet = 1 / log2(2)
    assert evaluate(truth, truth) == Scores(1.0, 1.0, 1.0, 1.0, cases=1, detections=1, detected_cases=1)


def test_case_split_in_two_has_granularity_two() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(0, 50, 0, 50), case(50, 100, 50, 100)]
    scores = evaluate(truth, detections)
    assert scores.recall == 1.0  # (50+50 + 50+50) / (100+100)
    assert scores.precision == 1.0  # (100/100 + 100/100) / 2
    assert scores.granularity == 2.0  # 2 detections / 1 detected case
    # F1 = 1, 1 / log2(1 + 2) = 1 / 1.5849625007211563
    assert scores.plagdet == pytest.approx(0.6309297535714575)


def test_detection_twice_too_long_halves_precision() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(0, 200, 0, 200)]
    assert macro_precision(truth, detections) == 0.5  # (100+100) / (200+200)
    assert macro_recall(truth, detections) == 1.0  # (100+100) / (100+100)
    # F1 = 2*0.5*1 / (0.5+1) = 1/1.5, granularity 1 so log2(2) = 1
    assert evaluate(truth, detections).plagdet == pytest.approx(0.6666666666666666)


def test_no_detection_scores_zero_recall_and_granularity_one() -> None:
    truth = [case(0, 100, 0, 100)]
    # no detection: recall 0 / 1 case; precision 0 by the official convention; granularity 1
    assert evaluate(truth, []) == Scores(0.0, 0.0, 1.0, 0.0, cases=1, detections=0, detected_cases=0)


def test_detection_overlapping_on_the_suspicious_side_only_does_not_count() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(0, 100, 200, 300)]  # same susp range, disjoint source range
    # no overlap: recall 0/200, precision 0/200, no detected case so granularity 1
    assert evaluate(truth, detections) == Scores(0.0, 0.0, 1.0, 0.0, cases=1, detections=1, detected_cases=0)


def test_detection_overlapping_on_the_source_side_only_does_not_count() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(300, 400, 0, 100)]  # disjoint susp range, same source range
    assert macro_recall(truth, detections) == 0.0  # 0 / 200
    assert granularity(truth, detections) == 1.0  # no detected case


def test_detection_in_another_source_document_does_not_count() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(0, 100, 0, 100, src="source-document00002.txt")]
    assert macro_recall(truth, detections) == 0.0  # other pair: 0 / 200
    assert macro_precision(truth, detections) == 0.0  # other pair: 0 / 200


def test_ranges_that_only_touch_do_not_overlap() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(100, 200, 100, 200)]  # half-open: [0,100) and [100,200) share nothing
    assert macro_recall(truth, detections) == 0.0  # 0 / 200


def test_recall_is_averaged_over_cases_not_characters() -> None:
    truth = [case(0, 100, 0, 100), case(1000, 3000, 1000, 3000)]
    detections = [case(0, 100, 0, 100)]
    # (200/200 + 0/4000) / 2 cases
    assert macro_recall(truth, detections) == 0.5


def test_partial_detection_gets_partial_recall_and_full_precision() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(25, 100, 25, 100)]
    assert macro_recall(truth, detections) == 0.75  # (75+75) / (100+100)
    assert macro_precision(truth, detections) == 1.0  # (75+75) / (75+75)


def test_long_source_side_of_a_summary_case_weighs_in_recall() -> None:
    truth = [case(0, 100, 0, 300)]
    detections = [case(0, 100, 0, 100)]
    assert macro_recall(truth, detections) == 0.5  # (100+100) / (100+300)
    assert macro_precision(truth, detections) == 1.0  # (100+100) / (100+100)


def test_overlapping_detections_cover_shared_characters_once() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(0, 60, 0, 60), case(40, 100, 40, 100)]
    scores = evaluate(truth, detections)
    assert scores.recall == 1.0  # union [0,100) per side: (100+100) / 200, not 240 / 200
    assert scores.precision == 1.0  # (120/120 + 120/120) / 2
    assert scores.granularity == 2.0  # 2 detections / 1 detected case


def test_granularity_averages_over_detected_cases_only() -> None:
    truth = [case(0, 100, 0, 100), case(200, 300, 200, 300), case(1000, 1100, 1000, 1100)]
    detections = [case(0, 50, 0, 50), case(50, 100, 50, 100), case(200, 300, 200, 300)]
    assert granularity(truth, detections) == 1.5  # (2 + 1) / 2 detected cases; the third is undetected


def test_duplicate_detections_count_once() -> None:
    truth = [case(0, 100, 0, 100)]
    detections = [case(0, 100, 0, 100), case(0, 100, 0, 100)]
    # detections are a set, as in the official script: 1 detection, granularity 1/1
    assert evaluate(truth, detections) == Scores(1.0, 1.0, 1.0, 1.0, cases=1, detections=1, detected_cases=1)


def test_no_cases_and_no_detections_score_one_like_the_official_script() -> None:
    assert macro_recall([], []) == 1.0  # official convention for 0/0 with both sets empty
    assert macro_precision([], []) == 1.0
    assert granularity([], []) == 1.0


def test_detections_without_cases_score_zero() -> None:
    detections = [case(0, 100, 0, 100)]
    assert macro_recall([], detections) == 0.0  # official convention: no cases -> 0
    assert macro_precision([], detections) == 0.0  # 0/200 covered
    assert evaluate([], detections).plagdet == 0.0  # F1 = 0 when precision + recall = 0


def test_plagdet_divides_f1_by_log_of_granularity() -> None:
    assert plagdet(0.5, 1.0, 1.0) == pytest.approx(0.6666666666666666)  # 2*0.5*1/1.5 / log2(2)
    assert plagdet(1.0, 1.0, 3.0) == pytest.approx(0.5)  # 1 / log2(4)
    assert plagdet(0.0, 0.0, 1.0) == 0.0  # F1 = 0 when precision + recall = 0


def test_reversed_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="start <= end"):
        case(10, 5, 0, 1)


def test_detections_round_trip_through_xml(tmp_path: Path) -> None:
    path = tmp_path / "out.xml"
    susp, src = 'odd & "name" <1>.txt', "source-document00009.txt"
    write_detections(path, susp, src, [(3, 10, 20, 40), (50, 50, 0, 7)])
    assert read_cases(path, tag="detected-plagiarism") == [
        Case(susp, 3, 10, src, 20, 40),
        Case(susp, 50, 50, src, 0, 7),
    ]
    assert read_cases(path) == []  # a detection is not a "plagiarism" truth case


def test_empty_detection_file_is_still_a_valid_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    write_detections(path, SUSP, SRC, [])
    assert read_cases(path, tag="detected-plagiarism") == []


def test_reading_truth_keeps_only_complete_features_of_the_tag(tmp_path: Path) -> None:
    path = tmp_path / "truth.xml"
    path.write_text(
        '<document reference="suspicious-document00005.txt">\n'
        '<feature name="plagiarism" type="artificial" obfuscation="none" this_offset="3593"'
        ' this_length="698" source_reference="source-document01090.txt" source_offset="1300"'
        ' source_length="698"/>\n'
        '<feature name="plagiarism" this_offset="1" this_length="2"/>\n'
        '<feature name="about" authors="DUC2006"/>\n'
        '<feature name="md5" value="0"/>\n'
        "</document>\n",
        encoding="utf-8",
    )
    # 3593 + 698 = 4291, 1300 + 698 = 1998
    assert read_cases(path) == [
        Case("suspicious-document00005.txt", 3593, 4291, "source-document01090.txt", 1300, 1998)
    ]


def _reference_coverage(item: Case, others: list[Case]) -> float:
    """Per-character coverage, the slow way, for cross-checking the interval code."""
    hits = [o for o in others if item.overlaps(o)]
    susp = {i for o in hits for i in range(o.susp_start, o.susp_end)}
    src = {i for o in hits for i in range(o.src_start, o.src_end)}
    mine_susp = set(range(item.susp_start, item.susp_end))
    mine_src = set(range(item.src_start, item.src_end))
    return (len(susp & mine_susp) + len(src & mine_src)) / item.size


def _random_case(rng: random.Random) -> Case:
    susp_start, src_start = rng.randrange(0, 300), rng.randrange(0, 300)
    return Case(
        rng.choice(["s1", "s2"]),
        susp_start,
        susp_start + rng.randrange(1, 120),
        rng.choice(["r1", "r2"]),
        src_start,
        src_start + rng.randrange(1, 120),
    )


def test_interval_measures_agree_with_a_per_character_reference_on_random_data() -> None:
    rng = random.Random(2013)  # noqa: S311 - seeded test data, not security
    for _ in range(200):
        truth = list({_random_case(rng) for _ in range(rng.randrange(1, 6))})
        detections = list({_random_case(rng) for _ in range(rng.randrange(1, 10))})
        expected_recall = sum(_reference_coverage(s, detections) for s in truth) / len(truth)
        expected_precision = sum(_reference_coverage(r, truth) for r in detections) / len(detections)
        assert macro_recall(truth, detections) == pytest.approx(expected_recall)
        assert macro_precision(truth, detections) == pytest.approx(expected_precision)


def test_a_detection_touching_no_case_on_the_suspicious_side_is_outside_the_truth() -> None:
    truth = [case(100, 200, 0, 100)]
    inside = case(150, 250, 500, 600)  # overlaps the case on the suspicious side only
    outside = case(300, 400, 50, 150)  # overlaps it on the source side only
    elsewhere = case(120, 180, 0, 100, src="source-document00002.txt")  # another source
    assert outside_cases(truth, [inside, outside, elsewhere, outside]) == [outside, elsewhere]


def test_longest_shared_run_counts_words_in_a_row_ignoring_case_and_punctuation() -> None:
    left = "Mobile homes are vulnerable. A mobile home can overturn very easily, even if tied down!"
    right = "If in a MOBILE HOME can overturn very easily even if tied, get out."
    assert longest_shared_run(left, right) == 10  # "a mobile home can overturn very easily even if tied"
    assert longest_shared_run("one two three", "four five six") == 0


def test_recall_lost_splits_into_undetected_cases_and_the_sides_detections_leave_out() -> None:
    found = case(0, 100, 0, 100)  # 200 characters, all covered
    cut = case(200, 300, 200, 300)  # covered on 50 suspicious and 80 source characters
    missed = case(400, 500, 400, 500)
    truth = [found, cut, missed]
    detections = [found, case(250, 300, 220, 300), case(600, 700, 400, 500)]  # last: susp side only
    loss = recall_loss(truth, detections)
    assert (loss.cases, loss.undetected_cases) == (3, 1)
    assert loss.undetected == pytest.approx(1 / 3)
    assert loss.cut_susp == pytest.approx(50 / 200 / 3)
    assert loss.cut_src == pytest.approx(20 / 200 / 3)
    lost = loss.undetected + loss.cut_susp + loss.cut_src
    assert lost == pytest.approx(1 - macro_recall(truth, detections))


def test_recall_lost_is_nothing_without_cases_and_everything_without_detections() -> None:
    assert recall_loss([], [case(0, 10, 0, 10)]).undetected == 0.0
    loss = recall_loss([case(0, 10, 0, 10), case(20, 30, 20, 30)], [])
    assert (loss.undetected_cases, loss.undetected, loss.cut_susp, loss.cut_src) == (2, 1.0, 0.0, 0.0)
