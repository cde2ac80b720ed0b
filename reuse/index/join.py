"""Cohort mode: the candidates of every document of a run at once, by the LSH banding join.

What the query path (:meth:`WindowIndex.query`) yields for a query document ``Q`` of a memory
index that holds ``Q`` itself and the run's other documents:

1. every pair (window ``q`` of ``Q``, indexed window ``w``) such that ``q`` and ``w`` share at
   least one band key that is carried by at most ``stop_postings`` indexed windows (``Q``'s own
   windows count: they are in the index); keys carried by more are stop-bands and are skipped;
2. each such pair verified on the signatures: its estimate is the share of equal (low 16-bit)
   MinHash values, and pairs below ``min_jaccard`` are dropped, as are pairs where ``w`` is a
   window of ``Q`` itself;
3. per indexed document ``D``: ``windows`` = how many windows of ``Q`` have a verified pair
   with a window of ``D``, ``est_jaccard`` = the best estimate, ``score`` = the sum over those
   windows of ``Q`` of their best estimate (both rounded to 4 places);
4. the documents sorted by (score, est_jaccard) descending, then id ascending, and the first
   ``max_candidates`` kept.

The pipeline asks this of every submission (sources are never queried); a pair of two
submissions is aligned when either finds the other. :func:`cohort_candidates` gives exactly the
same lists for every query document at once (a test compares them on generated corpora): the
band keys are dealt to independent parts by their value (:class:`JoinPlan`, so the windows that
share a key are in one part), and each part (:func:`join_part`, a stage function the run's
executor runs on its workers) sorts its keys, groups the windows by key, skips stop-bands, emits
each window pair once, verifies it once (the estimate is symmetric) and credits it to whichever
of its two documents is a query; :func:`joined` keeps the best evidence per query window and
document whichever part found it, and ranks on flat arrays for all queries together. Cost: the
window pairs that share a kept band key (at most ``stop_postings`` per key, so bounded per window
as the run grows) instead of one look-up in an index of everything per query.

Memory: the run's band keys and signature bits as flat arrays (no Python object per window), and
which part each key goes to. A part's keys are grouped a slice of :data:`BLOCK` keys at a time, and
the window pairs of the kept groups are made, verified and reduced :data:`BLOCK` pairs at a time
(one group of ``stop_postings`` windows, at most ``stop_postings**2`` pairs, may exceed that), so
the transient arrays stay bounded whatever the run's size. The evidence of a part's blocks is
merged into one reduced set whenever the blocks not yet merged hold as many rows as it (so it is
never kept twice, block by block and merged), and the parts' evidence is merged the same way, part
by part (all of it concatenated at once was a quarter of a 2,000-text run's peak memory). What
grows with the run beyond the store is the verified evidence, one row (14 bytes) per (query window,
other document) and part that found it: each of a window's ``bands`` keys is shared with at most
``stop_postings - 1`` other windows, so at most ``bands * (stop_postings - 1)`` rows per window,
linear in the run's size (in practice a few per window). Spilling to disk is not needed for that
bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from reuse.index.memory import MemoryStore
from reuse.index.params import IndexParams
from reuse.index.store import VERIFY_DTYPE, sorted_unique
from reuse.index.windows import Candidate, WindowIndex

BLOCK = 1 << 20
"""Band keys grouped at once, and window pairs made and verified at once (each some 25 MB of
transient arrays)."""
_VERIFY_BLOCK = 32768
PART_KEYS = 1 << 18
"""Band keys a part of the join takes, about (:func:`join_plan`): a run of 1,000 PAN texts (4.5 M keys)
has 18 parts, enough to keep two to eight workers busy, each part's transient arrays a few MB."""


def memory_store(index: WindowIndex) -> MemoryStore:
    """The memory store of ``index`` (the banding join works on a run's own, in-memory index)."""
    store = index.store
    if not isinstance(store, MemoryStore):
        raise TypeError(f"the banding join needs an in-memory index, not {type(store).__name__}")
    return store


def cohort_candidates(index: WindowIndex, query_ids: Iterable[str], *, block: int = BLOCK,
                      part_keys: int = PART_KEYS) -> dict[str, list[Candidate]]:
    """For every id of ``query_ids``, what ``index.query(id, text)`` returns for the text it was
    indexed with (see the module's docstring), found by one banding join over the index (its parts
    one after the other in this process: :func:`join_plan`, :func:`join_part`, :func:`joined`).

    An id that is not in the index gets no candidates. Raises TypeError if ``index`` is not in
    memory.
    """
    plan = join_plan(index, query_ids, block=block, part_keys=part_keys)
    return joined(plan, [join_part(plan, part) for part in range(plan.parts)])


