"""Baseline: stable fingerprints of findings; reviewed findings are suppressed, new ones still fail."""

from __future__ import annotations

import json
from pathlib import Path

from reuse.pipeline import check
from reuse.report.baseline import read_baseline
from reuse.report.gate import evaluate, pair_fingerprint
from reuse.settings import Settings

from ..test_cli import COPY, INDEPENDENT, WEB, run
from .test_json_result import finding_counts, validate


def _fingerprints(submissions, **kwargs):
    result = check(submissions, sources=[WEB], **kwargs)
    return sorted(f.fingerprint for f in evaluate(result).findings)


def test_fingerprint_does_not_change_with_run_order_or_side(tmp_path):
    peer = tmp_path / "peer.txt"
    peer.write_text(
        Path(COPY).read_text(encoding="utf-8") + "\nA closing line of my own.\n", encoding="utf-8"
    )
    assert _fingerprints([COPY, peer]) == _fingerprints([peer, COPY])
    result = check([COPY], sources=[WEB])
    pair = result.pairs[0]
    left, right = result.document(pair.left), result.document(pair.right)
    swapped = type(pair)(pair.right, pair.left, tuple(p.swapped() for p in pair.passages),
                         pair.right_coverage, pair.left_coverage, pair.longest_words)
    assert pair_fingerprint(left, right, pair) == pair_fingerprint(right, left, swapped)


def test_fingerprint_does_not_change_when_a_file_is_renamed(tmp_path):
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(Path(COPY).read_bytes())
    assert _fingerprints([COPY]) == _fingerprints([renamed])


def test_fingerprint_changes_when_a_document_changes(tmp_path):
    edited = tmp_path / "essay.txt"
    edited.write_text(Path(COPY).read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert _fingerprints([COPY]) != _fingerprints([edited])


def test_byte_identical_submissions_still_get_one_fingerprint_per_finding(tmp_path):
    twin = tmp_path / "twin.txt"
    twin.write_bytes(Path(COPY).read_bytes())
    prints = _fingerprints([COPY, twin])
    assert len(prints) == len(set(prints)) == 3


def test_written_baseline_is_versioned_json_and_suppresses_its_findings(monkeypatch, capsys, tmp_path):
    baseline = tmp_path / "reuse-baseline.json"
    code, out, _ = run(["check", COPY, INDEPENDENT, "--sources", WEB, "--write-baseline", str(baseline)],
                       monkeypatch, capsys)
    assert code == 0 and "Baseline: " in out
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["schema"] == "reuse-baseline" and data["version"] == 1
    assert [f["rule_id"] for f in data["findings"]] == ["TR002"]
    code, out, _ = run(
        ["check", COPY, INDEPENDENT, "--sources", WEB, "--baseline", str(baseline)], monkeypatch, capsys
    )
    assert code == 0 and "1 finding suppressed by the baseline" in out
    code, _, _ = run(["check", COPY, INDEPENDENT, "--sources", WEB], monkeypatch, capsys)
    assert code == 1


def test_a_new_finding_not_in_the_baseline_still_fails(monkeypatch, capsys, tmp_path):
    baseline = tmp_path / "b.json"
    run(["check", COPY, "--sources", WEB, "--write-baseline", str(baseline)], monkeypatch, capsys)
    newcomer = tmp_path / "newcomer.txt"
    newcomer.write_text(Path(WEB).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(["check", COPY, str(newcomer), "--sources", WEB, "--baseline", str(baseline),
                        "--format", "sarif"], monkeypatch, capsys)
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 1 and suppressed[0]["level"] == "warning"
    assert all(r["level"] == "error" for r in results if not r.get("suppressions"))


def test_json_result_records_which_finding_the_baseline_suppressed_with_the_fingerprints_it_wrote(
        monkeypatch, capsys, tmp_path):
    peer = tmp_path / "peer.txt"
    peer.write_text(Path(INDEPENDENT).read_text(encoding="utf-8") + "\nA closing line of my own.\n",
                    encoding="utf-8")
    args = ["check", COPY, INDEPENDENT, str(peer), "--sources", WEB]
    written = tmp_path / "all.json"
    run([*args, "--write-baseline", str(written)], monkeypatch, capsys)
    everything = json.loads(written.read_text(encoding="utf-8"))
    rules = {f["rule_id"]: f["fingerprint"] for f in everything["findings"]}
    assert sorted(rules) == ["TR001", "TR002"]
    reviewed = tmp_path / "reviewed.json"  # the TR002 finding reviewed, the peer copy not
    kept = [f for f in everything["findings"] if f["rule_id"] == "TR002"]
    reviewed.write_text(json.dumps({**everything, "findings": kept}), encoding="utf-8")
    out_json = tmp_path / "result.json"
    code, _, _ = run([*args, "--baseline", str(reviewed), "--json", str(out_json)], monkeypatch, capsys)
    assert code == 1
    data = json.loads(out_json.read_text(encoding="utf-8"))
    validate(data)
    findings = [p for p in data["pairs"] if p["finding"]]
    assert sorted((p["rule_id"], p["fingerprint"], p["suppressed"]) for p in findings) == [
        ("TR001", rules["TR001"], False), ("TR002", rules["TR002"], True)]
    assert finding_counts(data) == (2, 1, 1)


def test_baseline_written_by_one_run_order_matches_the_other(monkeypatch, capsys, tmp_path):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    run(["check", COPY, INDEPENDENT, "--sources", WEB, "--write-baseline", str(first)], monkeypatch, capsys)
    run(["check", INDEPENDENT, COPY, "--sources", WEB, "--write-baseline", str(second)], monkeypatch, capsys)
    assert read_baseline(first) == read_baseline(second)


def test_missing_or_foreign_baseline_exits_two(monkeypatch, capsys, tmp_path):
    code, _, err = run(["check", COPY, "--baseline", str(tmp_path / "none.json")], monkeypatch, capsys)
    assert code == 2 and "cannot read the baseline" in err
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"findings": []}), encoding="utf-8")
    code, _, err = run(["check", COPY, "--baseline", str(foreign)], monkeypatch, capsys)
    assert code == 2 and "not a reuse baseline" in err


