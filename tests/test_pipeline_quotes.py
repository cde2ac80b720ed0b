"""Quoted passages: labelled after alignment, reported, and left out of the scores only on request."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reuse.cli import cli
from reuse.pipeline import check
from reuse.report import read_result, result_to_dict, write_json
from reuse.settings import Settings

from .conftest import FIXTURES
from .report.test_json_result import validate

QUOTING = FIXTURES / "essay_quoting_source.txt"
COPY = FIXTURES / "essay_with_copied_paragraph.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"


def test_passage_inside_the_students_quotation_marks_is_labelled_quoted_and_still_counted_by_default():
    result = check([QUOTING], sources=[WEB])
    (pair,) = result.pairs
    (passage,) = pair.passages
    assert passage.quoted and passage.left_quoted and passage.right_quoted
    assert pair.left_coverage > 0.2 and result.findings() == [pair]
    score = next(s for s in result.scores if s.id == str(QUOTING))
    assert score.similarity_index == pair.left_coverage
    assert 0.2 < score.quoted_share < 0.3


def test_copied_paragraph_without_quotation_marks_is_not_quoted():
    result = check([COPY], sources=[WEB])
    assert result.pairs and not any(p.quoted for pair in result.pairs for p in pair.passages)


def test_exclude_quotes_leaves_quoted_passages_out_of_coverage_index_and_findings_but_lists_them():
    result = check([QUOTING], sources=[WEB], settings=Settings(exclude_quotes=True))
    (pair,) = result.pairs
    assert pair.passages[0].quoted
    assert (pair.left_coverage, pair.right_coverage, pair.longest_words) == (0.0, 0.0, 0)
    assert result.findings() == []
    assert all(s.similarity_index == 0.0 for s in result.scores)


def test_exclude_quotes_still_counts_a_copy_outside_quotation_marks():
    plain = check([COPY], sources=[WEB])
    excluded = check([COPY], sources=[WEB], settings=Settings(exclude_quotes=True))
    assert excluded.pairs == plain.pairs and excluded.scores == plain.scores


def test_a_peer_who_has_the_quoted_text_without_the_marks_is_still_counted():
    # both essays contain the source's first paragraph: one in quotation marks, one without
    result = check([QUOTING, COPY], settings=Settings(exclude_quotes=True))
    (pair,) = result.pairs
    quoted_side = {str(QUOTING): True, str(COPY): False}
    (passage,) = pair.passages
    assert (passage.left_quoted, passage.right_quoted) == (quoted_side[pair.left], quoted_side[pair.right])
    assert pair.coverage > 0.2 and result.findings() == [pair]
    indexes = result.submission_indexes()
    assert indexes[str(QUOTING)] == 0.0 < indexes[str(COPY)]


def test_submission_mostly_in_quotation_marks_gets_a_quoted_share_flag(tmp_path):
    source = WEB.read_text(encoding="utf-8").split("\n\n")[1]
    essay = tmp_path / "essay.txt"
    essay.write_text(f"My essay.\n\nThe site says: \"{source}\" I agree with that.\n", encoding="utf-8")
    result = check([essay], sources=[WEB])
    (flag,) = result.document(str(essay)).flags
    assert flag.kind == "quoted_share" and flag.count == 1 and "inside quotation marks" in flag.message
    assert essay.read_text(encoding="utf-8")[flag.spans[0].start] == '"'
    assert check([QUOTING], sources=[WEB]).document(str(QUOTING)).flags == ()


def test_json_records_quoted_passages_quoted_share_and_setting_and_reads_them_back(tmp_path):
    result = check([QUOTING], sources=[WEB], settings=Settings(exclude_quotes=True))
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    validate(data)
    assert data["settings"]["exclude_quotes"] is True
    passage = data["pairs"][0]["passages"][0]
    assert (passage["quoted"], passage["left_quoted"], passage["right_quoted"]) == (True, True, True)
    doc = next(d for d in data["documents"] if d["id"] == str(QUOTING))
    assert doc["quoted_share"] == next(s.quoted_share for s in result.scores if s.id == str(QUOTING))
    (start, end), = doc["quotations"]
    assert doc["text"][start] == "\u201c" and doc["text"][end - 1] == "\u201d"
    path = tmp_path / "result.json"
    write_json(result, path)
    again, _ = read_result(path)
    assert again.pairs == result.pairs and again.documents == result.documents
    assert again.scores == result.scores and again.settings == result.settings


def test_result_without_the_quote_fields_still_validates_and_reads_back_unquoted(tmp_path):
    result = check([QUOTING], sources=[WEB])
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    del data["settings"]["exclude_quotes"], data["settings"]["fail_passage_words"]  # as before 1.2
    del data["settings"]["align"]["min_exact_words"]
    for pair in data["pairs"]:
        del pair["reasons"]
    for doc in data["documents"]:
        del doc["quotations"], doc["quoted_share"]
    for pair in data["pairs"]:
        for passage in pair["passages"]:
            del passage["quoted"], passage["left_quoted"], passage["right_quoted"]
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, _ = read_result(path)
    assert not again.settings.exclude_quotes
    assert not any(p.quoted for pair in again.pairs for p in pair.passages)
    assert [p.left_coverage for p in again.pairs] == [p.left_coverage for p in result.pairs]


def test_cli_exclude_quotes_flag_and_config_key_change_the_exit_status_and_are_recorded(tmp_path):
    args = ["check", str(QUOTING), "--sources", str(WEB), "--isolated", "-q"]
    runner = CliRunner()
    assert runner.invoke(cli, [*args, "--json", str(tmp_path / "a.json")]).exit_code == 1
    run = runner.invoke(cli, [*args, "--exclude-quotes", "--json", str(tmp_path / "b.json")])
    assert run.exit_code == 0, run.output
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert data["settings"]["exclude_quotes"] is True
    config = tmp_path / "reuse.toml"
    config.write_text("exclude_quotes = true\n", encoding="utf-8")
    args = ["check", str(QUOTING), "--sources", str(WEB), "-q", "--config", str(config)]
    assert runner.invoke(cli, args).exit_code == 0
    assert runner.invoke(cli, [*args, "--include-quotes"]).exit_code == 1


def test_html_labels_a_quoted_passage_in_words_and_escapes_the_text(tmp_path):
    from reuse.report import write_html

    essay = tmp_path / "<b>essay.txt"
    essay.write_text(QUOTING.read_text(encoding="utf-8").replace("My teacher", "My <i>&</i> teacher"),
                     encoding="utf-8")
    out = tmp_path / "report.html"
    write_html(check([essay], sources=[WEB]), out, generated_at="2026-01-01T00:00:00Z")
    html = out.read_text(encoding="utf-8")
    assert '<td>exact, <strong class="quoted">quoted</strong></td>' in html
    assert "% similar, quoted: go to the other side" in html
    assert "<i>&</i>" not in html and "&lt;i&gt;&amp;&lt;/i&gt;" in html and "<b>essay" not in html
    plain = tmp_path / "plain.html"
    write_html(check([COPY], sources=[WEB]), plain, generated_at="2026-01-01T00:00:00Z")
    assert 'class="quoted"' not in plain.read_text(encoding="utf-8")


def test_html_says_a_quoted_passage_is_not_counted_when_quotes_are_excluded(tmp_path):
    from reuse.report import write_html

    out = tmp_path / "report.html"
    write_html(check([QUOTING], sources=[WEB], settings=Settings(exclude_quotes=True)), out,
               generated_at="2026-01-01T00:00:00Z")
    assert '<strong class="quoted">quoted, not counted</strong>' in out.read_text(encoding="utf-8")
    write_html(check([QUOTING], sources=[WEB]), out, generated_at="2026-01-01T00:00:00Z")
    assert "quoted, not counted" not in out.read_text(encoding="utf-8")
