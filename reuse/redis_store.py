"""A shared window index in Redis: several teachers or CI jobs query one index.

Open it with ``open_index("redis://HOST:PORT/DB?prefix=NAME")`` (needs the ``redis`` extra:
``pip install reuse-detector[redis]``). The band tables are datasketch's own Redis storage
(``datasketch.storage.unordered_storage`` with ``{'type': 'redis', ...}``: one Redis set per
band key, named ``<prefix>:bands:<key>``); documents, window signatures and the parameter stamp
are plain Redis hashes under the same prefix:

- ``<prefix>:meta``: ``params`` (the JSON stamp), ``reuse_version``, ``schema_version``;
- ``<prefix>:docs``: document id -> zlib-compressed JSON of the document;
- ``<prefix>:wdoc`` / ``<prefix>:wsig``: window id -> document id / signature (uint32 LE);
- ``<prefix>:next``: the window id counter.

Writes made inside :meth:`RedisStore.transaction` (``add_documents`` uses it) are buffered and
sent when the block ends, windows and band keys first and the documents last in one
``MULTI``/``EXEC``: a failure before the end writes nothing, and a crash while sending leaves
windows whose document is missing, which queries ignore. The password may be given in the URL or
in the ``REDIS_PASSWORD`` environment variable; it is never shown.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

import numpy as np

from reuse._version import __version__
from reuse.errors import SourceIndexError
from reuse.model import Document, Flag, Span

if TYPE_CHECKING:
    from redis.typing import FieldT

REDIS_SCHEMA_VERSION = 2
_PIPELINE_CHUNK = 20_000


def parse_redis_url(url: str) -> tuple[dict[str, Any], str]:
    """``redis://[:PASSWORD@]HOST[:PORT][/DB][?prefix=NAME]`` -> (redis.Redis kwargs, prefix)."""
    parts = urlparse(url)
    if parts.scheme not in ("redis", "rediss"):
        raise SourceIndexError(f"not a Redis URL (redis://HOST:PORT/DB?prefix=NAME): {_redact(url)}")
    query = parse_qs(parts.query)
    prefix = query.get("prefix", ["reuse"])[0]
    if not prefix:
        raise SourceIndexError(f"{_redact(url)}: empty prefix")
    db_part = parts.path.lstrip("/")
    try:
        db = int(db_part) if db_part else 0
        port = parts.port or 6379
    except ValueError as error:
        raise SourceIndexError(f"{_redact(url)}: bad port or database number ({error})") from error
    config: dict[str, Any] = {"host": parts.hostname or "localhost", "port": port, "db": db}
    password = unquote(parts.password) if parts.password else os.environ.get("REDIS_PASSWORD")
    if password:
        config["password"] = password
    if parts.username:
        config["username"] = unquote(parts.username)
    if parts.scheme == "rediss":
        config["ssl"] = True
    return config, prefix


