"""On-disk cache of extracted texts, keyed by content hash, so re-running a class is fast.

Off by default, so a run writes nothing but the outputs it is asked for. Turned on by naming a
folder: ``cache_dir`` of :func:`reuse.pipeline.check` (the CLI's ``--cache-dir``), else
``$REUSE_CACHE_DIR``; entries live under
``extract/`` there and nowhere else. ``REUSE_CACHE_DIR=off`` (or ``0``, ``none``, ``false``,
empty) keeps it off, as does ``cache=False`` in :func:`reuse.ingest.extract.load_documents`.

Key: sha256 of (file bytes digest, extractor version, document kind, reader options). An entry
is the extracted text, the method and the hidden-text flags, as JSON. Entries hold student text:
the folder is created private (mode 0700) and files are written atomically (temp file + rename).
A damaged entry is ignored and rewritten. Delete the folder at any time to clear the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from reuse.ingest.formats import EXTRACTOR_VERSION, Extracted
from reuse.model import Flag, Span

_OFF = {"", "0", "off", "none", "false", "no"}


def cache_dir(folder: str | os.PathLike[str] | None = None) -> Path | None:
    """The extraction cache folder under ``folder`` (``$REUSE_CACHE_DIR`` when ``None``), or ``None``
    when the cache is turned off."""
    explicit = os.environ.get("REUSE_CACHE_DIR") if folder is None else os.fspath(folder)
    if explicit is None or explicit.strip().lower() in _OFF:
        return None
    return Path(explicit) / "extract"


def cache_key(sha256: str, kind: str, options: str = "") -> str:
    """The cache key of one file's extraction."""
    return hashlib.sha256(f"{sha256}\0{EXTRACTOR_VERSION}\0{kind}\0{options}".encode()).hexdigest()


def load(folder: Path | None, key: str) -> Extracted | None:
    """The cached extraction for ``key``, or ``None``."""
    if folder is None:
        return None
    try:
        raw = json.loads((folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
        flags = tuple(
            Flag(f["kind"], f["message"], tuple(Span(s, e) for s, e in f["spans"]), f["count"])
            for f in raw["flags"]
        )
        return Extracted(raw["text"], raw["method"], flags, str(raw.get("url", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(folder: Path | None, key: str, extracted: Extracted) -> None:
    """Save an extraction; failures (read-only home, full disk) are ignored."""
    if folder is None:
        return
    entry = {
        "text": extracted.text,
        "method": extracted.method,
        "flags": [
            {
                "kind": f.kind,
                "message": f.message,
                "spans": [[s.start, s.end] for s in f.spans],
                "count": f.count,
            }
            for f in extracted.flags
        ],
        "url": extracted.url,
    }
    target = folder / key[:2]
    try:
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(dir=target, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False)
            os.replace(temp, target / f"{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        return
