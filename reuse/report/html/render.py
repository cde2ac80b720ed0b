"""Rendering the HTML report: one self-contained file (inline CSS and JS, no network), rendered with jinja2.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from reuse._version import __version__
from reuse.atomic import atomic_write_text
from reuse.display import visible
from reuse.errors import OutputError
from reuse.model import CheckResult
from reuse.report.gate import Gate, evaluate
from reuse.report.html.charts import COLOURS, MAX_CLUSTER_CELLS, find_clusters, histogram_bars
from reuse.report.html.views import (
    DocView,
    Links,
    PairView,
    Verdict,
    doc_view,
    pair_view,
    percent,
    short_name,
    verdicts,
    why_text,
)
from reuse.report.json_result import check_gate


def _finalize(value: Any) -> Any:
    """What ``{{ ... }}`` shows: a plain string (a file name, an id, an author, a message) with every
    character that is not printable written ``<U+XXXX>`` (:func:`reuse.display.visible`), so a bidi
    control or an invisible character cannot spoof a name; document text and rendered markup as given.
    Autoescaping applies after this."""
    return visible(value) if type(value) is str else value



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
    env.filters["pct"] = percent
    env.filters["short"] = short_name
    env.globals["colours"] = COLOURS
    return env


def environment() -> Environment:
    """The report's jinja2 environment (its templates, autoescape, the name finalizer, its filters), for
    other views of a result that render the same templates (the case file, :mod:`reuse.report.casefile`)."""
    return _environment()


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
        pair_view(rank, pair, docs, gate.of(pair), result.settings.exclude_quotes,
                   why_text(gate.of(pair), result),
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
        doc_view(numbers[s.id], s, docs, pairs, links, marked[s.id]) for s in submissions if s.id in involved
    )
    ranks = {(v.left.id, v.right.id): v.rank for v in pairs}
    bars, threshold_x, top = histogram_bars((p.coverage for p in result.pairs), result.settings.fail_above)
    clusters = find_clusters(result, gate, docs, numbers, ranks, links)
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
        + f"at or above {percent(result.settings.fail_above)}"
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

