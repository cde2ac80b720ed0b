"""JSON result (``reuse.report.json_result``): complete, round-trippable, valid against the published schema.

The HTML report is tested in test_html.py and tests/test_browser.py.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from importlib import resources

import jsonschema
import pytest

from reuse.errors import ResultFormatError
from reuse.pipeline import check
from reuse.report import SCHEMA_VERSION, read_result, read_saved, result_to_dict, write_json
from reuse.report.gate import evaluate
from reuse.report.text import compared
from reuse.settings import AlignOptions, DocumentSummaryOptions, ExactOptions, Settings

from ..conftest import FIXTURES
from ..test_cli import INDEPENDENT, run

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"
PARAPHRASE = FIXTURES / "essay_light_paraphrase.txt"


@pytest.fixture
def result():
    return check([COPY], sources=[WEB], templates=[FIXTURES / "assignment_template.txt"])


def validate(data):
    """Validate ``data`` against the JSON Schema shipped in the package."""
    schema = (resources.files("reuse") / "schemas" / "result.schema.json").read_text(encoding="utf-8")
    jsonschema.validate(data, json.loads(schema), cls=jsonschema.Draft202012Validator)


def finding_counts(data):
    """``summary``'s (findings, failing, suppressed)."""
    return data["summary"]["findings"], data["summary"]["failing"], data["summary"]["suppressed"]


def test_json_result_has_every_documented_field(result):
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    assert data["schema_version"] == SCHEMA_VERSION == "1.7"
    assert data["tool"]["name"] == "reuse"
    assert data["settings"]["fail_above"] == result.settings.fail_above
    assert {
        "id", "path", "kind", "characters", "words", "similarity_index", "sha256", "text"
    } <= set(data["documents"][0])
    pair = data["pairs"][0]
    assert {"left", "right", "left_coverage", "right_coverage", "longest_words", "score", "passages",
            "finding", "rule_id", "fingerprint", "suppressed"} <= set(pair)
    assert {"findings", "failing", "suppressed", "unchecked", "source_files",
            "index_documents"} <= set(data["summary"])
    assert {"left_start", "left_end", "right_start", "right_end", "score", "kind"} <= set(pair["passages"][0])
    assert data["errors"] == []


def test_json_offsets_slice_the_embedded_text_to_the_shared_passage(result):
    data = result_to_dict(result, when="x")
    texts = {d["id"]: d["text"] for d in data["documents"]}
    pair = data["pairs"][0]
    passage = pair["passages"][0]
    left = texts[pair["left"]][passage["left_start"] : passage["left_end"]]
    right = texts[pair["right"]][passage["right_start"] : passage["right_end"]]
    assert left == right and len(left.split()) > 40


def test_saved_result_reads_back_to_the_same_result(result, tmp_path):
    path = tmp_path / "result.json"
    write_json(result, path, when="2026-01-01T00:00:00Z")
    again, when = read_result(path)
    assert when == "2026-01-01T00:00:00Z"
    assert again.pairs == result.pairs and again.documents == result.documents
    assert again.settings == result.settings
    assert again.compared_pairs == result.compared_pairs == 1


def test_result_of_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema_version": "0.1"}), encoding="utf-8")
    with pytest.raises(ResultFormatError, match=r"schema_version 0\.1 is not supported"):
        read_result(path)


def test_every_input_file_is_listed_with_its_hash_even_a_source_that_matched_nothing():
    unrelated = FIXTURES / "essay_independent_same_topic.txt"
    data = result_to_dict(check([COPY], sources=[WEB, unrelated]), when="x")
    listed = {i["path"].split("/")[-1]: i for i in data["inputs"]}
    assert set(listed) == {COPY.name, WEB.name, unrelated.name}
    assert listed[unrelated.name]["kind"] == "source" and len(listed[unrelated.name]["sha256"]) == 64
    assert unrelated.name not in {d["path"].split("/")[-1] for d in data["documents"]}


