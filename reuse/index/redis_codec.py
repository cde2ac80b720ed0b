"""How the Redis store encodes its records: documents, window records, counts
(see :mod:`reuse.index.redis`)."""

from __future__ import annotations

import json
import struct
import zlib

import numpy as np

from reuse.index.store import document_from_data, document_to_data
from reuse.model import Document

REDIS_SCHEMA_VERSION = 4
READABLE_SCHEMAS = ("3", str(REDIS_SCHEMA_VERSION))
"""Schema 4 documents may carry ``url`` and ``retrieved``, which a reuse that reads schema 3 would
take for damage; schema 3 indexes are read as they are, and the first write marks them 4."""
LOCK_SECONDS = 60
BUCKET_BITS = 16
CANARIES = 256
PIPELINE_CHUNK = 5_000
SIG_DTYPE = np.dtype("<u2")
WINDOW_DTYPE = np.dtype("<u4")


def doc_bytes(doc: Document) -> bytes:
    return zlib.compress(json.dumps(document_to_data(doc)).encode("utf-8"))


def bytes_doc(raw: object) -> Document:
    """The document stored as ``raw``; ValueError (with the reason) when it is not one."""
    if not isinstance(raw, bytes):
        raise ValueError(f"a {type(raw).__name__}, not bytes")
    try:
        return document_from_data(json.loads(zlib.decompress(raw).decode("utf-8")))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a compressed document ({type(error).__name__}: {error})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a document record ({type(error).__name__}: {error})") from None


def window_record(doc_id: str, sig: np.ndarray) -> bytes:
    name = doc_id.encode("utf-8")
    return struct.pack("<H", len(name)) + name + sig.astype(SIG_DTYPE).tobytes()


def as_text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def as_count(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return int(str(value))

