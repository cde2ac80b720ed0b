"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One result per submission side of each finding, located at that side's part of the pair's
longest passage, with the counterpart as a related location. Rule ids (``TR001``, ``TR002``)
and ``partialFingerprints`` are stable across runs; findings in the baseline are kept, with a
``suppressions`` entry, so a viewer can show them as reviewed. Each file that was not checked
is an ``error`` result of rule ``TR900`` located at that file (and a tool notification).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from reuse._version import __version__
from reuse.display import os_name, plural, printable
from reuse.model import CheckResult, Document, FileError, Span
from reuse.report.baseline import Target, targets
from reuse.report.gate import RULES, Gate, reason_text
from reuse.report.unchecked import UNCHECKED_RULE, describe, fingerprint
from reuse.settings import Settings

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "reuseFingerprint/v1"


def artifact_uri(path: str) -> str:
    """A URI reference for a document path: relative paths stay relative (percent-encoded).

    A path with a name that is not UTF-8 (written ``\\xNN`` by :func:`reuse.display.os_text`) gets
    its original bytes percent-encoded (``caf%E9.txt``), so the URI names the file on disk.
    """
    if "\\x" in path or "\\\\" in path:
        raw = os_name(path)
        return ("file://" if raw.startswith(b"/") else "") + quote(raw, safe="/")
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return "file://" + quote(str(posix), safe="/")
    return quote(str(posix), safe="/")


def _location(doc: Document, span: Span, lines: tuple[int, int] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(doc.path)}}
    if lines is not None:
        physical["region"] = {"startLine": lines[0], "endLine": lines[1],
                              "charOffset": span.start, "charLength": len(span)}
    return {"physicalLocation": physical}


def _message(target: Target, settings: Settings) -> str:
    pair = target.finding.pair
    kind = "submission" if target.other.kind == "submission" else "source"
    return (f"{target.coverage:.0%} of this submission is shared with the {kind} "
            f"{printable(target.other.path)}{_web(target.other)} ({plural(len(pair.passages), 'passage')}, "
            f"longest {pair.longest_words} words). "
            f"A finding because of {reason_text(target.finding, settings)}.")


def _web(doc: Document) -> str:
    """Where a web source came from, for a message: `` <URL>, retrieved DATE`` (empty when unknown)."""
    if not doc.url:
        return ""
    return f" <{printable(doc.url)}>" + (f", retrieved {printable(doc.retrieved)}," if doc.retrieved else "")


def _result(target: Target, rule_index: int, settings: Settings) -> dict[str, Any]:
    pair = target.finding.pair
    result: dict[str, Any] = {
        "ruleId": target.finding.rule_id,
        "ruleIndex": rule_index,
        "level": "error" if target.failing else "warning",
        "message": {"text": _message(target, settings)},
        "locations": [_location(target.doc, target.span, target.lines)],
        "relatedLocations": [{"id": 1, **_location(target.other, Span(0, 0), None),
                              "message": {"text": "the other side of the pair"}}],
        "partialFingerprints": {FINGERPRINT_KEY: target.fingerprint},
        "properties": {
            "pairFingerprint": target.finding.fingerprint,
            "coverage": target.coverage,
            "pairCoverage": pair.coverage,
            "passages": len(pair.passages),
            "longestWords": pair.longest_words,
            "reasons": list(target.finding.reasons),
        },
    }
    if target.finding.suppressed:
        result["suppressions"] = [{"kind": "external", "justification": "listed in the reuse baseline"}]
    return result


def _unchecked(error: FileError, rule_index: int) -> dict[str, Any]:
    """An error result for a file that was not checked (rule ``TR900``), located at the file."""
    return {
        "ruleId": UNCHECKED_RULE.id,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": describe(error)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(error.path)}}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(error)},
    }


def sarif_log(result: CheckResult, gate: Gate) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rule_ids = list(RULES)
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.name.replace("-", " ")},
            "fullDescription": {"text": rule.description},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["plagiarism", "text-reuse"]},
        }
        for rule in [*RULES.values(), *([UNCHECKED_RULE] if result.unchecked else [])]
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "reuse", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": [
                                 {"level": "error",
                                  "message": {"text": printable(f"{e.path}: {e.message}")}}
                                 for e in result.errors]}],
            "results": [*(_unchecked(e, len(rule_ids)) for e in result.unchecked),
                        *(_result(t, rule_ids.index(t.finding.rule_id), result.settings)
                          for t in targets(result, gate))],
            "properties": {"failAbove": result.settings.fail_above, "failOn": result.settings.fail_on,
                           "failPassageWords": result.settings.fail_passage_words},
        }],
    }


def render_sarif(result: CheckResult, gate: Gate) -> str:
    """SARIF 2.1.0 JSON text."""
    return json.dumps(sarif_log(result, gate), ensure_ascii=False, indent=2) + "\n"
