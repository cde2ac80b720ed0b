"""``reuse report``: re-render outputs from a saved JSON result."""

from __future__ import annotations

from pathlib import Path

import click

from reuse.cli.anonymous import anonymise_option, anonymous_view, read_key
from reuse.cli.app import cli
from reuse.cli.options import (
    CONTEXT,
    atomic_write_output,
)


@cli.command(context_settings=CONTEXT)
@click.argument("result_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML report here.")
@anonymise_option
def report(result_file: Path, html_path: Path, anonymise: Path | None) -> None:
    """Re-render the HTML report from a saved JSON result."""
    from reuse.report import SavedResult, read_saved, write_html

    key = read_key(anonymise, create=True) if anonymise else None
    saved = read_saved(result_file)
    if key is not None:
        saved = SavedResult(*anonymous_view(saved.result, saved.gate, key), saved.generated_at)
    atomic_write_output(html_path,
                  lambda p: write_html(saved.result, p, generated_at=saved.generated_at, gate=saved.gate))
    click.echo(f"HTML report: {html_path}")
