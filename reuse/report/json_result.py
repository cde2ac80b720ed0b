"""The JSON result: a versioned, documented, self-contained record of a run.

It embeds each document's extracted text, so ``reuse report RESULT.json`` can re-render the
HTML report without the original files. Each pair that is a finding carries the gate's verdict
(rule id, baseline fingerprint, whether the baseline suppressed it), so a reader can tell a pair
below the threshold from one above it that was already reviewed. The field list is in the README
("JSON result").
"""

from __future__ import annotations

import functools
import json
import math
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from reuse._version import __version__
from reuse.errors import ResultFormatError
from reuse.model import (
    CheckResult,
    Document,
    DocumentScore,
    FileError,
    Flag,
    InputFile,
    PairResult,
    Passage,
    SkippedFile,
    SourceShare,
    Span,
)
from reuse.report.gate import Finding, Gate, evaluate
from reuse.settings import AlignOptions, FingerprintOptions, Limits, Settings
from reuse.settings.flat import from_flat

SCHEMA_VERSION = "1.7"
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
        **_reference_fields(p),
    }


def _reference_fields(p: Passage) -> dict[str, Any]:
    """A passage's reference-list fields (since 1.3)."""
    return {"reference": p.reference, "left_reference": p.left_reference,
            "right_reference": p.right_reference}


def _verdict(finding: Finding | None) -> dict[str, Any]:
    """A pair's gate fields: whether it is a finding, its rule id, fingerprint and suppression."""
    return {
        "finding": finding is not None,
        "rule_id": finding.rule_id if finding else None,
        "fingerprint": finding.fingerprint if finding else None,
        "suppressed": finding.suppressed if finding else False,
        "reasons": list(finding.reasons) if finding else [],
    }


def _pair(p: PairResult, finding: Finding | None) -> dict[str, Any]:
    return {
        "left": p.left,
        "right": p.right,
        "left_coverage": p.left_coverage,
        "right_coverage": p.right_coverage,
        "longest_words": p.longest_words,
        "score": p.score,
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
        gate: the run's :func:`reuse.report.gate.evaluate` (with its baseline), which says which
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
            "url": doc.url,
            "retrieved": doc.retrieved,
            "flags": [
                {"kind": f.kind, "message": f.message, "count": f.count, "spans": _spans(f.spans)}
                for f in doc.flags
            ],
            "quotations": _spans(doc.quotations),
            "quoted_share": score.quoted_share if score else 0.0,
            "references": _spans(doc.references),
            "text": doc.text,
        })
    pairs = [_pair(p, gate.of(p)) for p in result.pairs]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "generated_at": when or generated_at(),
        "anonymised": result.anonymised,
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
            "skipped": len(result.skipped),
            "flags": sum(len(d.flags) for d in result.documents),
            "unchecked": len(result.unchecked),
            "source_files": result.source_files,
            "index_documents": result.index_documents,
            "compared_pairs": result.compared_pairs,
        },
        "inputs": [
            {"path": i.path, "kind": i.kind, "sha256": i.sha256, "extraction": i.extraction}
            for i in result.inputs
        ],
        "documents": documents,
        "pairs": pairs,
        "errors": [{"path": e.path, "message": e.message, "hint": e.hint} for e in result.errors],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
    }


