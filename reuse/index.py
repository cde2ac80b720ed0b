"""The window index: documents, MinHash signatures of their windows, and LSH band keys.

Two stores share one interface: an in-memory store (a run's submissions and loose source files)
and a single SQLite file (a persistent source index, ``reuse index build``), written in
transactions so an interrupted ``index add`` leaves the last committed state. An index stamps
its parameters and refuses to be mixed with, or queried by, other ones.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Protocol

import numpy as np

from reuse._version import __version__
from reuse.errors import IndexMismatchError, SourceIndexError
from reuse.fingerprint import HASH_NAME, MINHASH_SCHEME, band_keys, band_layout, signatures
from reuse.model import Document, Span
from reuse.normalize import NORMALIZER_VERSION, NormalizedText
from reuse.settings import FingerprintOptions
from reuse.shingle import windows

SQLITE_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class IndexParams:
    """Everything that must agree between an index and the texts queried against it."""

    shingle_words: int
    window_words: int
    num_perm: int
    seed: int
    threshold: float
    bands: int
    rows: int
    hash: str
    minhash_scheme: str
    normalizer_version: str

    @classmethod
    def from_options(cls, options: FingerprintOptions) -> IndexParams:
        """Parameters for the given fingerprint options."""
        layout = band_layout(options.threshold, options.num_perm)
        return cls(
            shingle_words=options.shingle_words,
            window_words=options.window_words,
            num_perm=options.num_perm,
            seed=options.seed,
            threshold=options.threshold,
            bands=layout.bands,
            rows=layout.rows,
            hash=HASH_NAME,
            minhash_scheme=MINHASH_SCHEME,
            normalizer_version=NORMALIZER_VERSION,
        )

    def require_same(self, other: IndexParams, *, where: str) -> None:
        """Raise :class:`IndexMismatchError` naming every parameter that differs."""
        diffs = [
            f"{f.name}: index has {getattr(self, f.name)!r}, asked for {getattr(other, f.name)!r}"
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]
        if diffs:
            raise IndexMismatchError(
                f"{where} was built with other parameters ({'; '.join(diffs)}). "
                "Query it with the same settings, or rebuild it with `reuse index build`."
            )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A source document that LSH pairs with a query document, with its evidence.

    Attributes:
        query_id: the query document.
        source_id: the indexed document.
        windows: how many query windows hit a window of the source.
        est_jaccard: the best MinHash-estimated Jaccard similarity over those window pairs.
    """

    query_id: str
    source_id: str
    windows: int
    est_jaccard: float


class Store(Protocol):
    """Storage of documents, windows and band keys."""

    def add_document(self, doc: Document) -> None: ...
    def has_document(self, doc_id: str) -> bool: ...
    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None: ...
    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...
    def window_info(self, window_ids: np.ndarray) -> tuple[list[str], np.ndarray]: ...
    def documents(self) -> Iterator[Document]: ...
    def document(self, doc_id: str) -> Document: ...
    def counts(self) -> tuple[int, int]: ...


