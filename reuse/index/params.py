"""The parameters an index is built with, stamped on it, and checked on every open."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from reuse.errors import IndexMismatchError
from reuse.index.fingerprint import HASH_NAME, MINHASH_SCHEME, band_layout
from reuse.settings import FingerprintOptions
from reuse.text.normalize import NORMALIZER_VERSION

_DEFAULTS = FingerprintOptions()
QUERY_FIELDS = ("min_jaccard", "max_candidates", "stop_postings")
"""IndexParams fields that only steer queries: neither stamped on an index nor compared."""


@dataclass(frozen=True, slots=True)
class IndexParams:
    """Everything that must agree between an index and the texts queried against it,
    plus the query knobs (:data:`QUERY_FIELDS`), which may differ from query to query."""

    shingle_words: int
    window_words: int
    num_perm: int
    seed: int
    threshold: float
    bands: int
    rows: int
    hash: str
    minhash_scheme: str
    normalizer_version: str
    min_jaccard: float = _DEFAULTS.min_jaccard
    max_candidates: int = _DEFAULTS.max_candidates
    stop_postings: int = _DEFAULTS.stop_postings

    @classmethod
    def from_options(cls, options: FingerprintOptions) -> IndexParams:
        """Parameters for the given fingerprint options."""
        layout = band_layout(options.threshold, options.num_perm)
        return cls(
            shingle_words=options.shingle_words,
            window_words=options.window_words,
            num_perm=options.num_perm,
            seed=options.seed,
            threshold=options.threshold,
            bands=layout.bands,
            rows=layout.rows,
            hash=HASH_NAME,
            minhash_scheme=MINHASH_SCHEME,
            normalizer_version=NORMALIZER_VERSION,
            min_jaccard=options.min_jaccard,
            max_candidates=options.max_candidates,
            stop_postings=options.stop_postings,
        )

    def stamp(self) -> str:
        """The JSON stamp written on an index (structural parameters only)."""
        values = {k: v for k, v in asdict(self).items() if k not in QUERY_FIELDS}
        return json.dumps(values, sort_keys=True)

    @classmethod
    def from_stamp(cls, stamp: str, *, query: IndexParams | None = None) -> IndexParams:
        """Parameters read from a stamp; query knobs from ``query`` (defaults if ``None``)."""
        values = {k: v for k, v in json.loads(stamp).items() if k not in QUERY_FIELDS}
        found = cls(**values)
        if query is not None:
            found = cls(**{**asdict(found), **{k: getattr(query, k) for k in QUERY_FIELDS}})
        return found

    def require_same(self, other: IndexParams, *, where: str) -> None:
        """Raise :class:`IndexMismatchError` naming every structural parameter that differs."""
        diffs = [
            f"{f.name}: index has {getattr(self, f.name)!r}, asked for {getattr(other, f.name)!r}"
            for f in fields(self)
            if f.name not in QUERY_FIELDS and getattr(self, f.name) != getattr(other, f.name)
        ]
        if diffs:
            raise IndexMismatchError(
                f"{where} was built with other parameters ({'; '.join(diffs)}). "
                "Query it with the same settings, or rebuild it with `reuse index build`."
            )
