"""A shared window index in Redis: several teachers or CI jobs query one index.

Open it with ``open_index("redis://HOST:PORT/DB?prefix=NAME")`` (needs the ``redis`` extra:
``pip install reuse-detector[redis]``). URL parameters (any other is an error):

- ``prefix`` (default ``reuse``): letters, digits, ``_``, ``.`` and ``-``; every key of the index
  starts with ``<prefix>:``;
- ``socket_timeout`` (seconds, default 30) and ``socket_connect_timeout`` (default 5): a server
  that does not answer in time is an error, not a hang.

Layout (schema 4; schema 3 is read too, and marked 4 by its next write: its documents lack
``url`` and ``retrieved``), every key under ``<prefix>:``:

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

import struct
from collections.abc import Iterator
from typing import Any

import numpy as np

from reuse.errors import SourceIndexError
from reuse.index.redis_codec import (
    BUCKET_BITS,
    CANARIES,
    LOCK_SECONDS,
    PIPELINE_CHUNK,
    REDIS_SCHEMA_VERSION,
    SIG_DTYPE,
    WINDOW_DTYPE,
)
from reuse.index.redis_url import parse_redis_url, redact_url
from reuse.index.redis_verify import RedisMaintenance
from reuse.index.redis_write import RedisWriter
from reuse.index.store import expand_matches
from reuse.model import Document

__all__ = ["BUCKET_BITS", "CANARIES", "LOCK_SECONDS", "REDIS_SCHEMA_VERSION", "RedisStore"]


class RedisStore(RedisWriter, RedisMaintenance):
    """Documents, window signatures and band keys in one Redis database, under a prefix."""

    @classmethod
    def from_url(cls, url: str) -> RedisStore:
        """The store a ``redis://HOST:PORT/DB?prefix=NAME`` URL names."""
        config, prefix = parse_redis_url(url)
        return cls(config, prefix, location=redact_url(url))

    # --- reads --------------------------------------------------------------------------------

    def lookup(self, keys: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        unique = np.unique(keys).tolist()
        found_keys: list[np.ndarray] = []
        found_windows: list[np.ndarray] = []
        for start in range(0, len(unique), PIPELINE_CHUNK):
            part = unique[start : start + PIPELINE_CHUNK]
            targets = [self._bucket(int(k)) for k in part]
            with self._guard("looking up band keys"):
                pipe = self._redis.pipeline(transaction=False)
                for bucket, field in targets:
                    pipe.hget(bucket, str(field))
                replies = pipe.execute()
            for key, (bucket, field), raw in zip(part, targets, replies, strict=True):
                if raw is None:
                    continue
                if not isinstance(raw, bytes) or len(raw) % WINDOW_DTYPE.itemsize:
                    raise SourceIndexError(
                        f"{self.location}: damaged key {bucket} (field {field}: not a list of window ids); "
                        "drop the index (`reuse index drop URL`) and rebuild it"
                    )
                if len(raw) // WINDOW_DTYPE.itemsize > stop:  # a stop-band: too common to tell sources apart
                    continue
                hits = np.frombuffer(raw, WINDOW_DTYPE).astype(np.int64)
                found_windows.append(hits)
                found_keys.append(np.full(hits.size, key, np.int64))
        if not found_keys:
            return expand_matches(keys, np.zeros(0, np.int64), np.zeros(0, np.int64))
        return expand_matches(keys, np.concatenate(found_keys), np.concatenate(found_windows))

    def window_info(self, window_ids: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        unique = np.unique(window_ids)
        numbers = unique.tolist()
        raw: list[Any] = []
        for start in range(0, len(numbers), PIPELINE_CHUNK):
            part = [str(w) for w in numbers[start : start + PIPELINE_CHUNK]]
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
                if not sig or len(sig) % SIG_DTYPE.itemsize or (width and len(sig) != width):
                    raise ValueError("bad signature length")
            except (struct.error, UnicodeDecodeError, ValueError) as error:
                raise self._damaged(f"window {number} is not a window record ({error})") from None
            width = len(sig)
            names.append(name)
            sigs.append(sig)
        width = width or SIG_DTYPE.itemsize
        blank = bytes(width)
        matrix = np.frombuffer(b"".join(s or blank for s in sigs), SIG_DTYPE).reshape(len(numbers), -1)
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

    def close(self) -> None:
        self._redis.close()
