"""SARIF 2.1.0 (``reuse.report.sarif``), run end to end: the official schema, locations, stable rule ids
and fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from ..test_cli import COPY, INDEPENDENT, WEB, run
from .conftest import copy_text

SARIF_SCHEMA = Path(__file__).parents[1] / "schemas" / "sarif-schema-2.1.0.json"


def _sarif(args, monkeypatch, capsys):
    code, out, _ = run(["check", *args, "--format", "sarif"], monkeypatch, capsys)
    return code, json.loads(out)


def test_sarif_validates_against_the_official_sarif_2_1_0_schema(monkeypatch, capsys, tmp_path):
    peer = copy_text(tmp_path, "peer.txt", COPY)
    code, log = _sarif([COPY, peer, INDEPENDENT, "--sources", WEB], monkeypatch, capsys)
    assert code == 1
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == ["TR001", "TR002", "TR003"]
    assert {r["ruleId"] for r in run_["results"]} == {"TR001", "TR002"}


def test_sarif_result_points_at_the_lines_of_the_shared_passage(monkeypatch, capsys):
    _, log = _sarif([COPY, "--sources", WEB], monkeypatch, capsys)
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    text = Path(COPY).read_text(encoding="utf-8")
    passage = text[region["charOffset"]: region["charOffset"] + region["charLength"]]
    assert region["startLine"] == text[: region["charOffset"]].count("\n") + 1
    assert len(passage.split()) > 40
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "essay_with_copied_paragraph.txt")
    assert result["level"] == "error" and "partialFingerprints" in result


def test_sarif_rule_ids_and_fingerprints_do_not_change_with_the_run_order(monkeypatch, capsys, tmp_path):
    peer = copy_text(tmp_path, "peer.txt", COPY)
    _, first = _sarif([COPY, peer, "--sources", WEB], monkeypatch, capsys)
    _, second = _sarif([peer, COPY, "--sources", WEB], monkeypatch, capsys)

    def keys(log):
        results = log["runs"][0]["results"]
        return sorted((r["ruleId"], r["partialFingerprints"]["reuseFingerprint/v1"]) for r in results)

    assert keys(first) == keys(second)
    assert len(set(keys(first))) == len(keys(first)) == 4
