"""Extraction: turn input paths into :class:`~reuse.model.Document` values.

A document's ``text`` is the *extracted text* of its file, and every span in a result is a
character offset into it. What that text is depends on the format (see
:data:`reuse.ingest.formats.FORMATS` and ``docs/formats.md``): the decoded file for ``.txt``/``.md``
(exactly as stored; BOM dropped, CRLF kept), body + tables + text boxes + notes for ``.docx``,
the text layer for ``.pdf``, and so on. ``Document.extraction`` names the method used.

Hidden content (white, tiny or vanished runs, CSS-hidden HTML) is left out of the text and
reported as a ``hidden_text`` flag; character tricks in the text (homoglyphs, invisible
characters, unusual spaces) are reported as flags by :func:`reuse.ingest.evasion.detect_flags`.

:func:`load_documents` reads a whole class: folders, files and LMS export zips (read in memory,
see :mod:`reuse.ingest.lms`), recovers each student's identity (``Document.author``, and from the
export's naming scheme ``team``, ``original`` and ``late``), extracts in parallel (``jobs``)
and caches extracted texts by content hash (:mod:`reuse.ingest.cache`).

Problems with one file raise :class:`~reuse.errors.ExtractionError` from :func:`extract`;
:func:`load_documents` collects them per file and goes on with the others.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from reuse.display import os_text
from reuse.engine import Executor
from reuse.errors import ExtractionError
from reuse.ingest import cache as _cache
from reuse.ingest.caps import LIMIT_HINT, MAX_CHAR_BYTES, Budget, check_size
from reuse.ingest.chrome import content_spans
from reuse.ingest.discover import read_file
from reuse.ingest.evasion import detect_flags
from reuse.ingest.formats import (
    HTML_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    UNSUPPORTED_HINTS,
    Extracted,
    read,
)
from reuse.ingest.lms import Entry, MemberError, collect
from reuse.model import Document, DocumentKind, FileError, SkippedFile
from reuse.settings import Limits

#: Below this many files to extract, a process pool costs more than it saves.
PARALLEL_MIN_FILES = 8
#: Estimated extraction work a byte, in seconds of one core (plain text, other formats): what decides
#: whether a local pool is worth starting (:data:`reuse.engine.POOL_MIN_SECONDS`). Measured: 250 PAN
#: .txt files (9 KB each) took 0.10 s in the workers; a PDF or a DOCX costs ten times more a byte.
EXTRACT_SECONDS_PER_BYTE = (0.05e-6, 0.5e-6)
#: Suffixes a folder walk picks up: readable formats, zips, and formats that get a "convert it" error.
DISCOVERED_SUFFIXES = SUPPORTED_SUFFIXES | frozenset(UNSUPPORTED_HINTS) | {".zip"}

__all__ = [
    "HTML_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "Budget",
    "check_size",
    "extract",
    "extract_bytes",
    "extract_entries",
    "extract_text",
    "load_documents",
    "unique_ids",
]


def extract_text(
    name: str, suffix: str, data: bytes, kind: DocumentKind, caps: Limits | None = None
) -> Extracted:
    """Run the format reader (in a worker process when extracting in parallel) within ``caps``."""
    caps = caps or Limits()
    if suffix not in SUPPORTED_SUFFIXES:
        return read(name, suffix, data, kind)  # raises the "unsupported, convert it" error
    if not data.strip():
        raise ExtractionError(name, "empty file (no text)", "check that the right file was submitted")
    if suffix in TEXT_SUFFIXES and len(data) > MAX_CHAR_BYTES * caps.max_chars:
        raise ExtractionError(
            name,
            f"text file of {len(data):,} bytes: more than the {caps.max_chars:,} character limit "
            "(max_chars) in any encoding",
            LIMIT_HINT.format(key="max_chars"),
        )
    try:
        extracted = read(name, suffix, data, kind, caps=caps)
        check_size(name, extracted.text, caps)
        return extracted
    except ExtractionError:
        raise
    except Exception as error:  # a reader choking on a corrupt file must not stop the class
        raise ExtractionError(
            name,
            f"corrupt or unreadable {suffix} file ({type(error).__name__}: {error})",
            "open it and save it again, or export it as PDF",
        ) from error


def _document(
    name: str,
    data: bytes,
    digest: str,
    extracted: Extracted,
    *,
    kind: DocumentKind,
    doc_id: str | None,
    strip_chrome: bool,
    author: str,
    team: str = "",
    original: str = "",
    late: bool = False,
    caps: Limits | None = None,
    budget: Budget | None = None,
    url: str = "",
    retrieved: str = "",
) -> Document:
    text = extracted.text
    if not text.strip():
        raise ExtractionError(name, "empty file (only whitespace)", "check that the right file was submitted")
    check_size(name, text, caps or Limits())  # a cached text too: the caps may have been lowered
    if budget is not None:
        budget.take(name, text)
    return Document(
        id=doc_id if doc_id is not None else name,
        path=name,
        kind=kind,
        text=text,
        content=content_spans(text, strip_chrome=strip_chrome, scraped=kind == "source"),
        sha256=digest,
        extraction=extracted.method,
        flags=(*extracted.flags, *detect_flags(text)),
        author=author,
        team=team,
        original=original,
        late=late,
        url=url or extracted.url,
        retrieved=retrieved,
    )


def extract_bytes(
    name: str,
    data: bytes,
    *,
    kind: DocumentKind,
    doc_id: str | None = None,
    strip_chrome: bool = True,
    author: str = "",
    use_cache: bool = False,
    limits: Limits | None = None,
) -> Document:
    """Extract a file held in memory (``name`` gives its path and suffix), within ``limits``.

    Raises:
        ExtractionError: empty, binary, undecodable, corrupt or unsupported file, or over a cap.
    """
    suffix = Path(name).suffix.lower()
    digest = hashlib.sha256(data).hexdigest()
    folder = _cache.cache_dir() if use_cache else None
    key = _cache.cache_key(digest, kind)
    extracted = _cache.load(folder, key)
    if extracted is None:
        extracted = extract_text(name, suffix, data, kind, limits)
        _cache.store(folder, key, extracted)
    return _document(
        name, data, digest, extracted, kind=kind, doc_id=doc_id, strip_chrome=strip_chrome, author=author,
        caps=limits,
    )


def extract(
    path: str | os.PathLike[str], *, kind: DocumentKind, doc_id: str | None = None, strip_chrome: bool = True,
    limits: Limits | None = None,
) -> Document:
    """Read one file into a :class:`Document`.

    Args:
        path: the file.
        kind: ``submission``, ``source`` or ``template``.
        doc_id: the id to give it (default: the path as given, with ``/`` separators).
        strip_chrome: leave scraped-page chrome out of the content spans.
        limits: caps on the extracted text (:class:`~reuse.settings.Limits`; defaults if ``None``).

    Raises:
        ExtractionError: missing, unreadable, too large, empty, binary, undecodable, corrupt
            or unsupported file, or extracted text over a cap.
    """
    name = os_text(Path(path).as_posix())
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        read(name, suffix, b"", kind)  # raises the "unsupported, convert it" error
    data = read_file(name, path)
    return extract_bytes(name, data, kind=kind, doc_id=doc_id, strip_chrome=strip_chrome, limits=limits)


def _worker(
    name: str, suffix: str, data: bytes, kind: DocumentKind, caps: Limits | None = None
) -> Extracted | FileError:
    """Extract in a worker process; errors come back as (picklable) :class:`FileError` values."""
    try:
        return extract_text(name, suffix, data, kind, caps)
    except ExtractionError as error:
        return FileError(error.path, error.message, error.hint)


def extract_task(
    shared: tuple[DocumentKind, Limits | None], task: tuple[str, str, bytes]
) -> Extracted | FileError:
    """The extraction stage (:mod:`reuse.engine`): ``shared`` is ``(kind, caps)``, ``task`` one file's
    ``(name, suffix, data)``."""
    kind, caps = shared
    name, suffix, data = task
    return _worker(name, suffix, data, kind, caps)


def _work(tasks: Iterable[tuple[str, str, bytes]]) -> float:
    """Estimated extraction work of ``tasks``, seconds of one core (:data:`EXTRACT_SECONDS_PER_BYTE`)."""
    plain, other = EXTRACT_SECONDS_PER_BYTE
    return sum(len(data) * (plain if suffix in TEXT_SUFFIXES else other) for _, suffix, data in tasks)


def _crashed(name: str, error: BaseException) -> FileError:
    """The error of a file whose extraction crashed (or crashed its worker)."""
    return FileError(name, f"extraction crashed ({type(error).__name__})",
                     "open and re-save the file, or export it as PDF")


def load_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    kind: DocumentKind,
    strip_chrome: bool = True,
    jobs: int | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    id_pattern: str | None = None,
    roster: str | os.PathLike[str] | None = None,
    layout: str = "auto",
    skipped: list[SkippedFile] | None = None,
    limits: Limits | None = None,
    budget: Budget | None = None,
    executor: Executor | None = None,
) -> tuple[list[Document], list[FileError]]:
    """Discover and extract every file under ``paths``; problems are returned, not raised.

    Args:
        paths: files, folders and zip files (LMS exports: Moodle, Canvas, Blackboard zips,
            GitHub Classroom folders; see :mod:`reuse.ingest.lms`).
        kind: ``submission``, ``source`` or ``template``.
        strip_chrome: leave scraped-page chrome out of the content spans.
        jobs: worker processes for extraction when no ``executor`` is given (``None``: one per CPU,
            ``1``: no pool). Workers are only used for ``PARALLEL_MIN_FILES`` or more files not in
            the cache.
        cache: reuse and store extracted texts in the cache folder (see :mod:`reuse.ingest.cache`).
        cache_dir: the cache folder (``off`` turns the cache off); ``None``: ``$REUSE_CACHE_DIR``, off
            when unset.
        id_pattern: regex with a named group ``student`` searched in each file's path
            (relative to the folder or zip given): the author, overriding the layout.
        roster: CSV file mapping ids found in paths to student names (see
            :func:`reuse.ingest.lms.read_roster`).
        layout: ``auto``, ``moodle``, ``canvas``, ``blackboard``, ``github-classroom`` or ``none``.
        skipped: when given, the files left out on purpose (OS junk, hidden files inside a folder
            or zip) are appended to it; every other file is a document or an error.
        limits: caps per file and per archive (:class:`~reuse.settings.Limits`; defaults if
            ``None``); a file over one is a per-file error.
        budget: the run's text so far, against the run caps (one per run, shared by the calls of
            one run; ``None``: a new one for this call, from ``limits``).
        executor: where files are extracted (:mod:`reuse.engine`: the run's pool or cluster);
            ``None``: a pool of ``jobs`` processes.

    Returns:
        The documents (one per file; ``path`` is the file or ``archive.zip/member`` path, ``id``
        the same, made unique if needed; ``author``, ``team``, ``original`` and ``late`` set when
        recovered) and per-file errors.

    Raises:
        ConfigError: bad ``id_pattern``, ``roster`` or ``layout``.
    """
    caps = limits or (budget.limits if budget is not None else Limits())
    budget = budget if budget is not None else Budget(caps)
    entries, errors = collect(
        paths, wanted=lambda s: s in DISCOVERED_SUFFIXES, layout=layout, id_pattern=id_pattern,
        roster=roster, skipped=skipped, limits=caps, web_archives=kind == "source",
    )
    folder = _cache.cache_dir(cache_dir) if cache else None
    results = extract_entries(entries, unique_ids(entries), kind=kind, strip_chrome=strip_chrome, caps=caps,
                              budget=budget, folder=folder, executor=executor, jobs=jobs)
    docs = [r for r in results if isinstance(r, Document)]
    errors.extend(r for r in results if isinstance(r, FileError))
    return docs, errors


def unique_ids(entries: Sequence[Entry]) -> list[str]:
    """The document id of each entry: its display path, ``#2``, ``#3``... added to a repeated one."""
    ids: dict[str, int] = {}
    doc_ids: list[str] = []
    for entry in entries:
        count = ids.get(entry.display, 0) + 1
        ids[entry.display] = count
        doc_ids.append(entry.display if count == 1 else f"{entry.display}#{count}")
    return doc_ids


def extract_entries(
    entries: Sequence[Entry], doc_ids: Sequence[str], *, kind: DocumentKind, strip_chrome: bool, caps: Limits,
    budget: Budget | None, folder: Path | None, executor: Executor | None, jobs: int | None,
) -> list[Document | FileError]:
    """Read and extract ``entries`` (on ``executor``, or a pool of ``jobs`` processes when ``None``),
    their texts taken from ``budget`` in order: a document or an error for each, in order."""
    results: list[Document | Extracted | FileError | None] = [None] * len(entries)
    datas: dict[int, tuple[bytes, str]] = {}  # index -> (data, digest) of the files read
    pending: list[tuple[int, str, bytes, str, str]] = []  # index, name, data, digest, key

    for k, entry in enumerate(entries):
        try:
            if entry.suffix not in SUPPORTED_SUFFIXES:
                read(entry.display, entry.suffix, b"", kind)
            data = read_file(entry.display, entry.disk_path) if entry.disk_path is not None else entry.read()
        except ExtractionError as error:
            results[k] = FileError(error.path, error.message, error.hint)
            continue
        except MemberError as error:
            results[k] = FileError(entry.display, error.message, error.hint)
            continue
        except Exception as error:  # a reader failure nobody foresaw must not stop the class
            results[k] = FileError(entry.display, str(error), "")
            continue
        digest = hashlib.sha256(data).hexdigest()
        datas[k] = (data, digest)
        key = _cache.cache_key(digest, kind)
        hit = _cache.load(folder, key)
        if hit is not None:
            results[k] = hit
        else:
            pending.append((k, entry.display, data, digest, key))

    tasks = [(name, entries[k].suffix, data) for k, name, data, _, _ in pending]
    if len(pending) < PARALLEL_MIN_FILES:
        outcomes = [extract_task((kind, caps), task) for task in tasks]
    elif executor is not None:
        outcomes = executor.map(extract_task, tasks, shared=(kind, caps),
                                fallback=lambda k, error: _crashed(tasks[k][0], error), work=_work(tasks))
    else:
        from reuse.engine import open_executor

        with open_executor(jobs=jobs if jobs is not None else (os.cpu_count() or 1)) as pool:
            outcomes = pool.map(extract_task, tasks, shared=(kind, caps),
                                fallback=lambda k, error: _crashed(tasks[k][0], error))
    for (k, _name, _data, _digest, key), outcome in zip(pending, outcomes, strict=True):
        if not isinstance(outcome, FileError):
            _cache.store(folder, key, outcome)
        results[k] = outcome
    for k, result in enumerate(results):  # in input order, so the run caps refuse the same files each time
        if isinstance(result, Extracted):
            data, digest = datas[k]
            results[k] = _finish(
                entries[k], doc_ids[k], data, digest, result, kind, strip_chrome, caps, budget
            )
    return [r for r in results if isinstance(r, Document | FileError)]


def _finish(
    entry: Entry,
    doc_id: str,
    data: bytes,
    digest: str,
    extracted: Extracted,
    kind: DocumentKind,
    strip_chrome: bool,
    caps: Limits | None = None,
    budget: Budget | None = None,
) -> Document | FileError:
    try:
        return _document(
            entry.display,
            data,
            digest,
            extracted,
            kind=kind,
            doc_id=doc_id,
            strip_chrome=strip_chrome,
            author=entry.author,
            team=entry.team,
            original=entry.original,
            late=entry.late,
            caps=caps,
            budget=budget,
            url=entry.url,
            retrieved=entry.retrieved,
        )
    except ExtractionError as error:
        return FileError(error.path, error.message, error.hint)
