"""The ``reuse`` command group and the console entry point that maps every outcome to an exit status."""

from __future__ import annotations

import sys
import traceback

import click

from reuse._version import __version__
from reuse.cli.options import (
    CONTEXT,
    EXIT_CLEAN,
    EXIT_ERROR,
    deprecation_messages,
)
from reuse.errors import ReuseError


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="reuse")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Find text reuse between coursework submissions, and against web and earlier sources."""
    ctx.with_resource(deprecation_messages())


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
