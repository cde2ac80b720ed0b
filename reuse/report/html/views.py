"""The HTML report's view models: each text cut into segments, and the pair, submission and verdict
views the templates show (plain values; the templates do all the markup)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from reuse.model import CheckResult, Document, DocumentScore, PairResult, Passage, Span
from reuse.report.gate import Finding, Gate, evaluate, reason_text


class DocumentText(str):
    """A piece of a document's text: shown as it is (escaped), unlike names (see :func:`_finalize`)."""

    __slots__ = ()



@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text in one state. ``number`` is the passage (or source) number, 0 for none.

    ``first`` marks the first segment of a numbered run: it carries the badge, whose element id
    is ``anchor`` and which links to ``href`` (the partner passage).
    """

    text: str
    number: int
    kind: str
    state: str  # "body", "chrome" or "template"
    first: bool
    anchor: str = ""
    href: str = ""
    flagged: bool = False
    title: str = ""


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a document to highlight, with what its badge says and where it links."""

    span: Span
    number: int
    kind: str
    anchor: str
    href: str
    title: str


_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\t\n\v\f\r"} | {0x7F: 0x2421}
"""Stray C0 controls (a NUL in an essay) shown as their Unicode control pictures (one character
for one, so nothing moves); a browser would drop them or show nothing."""


def segments(doc: Document, marks: Sequence[Mark], *, within: Span | None = None) -> tuple[Segment, ...]:
    """Cut ``doc.text`` (or only its part ``within``) at every mark, content, template and flag boundary.

    Where marks overlap, the one listed first wins (callers list the most important first).
    """
    flagged = [s for f in doc.flags for s in f.spans if s.end > s.start]
    low, high = (0, len(doc.text)) if within is None else (within.start, min(within.end, len(doc.text)))
    cuts = {low, high}
    for spans in ([m.span for m in marks], doc.content, doc.template, flagged):
        for span in spans:
            cuts.update((span.start, span.end))
    points = sorted(c for c in cuts if low <= c <= high)
    out: list[Segment] = []
    current: Mark | None = None
    for start, end in itertools.pairwise(points):
        mark = next((m for m in marks if m.span.start <= start and end <= m.span.end), None)
        if any(s.start <= start and end <= s.end for s in doc.template):
            state = "template"
        elif any(s.start <= start and end <= s.end for s in doc.content):
            state = "body"
        else:
            state = "chrome"
        first = mark is not None and mark is not current
        current = mark
        out.append(
            Segment(
                text=DocumentText(doc.text[start:end].translate(_CONTROL_PICTURES)),
                number=mark.number if mark else 0,
                kind=mark.kind if mark else "",
                state=state,
                first=first,
                anchor=mark.anchor if mark and first else "",
                href=mark.href if mark else "",
                flagged=any(s.start <= start and end <= s.end for s in flagged),
                title=mark.title if mark else "",
            )
        )
    return tuple(out)


class Links:
    """Where each view lives: anchors in one file, or pages of a split report."""

    def __init__(self, split: bool) -> None:
        self.split = split

    def pair(self, rank: int, suffix: str = "") -> str:
        page = f"pair-{rank:04d}.html" if self.split else ""
        return f"{page}#pair-{rank}{suffix}"

    def doc(self, number: int) -> str:
        page = f"submission-{number:04d}.html" if self.split else ""
        return f"{page}#doc-{number}"

    def section(self, name: str) -> str:
        return f"index.html#{name}" if self.split else f"#{name}"


@dataclass(frozen=True, slots=True)
class PassageRow:
    """One line of a pair's passage table. ``quoted`` is the label of a quoted passage ("quoted",
    or "quoted left"/"quoted right" when only one side is), empty for others."""

    number: int
    kind: str
    score: float
    left_words: int
    right_words: int
    left: Span
    right: Span
    quoted: str = ""
    reference: str = ""
    """"reference list" for a passage in a reference list, with ", not counted" unless the run counts them."""


def _quoted_label(p: Passage, excluded: bool = False) -> str:
    """"quoted" (or "quoted left"/"quoted right" when one side is), with ", not counted" when
    ``--exclude-quotes`` leaves it out of the scores; empty for a passage nobody quoted."""
    if p.left_quoted and p.right_quoted:
        label = "quoted"
    else:
        label = "quoted left" if p.left_quoted else "quoted right" if p.right_quoted else ""
    return f"{label}, not counted" if label and excluded else label


def _reference_label(p: Passage, counted: bool = False) -> str:
    """"reference list, not counted" (just "reference list" when ``--include-references`` counts it)
    for a passage in a reference list; empty for others."""
    if not p.reference:
        return ""
    return "reference list" if counted else "reference list, not counted"


@dataclass(frozen=True, slots=True)
class PairView:
    """One pair as the template shows it. ``suppressed``: a finding the baseline marks as reviewed."""

    anchor: str
    rank: int
    pair: PairResult
    finding: bool
    suppressed: bool
    left: Document
    right: Document
    relation: str  # "peer" or "source"
    rows: tuple[PassageRow, ...]
    left_segments: tuple[Segment, ...]
    right_segments: tuple[Segment, ...]
    why: str = ""
    """Why the pair is a finding (:func:`reuse.report.gate.reason_text`); empty when it is not one."""

    @property
    def reasons(self) -> str:
        """The finding's reasons in short (``coverage``, ``long passage``), for the pairs table."""
        return ", ".join(r.replace("_", " ") for r in self.finding_reasons)

    finding_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One counterpart in a submission's numbered source list."""

    number: int
    document: Document
    relation: str
    share: float
    pair_rank: int


