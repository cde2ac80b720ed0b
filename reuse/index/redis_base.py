"""The Redis store's connection, parameter stamp and state checks (see :mod:`reuse.index.redis`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from reuse._version import __version__
from reuse.errors import SourceIndexError
from reuse.index.params import IndexParams
from reuse.index.redis_codec import (
    BUCKET_BITS,
    READABLE_SCHEMAS,
    REDIS_SCHEMA_VERSION,
    as_count,
    as_text,
    bytes_doc,
)
from reuse.model import Document


class RedisConnection:
    """One Redis database under a prefix: the connection, its errors, the stamp and the state."""

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
        return {as_text(k): as_text(v) for k, v in raw.items()}

    def _meta_count(self, meta: dict[str, str], name: str) -> int:
        try:
            return as_count(meta.get(name))
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
        """Refuse an index written with a schema version this reuse cannot read (it must be rebuilt)."""
        found = self.get_meta("schema_version")
        if found not in READABLE_SCHEMAS:
            raise SourceIndexError(
                f"{self.location}: index schema {found}, this reuse reads schemas "
                f"{' and '.join(READABLE_SCHEMAS)}; "
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

    def _damaged(self, what: str) -> SourceIndexError:
        return SourceIndexError(
            f"{self.location}: the index is damaged: {what} (key {self._key['win']}); drop it "
            "(`reuse index drop URL`) and rebuild it"
        )

    def _document(self, doc_id: object, raw: object) -> Document:
        try:
            return bytes_doc(raw)
        except ValueError as error:
            name = doc_id.decode("utf-8", "replace") if isinstance(doc_id, bytes) else str(doc_id)
            raise SourceIndexError(
                f"{self.location}: damaged key {self._key['docs']} (document {name!r}: {error}); drop the "
                "index (`reuse index drop URL`) and rebuild it"
            ) from None
