"""The JSON result: a versioned, documented, self-contained record of a run.

It embeds each document's extracted text, so ``reuse report RESULT.json`` can re-render the
HTML report without the original files. Each pair that is a finding carries the gate's verdict
(rule id, baseline fingerprint, whether the baseline suppressed it), so a reader can tell a pair
below the threshold from one above it that was already reviewed. The field list is in the README
("JSON result").
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reuse._version import __version__
from reuse.baseline import Finding, Gate, evaluate
from reuse.errors import ResultFormatError
from reuse.model import (
    Document,
    DocumentScore,
    FileError,
    Flag,
    InputFile,
    PairResult,
    Passage,
    SourceShare,
    Span,
)
from reuse.pipeline import CheckResult
from reuse.settings import AlignOptions, FingerprintOptions, Limits, Settings

SCHEMA_VERSION = "1.3"
TOOL_NAME = "reuse"


def generated_at() -> str:
    """Generation time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _spans(spans: tuple[Span, ...]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def _passage(p: Passage, number: int) -> dict[str, Any]:
    return {
        "number": number,
        "left_start": p.left.start,
        "left_end": p.left.end,
        "right_start": p.right.start,
        "right_end": p.right.end,
        "score": p.score,
        "kind": p.kind,
        "left_words": p.left_words,
        "right_words": p.right_words,
        "quoted": p.quoted,
        "left_quoted": p.left_quoted,
        "right_quoted": p.right_quoted,
    }


def _verdict(finding: Finding | None) -> dict[str, Any]:
    """A pair's gate fields: whether it is a finding, its rule id, fingerprint and suppression."""
    return {
        "finding": finding is not None,
        "rule_id": finding.rule_id if finding else None,
        "fingerprint": finding.fingerprint if finding else None,
        "suppressed": finding.suppressed if finding else False,
    }


def _pair(p: PairResult, finding: Finding | None) -> dict[str, Any]:
    return {
        "left": p.left,
        "right": p.right,
        "left_coverage": p.left_coverage,
        "right_coverage": p.right_coverage,
        "longest_words": p.longest_words,
        **_verdict(finding),
        "passages": [_passage(x, k + 1) for k, x in enumerate(p.passages)],
    }


def check_gate(result: CheckResult, gate: Gate) -> None:
    """Make sure ``gate`` was evaluated on ``result``, so ``gate.of(pair)`` speaks of its pairs.

    Raises:
        ValueError: ``gate`` was evaluated on another result (its findings are not this result's).
    """
    if {(f.pair.left, f.pair.right) for f in gate.findings} != {(p.left, p.right) for p in result.findings()}:
        raise ValueError("the gate's findings are not this result's; evaluate the gate on this result")


def result_to_dict(result: CheckResult, *, gate: Gate | None = None,
                   when: str | None = None) -> dict[str, Any]:
    """The JSON-ready dict of a result (see the README for every field).

    Args:
        result: the run.
        gate: the run's :func:`reuse.baseline.evaluate` (with its baseline), which says which
            findings are suppressed; ``None`` evaluates ``result`` without a baseline.
        when: ``generated_at``; ``None`` is :func:`generated_at`.

    Raises:
        ValueError: ``gate`` was evaluated on another result (its findings are not this result's).
    """
    gate = evaluate(result) if gate is None else gate
    check_gate(result, gate)
    scores = {s.id: s for s in result.scores}
    documents = []
    for doc in result.documents:
        score = scores.get(doc.id)
        documents.append({
            "id": doc.id,
            "path": doc.path,
            "kind": doc.kind,
            "sha256": doc.sha256,
            "extraction": doc.extraction,
            "characters": doc.characters,
            "words": score.words if score else result.words.get(doc.id, 0),
            "similarity_index": score.similarity_index if score else None,
            "breakdown": (
                [{"document": s.document, "share": s.share} for s in score.breakdown] if score else []
            ),
            "content": _spans(doc.content),
            "template": _spans(doc.template),
            "author": doc.author,
            "team": doc.team,
            "original": doc.original,
            "late": doc.late,
            "flags": [
                {"kind": f.kind, "message": f.message, "count": f.count, "spans": _spans(f.spans)}
                for f in doc.flags
            ],
            "quotations": _spans(doc.quotations),
            "quoted_share": score.quoted_share if score else 0.0,
            "text": doc.text,
        })
    pairs = [_pair(p, gate.of(p)) for p in result.pairs]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "generated_at": when or generated_at(),
        "settings": result.settings.to_dict(),
        "index": result.index,
        "summary": {
            "submissions": sum(1 for d in result.documents if d.kind == "submission"),
            "sources": sum(1 for d in result.documents if d.kind == "source"),
            "pairs": len(result.pairs),
            "findings": len(gate.findings),
            "failing": len(gate.active),
            "suppressed": len(gate.suppressed),
            "baseline_unmatched": len(gate.unmatched),
            "errors": len(result.errors),
            "flags": sum(len(d.flags) for d in result.documents),
        },
        "inputs": [
            {"path": i.path, "kind": i.kind, "sha256": i.sha256, "extraction": i.extraction}
            for i in result.inputs
        ],
        "documents": documents,
        "pairs": pairs,
        "errors": [{"path": e.path, "message": e.message, "hint": e.hint} for e in result.errors],
    }


