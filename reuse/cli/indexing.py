"""``reuse index build|add|info|drop|verify``: a persistent index of source texts (SQLite or Redis)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reuse.cli.app import cli
from reuse.cli.options import (
    CONTEXT,
    ST,
    WRITE_WAIT,
    ReuseClickError,
    config_options,
    fingerprint_options,
    resolve,
)
from reuse.display import plural, printable


def engine_options(func: Any) -> Any:
    """``--jobs`` and ``--cluster``: where the texts are extracted and fingerprinted (one process writes)."""
    func = click.option("--cluster", metavar="ADDRESS", default=None,
                        help="Extract and fingerprint on the workers of this Dask scheduler "
                             "(tcp://HOST:8786); this process writes the index. Needs "
                             "pip install \"reuse-detector[dask]\".")(func)
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=ST.jobs, show_default="all cores",
                        help="Worker processes that extract and fingerprint the texts (1: in-process).")(func)


@cli.group(context_settings=CONTEXT)
def index() -> None:
    """Build and inspect a persistent index of source texts.

    INDEX_FILE is one SQLite file, or redis://HOST:PORT/DB?prefix=NAME for a shared index in
    Redis (needs the redis extra; the password may be in the URL or in REDIS_PASSWORD; other URL
    parameters: socket_timeout and socket_connect_timeout, in seconds).
    """


def index_location(value: str) -> str | Path:
    """INDEX_FILE as given: a Redis URL stays a string, anything else is a path."""
    from reuse.index import is_redis_url

    return value if is_redis_url(value) else Path(value)


def index_name(location: str | Path) -> str:
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
    values = resolve(ctx, kwargs, config)
    settings = build_settings({"fingerprint": values.get("fingerprint", {}),
                               "strip_chrome": values["strip_chrome"], "limits": values.get("limits", {}),
                               **{k: values[k] for k in ("jobs", "cluster") if values.get(k) is not None}})
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
        raise ReuseClickError(printable(f"{index_name(index_file)}: no document was added (every input "
                                        "was already in the index or could not be read); nothing to do"))
    info = index_info(built)
    click.echo(printable(f"{index_name(index_file)}: added {plural(added, 'document')}; now "
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


def _writing_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``index build`` and ``index add`` share: configuration, ``--allow-unchecked``, the
    fingerprint parameters and where the work runs (``--jobs``, ``--cluster``)."""
    func = fingerprint_options(engine_options(func))
    func = click.option("--allow-unchecked", is_flag=True, default=ST.allow_unchecked,
                        help="Files that could not be read do not make the command exit 2 "
                             "(they are still listed).")(func)
    return config_options(func)


@index.command("build", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
@click.argument("source_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_writing_options
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

    location = index_location(index_file)
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
                f"{index_name(location)} already holds an index; use `reuse index add` to extend it"
            )
    _index_run(ctx, location, source_paths, create=True, kwargs=kwargs)


@index.command("add", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
@click.argument("source_paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_writing_options
@click.option("--wait", type=click.FloatRange(min=0), default=WRITE_WAIT, show_default=True,
              metavar="SECONDS",
              help="How long to wait for another process writing INDEX_FILE before giving up (exit 2).")
@click.pass_context
def index_add(ctx: click.Context, /, index_file: str, source_paths: tuple[Path, ...], **kwargs: Any) -> None:
    """Add source texts to an existing INDEX_FILE (file or redis:// URL), in one transaction.

    One process writes a SQLite index at a time: another one waits for it (up to --wait
    seconds, saying so on stderr), queries go on meanwhile."""
    _index_run(ctx, index_location(index_file), source_paths, create=False, kwargs=kwargs)


@index.command("info", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
def index_info_command(index_file: str) -> None:
    """Print the parameters and size of INDEX_FILE (file or redis:// URL) as JSON."""
    from reuse.index import index_info, open_index

    click.echo(json.dumps(index_info(open_index(index_location(index_file))), indent=2, sort_keys=True))


@index.command("drop", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
def index_drop(index_file: str) -> None:
    """Delete INDEX_FILE: every key of a redis:// index (also an incomplete or damaged one), or
    an index file (with its -wal and -shm files; refused for a file that is not an index)."""
    location = index_location(index_file)
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
    click.echo(f"{index_name(location)}: deleted {deleted} key{'s' if deleted != 1 else ''}")


@index.command("verify", context_settings=CONTEXT)
@click.argument("index_file", metavar="INDEX_FILE")
def index_verify(index_file: str) -> None:
    """Check INDEX_FILE (file or redis:// URL) from end to end: its parameter stamp and schema,
    the integrity of its storage, and that its documents and windows agree. Reads only.

    \b
    Exit status: 0 sound, 2 damaged, incomplete or not an index (what is wrong goes to stderr).
    """
    from reuse.index import open_index, verify_index

    location = index_location(index_file)
    if isinstance(location, Path):
        problems = verify_index(open_index(location))
    else:  # not through open_index, which refuses an incomplete index: list what is wrong instead
        from reuse.index.redis import RedisStore

        problems = RedisStore.from_url(location).verify()
    for problem in problems:
        click.echo(printable(f"reuse: {index_name(location)}: {problem}"), err=True)
    if problems:
        found = plural(len(problems), "problem")
        raise ReuseClickError(f"{index_name(location)} is damaged ({found} found); rebuild it with "
                              "`reuse index build` (`reuse index drop` removes it)")
    documents, windows = open_index(location).store.counts()
    click.echo(printable(f"{index_name(location)}: sound ({plural(documents, 'document')}, "
                          f"{plural(windows, 'window')})"))
