"""The rewording path: a text that rewrites another sentence by sentence, in the same order.

A heavy rewrite (synonyms, reordered clauses, two sentences merged into one) keeps too few
words in place for the exact path and too few shared stems per unit for the fuzzy path, but
each of its sentences still says what one or two sentences of the source say, and in the
source's order. So both texts are cut into sentences, every sentence is a tf-idf vector of its
content-word stems (:mod:`reuse.align.space`), and a sentence pair is a *seed* when its cosine
reaches ``min_cosine`` and it is (nearly) the best match of both sentences. Seeds are
chained in order on both sides, at most ``REWORDING_SKIP`` sentences apart (a left sentence may
pair with two consecutive right sentences: a merge, and the reverse), and a chain is a fragment
when it pairs at least ``min_sentences`` sentences on each side, pairs most of the
sentences its two regions hold (``REWORDING_DENSITY``: texts on one topic match a sentence here
and there, never one after the other), pairs at least ``min_share`` of the sentences of
the text with fewer sentences (the path finds a text, or a large part of one, rewritten from the
other; inside a long text, chance chains grow with its length and the fuzzy path finds reworded
passages) and its whole regions reach ``min_region``. A chain that a passage of another
path conflicts with or mostly explains is left to that path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reuse.align.features import TextFeatures, per_text
from reuse.align.fragment import Fragment, left_cover, overlap_left, overlap_right
from reuse.align.space import (
    Space,
    TextUnits,
    join,
    range_cosine,
    text_units,
    unique_counts,
    unique_inverse,
)
from reuse.settings import RewordingOptions

REWORDING_SKIP = 3
"""Largest step, in sentences on either side, between two consecutive seeds of a chain."""
REWORDING_DENSITY = 0.6
"""Share of the sentences of each region of a chain that the chain must pair."""
REWORDING_BEST_RATIO = 0.7
"""A sentence pair seeds only if its cosine is this share of the best of either sentence."""
REWORDING_MAX_COVER = 0.5
"""A chain whose left side the other paths' passages already cover this much is left to them."""
MAX_CHAINS = 50
"""Most chains taken from one pair of texts."""
MAX_SEEDS = 20_000
"""Most sentence seeds chained (the highest cosines): bounds the time on hostile, repetitive texts."""
MAX_PREDECESSORS = 64
"""Most earlier seeds a seed looks at for its predecessor in a chain (the nearest ones)."""


def in_rewording_scope(left_words: int, right_words: int, opts: RewordingOptions) -> bool:
    """Whether the path runs on two texts of these lengths: both at most ``max_words`` words
    (0: any length). Chance chains between texts on one topic grow with the sentences of the longer text;
    the path is for short texts rewritten from short sources."""
    return not opts.max_words or max(left_words, right_words) <= opts.max_words


def sentence_bounds(text_words: int, sentence_ends: np.ndarray) -> np.ndarray:
    """Word offsets where sentences start, and the word count at the end (one text)."""
    if sentence_ends.size != text_words or text_words == 0:
        return np.array([0, text_words], dtype=np.int64)
    return np.concatenate(([0], np.flatnonzero(sentence_ends[:-1]) + 1, [text_words])).astype(np.int64)


@dataclass(frozen=True, slots=True)
class TextSentences:
    """One text's sentences for the rewording path, in its own stem vocabulary (computed once per text,
    see :func:`text_sentences`).

    Attributes:
        bounds: word offsets where sentences start, and the word count (:func:`sentence_bounds`).
        tokens: the content-word token offsets of ``bounds``.
        sentence: the sentence of each distinct ``(sentence, stem)`` entry, in that order.
        stem: the entry's stem, as its index among the text's own stems (``TextUnits.vocab``).
        tf: how often the entry's stem occurs in its sentence.
        stem_order: the stable order of the entries by stem (the same in a shared vocabulary, whose
            numbering of the text's stems rises with its own).
    """

    bounds: np.ndarray
    tokens: np.ndarray
    sentence: np.ndarray
    stem: np.ndarray
    tf: np.ndarray
    stem_order: np.ndarray


