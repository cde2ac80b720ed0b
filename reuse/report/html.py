"""The HTML report: one self-contained file (inline CSS and JS, no network), rendered with jinja2.

The report answers, in this order: who is suspicious (overview), how much (similarity index,
coverages), copied from where (numbered source lists) and exactly which passages (side by side).

Student text and file names are hostile. Python never builds markup: it cuts each text into
*segments* (plain strings with a passage number and a state) and the template, with autoescape
on, wraps them. No ``|safe`` is applied to anything derived from the inputs; the data the
script reads goes through ``|tojson`` into a ``<script type="application/json">`` block. The one
inline script is our own file, allowed by a Content-Security-Policy hash computed here.

:func:`render_html` / :func:`write_html` give one file; :func:`write_split` writes an index page
plus one page per pair and per submission, for classes too large for one file.

Which pairs and submissions are findings, and which of those a baseline suppressed, comes from the
run's gate (:func:`reuse.report.gate.evaluate`), the same verdict as the JSON result and the exit status.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from reuse._version import __version__
from reuse.atomic import atomic_write_text
from reuse.display import visible
from reuse.errors import OutputError
from reuse.model import CheckResult, Document, DocumentScore, PairResult, Passage, Span
from reuse.report.gate import Finding, Gate, evaluate, reason_text
from reuse.report.json_result import check_gate

# Okabe-Ito, colour-blind safe (black and grey left out). Passages also carry numbers and
# underline styles, so colour is never the only cue.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
INK = "#1a1a1a"
TINT = 0.38  # share of the palette colour in a highlight's background (the rest is white)
HIST_BINS = 20
MAX_CLUSTER_CELLS = 24
MAX_CLUSTER_DRAWN = 14  # larger clusters are listed, not drawn


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def tint(colour: str, share: float = TINT) -> str:
    """``colour`` mixed with white, ``share`` of it kept: the background of a highlight."""
    return "#" + "".join(f"{round(c * share + 255 * (1 - share)):02x}" for c in _rgb(colour))


def badge_text(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    return INK if contrast(INK, colour) >= contrast("#ffffff", colour) else "#ffffff"


COLOURS = tuple((c, tint(c), badge_text(c)) for c in PALETTE)  # (solid, highlight, badge text)


class DocumentText(str):
    """A piece of a document's text: shown as it is (escaped), unlike names (see :func:`_finalize`)."""

    __slots__ = ()


def _finalize(value: Any) -> Any:
    """What ``{{ ... }}`` shows: a plain string (a file name, an id, an author, a message) with every
    character that is not printable written ``<U+XXXX>`` (:func:`reuse.display.visible`), so a bidi
    control or an invisible character cannot spoof a name; document text and rendered markup as given.
    Autoescaping applies after this."""
    return visible(value) if type(value) is str else value


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


def segments(doc: Document, marks: Sequence[Mark]) -> tuple[Segment, ...]:
    """Cut ``doc.text`` at every mark, content, template and flag boundary.

    Where marks overlap, the one listed first wins (callers list the most important first).
    """
    flagged = [s for f in doc.flags for s in f.spans if s.end > s.start]
    cuts = {0, len(doc.text)}
    for spans in ([m.span for m in marks], doc.content, doc.template, flagged):
        for span in spans:
            cuts.update((span.start, span.end))
    points = sorted(c for c in cuts if 0 <= c <= len(doc.text))
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


@dataclass(frozen=True, slots=True)
class Bar:
    """A histogram bar (SVG user units)."""

    low: int
    high: int
    count: int
    x: float
    y: float
    width: float
    height: float
    above: bool


