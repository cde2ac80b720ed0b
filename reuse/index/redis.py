"""A shared window index in Redis: several teachers or CI jobs query one index.

Open it with ``open_index("redis://HOST:PORT/DB?prefix=NAME")`` (needs the ``redis`` extra:
``pip install reuse-detector[redis]``). URL parameters (any other is an error):

- ``prefix`` (default ``reuse``): letters, digits, ``_``, ``.`` and ``-``; every key of the index
  starts with ``<prefix>:``;
- ``socket_timeout`` (seconds, default 30) and ``socket_connect_timeout`` (default 5): a server
  that does not answer in time is an error, not a hang.

Layout (schema 3), every key under ``<prefix>:``:

- ``meta`` (hash): ``params`` (the JSON stamp), ``reuse_version``, ``schema_version``, ``state``
  (``building`` while a write is under way or was interrupted, ``complete`` after its last step),
  the counts written by the last complete write (``documents``, ``windows``, ``postings``),
  ``next_window``, ``signature_bytes`` and ``canaries`` (256 sampled band keys checked on every open);
- ``docs`` (hash): document id -> zlib-compressed JSON of the document;
- ``win`` (hash): window id -> 2-byte length of the document id, the id (UTF-8), then the low 16
  bits of each MinHash value (the only bits a query compares);
- ``b:<n>`` (hashes, ``n`` = low 16 bits of the band key): band key >> 16 -> the ids of the
  windows carrying it (uint32, little-endian). Small hashes are stored compactly by Redis, which a
  key per band key is not;
- ``lock``: the writer lock (one writer per prefix; expires 60 s after a killed writer).

Writes (inside :meth:`RedisStore.transaction`; ``add_documents`` uses it) take the lock, refuse a
server that may evict keys, mark the index ``building``, send windows and band keys, check that
Redis holds what was sent, and then send the documents, the counts and ``state=complete`` in one
``MULTI``/``EXEC``. Opening an index refuses another schema version, a ``building`` index and
counts that differ from the stored ones. The password may be given in the URL or in the
``REDIS_PASSWORD`` environment variable; it is never shown (:func:`redact_url`).
"""

from __future__ import annotations

import json
import random
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import numpy as np

from reuse._version import __version__
from reuse.errors import SourceIndexError
from reuse.index.params import IndexParams
from reuse.index.redis_url import parse_redis_url, redact_url
from reuse.index.store import WRITE_WAIT_SECONDS, document_from_data, document_to_data
from reuse.model import Document

REDIS_SCHEMA_VERSION = 3
LOCK_SECONDS = 60
BUCKET_BITS = 16
CANARIES = 256
_PIPELINE_CHUNK = 5_000
_SIG_DTYPE = np.dtype("<u2")
_WINDOW_DTYPE = np.dtype("<u4")


def _doc_bytes(doc: Document) -> bytes:
    return zlib.compress(json.dumps(document_to_data(doc)).encode("utf-8"))


def _bytes_doc(raw: object) -> Document:
    """The document stored as ``raw``; ValueError (with the reason) when it is not one."""
    if not isinstance(raw, bytes):
        raise ValueError(f"a {type(raw).__name__}, not bytes")
    try:
        return document_from_data(json.loads(zlib.decompress(raw).decode("utf-8")))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a compressed document ({type(error).__name__}: {error})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a document record ({type(error).__name__}: {error})") from None


