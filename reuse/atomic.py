"""Writing output files whole or not at all.

Every file ``reuse`` writes (reports, JSON results, baselines, split-report pages) goes through
:func:`atomic_write`: the content is written to a temporary file in the target's folder, flushed
to disk, and renamed over the target in one step. A failure at any point (disk full, no
permission, an exception while rendering) leaves the previous file as it was, removes the
temporary file, and raises :class:`~reuse.errors.OutputError` naming the file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from reuse.errors import OutputError

__all__ = ["atomic_write", "atomic_write_text"]


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` with a temporary path next to ``path``, then rename it to ``path``.

    Raises:
        OutputError: the folder cannot be created or written, or the disk is full; ``path`` is
            unchanged (or still absent).
    """
    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        write(Path(tmp))
        with open(tmp, "rb+") as handle:  # on disk before the rename: a crash leaves old or new
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, path)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputError(f"{path}: cannot write it ({reason}); an earlier file there is kept") from error
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` with :func:`atomic_write`."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
