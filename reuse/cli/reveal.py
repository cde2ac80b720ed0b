"""``reuse reveal``: which of the original inputs a pseudonym of an anonymised report stands for.

The way back is computed, never stored: the pseudonyms of the inputs are made again with the key and
matched against the ones asked for (on the hex digits given, so a pseudonym that grew on a collision
still matches). Nothing is extracted: only the file list and the names the LMS export gives are read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from reuse.cli.anonymous import named, read_key
from reuse.cli.app import cli
from reuse.cli.options import CONTEXT, ReuseClickError, config_options, resolve
from reuse.display import plural, printable

PSEUDONYM = re.compile(r"(student|team)-([0-9a-f]{4,64})(?:#[0-9]+)?")


@cli.command(context_settings=CONTEXT)
@click.argument("keyfile", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("pseudonyms", nargs=-1, required=True)
@click.option("--inputs", "inputs", multiple=True, required=True, type=click.Path(path_type=Path),
              metavar="PATH",
              help="The submissions the report was made from, named as they were named to `reuse check` "
                   "(folders, files, zips). Repeatable.")
@click.option("--id-pattern", metavar="REGEX", default=None,
              help="The --id-pattern the report was made with, if any.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False), default=None, metavar="CSV",
              help="The --roster the report was made with, if any.")
@config_options
@click.pass_context
def reveal(ctx: click.Context, /, keyfile: Path, pseudonyms: tuple[str, ...], inputs: tuple[Path, ...],
           config_path: Path | None, isolated: bool, **params: Any) -> None:
    """Print which input each PSEUDONYM (student-7f3a9c, team-...) of an anonymised report stands for,
    using the KEYFILE the report was made with.

    \b
    Exit status: 0 every pseudonym found, 2 one was not (wrong key, other inputs) or an error.
    \b
    Example:
      reuse reveal course.key student-7f3a9c student-02be41 --inputs submissions
    """
    from reuse.ingest.extract import DISCOVERED_SUFFIXES
    from reuse.ingest.lms import collect
    from reuse.model import SkippedFile
    from reuse.report.anonymise import (
        author_identity,
        common_folder,
        digest,
        path_identity,
        qualified,
        relative_to,
        team_identity,
    )
    from reuse.settings.config import load_config

    wanted = []
    for raw in pseudonyms:
        match = PSEUDONYM.fullmatch(raw.strip().lower())
        if match is None:
            raise ReuseClickError(printable(f"{raw!r} is not a pseudonym (student-, or team-, then at least "
                                            "4 hex digits, as a report shows them)"))
        wanted.append((raw, match.group(1), match.group(2)))
    values = resolve(ctx, params, load_config(config_path, discover=not isolated))
    key = read_key(keyfile, create=False)
    skipped: list[SkippedFile] = []
    entries, errors = collect(inputs, wanted=lambda s: s in DISCOVERED_SUFFIXES,
                              id_pattern=values["id_pattern"], roster=values["roster"], skipped=skipped)
    roots = named(inputs)
    files = [(e.display, e.author, e.team) for e in entries]
    files += [(x.path, "", "") for x in errors]
    files += [(x.path, "", "") for x in skipped]
    shared = [common_folder(path for path, _, _ in files)]  # as a saved result's report guesses the folder
    student: dict[str, list[str]] = {}
    team: dict[str, list[str]] = {}
    for path, author, group in files:
        identities = {path_identity(relative_to(path, where) or path) for where in (roots, shared)}
        identities |= {path_identity(qualified(path, roots)), path_identity(path)}  # names that were alike
        if author:
            identities.add(author_identity(author))
        shown = printable(path + (f" (author {author})" if author else ""))
        for identity in identities:
            student.setdefault(digest(key, identity), []).append(shown)
        if group:
            team.setdefault(digest(key, team_identity(group)), []).append(printable(f"{path} (team {group})"))
    missing = 0
    for raw, kind, digits in wanted:
        table = student if kind == "student" else team
        found = sorted({shown for value, shown_list in table.items() if value.startswith(digits)
                        for shown in shown_list})
        if not found:
            missing += 1
            click.echo(printable(f"reuse: {raw}: no input has this pseudonym under this key (check the "
                                 "key file, and that --inputs names the submissions as `reuse check` did)"),
                       err=True)
        for shown in found:
            click.echo(f"{printable(raw)}\t{shown}")
    if missing:
        raise ReuseClickError(f"{missing} of {plural(len(wanted), 'pseudonym')} not found")