def _window_record(doc_id: str, sig: np.ndarray) -> bytes:
    name = doc_id.encode("utf-8")
    return struct.pack("<H", len(name)) + name + sig.astype(_SIG_DTYPE).tobytes()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _count(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return int(str(value))


class RedisStore:
    """Documents, window signatures and band keys in one Redis database, under a prefix."""

    def __init__(self, config: dict[str, Any], prefix: str, *, location: str) -> None:
        try:
            import redis
        except ImportError as error:  # pragma: no cover - depends on the installed extras
            raise SourceIndexError(
                "a Redis index needs the redis package: pip install 'reuse-detector[redis]'"
            ) from error
        self.location = location
        self.prefix = prefix
        self._timeout = config.get("socket_timeout")
        self._redis = redis.Redis(**config)
        self._key = {name: f"{prefix}:{name}" for name in ("meta", "docs", "win", "lock")}
        self._in_transaction = False
        self._pending_docs: dict[str, bytes] = {}
        self._pending_windows: list[tuple[str, np.ndarray, np.ndarray]] = []
        self._lock: Any = None
        self._lock_renewed = 0.0
        self._committed_end = 0  # window ids below this were committed when the index was opened
        with self._guard("connecting"):
            self._redis.ping()

    @classmethod
    def from_url(cls, url: str) -> RedisStore:
        """The store a ``redis://HOST:PORT/DB?prefix=NAME`` URL names."""
        config, prefix = parse_redis_url(url)
        return cls(config, prefix, location=redact_url(url))

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Turn a Redis failure into a :class:`SourceIndexError` naming the index and the action."""
        import redis

        try:
            yield
        except redis.TimeoutError as error:
            raise SourceIndexError(
                f"{self.location}: Redis did not answer within the timeout while {action} ({error}); "
                "is the server frozen or overloaded? The URL parameters socket_timeout=SECONDS and "
                "socket_connect_timeout=SECONDS set the limits"
            ) from error
        except redis.AuthenticationError as error:
            raise SourceIndexError(f"{self.location}: Redis refused the credentials ({error})") from error
        except redis.ConnectionError as error:
            raise SourceIndexError(f"{self.location}: cannot reach Redis ({error})") from error
        except redis.RedisError as error:
            reply = str(error).partition("caused error: ")[2] or str(error)  # not the command's raw arguments
            if "maxmemory" in reply or reply.startswith("OOM"):
                raise SourceIndexError(
                    f"{self.location}: Redis is out of memory while {action} ({reply}); the index is left "
                    "incomplete: drop it (`reuse index drop URL`), free memory or raise maxmemory, and "
                    "rebuild it"
                ) from error
            raise SourceIndexError(
                f"{self.location}: Redis refused a command while {action} ({reply})"
            ) from error

    def _bucket(self, key: int) -> tuple[str, int]:
        return f"{self.prefix}:b:{key & ((1 << BUCKET_BITS) - 1)}", key >> BUCKET_BITS

    # --- stamp and state ----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._guard("reading the index stamp"):
            value = self._redis.hget(self._key["meta"], key)
        if value is None:
            return None
        if not isinstance(value, bytes):
            raise SourceIndexError(f"{self.location}: damaged key {self._key['meta']} (field {key})")
        return value.decode("utf-8", "replace")

    def _meta(self) -> dict[str, str]:
        with self._guard("reading the index stamp"):
            raw = self._redis.hgetall(self._key["meta"])
        return {_text(k): _text(v) for k, v in raw.items()}

    def _meta_count(self, meta: dict[str, str], name: str) -> int:
        try:
            return _count(meta.get(name))
        except ValueError:
            raise SourceIndexError(
                f"{self.location}: damaged key {self._key['meta']} (field {name}: {meta.get(name)!r})"
            ) from None

    def write_stamp(self, params: IndexParams) -> None:
        """Stamp a new index (state ``building`` until its first write completes). Refuses a
        prefix that already holds an index, also when another build stamps it at the same time."""
        self.require_no_eviction()
        meta = self._key["meta"]
        with self._guard("creating the index"):
            if not self._redis.hsetnx(meta, "params", params.stamp()):
                raise SourceIndexError(
                    f"{self.location} already holds an index; use `reuse index add` to extend it"
                )
            self._redis.hset(
                meta,
                mapping={
                    "reuse_version": __version__,
                    "schema_version": str(REDIS_SCHEMA_VERSION),
                    "state": "building",
                    "documents": 0,
                    "windows": 0,
                    "postings": 0,
                    "next_window": 0,
                },
            )

    def require_schema(self) -> None:
        """Refuse an index written with another schema version (it must be rebuilt)."""
        found = self.get_meta("schema_version")
        if found != str(REDIS_SCHEMA_VERSION):
            raise SourceIndexError(
                f"{self.location}: index schema {found}, this reuse reads schema {REDIS_SCHEMA_VERSION}; "
                f"drop it (`reuse index drop URL`) and rebuild it with `reuse index build`"
            )

    def _writer_running(self) -> bool:
        with self._guard("reading the writer lock"):
            return bool(self._redis.exists(self._key["lock"]))

    def require_complete(self) -> None:
        """Refuse an index whose last write did not complete, or whose documents, windows or
        band keys differ from what its last write stored (evicted, deleted or damaged keys)."""
        self.require_schema()
        meta = self._meta()
        if meta.get("state") != "complete":
            if self._writer_running():
                why = "a `reuse index build` or `add` is writing it now; try again when it has finished"
            else:
                why = (
                    "a write was interrupted or failed; drop it (`reuse index drop URL`) and rebuild it "
                    "with `reuse index build`"
                )
            raise SourceIndexError(f"{self.location}: the index is incomplete ({why})")
        problems = self._count_problems(meta) + self._canary_problems(meta)
        if problems:
            raise SourceIndexError(
                f"{self.location}: the index is damaged ({'; '.join(problems)}); keys were evicted, "
                "deleted or "
                "changed. Drop it (`reuse index drop URL`) and rebuild it on a Redis with maxmemory-policy "
                "noeviction"
            )
        self._committed_end = self._meta_count(meta, "next_window")

    def _count_problems(self, meta: dict[str, str]) -> list[str]:
        with self._guard("counting the index"):
            docs = int(self._redis.hlen(self._key["docs"]))
            wins = int(self._redis.hlen(self._key["win"]))
        problems = []
        for name, found in (("documents", docs), ("windows", wins)):
            stored = self._meta_count(meta, name)
            if found != stored:
                problems.append(f"{found} {name} where {stored} were written")
        return problems

    def _canary_problems(self, meta: dict[str, str]) -> list[str]:
        try:
            canaries = [int(k) for k in json.loads(meta.get("canaries", "[]"))]
        except (ValueError, TypeError):
            return [f"damaged field canaries in {self._key['meta']}"]
        with self._guard("checking band keys"):
            pipe = self._redis.pipeline(transaction=False)
            for key in canaries:
                pipe.hexists(*self._bucket(key))
            found = pipe.execute()
        missing = sum(1 for present in found if not present)
        return [f"{missing} of {len(canaries)} sampled band keys missing"] if missing else []

    def require_no_eviction(self) -> None:
        """Refuse to write on a server that may evict keys of the index (``maxmemory`` set with an
        ``allkeys-*`` policy): an evicted key silently loses sources. ``noeviction`` and the
        ``volatile-*`` policies (which evict only keys with an expiry; the index's have none) are
        accepted, and so is ``maxmemory 0`` (no limit: Redis never evicts)."""
        with self._guard("reading the memory policy"):
            info = self._redis.info("memory")
        limit, policy = int(info.get("maxmemory", 0) or 0), str(info.get("maxmemory_policy", "noeviction"))
        if limit and policy.startswith("allkeys-"):
            raise SourceIndexError(
                f"{self.location}: this Redis evicts keys when full (maxmemory {limit} bytes, "
                "maxmemory-policy "
                f"{policy}); an evicted key would silently lose sources, so reuse does not write an index "
                "there. Use a Redis with maxmemory-policy noeviction (or a volatile-* policy), or no "
                "maxmemory"
            )

    # --- writes -------------------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        with self._guard("taking the writer lock"):
            self._lock = self._redis.lock(self._key["lock"], timeout=LOCK_SECONDS, blocking=False)
            if not self._lock.acquire():
                self._lock = None
                raise SourceIndexError(
                    f"{self.location}: another `reuse index build` or `add` is writing this index; try again "
                    f"when it has finished (the lock of a killed writer expires within {LOCK_SECONDS} s)"
                )
        self._lock_renewed = time.monotonic()

    def _keep_lock(self) -> None:
        if self._lock is not None and time.monotonic() - self._lock_renewed > LOCK_SECONDS / 4:
            with self._guard("renewing the writer lock"):
                self._lock.reacquire()
            self._lock_renewed = time.monotonic()

    def _release_lock(self) -> None:
        import redis

        if self._lock is not None:
            with suppress(redis.RedisError):
                self._lock.release()
            self._lock = None

    @contextmanager
    def transaction(self, *, wait: float = WRITE_WAIT_SECONDS,
                    notify: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the writer lock and buffer writes; send them when the block ends, nothing if it raises.

        ``wait`` and ``notify`` are unused: a second writer is refused at once (the lock names it)."""
        outer = not self._in_transaction
        if outer:
            self._acquire_lock()
            self._in_transaction = True
        try:
            yield
            if outer:
                self._send()
        finally:
            if outer:
                self._in_transaction = False
                self._pending_docs.clear()
                self._pending_windows.clear()
                self._release_lock()

    def add_document(self, doc: Document) -> None:
        with self.transaction():
            self._pending_docs[doc.id] = _doc_bytes(doc)

    def has_document(self, doc_id: str) -> bool:
        if doc_id in self._pending_docs:
            return True
        with self._guard("reading documents"):
            return bool(self._redis.hexists(self._key["docs"], doc_id))

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        with self.transaction():
            self._keep_lock()
            self._pending_windows.append((doc_id, np.ascontiguousarray(sigs, np.uint32), keys))

    def _send(self) -> None:
        if not self._pending_docs and not self._pending_windows:
            return
        self.require_no_eviction()
        meta_key = self._key["meta"]
        with self._guard("writing the index"):
            self._redis.hset(meta_key, "state", "building")
        meta = self._meta()
        documents, windows = self._meta_count(meta, "documents"), self._meta_count(meta, "windows")
        postings = self._meta_count(meta, "postings")
        total = sum(s.shape[0] for _, s, _ in self._pending_windows)
        with self._guard("writing the index"):
            first = int(self._redis.hincrby(meta_key, "next_window", total)) - total
        sizes = [s.shape[0] for _, s, _ in self._pending_windows]
        starts = (first + np.cumsum([0, *sizes])[:-1]).tolist()
        ids = [
            np.arange(start, start + size, dtype=np.int64) for start, size in zip(starts, sizes, strict=True)
        ]
        width = next((s.shape[1] * _SIG_DTYPE.itemsize for _, s, _ in self._pending_windows if s.size), 0)
        self._send_windows(ids)
        new_postings, canaries = self._send_bands(ids, postings > 0)
        with self._guard("checking what was written"):
            stored_windows = int(self._redis.hlen(self._key["win"]))
        if stored_windows != windows + total:
            raise SourceIndexError(
                f"{self.location}: after writing, Redis holds {stored_windows} windows where "
                f"{windows + total} were written (keys evicted or deleted meanwhile); the index stays marked "
                "incomplete: drop it (`reuse index drop URL`) and rebuild it on a Redis with "
                "maxmemory-policy noeviction"
            )
        old = json.loads(meta.get("canaries", "[]"))
        pool = [*old, *canaries]
        random.shuffle(pool)
        with self._guard("committing the documents"), self._redis.pipeline(transaction=True) as commit:
            if self._pending_docs:
                commit.hset(self._key["docs"], mapping=self._pending_docs)  # type: ignore[arg-type]
            commit.hset(
                meta_key,
                mapping={
                    "documents": documents + len(self._pending_docs),
                    "windows": windows + total,
                    "postings": postings + new_postings,
                    "canaries": json.dumps(pool[:CANARIES]),
                    **({"signature_bytes": width} if width else {}),
                },
            )
            commit.execute()
        problems = self._count_problems(self._meta())
        if problems:
            raise SourceIndexError(
                f"{self.location}: after writing, {'; '.join(problems)} (keys evicted or deleted "
                "meanwhile); the "
                "index stays marked incomplete: drop it (`reuse index drop URL`) and rebuild it"
            )
        with self._guard("committing the index"):
            self._redis.hset(meta_key, "state", "complete")
        self._committed_end = first + total
        self._pending_docs.clear()
        self._pending_windows.clear()

    def _send_windows(self, ids: list[np.ndarray]) -> None:
        mapping: dict[str, bytes] = {}
        with self._guard("writing windows"):
            pipe = self._redis.pipeline(transaction=False)
            for (doc_id, sigs, _), numbers in zip(self._pending_windows, ids, strict=True):
                for number, sig in zip(numbers.tolist(), sigs, strict=True):
                    mapping[str(number)] = _window_record(doc_id, sig)
                    if len(mapping) >= _PIPELINE_CHUNK:
                        pipe.hset(self._key["win"], mapping=mapping)  # type: ignore[arg-type]
                        pipe.execute()
                        mapping = {}
                        self._keep_lock()
            if mapping:
                pipe.hset(self._key["win"], mapping=mapping)  # type: ignore[arg-type]
                pipe.execute()

    def _send_bands(self, ids: list[np.ndarray], extend: bool) -> tuple[int, list[int]]:
        """Append each window id to its band keys' postings; (postings written, canary keys)."""
        if not ids:
            return 0, []
        keys = np.concatenate([k.reshape(-1) for _, _, k in self._pending_windows]).astype(np.int64)
        windows = np.concatenate(
            [np.repeat(n, k.shape[1]) for n, (_, _, k) in zip(ids, self._pending_windows, strict=True)]
        )
        if keys.size == 0:
            return 0, []
        order = np.lexsort((windows, keys))
        keys, windows = keys[order], windows[order]
        keep = np.ones(keys.size, dtype=bool)
        keep[1:] = (keys[1:] != keys[:-1]) | (windows[1:] != windows[:-1])
        keys, windows = keys[keep], windows[keep].astype(_WINDOW_DTYPE)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.r_[starts[1:], keys.size]
        unique = keys[starts].tolist()
        packed = windows.tobytes()
        for lo in range(0, len(unique), _PIPELINE_CHUNK):
            part = range(lo, min(lo + _PIPELINE_CHUNK, len(unique)))
            targets = [self._bucket(unique[i]) for i in part]
            with self._guard("writing band keys"):
                existing: list[Any] = [None] * len(targets)
                if extend:
                    pipe = self._redis.pipeline(transaction=False)
                    for bucket, field in targets:
                        pipe.hget(bucket, str(field))
                    existing = pipe.execute()
                grouped: dict[str, dict[str, bytes]] = {}
                for i, (bucket, field), old in zip(part, targets, existing, strict=True):
                    value = packed[4 * int(starts[i]) : 4 * int(ends[i])]
                    grouped.setdefault(bucket, {})[str(field)] = value if old is None else bytes(old) + value
                pipe = self._redis.pipeline(transaction=False)
                for bucket, mapping in grouped.items():
                    pipe.hset(bucket, mapping=mapping)  # type: ignore[arg-type]
                pipe.execute()
            self._keep_lock()
        canaries = random.sample(unique, min(CANARIES, len(unique)))
        return int(keys.size), [int(k) for k in canaries]

    # --- reads --------------------------------------------------------------------------------

    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        from reuse.index import expand_matches

        unique = np.unique(keys).tolist()
        found_keys: list[np.ndarray] = []
        found_windows: list[np.ndarray] = []
        for start in range(0, len(unique), _PIPELINE_CHUNK):
            part = unique[start : start + _PIPELINE_CHUNK]
            targets = [self._bucket(int(k)) for k in part]
            with self._guard("looking up band keys"):
                pipe = self._redis.pipeline(transaction=False)
                for bucket, field in targets:
                    pipe.hget(bucket, str(field))
                replies = pipe.execute()
            for key, (bucket, field), raw in zip(part, targets, replies, strict=True):
                if raw is None:
                    continue
                if not isinstance(raw, bytes) or len(raw) % _WINDOW_DTYPE.itemsize:
                    raise SourceIndexError(
                        f"{self.location}: damaged key {bucket} (field {field}: not a list of window ids); "
                        "drop the index (`reuse index drop URL`) and rebuild it"
                    )
                if len(raw) // _WINDOW_DTYPE.itemsize > stop:  # a stop-band: too common to tell sources apart
                    continue
                hits = np.frombuffer(raw, _WINDOW_DTYPE).astype(np.int64)
                found_windows.append(hits)
                found_keys.append(np.full(hits.size, key, np.int64))
        if not found_keys:
            return expand_matches(keys, np.zeros(0, np.int64), np.zeros(0, np.int64))
        return expand_matches(keys, np.concatenate(found_keys), np.concatenate(found_windows))

    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        unique = np.unique(window_ids)
        numbers = unique.tolist()
        raw: list[Any] = []
        for start in range(0, len(numbers), _PIPELINE_CHUNK):
            part = [str(w) for w in numbers[start : start + _PIPELINE_CHUNK]]
            with self._guard("reading windows"):
                raw.extend(self._redis.hmget(self._key["win"], part))
        names: list[str | None] = []
        sigs: list[bytes] = []
        width = 0
        for number, record in zip(numbers, raw, strict=True):
            if record is None:
                if number < self._committed_end:
                    raise self._damaged(f"window {number} is listed under a band key but missing")
                names.append(None)  # written by a writer that has not committed yet
                sigs.append(b"")
                continue
            try:
                if not isinstance(record, bytes):
                    raise ValueError("not bytes")
                (length,) = struct.unpack_from("<H", record)
                name = record[2 : 2 + length].decode("utf-8")
                sig = record[2 + length :]
                if not sig or len(sig) % _SIG_DTYPE.itemsize or (width and len(sig) != width):
                    raise ValueError("bad signature length")
            except (struct.error, UnicodeDecodeError, ValueError) as error:
                raise self._damaged(f"window {number} is not a window record ({error})") from None
            width = len(sig)
            names.append(name)
            sigs.append(sig)
        width = width or _SIG_DTYPE.itemsize
        blank = bytes(width)
        matrix = np.frombuffer(b"".join(s or blank for s in sigs), _SIG_DTYPE).reshape(len(numbers), -1)
        committed = sorted({n for n in names if n is not None})
        if committed:
            with self._guard("reading documents"):
                present = self._redis.hmget(self._key["docs"], committed)
            missing = {n for n, doc in zip(committed, present, strict=True) if doc is None}
            for k, (number, owner) in enumerate(zip(numbers, names, strict=True)):
                if owner in missing:
                    if number < self._committed_end:
                        raise self._damaged(
                            f"document {owner!r} of window {number} is missing from {self._key['docs']}"
                        )
                    names[k] = None
        where = np.searchsorted(unique, window_ids)
        return [names[i] for i in where.tolist()], matrix[where]

    def _damaged(self, what: str) -> SourceIndexError:
        return SourceIndexError(
            f"{self.location}: the index is damaged: {what} (key {self._key['win']}); drop it "
            "(`reuse index drop URL`) and rebuild it"
        )

    def _document(self, doc_id: object, raw: object) -> Document:
        try:
            return _bytes_doc(raw)
        except ValueError as error:
            name = doc_id.decode("utf-8", "replace") if isinstance(doc_id, bytes) else str(doc_id)
            raise SourceIndexError(
                f"{self.location}: damaged key {self._key['docs']} (document {name!r}: {error}); drop the "
                "index (`reuse index drop URL`) and rebuild it"
            ) from None

    def documents(self) -> Iterator[Document]:
        with self._guard("reading documents"):
            items = sorted(self._redis.hscan_iter(self._key["docs"]))
        for doc_id, raw in items:
            yield self._document(doc_id, raw)

    def document(self, doc_id: str) -> Document:
        with self._guard("reading documents"):
            raw = self._redis.hget(self._key["docs"], doc_id)
        if raw is None:
            raise SourceIndexError(f"{self.location}: no document {doc_id!r} in the index")
        return self._document(doc_id, raw)

    def counts(self) -> tuple[int, int]:
        with self._guard("counting the index"):
            return int(self._redis.hlen(self._key["docs"])), int(self._redis.hlen(self._key["win"]))

    # --- maintenance --------------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Every problem found by reading the whole index (empty when it is sound): schema, state,
        counts against the stamp, undecodable documents and windows, windows whose document is
        missing, band postings of missing windows and the total of postings."""
        meta = self._meta()
        if "params" not in meta:
            return [f"{self.location}: no index under this prefix (no parameter stamp)"]
        problems: list[str] = []
        if meta.get("schema_version") != str(REDIS_SCHEMA_VERSION):
            return [
                f"index schema {meta.get('schema_version')}, this reuse reads schema {REDIS_SCHEMA_VERSION}"
            ]
        if meta.get("state") != "complete":
            problems.append(f"state {meta.get('state')!r}: the last write did not complete")
        problems += self._count_problems(meta) + self._canary_problems(meta)
        doc_ids: set[str] = set()
        with self._guard("reading documents"):
            for doc_id, raw in self._redis.hscan_iter(self._key["docs"]):
                try:
                    doc_ids.add(self._document(doc_id, raw).id)
                except SourceIndexError as error:
                    problems.append(str(error).removeprefix(f"{self.location}: "))
        window_ids: set[int] = set()
        with self._guard("reading windows"):
            for number, record in self._redis.hscan_iter(self._key["win"]):
                try:
                    window_ids.add(int(number))
                    (length,) = struct.unpack_from("<H", record)
                    name = record[2 : 2 + length].decode("utf-8")
                except (struct.error, UnicodeDecodeError, ValueError, TypeError):
                    problems.append(f"window {number!r} in {self._key['win']} is not a window record")
                    continue
                if name not in doc_ids:
                    problems.append(f"window {int(number)} belongs to document {name!r}, which is missing")
        postings = 0
        with self._guard("reading band keys"):
            for bucket in self._redis.scan_iter(match=f"{self.prefix}:b:*", count=1000):
                try:
                    items = self._redis.hgetall(bucket)
                except Exception as error:  # WRONGTYPE and the like, turned into a problem
                    problems.append(f"{bucket.decode('utf-8', 'replace')}: {error}")
                    continue
                for field, value in items.items():
                    if len(value) % _WINDOW_DTYPE.itemsize:
                        problems.append(
                            f"{bucket.decode('utf-8', 'replace')} field {field!r}: not window ids"
                        )
                        continue
                    hits = np.frombuffer(value if isinstance(value, bytes) else value.encode(), _WINDOW_DTYPE)
                    postings += hits.size
                    lost = [w for w in hits.tolist() if w not in window_ids]
                    if lost:
                        problems.append(
                            f"band key postings name {len(lost)} missing windows (e.g. {lost[0]})"
                        )
        stored = self._meta_count(meta, "postings")
        if postings != stored:
            problems.append(f"{postings} band postings where {stored} were written")
        return problems

    def drop(self) -> int:
        """Delete every key of this index (its prefix) from the database; the number deleted.

        Refused while a writer holds the lock. Deleting works on a full (``noeviction``) server."""
        if self._writer_running():
            raise SourceIndexError(
                f"{self.location}: a `reuse index build` or `add` is writing this index; drop it when it has "
                f"finished (the lock of a killed writer expires within {LOCK_SECONDS} s)"
            )
        deleted = 0
        with self._guard("deleting the index"):
            batch: list[bytes] = []
            for key in self._redis.scan_iter(match=f"{self.prefix}:*", count=10_000):
                batch.append(key)
                if len(batch) >= 1000:
                    deleted += int(self._redis.unlink(*batch))
                    batch = []
            if batch:
                deleted += int(self._redis.unlink(*batch))
        return deleted

    def close(self) -> None:
        self._redis.close()
