"""The window index: documents, MinHash signatures of their windows, and LSH band keys.

Three stores share one interface: an in-memory store (a run's submissions and loose source
files), a single SQLite file (a persistent source index, ``reuse index build``), written in
transactions so an interrupted ``index add`` leaves the last committed state, and a shared Redis
database (:mod:`reuse.redis_store`, ``redis://HOST:PORT/DB?prefix=NAME``). An index stamps its
parameters and refuses to be mixed with, or queried by, other ones.

A query cuts the text into windows, looks up their band keys, verifies every window pair LSH
returns on the full signatures (estimated Jaccard at least ``min_jaccard``) and ranks the
indexed documents by the sum, over the query's windows, of the best verified estimate each
window reached with that document; the ``max_candidates`` best are returned.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import numpy as np

from reuse._version import __version__
from reuse.errors import IndexMismatchError, SourceIndexError
from reuse.fingerprint import HASH_NAME, MINHASH_SCHEME, band_keys, band_layout, signatures
from reuse.model import Document, DocumentKind, Span
from reuse.settings import FingerprintOptions
from reuse.text.hashing import windows
from reuse.text.normalize import NORMALIZER_VERSION, NormalizedText

SQLITE_SCHEMA_VERSION = 3
_DEFAULTS = FingerprintOptions()
QUERY_FIELDS = ("min_jaccard", "max_candidates", "stop_postings")
"""IndexParams fields that only steer queries: neither stamped on an index nor compared."""
_VERIFY_BLOCK = 32768
"""Window pairs verified at once (bounds the memory a long query needs)."""
VERIFY_DTYPE = np.uint16
"""Signatures are verified on the low 16 bits of each MinHash value (b-bit MinHash): the SQLite
store keeps only those (256 bytes per window at 128 permutations), and every store compares the
same bits so they all give the same estimates. Two different values agree on 16 bits with
probability 1/65,536, so an estimate is at most a hair (about 0.002 at 128 permutations, in
expectation) above the 32-bit one."""
_FLUSH_WINDOWS = 65536
"""The SQLite store writes its buffer every this many windows (about 64 MiB of band rows at 64
bands). Each write is one sorted pass over the band B-tree, so larger batches mean fewer passes
over a big index; the rows reach SQLite in slices, so Python never holds them all as objects."""
_ROW_SLICE = 262144
WRITE_WAIT_SECONDS = 600.0
"""How long a writer of a SQLite index (``reuse index add``) waits for another writer to finish
before it gives up with an error (``--wait`` changes it)."""
READ_WAIT_SECONDS = 60.0
"""How long a query waits for a writer that is committing (it holds the file for that moment)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
_T = TypeVar("_T")


def _rows(*columns: np.ndarray) -> Iterator[tuple[int, ...]]:
    """Rows of equal-length integer columns, converted to Python a slice at a time."""
    for start in range(0, columns[0].shape[0], _ROW_SLICE):
        yield from zip(*(c[start : start + _ROW_SLICE].tolist() for c in columns), strict=True)