def test_finding_without_a_baseline_has_its_rule_and_fingerprint_and_is_not_suppressed(result):
    data = result_to_dict(result, when="x")
    validate(data)
    (pair,) = data["pairs"]
    (finding,) = evaluate(result).findings
    assert pair["finding"] is True and pair["suppressed"] is False
    assert (pair["rule_id"], pair["fingerprint"]) == ("TR002", finding.fingerprint)
    assert finding_counts(data) == (1, 1, 0)


def test_pair_below_the_threshold_has_no_rule_no_fingerprint_and_is_not_suppressed():
    lenient = check([COPY], sources=[WEB], settings=Settings(fail_above=0.9, fail_passage_words=0))
    data = result_to_dict(lenient, when="x")
    validate(data)
    (pair,) = data["pairs"]
    assert (pair["finding"], pair["rule_id"], pair["fingerprint"]) == (False, None, None)
    assert pair["suppressed"] is False
    assert finding_counts(data) == (0, 0, 0)


def test_gate_evaluated_on_another_result_is_refused(result):
    other = check([FIXTURES / "essay_independent_same_topic.txt"], sources=[WEB])
    with pytest.raises(ValueError, match="not this result's"):
        result_to_dict(result, gate=evaluate(other), when="x")


def test_schema_rejects_a_pair_with_a_rule_and_fingerprint_that_is_not_a_finding(result):
    data = result_to_dict(result, when="x")
    data["pairs"][0]["finding"] = False
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_result_written_as_schema_1_1_still_validates_and_reads_back(result, tmp_path):
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    data["schema_version"] = "1.1"
    for pair in data["pairs"]:
        for key in ("rule_id", "fingerprint", "suppressed"):
            del pair[key]
    del data["summary"]["failing"], data["summary"]["suppressed"]
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, when = read_result(path)
    assert when == "2026-01-01T00:00:00Z"
    assert again.pairs == result.pairs and again.documents == result.documents
    assert result_to_dict(again, when=when) == result_to_dict(result, when=when)


def test_result_of_schema_1_3_reads_back_with_score_0_and_no_rewording_path(result, tmp_path):
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    assert all(0 < pair["score"] <= 1 for pair in data["pairs"])
    data["schema_version"] = "1.3"
    for pair in data["pairs"]:
        del pair["score"]
    for key in [k for k in data["settings"]["align"] if k.startswith("rewording_")]:
        del data["settings"]["align"][key]
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, _ = read_result(path)
    assert [p.score for p in again.pairs] == [0.0] * len(result.pairs)
    assert again.settings.align.rewording.min_sentences == 0  # that run had no rewording path
    assert [(p.left, p.right) for p in again.pairs] == [(p.left, p.right) for p in result.pairs]


def test_result_of_schema_1_4_reads_back_without_content_candidates_and_with_rewording_at_any_length(
        result, tmp_path):
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    data["schema_version"] = "1.4"
    del data["settings"]["fingerprint"]["content_candidates"]
    del data["settings"]["align"]["rewording_max_words"]
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, _ = read_result(path)
    assert again.settings.fingerprint.content_candidates == 0
    assert again.settings.align.rewording.max_words == 0
    assert again.pairs == result.pairs


def test_result_of_schema_1_5_reads_back_without_a_count_of_the_pairs_compared(result, tmp_path):
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    data["schema_version"] = "1.5"
    del data["summary"]["compared_pairs"]
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, _ = read_result(path)
    assert again.compared_pairs is None and again.pairs == result.pairs
    assert compared(again) == []
    assert compared(result)[0].startswith("Compared word by word: 1 pair of documents")


def _reviewed_gate(result):
    """``result``'s gate with every finding in the baseline."""
    return evaluate(result, {f.fingerprint for f in evaluate(result).findings})


