"""The CI gate: the findings' rule ids and fingerprints, and which submissions fail.

The rule "is this pair a finding" is written once, in :mod:`reuse.model` (:func:`finding_reasons`,
re-exported here): the exit status, :meth:`reuse.model.CheckResult.findings`, the baseline and every report
writer call it.

A *finding* is a pair that :func:`is_finding` accepts under the run's settings.
Each one gets a rule id (``TR001`` two submissions, ``TR002`` a submission and a source, both by
coverage; ``TR003`` a long exact passage alone) and a
fingerprint that depends only on the two documents' kinds and content hashes and the normalised text of
the shared passages: it is the same whatever the file names, the run order or which side is
``left``. A *baseline* (:mod:`reuse.report.baseline`) is a versioned JSON file of fingerprints already
reviewed; findings in it are *suppressed*: still reported as such, but they no longer fail the gate.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reuse.model import (
    NEAR_EXACT_SCORE,
    CheckResult,
    Document,
    FindingReason,
    PairResult,
    counted_passages,
    fails_side,
    finding_reasons,
    is_finding,
    long_passage,
)
from reuse.settings import Settings

_WORD = re.compile(r"\w+")
@dataclass(frozen=True, slots=True)
class Rule:
    """A kind of finding, with the stable id every machine format uses."""

    id: str
    name: str
    description: str


RULES = {
    "TR001": Rule("TR001", "cross-submission-overlap",
                  "Two submissions share passages covering at least the threshold of one of them."),
    "TR002": Rule("TR002", "source-overlap",
                  "A submission shares passages with a source (web page, earlier work) at or above "
                  "the threshold."),
    "TR003": Rule("TR003", "long-exact-passage",
                  "A submission shares an exact or near-exact passage of at least fail_passage_words "
                  "words with another submission or a source, whatever the coverage."),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A pair at or above the threshold, with its rule, fingerprint and baseline status."""

    pair: PairResult
    rule_id: str
    fingerprint: str
    suppressed: bool = False
    reasons: tuple[FindingReason, ...] = ("coverage",)
    """Why the pair is a finding (:func:`reuse.pipeline.finding_reasons`): ``coverage``,
    ``long_passage`` or both; the rule id is the coverage rule's when both hold."""


@dataclass(frozen=True, slots=True)
class Gate:
    """What the gate decided: every finding (suppressed ones too) and the failing submissions."""

    findings: tuple[Finding, ...]
    failing: tuple[str, ...]
    unmatched: tuple[str, ...] = ()
    """Baseline fingerprints that no current finding has (work that changed or was fixed), sorted."""
    _by_pair: dict[tuple[str, str], Finding] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_pair", {(f.pair.left, f.pair.right): f for f in self.findings})

    @property
    def active(self) -> tuple[Finding, ...]:
        """Findings not in the baseline: these fail the run."""
        return tuple(f for f in self.findings if not f.suppressed)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        """Findings the baseline marks as already reviewed."""
        return tuple(f for f in self.findings if f.suppressed)

    @property
    def failed(self) -> bool:
        """Whether the run fails (exit status 1)."""
        return bool(self.active)

    def of(self, pair: PairResult) -> Finding | None:
        """The finding of ``pair``, or ``None`` when the pair is below the threshold."""
        finding = self._by_pair.get((pair.left, pair.right))
        return finding if finding is not None and (finding.pair is pair or finding.pair == pair) else None


def reason_text(finding: Finding, settings: Settings) -> str:
    """Why ``finding`` is one, in words: ``pair coverage 26% at or above 15%``, ``an exact passage
    of 49 words (40 or more)``, or both joined by ``and``."""
    parts = []
    if "coverage" in finding.reasons:
        if settings.fail_on == "index":
            parts.append(f"a similarity index at or above {settings.fail_above:.0%}")
        else:
            parts.append(f"pair coverage {finding.pair.coverage:.0%} at or above {settings.fail_above:.0%}")
    passage = long_passage(finding.pair, settings) if "long_passage" in finding.reasons else None
    if passage is not None:
        kind = "an exact" if passage.kind == "exact" else "a near-exact"
        words = min(passage.left_words, passage.right_words)
        parts.append(f"{kind} passage of {words} words ({settings.fail_passage_words} or more)")
    return " and ".join(parts)


