"""``--anonymise KEYFILE`` on ``reuse check`` and ``reuse report``: the outputs name no student.

The check and its verdict are made on the real result; only what is written and printed is the
anonymised view (:mod:`reuse.report.anonymise`), so findings and exit status do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reuse.cli.options import ReuseClickError
from reuse.display import printable

if TYPE_CHECKING:
    from reuse.model import CheckResult
    from reuse.report.gate import Gate


def anonymise_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--anonymise KEYFILE`` option (``anonymise`` parameter)."""
    return click.option(
        "--anonymise", "anonymise", type=click.Path(dir_okay=False, path_type=Path), default=None,
        metavar="KEYFILE",
        help="Replace every student identity (path, file name, LMS author, team, original name) in every "
             "output with a pseudonym such as student-7f3a9c, made with the secret key in KEYFILE (created, "
             "mode 0600, when absent). Sources and templates keep their names. `reuse reveal` maps "
             "pseudonyms back.")(func)


def read_key(keyfile: Path, *, create: bool) -> bytes:
    """The key in ``keyfile`` (created when absent and ``create``, saying so on stderr)."""
    from reuse.report.keyfile import load_key

    key, created = load_key(keyfile, create=create)
    if created:
        click.echo(printable(f"reuse: created the key file {keyfile} (mode 0600): keep it private and keep "
                             "it, it is the only way back from pseudonyms to students (`reuse reveal`)"),
                   err=True)
    return key


def anonymous_view(result: CheckResult, gate: Gate, key: bytes, *, roots: Sequence[str] | None = None,
                   source_roots: Sequence[str] | None = None) -> tuple[CheckResult, Gate]:
    """The anonymised result and gate to write and print (the same findings and suppressions)."""
    from reuse.report.anonymise import anonymise, anonymise_gate

    if result.anonymised:
        raise ReuseClickError("the result is already anonymised; --anonymise applies to a result with names")
    anonymous = anonymise(result, key, roots=roots, source_roots=source_roots)
    return anonymous, anonymise_gate(result, gate, anonymous)


def named(paths: Sequence[str | Path]) -> list[str]:
    """Arguments as the documents' paths spell them (``/``-separated); URLs of indexes as they are."""
    return [p if isinstance(p, str) and "://" in p else Path(p).as_posix() for p in paths]