def test_saved_result_reads_back_with_the_findings_its_baseline_suppressed(result, tmp_path):
    path = tmp_path / "result.json"
    gate = _reviewed_gate(result)
    write_json(result, path, gate=gate, when="2026-01-01T00:00:00Z")
    saved = read_saved(path)
    assert saved.gate == gate and len(saved.gate.suppressed) == 1
    assert saved.result.pairs == result.pairs and saved.generated_at == "2026-01-01T00:00:00Z"
    again = result_to_dict(saved.result, gate=saved.gate, when="x")
    assert again == result_to_dict(result, gate=gate, when="x")


def test_result_of_schema_1_1_reads_back_with_nothing_suppressed(result, tmp_path):
    data = result_to_dict(result, gate=_reviewed_gate(result), when="x")
    data["schema_version"] = "1.1"
    for pair in data["pairs"]:
        for key in ("rule_id", "fingerprint", "suppressed"):
            del pair[key]
    del data["summary"]["failing"], data["summary"]["suppressed"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    saved = read_saved(path)
    assert saved.gate == evaluate(saved.result) and saved.gate.findings and not saved.gate.suppressed


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({"fingerprint": "0" * 64}, "fingerprint"),  # a suppressed finding whose fingerprint is not its own
        ({"finding": False, "rule_id": None, "fingerprint": None, "suppressed": False}, "finding"),
    ],
    ids=["other-fingerprint", "not-a-finding"],
)
def test_saved_result_whose_recorded_verdict_disagrees_with_its_pairs_is_refused(result, tmp_path, edit,
                                                                                  field):
    data = result_to_dict(result, gate=_reviewed_gate(result), when="x")
    data["pairs"][0].update(edit)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResultFormatError, match=rf"pairs\[0\] records {field}="):
        read_saved(path)


def _lms_class(tmp_path):
    """A Canvas export (a late re-upload) and an older Moodle team export, checked against a web page."""
    canvas, moodle = tmp_path / "canvas.zip", tmp_path / "moodle.zip"
    with zipfile.ZipFile(canvas, "w") as archive:
        archive.writestr("leeann_LATE_340935_208490285_essay-1.txt", COPY.read_bytes())
    with zipfile.ZipFile(moodle, "w") as archive:
        archive.writestr("Team A-Jane Doe_101_assignsubmission_file_/report.txt", PARAPHRASE.read_bytes())
        archive.writestr("Team A-Bob Li_102_assignsubmission_file_/report.txt", PARAPHRASE.read_bytes())
    return check([canvas, moodle], sources=[WEB], jobs=1)


def _identity(data):
    return sorted((d["author"], d["team"], d["original"], d["late"]) for d in data["documents"])


def test_json_result_records_team_original_name_and_late_flag_and_older_files_read_back_without(tmp_path):
    result = _lms_class(tmp_path)
    data = result_to_dict(result, when="x")
    validate(data)
    assert _identity(data) == [
        ("", "", "", False),  # the web page
        ("Bob Li", "Team A", "report.txt", False),
        ("Jane Doe", "Team A", "report.txt", False),
        ("leeann", "", "essay.txt", True),
    ]
    path = tmp_path / "result.json"
    write_json(result, path, when="x")
    again, _ = read_result(path)
    assert again.documents == result.documents
    for version in ("1.1", "1.0"):  # written before these fields: read back with none
        old = json.loads(json.dumps(data))
        old["schema_version"] = version
        for doc in old["documents"]:
            del doc["team"], doc["original"], doc["late"]
        for pair in old["pairs"]:
            del pair["rule_id"], pair["fingerprint"], pair["suppressed"]
        del old["summary"]["failing"], old["summary"]["suppressed"]
        if version == "1.0":
            del old["inputs"]
        validate(old)
        path.write_text(json.dumps(old), encoding="utf-8")
        again, _ = read_result(path)
        assert sorted((d.author, d.team, d.original, d.late) for d in again.documents) == [
            (author, "", "", False) for author in ("", "Bob Li", "Jane Doe", "leeann")
        ]


