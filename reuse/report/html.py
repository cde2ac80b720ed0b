"""The HTML report: one self-contained file (inline CSS, no network), rendered with jinja2.

Student text and file names are hostile. Python never builds markup: it cuts each text into
*segments* (plain strings with a passage number or a state) and the template, with autoescape
on, wraps them. No ``|safe`` is applied to anything derived from the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from reuse._version import __version__
from reuse.model import Document, PairResult, Span
from reuse.pipeline import CheckResult, is_finding

# Okabe-Ito, colour-blind safe; passages also carry numbers and underline styles.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text with one state: ``number`` is the passage number (0 for none)."""

    text: str
    number: int
    kind: str
    state: str  # "body", "chrome" or "template"
    first: bool  # first segment of its passage (carries the badge and anchor)


@dataclass(frozen=True, slots=True)
class PairView:
    """One pair as the template shows it."""

    anchor: str
    rank: int
    pair: PairResult
    finding: bool
    left: Document
    right: Document
    left_segments: tuple[Segment, ...]
    right_segments: tuple[Segment, ...]


def segments(doc: Document, passages: list[tuple[Span, int, str]]) -> tuple[Segment, ...]:
    """Cut ``doc.text`` at every passage, content and template boundary."""
    cuts = {0, len(doc.text)}
    for span, _, _ in passages:
        cuts.update((span.start, span.end))
    for span in (*doc.content, *doc.template):
        cuts.update((span.start, span.end))
    points = sorted(c for c in cuts if 0 <= c <= len(doc.text))
    out: list[Segment] = []
    seen: set[int] = set()
    for start, end in zip(points, points[1:]):
        if start == end:
            continue
        number, kind = 0, ""
        for span, num, knd in passages:
            if span.start <= start and end <= span.end:
                number, kind = num, knd
                break
        if any(s.start <= start and end <= s.end for s in doc.template):
            state = "template"
        elif any(s.start <= start and end <= s.end for s in doc.content):
            state = "body"
        else:
            state = "chrome"
        first = number > 0 and number not in seen
        seen.add(number)
        out.append(Segment(doc.text[start:end], number, kind, state, first))
    return tuple(out)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reuse", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda value: f"{100 * float(value):.1f}%"
    env.globals["palette"] = PALETTE
    return env


def render_html(result: CheckResult, *, generated_at: str) -> str:
    """The report as one HTML string."""
    docs = {d.id: d for d in result.documents}
    views = []
    for rank, pair in enumerate(result.pairs, start=1):
        numbered = list(enumerate(pair.passages, start=1))
        views.append(PairView(
            anchor=f"pair-{rank}",
            rank=rank,
            pair=pair,
            finding=is_finding(pair, result.settings),
            left=docs[pair.left],
            right=docs[pair.right],
            left_segments=segments(docs[pair.left], [(p.left, n, p.kind) for n, p in numbered]),
            right_segments=segments(docs[pair.right], [(p.right, n, p.kind) for n, p in numbered]),
        ))
    submissions = sorted(
        (s for s in result.scores if docs[s.id].kind == "submission"),
        key=lambda s: (-s.similarity_index, s.id),
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        result=result,
        docs=docs,
        views=views,
        submissions=submissions,
        findings=len(result.findings()),
        version=__version__,
        generated_at=generated_at,
        settings=result.settings.to_dict(),
    )


def write_html(result: CheckResult, path: Path, *, generated_at: str) -> None:
    """Write the report to ``path`` (UTF-8)."""
    path.write_text(render_html(result, generated_at=generated_at), encoding="utf-8")
