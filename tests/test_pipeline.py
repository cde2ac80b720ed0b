"""check(): every submission against every other one and every source; bad files do not stop it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reuse.pipeline import check
from reuse.settings import Settings

from .conftest import FIXTURES, SAMPLES

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
PARAPHRASE = FIXTURES / "essay_light_paraphrase.txt"
INDEPENDENT = FIXTURES / "essay_independent_same_topic.txt"
QUOTER = FIXTURES / "essay_quoting_template.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
TEMPLATE = FIXTURES / "assignment_template.txt"


def _pairs(result):
    return {(p.left.split("/")[-1], p.right.split("/")[-1]) for p in result.pairs}


def test_copied_paragraph_is_found_with_the_exact_spans_on_both_sides(fixture_text):
    result = check([COPY], sources=[WEB])
    (pair,) = result.pairs
    (passage,) = pair.passages
    essay, web = fixture_text(COPY.name), fixture_text(WEB.name)
    copied = essay[passage.left.start : passage.left.end]
    assert copied.startswith("Photosynthesis is the process")
    assert copied.endswith("releasing oxygen as a by-product")
    assert web[passage.right.start : passage.right.end] == copied
    assert passage.kind == "exact"


def test_submissions_are_compared_with_each_other_and_with_sources():
    result = check([COPY, PARAPHRASE, INDEPENDENT], sources=[WEB])
    assert _pairs(result) == {
        (COPY.name, WEB.name),
        (PARAPHRASE.name, WEB.name),
        (COPY.name, PARAPHRASE.name),
    }


def test_independent_essay_on_the_same_topic_has_no_shared_passage():
    result = check([INDEPENDENT], sources=[WEB])
    assert result.pairs == ()
    assert result.scores[0].similarity_index == 0.0


def test_template_text_is_never_counted_as_reuse():
    with_template = check([QUOTER, INDEPENDENT], sources=[WEB], templates=[TEMPLATE])
    quoter = with_template.document(str(QUOTER.as_posix()))
    assert quoter.template, "the quoted prompt is marked as template text"
    assert with_template.pairs == ()


def test_a_few_prompt_words_in_a_students_sentence_are_not_taken_for_template_text():
    # isla writes "...he used the Military Revolutionary Committee"; the prompt names the committee
    essay = SAMPLES / "submissions" / "isla_mackenzie.txt"
    result = check([essay], templates=[SAMPLES / "template" / "assignment_prompt.txt"])
    assert result.document(str(essay)).template == ()


def test_two_submissions_quoting_the_same_prompt_are_not_paired(tmp_path, fixture_text):
    prompt = fixture_text(TEMPLATE.name).split("\n", 2)[2]
    first = tmp_path / "first.txt"
    second = tmp_path / "second.txt"
    first.write_text(prompt + "\n\n" + fixture_text(INDEPENDENT.name), encoding="utf-8")
    second.write_text(prompt + "\n\n" + fixture_text(QUOTER.name), encoding="utf-8")
    assert check([first, second]).pairs != ()
    assert check([first, second], templates=[TEMPLATE]).pairs == ()


def test_bad_files_are_reported_and_every_other_file_is_checked(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "essay.pages").write_bytes(b"PK\x03\x04 not really")
    result = check([tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "essay.pages",
                    tmp_path / "missing.txt", COPY], sources=[WEB])
    assert sorted(e.path.split("/")[-1] for e in result.errors) == [
        "binary.txt", "empty.txt", "essay.pages", "missing.txt",
    ]
    assert _pairs(result) == {(COPY.name, WEB.name)}


def test_findings_are_the_pairs_whose_coverage_reaches_the_threshold():
    coverage_only = Settings(fail_above=0.4, fail_passage_words=0)
    result = check([COPY, PARAPHRASE], sources=[WEB], settings=coverage_only)
    # the copied paragraph covers under 40 % of either text; the paraphrase reaches 47 % with both
    assert {frozenset((Path(p.left).name, Path(p.right).name)) for p in result.findings()} == {
        frozenset((PARAPHRASE.name, WEB.name)), frozenset((COPY.name, PARAPHRASE.name)),
    }
    strict = check([COPY, PARAPHRASE], sources=[WEB], settings=Settings(fail_above=0.9, fail_passage_words=0))
    assert strict.findings() == []


def _pair_covering(coverage: float):
    from reuse.model import PairResult, Passage, Span

    passage = Passage(Span(0, 50), Span(0, 50), 1.0, "exact", 8, 8)
    return PairResult("a.txt", "b.txt", (passage,), coverage, coverage / 2, 8)


def test_a_pair_is_a_finding_from_exactly_the_threshold_up():
    from reuse.report.gate import finding_reasons

    settings = Settings(fail_above=0.2, fail_passage_words=0)
    assert finding_reasons(_pair_covering(0.19), settings) == ()
    assert finding_reasons(_pair_covering(0.2), settings) == ("coverage",)
    assert finding_reasons(_pair_covering(0.9), settings) == ("coverage",)


def test_under_fail_on_index_a_pair_is_a_finding_when_a_submission_index_reaches_the_threshold():
    from reuse.report.gate import fails_side, finding_reasons

    settings = Settings(fail_above=0.3, fail_on="index", fail_passage_words=0)
    pair = _pair_covering(0.9)
    assert finding_reasons(pair, settings, submission_index={"a.txt": 0.1, "b.txt": 0.2}) == ()
    reasons = finding_reasons(pair, settings, submission_index={"a.txt": 0.1, "b.txt": 0.3})
    assert reasons == ("coverage",)
    index = {"a.txt": 0.1, "b.txt": 0.3}
    assert not fails_side("a.txt", reasons, settings, submission_index=index)
    assert fails_side("b.txt", reasons, settings, submission_index=index)


def test_sources_are_not_compared_with_each_other():
    result = check([INDEPENDENT], sources=[WEB, COPY])
    assert result.pairs == ()


def _moodle_team_export(path, members):
    """An older Moodle team export: each member gets the files under ``{group}-{Full Name}_{pid}_...``."""
    with zipfile.ZipFile(path, "w") as archive:
        for pid, (folder, source) in enumerate(members.items(), start=101):
            archive.writestr(f"{folder}_{pid}_assignsubmission_file_/{source.name}", source.read_bytes())
    return path


def _who(result, doc_id):
    doc = result.document(doc_id)
    return doc.author or doc.path.rsplit("/", 1)[-1]


def _paired(result):
    return {frozenset((_who(result, p.left), _who(result, p.right))) for p in result.pairs}


def test_team_mates_copies_of_their_team_submission_are_not_paired_but_each_is_compared_with_the_rest(
    tmp_path,
):
    export = _moodle_team_export(
        tmp_path / "moodle.zip",
        {
            "Team A-Jane Doe": COPY,  # Jane's and Bob's copies of Team A's submission
            "Team A-Bob Li": COPY,
            "Team B-Ann Lee": PARAPHRASE,
            "Team B-Chen Wei": INDEPENDENT,
        },
    )
    result = check([export], sources=[WEB], jobs=1)
    assert {(d.team, d.author) for d in result.documents if d.kind == "submission"} == {
        ("Team A", "Jane Doe"), ("Team A", "Bob Li"), ("Team B", "Ann Lee"), ("Team B", "Chen Wei"),
    }
    assert _paired(result) == {
        frozenset(pair)
        for pair in [("Jane Doe", "Ann Lee"), ("Bob Li", "Ann Lee"),
                     ("Jane Doe", WEB.name), ("Bob Li", WEB.name), ("Ann Lee", WEB.name)]
    }


def test_a_source_from_an_export_with_a_group_of_the_same_name_is_still_compared(tmp_path):
    this_year = _moodle_team_export(
        tmp_path / "this_year.zip", {"Team A-Jane Doe": COPY, "Team A-Bob Li": INDEPENDENT}
    )
    last_year = _moodle_team_export(
        tmp_path / "last_year.zip", {"Team A-Old One": WEB, "Team A-Old Two": QUOTER}
    )
    result = check([this_year], sources=[last_year], jobs=1)
    sources = [d for d in result.documents if d.kind == "source"]
    assert [(d.team, d.author) for d in sources] == [("Team A", "Old One")]
    assert _paired(result) == {frozenset(("Jane Doe", "Old One"))}


def test_a_students_earlier_work_given_as_a_source_is_compared_with_their_submission(tmp_path):
    # last year's export as a source: reusing one's own earlier work is for the teacher to judge
    this_year = _moodle_team_export(tmp_path / "this_year.zip", {"Jane Doe": COPY, "Bob Li": INDEPENDENT})
    last_year = _moodle_team_export(tmp_path / "last_year.zip", {"Jane Doe": WEB, "Old One": QUOTER})
    result = check([this_year], sources=[last_year], jobs=1)
    assert {d.author for d in result.documents if d.kind == "source"} == {"Jane Doe"}
    assert _paired(result) == {frozenset(("Jane Doe",))}
    pair = result.pairs[0]
    assert {result.document(pair.left).kind, result.document(pair.right).kind} == {"submission", "source"}


def test_two_files_of_one_student_are_not_paired(tmp_path):
    export = tmp_path / "moodle.zip"
    with zipfile.ZipFile(export, "w") as archive:
        for name, source in (("part1.txt", COPY), ("part2.txt", COPY)):
            archive.writestr(f"Jane Doe_101_assignsubmission_file_/{name}", source.read_bytes())
        archive.writestr("Bob Li_102_assignsubmission_file_/essay.txt", INDEPENDENT.read_bytes())
    result = check([export], sources=[WEB], jobs=1)
    authors = [d.author for d in result.documents if d.kind == "submission"]
    assert authors == ["Jane Doe", "Jane Doe", "Bob Li"]
    kinds = [{result.document(p.left).kind, result.document(p.right).kind} for p in result.pairs]
    assert kinds and all(k == {"submission", "source"} for k in kinds)


def test_groups_of_one_name_in_two_sections_exports_are_two_teams_whose_work_is_compared(tmp_path):
    # every section has a "Group 1": checked together, section B's Group 1 copied section A's essay
    section_a = _moodle_team_export(tmp_path / "a.zip", {"Group 1-Jane Doe": COPY, "Group 1-Bob Li": COPY})
    section_b = _moodle_team_export(
        tmp_path / "b.zip", {"Group 1-Ann Lee": COPY, "Group 1-Chen Wei": INDEPENDENT}
    )
    result = check([section_a, section_b], jobs=1)
    assert {(d.team, d.author) for d in result.documents if d.kind == "submission"} == {
        ("Group 1", "Jane Doe"), ("Group 1", "Bob Li"), ("Group 1", "Ann Lee"), ("Group 1", "Chen Wei")
    }
    # within section A, team-mates' copies are not paired; across sections, Group 1 meets Group 1
    assert _paired(result) == {frozenset(("Jane Doe", "Ann Lee")), frozenset(("Bob Li", "Ann Lee"))}


def _pair_with(score: float, kind: str, words: int, quoted: bool = False):
    from reuse.model import PairResult, Passage, Span

    passage = Passage(Span(0, 10 * words), Span(0, 10 * words), score, kind, words, words, quoted, quoted)
    return PairResult("a.txt", "b.txt", (passage,), 0.05, 0.05, words)


def test_a_long_exact_or_near_exact_passage_is_a_finding_whatever_the_coverage():
    from reuse.report.gate import finding_reasons

    defaults = Settings()
    assert finding_reasons(_pair_with(1.0, "exact", 40), defaults) == ("long_passage",)
    assert finding_reasons(_pair_with(0.9, "approximate", 45), defaults) == ("long_passage",)  # near-exact
    assert finding_reasons(_pair_with(0.89, "approximate", 80), defaults) == ()  # a paraphrase: coverage only
    assert finding_reasons(_pair_with(1.0, "exact", 39), defaults) == ()
    assert finding_reasons(_pair_with(1.0, "exact", 40, quoted=True), defaults) == ()  # a quotation
    assert finding_reasons(_pair_with(1.0, "exact", 400), Settings(fail_passage_words=0)) == ()  # rule off


def test_a_run_counts_every_pair_it_aligned_in_full_with_or_without_a_passage(monkeypatch):
    import reuse.pipeline as pipeline

    aligned: list[tuple[str, str]] = []
    real = pipeline.compare_pairs

    def counting(shared, part):
        aligned.extend(part)
        return real(shared, part)

    monkeypatch.setattr(pipeline, "compare_pairs", counting)
    result = check([COPY, PARAPHRASE, INDEPENDENT], sources=[WEB], jobs=1)
    assert result.compared_pairs == len(aligned) == len(set(aligned))
    assert result.compared_pairs > len(result.pairs) == 3  # some aligned pairs share no passage


def test_pairs_of_one_student_are_not_counted_as_compared(tmp_path):
    export = tmp_path / "moodle.zip"
    with zipfile.ZipFile(export, "w") as archive:
        for name in ("part1.txt", "part2.txt"):
            archive.writestr(f"Jane Doe_101_assignsubmission_file_/{name}", COPY.read_bytes())
    result = check([export], jobs=1)
    assert result.pairs == () and result.compared_pairs == 0