@dataclass(frozen=True, slots=True, eq=False)
class JoinPlan:
    """A run's banding join cut into :attr:`parts` independent parts (the shared value of
    :func:`join_part`): the band keys are dealt to the parts by their value (``key % parts``), so the
    windows that share a key are all in one part, and each part groups, pairs and verifies its own keys.

    Attributes:
        keys: every (window, band) key, in window order (``windows x bands`` values, not sorted).
        bands: band keys a window (the window of ``keys[i]`` is ``i // bands``).
        dealt: the positions in ``keys`` of the keys of part 0, then of part 1, ... (int32 when they fit)
        bounds: where each part's positions start in ``dealt`` (``parts + 1`` offsets).
        bits: the verified bits of each window's signature (:data:`VERIFY_DTYPE`).
        window_doc: the document number of each window (an index into ``names``).
        names: the document ids, in the order they were added.
        is_query: per document number, whether it is a query.
        wanted: the query ids asked for (each once, in order).
        params: the index's parameters; namespace: its namespace.
        block: keys grouped and window pairs made at once in a part (see :data:`BLOCK`).
    """

    keys: np.ndarray
    bands: int
    dealt: np.ndarray
    bounds: np.ndarray
    bits: np.ndarray
    window_doc: np.ndarray
    names: tuple[str, ...]
    is_query: np.ndarray
    wanted: tuple[str, ...]
    params: IndexParams
    namespace: str
    block: int

    @property
    def parts(self) -> int:
        """How many parts the join has."""
        return int(self.bounds.size - 1)


