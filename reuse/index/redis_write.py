"""The Redis store's write path: the writer lock, buffered writes, windows and band keys
(see :mod:`reuse.index.redis`)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import numpy as np

from reuse.errors import SourceIndexError
from reuse.index.redis_base import RedisConnection
from reuse.index.redis_codec import (
    CANARIES,
    LOCK_SECONDS,
    PIPELINE_CHUNK,
    REDIS_SCHEMA_VERSION,
    SIG_DTYPE,
    WINDOW_DTYPE,
    doc_bytes,
    window_record,
)
from reuse.index.store import WRITE_WAIT_SECONDS
from reuse.model import Document


class RedisWriter(RedisConnection):
    """Writes to a Redis index: one writer per prefix, everything sent when the transaction ends."""

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
            self._pending_docs[doc.id] = doc_bytes(doc)

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
        width = next((s.shape[1] * SIG_DTYPE.itemsize for _, s, _ in self._pending_windows if s.size), 0)
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
                    "schema_version": str(REDIS_SCHEMA_VERSION),  # a schema 3 index now has schema 4 records
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
                    mapping[str(number)] = window_record(doc_id, sig)
                    if len(mapping) >= PIPELINE_CHUNK:
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
        keys, windows = keys[keep], windows[keep].astype(WINDOW_DTYPE)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.r_[starts[1:], keys.size]
        unique = keys[starts].tolist()
        packed = windows.tobytes()
        for lo in range(0, len(unique), PIPELINE_CHUNK):
            part = range(lo, min(lo + PIPELINE_CHUNK, len(unique)))
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