def test_gate_fails_only_the_submissions_over_the_threshold_under_fail_on_index():
    result = check([COPY, INDEPENDENT], sources=[WEB], settings=Settings(fail_on="index", fail_above=0.2))
    gate = evaluate(result)
    assert gate.failed and gate.failing == (result.document(str(COPY).replace("\\", "/")).id,)


def test_gate_gives_each_pair_its_own_finding_and_none_below_the_threshold(tmp_path):
    peer = tmp_path / "peer.txt"
    own_line = "\nA closing line of my own.\n"
    peer.write_text(Path(COPY).read_text(encoding="utf-8") + own_line, encoding="utf-8")
    # the two copies share nearly everything; each shares under half with the web source
    result = check([COPY, peer], sources=[WEB], settings=Settings(fail_above=0.5, fail_passage_words=0))
    gate = evaluate(result)
    found = {(p.left, p.right): gate.of(p) for p in result.pairs}
    assert sorted(f is not None for f in found.values()) == [False, False, True]
    for pair in result.pairs:
        finding = found[(pair.left, pair.right)]
        assert finding is None or finding.pair == pair
        assert (finding is not None) == result.is_finding(pair)


def test_baseline_entries_that_match_no_current_finding_are_counted(monkeypatch, capsys, tmp_path):
    baseline = tmp_path / "b.json"
    run(["check", COPY, "--sources", WEB, "--write-baseline", str(baseline)], monkeypatch, capsys)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    fixed = {**data["findings"][0], "fingerprint": "0" * 64}  # a finding since fixed by its student
    baseline.write_text(json.dumps({**data, "findings": [*data["findings"], fixed]}), encoding="utf-8")
    out_json = tmp_path / "result.json"
    args = ["check", COPY, "--sources", WEB, "--baseline", str(baseline), "--json", str(out_json)]
    code, out, _ = run(args, monkeypatch, capsys)
    assert code == 0
    assert "1 finding suppressed by the baseline" in out
    assert "1 baseline entry matches no current finding" in out
    result = json.loads(out_json.read_text(encoding="utf-8"))
    validate(result)
    assert result["summary"]["baseline_unmatched"] == 1
    code, out, _ = run(["check", COPY, "--sources", WEB, "--json", str(out_json)], monkeypatch, capsys)
    assert "match no current finding" not in out
    assert json.loads(out_json.read_text(encoding="utf-8"))["summary"]["baseline_unmatched"] == 0
    assert evaluate(check([COPY], sources=[WEB]), ["f" * 64]).unmatched == ("f" * 64,)
