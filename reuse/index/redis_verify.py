"""The Redis store's maintenance: reading the whole index for problems, and dropping it
(see :mod:`reuse.index.redis`)."""

from __future__ import annotations

import struct

import numpy as np

from reuse.errors import SourceIndexError
from reuse.index.redis_base import RedisConnection
from reuse.index.redis_codec import LOCK_SECONDS, READABLE_SCHEMAS, WINDOW_DTYPE


class RedisMaintenance(RedisConnection):
    """``verify`` and ``drop`` of a Redis index."""

    def verify(self) -> list[str]:
        """Every problem found by reading the whole index (empty when it is sound): schema, state,
        counts against the stamp, undecodable documents and windows, windows whose document is
        missing, band postings of missing windows and the total of postings."""
        meta = self._meta()
        if "params" not in meta:
            return [f"{self.location}: no index under this prefix (no parameter stamp)"]
        problems: list[str] = []
        if meta.get("schema_version") not in READABLE_SCHEMAS:
            return [
                f"index schema {meta.get('schema_version')}, this reuse reads schemas "
                f"{' and '.join(READABLE_SCHEMAS)}"
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
                    if len(value) % WINDOW_DTYPE.itemsize:
                        problems.append(
                            f"{bucket.decode('utf-8', 'replace')} field {field!r}: not window ids"
                        )
                        continue
                    hits = np.frombuffer(value if isinstance(value, bytes) else value.encode(), WINDOW_DTYPE)
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
