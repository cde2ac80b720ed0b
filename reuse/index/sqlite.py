"""The SQLite store: a persistent source index in one file (``reuse index build``).

Written in transactions, so an interrupted ``index add`` leaves the last committed state; read
through read-only connections, so a query never writes the file or next to it.
"""

from __future__ import annotations

import functools
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from reuse._version import __version__
from reuse.errors import SourceIndexError
from reuse.index.params import IndexParams
from reuse.index.sqlite_files import READ_WAIT_SECONDS, connect_read_only, journal_is_wal, require_index_file
from reuse.index.sqlite_rows import Row, document_row, row_document
from reuse.index.store import VERIFY_DTYPE, WRITE_WAIT_SECONDS, expand_matches
from reuse.model import Document

SQLITE_SCHEMA_VERSION = 4
READABLE_SCHEMAS = ("3", str(SQLITE_SCHEMA_VERSION))
"""Schema 3 (reuse before the ``data`` column) is read as it is, its documents with 7 fields; the
first write (``reuse index add``) upgrades the file to schema 4 in place (documents written
before keep their 7 fields)."""
_FLUSH_WINDOWS = 65536
BUILDING = "building"
"""The ``state`` meta value of an index whose build has not finished (no ``state``: complete)."""
"""The SQLite store writes its buffer every this many windows (about 64 MiB of band rows at 64
bands). Each write is one sorted pass over the band B-tree, so larger batches mean fewer passes
over a big index; the rows reach SQLite in slices, so Python never holds them all as objects."""
_ROW_SLICE = 262144
_T = TypeVar("_T")


def _rows(*columns: np.ndarray) -> Iterator[tuple[int, ...]]:
    """Rows of equal-length integer columns, converted to Python a slice at a time."""
    for start in range(0, columns[0].shape[0], _ROW_SLICE):
        yield from zip(*(c[start : start + _ROW_SLICE].tolist() for c in columns), strict=True)



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
        except (sqlite3.DatabaseError, zlib.error, ValueError, KeyError, TypeError, AttributeError) as error:
            raise SourceIndexError(
                f"{self.path}: the index is damaged ({type(error).__name__}: {error}); "
                "`reuse index verify` checks it; rebuild it with `reuse index build`"
            ) from error

    return read