@dataclass(frozen=True, slots=True)
class IndexParams:
    """Everything that must agree between an index and the texts queried against it,
    plus the query knobs (:data:`QUERY_FIELDS`), which may differ from query to query."""

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
    min_jaccard: float = _DEFAULTS.min_jaccard
    max_candidates: int = _DEFAULTS.max_candidates
    stop_postings: int = _DEFAULTS.stop_postings

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
            min_jaccard=options.min_jaccard,
            max_candidates=options.max_candidates,
            stop_postings=options.stop_postings,
        )

    def stamp(self) -> str:
        """The JSON stamp written on an index (structural parameters only)."""
        values = {k: v for k, v in asdict(self).items() if k not in QUERY_FIELDS}
        return json.dumps(values, sort_keys=True)

    @classmethod
    def from_stamp(cls, stamp: str, *, query: IndexParams | None = None) -> IndexParams:
        """Parameters read from a stamp; query knobs from ``query`` (defaults if ``None``)."""
        values = {k: v for k, v in json.loads(stamp).items() if k not in QUERY_FIELDS}
        found = cls(**values)
        if query is not None:
            found = cls(**{**asdict(found), **{k: getattr(query, k) for k in QUERY_FIELDS}})
        return found

    def require_same(self, other: IndexParams, *, where: str) -> None:
        """Raise :class:`IndexMismatchError` naming every structural parameter that differs."""
        diffs = [
            f"{f.name}: index has {getattr(self, f.name)!r}, asked for {getattr(other, f.name)!r}"
            for f in fields(self)
            if f.name not in QUERY_FIELDS and getattr(self, f.name) != getattr(other, f.name)
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
        windows: how many query windows hit a window of the source (verified hits only).
        est_jaccard: the best MinHash-estimated Jaccard similarity over those window pairs.
        score: the ranking score: the sum over query windows of their best estimate.
    """

    query_id: str
    source_id: str
    windows: int
    est_jaccard: float
    score: float = 0.0


class Store(Protocol):
    """Storage of documents, windows and band keys.

    ``lookup`` returns ``(rows, window_ids)``: for every band key found in at most ``stop``
    indexed windows, the row of ``keys`` it came from and an indexed window carrying it (keys in
    more windows are stop-bands and are skipped). ``window_info`` returns, for each window id, the
    id of its document (``None`` for a window whose document is not committed) and its signature.
    """

    def add_document(self, doc: Document) -> None: ...
    def has_document(self, doc_id: str) -> bool: ...
    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None: ...
    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]: ...
    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]: ...
    def documents(self) -> Iterator[Document]: ...
    def document(self, doc_id: str) -> Document: ...
    def counts(self) -> tuple[int, int]: ...


class VerifiableStore(Protocol):
    """A store that can check itself (``reuse index verify``).

    ``verify`` reads the whole store and returns what is wrong with it, one sentence each (an
    empty list: the store is sound). It checks the store's own integrity (pages, keys) and that
    its counts agree: every window belongs to a document that is there, every document has its
    windows. The parameter stamp and schema version are checked by :func:`open_index` already.
    """

    def verify(self) -> list[str]: ...


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

    def add_document(self, doc: Document) -> None:
        self._docs[doc.id] = doc

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        self._names.append(doc_id)
        self._window_doc.append(np.full(sigs.shape[0], len(self._names) - 1, dtype=np.int32))
        self._sigs.append(sigs)
        self._keys.append(keys)
        self._n_windows += sigs.shape[0]
        self._sorted = None

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(sorted keys, their window ids, all signatures, document number of each window)."""
        if self._sorted is None:
            if self._keys:
                keys = np.concatenate([k.reshape(-1) for k in self._keys])
                bands = self._keys[0].shape[1]
                sigs = np.concatenate(self._sigs)
                window_doc = np.concatenate(self._window_doc)
            else:
                keys, bands = np.zeros(0, np.int64), 1
                sigs, window_doc = np.zeros((0, 1), np.uint32), np.zeros(0, np.int32)
            order = np.argsort(keys)
            ids = (order // bands).astype(np.int32 if keys.size < 2**31 else np.int64)
            self._sorted = (keys[order], ids, sigs, window_doc)
        return self._sorted

    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (row of ``keys``, indexed window id) for every band key found (stop-bands skipped)."""
        sorted_keys, sorted_ids, _, _ = self._arrays()
        unique = np.unique(keys)  # sorted needles: numpy narrows each search from the last one
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


def _document_row(doc: Document) -> tuple[str, str, str, str, str, bytes, str]:
    content = json.dumps([[s.start, s.end] for s in doc.content])
    text = zlib.compress(doc.text.encode("utf-8"))
    return (doc.id, doc.path, doc.kind, doc.sha256, doc.extraction, text, content)


def _row_document(row: tuple[str, str, DocumentKind, str, str, bytes, str]) -> Document:
    """The document of a ``documents`` row (its kind column as :func:`_document_row` wrote it)."""
    doc_id, path, kind, sha, extraction, text, content = row
    return Document(
        id=doc_id,
        path=path,
        kind=kind,
        text=zlib.decompress(text).decode("utf-8"),
        content=tuple(Span(a, b) for a, b in json.loads(content)),
        sha256=sha,
        extraction=extraction,
    )


def _require_index_file(path: Path) -> None:
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


def _journal_is_wal(path: Path) -> bool:
    """Whether the SQLite file at ``path`` is in WAL mode (its header's read and write versions are 2)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(18)
            return handle.read(2) == b"\x02\x02"
    except OSError:
        return False


def _reading(method: Callable[..., _T]) -> Callable[..., _T]:
    """Turn what SQLite, zlib or JSON raise on a damaged or locked index into :class:`SourceIndexError`."""

    @functools.wraps(method)
    def read(self: SqliteStore, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise SourceIndexError(
                    f"{self.path}: another process has been writing the index for {READ_WAIT_SECONDS:g} s "
                    f"({error}); try again when it has finished"
                ) from error
            raise SourceIndexError(f"{self.path}: cannot read the index ({error})") from error
        except (sqlite3.DatabaseError, zlib.error, ValueError, KeyError, TypeError) as error:
            raise SourceIndexError(
                f"{self.path}: the index is damaged ({type(error).__name__}: {error}); "
                "`reuse index verify` checks it; rebuild it with `reuse index build`"
            ) from error

    return read


class SqliteStore:
    """One SQLite file holding documents (compressed text), window signatures and band keys.

    Layout (schema 3): ``bands (key, window)`` is a ``WITHOUT ROWID`` B-tree on 47-bit keys
    (6 bytes each) and integer window ids, so a look-up is one index seek per query key;
    ``windows`` holds one row per window with its document number and the low 16 bits of its
    signature (:data:`VERIFY_DTYPE`). Writes are buffered in memory and written by
    :meth:`flush` every :data:`_FLUSH_WINDOWS` windows (band rows sorted by key, so each flush
    is one left-to-right pass over the B-tree); :func:`add_documents` flushes inside its
    transaction. Every read flushes first, so a reader never misses a pending write of its own
    connection.
    """

    def __init__(self, path: Path, *, create: bool, write: bool = False) -> None:
        self.path = path
        self.writable = create or write
        if not create:
            _require_index_file(path)
        self._pending_windows: list[tuple[int, int, np.ndarray]] = []
        self._pending_keys: list[np.ndarray] = []
        self._pending_count = 0
        self._next_window: int | None = None
        self._names: dict[int, str] | None = None
        try:
            self.db = self._connect(path) if not self.writable else sqlite3.connect(
                path, timeout=READ_WAIT_SECONDS, isolation_level=None)
            if self.writable and not create and _journal_is_wal(path):
                # an index an older reuse left in WAL mode goes back to a rollback journal; if
                # it is in use, it stays in WAL mode, still readable and writable
                with suppress(sqlite3.OperationalError):
                    self.db.execute("PRAGMA journal_mode=DELETE")
            if create:
                self.db.execute("PRAGMA page_size=8192")  # before the first table: fewer, fuller pages
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA temp_store=MEMORY")
            self.db.execute("PRAGMA cache_size=-131072")  # 128 MiB page cache
            if create:
                self._create_tables()
            self.db.execute("SELECT value FROM meta WHERE key = 'params'").fetchone()
        except sqlite3.DatabaseError as error:
            if "malformed" in str(error):
                raise SourceIndexError(
                    f"{path}: the index is damaged ({error}); rebuild it with `reuse index build`"
                ) from error
            if "locked" in str(error):
                raise SourceIndexError(
                    f"{path}: another process has been writing the index for {READ_WAIT_SECONDS:g} s "
                    f"({error}); try again when it has finished"
                ) from error
            raise SourceIndexError(f"{path}: not a reuse index ({error})") from error

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
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
            if _journal_is_wal(path) and not os.access(path.parent, os.W_OK):
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

    def begin_write(self, *, wait: float = WRITE_WAIT_SECONDS,
                    notify: Callable[[str], None] | None = None) -> None:
        """Start the write transaction, waiting up to ``wait`` seconds for another writer.

        Raises:
            SourceIndexError: the index is open read-only, or another writer held it for ``wait`` s.
        """
        if not self.writable:
            raise SourceIndexError(f"{self.path}: opened read-only")
        try:
            self.db.execute("PRAGMA busy_timeout=0")
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")  # the commit waits for readers
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise SourceIndexError(f"{self.path}: cannot write the index ({error})") from error
        if notify is not None:
            notify(f"waiting for another writer of {self.path} to finish (up to {wait:g} s)")
        self.db.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise SourceIndexError(
                f"{self.path}: another process kept writing the index for {wait:g} s ({error}); "
                "try again when it has finished, or wait longer with --wait"
            ) from error

    def _create_tables(self) -> None:
        with self.db:
            self.db.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS documents (
                    num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL,
                    kind TEXT NOT NULL, sha256 TEXT NOT NULL, extraction TEXT NOT NULL,
                    text BLOB NOT NULL, content TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS windows (
                    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, signature BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS bands (
                    key INTEGER NOT NULL, window INTEGER NOT NULL,
                    PRIMARY KEY (key, window)) WITHOUT ROWID;
                """
            )

    @_reading
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def add_document(self, doc: Document) -> None:
        self.db.execute(
            "INSERT INTO documents (id, path, kind, sha256, extraction, text, content) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            _document_row(doc),
        )

    @_reading
    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        num = self.db.execute("SELECT num FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if num is None:
            raise SourceIndexError(f"{self.path}: add document {doc_id!r} before its windows")
        if self._next_window is None:
            last = self.db.execute("SELECT MAX(id) FROM windows").fetchone()[0]
            self._next_window = 0 if last is None else int(last) + 1
        first = self._next_window
        n = sigs.shape[0]
        self._next_window += n
        self._pending_windows.append((first, int(num[0]), np.ascontiguousarray(sigs.astype(VERIFY_DTYPE))))
        ids = np.arange(first, first + n, dtype=np.int64)
        self._pending_keys.append(np.stack([keys.reshape(-1), np.repeat(ids, keys.shape[1])], axis=1))
        self._pending_count += n
        if self._pending_count >= _FLUSH_WINDOWS:
            self.flush()

    def flush(self) -> None:
        """Write the buffered windows and band keys (inside the caller's transaction)."""
        if not self._pending_windows:
            return
        ids = np.concatenate([np.arange(first, first + s.shape[0]) for first, _, s in self._pending_windows])
        nums = np.concatenate([np.full(s.shape[0], num) for _, num, s in self._pending_windows])
        sigs = np.concatenate([s for _, _, s in self._pending_windows])
        blobs = [row.tobytes() for row in sigs]
        self.db.executemany("INSERT INTO windows (id, doc, signature) VALUES (?, ?, ?)",
                            zip(ids.tolist(), nums.tolist(), blobs, strict=True))
        pairs = np.concatenate(self._pending_keys)
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        self.db.executemany("INSERT OR IGNORE INTO bands (key, window) VALUES (?, ?)",
                            _rows(pairs[:, 0], pairs[:, 1]))
        self._pending_windows.clear()
        self._pending_keys.clear()
        self._pending_count = 0

    def discard(self) -> None:
        """Drop buffered writes (after a rollback)."""
        self._pending_windows.clear()
        self._pending_keys.clear()
        self._pending_count = 0
        self._next_window = None
        self._names = None

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction round several statements (none if one is open): one consistent
        view, and no lock held between queries (a writer can commit in between)."""
        outer = self.db.in_transaction
        if not outer:
            self.db.execute("BEGIN")
        try:
            yield
        finally:
            if not outer and self.db.in_transaction:
                self.db.execute("COMMIT")

    @_reading
    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        self.flush()
        unique = np.unique(keys)
        with self._snapshot():
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (key INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM probe")
            self.db.executemany("INSERT INTO probe (key) VALUES (?)", ((k,) for k in unique.tolist()))
            # probe drives the join (CROSS JOIN fixes the order); a key found in more than `stop`
            # windows is a stop-band: its posting count is read with LIMIT, and it is skipped.
            found = self.db.execute(
                "SELECT probe.key, bands.window FROM probe CROSS JOIN bands ON bands.key = probe.key WHERE "
                "(SELECT COUNT(*) FROM (SELECT 1 FROM bands AS c WHERE c.key = probe.key LIMIT ?)) <= ?",
                (stop + 1, stop),
            ).fetchall()
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        arr = np.asarray(found, dtype=np.int64)
        return expand_matches(keys, arr[:, 0], arr[:, 1])

    def _doc_names(self) -> dict[int, str]:
        if self._names is None:
            self._names = dict(self.db.execute("SELECT num, id FROM documents"))
        return self._names

    @_reading
    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        self.flush()
        unique = np.unique(window_ids)
        with self._snapshot():
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wprobe (id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM wprobe")
            self.db.executemany("INSERT INTO wprobe (id) VALUES (?)", ((w,) for w in unique.tolist()))
            rows = self.db.execute(
                "SELECT windows.id, windows.doc, windows.signature FROM wprobe "
                "CROSS JOIN windows ON windows.id = wprobe.id ORDER BY windows.id"
            ).fetchall()
            names = self._doc_names()
            if any(num not in names for _, num, _ in rows):
                self._names = None
                names = self._doc_names()
        if len(rows) != unique.size or any(len(r[2]) != len(rows[0][2]) for r in rows):
            raise SourceIndexError(
                f"{self.path}: the index is damaged (windows missing or with signatures of the wrong size); "
                "`reuse index verify` checks it; rebuild it with `reuse index build`"
            )
        found_ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        sigs = np.frombuffer(b"".join(r[2] for r in rows), dtype=VERIFY_DTYPE).reshape(len(rows), -1)
        where = np.searchsorted(found_ids, window_ids)
        docs = [names.get(rows[i][1]) for i in where.tolist()]
        return docs, sigs[where]

    _COLUMNS = "id, path, kind, sha256, extraction, text, content"

    def documents(self) -> Iterator[Document]:
        rows = self._all_rows()
        for row in rows:
            yield self._document(row)

    @_reading
    def _all_rows(self) -> list[tuple[str, str, DocumentKind, str, str, bytes, str]]:
        return self.db.execute(f"SELECT {self._COLUMNS} FROM documents ORDER BY id").fetchall()  # noqa: S608

    @_reading
    def _document(self, row: tuple[str, str, DocumentKind, str, str, bytes, str]) -> Document:
        return _row_document(row)

    @_reading
    def document(self, doc_id: str) -> Document:
        row = self.db.execute(
            f"SELECT {self._COLUMNS} FROM documents WHERE id = ?", (doc_id,)  # noqa: S608
        ).fetchone()
        if row is None:
            raise SourceIndexError(f"{self.path}: no document {doc_id!r} in the index")
        return _row_document(row)

    @_reading
    def counts(self) -> tuple[int, int]:
        self.flush()
        with self._snapshot():
            docs = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            wins = self.db.execute("SELECT COUNT(*) FROM windows").fetchone()[0]
        return int(docs), int(wins)

    @_reading
    def verify(self) -> list[str]:
        """What is wrong with the file (``PRAGMA integrity_check``) and its tables: windows whose
        document is missing, documents without windows, signatures of the wrong size, band keys
        of missing windows, and documents whose text cannot be read back."""
        self.flush()
        problems: list[str] = []
        with self._snapshot():
            rows = self.db.execute("PRAGMA integrity_check(20)")
            found = [line for r in rows for line in str(r[0]).splitlines()]
            if found != ["ok"]:
                return [f"SQLite integrity check: {line}" for line in found if not line.startswith("***")]
            queries = [
                ("windows whose document is missing",
                 "SELECT COUNT(*) FROM windows WHERE doc NOT IN (SELECT num FROM documents)"),
                ("band keys of a missing window",
                 "SELECT COUNT(*) FROM bands WHERE window NOT IN (SELECT id FROM windows)"),
                ("windows without a band key",
                 "SELECT COUNT(*) FROM windows WHERE id NOT IN (SELECT DISTINCT window FROM bands)"),
                ("signatures of another size than the first",
                 "SELECT COUNT(*) FROM windows WHERE length(signature) != "
                 "(SELECT length(signature) FROM windows LIMIT 1)"),
            ]
            for what, sql in queries:
                count = int(self.db.execute(sql).fetchone()[0])
                if count:
                    problems.append(f"{count} {what}")
            for row in self.db.execute(f"SELECT {self._COLUMNS} FROM documents"):  # noqa: S608
                try:
                    _row_document(row)
                except (zlib.error, ValueError, TypeError) as error:
                    problems.append(f"document {row[0]!r} cannot be read back ({error})")
        return problems

    def close(self) -> None:
        self.db.close()


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

    def fingerprint(self, text: NormalizedText) -> tuple[np.ndarray, np.ndarray]:
        """Signatures ``(n, num_perm)`` and band keys ``(n, bands)`` of the windows of ``text``."""
        wins = windows(text, shingle_words=self.params.shingle_words, window_words=self.params.window_words)
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
        floor = self.params.min_jaccard if min_jaccard is None else min_jaccard
        cap = self.params.max_candidates if max_candidates is None else max_candidates
        sigs, keys = self.fingerprint(text)
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
        pair_code = np.unique(window_ids * sigs.shape[0] + rows)
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
        for w in np.unique(inverse).tolist():
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


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_redis_url(location: object) -> bool:
    """Whether ``location`` is a URL (``SCHEME://...``), never a path: ``redis://`` and ``rediss://``
    name a Redis index, any other scheme is refused by :func:`open_index` with a message."""
    return isinstance(location, str) and _URL.match(location) is not None


def open_index(
    location: Path | str, *, params: IndexParams | None = None, create: bool = False, write: bool = False
) -> WindowIndex:
    """Open (or create) a persistent index: a SQLite file or a Redis URL.

    The index's documents come out of queries with ids ``"INDEX:ID"`` (``INDEX`` as given, a
    Redis URL without its password): see :class:`WindowIndex`'s ``namespace``.

    Args:
        location: the index file, or ``redis://HOST:PORT/DB?prefix=NAME`` for a shared index
            in Redis (needs the ``redis`` extra).
        params: the parameters the caller will use; required when creating, and when given for
            an existing index they must match its stamp (the query knobs are taken from them).
        create: create the index if it does not exist.
        write: open a SQLite index for writing (``create`` implies it). Without it the file is
            opened read-only: nothing is written to it or next to it, and a read-only file or
            folder is fine.

    Raises:
        SourceIndexError: the file is missing or is not an index, or Redis cannot be reached.
        IndexMismatchError: the index was built with other parameters.
    """
    if is_redis_url(location):
        from reuse.redis_store import RedisStore

        redis_store = RedisStore.from_url(str(location))
        store: SqliteStore | RedisStore = redis_store
        where = f"index {redis_store.location}"
    else:
        path = Path(location)
        exists = path.is_file() and (not create or path.stat().st_size > 0)  # create: an empty file is new
        store = SqliteStore(path, create=create and not exists, write=write or create)
        where = f"index {path}"
    stamped = store.get_meta("params")
    if stamped is None:
        if not create or params is None:
            raise SourceIndexError(f"{where[6:]}: not a reuse index (no parameter stamp)")
        if isinstance(store, SqliteStore):
            _stamp_sqlite(store, params)
        else:
            store.write_stamp(params)
        return WindowIndex(params, store, namespace=f"{where[6:]}:")
    if not isinstance(store, SqliteStore):
        store.require_schema()
    if isinstance(store, SqliteStore):
        schema = store.get_meta("schema_version")
        if schema != str(SQLITE_SCHEMA_VERSION):
            raise SourceIndexError(
                f"{where[6:]}: index schema {schema}, this reuse reads schema {SQLITE_SCHEMA_VERSION}; "
                "rebuild it with `reuse index build`"
            )
    try:
        found = IndexParams.from_stamp(stamped, query=params)
    except (TypeError, ValueError) as error:
        raise SourceIndexError(f"{where[6:]}: unreadable parameter stamp ({error})") from error
    if params is not None:
        found.require_same(params, where=where)
    if not isinstance(store, SqliteStore):
        store.require_complete()  # state, counts and sampled band keys as the last write left them
    return WindowIndex(found, store, namespace=f"{where[6:]}:")


def verify_index(index: WindowIndex) -> list[str]:
    """What is wrong with an opened index (an empty list: it is sound); see :class:`VerifiableStore`.

    :func:`open_index` has checked the parameter stamp and schema version already.
    """
    verify: Callable[[], list[str]] | None = getattr(index.store, "verify", None)
    if verify is None:
        return [f"{type(index.store).__name__} cannot be verified"]
    return verify()


def _stamp_sqlite(store: SqliteStore, params: IndexParams) -> None:
    store.begin_write()
    with store.db:
        store.set_meta("params", params.stamp())
        store.set_meta("reuse_version", __version__)
        store.set_meta("schema_version", str(SQLITE_SCHEMA_VERSION))


def index_info(index: WindowIndex) -> dict[str, object]:
    """Parameters and counts of an index, as ``reuse index info`` shows them."""
    docs, wins = index.store.counts()
    params = {k: v for k, v in asdict(index.params).items() if k not in QUERY_FIELDS}
    info: dict[str, object] = {"params": params, "documents": docs, "windows": wins}
    if isinstance(index.store, SqliteStore):
        info["path"] = str(index.store.path)
        info["reuse_version"] = index.store.get_meta("reuse_version")
    else:
        from reuse.redis_store import RedisStore  # imports redis only when a store is made

        if isinstance(index.store, RedisStore):
            info["path"] = index.store.location
            info["reuse_version"] = index.store.get_meta("reuse_version")
    return info


def add_documents(index: WindowIndex, items: Iterable[tuple[Document, NormalizedText]], *,
                  wait: float = WRITE_WAIT_SECONDS, notify: Callable[[str], None] | None = None,
                  existing: Callable[[Document], None] | None = None) -> int:
    """Add documents in one transaction (SQLite, Redis) so a failure leaves the index as it was.

    A SQLite index has one writer at a time: another one waits for it up to ``wait`` seconds,
    calling ``notify`` with a message when it starts waiting, then raises
    :class:`SourceIndexError`. With ``existing``, a document already in the index (seen once
    the transaction has begun, so a concurrent writer's documents count) is passed to it and
    skipped instead of failing the whole transaction.
    """
    count = 0
    store = index.store
    if existing is not None:
        items = _skipping(index, items, existing)
    if isinstance(store, SqliteStore):
        store.begin_write(wait=wait, notify=notify)
        try:
            with store.db:
                for doc, text in items:
                    index.add(doc, text)
                    count += 1
                store.flush()
        except BaseException:
            store.discard()
            raise
        return count
    transaction = getattr(store, "transaction", None)
    if transaction is not None:
        with transaction():
            for doc, text in items:
                index.add(doc, text)
                count += 1
        return count
    for doc, text in items:
        index.add(doc, text)
        count += 1
    return count


def _skipping(index: WindowIndex, items: Iterable[tuple[Document, NormalizedText]],
              existing: Callable[[Document], None]) -> Iterator[tuple[Document, NormalizedText]]:
    for doc, text in items:
        if index.store.has_document(doc.id):
            existing(doc)
        else:
            yield doc, text


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