def _redact(url: str) -> str:
    parts = urlparse(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def _doc_bytes(doc: Document) -> bytes:
    data = asdict(doc)
    data["content"] = [[s.start, s.end] for s in doc.content]
    data["template"] = [[s.start, s.end] for s in doc.template]
    data["quotations"] = [[s.start, s.end] for s in doc.quotations]
    data["references"] = [[s.start, s.end] for s in doc.references]
    data["flags"] = [{**asdict(f), "spans": [[s.start, s.end] for s in f.spans]} for f in doc.flags]
    return zlib.compress(json.dumps(data).encode("utf-8"))


def _reply_bytes(value: bytes | str) -> bytes:
    """A Redis reply: redis-py types it ``bytes | str``, but the client is made without
    ``decode_responses``, so it is bytes."""
    assert isinstance(value, bytes), "a Redis client without decode_responses replies with bytes"
    return value


def _bytes_doc(raw: bytes | str) -> Document:
    data = json.loads(zlib.decompress(_reply_bytes(raw)).decode("utf-8"))
    data["content"] = tuple(Span(a, b) for a, b in data["content"])
    data["template"] = tuple(Span(a, b) for a, b in data["template"])
    data["quotations"] = tuple(Span(a, b) for a, b in data.get("quotations", ()))
    data["references"] = tuple(Span(a, b) for a, b in data.get("references", ()))
    data["flags"] = tuple(
        Flag(**{**f, "spans": tuple(Span(a, b) for a, b in f.get("spans", ()))})
        for f in data.get("flags", ())
    )
    return Document(**data)


class RedisStore:
    """Documents, window signatures and band keys in one Redis database, under a prefix."""

    def __init__(self, config: dict[str, Any], prefix: str, *, location: str) -> None:
        try:
            import redis
            from datasketch.storage import unordered_storage
        except ImportError as error:  # pragma: no cover - depends on the installed extras
            raise SourceIndexError(
                "a Redis index needs the redis package: pip install 'reuse-detector[redis]'"
            ) from error
        self.location = location
        self.prefix = prefix
        self._redis = redis.Redis(**config)
        try:
            self._redis.ping()
        except redis.RedisError as error:
            raise SourceIndexError(f"{location}: cannot reach Redis ({error})") from error
        storage_config = {"type": "redis", "redis": config, "redis_buffer": {"transaction": True}}
        self._bands = unordered_storage(storage_config, name=f"{prefix}:bands:".encode())
        self._key = {name: f"{prefix}:{name}" for name in ("meta", "docs", "wdoc", "wsig", "next")}
        self._in_transaction = False
        self._pending_docs: dict[FieldT, bytes] = {}  # FieldT: the key type redis-py's hset takes
        self._pending_windows: list[tuple[str, np.ndarray, np.ndarray, int]] = []

    @classmethod
    def from_url(cls, url: str) -> RedisStore:
        """The store a ``redis://HOST:PORT/DB?prefix=NAME`` URL names."""
        config, prefix = parse_redis_url(url)
        return cls(config, prefix, location=_redact(url))

    # --- stamp ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        value = self._redis.hget(self._key["meta"], key)
        return None if value is None else _reply_bytes(value).decode("utf-8")

    def write_stamp(self, params: Any) -> None:
        """Stamp the parameters, the project version and the schema (first writer wins)."""
        meta = self._key["meta"]
        if not self._redis.hsetnx(meta, "params", params.stamp()):
            return
        self._redis.hset(meta, mapping={"reuse_version": __version__,
                                        "schema_version": str(REDIS_SCHEMA_VERSION)})

    # --- writes ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Buffer writes; send them when the block ends, nothing if it raises."""
        self._in_transaction = True
        try:
            yield
            self._send()
        finally:
            self._in_transaction = False
            self._pending_docs.clear()
            self._pending_windows.clear()

    def add_document(self, doc: Document) -> None:
        self._pending_docs[doc.id] = _doc_bytes(doc)
        if not self._in_transaction:
            self._send()

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._pending_docs or bool(self._redis.hexists(self._key["docs"], doc_id))

    def add_windows(self, doc_id: str, sigs: np.ndarray, keys: np.ndarray) -> None:
        first = int(self._redis.incrby(self._key["next"], sigs.shape[0])) - sigs.shape[0]
        self._pending_windows.append((doc_id, np.ascontiguousarray(sigs, np.uint32), keys, first))
        if not self._in_transaction:
            self._send()

    def _send(self) -> None:
        pipe = self._redis.pipeline(transaction=False)
        queued = 0
        for doc_id, sigs, _, first in self._pending_windows:
            for k, sig in enumerate(sigs):
                pipe.hset(self._key["wdoc"], str(first + k), doc_id)
                pipe.hset(self._key["wsig"], str(first + k), sig.tobytes())
                queued += 2
                if queued >= _PIPELINE_CHUNK:
                    pipe.execute()
                    queued = 0
        pipe.execute()
        for _, _, keys, first in self._pending_windows:
            for k, row in enumerate(keys.tolist()):
                for key in row:
                    self._bands.insert(int(key).to_bytes(8, "little"), str(first + k), buffer=True)
        self._bands.empty_buffer()
        if self._pending_docs:
            with self._redis.pipeline(transaction=True) as docs:
                docs.hset(self._key["docs"], mapping=self._pending_docs)
                docs.execute()
        self._pending_docs.clear()
        self._pending_windows.clear()

    # --- reads ----------------------------------------------------------------------------

    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        from reuse.index import expand_matches

        unique = np.unique(keys)
        found_keys: list[int] = []
        found_windows: list[int] = []
        values = unique.tolist()
        for start in range(0, len(values), _PIPELINE_CHUNK):
            part = values[start : start + _PIPELINE_CHUNK]
            members = self._bands.getmany(*[int(k).to_bytes(8, "little") for k in part])
            for key, windows in zip(part, members, strict=True):
                if len(windows) > stop:  # a stop-band: in too many windows to tell sources apart
                    continue
                for window in windows:
                    found_keys.append(key)
                    found_windows.append(int(window))
        return expand_matches(keys, np.asarray(found_keys, np.int64), np.asarray(found_windows, np.int64))

    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        unique = np.unique(window_ids)
        fields = [str(w) for w in unique.tolist()]
        docs_raw: list[bytes | None] = []
        sigs_raw: list[bytes | None] = []
        for start in range(0, len(fields), _PIPELINE_CHUNK):
            part = fields[start : start + _PIPELINE_CHUNK]
            pipe = self._redis.pipeline(transaction=False)
            pipe.hmget(self._key["wdoc"], part)
            pipe.hmget(self._key["wsig"], part)
            got_docs, got_sigs = pipe.execute()
            docs_raw.extend(got_docs)
            sigs_raw.extend(got_sigs)
        width = next((len(s) // 4 for s in sigs_raw if s is not None), 1)
        blank = bytes(4 * width)
        sigs = np.frombuffer(b"".join(s if s is not None else blank for s in sigs_raw), np.uint32)
        sigs = sigs.reshape(len(fields), width)
        names = [d.decode("utf-8") if d is not None else None for d in docs_raw]
        committed = {n for n in set(names) if n is not None}
        if committed:
            present = self._redis.hmget(self._key["docs"], sorted(committed))
            missing = {n for n, raw in zip(sorted(committed), present, strict=True) if raw is None}
            names = [None if n in missing else n for n in names]
        where = np.searchsorted(unique, window_ids)
        return [names[i] for i in where.tolist()], sigs[where]

    def documents(self) -> Iterator[Document]:
        for _, raw in sorted(self._redis.hscan_iter(self._key["docs"])):
            yield _bytes_doc(raw)

    def document(self, doc_id: str) -> Document:
        raw = self._redis.hget(self._key["docs"], doc_id)
        if raw is None:
            raise SourceIndexError(f"{self.location}: no document {doc_id!r} in the index")
        return _bytes_doc(raw)

    def counts(self) -> tuple[int, int]:
        return int(self._redis.hlen(self._key["docs"])), int(self._redis.hlen(self._key["wsig"]))

    def drop(self) -> None:
        """Delete every key of this index (its prefix) from the database."""
        for key in self._redis.scan_iter(match=f"{self.prefix}:*", count=10_000):
            self._redis.delete(key)

    def close(self) -> None:
        self._redis.close()