@dataclass(frozen=True, slots=True)
class ClusterNode:
    """A submission in the cluster drawing."""

    label: str
    document: Document
    href: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class ClusterEdge:
    """A pair at or above the threshold linking two submissions of a cluster."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    coverage: float
    href: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """A connected component of submissions linked by pairs at or above the threshold."""

    number: int
    documents: tuple[Document, ...]
    strongest: float
    nodes: tuple[ClusterNode, ...]
    edges: tuple[ClusterEdge, ...]
    x: float
    y: float


def _why(finding: Finding | None, result: CheckResult) -> str:
    return reason_text(finding, result.settings) if finding is not None else ""


def _pct(value: float) -> str:
    return f"{100 * float(value):.1f}%"


def _relation(doc: Document) -> str:
    return "peer" if doc.kind == "submission" else doc.kind


def _short(doc_id: str, limit: int = 22) -> str:
    name = doc_id.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    return stem if len(stem) <= limit else stem[: limit - 1] + "…"


def _pair_view(
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
        relation=_relation(docs[pair.right]),
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


def _doc_view(
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
        SourceItem(k, docs[other], _relation(docs[other]), shares.get(other, 0.0), mine[other].rank)
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


def _histogram(values: Iterable[float], threshold: float) -> tuple[tuple[Bar, ...], float, int]:
    counts = [0] * HIST_BINS
    for value in values:
        counts[min(HIST_BINS - 1, int(value * HIST_BINS + 1e-9))] += 1
    top = max(counts, default=0) or 1
    step, height = 30.0, 150.0
    bars = tuple(
        Bar(
            low=k * 100 // HIST_BINS,
            high=(k + 1) * 100 // HIST_BINS,
            count=c,
            x=40 + k * step,
            y=20 + height - height * c / top,
            width=step - 4,
            height=height * c / top,
            above=(k + 1) / HIST_BINS > threshold,
        )
        for k, c in enumerate(counts)
    )
    return bars, round(40 + threshold * HIST_BINS * step - 2, 1), top


def _clusters(
    result: CheckResult,
    gate: Gate,
    docs: dict[str, Document],
    numbers: dict[str, int],
    ranks: dict[tuple[str, str], int],
    links: Links,
) -> tuple[Cluster, ...]:
    threshold = result.settings.fail_above
    links_above = [
        p
        for p in result.pairs
        if gate.of(p) is not None and docs[p.left].kind == docs[p.right].kind == "submission"
    ]
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    for p in links_above:
        a, b = sorted((find(p.left), find(p.right)))
        parent[b] = a
    groups: dict[str, list[str]] = {}
    for member in sorted(parent):
        groups.setdefault(find(member), []).append(member)
    comps = []
    for members in groups.values():
        edges = [p for p in links_above if p.left in members]
        comps.append((members, edges, max((p.coverage for p in edges), default=threshold)))
    comps.sort(key=lambda c: (-len(c[0]), -c[2], c[0][0]))
    out = []
    cell_w, cell_h, columns = 250.0, 210.0, 4
    for k, (members, edges, strongest) in enumerate(comps):
        cx, cy = (k % columns) * cell_w, (k // columns) * cell_h
        if len(members) > MAX_CLUSTER_DRAWN:  # a hairball says nothing: the list below names them
            out.append(Cluster(k + 1, tuple(docs[m] for m in members), strongest, (), (), cx, cy))
            continue
        radius = min(64.0, 22.0 + 9.0 * len(members))
        pos = {}
        for j, member in enumerate(members):
            angle = math.pi + 2 * math.pi * j / len(members)
            pos[member] = (
                round(cx + cell_w / 2 + radius * math.cos(angle), 1),
                round(cy + 116 + radius * math.sin(angle), 1),
            )
        nodes = tuple(ClusterNode(_short(m), docs[m], links.doc(numbers[m]), *pos[m]) for m in members)
        cedges = tuple(
            ClusterEdge(
                *pos[p.left],
                *pos[p.right],
                width=round(1 + 6 * p.coverage, 1),
                coverage=p.coverage,
                href=links.pair(ranks[(p.left, p.right)]),
            )
            for p in edges
        )
        out.append(Cluster(k + 1, tuple(docs[m] for m in members), strongest, nodes, cedges, cx, cy))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _script() -> str:
    env = _environment()
    assert env.loader is not None
    js = env.loader.get_source(env, "report.js")[0]
    if "</script" in js.lower():  # would end the inline script early
        raise ValueError("report.js must not contain '</script'")
    return js


def _script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reuse", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["pct"] = _pct
    env.filters["short"] = _short
    env.globals["colours"] = COLOURS
    return env


@dataclass(frozen=True, slots=True)
class _Model:
    """Everything the template needs, computed once for a result."""

    context: dict[str, Any]
    pairs: tuple[PairView, ...]
    docs: tuple[DocView, ...]


def _model(result: CheckResult, *, generated_at: str, links: Links, gate: Gate | None) -> _Model:
    docs = {d.id: d for d in result.documents}
    gate = evaluate(result) if gate is None else gate
    check_gate(result, gate)
    pairs = tuple(
        _pair_view(rank, pair, docs, gate.of(pair), result.settings.exclude_quotes,
                   _why(gate.of(pair), result),
                   include_references=result.settings.include_references)
        for rank, pair in enumerate(result.pairs, start=1)
    )
    submissions = sorted(
        (s for s in result.scores if docs[s.id].kind == "submission"),
        key=lambda s: (-s.similarity_index, s.id),
    )
    involved = {d for v in pairs for d in (v.left.id, v.right.id)}
    numbers = {s.id: k for k, s in enumerate(submissions, start=1)}
    decided = verdicts(result, gate)
    marked = {s.id: decided.get(s.id, Verdict()) for s in submissions}
    views = tuple(
        _doc_view(numbers[s.id], s, docs, pairs, links, marked[s.id]) for s in submissions if s.id in involved
    )
    ranks = {(v.left.id, v.right.id): v.rank for v in pairs}
    bars, threshold_x, top = _histogram((p.coverage for p in result.pairs), result.settings.fail_above)
    clusters = _clusters(result, gate, docs, numbers, ranks, links)
    js = _script()
    flagged = [d for d in result.documents if d.flags]
    context = {
        "result": result,
        "docs": docs,
        "submissions": submissions,
        "numbers": numbers,
        "verdicts": marked,
        "viewed": {v.document.id for v in views},
        "top": {s.id: (s.breakdown[0] if s.breakdown else None) for s in submissions},
        "pairs": pairs,
        "findings": len(gate.findings),
        "reviewed": len(gate.suppressed),
        "by_index": result.settings.fail_on == "index",
        "pair_rule": ("with a submission " if result.settings.fail_on == "index" else "")
        + f"at or above {_pct(result.settings.fail_above)}"
        + (f" or with an exact passage of {result.settings.fail_passage_words}+ words"
           if result.settings.fail_passage_words else ""),
        "flagged": flagged,
        "flag_count": sum(len(d.flags) for d in flagged),
        "bars": bars,
        "threshold_x": threshold_x,
        "hist_top": top,
        "clusters": clusters,
        "drawn": clusters[:MAX_CLUSTER_CELLS],
        "cluster_height": 210 * max(1, -(-min(len(clusters), MAX_CLUSTER_CELLS) // 4)),
        "version": __version__,
        "generated_at": generated_at,
        "settings": result.settings.to_dict(),
        "links": links,
        "script": Markup(js),  # noqa: S704 (our own file, never student data; allowed by its CSP hash)
        "script_hash": _script_hash(js),
        "data": {
            "fail_above": result.settings.fail_above,
            "pairs": [[v.left.id, v.right.id, v.pair.coverage, v.relation] for v in pairs],
        },
    }
    return _Model(context, pairs, views)


def _render(model: _Model, page: str, **extra: Any) -> str:
    context = {**model.context, "page": page, "shown_pairs": model.pairs, "shown_docs": model.docs, **extra}
    if page in ("pair", "doc"):  # the script's data is only needed where the pairs table is
        context["data"] = {**context["data"], "pairs": []}
    return _environment().get_template("report.html.j2").render(**context)


def render_html(result: CheckResult, *, generated_at: str, gate: Gate | None = None) -> str:
    """The report as one self-contained HTML string (deterministic for a given result, gate and time).

    Args:
        result: the run.
        generated_at: the time the report gives as its generation time.
        gate: the run's :func:`reuse.report.gate.evaluate` (with its baseline): which pairs are
            findings and which of them are marked as reviewed; ``None`` evaluates ``result``
            without a baseline.

    Raises:
        ValueError: ``gate`` was evaluated on another result.
    """
    return _render(_model(result, generated_at=generated_at, links=Links(split=False), gate=gate), "full")


def write_html(result: CheckResult, path: Path, *, generated_at: str, gate: Gate | None = None) -> None:
    """Write the one-file report to ``path`` (UTF-8); arguments as for :func:`render_html`."""
    path.write_text(render_html(result, generated_at=generated_at, gate=gate), encoding="utf-8")


def write_split(
    result: CheckResult,
    directory: Path,
    *,
    generated_at: str,
    gate: Gate | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write a split report for very large classes: ``index.html`` plus one page per pair
    (``pair-0001.html``...) and per submission with shared passages (``submission-0001.html``...).

    Every page is self-contained and offline like the one-file report; ``gate`` is as for
    :func:`render_html`. Each page is written whole (:func:`reuse.atomic.atomic_write`).
    Returns the paths written, index first.

    Raises:
        OutputError: the folder or a page cannot be written (disk full, no permission).
    """
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{directory}: cannot create the folder ({error.strerror or error})") from error
    model = _model(result, generated_at=generated_at, links=Links(split=True), gate=gate)
    pages: list[tuple[str, str, dict[str, Any]]] = [
        ("index.html", "index", {"shown_pairs": (), "shown_docs": ()})
    ]
    pages += [
        (f"pair-{v.rank:04d}.html", "pair", {"shown_pairs": (v,), "shown_docs": ()}) for v in model.pairs
    ]
    pages += [
        (f"submission-{v.number:04d}.html", "doc", {"shown_pairs": (), "shown_docs": (v,)})
        for v in model.docs
    ]
    written = []
    for k, (name, page, extra) in enumerate(pages):
        path = directory / name
        atomic_write_text(path, _render(model, page, **extra))  # a page is whole, or the old one stays
        written.append(path)
        if progress:
            progress(k + 1, len(pages))
    return written