def write_json(result: CheckResult, path: Path, *, gate: Gate | None = None, when: str | None = None) -> None:
    """Write the JSON result (UTF-8, keys within objects in the order built, 2-space indent).

    ``gate`` and ``when`` are as for :func:`result_to_dict`.
    """
    text = json.dumps(result_to_dict(result, gate=gate, when=when), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def _settings(data: dict[str, Any]) -> Settings:
    data = dict(data)
    align = dict(data.pop("align"))
    # before 1.3: no exact floor below min_words, and coverage was the only finding rule
    align.setdefault("min_exact_words", align.get("min_words", AlignOptions().min_words))
    align.setdefault("rewording_min_sentences", 0)  # before 1.4: no rewording path
    align.setdefault("rewording_max_words", 0)  # before 1.5: the path ran at any length
    align.setdefault("grow_synonyms", False)  # before 1.7: ends grew on the stems
    fingerprint = {"content_candidates": 0, **data.pop("fingerprint")}  # before 1.5: no content candidates
    data.setdefault("fail_passage_words", 0)
    return Settings(
        fingerprint=FingerprintOptions(**fingerprint),
        align=from_flat(align),  # the flat names of before the groups
        limits=Limits(**data.pop("limits", {})),
        **data,
    )


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a result holds")


def _load_json(path: Path) -> Any:
    """Parse a saved result: no ``NaN``, ``Infinity`` or overflowing numbers, no runaway nesting."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device would block the read
            raise ValueError("not a regular file")
        return json.loads(
            path.read_text(encoding="utf-8"), parse_constant=_refuse_constant, parse_float=_finite
        )
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise ResultFormatError(f"{path}: cannot read a JSON result ({error})") from error
    except RecursionError as error:
        raise ResultFormatError(f"{path}: cannot read a JSON result (nested too deeply)") from error


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped,unused-ignore]

    text = (resources.files("reuse") / "schemas" / "result.schema.json").read_text(encoding="utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def _where(parts: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts) or "(the top level)"


def validate_saved(data: Any, path: Path | str = "result") -> None:
    """Check a parsed JSON result before it is trusted: the published schema, then the texts.

    Beyond the schema: every span and passage offset lies within its document's ``text``, each
    document's ``characters`` is its text's length, and every id a pair, a breakdown or a score
    names is a document of the file.

    Raises:
        ResultFormatError: the first problem found, named by its place in the file.
    """
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped,unused-ignore]

    try:
        error = best_match(_validator().iter_errors(data))
    except RecursionError as deep:
        raise ResultFormatError(f"{path}: not a valid JSON result (nested too deeply)") from deep
    if error is not None:
        raise ResultFormatError(
            f"{path}: not a valid JSON result: at {_where(error.absolute_path)}: {error.message[:300]}"
        )
    lengths: dict[str, int] = {}
    ids = {d["id"] for d in data["documents"]}
    for k, doc in enumerate(data["documents"]):
        size = len(doc["text"])
        lengths[doc["id"]] = size
        if doc["characters"] != size:
            raise ResultFormatError(
                f"{path}: documents[{k}].characters is {doc['characters']} but its text has {size} characters"
            )
        spans = [("content", doc["content"]), ("template", doc["template"]),
                 ("quotations", doc.get("quotations", []))]
        spans += [(f"flags[{j}].spans", f["spans"]) for j, f in enumerate(doc.get("flags", []))]
        for name, values in spans:
            for j, (start, end) in enumerate(values):
                if not 0 <= start <= end <= size:
                    raise ResultFormatError(
                        f"{path}: documents[{k}].{name}[{j}] = [{start}, {end}] is outside its text "
                        f"(0..{size})"
                    )
        for j, share in enumerate(doc["breakdown"]):
            if share["document"] not in ids:
                raise ResultFormatError(
                    f"{path}: documents[{k}].breakdown[{j}] names no document of the file"
                )
    for k, pair in enumerate(data["pairs"]):
        for side in ("left", "right"):
            if pair[side] not in lengths:
                raise ResultFormatError(f"{path}: pairs[{k}].{side} names no document of the file")
        for j, passage in enumerate(pair["passages"]):
            for side in ("left", "right"):
                start, end, size = passage[f"{side}_start"], passage[f"{side}_end"], lengths[pair[side]]
                if not 0 <= start <= end <= size:
                    raise ResultFormatError(
                        f"{path}: pairs[{k}].passages[{j}] {side} offsets [{start}, {end}] are outside "
                        f"the text of {pair[side]!r} (0..{size})"
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
    since 1.2, and a document's ``references`` and a passage's ``left_reference``/``right_reference``,
    since 1.3, are empty or false in older files; a document's ``url`` and ``retrieved``, the result's
    ``anonymised`` and a pair's ``score`` and the rewording path, since 1.4, are empty, false, 0 and off in
    older files, whose pairs keep the order they were saved in; a file before 1.3 has neither the
    ``fail_passage_words`` rule nor the ``min_exact_words`` floor, and is read with them off). The
    gate is evaluated again
    (:func:`reuse.report.gate.evaluate`), with the fingerprints of the findings the file records as
    suppressed (``pairs[].suppressed``, since 1.2) as its baseline: the same findings, suppressed
    ones and failing submissions as the run that wrote it. A file from before 1.2 records no
    baseline, so nothing in it is suppressed.

    The file is not trusted: it must be JSON without ``NaN``/``Infinity`` nested no deeper than a
    result is, valid against the published schema (``reuse/schemas/result.schema.json``), and every
    offset must lie inside its document's text (:func:`validate_saved`).

    Raises:
        ResultFormatError: not a JSON result of a supported schema version, not valid against the
            schema, an offset or a document id that does not fit the texts, or (1.2 and later) a
            pair's recorded ``finding``, ``rule_id``, ``fingerprint`` or ``suppressed`` is not what
            its documents and settings give (the file was edited, or written under other rules).
    """
    data = _load_json(path)
    version = str(data.get("schema_version", "")) if isinstance(data, dict) else ""
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ResultFormatError(
            f"{path}: schema_version {version or '(none)'} is not supported (this is {SCHEMA_VERSION}); "
            "re-run `reuse check` with this version"
        )
    validate_saved(data, path)
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
                url=d.get("url", ""),
                retrieved=d.get("retrieved", ""),
                quotations=tuple(Span(a, b) for a, b in d.get("quotations", [])),
                references=tuple(Span(a, b) for a, b in d.get("references", [])),
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
                score=p.get("score", 0.0),
                passages=tuple(
                    Passage(Span(x["left_start"], x["left_end"]), Span(x["right_start"], x["right_end"]),
                            x["score"], x["kind"], x["left_words"], x["right_words"],
                            x.get("left_quoted", False), x.get("right_quoted", False),
                            x.get("left_reference", False), x.get("right_reference", False))
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
            skipped=tuple(SkippedFile(x["path"], x["reason"]) for x in data.get("skipped", [])),
            index_documents=int(data["summary"].get("index_documents", 0)),
            compared_pairs=data["summary"].get("compared_pairs"),  # schema-checked; before 1.6: none
            anonymised=data.get("anonymised", False) is True,
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
            if key == "reasons" and key not in written:  # before 1.3
                continue
            if written.get(key) != value:
                raise ResultFormatError(
                    f"{path}: pairs[{k}] records {key}={json.dumps(written.get(key))} but its documents and "
                    f"settings give {json.dumps(value)}; the file was edited or written under other rules: "
                    "re-run `reuse check`"
                )
    return SavedResult(result, gate, str(data.get("generated_at", "")))