LONG_COPY = FIXTURES / "essay_long_with_49_word_copy.txt"
BLOG = FIXTURES.parent.parent / "samples" / "sources" / "blog_essay_bolsheviks.txt"


def test_json_result_says_why_each_finding_is_one():
    data = result_to_dict(check([LONG_COPY], sources=[BLOG]), when="x")
    validate(data)
    (pair,) = data["pairs"]
    assert (pair["rule_id"], pair["reasons"]) == ("TR003", ["long_passage"])
    assert data["settings"]["fail_passage_words"] == 40 and data["settings"]["align"]["min_exact_words"] == 13
    covered = result_to_dict(check([COPY], sources=[WEB]), when="x")["pairs"][0]
    assert covered["rule_id"] == "TR002" and covered["reasons"][0] == "coverage"


def test_a_result_written_before_the_long_passage_rule_reads_back_with_the_verdict_it_records(tmp_path):
    data = result_to_dict(check([LONG_COPY], sources=[BLOG]), when="x")
    data["schema_version"] = "1.2"  # as 1.2 wrote it: coverage was the only rule, so no finding here
    del data["settings"]["fail_passage_words"], data["settings"]["align"]["min_exact_words"]
    for pair in data["pairs"]:
        del pair["reasons"]
        pair.update(finding=False, rule_id=None, fingerprint=None, suppressed=False)
    data["summary"].update(findings=0, failing=0)
    validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    saved = read_saved(path)
    assert saved.gate.findings == () and saved.result.settings.fail_passage_words == 0


def test_json_result_gives_each_documents_url_and_capture_date_and_a_1_3_file_reads_back_without(
        result, tmp_path):
    web = "https://biology.example.org/plants/photosynthesis"
    when = "2024-03-01T12:00:00Z"
    docs = tuple(dataclasses.replace(d, url=web, retrieved=when) if d.kind == "source" else d
                 for d in result.documents)
    with_url = dataclasses.replace(result, documents=docs)
    data = result_to_dict(with_url, when="x")
    validate(data)
    source = next(d for d in data["documents"] if d["kind"] == "source")
    assert (source["url"], source["retrieved"]) == (web, when)
    path = tmp_path / "result.json"
    write_json(with_url, path, when="x")
    assert read_result(path)[0].documents == docs
    for doc in data["documents"]:  # as 1.3 wrote it
        del doc["url"], doc["retrieved"]
    data["schema_version"] = "1.3"
    validate(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_result(path)[0].documents == result.documents


def test_grouped_align_settings_are_written_under_their_flat_names_and_read_back_into_their_groups(tmp_path):
    align = AlignOptions(min_words=20, exact=ExactOptions(seed_words=4),
                         document_summary=DocumentSummaryOptions(enabled=False))
    result = check([COPY], sources=[WEB], settings=Settings(align=align))
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    written = data["settings"]["align"]
    assert (written["min_words"], written["seed_words"], written["summary_document"]) == (20, 4, False)
    assert "exact" not in written and "document_summary" not in written
    validate(data)
    path = tmp_path / "result.json"
    write_json(result, path, when="2026-01-01T00:00:00Z")
    again, _ = read_result(path)
    assert again.settings.align == align


def test_published_json_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package():
    schema = json.loads(
        (resources.files("reuse") / "schemas" / "result.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_json_on_stdout_validates_against_the_published_schema(monkeypatch, capsys, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00binary")
    code, out, _ = run(["check", str(COPY), str(INDEPENDENT), str(binary), "--sources", str(WEB), "--format",
                        "json", "--template", str(FIXTURES / "assignment_template.txt")], monkeypatch, capsys)
    assert code == 2  # photo.txt was not checked
    schema = json.loads(
        (resources.files("reuse") / "schemas" / "result.schema.json").read_text(encoding="utf-8")
    )
    data = json.loads(out)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["settings"]["fail_on"] == "pair" and data["errors"][0]["path"].endswith("photo.txt")