class SqliteStore:
    """One SQLite file holding documents (compressed text), window signatures and band keys.

    Layout (schema 4): ``documents`` keeps every field of a document (:mod:`.sqlite_rows`);
    ``bands (key, window)`` is a ``WITHOUT ROWID`` B-tree on 47-bit keys (6 bytes each) and
    integer window ids, so a look-up is one index seek per query key;
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
            require_index_file(path)
        self._pending_windows: list[tuple[int, int, np.ndarray]] = []
        self._pending_keys: list[np.ndarray] = []
        self._pending_count = 0
        self._next_window: int | None = None
        self._names: dict[int, str] | None = None
        self._schema: str | None = None
        try:
            self.db = connect_read_only(path) if not self.writable else sqlite3.connect(
                path, timeout=READ_WAIT_SECONDS, isolation_level=None)
            if self.writable and not create and journal_is_wal(path):
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
                    text BLOB NOT NULL, content TEXT NOT NULL, data BLOB);
                CREATE TABLE IF NOT EXISTS windows (
                    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, signature BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS bands (
                    key INTEGER NOT NULL, window INTEGER NOT NULL,
                    PRIMARY KEY (key, window)) WITHOUT ROWID;
                """
            )

    @property
    def location(self) -> str:
        """The index file, as given."""
        return str(self.path)

    def write_stamp(self, params: IndexParams) -> None:
        """Stamp a new index with its parameters, this reuse's version and the schema version."""
        self.begin_write()
        with self.db:
            self.set_meta("params", params.stamp())
            self.set_meta("reuse_version", __version__)
            self.set_meta("schema_version", str(SQLITE_SCHEMA_VERSION))
        self._schema = None

    def require_schema(self) -> None:
        """Refuse an index written with a schema version this reuse cannot read (it must be
        rebuilt); read a schema 3 index as it is, and upgrade it to schema 4 when opened to write."""
        schema = self.get_meta("schema_version")
        if schema not in READABLE_SCHEMAS:
            raise SourceIndexError(
                f"{self.path}: index schema {schema}, this reuse reads schemas "
                f"{' and '.join(READABLE_SCHEMAS)}; "
                "rebuild it with `reuse index build`"
            )
        if schema != str(SQLITE_SCHEMA_VERSION) and self.writable:
            self._upgrade()

    def _upgrade(self) -> None:
        """Schema 3 to 4: add the ``data`` column (its old rows keep ``NULL``: 7 fields)."""
        self.begin_write()
        with self.db:
            self.db.execute("ALTER TABLE documents ADD COLUMN data BLOB")
            self.set_meta("schema_version", str(SQLITE_SCHEMA_VERSION))

    @property
    def _columns(self) -> str:
        """The ``documents`` columns a row is read from (schema 3 has no ``data``: ``NULL``)."""
        if self._schema is None:
            self._schema = self.get_meta("schema_version")
        data = "data" if self._schema != "3" else "NULL"
        return f"id, path, kind, sha256, extraction, text, content, {data}"

    def require_complete(self) -> None:
        """Refuse the file of an index build that did not finish (:meth:`mark_building`); a SQLite
        transaction that did not complete is rolled back, so there is nothing else to check."""
        if self.get_meta("state") == BUILDING:
            raise SourceIndexError(f"{self.path}: an index build that did not finish (interrupted, or "
                                   "still running); build the index again with `reuse index build`")

    def mark_building(self, building: bool) -> None:
        """Mark the index as being built (refused by :meth:`require_complete`), or as finished."""
        self.begin_write()
        with self.db:
            if building:
                self.set_meta("state", BUILDING)
            else:
                self.db.execute("DELETE FROM meta WHERE key = 'state'")

    @contextmanager
    def transaction(self, *, wait: float = WRITE_WAIT_SECONDS,
                    notify: Callable[[str], None] | None = None) -> Iterator[None]:
        """One write transaction (:meth:`begin_write`), committed with its buffered windows when
        the block ends, rolled back (buffer dropped) if it raises."""
        self.begin_write(wait=wait, notify=notify)
        try:
            with self.db:
                yield
                self.flush()
        except BaseException:
            self.discard()
            raise

    @_reading
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def add_document(self, doc: Document) -> None:
        self.db.execute(
            "INSERT INTO documents (id, path, kind, sha256, extraction, text, content, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            document_row(doc),
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
        self._pending_windows.clear()
        self._pending_keys.clear()  # the buffer is let go before the sort: a lower peak of a large build
        self._pending_count = 0
        # in (key, window) order: a stable sort by key, as window ids ascend through the buffer
        pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
        self.db.executemany("INSERT OR IGNORE INTO bands (key, window) VALUES (?, ?)",
                            _rows(pairs[:, 0], pairs[:, 1]))

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

    def documents(self) -> Iterator[Document]:
        rows = self._all_rows()
        for row in rows:
            yield self._document(row)

    @_reading
    def _all_rows(self) -> list[Row]:
        return self.db.execute(f"SELECT {self._columns} FROM documents ORDER BY id").fetchall()  # noqa: S608

    @_reading
    def _document(self, row: Row) -> Document:
        return row_document(row)

    @_reading
    def document(self, doc_id: str) -> Document:
        row = self.db.execute(
            f"SELECT {self._columns} FROM documents WHERE id = ?", (doc_id,)  # noqa: S608
        ).fetchone()
        if row is None:
            raise SourceIndexError(f"{self.path}: no document {doc_id!r} in the index")
        return row_document(row)

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
            for row in self.db.execute(f"SELECT {self._columns} FROM documents"):  # noqa: S608
                try:
                    row_document(row)
                except (zlib.error, ValueError, TypeError, KeyError, AttributeError) as error:
                    problems.append(f"document {row[0]!r} cannot be read back ({error})")
        return problems

    def close(self) -> None:
        self.db.close()
