"""Views of a :class:`~reuse.model.CheckResult`: the JSON result, the HTML report, the terminal summary."""

# No ``from __future__ import annotations``: it binds the name ``annotations``, which this package
# re-exports from reuse.report.github (its annotations are all evaluable at run time).
import json

from reuse.model import CheckResult
from reuse.report.csv_out import render_csv
from reuse.report.gate import Gate
from reuse.report.github import annotations, step_summary
from reuse.report.gitlab import render_gitlab
from reuse.report.html import render_html, write_html
from reuse.report.json_result import (
    SCHEMA_VERSION,
    SavedResult,
    generated_at,
    read_result,
    read_saved,
    result_to_dict,
    write_json,
)
from reuse.report.junit import render_junit
from reuse.report.sarif import render_sarif
from reuse.report.text import summary_lines

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "csv", "html")


def render(fmt: str, result: CheckResult, gate: Gate, *, when: str, top: int = 20) -> str:
    """The whole output of one format (see ``FORMATS``) as text.

    ``github`` gives the workflow-command annotations; its Markdown table is :func:`step_summary`.
    """
    if fmt == "text":
        return "\n".join(summary_lines(result, top=top)) + "\n"
    if fmt == "json":
        return json.dumps(result_to_dict(result, gate=gate, when=when), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return render_html(result, generated_at=when, gate=gate)
    renderers = {"sarif": render_sarif, "junit": render_junit, "github": annotations,
                 "gitlab": render_gitlab, "csv": render_csv}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return renderers[fmt](result, gate)


__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "SavedResult",
    "annotations",
    "generated_at",
    "read_result",
    "read_saved",
    "render",
    "render_csv",
    "render_gitlab",
    "render_html",
    "render_junit",
    "render_sarif",
    "result_to_dict",
    "step_summary",
    "summary_lines",
    "write_html",
    "write_json",
]
