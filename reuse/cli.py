"""The ``reuse`` command: a thin click layer over the library.

It parses options, builds :class:`~reuse.settings.Settings`, calls the library, writes the
requested outputs and maps outcomes to exit statuses: 0 nothing at or above the threshold,
1 findings, 2 usage, configuration or internal error (never 0 on an error).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from reuse._version import __version__
from reuse.display import plural, printable
from reuse.errors import NoSubmissionError, ReuseError
from reuse.settings import FAIL_ON, AlignOptions, FingerprintOptions, Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_FP = FingerprintOptions()
_AL = AlignOptions()
_ST = Settings()
_WRITE_WAIT = 600.0  # reuse.index.WRITE_WAIT_SECONDS (not imported: the CLI starts without numpy)
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "csv", "html")  # reuse.report.FORMATS


class ReuseClickError(click.ClickException):
    """A library error shown to the user; exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"reuse: error: {self.format_message()}", err=True)


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, so a failure leaves no half file and the
    old file intact (:func:`reuse.atomic.atomic_write`; a write error is an ``OutputError``)."""
    from reuse.atomic import atomic_write

    atomic_write(path, write)


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


if TYPE_CHECKING:
    _OutputSpecBase = click.ParamType[tuple[str, Path], Any]
    _SourceSpecBase = click.ParamType[str | Path, Any]
else:  # ParamType is generic only in newer click releases: not subscripted at run time
    _OutputSpecBase = _SourceSpecBase = click.ParamType


class OutputSpec(_OutputSpecBase):
    """``FORMAT:PATH`` for ``--output``; the format must be one of ``FORMATS``."""

    name = "FORMAT:PATH"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Path]:
        if isinstance(value, tuple):
            return value
        try:
            return _output_spec(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _output_spec(value: str) -> tuple[str, Path]:
    fmt, sep, path = value.partition(":")
    if not sep or not path:
        raise ValueError(f"{value!r} is not FORMAT:PATH (e.g. sarif:out/reuse.sarif)")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} in {value!r}; choose from {', '.join(FORMATS)}")
    return fmt, Path(path)


class SourceSpec(_SourceSpecBase):
    """A ``--sources`` value: a URL (``redis://...``) stays a string, anything else is a path."""

    name = "PATH_OR_INDEX"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | Path:
        from reuse.index import is_redis_url

        return value if isinstance(value, Path) or is_redis_url(value) else Path(value)


# CLI parameter name -> (group, key) in the configuration and Settings; others are top-level keys.
_GROUPED = {**{f: ("fingerprint", f) for f in ("shingle_words", "window_words", "num_perm", "threshold")},
            **{f: ("align", f) for f in ("seed_words", "max_gap_words", "min_words", "min_score",
                                         "min_exact_words")}}
_CONFIGURABLE: tuple[str, ...] = (
    "fail_above", "fail_on", "strip_chrome", "exclude_quotes", "sources", "template", "baseline",
    "format", "output", "top", "exit_zero", "jobs", "id_pattern", "roster", "cache_dir",
    "include_references",
    "allow_unchecked",
    "fail_passage_words",
)


def _resolve(ctx: click.Context, params: dict[str, Any], config: Any) -> dict[str, Any]:
    """Nested effective values: explicitly given flags > configuration file > flag defaults."""
    from reuse.settings.config import merge

    flags: dict[str, Any] = {}
    for name, value in params.items():
        if ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None):
            continue
        if name in _GROUPED:
            group, key = _GROUPED[name]
            flags.setdefault(group, {})[key] = value
        elif name in _CONFIGURABLE:
            flags[name] = value
    values = merge(config.values, flags)
    for name in _CONFIGURABLE:
        if name in params:
            values.setdefault(name, params[name])
    return values


