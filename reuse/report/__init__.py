"""Views of a :class:`~reuse.pipeline.CheckResult`: the JSON result, the HTML report, the terminal summary."""

from reuse.report.html import render_html, write_html
from reuse.report.json_result import SCHEMA_VERSION, generated_at, read_result, result_to_dict, write_json
from reuse.report.text import summary_lines

__all__ = [
    "SCHEMA_VERSION",
    "generated_at",
    "read_result",
    "render_html",
    "result_to_dict",
    "summary_lines",
    "write_html",
    "write_json",
]
