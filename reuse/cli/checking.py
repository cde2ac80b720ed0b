"""``reuse check``: run the check, write every requested output, map the verdict to an exit status."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any

import click

from reuse.cli.anonymous import anonymise_option, anonymous_view, named, read_key
from reuse.cli.app import cli
from reuse.cli.options import (
    AL,
    CONTEXT,
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    FORMATS,
    FP,
    ST,
    OutputSpec,
    Progress,
    ReuseClickError,
    SourceSpec,
    atomic_write_output,
    config_options,
    echo_file_errors,
    fingerprint_options,
    output_spec,
    resolve,
)
from reuse.display import plural, printable
from reuse.errors import NoSubmissionError
from reuse.settings import FAIL_ON


@cli.command(context_settings=CONTEXT)
@click.argument("submission_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sources", "sources", multiple=True, type=SourceSpec(), metavar="PATH_OR_INDEX",
              help="Source texts (file or folder), an index file from `reuse index build`, or a shared "
                   "index in Redis (redis://HOST:PORT/DB?prefix=NAME). Repeatable.")
@click.option("--template", "template", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Text never counted as reuse (assignment prompt, starter text). Repeatable.")
@click.option("--format", "format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="What to print on stdout: text (the summary), json, sarif, junit, github "
                   "(workflow-command annotations), gitlab (Code Quality), csv or html.")
@click.option("--output", "output", multiple=True, type=OutputSpec(), metavar="FORMAT:PATH",
              help="Also write FORMAT to PATH (e.g. sarif:reuse.sarif, junit:junit.xml). Repeatable.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML report here (same as --output html:FILE).")
@click.option("--split", "split_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also write a split HTML report into DIR (index.html plus one page per pair and per "
                   "submission), for very large classes.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON result here (same as --output json:FILE).")
@click.option("--fail-above", type=click.FloatRange(0, 1), default=ST.fail_above, show_default=True,
              metavar="RATIO", help="Threshold of a finding (exit 1); what reaches it is set by --fail-on.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=ST.fail_on, show_default=True,
              help="pair: a pair whose coverage (the larger of its two sides) reaches --fail-above is a "
                   "finding; index: a submission whose similarity index reaches it is one.")
@click.option("--fail-passage-words", type=click.IntRange(min=0), default=ST.fail_passage_words,
              show_default=True, metavar="WORDS",
              help="Also a finding, whatever the coverage: a pair sharing an exact or near-exact passage of "
                   "at least WORDS words (rule TR003; passages the student quoted do not count); 0 turns "
                   "this rule off.")
@click.option("--exclude-quotes/--include-quotes", default=ST.exclude_quotes, show_default=True,
              help="Leave passages a student quoted (inside visible quotation marks) out of coverage, "
                   "similarity index and findings; they stay listed, labelled quoted.")
@click.option("--include-references/--exclude-references", default=ST.include_references, show_default=True,
              help="Count passages inside a submission's reference list (bibliography, works cited) in "
                   "coverage, similarity index and findings. By default they stay listed, labelled "
                   "\"reference list, not counted\": a shared reading list is not reuse.")

@click.option("--allow-unchecked", is_flag=True, default=ST.allow_unchecked,
              help="Files that could not be checked (unreadable, unsupported, binary...) do not make the run "
                   "exit 2; they are still listed in every output, and the status is 0 or 1 by findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (report-only runs); "
                                                "errors still exit 2.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Findings whose fingerprints are in this baseline are reported as suppressed and "
                   "do not fail the run.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write every current finding to FILE as a baseline, then exit 0.")
@config_options
@fingerprint_options
@click.option("--seed-words", type=int, default=AL.exact.seed_words, show_default=True,
              help="Words per exact seed the aligner starts from.")
@click.option("--max-gap-words", type=int, default=AL.exact.max_gap_words, show_default=True,
              help="Largest gap (words) bridged inside one passage.")
@click.option("--min-words", type=int, default=AL.min_words, show_default=True,
              help="Shorter passages are dropped.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=AL.min_score, show_default=True,
              help="Passages less similar than this are dropped.")
@click.option("--min-exact-words", type=click.IntRange(min=1), default=AL.exact.min_words, show_default=True,
              help="Shortest exact passage kept (exact copies are kept from this floor, below --min-words).")
@click.option("--content-candidates", type=click.IntRange(min=0), default=FP.content_candidates,
              show_default=True,
              help="Most texts per submission proposed by content-word similarity (heavy rewrites of short "
                   "texts); 0: off.")
@click.option("--rewording-max-words", type=click.IntRange(min=0), default=AL.rewording.max_words,
              show_default=True, help="Heavy rewording is looked for when both texts have at most this many "
                                      "words (0: any length).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=ST.jobs, show_default="all cores",
              help="Worker processes for every stage (extraction, fingerprints, alignment); 1 runs "
                   "in-process. The result is the same for any value.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Run the stages on the workers of this Dask scheduler (tcp://HOST:8786) instead of "
                   "local processes; needs pip install \"reuse-detector[dask]\". Same result.")
@click.option("--id-pattern", metavar="REGEX", default=None,
              help="Regex with a named group (?P<student>...) that finds the student in each submission's "
                   "path, for exports whose naming reuse does not know (Moodle, Canvas, Blackboard and "
                   "GitHub Classroom layouts are recognised without it).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False), default=None, metavar="CSV",
              help="CSV with a name column and id columns (id, username, email, github_username...) "
                   "to show student names.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Cache extracted texts here, keyed by content hash, so re-running a class is fast "
                   "(default: no cache; nothing is written but the outputs you ask for).")
@anonymise_option
@click.option("--top", type=int, default=20, show_default=True, help="Pairs listed in the terminal summary.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on stdout; errors still go to stderr.")
@click.pass_context
def check(ctx: click.Context, /, submission_paths: tuple[Path, ...], html_path: Path | None,
          split_dir: Path | None, json_path: Path | None,
          write_baseline: Path | None, config_path: Path | None, isolated: bool, quiet: bool,
          **params: Any) -> None:
    """Compare every submission with every other one and with every source.

    A folder argument means every supported file under it (.txt, .md, .html). Settings come
    from flags, then [tool.reuse] in pyproject.toml (or --config FILE), then defaults.

    \b
    Exit status: 0 no finding (or --exit-zero), 1 findings (coverage at or above
    --fail-above, or an exact passage of --fail-passage-words), 2 usage,
    configuration or internal error, or a file that could not be checked
    (unless --allow-unchecked).
    \b
    Examples:
      reuse check samples/submissions --sources samples/sources \\
          --template samples/template/assignment_prompt.txt --html report.html --json result.json
      reuse check submissions --sources web.sqlite --format github --output sarif:reuse.sarif
    """
    from reuse.pipeline import check as run_check
    from reuse.report import generated_at, render, step_summary
    from reuse.report.baseline import read_baseline
    from reuse.report.baseline import write_baseline as save_baseline
    from reuse.report.gate import evaluate
    from reuse.settings.config import build_settings, load_config

    config = load_config(config_path, discover=not isolated)
    values = resolve(ctx, params, config)
    settings = build_settings(values)
    outputs = [_config_output(o, config.label) if isinstance(o, str) else o for o in values["output"]]
    outputs += [("html", html_path)] if html_path else []
    outputs += [("json", json_path)] if json_path else []
    stdout_format = values["format"]
    if stdout_format not in FORMATS:
        raise ReuseClickError(
            f"{config.label}: unknown format {stdout_format!r}; choose from {', '.join(FORMATS)}"
        )
    baseline = read_baseline(Path(values["baseline"])) if values["baseline"] else frozenset()

    key = read_key(params["anonymise"], create=True) if params["anonymise"] else None
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        result = run_check([*submission_paths], sources=[*values["sources"]], templates=[*values["template"]],
                           settings=settings, progress=progress, jobs=settings.jobs,
                           id_pattern=values["id_pattern"], roster=values["roster"],
                           cache_dir=values["cache_dir"] or None)
    except NoSubmissionError as error:
        echo_file_errors(error.errors)
        raise ReuseClickError(str(error)) from error
    finally:
        progress.close()
    echo_file_errors(result.errors)
    gate = evaluate(result, baseline)
    when = generated_at()
    verdict = gate  # the exit status and a written baseline come from the real result
    if key is not None:
        result, gate = anonymous_view(result, gate, key, roots=named(submission_paths),
                                      source_roots=named([*values["sources"], *values["template"]]))
    for fmt, path in outputs:
        text = render(fmt, result, gate, when=when, top=values["top"])
        atomic_write_output(path, functools.partial(Path.write_text, data=text, encoding="utf-8"))
    if split_dir:
        from reuse.report.html import write_split

        write_split(result, split_dir, generated_at=when, gate=gate)
    if write_baseline:
        atomic_write_output(write_baseline, lambda p: save_baseline(verdict, p))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and "github" in {stdout_format, *(fmt for fmt, _ in outputs)}:
        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(step_summary(result, gate) + "\n")
        except OSError as error:
            raise ReuseClickError(f"{summary_file}: cannot add the summary ({error.strerror})") from error
    if not quiet:
        click.echo(render(stdout_format, result, gate, when=when, top=values["top"]), nl=False)
        if stdout_format == "text":
            if gate.suppressed:
                click.echo(f"{plural(len(gate.suppressed), 'finding')} suppressed by the baseline "
                           f"{values['baseline']}")
            if gate.unmatched:
                click.echo(
                    f"{plural(len(gate.unmatched), 'baseline entry', 'baseline entries')} "
                    f"match{'es' if len(gate.unmatched) == 1 else ''} no current finding "
                    f"(the work changed or was fixed); --write-baseline writes a fresh baseline"
                )
            for fmt, path in outputs:
                click.echo(f"{_LABELS.get(fmt, fmt)}: {printable(str(path))}")
            if split_dir:
                click.echo(f"Split HTML report: {printable(str(split_dir / 'index.html'))}")
            if write_baseline:
                click.echo(f"Baseline: {write_baseline} ({plural(len(gate.findings), 'finding')})")
    if result.unchecked and not settings.allow_unchecked:
        click.echo(printable(f"reuse: error: {_unchecked_message(result)}"), err=True)
        sys.exit(EXIT_ERROR)
    if write_baseline or values["exit_zero"]:
        sys.exit(EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if verdict.failed else EXIT_CLEAN)


def _unchecked_message(result: Any) -> str:
    count = len(result.unchecked)
    return (f"{count} file{'s' if count != 1 else ''} could not be checked (listed above and in every "
            "report), so the verdict is incomplete: exit status 2. Fix or remove them, or pass "
            "--allow-unchecked (config: allow_unchecked = true) to accept an incomplete check")


_LABELS = {"html": "HTML report", "json": "JSON result", "sarif": "SARIF", "junit": "JUnit XML",
           "github": "GitHub annotations", "gitlab": "GitLab Code Quality", "csv": "CSV", "text": "Summary"}


def _config_output(value: str, label: str) -> tuple[str, Path]:
    try:
        return output_spec(value)
    except ValueError as error:
        raise ReuseClickError(f"{label}: output: {error}") from error
