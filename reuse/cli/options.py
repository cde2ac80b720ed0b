"""What the commands share: exit statuses, the output and source option types, the option
groups (configuration, fingerprint), settings resolution, progress bars and the error shown to the user."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from reuse.display import printable
from reuse.settings import AlignOptions, FingerprintOptions, Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
FP = FingerprintOptions()
AL = AlignOptions()
ST = Settings()
WRITE_WAIT = 600.0  # reuse.index.WRITE_WAIT_SECONDS (not imported: the CLI starts without numpy)
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "csv", "html")  # reuse.report.FORMATS


class ReuseClickError(click.ClickException):
    """A library error shown to the user; exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"reuse: error: {self.format_message()}", err=True)


def atomic_write_output(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, so a failure leaves no half file and the
    old file intact (:func:`reuse.atomic.atomic_write`; a write error is an ``OutputError``)."""
    from reuse.atomic import atomic_write

    atomic_write(path, write)


def fingerprint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--shingle-words", type=int, default=FP.shingle_words, show_default=True,
                     help="Words per shingle hashed into MinHash signatures."),
        click.option("--window-words", type=int, default=FP.window_words, show_default=True,
                     help="Words per indexed window (windows overlap by half)."),
        click.option("--num-perm", type=int, default=FP.num_perm, show_default=True,
                     help="MinHash permutations per window."),
        click.option("--threshold", type=float, default=FP.threshold, show_default=True,
                     help="Window Jaccard similarity the LSH bands are tuned to catch."),
        click.option("--strip-chrome/--keep-chrome", default=ST.strip_chrome, show_default=True,
                     help="Leave scraped-page chrome (menus, footers, cut marks) out of matching."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class Progress:
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


if TYPE_CHECKING:
    OutputSpecBase = click.ParamType[tuple[str, Path], Any]
    SourceSpecBase = click.ParamType[str | Path, Any]
else:  # ParamType is generic only in newer click releases: not subscripted at run time
    OutputSpecBase = SourceSpecBase = click.ParamType


class OutputSpec(OutputSpecBase):
    """``FORMAT:PATH`` for ``--output``; the format must be one of ``FORMATS``."""

    name = "FORMAT:PATH"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Path]:
        if isinstance(value, tuple):
            return value
        try:
            return output_spec(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def output_spec(value: str) -> tuple[str, Path]:
    fmt, sep, path = value.partition(":")
    if not sep or not path:
        raise ValueError(f"{value!r} is not FORMAT:PATH (e.g. sarif:out/reuse.sarif)")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} in {value!r}; choose from {', '.join(FORMATS)}")
    return fmt, Path(path)


class SourceSpec(SourceSpecBase):
    """A ``--sources`` value: a URL (``redis://...``) stays a string, anything else is a path."""

    name = "PATH_OR_INDEX"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | Path:
        from reuse.index import is_redis_url

        return value if isinstance(value, Path) or is_redis_url(value) else Path(value)


# CLI parameter name -> its path (group, [subgroup,] key) in the configuration and Settings; others are
# top-level keys.
GROUPED: dict[str, tuple[str, ...]] = {
    **{f: ("fingerprint", f) for f in ("shingle_words", "window_words", "num_perm", "threshold",
                                       "content_candidates")},
    "seed_words": ("align", "exact", "seed_words"), "max_gap_words": ("align", "exact", "max_gap_words"),
    "min_words": ("align", "min_words"), "min_score": ("align", "min_score"),
    "min_exact_words": ("align", "exact", "min_words"),
    "rewording_max_words": ("align", "rewording", "max_words"),
}
CONFIGURABLE: tuple[str, ...] = (
    "fail_above", "fail_on", "strip_chrome", "exclude_quotes", "sources", "template", "baseline",
    "format", "output", "top", "exit_zero", "jobs", "id_pattern", "roster", "cache_dir",
    "include_references",
    "cluster",
    "allow_unchecked",
    "fail_passage_words",
)


def resolve(ctx: click.Context, params: dict[str, Any], config: Any) -> dict[str, Any]:
    """Nested effective values: explicitly given flags > configuration file > flag defaults."""
    from reuse.settings.config import merge

    flags: dict[str, Any] = {}
    for name, value in params.items():
        if ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None):
            continue
        if name in GROUPED:
            *groups, key = GROUPED[name]
            target = flags
            for group in groups:
                target = target.setdefault(group, {})
            target[key] = value
        elif name in CONFIGURABLE:
            flags[name] = value
    values = merge(config.values, flags)
    for name in CONFIGURABLE:
        if name in params:
            values.setdefault(name, params[name])
    return values


@contextmanager
def deprecation_messages() -> Iterator[None]:
    """While a command runs, show the library's warnings about an old spelling in a configuration
    file (:class:`reuse.settings.config.DeprecatedSetting`) as ``reuse: warning: ...`` lines on stderr."""
    from reuse.settings.config import DeprecatedSetting

    with warnings.catch_warnings():
        warnings.simplefilter("always", DeprecatedSetting)
        shown = warnings.showwarning

        def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                 file: Any = None, line: str | None = None) -> None:
            if issubclass(category, DeprecatedSetting):
                click.echo(printable(f"reuse: warning: {message}"), err=True)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


def config_options(func: Callable[..., Any]) -> Callable[..., Any]:
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


def echo_file_errors(errors: Any) -> None:
    """One stderr line per file that was not checked."""
    for error in errors:
        click.echo(printable(f"reuse: {error.path}: {error.message}"
                             + (f" ({error.hint})" if error.hint else "")), err=True)
