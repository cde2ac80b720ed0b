"""``python -m reuse`` runs the CLI."""

from reuse.cli import main

main()
