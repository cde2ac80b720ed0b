"""The in-memory store: a run's submissions and loose source files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from reuse.index.params import IndexParams
from reuse.index.store import WRITE_WAIT_SECONDS, expand_matches, sorted_unique
from reuse.model import Document


@dataclass(frozen=True, slots=True)
class WindowArrays:
    """Every window of a memory store as flat arrays (no Python object per window).

    Attributes:
        keys: every (window, band) key, sorted: an int64 array of ``windows x bands`` values.
        window_ids: the window each sorted key belongs to (same length as ``keys``).
        sigs: the MinHash signature of each window, ``(windows, num_perm)``; window ids index it.
        window_doc: the document number of each window (an index into ``names``); the windows of
            a document are consecutive and in the order of its text.
        names: the document ids, in the order they were added.
    """

    keys: np.ndarray
    window_ids: np.ndarray
    sigs: np.ndarray
    window_doc: np.ndarray
    names: tuple[str, ...]


class MemoryStore:
    """In-memory store; band keys are kept as a sorted array for vectorised look-ups."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self._names: list[str] = []
        self._window_doc: list[np.ndarray] = []
        self._sigs: list[np.ndarray] = []
        self._keys: list[np.ndarray] = []
        self._n_windows = 0
        self._sorted: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._meta: dict[str, str] = {}
        self._number: dict[str, int] = {}

    @property
    def location(self) -> str | None:
        """``None``: a memory store has no name."""
        return None

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def write_stamp(self, params: IndexParams) -> None:
        self._meta["params"] = params.stamp()

    def require_schema(self) -> None:
        """Nothing to check: a memory store is never read by another version."""

    def require_complete(self) -> None:
        """Nothing to check: a memory store has no interrupted writes."""

    @contextmanager
    def transaction(self, *, wait: float = WRITE_WAIT_SECONDS,
                    notify: Callable[[str], None] | None = None) -> Iterator[None]:
        """No grouping: writes to memory take effect at once (``wait`` and ``notify`` are unused)."""
        yield

    def add_document(self, doc: Document) -> None:
        self._docs[doc.id] = doc

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        self._names.append(doc_id)
        self._number.setdefault(doc_id, len(self._names) - 1)
        self._window_doc.append(np.full(sigs.shape[0], len(self._names) - 1, dtype=np.int32))
        self._sigs.append(sigs)
        self._keys.append(keys)
        self._n_windows += sigs.shape[0]
        self._sorted = None

    def prepare(self) -> None:
        """Sort the band keys now (the first query does it otherwise), e.g. to time queries alone."""
        self._arrays()

    def window_arrays(self) -> WindowArrays:
        """Every window, its signature, document and band keys (sorted), as :class:`WindowArrays`."""
        keys, ids, sigs, window_doc = self._arrays()
        return WindowArrays(keys, ids, sigs, window_doc, tuple(self._names))

    def window_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
        """Every window's band keys ``(windows, bands)`` (not sorted), signature ``(windows, num_perm)`` and
        document number, in the order added, and the document ids: :meth:`window_arrays` without its sort."""
        if not self._keys:
            return np.zeros((0, 1), np.int64), np.zeros((0, 1), np.uint32), np.zeros(0, np.int32), ()
        return (np.concatenate(self._keys), np.concatenate(self._sigs), np.concatenate(self._window_doc),
                tuple(self._names))

    def fingerprint_of(self, doc_id: str) -> tuple[np.ndarray, np.ndarray]:
        """The signatures and band keys stored for ``doc_id`` when it was added (KeyError if none)."""
        number = self._number[doc_id]
        return self._sigs[number], self._keys[number]

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(sorted keys, their window ids, all signatures, document number of each window)."""
        if self._sorted is None:
            rows, sigs, window_doc, _ = self.window_rows()
            keys, bands = rows.reshape(-1), rows.shape[1]
            del rows  # ``keys`` is its only holder now: freed by the ``del keys`` below
            order = np.argsort(keys)
            sorted_keys, dtype = keys[order], np.int32 if keys.size < 2**31 else np.int64
            del keys  # the unsorted copy, before the next array is made
            order //= bands  # in place: the window of each sorted key
            ids = order.astype(dtype)
            del order
            self._sorted = (sorted_keys, ids, sigs, window_doc)
        return self._sorted

    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (row of ``keys``, indexed window id) for every band key found (stop-bands skipped)."""
        sorted_keys, sorted_ids, _, _ = self._arrays()
        unique = sorted_unique(keys)  # sorted needles: numpy narrows each search from the last one
        lo = np.searchsorted(sorted_keys, unique, side="left")
        hi = np.searchsorted(sorted_keys, unique, side="right")
        counts = hi - lo
        hit = (counts > 0) & (counts <= stop)
        lo, counts, unique = lo[hit], counts[hit], unique[hit]
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return expand_matches(keys, np.repeat(unique, counts), sorted_ids[np.repeat(lo, counts) + offsets])

    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        _, _, sigs, window_doc = self._arrays()
        names = self._names
        return [names[i] for i in window_doc[window_ids].tolist()], sigs[window_ids]

    def documents(self) -> Iterator[Document]:
        return iter(list(self._docs.values()))

    def document(self, doc_id: str) -> Document:
        return self._docs[doc_id]

    def counts(self) -> tuple[int, int]:
        return len(self._docs), self._n_windows

    def verify(self) -> list[str]:
        return [f"{type(self).__name__} cannot be verified"]

    def close(self) -> None:
        """Nothing to release."""
