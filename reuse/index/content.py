"""Content candidates: pairs of short texts proposed by the tf-idf cosine of their content-word stems.

The window index (:mod:`reuse.index.join`, :class:`~reuse.index.windows.WindowIndex`) proposes pairs
that share word 2-grams in some 40-word window. A heavy rewrite of a short text (synonyms, reordered
clauses, merged sentences) keeps about half of the source's content words but few of its word pairs,
so the window index does not propose it, and the aligner's rewording path
(:mod:`reuse.align.rewording`) never sees it. This second candidate source compares whole texts by
what they talk about:

1. each text taking part is a bag of content-word stems (:class:`ContentProfile`, the aligner's
   stems, made once per text by the preparation stage), weighted by ``(1 + log tf) * idf``, where
   the idf is ``1 + log((1 + n) / (1 + df))`` over the ``n`` texts taking part;
2. a stem carried by more than ``stop`` texts is skipped, like a stop-band of the window index: it
   says little about which text another one rewrites, and it would make the cost grow with the
   square of the run (the norms still count it, so skipping never raises a cosine);
3. every two texts that share a kept stem, at least one of them a query, get the cosine of their
   vectors (the dot product over the kept stems divided by the full norms), and each query keeps
   the ``cap`` others of highest cosine (ties by name), among those reaching ``floor``.

Cost: the pairs of texts that share a kept stem, at most ``stop - 1`` per posting, so linear in
the run's size for a fixed ``stop``; the pairs are made and summed :data:`BLOCK` at a time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from reuse.index.join import group_pairs
from reuse.settings import AlignOptions, FingerprintOptions

BLOCK = 1 << 20
"""Text pairs (one per shared stem) made and summed at once."""


@dataclass(frozen=True, slots=True, eq=False)
class ContentProfile:
    """The content words of one text: its distinct stem hashes (sorted) and how often each occurs."""

    stems: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, stems: np.ndarray) -> ContentProfile:
        """The profile of a text whose content words have the stem hashes ``stems`` (in text order)."""
        unique, counts = np.unique(np.asarray(stems, dtype=np.uint64), return_counts=True)
        return cls(unique, counts.astype(np.int64))


def content_scope(fingerprint: FingerprintOptions, align: AlignOptions) -> int:
    """The most words a text may have to take part in the content candidates: the texts the rewording
    path aligns (``align.rewording.max_words``, 0 any length); 0 when either is off."""
    if fingerprint.content_candidates <= 0 or align.rewording.min_sentences <= 0:
        return 0
    return align.rewording.max_words or sys.maxsize


def content_candidates(profiles: Mapping[str, ContentProfile], queries: Sequence[str], *, cap: int,
                       stop: int, floor: float = 0.0, block: int = BLOCK) -> dict[str, list[str]]:
    """For every id of ``queries`` that has a profile, the ids of the (at most ``cap``) other texts of
    ``profiles`` with the highest cosine to it, best first (see the module's docstring)."""
    names = sorted(profiles)
    wanted = [q for q in dict.fromkeys(queries) if q in profiles]
    if cap <= 0 or len(names) < 2 or not wanted:
        return {q: [] for q in wanted}
    number = {name: k for k, name in enumerate(names)}
    doc = np.concatenate([np.full(profiles[n].stems.size, k, dtype=np.int64) for k, n in enumerate(names)])
    stems = np.concatenate([profiles[n].stems for n in names])
    counts = np.concatenate([profiles[n].counts for n in names]).astype(np.float64)
    _, term, df = np.unique(stems, return_inverse=True, return_counts=True)
    term = term.reshape(-1)
    idf = 1.0 + np.log((1.0 + len(names)) / (1.0 + df))
    weight = (1.0 + np.log(counts)) * idf[term]
    norm = np.sqrt(np.bincount(doc, weight * weight, minlength=len(names)))
    is_query = np.zeros(len(names), dtype=bool)
    is_query[[number[q] for q in wanted]] = True
    keep = (df[term] >= 2) & (df[term] <= stop)
    order = np.lexsort((doc[keep], term[keep]))
    pairs = _dot_products(term[keep][order], doc[keep][order], weight[keep][order], is_query, len(names),
                          block)
    found = _top(pairs, norm, is_query, len(names), cap=cap, floor=floor)
    return {q: [names[k] for k in found.get(number[q], [])] for q in wanted}


def _dot_products(term: np.ndarray, doc: np.ndarray, weight: np.ndarray, is_query: np.ndarray, size: int,
                  block: int) -> tuple[np.ndarray, np.ndarray]:
    """Every text pair sharing a term (postings sorted by term), at least one side a query: pair codes
    ``low * size + high`` and their dot products over the shared terms."""
    codes: list[np.ndarray] = []
    sums: list[np.ndarray] = []
    for left, right in _posting_pairs(term, block):
        keep = is_query[doc[left]] | is_query[doc[right]]
        left, right = left[keep], right[keep]
        low, high = np.minimum(doc[left], doc[right]), np.maximum(doc[left], doc[right])
        code, inverse = np.unique(low * size + high, return_inverse=True)
        codes.append(code)
        sums.append(np.bincount(inverse.reshape(-1), weight[left] * weight[right], minlength=code.size))
    if not codes:
        return np.zeros(0, np.int64), np.zeros(0)
    code, inverse = np.unique(np.concatenate(codes), return_inverse=True)
    return code, np.bincount(inverse.reshape(-1), np.concatenate(sums), minlength=code.size)


def _posting_pairs(term: np.ndarray, block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Blocks of posting pairs ``(left, right)``, ``left < right``, with the same term (sorted)."""
    if term.size == 0:
        return
    starts = np.flatnonzero(np.concatenate(([True], term[1:] != term[:-1])))
    counts = np.diff(np.append(starts, term.size))
    yield from group_pairs(starts, counts, np.cumsum(counts * (counts - 1) // 2), block)


def _top(pairs: tuple[np.ndarray, np.ndarray], norm: np.ndarray, is_query: np.ndarray, size: int, *,
         cap: int, floor: float) -> dict[int, list[int]]:
    """The ``cap`` others of highest cosine (at least ``floor``) of every query text, best first."""
    code, dot = pairs
    low, high = code // size, code % size
    denominator = norm[low] * norm[high]
    cosine = np.divide(dot, denominator, out=np.zeros(dot.shape), where=denominator > 0)
    cosine = np.round(cosine, 12)  # the same order whatever the order of summation
    keep = cosine >= floor
    low, high, cosine = low[keep], high[keep], cosine[keep]
    forward, backward = is_query[low], is_query[high]
    query = np.concatenate([low[forward], high[backward]])
    other = np.concatenate([high[forward], low[backward]])
    value = np.concatenate([cosine[forward], cosine[backward]])
    order = np.lexsort((other, -value, query))  # names are sorted, so ``other`` breaks ties by name
    query, other = query[order], other[order]
    head = np.ones(query.size, dtype=bool)
    head[1:] = query[1:] != query[:-1]
    place = np.arange(query.size) - np.maximum.accumulate(np.where(head, np.arange(query.size), 0))
    found: dict[int, list[int]] = {}
    for q, o in zip(query[place < cap].tolist(), other[place < cap].tolist(), strict=True):
        found.setdefault(q, []).append(o)
    return found


__all__ = ["BLOCK", "ContentProfile", "content_candidates", "content_scope"]
