"""The ``reuse`` command: a thin click layer over the library.

It parses options, builds :class:`~reuse.settings.Settings`, calls the library, writes the
requested outputs and maps outcomes to exit statuses: 0 nothing at or above the threshold,
1 findings, 2 usage, configuration or internal error (never 0 on an error).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reuse._version import __version__
from reuse.errors import ReuseError
from reuse.settings import AlignOptions, FingerprintOptions, Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_FP = FingerprintOptions()
_AL = AlignOptions()
_ST = Settings()


class ReuseClickError(click.ClickException):
    """A library error shown to the user; exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"reuse: error: {self.format_message()}", err=True)


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _fingerprint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--shingle-words", type=int, default=_FP.shingle_words, show_default=True,
                     help="Words per shingle hashed into MinHash signatures."),
        click.option("--window-words", type=int, default=_FP.window_words, show_default=True,
                     help="Words per indexed window (windows overlap by half)."),
        click.option("--num-perm", type=int, default=_FP.num_perm, show_default=True,
                     help="MinHash permutations per window."),
        click.option("--threshold", type=float, default=_FP.threshold, show_default=True,
                     help="Window Jaccard similarity the LSH bands are tuned to catch."),
        click.option("--strip-chrome/--keep-chrome", default=_ST.strip_chrome, show_default=True,
                     help="Leave scraped-page chrome (menus, footers, cut marks) out of matching."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fingerprint(kwargs: dict[str, Any]) -> FingerprintOptions:
    return FingerprintOptions(
        shingle_words=kwargs.pop("shingle_words"),
        window_words=kwargs.pop("window_words"),
        num_perm=kwargs.pop("num_perm"),
        threshold=kwargs.pop("threshold"),
    )


class _Progress:
    """Progress bars on stderr, one per stage, shown only on a terminal for long stages."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stage = ""
        self.bar: Any = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 20:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=f"{stage:<10}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="reuse")
def cli() -> None:
    """Find text reuse between coursework submissions, and against web and earlier sources."""


@cli.command(context_settings=CONTEXT)
@click.argument("submission_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sources", "sources", multiple=True, type=click.Path(path_type=Path), metavar="PATH_OR_INDEX",
              help="Source texts (file or folder) or an index file from `reuse index build`. Repeatable.")
@click.option("--template", "templates", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Text never counted as reuse (assignment prompt, starter text). Repeatable.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML report here.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON result here.")
@click.option("--fail-above", type=click.FloatRange(0, 1), default=_ST.fail_above, show_default=True,
              help="A pair whose coverage (the larger of its two sides) reaches this is a finding: exit 1.")
@_fingerprint_options
@click.option("--seed-words", type=int, default=_AL.seed_words, show_default=True,
              help="Words per exact seed the aligner starts from.")
@click.option("--max-gap-words", type=int, default=_AL.max_gap_words, show_default=True,
              help="Largest gap (words) bridged inside one passage.")
@click.option("--min-words", type=int, default=_AL.min_words, show_default=True,
              help="Shorter passages are dropped.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=_AL.min_score, show_default=True,
              help="Passages less similar than this are dropped.")
@click.option("--top", type=int, default=20, show_default=True, help="Pairs listed in the terminal summary.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def check(submission_paths: tuple[Path, ...], sources: tuple[Path, ...], templates: tuple[Path, ...],
          html_path: Path | None, json_path: Path | None, fail_above: float, top: int, quiet: bool,
          **kwargs: Any) -> None:
    """Compare every submission with every other one and with every source.

    A folder argument means every supported file under it (.txt, .md, .html).

    \b
    Exit status: 0 no pair at or above --fail-above, 1 at least one, 2 error.
    \b
    Example:
      reuse check samples/submissions --sources samples/sources \\
          --template samples/template/assignment_prompt.txt --html report.html --json result.json
    """
    from reuse.pipeline import check as run_check
    from reuse.report import generated_at, summary_lines, write_html, write_json

    strip_chrome = kwargs.pop("strip_chrome")
    settings = Settings(
        fingerprint=_fingerprint(kwargs),
        align=AlignOptions(**kwargs),
        fail_above=fail_above,
        strip_chrome=strip_chrome,
    )
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        result = run_check(list(submission_paths), sources=list(sources), templates=list(templates),
                           settings=settings, progress=progress)
    finally:
        progress.close()
    for error in result.errors:
        click.echo(f"reuse: {error.path}: {error.message}" + (f" ({error.hint})" if error.hint else ""), err=True)
    if not any(d.kind == "submission" for d in result.documents):
        raise ReuseClickError("no submission could be read; nothing was checked")
    when = generated_at()
    if json_path:
        _atomic_write(json_path, lambda p: write_json(result, p, when=when))
    if html_path:
        _atomic_write(html_path, lambda p: write_html(result, p, generated_at=when))
    if not quiet:
        for line in summary_lines(result, top=top):
            click.echo(line)
        for label, path in (("HTML report", html_path), ("JSON result", json_path)):
            if path:
                click.echo(f"{label}: {path}")
    sys.exit(EXIT_FINDINGS if result.findings() else EXIT_CLEAN)


@cli.group(context_settings=CONTEXT)
def index() -> None:
    """Build and inspect a persistent index of source texts (one SQLite file)."""


def _index_run(index_file: Path, source_paths: tuple[Path, ...], *, create: bool, kwargs: dict[str, Any]) -> None:
    from reuse.index import index_info
    from reuse.pipeline import build_index

    settings = Settings(fingerprint=_fingerprint(kwargs), strip_chrome=kwargs.pop("strip_chrome"))
    built, added, errors = build_index(index_file, list(source_paths), settings=settings, create=create)
    for error in errors:
        click.echo(f"reuse: {error.path}: {error.message}" + (f" ({error.hint})" if error.hint else ""), err=True)
    info = index_info(built)
    click.echo(f"{index_file}: added {added} documents; now {info['documents']} documents, {info['windows']} windows")


@index.command("build", context_settings=CONTEXT)
@click.argument("index_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("source_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_fingerprint_options
def index_build(index_file: Path, source_paths: tuple[Path, ...], **kwargs: Any) -> None:
    """Create INDEX_FILE from source texts (files or folders). The file must not exist."""
    if index_file.exists():
        raise ReuseClickError(f"{index_file} already exists; use `reuse index add` to extend it")
    index_file.parent.mkdir(parents=True, exist_ok=True)
    _index_run(index_file, source_paths, create=True, kwargs=kwargs)


@index.command("add", context_settings=CONTEXT)
@click.argument("index_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("source_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_fingerprint_options
def index_add(index_file: Path, source_paths: tuple[Path, ...], **kwargs: Any) -> None:
    """Add source texts to an existing INDEX_FILE, in one transaction."""
    _index_run(index_file, source_paths, create=False, kwargs=kwargs)


@index.command("info", context_settings=CONTEXT)
@click.argument("index_file", type=click.Path(dir_okay=False, path_type=Path))
def index_info_command(index_file: Path) -> None:
    """Print the parameters and size of INDEX_FILE as JSON."""
    from reuse.index import index_info, open_index

    click.echo(json.dumps(index_info(open_index(index_file)), indent=2, sort_keys=True))


@cli.command(context_settings=CONTEXT)
@click.argument("result_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML report here.")
def report(result_file: Path, html_path: Path) -> None:
    """Re-render the HTML report from a saved JSON result."""
    from reuse.report import read_result, write_html

    result, when = read_result(result_file)
    _atomic_write(html_path, lambda p: write_html(result, p, generated_at=when))
    click.echo(f"HTML report: {html_path}")


def main() -> None:
    """Console entry point: run the CLI and map every failure to exit status 2."""
    try:
        cli.main(standalone_mode=False)
        sys.exit(EXIT_CLEAN)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code if error.exit_code != 1 else EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("reuse: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except ReuseError as error:
        click.echo(f"reuse: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("reuse: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception:  # noqa: BLE001 - the last line of defence: never exit 0 or 1 on a crash
        click.echo("reuse: internal error (please report it with this trace):", err=True)
        click.echo(traceback.format_exc(), err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
