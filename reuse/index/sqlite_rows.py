"""How a document is a row of the SQLite store's ``documents`` table (schema 4, read back from 3)."""

from __future__ import annotations

import json
import zlib
from typing import Any

from reuse.index.store import document_from_data, document_to_data
from reuse.model import Document, DocumentKind

ROW_FIELDS = ("id", "path", "kind", "sha256", "extraction", "text", "content")
"""The columns of schema 3: the fields a row of an index of that schema gives back."""

Row = tuple[str, str, DocumentKind, str, str, bytes, str, "bytes | None"]


def document_row(doc: Document) -> tuple[str, str, str, str, str, bytes, str, bytes]:
    """The ``documents`` row of ``doc``: seven columns (schema 3's), then ``data``, the rest of
    the document through the one codec (compressed JSON), so the whole document comes back."""
    data = document_to_data(doc)
    rest = {k: v for k, v in data.items() if k not in ROW_FIELDS}
    text = zlib.compress(doc.text.encode("utf-8"))
    return (doc.id, doc.path, doc.kind, doc.sha256, doc.extraction, text, json.dumps(data["content"]),
            zlib.compress(json.dumps(rest).encode("utf-8")))


def row_document(row: Row) -> Document:
    """The document of a ``documents`` row (its kind column as :func:`document_row` wrote it; a
    row of schema 3, without ``data``, gives its 7 fields and the other fields' defaults)."""
    doc_id, path, kind, sha, extraction, text, content, rest = row
    data: dict[str, Any] = {"template": []}
    if rest is not None:
        data = json.loads(zlib.decompress(rest).decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the data column is not a JSON object")
    return document_from_data({
        **data, "id": doc_id, "path": path, "kind": kind, "text": zlib.decompress(text).decode("utf-8"),
        "content": json.loads(content), "sha256": sha, "extraction": extraction,
    })