def join_plan(index: WindowIndex, query_ids: Iterable[str], *, block: int = BLOCK,
              part_keys: int = PART_KEYS) -> JoinPlan:
    """The banding join of ``index`` for ``query_ids`` in parts of about ``part_keys`` keys (at least one
    part). Raises TypeError if ``index`` is not in memory."""
    keys, sigs, window_doc, names = memory_store(index).window_rows()
    number = {name: k for k, name in reversed(list(enumerate(names)))}  # first of a repeated id
    wanted = tuple(dict.fromkeys(query_ids))
    is_query = np.zeros(len(names), dtype=bool)
    is_query[[number[q] for q in wanted if q in number]] = True
    flat = keys.reshape(-1)
    parts = max(1, min(-(-flat.size // max(1, part_keys)), 1 << 15))
    part_of = (flat % parts).astype(np.uint16)
    dealt = np.argsort(part_of, kind="stable")  # a radix sort of small numbers: cheap
    dealt = dealt.astype(np.int32) if flat.size < 2**31 else dealt  # half the bytes to ship to a cluster
    bounds = np.concatenate(([0], np.cumsum(np.bincount(part_of, minlength=parts))))
    return JoinPlan(flat, keys.shape[1], dealt, bounds, sigs.astype(VERIFY_DTYPE), window_doc, names,
                    is_query, wanted, index.params, index.namespace, block)


def join_part(plan: JoinPlan, part: int) -> _Hits:
    """The verified evidence of one part of the join (a stage function of :mod:`reuse.engine`: its
    parts can run anywhere, in any order; :func:`joined` merges them)."""
    where = plan.dealt[plan.bounds[part]:plan.bounds[part + 1]]
    order = np.argsort(plan.keys[where])
    keys = plan.keys[where[order]]
    window_ids = (where[order] // plan.bands).astype(np.int32 if plan.bits.shape[0] < 2**31 else np.int64)
    del where, order
    params = plan.params
    blocks = _window_pairs(keys, window_ids, params.stop_postings, plan.block)
    return _reduced((_block_hits(plan.window_doc, plan.bits, left, right, plan.is_query,
                                 floor=params.min_jaccard) for left, right in blocks), block=plan.block)


def _reduced(evidence: Iterable[_Hits], *, block: int) -> _Hits:
    """All of ``evidence`` as one :class:`_Hits`, reduced whenever the entries not yet reduced are as many
    as ``block`` or as the reduced set: never a pile of unreduced entries, never the reduced set twice."""
    hits = _Hits.join([])
    pending: list[_Hits] = []
    for part in evidence:
        pending.append(part)
        if sum(h.query.size for h in pending) >= max(block, hits.query.size):
            hits, pending = _Hits.join([hits, *pending]), []
    return _Hits.join([hits, *pending])


def joined(plan: JoinPlan, parts: Sequence[_Hits]) -> dict[str, list[Candidate]]:
    """The candidates of every query id of ``plan`` from the evidence of all its parts (in any order:
    the best entry per query window and document is kept, whichever part found it)."""
    number = {name: k for k, name in reversed(list(enumerate(plan.names)))}
    hits = _reduced(parts, block=plan.block)  # part by part: never all the parts' evidence concatenated
    found = _rank(plan.names, plan.bits.shape[1], hits, cap=plan.params.max_candidates,
                  namespace=plan.namespace)
    return {q: found.get(number[q], []) if q in number else [] for q in plan.wanted}


def _window_pairs(keys: np.ndarray, window_ids: np.ndarray, stop: int,
                  block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Blocks of window pairs ``(left, right)``, ``left < right``, that share a band key carried by
    2 to ``stop`` windows (a pair sharing keys in several bands may come more than once)."""
    for starts, counts in _groups(keys, stop, block):
        cost = np.cumsum(counts.astype(np.int64) ** 2)
        for left, right in group_pairs(starts, counts, cost, block):
            left, right = window_ids[left], window_ids[right]
            yield np.minimum(left, right), np.maximum(left, right)


def group_pairs(starts: np.ndarray, counts: np.ndarray, cost: np.ndarray,
                block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Blocks of position pairs ``(left, right)``, ``left < right``, inside each group of ``counts[g]``
    consecutive positions from ``starts[g]``; a block takes whole groups until their ``cost`` (cumulative,
    one value a group) reaches about ``block`` more (always at least one group)."""
    first = 0
    while first < starts.size:
        done = int(cost[first - 1]) if first else 0
        last = max(int(np.searchsorted(cost, done + block, side="right")), first + 1)
        s, c = starts[first:last], counts[first:last]
        first = last
        member = np.repeat(s, c) + _ranks(c)  # every position of these groups
        size = np.repeat(c, c)
        left = np.repeat(member, size)
        right = np.repeat(np.repeat(s, c), size) + _ranks(size)
        keep = left < right
        yield left[keep], right[keep]


def _groups(keys: np.ndarray, stop: int, block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The groups of equal ``keys`` (sorted) of 2 to ``stop`` members, as (first position, size)
    arrays, a slice of about ``block`` keys at a time (a slice ends where a group does)."""
    begin = 0
    while begin < keys.size:
        end = min(begin + block, keys.size)
        if end < keys.size:
            end = int(np.searchsorted(keys, keys[end], side="left"))  # where the group of keys[end] starts
            if end <= begin:  # one group fills the slice: take it whole
                end = int(np.searchsorted(keys, keys[begin], side="right"))
        part = keys[begin:end]
        starts = np.flatnonzero(np.concatenate(([True], part[1:] != part[:-1])))
        counts = np.diff(np.append(starts, part.size))
        kept = (counts >= 2) & (counts <= stop)
        yield starts[kept] + begin, counts[kept]
        begin = end


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each c of ``counts``, concatenated."""
    ranks: np.ndarray = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return ranks


@dataclass(frozen=True, slots=True)
class _Hits:
    """Verified evidence, one entry per (query document, other document, query window): the
    number of equal signature values of the best pair (an estimate is ``agree / num_perm``).
    14 bytes an entry."""

    query: np.ndarray
    other: np.ndarray
    window: np.ndarray
    agree: np.ndarray

    @classmethod
    def join(cls, parts: Sequence[_Hits]) -> _Hits:
        """All of ``parts``, reduced to the best entry per (query, other, window), sorted so."""
        if not parts:
            empty = np.zeros(0, np.int32)
            return cls(empty, empty, empty, np.zeros(0, np.uint16))
        joined = cls(*(np.concatenate([getattr(h, f) for h in parts]) for f in cls.__slots__))
        return joined.best()

    def best(self) -> _Hits:
        """The best entry per (query, other, window), sorted by them."""
        if self.query.size == 0:
            return self
        docs = int(max(self.query.max(), self.other.max())) + 1
        windows = int(self.window.max()) + 1
        if docs * docs * windows < 2**47:  # one int64 sort key: (query, other, window, 65535 - agree)
            code = (self.query.astype(np.int64) * docs + self.other) * windows + self.window
            code = np.sort(code * 65536 + (65535 - self.agree.astype(np.int64)))
            head = np.ones(code.size, dtype=bool)
            head[1:] = code[1:] >> 16 != code[:-1] >> 16
            code = code[head]
            place, agree = np.divmod(code, 65536)
            place, window = np.divmod(place, windows)
            query, other = np.divmod(place, docs)
            return _Hits(query.astype(self.query.dtype), other.astype(self.other.dtype),
                         window.astype(self.window.dtype), (65535 - agree).astype(self.agree.dtype))
        order = np.lexsort((-self.agree.astype(np.int32), self.window, self.other, self.query))
        query, other, window = self.query[order], self.other[order], self.window[order]
        first = np.ones(order.size, dtype=bool)
        first[1:] = (query[1:] != query[:-1]) | (other[1:] != other[:-1]) | (window[1:] != window[:-1])
        return _Hits(query[first], other[first], window[first], self.agree[order][first])


def _block_hits(window_doc: np.ndarray, bits: np.ndarray, left: np.ndarray, right: np.ndarray,
                is_query: np.ndarray, *, floor: float) -> _Hits:
    """The verified evidence of a block of window pairs, credited to each side that is a query."""
    left_doc, right_doc = window_doc[left], window_doc[right]
    keep = (left_doc != right_doc) & (is_query[left_doc] | is_query[right_doc])
    code = sorted_unique(left[keep].astype(np.int64) * bits.shape[0] + right[keep])  # each pair once
    left, right = code // bits.shape[0], code % bits.shape[0]
    left_doc, right_doc = window_doc[left], window_doc[right]
    agree = np.empty(left.size, dtype=np.uint16)
    for start in range(0, left.size, _VERIFY_BLOCK):
        part = slice(start, start + _VERIFY_BLOCK)
        same = bits[left[part]] == bits[right[part]]
        agree[part] = np.count_nonzero(same, axis=1)
    keep = agree / bits.shape[1] >= floor  # the query path's estimate and test
    forward, backward = keep & is_query[left_doc], keep & is_query[right_doc]
    return _Hits(
        np.concatenate([left_doc[forward], right_doc[backward]]),
        np.concatenate([right_doc[forward], left_doc[backward]]),
        np.concatenate([left[forward], right[backward]]).astype(np.int32),
        np.concatenate([agree[forward], agree[backward]]),
    ).best()


def _rank(names: tuple[str, ...], num_perm: int, hits: _Hits, *, cap: int,
          namespace: str) -> dict[int, list[Candidate]]:
    """Candidates per query document number, ranked and capped as :meth:`WindowIndex.rank` does."""
    if hits.query.size == 0:
        return {}
    query, other = hits.query.astype(np.int64), hits.other.astype(np.int64)
    estimate = hits.agree.astype(np.float64) / num_perm
    new = np.ones(query.size, dtype=bool)
    new[1:] = (query[1:] != query[:-1]) | (other[1:] != other[:-1])
    group = np.cumsum(new) - 1  # one group per (query, other), its windows in text order
    starts = np.flatnonzero(new)
    score = np.bincount(group, weights=estimate)  # summed in window order, as the query path does
    windows = np.bincount(group)
    best = np.maximum.reduceat(estimate, starts)
    score_r = np.array([round(v, 4) for v in score.tolist()])
    best_r = np.array([round(v, 4) for v in best.tolist()])
    query, other = query[starts], other[starts]
    name_rank = np.empty(len(names), dtype=np.int64)
    name_rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((name_rank[other], -best_r, -score_r, query))
    ranked = query[order]
    head = np.ones(ranked.size, dtype=bool)
    head[1:] = ranked[1:] != ranked[:-1]
    place = np.arange(ranked.size) - np.maximum.accumulate(np.where(head, np.arange(ranked.size), 0))
    found: dict[int, list[Candidate]] = {}
    for k in order[place < cap].tolist():
        q = int(query[k])
        found.setdefault(q, []).append(Candidate(
            names[q], namespace + names[int(other[k])],
            int(windows[k]), float(best_r[k]), float(score_r[k])))
    return found
