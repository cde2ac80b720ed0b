"""Per-text features for the aligner: word hashes, content words and their stems.

A *content word* is a word that is not an English stopword and is not a bare number of one or
two digits; its *stem* is the Snowball English stem (a word that is not English is usually left
as it is, so the aligner keeps working, if less well, on other languages). ``snowballstemmer``
runs the C implementation from PyStemmer when that is installed (a dependency on CPython), and
its own pure-Python one otherwise; both give the same stems. Stems are hashed with the same
deterministic word hash as :mod:`reuse.text.hashing`.

Features are cached per :class:`~reuse.text.normalize.NormalizedText` object (by identity, a small
bounded cache), because the benchmark and the pipeline align one text with many others. A run computes
the costly part once per text instead (:func:`word_features`, in its preparation stage) and hands it
to :func:`features`, so a text in more pairs than the cache holds is not stemmed again for each.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

import numpy as np
import snowballstemmer

from reuse.text.hashing import word_hash
from reuse.text.normalize import NormalizedText

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever few
    for from further had has have having he her here hers herself him himself his how however i
    if in into is it its itself just let may me might more most must my myself no nor not now of
    off on once only or other ought our ours ourselves out over own same shall she should since so
    some such than that the their theirs them themselves then there these they this those though
    through thus to too under until up upon us very was we were what when where whether which
    while who whom whose why will with within without would yet you your yours yourself
    yourselves s t d ll m re ve
    """.split()  # noqa: SIM905 - reads as text; the list literal would be one 1,200-character line
)
"""English function words left out of the similarity of fuzzy units."""

_CACHE_SIZE = 64
_STEM_CACHE_LIMIT = 1_000_000
STEMMER = snowballstemmer.stemmer("english")
"""The Snowball English stemmer every stem comes from."""
_feature_cache: OrderedDict[int, tuple[NormalizedText, TextFeatures]] = OrderedDict()


@dataclass(frozen=True, slots=True, eq=False)
class TextFeatures:
    """What the aligner needs from one normalised text.

    Attributes:
        words: the normalised words (a list, or :class:`Words` that splits the text when first read).
        hashes: uint64 hash of every word.
        content: int64 word index of every content word, in order.
        stems: uint64 hash of the stem of every content word (parallel to ``content``).
        memo: what the aligner derives from these arrays alone, once per text (see :func:`per_text`).
    """

    words: list[str] | Words
    hashes: np.ndarray
    content: np.ndarray
    stems: np.ndarray
    memo: dict[Hashable, Any] = field(default_factory=dict)


class Words(Sequence[str]):
    """The words of a normalised text, split when first read: their number is known without splitting,
    and most pairs of a run read no word (only those with a passage do), so a text whose features were
    computed earlier (:func:`features` given ``known``) is not split for each pair it is in. Read by
    index or slice (a list), as the list of the words is."""

    __slots__ = ("_count", "_split", "_text")

    def __init__(self, text: NormalizedText, count: int) -> None:
        """The words of ``text``, ``count`` of them (the size of the arrays computed from them)."""
        self._text = text
        self._count = count
        self._split: list[str] | None = None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if self._split is None:
            self._split = self._text.words
        return self._split[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self[:])

    def __eq__(self, other: object) -> bool:
        """Equal to the list of the same words, as the list is (and to another :class:`Words` of them)."""
        return self[:] == (other[:] if isinstance(other, Words) else other)

    __hash__ = None  # type: ignore[assignment]  # unhashable, as the list is

    def __repr__(self) -> str:
        return repr(self[:])


