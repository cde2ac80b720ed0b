"""The ``reuse`` command: a thin click layer over the library.

It parses options, builds :class:`~reuse.settings.Settings`, calls the library, writes the
requested outputs and maps outcomes to exit statuses: 0 nothing at or above the threshold,
1 findings, 2 usage, configuration or internal error (never 0 on an error).
"""

from __future__ import annotations

from reuse.cli import checking, indexing, reporting, reveal  # noqa: F401  (each registers its commands)
from reuse.cli.app import cli, main
from reuse.cli.checking import check
from reuse.cli.options import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, FORMATS, ReuseClickError

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "FORMATS", "ReuseClickError", "check", "cli", "main"]
