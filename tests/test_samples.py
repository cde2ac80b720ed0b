"""The demo corpus: the tool finds exactly the planted truth of samples/truth.json."""

from __future__ import annotations

import json

import pytest

from reuse.pipeline import check

from .conftest import SAMPLES

TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
TOLERANCE = 12  # characters a planted boundary may be missed by (about two words)


@pytest.fixture(scope="module")
def result():
    return check([SAMPLES / "submissions"], sources=[SAMPLES / "sources"],
                 templates=[SAMPLES / "template" / "assignment_prompt.txt"])


def _rel(doc_id: str) -> str:
    return doc_id.split("samples/", 1)[1]


def _pair(result, a: str, b: str):
    for pair in result.pairs:
        if {_rel(pair.left), _rel(pair.right)} == {a, b}:
            return pair
    return None


@pytest.mark.parametrize("planted", TRUTH["copies"], ids=lambda c: f"{c['submission']}~{c['counterpart']}")
def test_every_planted_copy_is_found_as_a_finding_with_its_spans(result, planted):
    pair = _pair(result, planted["submission"], planted["counterpart"])
    assert pair is not None, "planted copy not found"
    assert pair.coverage >= result.settings.fail_above
    submission_is_left = _rel(pair.left) == planted["submission"]
    best = max(pair.passages, key=lambda p: p.left_words)
    mine, theirs = (best.left, best.right) if submission_is_left else (best.right, best.left)
    assert abs(mine.start - planted["submission_start"]) <= TOLERANCE
    assert abs(mine.end - planted["submission_end"]) <= TOLERANCE
    assert abs(theirs.start - planted["counterpart_start"]) <= TOLERANCE
    assert abs(theirs.end - planted["counterpart_end"]) <= TOLERANCE


def test_no_pair_is_reported_beyond_the_planted_copies(result):
    planted = {frozenset((c["submission"], c["counterpart"])) for c in TRUTH["copies"]}
    found = {frozenset((_rel(p.left), _rel(p.right))) for p in result.pairs}
    assert found == planted


def test_independent_essays_have_similarity_index_zero(result):
    scores = {_rel(s.id): s.similarity_index for s in result.scores}
    for name in TRUTH["independent"]:
        assert scores[name] == 0.0, name


def test_students_quoting_the_prompt_have_it_marked_as_template_text(result):
    docs = {_rel(d.id): d for d in result.documents}
    for name in TRUTH["template_quoters"]:
        assert docs[name].template, name


def test_the_two_web_sources_are_not_copies_of_each_other():
    seeds = check([SAMPLES / "sources"])
    assert seeds.pairs == ()
    assert seeds.errors == ()
