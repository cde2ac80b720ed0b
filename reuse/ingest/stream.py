"""Extraction in bounded batches: the documents of a long list of files (a folder, a zip, a web archive
of many pages) made a batch at a time, so that what is held in memory does not grow with the input.

:func:`document_batches` reads, extracts and yields the documents of at most ``batch`` files (and
about :data:`BATCH_BYTES` of their bytes) at a time, in input order, each batch within the run caps
(``max_run_chars``, ``max_run_words``) of its own :class:`~reuse.ingest.caps.Budget`: the caps bound a
batch, not the whole input. ``reuse index build|add`` writes each batch before the next is read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from reuse.engine import Executor
from reuse.errors import ExtractionError
from reuse.ingest.caps import Budget
from reuse.ingest.extract import extract_entries, unique_ids
from reuse.ingest.lms import Entry
from reuse.model import Document, DocumentKind, FileError
from reuse.settings import Limits

BATCH_FILES = 512
"""Files read and extracted at once by :func:`document_batches`."""
BATCH_BYTES = 64 * 1024 * 1024
"""Bytes of files (as listed: a file's size, a zip member's or web page's unpacked size) read at once
by :func:`document_batches`, at least one file."""


def spans(entries: Sequence[Entry], *, batch: int = BATCH_FILES,
          batch_bytes: int = BATCH_BYTES) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of consecutive runs of ``entries``: at most ``batch`` entries and, beyond the
    first one, at most ``batch_bytes`` of their sizes."""
    start = 0
    while start < len(entries):
        stop, size = start + 1, entries[start].size
        while stop < len(entries) and stop - start < batch and size + entries[stop].size <= batch_bytes:
            size += entries[stop].size
            stop += 1
        yield start, stop
        start = stop


def document_batches(
    entries: Sequence[Entry], errors: list[FileError], *, kind: DocumentKind, strip_chrome: bool,
    limits: Limits, folder: Path | None, executor: Executor | None, batch: int = BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
) -> Iterator[list[Document]]:
    """The documents of ``entries`` (as :func:`reuse.ingest.lms.collect` lists them), a batch at a time,
    in order; the errors of the files that give none are appended to ``errors`` as they come.

    A batch holds the documents of at most ``batch`` files and ``batch_bytes`` of input, and at most
    the run caps of ``limits`` of text: a document that would pass them starts the next batch (one
    that passes them alone is an error). Files are extracted on ``executor`` (in this process when
    ``None``), with the extraction cache in ``folder`` (``None``: off).
    """
    doc_ids = unique_ids(entries)
    for start, stop in spans(entries, batch=batch, batch_bytes=batch_bytes):
        results = extract_entries(entries[start:stop], doc_ids[start:stop], kind=kind,
                                  strip_chrome=strip_chrome, caps=limits, budget=None, folder=folder,
                                  executor=executor, jobs=1)
        budget = Budget(limits)
        docs: list[Document] = []
        for result in results:
            if isinstance(result, FileError):
                errors.append(result)
                continue
            try:
                budget.take(result.path, result.text)
            except ExtractionError:
                if docs:  # the batch is full: this document starts the next one
                    yield docs
                    docs = []
                budget = Budget(limits)
                try:
                    budget.take(result.path, result.text)
                except ExtractionError as error:
                    errors.append(FileError(error.path, error.message, error.hint))
                    continue
            docs.append(result)
        if docs:
            yield docs


__all__ = ["BATCH_BYTES", "BATCH_FILES", "document_batches", "spans"]
