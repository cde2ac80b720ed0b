"""The SQLite index as a file: what may be opened as one, read-only connections, and the
staging file a new index is built in before it gets its name."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from reuse.errors import SourceIndexError

SQLITE_MAGIC = b"SQLite format 3\x00"
READ_WAIT_SECONDS = 60.0
"""How long a query waits for a writer that is committing (it holds the file for that moment)."""


def require_index_file(path: Path) -> None:
    """Refuse what cannot be an index before SQLite sees it (SQLite would turn an empty file into one)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise SourceIndexError(f"{path}: no such index file (build one with `reuse index build`)") from None
    except IsADirectoryError:
        raise SourceIndexError(f"{path}: a folder, not an index file") from None
    except OSError as error:
        raise SourceIndexError(f"{path}: cannot read the index ({error.strerror or error})") from error
    if not head:
        raise SourceIndexError(
            f"{path}: an empty file, not a reuse index (build one with `reuse index build`)"
        )
    if head != SQLITE_MAGIC:
        raise SourceIndexError(f"{path}: not a reuse index (not a SQLite file)")


def journal_is_wal(path: Path) -> bool:
    """Whether the SQLite file at ``path`` is in WAL mode (its header's read and write versions are 2)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(18)
            return handle.read(2) == b"\x02\x02"
    except OSError:
        return False


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection: it never writes the file or creates one next to it.

    An index is kept in rollback-journal mode, which SQLite reads from a read-only file or
    folder. The one write a reader may make is SQLite's own recovery: the rollback of a write
    transaction whose process was killed (its ``-journal`` file is left), which restores
    the last committed index. An index an older ``reuse`` left in WAL mode needs write
    access to the folder for its shared-memory file; in a folder that is not writable (a
    read-only mount, where nobody can write it either), it is opened as immutable.
    """
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=READ_WAIT_SECONDS, isolation_level=None)
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError as error:
        db.close()
        if journal_is_wal(path) and not os.access(path.parent, os.W_OK):
            return sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None)
        journal = Path(f"{path}-journal")
        if "readonly" not in str(error) or not journal.exists():
            raise
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise SourceIndexError(
                f"{path}: a write was interrupted ({journal.name} is left next to it) and only a "
                "process that may write the file can undo it: open the index once where it is "
                "writable (`reuse index info` does), or rebuild it"
            ) from None
        # A writer was killed mid-transaction: undo its changes (a writable connection rolls
        # the journal back on its first read) to get the last committed index, then read it.
        recover = sqlite3.connect(path, timeout=READ_WAIT_SECONDS)
        try:
            recover.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        finally:
            recover.close()
        db = sqlite3.connect(uri, uri=True, timeout=READ_WAIT_SECONDS, isolation_level=None)
    return db


def staging_file(path: Path) -> Path:
    """A new empty file in ``path``'s folder to build an index in before :func:`publish_index`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)  # mkstemp makes 0600; a shared index is readable like any file
    return Path(name)


def publish_index(staging: Path, path: Path) -> None:
    """Give the finished index built in ``staging`` its name ``path``, only if nothing has it yet.

    A hard link fails if ``path`` exists, so two builds never merge or overwrite each other;
    on a file system without hard links, an exclusive create reserves the name first.

    Raises:
        SourceIndexError: ``path`` was created meanwhile (by another build).
    """
    taken = SourceIndexError(
        f"{path} was created by another process while this index was built; nothing was merged "
        "(use `reuse index add` to extend it)"
    )
    try:
        os.link(staging, path)
    except FileExistsError:
        raise taken from None
    except OSError:  # no hard links here (some network and FAT file systems)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            raise taken from None
        os.replace(staging, path)
        return
    os.unlink(staging)


def remove_staging(staging: Path) -> None:
    """Remove a staging file and its journal, if left."""
    for leftover in (staging, Path(f"{staging}-journal"), Path(f"{staging}-wal"), Path(f"{staging}-shm")):
        leftover.unlink(missing_ok=True)