@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's decision on a submission: ``finding`` when the gate fails it, baseline aside
    (:func:`verdicts`); ``suppressed`` when the baseline suppressed each of its findings."""

    finding: bool = False
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class DocView:
    """A submission: its score, numbered source list and highlighted text; ``finding`` and
    ``suppressed`` as in its :class:`Verdict`."""

    number: int
    anchor: str
    document: Document
    score: DocumentScore
    sources: tuple[SourceItem, ...]
    segments: tuple[Segment, ...]
    finding: bool
    suppressed: bool = False



def why_text(finding: Finding | None, result: CheckResult) -> str:
    return reason_text(finding, result.settings) if finding is not None else ""


def percent(value: float) -> str:
    return f"{100 * float(value):.1f}%"


def relation_of(doc: Document) -> str:
    return "peer" if doc.kind == "submission" else doc.kind


def short_name(doc_id: str, limit: int = 22) -> str:
    name = doc_id.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    return stem if len(stem) <= limit else stem[: limit - 1] + "…"


def pair_view(
    rank: int,
    pair: PairResult,
    docs: dict[str, Document],
    finding: Finding | None,
    exclude_quotes: bool = False,
    why: str = "",
    *,
    include_references: bool = False,
) -> PairView:
    anchor = f"pair-{rank}"
    numbered = list(enumerate(pair.passages, start=1))

    def marks(side: str, other: str) -> list[Mark]:
        return [
            Mark(
                span=p.left if side == "L" else p.right,
                number=n,
                kind=p.kind,
                anchor=f"{anchor}-{side}{n}",
                href=f"#{anchor}-{other}{n}",
                title=f"passage {n}, {p.kind}, {100 * p.score:.0f}% similar"
                      + (", quoted" if (p.left_quoted if side == "L" else p.right_quoted) else "")
                      + (f", {_reference_label(p, include_references)}" if p.reference else "")
                      + ": go to the other side",
            )
            for n, p in numbered
        ]

    return PairView(
        anchor=anchor,
        rank=rank,
        pair=pair,
        finding=finding is not None,
        suppressed=finding is not None and finding.suppressed,
        left=docs[pair.left],
        right=docs[pair.right],
        relation=relation_of(docs[pair.right]),
        rows=tuple(
            PassageRow(
                n, p.kind, p.score, p.left_words, p.right_words, p.left, p.right,
                _quoted_label(p, exclude_quotes),
                _reference_label(p, include_references),
            )
            for n, p in numbered
        ),
        left_segments=segments(docs[pair.left], marks("L", "R")),
        right_segments=segments(docs[pair.right], marks("R", "L")),
        why=why,
        finding_reasons=finding.reasons if finding is not None else (),
    )


def verdicts(result: CheckResult, gate: Gate) -> dict[str, Verdict]:
    """The gate's decision on each submission it fails, baseline aside (the others are no finding).

    A submission is a finding when the gate, without a baseline, fails it: under ``--fail-on pair``
    when it is a side of a finding pair, under ``--fail-on index`` when it is also at or above the
    threshold by its own similarity index (:func:`reuse.report.gate.evaluate`). It is marked reviewed when
    ``gate`` no longer fails it: the baseline suppressed each of its findings.
    """
    failing = set(gate.failing)
    everyone = failing if not gate.suppressed else set(evaluate(result).failing)
    return {doc_id: Verdict(True, doc_id not in failing) for doc_id in everyone}


def doc_view(
    number: int,
    score: DocumentScore,
    docs: dict[str, Document],
    pairs: Sequence[PairView],
    links: Links,
    verdict: Verdict,
) -> DocView:
    doc = docs[score.id]
    mine = {
        (v.right.id if v.left.id == doc.id else v.left.id): v
        for v in pairs
        if doc.id in (v.left.id, v.right.id)
    }
    shares = {s.document: s.share for s in score.breakdown}
    order = sorted(mine, key=lambda other: (-shares.get(other, 0.0), other))
    sources = tuple(
        SourceItem(k, docs[other], relation_of(docs[other]), shares.get(other, 0.0), mine[other].rank)
        for k, other in enumerate(order, start=1)
    )
    marks = []
    for item in sources:
        view = mine[item.document.id]
        side = "L" if view.left.id == doc.id else "R"
        for row in view.rows:
            marks.append(
                Mark(
                    span=row.left if side == "L" else row.right,
                    number=item.number,
                    kind=row.kind,
                    anchor=f"doc-{number}-s{item.number}p{row.number}",
                    href=links.pair(view.rank, f"-{side}{row.number}"),
                    title=f"source {item.number}, passage {row.number} ({row.kind}): see it side by side",
                )
            )
    return DocView(
        number=number,
        anchor=f"doc-{number}",
        document=doc,
        score=score,
        sources=sources,
        segments=segments(doc, marks),
        finding=verdict.finding,
        suppressed=verdict.suppressed,
    )