def write_json(result: CheckResult, path: Path, *, gate: Gate | None = None, when: str | None = None) -> None:
    """Write the JSON result (UTF-8, keys within objects in the order built, 2-space indent).

    ``gate`` and ``when`` are as for :func:`result_to_dict`.
    """
    text = json.dumps(result_to_dict(result, gate=gate, when=when), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def _settings(data: dict[str, Any]) -> Settings:
    data = dict(data)
    return Settings(
        fingerprint=FingerprintOptions(**data.pop("fingerprint")),
        align=AlignOptions(**data.pop("align")),
        limits=Limits(**data.pop("limits", {})),
        **data,
    )


@dataclass(frozen=True, slots=True)
class SavedResult:
    """A JSON result read back: the run, the gate's verdict on it, and when it was written."""

    result: CheckResult
    gate: Gate
    generated_at: str


def read_result(path: Path) -> tuple[CheckResult, str]:
    """Read a saved JSON result back; returns the result and its ``generated_at``.

    :func:`read_saved` without the gate (same checks, same errors).
    """
    saved = read_saved(path)
    return saved.result, saved.generated_at


def read_saved(path: Path) -> SavedResult:
    """Read a saved JSON result back with the gate's verdict it records.

    Any 1.x file is read (minor versions only add fields; a document's ``team``, ``original``,
    ``late``, ``quotations`` and ``quoted_share`` and a passage's ``left_quoted``/``right_quoted``,
    since 1.2, are empty or false in older files). The gate is evaluated again
    (:func:`reuse.baseline.evaluate`), with the fingerprints of the findings the file records as
    suppressed (``pairs[].suppressed``, since 1.2) as its baseline: the same findings, suppressed
    ones and failing submissions as the run that wrote it. A file from before 1.2 records no
    baseline, so nothing in it is suppressed.

    Raises:
        ResultFormatError: not a JSON result of a supported schema version, or (1.2 and later) a
            pair's recorded ``finding``, ``rule_id``, ``fingerprint`` or ``suppressed`` is not what
            its documents and settings give (the file was edited, or written under other rules).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultFormatError(f"{path}: cannot read a JSON result ({error})") from error
    version = str(data.get("schema_version", "")) if isinstance(data, dict) else ""
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ResultFormatError(
            f"{path}: schema_version {version or '(none)'} is not supported (this is {SCHEMA_VERSION}); "
            "re-run `reuse check` with this version"
        )
    try:
        docs = tuple(
            Document(
                id=d["id"], path=d["path"], kind=d["kind"], text=d["text"],
                content=tuple(Span(a, b) for a, b in d["content"]), sha256=d["sha256"],
                extraction=d["extraction"], template=tuple(Span(a, b) for a, b in d["template"]),
                flags=tuple(
                    Flag(f["kind"], f["message"], tuple(Span(a, b) for a, b in f["spans"]), f["count"])
                    for f in d.get("flags", [])
                ),
                author=d.get("author", ""),
                team=d.get("team", ""),
                original=d.get("original", ""),
                late=d.get("late", False),
                quotations=tuple(Span(a, b) for a, b in d.get("quotations", [])),
            )
            for d in data["documents"]
        )
        scores = tuple(
            DocumentScore(d["id"], d["words"], d["similarity_index"],
                          tuple(SourceShare(s["document"], s["share"]) for s in d["breakdown"]),
                          d.get("quoted_share", 0.0))
            for d in data["documents"] if d["similarity_index"] is not None
        )
        pairs = tuple(
            PairResult(
                left=p["left"], right=p["right"], left_coverage=p["left_coverage"],
                right_coverage=p["right_coverage"], longest_words=p["longest_words"],
                passages=tuple(
                    Passage(Span(x["left_start"], x["left_end"]), Span(x["right_start"], x["right_end"]),
                            x["score"], x["kind"], x["left_words"], x["right_words"],
                            x.get("left_quoted", False), x.get("right_quoted", False))
                    for x in p["passages"]
                ),
            )
            for p in data["pairs"]
        )
        result = CheckResult(
            settings=_settings(data["settings"]),
            documents=docs,
            scores=scores,
            pairs=pairs,
            errors=tuple(FileError(e["path"], e["message"], e.get("hint", "")) for e in data["errors"]),
            index=data.get("index"),
            words={d["id"]: d["words"] for d in data["documents"]},
            inputs=tuple(InputFile(i["path"], i["kind"], i["sha256"], i["extraction"])
                         for i in data.get("inputs", [])),
        )
        recorded = data["pairs"]
        baseline = {p["fingerprint"] for p in recorded if p.get("suppressed") is True}
        gate = evaluate(result, baseline)
    except (KeyError, TypeError, ValueError) as error:
        raise ResultFormatError(f"{path}: malformed JSON result ({error!r})") from error
    check_gate(result, gate)
    for k, (pair, written) in enumerate(zip(pairs, recorded, strict=True)):
        if "suppressed" not in written:  # before 1.2: no verdict recorded
            continue
        for key, value in _verdict(gate.of(pair)).items():
            if written.get(key) != value:
                raise ResultFormatError(
                    f"{path}: pairs[{k}] records {key}={json.dumps(written.get(key))} but its documents and "
                    f"settings give {json.dumps(value)}; the file was edited or written under other rules: "
                    "re-run `reuse check`"
                )
    return SavedResult(result, gate, str(data.get("generated_at", "")))
