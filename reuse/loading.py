"""Reading a run's inputs: which ``sources`` arguments are indexes, and extraction of the submissions,
sources and templates (on the run's executor), with the errors of an argument that gives nothing."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from reuse.engine import Executor
from reuse.errors import SourceError, SourceIndexError
from reuse.index import is_redis_url
from reuse.ingest import cache as extraction_cache
from reuse.ingest.extract import DISCOVERED_SUFFIXES, Budget, load_documents
from reuse.ingest.lms import Entry, collect
from reuse.ingest.stream import BATCH_FILES, document_batches
from reuse.model import Document, DocumentKind, FileError, SkippedFile
from reuse.settings import Settings

SQLITE_MAGIC = b"SQLite format 3\x00"
INDEX_SUFFIXES = frozenset({".sqlite", ".sqlite3", ".db"})
"""A ``sources`` argument named like this is an index: it must open as one (never read as text)."""


def is_index_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a source index: a ``redis://`` URL, a file named ``*.sqlite``,
    ``*.sqlite3`` or ``*.db`` (which must then be an index: see :func:`index_location`), or a
    regular file that starts like a SQLite database."""
    if is_redis_url(path):
        return True
    where = Path(path)
    if where.suffix.lower() in INDEX_SUFFIXES and not where.is_dir():
        return True
    if not where.is_file():  # never open a FIFO or a device: it could block forever
        return False
    try:
        with open(where, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def index_location(path: str | os.PathLike[str]) -> str | Path:
    """A source index argument checked before it is opened: a Redis URL as it is, or a path to a
    file that starts like a SQLite database.

    Raises:
        SourceIndexError: the file is missing, not a regular file, unreadable, or not a SQLite
            database (empty, random bytes, a zip...).
    """
    if is_redis_url(path):
        return str(path)
    where = Path(path)
    build = "build one with `reuse index build INDEX_FILE SOURCES...`"
    if not where.exists():
        raise SourceIndexError(f"{where}: no such index file ({build})")
    if not where.is_file():
        raise SourceIndexError(f"{where}: not a regular file, so not an index ({build})")
    try:
        with open(where, "rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise SourceIndexError(f"{where}: cannot read the index ({error.strerror or error})") from error
    if head != SQLITE_MAGIC:
        what = ("an empty file (0 bytes)" if not head else "a zip archive" if head.startswith(b"PK")
                else "not a SQLite database")
        raise SourceIndexError(f"{where}: not a reuse index: {what} ({build})")
    return where


def nothing_readable(arg: str | os.PathLike[str], kind: DocumentKind,
                     problems: Sequence[FileError]) -> SourceError:
    """The error for a ``sources``/``templates`` argument that gave no document."""
    name = Path(arg).as_posix()
    option = "--template" if kind == "template" else "--sources"
    if not os.path.lexists(arg):
        return SourceError(name, "no such file or folder", "check the path")
    if not problems:
        return SourceError(name, "holds no file of a supported type, so nothing to compare with",
                           "check the path")
    shown = "; ".join(f"{Path(e.path).name}: {e.message}" for e in problems[:3])
    more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
    return SourceError(name, f"no readable {kind} text ({len(problems)} file"
                             f"{'s' if len(problems) != 1 else ''} could not be read: {shown}{more})",
                       f"fix or remove the {option} argument")


def load_each(paths: Iterable[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
              errors: list[FileError], *, executor: Executor | None = None,
              skipped: list[SkippedFile] | None = None, budget: Budget | None = None,
              cache_dir: str | os.PathLike[str] | None = None) -> list[Document]:
    """Extract sources or templates one argument at a time: an argument that gives no document
    (missing, unreadable, nothing readable in it) raises :class:`SourceError`; the problems of an
    argument that gives some are added to ``errors`` (unchecked files)."""
    docs: list[Document] = []
    for arg in paths:
        problems: list[FileError] = []
        found = load([arg], kind, settings, problems, executor=executor, skipped=skipped, budget=budget,
                     cache_dir=cache_dir)
        if not found:
            raise nothing_readable(arg, kind, problems)
        docs.extend(found)
        errors.extend(problems)
    return docs


def load_batches(paths: Sequence[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
                 errors: list[FileError], *, executor: Executor | None = None,
                 skipped: list[SkippedFile] | None = None, batch: int = BATCH_FILES,
                 cache_dir: str | os.PathLike[str] | None = None) -> Iterator[list[Document]]:
    """:func:`load_each` a batch of documents at a time (:func:`reuse.ingest.stream.document_batches`:
    each batch within the run caps of its own budget), so that memory does not grow with the inputs.

    Every argument is listed before the first batch: one that is missing or holds no file of a
    supported type raises :class:`SourceError` before anything is yielded. One whose files all fail
    raises it once they are read, after the batches of the arguments before it."""
    listed: list[tuple[str | os.PathLike[str], list[Entry], list[FileError]]] = []
    for arg in paths:
        entries, problems = collect([arg], wanted=lambda s: s in DISCOVERED_SUFFIXES, skipped=skipped,
                                    limits=settings.limits, web_archives=kind == "source")
        if not entries:
            raise nothing_readable(arg, kind, problems)
        listed.append((arg, entries, problems))
    folder = extraction_cache.cache_dir(cache_dir)
    for arg, entries, problems in listed:
        found = 0
        for docs in document_batches(entries, problems, kind=kind, strip_chrome=settings.strip_chrome,
                                     limits=settings.limits, folder=folder, executor=executor, batch=batch):
            found += len(docs)
            yield docs
        if not found:
            raise nothing_readable(arg, kind, problems)
        errors.extend(problems)


def load(paths: Iterable[str | os.PathLike[str]], kind: DocumentKind, settings: Settings,
         errors: list[FileError], *, executor: Executor | None = None, id_pattern: str | None = None,
         roster: str | os.PathLike[str] | None = None,
         skipped: list[SkippedFile] | None = None, budget: Budget | None = None,
         cache_dir: str | os.PathLike[str] | None = None) -> list[Document]:
    """Extract ``paths`` on ``executor`` (in-process when ``None``); identity options (``id_pattern``,
    ``roster``) apply to submissions only."""
    if kind != "submission":
        id_pattern = roster = None
    docs, problems = load_documents(paths, kind=kind, strip_chrome=settings.strip_chrome, jobs=1,
                                    id_pattern=id_pattern, roster=roster, skipped=skipped,
                                    limits=settings.limits, budget=budget or Budget(settings.limits),
                                    cache_dir=cache_dir, executor=executor)
    errors.extend(problems)
    return docs


__all__ = ["INDEX_SUFFIXES", "SQLITE_MAGIC", "index_location", "is_index_file", "load", "load_batches",
           "load_each", "nothing_readable"]
