"""Issue #17 through the whole run: ``check`` ranks the pairs by the pair score, not by coverage; a
heavy rewrite of a source reaches the aligner only if the candidate stage proposes the pair."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from reuse.pipeline import check
from reuse.settings import FingerprintOptions, Settings

from .conftest import FIXTURES, SAMPLES

REUSE = Path(sys.executable).parent / "reuse"


def test_pairs_are_ranked_by_pair_score_even_where_coverage_would_rank_them_otherwise():
    result = check([SAMPLES / "submissions"], sources=[SAMPLES / "sources"],
                   templates=[SAMPLES / "template" / "assignment_prompt.txt"])
    scores = [pair.score for pair in result.pairs]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    first, second = result.pairs[:2]
    # ben_kowalski's copy of a blog explains more of the shorter text, although the two peers share more
    assert "ben_kowalski" in first.left and "ella_fitzgerald" in second.left
    assert first.score > second.score and first.coverage < second.coverage


def test_a_heavy_rewrite_of_a_source_is_reported_by_check(tmp_path):
    rewrite = FIXTURES / "rewording" / "antibiotics_a_heavy.txt"
    source = FIXTURES / "same_topic" / "antibiotics_a.txt"
    result = check([rewrite], sources=[source])
    assert [pair.passages[0].kind for pair in result.pairs] == ["approximate"]


def test_the_content_candidates_are_what_bring_a_heavy_rewrite_to_the_aligner():
    """The window index alone does not propose this pair (it shares few word pairs with its source)."""
    rewrite = FIXTURES / "rewording" / "revolution_a_heavy.txt"
    source = FIXTURES / "same_topic" / "revolution_a.txt"
    off = Settings(fingerprint=FingerprintOptions(content_candidates=0))
    assert check([rewrite], sources=[source], settings=off).pairs == ()
    assert [p.passages[0].kind for p in check([rewrite], sources=[source]).pairs] == ["approximate"]


def test_every_heavy_rewrite_is_found_against_a_folder_of_sources_on_its_topics_and_nothing_else():
    rewrites = sorted((FIXTURES / "rewording").glob("*_heavy.txt"))
    result = check(rewrites, sources=[FIXTURES / "same_topic"], settings=Settings(jobs=1))
    found = {(Path(p.left).name, Path(p.right).name) for p in result.pairs}
    assert found == {(r.name, r.name.replace("_heavy", "")) for r in rewrites}
    assert all(q.kind == "approximate" for p in result.pairs for q in p.passages)


def _class_folder(tmp_path: Path, *, with_rewrite: bool) -> Path:
    """A class where every answer is on antibiotics: one rewritten from another, and three of their own."""
    folder = tmp_path / ("class_with_rewrite" if with_rewrite else "class_independent")
    folder.mkdir()
    for letter in "abcd":
        shutil.copy(FIXTURES / "same_topic" / f"antibiotics_{letter}.txt", folder / f"student_{letter}.txt")
    if with_rewrite:
        shutil.copy(FIXTURES / "rewording" / "antibiotics_a_heavy.txt", folder / "student_e.txt")
    return folder


def _reuse_check(folder: Path, out: Path) -> tuple[int, dict]:
    run = subprocess.run([str(REUSE), "check", str(folder), "--json", str(out), "--jobs", "1", "-q"],
                         capture_output=True, text=True, check=False,
                         env={**os.environ, "REUSE_CACHE_DIR": "off"})
    return run.returncode, json.loads(out.read_text(encoding="utf-8"))


def test_reuse_check_finds_a_heavy_rewrite_in_a_class_on_one_topic_and_no_passage_between_the_others(
        tmp_path):
    status, result = _reuse_check(_class_folder(tmp_path, with_rewrite=True), tmp_path / "with.json")
    pairs = {tuple(sorted(Path(pair[side]).name for side in ("left", "right"))): pair
             for pair in result["pairs"]}
    assert status == 1
    assert list(pairs) == [("student_a.txt", "student_e.txt")]
    assert [p["kind"] for p in pairs["student_a.txt", "student_e.txt"]["passages"]] == ["approximate"]
    status, result = _reuse_check(_class_folder(tmp_path, with_rewrite=False), tmp_path / "without.json")
    assert (status, result["pairs"]) == (0, [])


def test_a_class_of_independent_answers_on_six_topics_gets_no_pair_although_each_has_content_candidates():
    result = check([FIXTURES / "same_topic"], settings=Settings(jobs=1))
    assert result.pairs == ()


def test_an_answer_that_rewords_the_template_sentence_by_sentence_keeps_its_words_as_content():
    """Template matching never uses the rewording path: an answer that follows the prompt in order is still
    the student's text, checked like any other (a rewording chain would take all of it out of the check)."""
    rewrite = FIXTURES / "rewording" / "antibiotics_a_heavy.txt"
    template = FIXTURES / "same_topic" / "antibiotics_a.txt"
    result = check([rewrite], templates=[template], settings=Settings(jobs=1))
    (submission,) = [d for d in result.documents if d.kind == "submission"]
    assert submission.template == ()
