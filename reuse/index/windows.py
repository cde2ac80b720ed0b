"""The window index: documents, MinHash signatures of their windows, and LSH band keys.

A query cuts the text into windows, looks up their band keys, verifies every window pair LSH
returns on the full signatures (estimated Jaccard at least ``min_jaccard``) and ranks the
indexed documents by the sum, over the query's windows, of the best verified estimate each
window reached with that document; the ``max_candidates`` best are returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from reuse.errors import SourceIndexError
from reuse.index.fingerprint import band_keys, band_layout, signatures
from reuse.index.memory import MemoryStore
from reuse.index.params import IndexParams
from reuse.index.store import VERIFY_DTYPE, Store, sorted_unique
from reuse.model import Document
from reuse.text.hashing import windows
from reuse.text.normalize import NormalizedText

_VERIFY_BLOCK = 32768
"""Window pairs verified at once (bounds the memory a long query needs)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A source document that LSH pairs with a query document, with its evidence.

    Attributes:
        query_id: the query document.
        source_id: the indexed document.
        windows: how many query windows hit a window of the source (verified hits only).
        est_jaccard: the best MinHash-estimated Jaccard similarity over those window pairs.
        score: the ranking score: the sum over query windows of their best estimate.
    """

    query_id: str
    source_id: str
    windows: int
    est_jaccard: float
    score: float = 0.0


class WindowIndex:
    """Windows of many documents, queried with the windows of another text.

    Args:
        params: the fingerprint parameters; every text added or queried is cut and hashed with
            them. ``params.min_jaccard`` and ``params.max_candidates`` steer :meth:`query`.
        store: where documents, signatures and band keys live (memory unless given).
        namespace: put before the id of every document a query returns and :meth:`document`
            takes (:func:`open_index` gives a persistent index ``"INDEX:"``), so that an indexed
            document never shares an id with a submission or a document of another index.
    """

    def __init__(self, params: IndexParams, store: Store | None = None, *, namespace: str = "") -> None:
        self.params = params
        self.store: Store = store if store is not None else MemoryStore()
        self.namespace = namespace

    def document(self, doc_id: str) -> Document:
        """The document a query returned as ``doc_id`` (its id carries the namespace)."""
        if not doc_id.startswith(self.namespace):
            raise SourceIndexError(f"no document {doc_id!r} in the index")
        doc = self.store.document(doc_id[len(self.namespace):])
        return replace(doc, id=doc_id) if self.namespace else doc

    def fingerprint(self, text: NormalizedText, *,
                    hashes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Signatures ``(n, num_perm)`` and band keys ``(n, bands)`` of the windows of ``text`` (``hashes``:
        its words' :func:`~reuse.text.hashing.word_hashes` when already computed)."""
        wins = windows(text, shingle_words=self.params.shingle_words, window_words=self.params.window_words,
                       hashes=hashes)
        sigs = signatures(wins, num_perm=self.params.num_perm, seed=self.params.seed)
        layout = band_layout(self.params.threshold, self.params.num_perm)
        return sigs, band_keys(sigs, layout)

    def add(self, doc: Document, text: NormalizedText) -> None:
        """Index ``doc`` (normalised as ``text``). Raises if its id is already indexed."""
        if self.store.has_document(doc.id):
            raise SourceIndexError(f"{doc.path}: a document with id {doc.id!r} is already in the index")
        sigs, keys = self.fingerprint(text)
        self.store.add_document(doc)
        self.store.add_windows(doc.id, sigs, keys)

    def query(self, query_id: str, text: NormalizedText, *, min_jaccard: float | None = None,
              max_candidates: int | None = None) -> list[Candidate]:
        """Indexed documents whose windows LSH pairs with a window of ``text``, best first.

        LSH output is approximate: each window hit is verified on the full signatures, and hits
        whose estimated Jaccard is below ``min_jaccard`` are dropped. Documents are ranked by
        the sum over the query's windows of the best estimate each reached with the document;
        at most ``max_candidates`` are returned. The aligner is the final check.
        """
        sigs, keys = self.fingerprint(text)
        return self.query_fingerprint(query_id, sigs, keys, min_jaccard=min_jaccard,
                                      max_candidates=max_candidates)

    def query_fingerprint(self, query_id: str, sigs: np.ndarray, keys: np.ndarray, *,
                          min_jaccard: float | None = None,
                          max_candidates: int | None = None) -> list[Candidate]:
        """:meth:`query` for a text already fingerprinted (:meth:`fingerprint`, or the arrays a
        memory store kept when the text was added), so that a run fingerprints each text once."""
        floor = self.params.min_jaccard if min_jaccard is None else min_jaccard
        cap = self.params.max_candidates if max_candidates is None else max_candidates
        if sigs.shape[0] == 0:
            return []
        return self.rank(query_id, sigs, keys, floor=floor, cap=cap)

    def rank(self, query_id: str, sigs: np.ndarray, keys: np.ndarray, *, floor: float,
             cap: int, stop: int | None = None) -> list[Candidate]:
        """The candidates for query windows with signatures ``sigs`` and band keys ``keys``."""
        stop = self.params.stop_postings if stop is None else stop
        rows, window_ids = self.store.lookup(keys, stop)
        if rows.size == 0:
            return []
        pair_code = sorted_unique(window_ids * sigs.shape[0] + rows)
        rows, window_ids = pair_code % sigs.shape[0], pair_code // sigs.shape[0]
        unique_windows, inverse = np.unique(window_ids, return_inverse=True)
        docs, indexed = self.store.window_info(unique_windows)
        estimate = np.empty(rows.size)
        query_bits = sigs.astype(VERIFY_DTYPE)
        indexed = indexed.astype(VERIFY_DTYPE, copy=False)
        for start in range(0, rows.size, _VERIFY_BLOCK):  # bounded memory for long texts
            part = slice(start, start + _VERIFY_BLOCK)
            same = query_bits[rows[part]] == indexed[inverse[part]]
            estimate[part] = np.count_nonzero(same, axis=1) / sigs.shape[1]
        keep = estimate >= floor
        if not keep.any():
            return []
        rows, inverse, estimate = rows[keep], inverse[keep], estimate[keep]
        codes: dict[str, int] = {}
        window_code = np.full(unique_windows.size, -1, dtype=np.int64)
        for w in sorted_unique(inverse).tolist():
            name = docs[w]
            if name is not None and self.namespace + name != query_id:
                window_code[w] = codes.setdefault(self.namespace + name, len(codes))
        doc_code = window_code[inverse]
        valid = doc_code >= 0
        if not valid.any():
            return []
        rows, doc_code, estimate = rows[valid], doc_code[valid], estimate[valid]
        # best estimate per (document, query window), then per document: sum, count and max
        order = np.lexsort((-estimate, rows, doc_code))
        rows, doc_code, estimate = rows[order], doc_code[order], estimate[order]
        first = np.ones(rows.size, dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (doc_code[1:] != doc_code[:-1])
        doc_code, estimate = doc_code[first], estimate[first]
        n_docs = len(codes)
        score = np.bincount(doc_code, weights=estimate, minlength=n_docs)
        hits = np.bincount(doc_code, minlength=n_docs)
        best = np.zeros(n_docs)
        np.maximum.at(best, doc_code, estimate)
        names = list(codes)
        found = [
            Candidate(query_id, names[d], int(hits[d]), round(float(best[d]), 4), round(float(score[d]), 4))
            for d in range(n_docs)
        ]
        found.sort(key=lambda c: (-c.score, -c.est_jaccard, c.source_id))
        return found[:cap]

    def documents(self) -> Iterator[Document]:
        """Every indexed document."""
        return self.store.documents()