def normalized_words(text: str) -> str:
    """Text folded for fingerprints: case-folded words joined by single spaces."""
    return " ".join(_WORD.findall(text.casefold()))


def pair_fingerprint(left: Document, right: Document, pair: PairResult) -> str:
    """Stable fingerprint of a pair: sha256 of both documents' kinds and content hashes and the
    normalised text of the passages.

    Swapping the sides, renaming the files or listing them in another order gives the same value.
    (:func:`evaluate` adds the sorted document ids when byte-identical files would otherwise give
    two findings of one run the same fingerprint.)
    """
    passages = sorted(
        "\x1f".join(sorted((normalized_words(left.text[p.left.start:p.left.end]),
                            normalized_words(right.text[p.right.start:p.right.end]))))
        for p in pair.passages
    )
    documents = sorted(((left.kind, left.sha256), (right.kind, right.sha256)))
    payload = json.dumps({"v": 1, "documents": documents, "passages": passages},
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def side_fingerprint(finding: Finding, doc: Document, other: Document) -> str:
    """Fingerprint of one side of a finding (formats that annotate each submission separately)."""
    key = doc.sha256 if doc.sha256 != other.sha256 else f"{doc.sha256}:{doc.id}"
    return hashlib.sha256(f"{finding.fingerprint}:{key}".encode()).hexdigest()


def rule_of(result: CheckResult, pair: PairResult, reasons: Sequence[FindingReason] = ("coverage",)) -> str:
    """``TR001`` for two submissions, ``TR002`` when one side is a source (the coverage rule);
    ``TR003`` when the only reason is a long exact passage."""
    if "coverage" not in reasons and "long_passage" in reasons:
        return "TR003"
    kinds = {result.document(pair.left).kind, result.document(pair.right).kind}
    return "TR001" if kinds == {"submission"} else "TR002"


def evaluate(result: CheckResult, baseline: Iterable[str] = ()) -> Gate:
    """Apply the threshold (``result.findings()``) and the baseline's fingerprints."""
    reviewed = frozenset(baseline)
    settings = result.settings
    indexes = result.submission_indexes()
    findings = []
    failing: set[str] = set()
    why = {(p.left, p.right): finding_reasons(p, settings, submission_index=indexes) for p in result.pairs}
    pairs = [p for p in result.pairs if why[(p.left, p.right)]]
    raw = [pair_fingerprint(result.document(p.left), result.document(p.right), p) for p in pairs]
    repeated = Counter(raw)  # one count for all (``raw.count`` in the loop was quadratic)
    for pair, fingerprint in zip(pairs, raw, strict=True):
        if repeated[fingerprint] > 1:  # byte-identical files: tell their findings apart by the ids
            ids = "\x1f".join(sorted((pair.left, pair.right)))
            fingerprint = hashlib.sha256(f"{fingerprint}\x1f{ids}".encode()).hexdigest()
        reasons = why[(pair.left, pair.right)]
        finding = Finding(pair, rule_of(result, pair, reasons), fingerprint, fingerprint in reviewed, reasons)
        findings.append(finding)
        if finding.suppressed:
            continue
        for side in (pair.left, pair.right):
            if result.document(side).kind != "submission":
                continue
            if fails_side(side, reasons, settings, submission_index=indexes):
                failing.add(side)
    order = {d.id: k for k, d in enumerate(result.documents)}
    unmatched = tuple(sorted(reviewed - {f.fingerprint for f in findings}))
    return Gate(tuple(findings), tuple(sorted(failing, key=lambda i: (order.get(i, 0), i))), unmatched)


__all__ = [
    "NEAR_EXACT_SCORE",
    "RULES",
    "Finding",
    "FindingReason",
    "Gate",
    "Rule",
    "counted_passages",
    "evaluate",
    "fails_side",
    "finding_reasons",
    "is_finding",
    "long_passage",
    "normalized_words",
    "pair_fingerprint",
    "reason_text",
    "rule_of",
    "side_fingerprint",
]