def text_sentences(text: TextFeatures, sentence_ends: np.ndarray, units: TextUnits) -> TextSentences:
    """The :class:`TextSentences` of a text with these sentence ends and stems (``units``: the text's
    :func:`~reuse.align.space.text_units`), from its memo when derived before (keyed by the ends)."""

    def compute(text: TextFeatures) -> TextSentences:
        bounds = sentence_bounds(text.hashes.size, sentence_ends)
        tokens = np.searchsorted(text.content, bounds)
        of = np.searchsorted(tokens, np.arange(units.ids.size), side="right") - 1
        vocab = max(int(units.vocab.size), 1)
        key, tf = unique_counts(of * vocab + units.ids)
        stem = key % vocab
        return TextSentences(bounds, tokens, key // vocab, stem, tf, stem.argsort(kind="stable"))

    return per_text(text, ("sentences", sentence_ends.tobytes()), compute)


def _weights(
    sentences: TextSentences, shared: np.ndarray, idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries' stems as shared ids (``shared``: the id of each of the text's own stems), their
    tf-idf weights, and the norm of every sentence."""
    stem = shared[sentences.stem]
    weight = sentences.tf * idf[stem]
    norm = np.sqrt(np.bincount(sentences.sentence, weight * weight, minlength=sentences.tokens.size - 1))
    return stem, weight, norm


SENTENCE_TABLE_CELLS = 65536
"""Sentence pairs summed in a table of every sentence pair when there are no more than this many (plus
four per stem match); more are gathered by their distinct keys: the same sums."""


def sentence_seeds(
    space: Space, left: TextSentences, right: TextSentences, *, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sentence pairs ``(i, j, cosine)`` whose tf-idf cosine reaches ``min_cosine`` and is at
    least ``REWORDING_BEST_RATIO`` of the best cosine of both sentences, sorted by ``(i, j)``.

    The entries come from each text's :class:`TextSentences`, renumbered into the shared vocabulary
    (which keeps their order); the dot products are summed per sentence pair in the order of the
    join, in a table of every pair or by the distinct pairs (each sum adds the same products in the
    same order, and the pairs that have one come out sorted either way)."""
    lstem, lw, lnorm = _weights(left, space.left_map, space.idf)
    rstem, rw, rnorm = _weights(right, space.right_map, space.idf)
    ls, rs = left.sentence, right.sentence
    a, b = join(lstem, rstem, bound=space.idf.size, order=right.stem_order)
    left_count, right_count = left.tokens.size - 1, right.tokens.size - 1
    key = ls[a] * right_count + rs[b]
    if left_count * right_count <= 4 * key.size + SENTENCE_TABLE_CELLS:
        table_dot = np.bincount(key, lw[a] * rw[b], minlength=left_count * right_count)
        keys = np.flatnonzero(np.bincount(key, minlength=left_count * right_count))
        dot = table_dot[keys]
    else:
        keys, inverse = unique_inverse(key)
        dot = np.bincount(inverse, lw[a] * rw[b], minlength=keys.size)
    i, j = keys // right_count, keys % right_count
    denominator = lnorm[i] * rnorm[j]
    cosine = np.divide(dot, denominator, out=np.zeros(dot.shape), where=denominator > 0)
    row = np.zeros(left_count)
    col = np.zeros(right_count)
    np.maximum.at(row, i, cosine)
    np.maximum.at(col, j, cosine)
    keep = (
        (cosine >= min_cosine)
        & (cosine >= REWORDING_BEST_RATIO * row[i])
        & (cosine >= REWORDING_BEST_RATIO * col[j])
    )
    if int(keep.sum()) > MAX_SEEDS:
        keep &= cosine >= np.sort(cosine[keep])[-MAX_SEEDS]
    return i[keep], j[keep], cosine[keep]


def chains(i: np.ndarray, j: np.ndarray, cosine: np.ndarray) -> list[np.ndarray]:
    """Seed chains rising on both sides, heaviest first, each seed in one chain at most: the
    members of every chain, as seed indices in order. The seeds ``(i, j)`` are distinct and sorted
    (as :func:`sentence_seeds` gives them), so every earlier seed lies before a seed on one side.

    One pass of dynamic programming gives every seed its heaviest chain ending there (in plain
    Python: the predecessors of a seed are a handful of nearby seeds); chains are then read back
    from the heaviest end down, each stopping where it meets a seed already taken.
    """
    n = i.size
    ii, jj, cc = i.tolist(), j.tolist(), cosine.tolist()
    weight = list(cc)
    before = [-1] * n
    lo = 0
    for k in range(n):
        ik, jk = ii[k], jj[k]
        while ii[lo] < ik - REWORDING_SKIP:
            lo += 1
        top, arg = 0.0, -1
        low = jk - REWORDING_SKIP
        for m in range(max(lo, k - MAX_PREDECESSORS), k):
            if low <= jj[m] <= jk and weight[m] > top:
                top, arg = weight[m], m
        if arg >= 0:
            weight[k] = cc[k] + top
            before[k] = arg
    taken = [False] * n
    found: list[np.ndarray] = []
    for end in sorted(range(n), key=lambda k: -weight[k])[: MAX_CHAINS * 4]:  # stable, as np.argsort's
        if taken[end]:
            continue
        members = [end]
        while before[members[-1]] >= 0 and not taken[before[members[-1]]]:
            members.append(before[members[-1]])
        members.reverse()
        for m in members:
            taken[m] = True
        found.append(np.array(members))
        if len(found) >= MAX_CHAINS:
            break
    return found


def _distinct(values: np.ndarray) -> int:
    """How many distinct values (``np.unique(values).size``, without its per-call cost)."""
    return len(set(values.tolist()))


def rewordings(
    space: Space,
    lf: TextFeatures,
    rf: TextFeatures,
    left_ends: np.ndarray,
    right_ends: np.ndarray,
    opts: RewordingOptions,
    others: list[Fragment],
) -> list[Fragment]:
    """Fragments where the left text rewrites the right one sentence by sentence, in order, that
    no passage another path found (``others``) conflicts with (overlapping on one side only) or
    already explains (covering ``REWORDING_MAX_COVER`` of the left side)."""
    if opts.min_sentences <= 0 or not in_rewording_scope(len(lf.words), len(rf.words), opts):
        return []
    unit_words = space.left_units.size
    left = text_sentences(lf, left_ends, text_units(lf, unit_words))
    right = text_sentences(rf, right_ends, text_units(rf, unit_words))
    lb, rb, lt, rt = left.bounds, right.bounds, left.tokens, right.tokens
    shorter = min(lb.size, rb.size) - 1
    i, j, cosine = sentence_seeds(space, left, right, min_cosine=opts.min_cosine)
    needed = max(opts.min_sentences, opts.min_share * shorter)
    if min(_distinct(i), _distinct(j)) < needed:  # no chain can pair enough sentences
        return []
    found = []
    for chain in chains(i, j, cosine):
        if chain.size < needed:
            continue
        ci, cj = i[chain], j[chain]
        left_n, right_n = _distinct(ci), _distinct(cj)
        if min(left_n, right_n) < opts.min_sentences:
            continue
        if (left_n if lb.size <= rb.size else right_n) < opts.min_share * shorter:
            continue
        i0, i1, j0, j1 = int(ci[0]), int(ci[-1]) + 1, int(cj[0]), int(cj[-1]) + 1
        if left_n < REWORDING_DENSITY * (i1 - i0) or right_n < REWORDING_DENSITY * (j1 - j0):
            continue
        if (
            range_cosine(space, (int(lt[i0]), int(lt[i1])), (int(rt[j0]), int(rt[j1])))
            < opts.min_region
        ):
            continue
        cand = Fragment(int(lb[i0]), int(lb[i1]), int(rb[j0]), int(rb[j1]))
        conflict = any(overlap_left(cand, o) != overlap_right(cand, o) for o in others)
        if not conflict and left_cover(cand, others) < REWORDING_MAX_COVER:
            found.append(cand)
    return found
