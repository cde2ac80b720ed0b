"""Opening a persistent index (a SQLite file or a Redis URL), and what works on any opened index."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from reuse.errors import SourceIndexError
from reuse.index.params import QUERY_FIELDS, IndexParams
from reuse.index.sqlite import SqliteStore
from reuse.index.store import WRITE_WAIT_SECONDS, Store
from reuse.index.windows import WindowIndex
from reuse.model import Document
from reuse.text.normalize import NormalizedText

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
    store: Store
    if is_redis_url(location):
        from reuse.index.redis import RedisStore  # imports redis only when a store is made

        store = RedisStore.from_url(str(location))
    else:
        path = Path(location)
        exists = path.is_file() and (not create or path.stat().st_size > 0)  # create: an empty file is new
        store = SqliteStore(path, create=create and not exists, write=write or create)
    name = str(store.location)
    stamped = store.get_meta("params")
    if stamped is None:
        if not create or params is None:
            raise SourceIndexError(f"{name}: not a reuse index (no parameter stamp)")
        store.write_stamp(params)
        return WindowIndex(params, store, namespace=f"{name}:")
    store.require_schema()
    try:
        found = IndexParams.from_stamp(stamped, query=params)
    except (TypeError, ValueError) as error:
        raise SourceIndexError(f"{name}: unreadable parameter stamp ({error})") from error
    if params is not None:
        found.require_same(params, where=f"index {name}")
    store.require_complete()  # Redis: state, counts and sampled band keys as the last write left them
    return WindowIndex(found, store, namespace=f"{name}:")


def verify_index(index: WindowIndex) -> list[str]:
    """What is wrong with an opened index (an empty list: it is sound); see :meth:`Store.verify`.

    :func:`open_index` has checked the parameter stamp and schema version already.
    """
    return index.store.verify()


def index_info(index: WindowIndex) -> dict[str, object]:
    """Parameters and counts of an index, as ``reuse index info`` shows them."""
    docs, wins = index.store.counts()
    params = {k: v for k, v in asdict(index.params).items() if k not in QUERY_FIELDS}
    info: dict[str, object] = {"params": params, "documents": docs, "windows": wins}
    if index.store.location is not None:
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
    with store.transaction(wait=wait, notify=notify):
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
