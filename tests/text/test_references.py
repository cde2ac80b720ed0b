"""Reference lists: a shared reading list is not plagiarism, a copied body still is."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from reuse.cli import cli
from reuse.model import Passage, Span
from reuse.pipeline import check
from reuse.report import read_result, result_to_dict, write_json
from reuse.settings import Settings
from reuse.text.normalize import normalize
from reuse.text.references import find_reference_lists, is_citation, is_heading, split_at_lists

from ..conftest import FIXTURES
from ..report.test_json_result import validate

REFS = FIXTURES / "references"
ALICE = REFS / "reading_list_alice.txt"
BOB = REFS / "reading_list_bob.txt"
CHEN = REFS / "works_cited_chen.txt"
DUPONT = REFS / "works_cited_dupont.txt"
COPY_WITH_REFS = REFS / "copied_body_with_references.txt"
COPY_BODY = REFS / "copied_body_only.txt"
READING_LIST_ENTRIES = 8


def _lists(name: str) -> list[str]:
    text = (REFS / name).read_text(encoding="utf-8")
    return [text[s.start:s.end] for s in find_reference_lists(text)]


@pytest.mark.parametrize(("name", "heading", "entries", "last"), [
    ("reading_list_alice.txt", "References", 8, "Cambridge University Press."),  # APA
    ("mla_works_cited.txt", "Works Cited", 3, "pp. 114-39."),  # MLA
    ("harvard_reference_list.txt", "## Reference list", 3, "Palgrave Macmillan."),  # Harvard
    ("chicago_bibliography.txt", "BIBLIOGRAPHY:", 3, "(1983): 31-52."),  # Chicago bibliography
    ("chicago_notes_sources.txt", "3. Sources", 3, "1919), 98."),  # Chicago notes, numbered
    ("ieee_references.txt", "REFERENCES", 3, "2013, pp. 69-84."),  # IEEE [1]
    ("german_literaturverzeichnis.txt", "Literaturverzeichnis", 3, "S. 345\u2013389."),
    ("spanish_referencias.txt", "Referencias:", 3, "Editorial Sextopiso."),
    ("french_bibliographie.txt", "Bibliographie", 2, "France, 2008."),
])
def test_a_heading_followed_by_citations_is_one_reference_list_from_heading_to_last_entry(
        name, heading, entries, last):
    (found,) = _lists(name)
    assert found.startswith(heading + "\n") and found.endswith(last)
    assert len([line for line in found.splitlines()[1:] if line.strip()]) == entries


def test_citations_ending_a_text_without_a_heading_are_a_reference_list():
    (found,) = _lists("list_without_heading.txt")
    assert found.startswith("Getzler, I. (1983).") and found.endswith("Macmillan.")
    assert "Kronstadt sailors" not in found


def test_a_line_starting_with_references_followed_by_prose_is_no_list():
    assert _lists("false_heading_references_to_the_war.txt") == []
    assert not is_heading("References to the war appear in almost every speech Kerensky gave in 1917.")


def test_a_heading_followed_by_prose_is_no_list():
    assert _lists("sources_heading_followed_by_prose.txt") == []


def test_one_citation_after_a_heading_is_a_list_but_one_citation_line_ending_a_text_is_not():
    entry = "Service, R. (2000). Lenin: A biography. Macmillan."
    with_heading = f"Lenin returned in April 1917.\n\nReferences\n{entry}\n"
    found = [with_heading[s.start:s.end] for s in find_reference_lists(with_heading)]
    assert found == [f"References\n{entry}"]
    assert find_reference_lists(f"Lenin returned in April 1917.\n\n{entry}\n") == ()


def test_a_list_ends_where_prose_starts_again_after_it():
    text = ("Essay.\n\nReferences\nPipes, R. (1990). The Russian Revolution. Alfred A. Knopf.\n\n"
            "Appendix\n\nThe appendix holds my own notes on the February days, written for the seminar "
            "and not taken from any of the books above in any way at all.\n")
    (span,) = find_reference_lists(text)
    assert text[span.start:span.end].endswith("Alfred A. Knopf.")


@pytest.mark.parametrize("heading", [
    "References", "REFERENCES:", "# Bibliography", "**Works Cited**", "2. Literaturverzeichnis",
    "Bibliograf\u00eda", "R\u00e9f\u00e9rences", "Fonti", "Literatuurlijst", "Reference List", "Sources",
    "Literature",
])
def test_reference_list_headings_in_several_languages_and_markups_are_recognised(heading):
    assert is_heading(heading)


@pytest.mark.parametrize("line", [
    "Pipes, a historian at Harvard, wrote a long book about the revolution that was published in 1990.",
    "However, Lenin wrote in State and Revolution, 1917, that the state would wither away.",
    "Historians such as Figes (1996) and Pipes (1990) read these memoirs very differently.",
    "1. The February Revolution of 1917 ended three centuries of Romanov rule over the empire.",
    "Figes, O. (1996). " + "the tsar and his ministers failed to see that the war had turned the peasants "
    "against the state and that the cities would not hold out for long without bread.",
])
def test_prose_sentences_with_names_and_years_are_not_citations(line):
    assert not is_citation(line)


def test_a_block_of_many_words_is_never_a_citation_so_a_long_copy_cannot_hide_as_one():
    assert not is_citation("Figes, O. (1996). " + "Word " * 100 + "Jonathan Cape.")


def test_detection_stays_fast_on_a_long_hostile_line():
    import time

    text = "References\n" + "Figes, O. (1996). " + "A" * 200_000 + ": Cape, 1996.\n" + "X" * 300_000
    started = time.perf_counter()
    assert find_reference_lists(text) == ()
    assert time.perf_counter() - started < 2.0


def test_detection_time_grows_linearly_with_a_very_long_list():
    import time

    entry = "Figes, O. (1996). A people's tragedy. Jonathan Cape.\n"
    started = time.perf_counter()
    (span,) = find_reference_lists("References\n" + entry * 5000)
    assert span.start == 0 and time.perf_counter() - started < 5.0


def test_independent_essays_sharing_a_reading_list_are_no_finding_and_the_list_is_listed_not_counted():
    result = check([ALICE, BOB])
    (pair,) = result.pairs
    (passage,) = pair.passages
    assert passage.reference and passage.left_reference and passage.right_reference
    assert min(passage.left_words, passage.right_words) >= 90
    assert (pair.left_coverage, pair.right_coverage, pair.longest_words) == (0.0, 0.0, 0)
    assert result.findings() == []
    assert all(s.similarity_index == 0.0 for s in result.scores)
    assert len(result.document(str(ALICE)).references) == 1


def test_include_references_counts_the_shared_reading_list_again():
    result = check([ALICE, BOB], settings=Settings(include_references=True))
    (pair,) = result.pairs
    assert pair.passages[0].reference
    assert pair.coverage > 0.3 and result.findings() == [pair]


def test_a_second_pair_of_independent_essays_with_one_works_cited_list_is_no_finding():
    result = check([CHEN, DUPONT])
    assert result.pairs and all(p.reference for pair in result.pairs for p in pair.passages)
    assert result.findings() == []
    assert check([CHEN, DUPONT], settings=Settings(include_references=True)).findings() != []


def test_a_body_copied_with_its_references_is_the_same_finding_as_the_body_copied_alone():
    with_refs = check([ALICE, COPY_WITH_REFS])
    body_only = check([ALICE, COPY_BODY])
    (pair,), (alone,) = with_refs.findings(), body_only.findings()
    counted = [p for p in pair.passages if not p.reference]
    assert [(p.left, p.right, p.left_words, p.kind) for p in counted] == [
        (p.left, p.right, p.left_words, p.kind) for p in alone.passages]
    assert pair.longest_words == alone.longest_words > 150
    assert pair.left_coverage == alone.left_coverage > 0.6  # the original's side: same share counted
    (listed,) = [p for p in pair.passages if p.reference]
    text = ALICE.read_text(encoding="utf-8")
    assert text[listed.left.start:listed.left.end].startswith("References")
    assert not text[counted[0].left.start:counted[0].left.end].rstrip().endswith("References")


def test_a_passage_running_from_body_into_the_list_is_cut_at_the_heading():
    text = ALICE.read_text(encoding="utf-8")
    norm = normalize(text)
    lists = find_reference_lists(text)
    start = text.index("The Romanov")  # after the four words of the title
    whole = Passage(Span(start, len(text.rstrip())), Span(start, len(text.rstrip())), 1.0, "exact",
                    norm.word_count - 4, norm.word_count - 4)
    body, refs = split_at_lists(whole, norm, norm, lists, lists)
    assert body.left.end < lists[0].start <= refs.left.start
    assert body.left_words + refs.left_words == whole.left_words
    assert (body.kind, refs.kind, body.score, refs.score) == ("exact", "exact", 1.0, 1.0)


def test_a_passage_only_touching_a_list_by_a_word_or_two_is_not_cut():
    text = ALICE.read_text(encoding="utf-8")
    norm = normalize(text)
    lists = find_reference_lists(text)
    end = text.index("References") + len("References")
    start = text.index("The revolution succeeded")
    passage = Passage(Span(start, end), Span(start, end), 1.0, "exact", 17, 17)
    assert split_at_lists(passage, norm, norm, lists, lists) == [passage]


def test_json_records_reference_lists_passage_fields_and_setting_and_reads_them_back(tmp_path):
    result = check([ALICE, BOB])
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    validate(data)
    assert data["schema_version"] == "1.7" and data["settings"]["include_references"] is False
    passage = data["pairs"][0]["passages"][0]
    assert (passage["reference"], passage["left_reference"], passage["right_reference"]) == (True, True, True)
    doc = next(d for d in data["documents"] if d["id"] == str(ALICE))
    (start, end), = doc["references"]
    assert doc["text"][start:end].startswith("References\n\nFiges, O. (1996).")
    path = tmp_path / "result.json"
    write_json(result, path)
    again, _ = read_result(path)
    assert again.pairs == result.pairs and again.documents == result.documents
    assert again.settings == result.settings and again.findings() == []


def test_result_without_the_reference_fields_still_validates_and_reads_back(tmp_path):
    result = check([CHEN, DUPONT], settings=Settings(include_references=True))
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    data["schema_version"] = "1.2"
    del data["settings"]["include_references"]
    for doc in data["documents"]:
        del doc["references"]
    for pair in data["pairs"]:
        for passage in pair["passages"]:
            del passage["reference"], passage["left_reference"], passage["right_reference"]
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, _ = read_result(path)
    assert not any(p.reference for pair in again.pairs for p in pair.passages)
    assert [p.coverage for p in again.pairs] == [p.coverage for p in result.pairs]
    assert again.findings() == list(again.pairs)  # the finding it recorded, unchanged


def test_cli_reading_list_example_exits_0_and_says_the_list_is_not_counted(tmp_path):
    runner = CliRunner()
    args = ["check", str(ALICE), str(BOB), "--isolated"]
    outputs = ["--html", str(tmp_path / "r.html"), "--output", f"csv:{tmp_path / 'r.csv'}"]
    run = runner.invoke(cli, [*args, *outputs])
    assert run.exit_code == 0, run.output
    assert "0 findings" in run.output
    assert "1 passage in reference lists (1 pair): reference list, not counted" in run.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<strong class="reference">reference list, not counted</strong>' in html
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    assert [(r["reference_passages"], r["finding"], r["coverage"]) for r in rows] == [
        ("1", "false", "0.0000")]


def test_cli_include_references_flag_and_config_key_make_the_reading_list_a_finding_again(tmp_path):
    runner = CliRunner()
    args = ["check", str(ALICE), str(BOB), "-q"]
    run = runner.invoke(cli, [*args, "--isolated", "--include-references", "--json",
                              str(tmp_path / "a.json")])
    assert run.exit_code == 1, run.output
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["settings"]["include_references"]
    config = tmp_path / "reuse.toml"
    config.write_text("include_references = true\n", encoding="utf-8")
    assert runner.invoke(cli, [*args, "--config", str(config)]).exit_code == 1
    assert runner.invoke(cli, [*args, "--config", str(config), "--exclude-references"]).exit_code == 0
    counted = runner.invoke(cli, ["check", str(ALICE), str(BOB), "--isolated", "--include-references",
                                  "--html", str(tmp_path / "b.html")])
    assert "reference list" in counted.output and "counted (--include-references)" in counted.output
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert '<strong class="reference">reference list</strong>' in html


def test_cli_copied_body_with_its_references_still_exits_1():
    run = CliRunner().invoke(cli, ["check", str(ALICE), str(COPY_WITH_REFS), "--isolated"])
    assert run.exit_code == 1, run.output
    assert "1 finding " in run.output


def test_a_source_never_gets_reference_lists_but_its_side_of_a_list_passage_is_not_counted():
    result = check([ALICE], sources=[BOB])
    assert result.document(str(BOB)).references == ()
    (pair,) = result.pairs
    assert all(p.reference for p in pair.passages) and result.findings() == []


def test_a_pair_sharing_only_its_reading_list_is_no_finding_even_at_a_zero_threshold():
    assert check([ALICE, BOB], settings=Settings(fail_above=0.0)).findings() == []
    assert check([ALICE, BOB], settings=Settings(fail_above=0.0, fail_on="index")).findings() == []
    assert check([ALICE, BOB], settings=Settings(fail_above=0.0, include_references=True)).findings() != []


def test_reuse_report_rerenders_a_saved_result_with_the_reference_label(tmp_path):
    runner = CliRunner()
    saved = tmp_path / "result.json"
    checked = runner.invoke(cli, ["check", str(ALICE), str(BOB), "--isolated", "-q", "--json", str(saved)])
    assert checked.exit_code == 0
    run = runner.invoke(cli, ["report", str(saved), "--html", str(tmp_path / "again.html")])
    assert run.exit_code == 0, run.output
    html = (tmp_path / "again.html").read_text(encoding="utf-8")
    assert '<strong class="reference">reference list, not counted</strong>' in html


def test_a_copy_of_a_source_with_its_references_is_cut_on_the_source_side_at_the_same_word():
    result = check([COPY_WITH_REFS], sources=[ALICE])
    (pair,) = result.findings()
    body, refs = pair.passages
    assert (body.reference, refs.reference) == (False, True)
    assert (refs.left_reference, refs.right_reference) == (True, False)  # a source has no lists of its own
    assert body.kind == refs.kind == "exact" and (body.left_words, refs.right_words) == (193, 100)
    text = ALICE.read_text(encoding="utf-8")
    assert text[refs.right.start:refs.right.end].startswith("References")
    assert pair.longest_words == 193 and pair.right_coverage > 0.6


def test_a_submission_mostly_made_of_its_reference_list_gets_a_reference_share_flag(tmp_path):
    result = check([ALICE, REFS / "mla_works_cited.txt"])
    assert result.document(str(ALICE)).flags == ()  # a 190-word essay with 8 entries: about a third
    (flag,) = result.document(str(REFS / "mla_works_cited.txt")).flags
    assert flag.kind == "reference_share" and flag.count == 1 and "in a reference list" in flag.message
    assert flag.spans == result.document(str(REFS / "mla_works_cited.txt")).references
    validate(result_to_dict(result, when="2026-01-01T00:00:00Z"))
