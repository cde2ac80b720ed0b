"""``reuse-pre-commit``: the pre-commit hook's entry point, which never reads a file name as an option.

pre-commit runs a hook as ``ENTRY ARGS... FILES...``: the ``args:`` of the user's configuration
come after the entry and before the names of the changed files, with no ``--`` between them. With
``reuse check`` as the entry, a committed file named ``--output=html:README.md`` would overwrite the
README and one named ``--write-baseline=x.md`` would make every commit pass.

This wrapper finds where the file names start and runs ``reuse check ARGS -- FILES``, so that
everything after the ``--`` is a file to check, whatever its name. The file names are the longest
run of arguments at the end that are existing files (pre-commit passes only files that exist);
an option of ``ARGS`` that takes a value (``--template prompt.md``) keeps it. A user argument can
only be taken for a file name if a file of exactly that name exists, and then it is checked as a
file (a stricter run, never a silent pass).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from reuse.cli import check
from reuse.cli import main as cli_main


def _takes_value() -> frozenset[str]:
    """The option spellings of ``reuse check`` that read the next argument as their value."""
    names: set[str] = set()
    for param in check.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            names.update(param.opts)
    return frozenset(names)


def split_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``argv`` (the hook's arguments as pre-commit passes them) as (options, file names)."""
    start = len(argv)
    while start > 0 and os.path.isfile(argv[start - 1]):
        start -= 1
    options, files = list(argv[:start]), list(argv[start:])
    if files and options and options[-1] in _takes_value():
        options.append(files.pop(0))  # `--template prompt.md`: the file is the option's value
    return options, files


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: ``reuse check OPTIONS -- FILES`` (exit statuses as ``reuse check``)."""
    options, files = split_arguments(sys.argv[1:] if argv is None else argv)
    sys.argv = ["reuse", "check", *options, "--", *files]
    cli_main()


if __name__ == "__main__":
    main()