def _config_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="TOML file with the settings at top level, or a pyproject.toml with [tool.reuse]. "
                          "Default: the nearest pyproject.toml with [tool.reuse], up to the git root."),
        click.option("--isolated", is_flag=True,
                     help="Ignore configuration files; use flags and defaults only."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


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
@click.option("--fail-above", type=click.FloatRange(0, 1), default=_ST.fail_above, show_default=True,
              metavar="RATIO", help="Threshold of a finding (exit 1); what reaches it is set by --fail-on.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=_ST.fail_on, show_default=True,
              help="pair: a pair whose coverage (the larger of its two sides) reaches --fail-above is a "
                   "finding; index: a submission whose similarity index reaches it is one.")
@click.option("--fail-passage-words", type=click.IntRange(min=0), default=_ST.fail_passage_words,
              show_default=True, metavar="WORDS",
              help="Also a finding, whatever the coverage: a pair sharing an exact or near-exact passage of "
                   "at least WORDS words (rule TR003; passages the student quoted do not count); 0 turns "
                   "this rule off.")
@click.option("--exclude-quotes/--include-quotes", default=_ST.exclude_quotes, show_default=True,
              help="Leave passages a student quoted (inside visible quotation marks) out of coverage, "
                   "similarity index and findings; they stay listed, labelled quoted.")
@click.option("--include-references/--exclude-references", default=_ST.include_references, show_default=True,
              help="Count passages inside a submission's reference list (bibliography, works cited) in "
                   "coverage, similarity index and findings. By default they stay listed, labelled "
                   "\"reference list, not counted\": a shared reading list is not reuse.")

@click.option("--allow-unchecked", is_flag=True, default=_ST.allow_unchecked,
              help="Files that could not be checked (unreadable, unsupported, binary...) do not make the run "
                   "exit 2; they are still listed in every output, and the status is 0 or 1 by findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (report-only runs); "
                                                "errors still exit 2.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Findings whose fingerprints are in this baseline are reported as suppressed and "
                   "do not fail the run.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write every current finding to FILE as a baseline, then exit 0.")
@_config_options
@_fingerprint_options
@click.option("--seed-words", type=int, default=_AL.seed_words, show_default=True,
              help="Words per exact seed the aligner starts from.")
@click.option("--max-gap-words", type=int, default=_AL.max_gap_words, show_default=True,
              help="Largest gap (words) bridged inside one passage.")
@click.option("--min-words", type=int, default=_AL.min_words, show_default=True,
              help="Shorter passages are dropped.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=_AL.min_score, show_default=True,
              help="Passages less similar than this are dropped.")
@click.option("--min-exact-words", type=click.IntRange(min=1), default=_AL.min_exact_words, show_default=True,
              help="Shortest exact passage kept (exact copies are kept from this floor, below --min-words).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=_ST.jobs, show_default=True,
              help="Worker processes for text extraction.")
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
    values = _resolve(ctx, params, config)
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

    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        result = run_check([*submission_paths], sources=[*values["sources"]], templates=[*values["template"]],
                           settings=settings, progress=progress, jobs=settings.jobs,
                           id_pattern=values["id_pattern"], roster=values["roster"],
                           cache_dir=values["cache_dir"] or None)
    except NoSubmissionError as error:
        _echo_file_errors(error.errors)
        raise ReuseClickError(str(error)) from error
    finally:
        progress.close()
    _echo_file_errors(result.errors)
    gate = evaluate(result, baseline)
    when = generated_at()
    for fmt, path in outputs:
        text = render(fmt, result, gate, when=when, top=values["top"])
        _atomic_write(path, functools.partial(Path.write_text, data=text, encoding="utf-8"))
    if split_dir:
        from reuse.report.html import write_split

        write_split(result, split_dir, generated_at=when, gate=gate)
    if write_baseline:
        _atomic_write(write_baseline, lambda p: save_baseline(gate, p))
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
    sys.exit(EXIT_FINDINGS if gate.failed else EXIT_CLEAN)


def _echo_file_errors(errors: Any) -> None:
    """One stderr line per file that was not checked."""
    for error in errors:
        click.echo(printable(f"reuse: {error.path}: {error.message}"
                             + (f" ({error.hint})" if error.hint else "")), err=True)


def _unchecked_message(result: Any) -> str:
    count = len(result.unchecked)
    return (f"{count} file{'s' if count != 1 else ''} could not be checked (listed above and in every "
            "report), so the verdict is incomplete: exit status 2. Fix or remove them, or pass "
            "--allow-unchecked (config: allow_unchecked = true) to accept an incomplete check")


_LABELS = {"html": "HTML report", "json": "JSON result", "sarif": "SARIF", "junit": "JUnit XML",
           "github": "GitHub annotations", "gitlab": "GitLab Code Quality", "csv": "CSV", "text": "Summary"}


def _config_output(value: str, label: str) -> tuple[str, Path]:
    try:
        return _output_spec(value)
    except ValueError as error:
        raise ReuseClickError(f"{label}: output: {error}") from error


@cli.group(context_settings=CONTEXT)
def index() -> None:
    """Build and inspect a persistent index of source texts.

    INDEX_FILE is one SQLite file, or redis://HOST:PORT/DB?prefix=NAME for a shared index in
    Redis (needs the redis extra; the password may be in the URL or in REDIS_PASSWORD; other URL
    parameters: socket_timeout and socket_connect_timeout, in seconds).
    """


def _index_location(value: str) -> str | Path:
    """INDEX_FILE as given: a Redis URL stays a string, anything else is a path."""
    from reuse.index import is_redis_url

    return value if is_redis_url(value) else Path(value)


def _index_name(location: str | Path) -> str:
    """How to show an index location (a Redis URL without its password)."""
    if isinstance(location, Path):
        return str(location)
    from reuse.index.redis_url import redact_url

    return redact_url(location)


def _index_run(ctx: click.Context, index_file: str | Path, source_paths: tuple[Path, ...], *, create: bool,
               kwargs: dict[str, Any]) -> None:
    from reuse.index import index_info
    from reuse.model import SkippedFile
    from reuse.pipeline import ALREADY_INDEXED, build_index
    from reuse.settings.config import build_settings, load_config

    config = load_config(kwargs.pop("config_path"), discover=not kwargs.pop("isolated"))
    values = _resolve(ctx, kwargs, config)
    settings = build_settings({"fingerprint": values.get("fingerprint", {}),
                               "strip_chrome": values["strip_chrome"], "limits": values.get("limits", {})})
    wait = {"wait": kwargs.pop("wait")} if "wait" in kwargs else {}
    skipped: list[SkippedFile] = []
    built, added, errors = build_index(
        index_file, list(source_paths), settings=settings, create=create, skipped=skipped,
        notify=lambda message: click.echo(printable(f"reuse: {message}"), err=True), **wait
    )
    for skip in skipped:
        click.echo(printable(f"reuse: {skip.path}: skipped: {skip.reason}"), err=True)
    for error in errors:
        hint = f" ({error.hint})" if error.hint else ""
        click.echo(printable(f"reuse: {error.path}: {error.message}{hint}"), err=True)
    if not added:
        raise ReuseClickError(printable(f"{_index_name(index_file)}: no document was added (every input "
                                        "was already in the index or could not be read); nothing to do"))
    info = index_info(built)
    click.echo(printable(f"{_index_name(index_file)}: added {plural(added, 'document')}; now "
                          f"{_count(info['documents'], 'document')}, {_count(info['windows'], 'window')}"))
    left_out = [e for e in errors if e.message != ALREADY_INDEXED]
    if left_out and not values.get("allow_unchecked"):
        raise ReuseClickError(printable(
            f"{plural(len(left_out), 'file')} could not be indexed (listed above); the index holds the "
            "others. Fix or remove them and run `reuse index add`, or pass --allow-unchecked to accept this"
        ))


def _count(value: object, word: str) -> str:
    """:func:`plural` of a count read from an index's info."""
    return plural(value if isinstance(value, int) else 0, word)


@index.command("build", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
@click.argument("source_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_config_options
@click.option("--allow-unchecked", is_flag=True, default=_ST.allow_unchecked,
              help="Files that could not be read do not make the command exit 2 (they are still listed).")
@_fingerprint_options
@click.pass_context
def index_build(
    ctx: click.Context, /, index_file: str, source_paths: tuple[Path, ...], **kwargs: Any
) -> None:
    """Create INDEX_FILE (a new file, or redis://HOST:PORT/DB?prefix=NAME with no index under
    that prefix) from source texts (files or folders).

    Fingerprint settings come from flags, then [tool.reuse.fingerprint] (or --config), then defaults.
    """
    from reuse.errors import SourceIndexError
    from reuse.index import open_index

    location = _index_location(index_file)
    if isinstance(location, Path):
        if location.exists():
            raise ReuseClickError(f"{location} already exists; use `reuse index add` to extend it")
        location.parent.mkdir(parents=True, exist_ok=True)
    else:
        try:
            open_index(location)
        except SourceIndexError as error:
            if "no parameter stamp" not in str(error):
                raise ReuseClickError(str(error)) from error
        else:
            raise ReuseClickError(
                f"{_index_name(location)} already holds an index; use `reuse index add` to extend it"
            )
    _index_run(ctx, location, source_paths, create=True, kwargs=kwargs)


@index.command("add", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
@click.argument("source_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_config_options
@click.option("--allow-unchecked", is_flag=True, default=_ST.allow_unchecked,
              help="Files that could not be read do not make the command exit 2 (they are still listed).")
@_fingerprint_options
@click.option("--wait", type=click.FloatRange(min=0), default=_WRITE_WAIT, show_default=True,
              metavar="SECONDS",
              help="How long to wait for another process writing INDEX_FILE before giving up (exit 2).")
@click.pass_context
def index_add(ctx: click.Context, /, index_file: str, source_paths: tuple[Path, ...], **kwargs: Any) -> None:
    """Add source texts to an existing INDEX_FILE (file or redis:// URL), in one transaction.

    One process writes a SQLite index at a time: another one waits for it (up to --wait
    seconds, saying so on stderr), queries go on meanwhile."""
    _index_run(ctx, _index_location(index_file), source_paths, create=False, kwargs=kwargs)


@index.command("info", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
def index_info_command(index_file: str) -> None:
    """Print the parameters and size of INDEX_FILE (file or redis:// URL) as JSON."""
    from reuse.index import index_info, open_index

    click.echo(json.dumps(index_info(open_index(_index_location(index_file))), indent=2, sort_keys=True))


@index.command("drop", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
def index_drop(index_file: str) -> None:
    """Delete INDEX_FILE: every key of a redis:// index (also an incomplete or damaged one), or
    an index file (with its -wal and -shm files; refused for a file that is not an index)."""
    location = _index_location(index_file)
    if isinstance(location, Path):
        from reuse.index import open_index

        store: Any = open_index(location).store
        store.close()  # SourceIndexError for a missing file or one that is no index
        for path in (location, Path(f"{location}-wal"), Path(f"{location}-shm")):
            path.unlink(missing_ok=True)
        click.echo(printable(f"{location}: deleted"))
        return
    from reuse.index.redis import RedisStore

    store = RedisStore.from_url(location)
    deleted = store.drop()
    click.echo(f"{_index_name(location)}: deleted {deleted} key{'s' if deleted != 1 else ''}")


@index.command("verify", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
def index_verify(index_file: str) -> None:
    """Check INDEX_FILE (file or redis:// URL) from end to end: its parameter stamp and schema,
    the integrity of its storage, and that its documents and windows agree. Reads only.

    \b
    Exit status: 0 sound, 2 damaged, incomplete or not an index (what is wrong goes to stderr).
    """
    from reuse.index import open_index, verify_index

    location = _index_location(index_file)
    if isinstance(location, Path):
        problems = verify_index(open_index(location))
    else:  # not through open_index, which refuses an incomplete index: list what is wrong instead
        from reuse.index.redis import RedisStore

        problems = RedisStore.from_url(location).verify()
    for problem in problems:
        click.echo(printable(f"reuse: {_index_name(location)}: {problem}"), err=True)
    if problems:
        found = plural(len(problems), "problem")
        raise ReuseClickError(f"{_index_name(location)} is damaged ({found} found); rebuild it with "
                              "`reuse index build` (`reuse index drop` removes it)")
    documents, windows = open_index(location).store.counts()
    click.echo(printable(f"{_index_name(location)}: sound ({plural(documents, 'document')}, "
                          f"{plural(windows, 'window')})"))


@cli.command(context_settings=CONTEXT)
@click.argument("result_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML report here.")
def report(result_file: Path, html_path: Path) -> None:
    """Re-render the HTML report from a saved JSON result."""
    from reuse.report import read_saved, write_html

    saved = read_saved(result_file)
    _atomic_write(html_path,
                  lambda p: write_html(saved.result, p, generated_at=saved.generated_at, gate=saved.gate))
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
    except Exception:  # the last line of defence: never exit 0 or 1 on a crash
        click.echo("reuse: internal error (please report it with this trace):", err=True)
        click.echo(traceback.format_exc(), err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
