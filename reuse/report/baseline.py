"""The baseline: a versioned JSON file of reviewed finding fingerprints (:mod:`reuse.report.gate`), and
the submission sides of findings that SARIF, GitHub and GitLab annotate.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reuse._version import __version__
from reuse.display import plural
from reuse.errors import ConfigError
from reuse.model import CheckResult, Document, PairResult, Passage, Span
from reuse.report.gate import Finding, Gate, side_fingerprint

BASELINE_SCHEMA = "reuse-baseline"
BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Target:
    """One submission side of a finding: what SARIF, GitHub and GitLab annotate.

    ``span`` is the side's part of the pair's longest passage; ``lines`` its 1-based line range
    (``None`` when the text was extracted from markup, so lines would not match the file).
    ``failing`` says whether this submission fails the gate (not suppressed, and over the
    threshold under ``fail_on``).
    """

    finding: Finding
    doc: Document
    other: Document
    coverage: float
    span: Span
    lines: tuple[int, int] | None
    failing: bool
    fingerprint: str


def targets(result: CheckResult, gate: Gate) -> list[Target]:
    """Every submission side of every finding, most covered first, then by path."""
    failing = set(gate.failing)
    out = []
    for finding in gate.findings:
        pair = finding.pair
        passage = longest_passage(pair)
        for side, other_id, coverage in ((pair.left, pair.right, pair.left_coverage),
                                         (pair.right, pair.left, pair.right_coverage)):
            doc, other = result.document(side), result.document(other_id)
            if doc.kind != "submission":
                continue
            span = side_span(pair, passage, side)
            lines = line_range(doc, span) if doc.extraction == "text" else None
            fails = side in failing and not finding.suppressed
            out.append(Target(finding, doc, other, coverage, span, lines, fails,
                              side_fingerprint(finding, doc, other)))
    out.sort(key=lambda t: (not t.failing, -t.coverage, t.doc.id, t.other.id))
    return out


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints of a baseline file.

    Raises:
        ConfigError: the file is missing, not JSON, or not a baseline of a supported version.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device would block the read
            raise ConfigError(f"{path}: the baseline is not a regular file")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the baseline ({error})") from error
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise ConfigError(f"{path}: not a reuse baseline (no \"schema\": \"{BASELINE_SCHEMA}\")")
    if data.get("version") != BASELINE_VERSION:
        raise ConfigError(f"{path}: baseline version {data.get('version')!r} is not supported "
                          f"(this is {BASELINE_VERSION}); write it again with --write-baseline")
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                for e in entries):
        raise ConfigError(f"{path}: \"findings\" must be a list of objects with a \"fingerprint\"")
    return frozenset(e["fingerprint"] for e in entries)


def baseline_to_dict(gate: Gate) -> dict[str, Any]:
    """A baseline that suppresses every finding of ``gate`` (sorted, so diffs stay small)."""
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule_id": f.rule_id, "left": f.pair.left, "right": f.pair.right,
          "coverage": f.pair.coverage} for f in gate.findings),
        key=lambda e: (e["fingerprint"], e["left"], e["right"]),
    )
    unique = list({e["fingerprint"]: e for e in entries}.values())
    return {"schema": BASELINE_SCHEMA, "version": BASELINE_VERSION,
            "tool": {"name": "reuse", "version": __version__}, "findings": unique}


def write_baseline(gate: Gate, path: Path) -> None:
    """Write the baseline of ``gate`` as UTF-8 JSON."""
    text = json.dumps(baseline_to_dict(gate), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def line_range(doc: Document, span: Span) -> tuple[int, int]:
    """1-based first and last line of ``span`` in the document's text."""
    start = doc.text.count("\n", 0, span.start) + 1
    last = max(span.start, span.end - 1)
    return start, start + doc.text.count("\n", span.start, last)


def longest_passage(pair: PairResult) -> Passage:
    """The pair's longest passage (by words on its shorter side); the one annotations point at."""
    return max(pair.passages, key=lambda p: (min(p.left_words, p.right_words), -p.left.start))


def side_span(pair: PairResult, passage: Passage, doc_id: str) -> Span:
    """The span of ``passage`` in the document ``doc_id`` (one of the pair's two sides)."""
    return passage.left if doc_id == pair.left else passage.right


__all__ = [
    "BASELINE_SCHEMA",
    "BASELINE_VERSION",
    "Target",
    "baseline_to_dict",
    "line_range",
    "longest_passage",
    "plural",
    "read_baseline",
    "side_span",
    "targets",
    "write_baseline",
]
