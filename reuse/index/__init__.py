"""The window index: documents, MinHash signatures of their windows, and LSH band keys.

Three stores implement one interface (:class:`Store`): an in-memory store (a run's submissions
and loose source files, :mod:`reuse.index.memory`), a single SQLite file (a persistent source
index, ``reuse index build``, :mod:`reuse.index.sqlite`) and a shared Redis database
(``redis://HOST:PORT/DB?prefix=NAME``, :mod:`reuse.index.redis`, imported only when one is
opened). An index stamps its parameters (:mod:`reuse.index.params`) and refuses to be mixed
with, or queried by, other ones. Windows are fingerprinted by :mod:`reuse.index.fingerprint`
and queried by :class:`WindowIndex` (:mod:`reuse.index.windows`).
"""

from reuse.index.memory import MemoryStore
from reuse.index.open import add_documents, index_info, is_redis_url, open_index, verify_index
from reuse.index.params import QUERY_FIELDS, IndexParams
from reuse.index.sqlite import SQLITE_SCHEMA_VERSION, SqliteStore
from reuse.index.sqlite_files import READ_WAIT_SECONDS, publish_index, remove_staging, staging_file
from reuse.index.store import (
    VERIFY_DTYPE,
    WRITE_WAIT_SECONDS,
    Store,
    document_from_data,
    document_to_data,
    expand_matches,
)
from reuse.index.windows import Candidate, WindowIndex

__all__ = [
    "QUERY_FIELDS", "READ_WAIT_SECONDS", "SQLITE_SCHEMA_VERSION", "VERIFY_DTYPE", "WRITE_WAIT_SECONDS",
    "Candidate", "IndexParams", "MemoryStore", "SqliteStore", "Store", "WindowIndex", "add_documents",
    "document_from_data", "document_to_data", "expand_matches", "index_info", "is_redis_url",
    "open_index", "publish_index", "remove_staging", "staging_file", "verify_index",
]
