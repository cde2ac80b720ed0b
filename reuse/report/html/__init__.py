"""The HTML report: view models (:mod:`.views`), pictures (:mod:`.charts`), and the jinja2 rendering and
writing, one file or split in pages (:mod:`.render`)."""

from reuse.report.html.render import render_html, write_html, write_split

__all__ = ["render_html", "write_html", "write_split"]
