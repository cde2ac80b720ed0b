"""``reuse report``: re-render outputs from a saved JSON result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from reuse.cli.anonymous import anonymise_option, anonymous_view, read_key
from reuse.cli.app import cli
from reuse.cli.options import (
    CONTEXT,
    atomic_write_output,
)

if TYPE_CHECKING:
    from reuse.report import SavedResult


@cli.command(context_settings=CONTEXT)
@click.argument("result_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML report here.")
@anonymise_option
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path),
              help='Write a PDF case file for a panel here (needs pip install "reuse-detector[pdf]").')
@click.option("--pair", "pair_numbers", type=click.IntRange(min=1), multiple=True, metavar="N",
              help="With --pdf: a pair to put in the case file (repeatable), numbered from 1 in the order "
                   "of the JSON result's pairs and the HTML report's pairs table; default: every finding.")
def report(result_file: Path, html_path: Path | None, anonymise: Path | None, pdf_path: Path | None,
           pair_numbers: tuple[int, ...]) -> None:
    """Re-render the HTML report, or a PDF case file, from a saved JSON result."""
    from reuse.report import SavedResult, read_saved, write_html

    if html_path is None and pdf_path is None:
        raise click.UsageError("give --html FILE, --pdf FILE or both")
    if pair_numbers and pdf_path is None:
        raise click.UsageError("--pair chooses the pairs of the PDF case file: give --pdf FILE too")
    key = read_key(anonymise, create=True) if anonymise else None
    saved = read_saved(result_file)
    if key is not None:
        saved = SavedResult(*anonymous_view(saved.result, saved.gate, key), saved.generated_at)
    if pdf_path is not None:
        write_case_file(saved, pdf_path, pair_numbers)
    if html_path is not None:
        atomic_write_output(html_path,
                      lambda p: write_html(saved.result, p, generated_at=saved.generated_at, gate=saved.gate))
        click.echo(f"HTML report: {html_path}")


def write_case_file(saved: SavedResult, path: Path, pairs: tuple[int, ...]) -> None:
    """Write the PDF case file of a saved result (:func:`reuse.report.casefile.write_pdf`) and say which
    pairs it holds."""
    from reuse.report.casefile import select_pairs, write_pdf

    chosen = select_pairs(saved.result, saved.gate, pairs)
    write_pdf(saved.result, path, generated_at=saved.generated_at, gate=saved.gate, pairs=pairs)
    what = (f"pair{'' if len(chosen) == 1 else 's'} {', '.join(map(str, chosen))}" if chosen
            else "no pair (no finding; name pairs with --pair N)")
    click.echo(f"PDF case file: {path} ({what})")
