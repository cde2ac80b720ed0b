"""The one interface every store implements (memory, SQLite, Redis), and the Document codec.

A store holds documents, the MinHash signatures of their windows and the windows' LSH band keys.
:class:`~reuse.index.windows.WindowIndex` queries any store through :class:`Store` only, and
:func:`~reuse.index.open_index` / :func:`~reuse.index.add_documents` never ask which store it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict
from typing import Any, Protocol

import numpy as np

from reuse.index.params import IndexParams
from reuse.model import Document, Flag, Span

VERIFY_DTYPE = np.uint16
"""Signatures are verified on the low 16 bits of each MinHash value (b-bit MinHash): the SQLite
store keeps only those (256 bytes per window at 128 permutations), and every store compares the
same bits so they all give the same estimates. Two different values agree on 16 bits with
probability 1/65,536, so an estimate is at most a hair (about 0.002 at 128 permutations, in
expectation) above the 32-bit one."""
WRITE_WAIT_SECONDS = 600.0
"""How long a writer of a SQLite index (``reuse index add``) waits for another writer to finish
before it gives up with an error (``--wait`` changes it)."""


class Store(Protocol):
    """Storage of documents, windows and band keys.

    ``lookup`` returns ``(rows, window_ids)``: for every band key found in at most ``stop``
    indexed windows, the row of ``keys`` it came from and an indexed window carrying it (keys in
    more windows are stop-bands and are skipped). ``window_info`` returns, for each window id, the
    id of its document (``None`` for a window whose document is not committed) and its signature.

    ``location`` is how a persistent store is named (a path, a Redis URL without its password;
    ``None`` in memory). ``write_stamp`` stamps a new store with its parameters,
    ``require_schema`` refuses a store written with another schema version, ``require_complete``
    one whose last write did not complete. ``transaction`` groups writes so a failure leaves
    the store as it was (waiting up to ``wait`` seconds for another writer, calling ``notify``
    when the wait starts, where the store has one writer at a time).

    ``verify`` reads the whole store and returns what is wrong with it, one sentence each (an
    empty list: the store is sound). It checks the store's own integrity (pages, keys) and that
    its counts agree: every window belongs to a document that is there, every document has its
    windows. The parameter stamp and schema version are checked by ``open_index`` already.
    """

    @property
    def location(self) -> str | None: ...
    def get_meta(self, key: str) -> str | None: ...
    def write_stamp(self, params: IndexParams) -> None: ...
    def require_schema(self) -> None: ...
    def require_complete(self) -> None: ...
    def transaction(self, *, wait: float = WRITE_WAIT_SECONDS,
                    notify: Callable[[str], None] | None = None) -> AbstractContextManager[None]: ...
    def add_document(self, doc: Document) -> None: ...
    def has_document(self, doc_id: str) -> bool: ...
    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None: ...
    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]: ...
    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]: ...
    def documents(self) -> Iterator[Document]: ...
    def document(self, doc_id: str) -> Document: ...
    def counts(self) -> tuple[int, int]: ...
    def verify(self) -> list[str]: ...
    def close(self) -> None: ...


def expand_matches(
    query_keys: np.ndarray, found_keys: np.ndarray, found_windows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Turn ``(key, window)`` hits into ``(row of query_keys, window)`` pairs, vectorised.

    ``query_keys`` is the ``(n, bands)`` key array of the query; a key shared by several rows
    yields one pair per row.
    """
    if found_keys.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    flat = query_keys.reshape(-1)
    order = np.argsort(flat, kind="stable")
    sorted_flat = flat[order]
    lo = np.searchsorted(sorted_flat, found_keys, side="left")
    hi = np.searchsorted(sorted_flat, found_keys, side="right")
    counts = hi - lo
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    positions = order[np.repeat(lo, counts) + offsets]
    return positions // query_keys.shape[1], np.repeat(found_windows.astype(np.int64), counts)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-d array, by sorting: numpy 2.3+ finds the unique values of a plain
    call with a hash table, which is 10-100 times slower than a sort for int64 arrays with many
    distinct values (19 ms against 0.1 ms for 5,000)."""
    ordered = np.sort(values.reshape(-1))
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    unique: np.ndarray = ordered[keep]
    return unique


def _spans(spans: tuple[Span, ...]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def document_to_data(doc: Document) -> dict[str, Any]:
    """``doc`` as plain JSON-ready data: its fields, spans as ``[start, end]`` lists."""
    data = asdict(doc)
    data["content"] = _spans(doc.content)
    data["template"] = _spans(doc.template)
    data["quotations"] = _spans(doc.quotations)
    data["references"] = _spans(doc.references)
    data["flags"] = [{**asdict(f), "spans": _spans(f.spans)} for f in doc.flags]
    return data


def document_from_data(data: dict[str, Any]) -> Document:
    """The document :func:`document_to_data` made ``data`` from (``content`` and ``template`` are
    required; ``quotations``, ``references`` and ``flags`` may be missing, as written by older
    versions; ``data`` is used up: its span lists become spans). Raises KeyError, TypeError,
    ValueError or AttributeError for anything else."""
    data["content"] = tuple(Span(a, b) for a, b in data["content"])
    data["template"] = tuple(Span(a, b) for a, b in data["template"])
    data["quotations"] = tuple(Span(a, b) for a, b in data.get("quotations", ()))
    data["references"] = tuple(Span(a, b) for a, b in data.get("references", ()))
    data["flags"] = tuple(
        Flag(**{**f, "spans": tuple(Span(a, b) for a, b in f.get("spans", ()))})
        for f in data.get("flags", ())
    )
    return Document(**data)