class MemoryStore:
    """In-memory store; band keys are kept as a sorted array for vectorised look-ups."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self._window_doc: list[str] = []
        self._sigs: list[np.ndarray] = []
        self._keys: list[np.ndarray] = []
        self._window_ids: list[np.ndarray] = []
        self._sorted: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def add_document(self, doc: Document) -> None:
        self._docs[doc.id] = doc

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        first = len(self._window_doc)
        ids = np.arange(first, first + sigs.shape[0], dtype=np.int64)
        self._window_doc.extend([doc_id] * sigs.shape[0])
        self._sigs.append(sigs)
        self._keys.append(keys.reshape(-1))
        self._window_ids.append(np.repeat(ids, keys.shape[1]))
        self._sorted = None

    def _sorted_keys(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._sorted is None:
            keys = np.concatenate(self._keys) if self._keys else np.zeros(0, np.int64)
            ids = np.concatenate(self._window_ids) if self._window_ids else np.zeros(0, np.int64)
            order = np.argsort(keys, kind="stable")
            sigs = np.concatenate(self._sigs) if self._sigs else np.zeros((0, 1), np.uint32)
            self._sorted = (keys[order], ids[order], sigs)
        return self._sorted

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (row of ``keys``, indexed window id) for every band key found."""
        sorted_keys, sorted_ids, _ = self._sorted_keys()
        flat = keys.reshape(-1)
        rows = np.repeat(np.arange(keys.shape[0]), keys.shape[1])
        lo = np.searchsorted(sorted_keys, flat, side="left")
        hi = np.searchsorted(sorted_keys, flat, side="right")
        counts = hi - lo
        hit = counts > 0
        if not hit.any():
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        rows, lo, counts = rows[hit], lo[hit], counts[hit]
        query_rows = np.repeat(rows, counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return query_rows, sorted_ids[np.repeat(lo, counts) + offsets]

    def window_info(self, window_ids: np.ndarray) -> tuple[list[str], np.ndarray]:
        _, _, sigs = self._sorted_keys()
        return [self._window_doc[i] for i in window_ids], sigs[window_ids]

    def documents(self) -> Iterator[Document]:
        return iter(list(self._docs.values()))

    def document(self, doc_id: str) -> Document:
        return self._docs[doc_id]

    def counts(self) -> tuple[int, int]:
        return len(self._docs), len(self._window_doc)


class SqliteStore:
    """One SQLite file holding documents (compressed text), window signatures and band keys."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        if not create and not path.is_file():
            raise SourceIndexError(f"{path}: no such index file (build one with `reuse index build`)")
        try:
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if create:
                self._create_tables()
            self.db.execute("SELECT value FROM meta WHERE key = 'params'").fetchone()
        except sqlite3.DatabaseError as error:
            raise SourceIndexError(f"{path}: not a reuse index ({error})") from error

    def _create_tables(self) -> None:
        with self.db:
            self.db.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS documents (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL,
                    sha256 TEXT NOT NULL, extraction TEXT NOT NULL,
                    text BLOB NOT NULL, content TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS windows (
                    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, signature BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS bands (
                    key INTEGER NOT NULL, window INTEGER NOT NULL,
                    PRIMARY KEY (key, window)) WITHOUT ROWID;
                """
            )

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def add_document(self, doc: Document) -> None:
        content = json.dumps([[s.start, s.end] for s in doc.content])
        self.db.execute(
            "INSERT INTO documents (id, path, kind, sha256, extraction, text, content) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.path, doc.kind, doc.sha256, doc.extraction,
             zlib.compress(doc.text.encode("utf-8")), content),
        )

    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        ids = []
        for sig in sigs:
            cursor = self.db.execute(
                "INSERT INTO windows (doc, signature) VALUES (?, ?)", (doc_id, sig.tobytes())
            )
            ids.append(cursor.lastrowid)
        rows = ((int(key), window) for window, row in zip(ids, keys) for key in row)
        self.db.executemany("INSERT OR IGNORE INTO bands (key, window) VALUES (?, ?)", rows)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        flat = keys.reshape(-1)
        row_of: dict[int, list[int]] = {}
        for i, key in enumerate(flat.tolist()):
            row_of.setdefault(key, []).append(i // keys.shape[1])
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (key INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM probe")
        self.db.executemany("INSERT INTO probe (key) VALUES (?)", ((k,) for k in row_of))
        found = self.db.execute(
            "SELECT bands.key, bands.window FROM probe JOIN bands ON bands.key = probe.key"
        ).fetchall()
        query_rows: list[int] = []
        window_ids: list[int] = []
        for key, window in found:
            for row in row_of[key]:
                query_rows.append(row)
                window_ids.append(window)
        return np.asarray(query_rows, dtype=np.int64), np.asarray(window_ids, dtype=np.int64)

    def window_info(self, window_ids: np.ndarray) -> tuple[list[str], np.ndarray]:
        unique = sorted(set(window_ids.tolist()))
        info: dict[int, tuple[str, bytes]] = {}
        for chunk in range(0, len(unique), 900):
            part = unique[chunk : chunk + 900]
            marks = ",".join("?" * len(part))
            for wid, doc, sig in self.db.execute(
                f"SELECT id, doc, signature FROM windows WHERE id IN ({marks})", part  # noqa: S608
            ):
                info[wid] = (doc, sig)
        docs = [info[w][0] for w in window_ids.tolist()]
        sigs = np.stack([np.frombuffer(info[w][1], dtype=np.uint32) for w in window_ids.tolist()])
        return docs, sigs

    _COLUMNS = "id, path, kind, sha256, extraction, text, content"

    @staticmethod
    def _row_document(row: tuple[str, str, str, str, str, bytes, str]) -> Document:
        doc_id, path, kind, sha, extraction, text, content = row
        return Document(
            id=doc_id,
            path=path,
            kind=kind,  # type: ignore[arg-type]
            text=zlib.decompress(text).decode("utf-8"),
            content=tuple(Span(a, b) for a, b in json.loads(content)),
            sha256=sha,
            extraction=extraction,
        )

    def documents(self) -> Iterator[Document]:
        rows = self.db.execute(f"SELECT {self._COLUMNS} FROM documents ORDER BY id")  # noqa: S608
        for row in rows:
            yield self._row_document(row)

    def document(self, doc_id: str) -> Document:
        row = self.db.execute(
            f"SELECT {self._COLUMNS} FROM documents WHERE id = ?", (doc_id,)  # noqa: S608
        ).fetchone()
        if row is None:
            raise SourceIndexError(f"{self.path}: no document {doc_id!r} in the index")
        return self._row_document(row)

    def counts(self) -> tuple[int, int]:
        docs = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        wins = self.db.execute("SELECT COUNT(*) FROM windows").fetchone()[0]
        return int(docs), int(wins)

    def close(self) -> None:
        self.db.close()


class WindowIndex:
    """Windows of many documents, queried with the windows of another text.

    Args:
        params: the fingerprint parameters; every text added or queried is cut and hashed with them.
        store: where documents, signatures and band keys live (memory unless given).
    """

    def __init__(self, params: IndexParams, store: Store | None = None) -> None:
        self.params = params
        self.store: Store = store if store is not None else MemoryStore()

    def _fingerprint(self, text: NormalizedText) -> np.ndarray:
        wins = windows(text, shingle_words=self.params.shingle_words, window_words=self.params.window_words)
        return signatures(wins, num_perm=self.params.num_perm, seed=self.params.seed)

    def add(self, doc: Document, text: NormalizedText) -> None:
        """Index ``doc`` (normalised as ``text``). Raises if its id is already indexed."""
        if self.store.has_document(doc.id):
            raise SourceIndexError(f"{doc.path}: a document with id {doc.id!r} is already in the index")
        sigs = self._fingerprint(text)
        self.store.add_document(doc)
        layout = band_layout(self.params.threshold, self.params.num_perm)
        self.store.add_windows(doc.id, sigs, band_keys(sigs, layout))

    def query(self, query_id: str, text: NormalizedText, *, min_jaccard: float | None = None) -> list[Candidate]:
        """Indexed documents whose windows LSH pairs with a window of ``text``, best first.

        LSH output is approximate: each window hit is verified on the full signatures, and hits
        whose estimated Jaccard is below ``min_jaccard`` (default: half the LSH threshold) are
        dropped. The aligner is the final check.
        """
        floor = self.params.threshold / 2 if min_jaccard is None else min_jaccard
        sigs = self._fingerprint(text)
        if sigs.shape[0] == 0:
            return []
        layout = band_layout(self.params.threshold, self.params.num_perm)
        rows, window_ids = self.store.lookup(band_keys(sigs, layout))
        if rows.size == 0:
            return []
        pairs = np.unique(np.stack([rows, window_ids], axis=1), axis=0)
        docs, indexed = self.store.window_info(pairs[:, 1])
        estimate = (sigs[pairs[:, 0]] == indexed).mean(axis=1)
        best: dict[str, float] = {}
        hit_rows: dict[str, set[int]] = {}
        for row, doc_id, est in zip(pairs[:, 0].tolist(), docs, estimate.tolist()):
            if doc_id == query_id or est < floor:
                continue
            best[doc_id] = max(best.get(doc_id, 0.0), est)
            hit_rows.setdefault(doc_id, set()).add(row)
        found = [Candidate(query_id, d, len(hit_rows[d]), round(best[d], 4)) for d in best]
        return sorted(found, key=lambda c: (-c.windows, -c.est_jaccard, c.source_id))

    def documents(self) -> Iterator[Document]:
        """Every indexed document."""
        return self.store.documents()


def open_index(path: Path, *, params: IndexParams | None = None, create: bool = False) -> WindowIndex:
    """Open (or create) a SQLite index file.

    Args:
        path: the index file.
        params: the parameters the caller will use; required when creating, and when given for
            an existing index they must match its stamp.
        create: create the file if it does not exist.

    Raises:
        SourceIndexError: the file is missing or is not an index.
        IndexMismatchError: the index was built with other parameters.
    """
    exists = path.is_file()
    store = SqliteStore(path, create=create and not exists)
    stamped = store.get_meta("params")
    if stamped is None:
        if not create or params is None:
            raise SourceIndexError(f"{path}: not a reuse index (no parameter stamp)")
        with store.db:
            store.set_meta("params", json.dumps(asdict(params), sort_keys=True))
            store.set_meta("reuse_version", __version__)
            store.set_meta("schema_version", str(SQLITE_SCHEMA_VERSION))
        return WindowIndex(params, store)
    try:
        found = IndexParams(**json.loads(stamped))
    except (TypeError, ValueError) as error:
        raise SourceIndexError(f"{path}: unreadable parameter stamp ({error})") from error
    if params is not None:
        found.require_same(params, where=f"index {path}")
    return WindowIndex(found, store)


def index_info(index: WindowIndex) -> dict[str, object]:
    """Parameters and counts of an index, as ``reuse index info`` shows them."""
    docs, wins = index.store.counts()
    info: dict[str, object] = {"params": asdict(index.params), "documents": docs, "windows": wins}
    if isinstance(index.store, SqliteStore):
        info["path"] = str(index.store.path)
        info["reuse_version"] = index.store.get_meta("reuse_version")
    return info


def add_documents(index: WindowIndex, items: Iterable[tuple[Document, NormalizedText]]) -> int:
    """Add documents in one transaction (SQLite) so a failure leaves the index as it was."""
    count = 0
    store = index.store
    if isinstance(store, SqliteStore):
        with store.db:
            for doc, text in items:
                index.add(doc, text)
                count += 1
        return count
    for doc, text in items:
        index.add(doc, text)
        count += 1
    return count