@dataclass(frozen=True, slots=True, eq=False)
class WordFeatures:
    """The arrays of :class:`TextFeatures`, without the words (cheap to ship to another process: a
    text's words are ``text.words`` wherever the text is).

    Attributes:
        hashes: uint64 hash of every word.
        content: int64 word index of every content word, in order.
        stems: uint64 hash of the stem of every content word (parallel to ``content``).
        memo: what the aligner derived from these arrays in this process (filled as the text is
            aligned, shared by every :class:`TextFeatures` made from these arrays).
    """

    hashes: np.ndarray
    content: np.ndarray
    stems: np.ndarray
    memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pickled without the memo (a worker derives what it needs itself)."""
        return self.hashes, self.content, self.stems

    def __setstate__(self, state: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        for name, value in zip(("hashes", "content", "stems"), state, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "memo", {})


def _stem(word: str) -> str | None:
    """The stem of a content word, or ``None`` for a stopword or a short number."""
    if word in STOPWORDS or (word.isdigit() and len(word) <= 2) or len(word) == 1:
        return None
    return STEMMER.stemWord(word) if word.isalpha() else word


class _Vocabulary:
    """Every distinct word a process has met (up to ``_STEM_CACHE_LIMIT``), numbered in the order met,
    with three arrays indexed by that number: the word's hash, its stem's hash (0 for a word that is
    not a content word) and whether it is a content word. Each word is hashed and stemmed once; a text
    is then one dictionary lookup per word (in C) and three gathers.

    Words are published to ``index`` only after their rows are in ``table`` (one tuple, replaced
    whole), and added under a lock, so a thread reading while another adds sees complete rows."""

    __slots__ = ("index", "lock", "table")

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.lock = threading.Lock()
        self.table = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool))

    def add(self, words: Iterable[str]) -> None:
        """Number the words not yet in the vocabulary and fill their rows."""
        with self.lock:
            new = [word for word in dict.fromkeys(words) if word not in self.index]
            if not new:
                return
            start = len(self.index)
            stems = [_stem(word) for word in new]
            hashes, stem_hashes, content = self.table
            size = start + len(new)
            if size > hashes.size:
                room = max(size, 2 * hashes.size, 1024)
                hashes, stem_hashes, content = (np.resize(a, room) for a in (hashes, stem_hashes, content))
            hashes[start:size] = [word_hash(word) for word in new]
            stem_hashes[start:size] = [0 if stem is None else word_hash(stem) for stem in stems]
            content[start:size] = [stem is not None for stem in stems]
            self.table = (hashes, stem_hashes, content)
            self.index.update(zip(new, range(start, size), strict=True))


_vocabulary = _Vocabulary()


def _arrays(words: list[str]) -> WordFeatures:
    """The :class:`WordFeatures` of ``words``: :func:`_stem` and :func:`~reuse.text.hashing.word_hash`
    of each, looked up in the process's :class:`_Vocabulary` (in a vocabulary of this text's words
    alone once the process's is full)."""
    vocabulary = _vocabulary
    missing = set(words).difference(vocabulary.index)
    if missing:
        if len(vocabulary.index) + len(missing) > _STEM_CACHE_LIMIT:
            vocabulary = _Vocabulary()
            missing = set(words)
        vocabulary.add(sorted(missing))
    ids = np.fromiter(map(vocabulary.index.__getitem__, words), dtype=np.intp, count=len(words))
    hashes, stem_hashes, is_content = vocabulary.table
    content = np.flatnonzero(is_content[ids]).astype(np.int64)
    return WordFeatures(hashes[ids], content, stem_hashes[ids[content]])


def word_features(text: NormalizedText) -> WordFeatures:
    """The arrays of the features of ``text`` (computed, not cached): what :func:`features` takes as
    ``known``."""
    return _arrays(text.words)


def features(text: NormalizedText, known: WordFeatures | None = None) -> TextFeatures:
    """The (cached) features of ``text``; ``known``: its :func:`word_features`, computed earlier."""
    key = id(text)
    hit = _feature_cache.get(key)
    if hit is not None and hit[0] is text:
        _feature_cache.move_to_end(key)
        return hit[1]
    words: list[str] | Words
    if known is None:
        split = text.words
        arrays, words = _arrays(split), split
    else:
        arrays, words = known, Words(text, known.hashes.size)
    result = TextFeatures(words, arrays.hashes, arrays.content, arrays.stems, arrays.memo)
    _feature_cache[key] = (text, result)
    if len(_feature_cache) > _CACHE_SIZE:
        _feature_cache.popitem(last=False)
    return result


_T = TypeVar("_T")
MEMO_TEXTS = 2048
"""Texts whose per-text derived arrays (:func:`per_text`) a process keeps; beyond that, the oldest
are dropped (and computed again if needed), so memory stays bounded."""
_memo_order: OrderedDict[int, dict[Hashable, Any]] = OrderedDict()


def per_text(text: TextFeatures, key: Hashable, compute: Callable[[TextFeatures], _T]) -> _T:
    """``compute(text)``, computed once per text and ``key``: a pure function of the text's arrays
    (and of what ``key`` names), kept in the text's memo, so a text aligned with many others
    derives it once. The same value whether computed now or taken from the memo."""
    memo = text.memo
    if key in memo:
        value: _T = memo[key]
        return value
    value = compute(text)
    if not memo:
        _memo_order[id(memo)] = memo
        if len(_memo_order) > MEMO_TEXTS:
            _memo_order.popitem(last=False)[1].clear()
    memo[key] = value
    return value
