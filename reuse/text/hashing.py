"""Word hashing, word k-gram shingles and overlapping windows over a normalised text.

Hashes are deterministic across processes and machines (BLAKE2b of the UTF-8 word, then a
fixed 64-bit mixing of k consecutive word hashes); Python's salted ``hash()`` is never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from reuse.text.normalize import NormalizedText

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
WORD_CACHE_LIMIT = 2_000_000
"""Distinct words whose hash is kept for the life of the process (memory stays bounded)."""
_word_cache: dict[str, int] = {}


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def vocabulary_table(words: Sequence[K], cache: dict[K, V], compute: Callable[[K], V],
                     limit: int) -> dict[K, V]:
    """A table holding ``compute(word)`` for every distinct word of ``words``: ``cache``, grown by the words
    it lacks while it stays within ``limit`` entries (so each distinct word is computed once per process),
    else a fresh table of these words only (memory stays bounded). Look the words up in it without a Python
    call each: ``map(table.__getitem__, words)``."""
    missing = set(words).difference(cache)
    if not missing:
        return cache
    fresh = {word: compute(word) for word in missing}
    if len(cache) + len(fresh) <= limit:
        cache.update(fresh)
        return cache
    fresh.update((word, cache[word]) for word in set(words).difference(fresh))
    return fresh


def word_hash(word: str) -> int:
    """The 64-bit hash of one word: BLAKE2b (8-byte digest) of its UTF-8 bytes, little-endian.

    This is the definition indexes on disk rely on; :func:`word_hashes` gives the same values.
    """
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """64-bit hash of every word (uint64 array): :func:`word_hash` of each.

    Natural text has far fewer distinct words than words, so each distinct word is hashed once
    (and kept, up to ``WORD_CACHE_LIMIT`` words per process) and the words are looked up in C,
    without a Python call per word.
    """
    table = vocabulary_table(words, _word_cache, word_hash, WORD_CACHE_LIMIT)
    return np.fromiter(map(table.__getitem__, words), dtype=np.uint64, count=len(words))


def splitmix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """SplitMix64 finaliser: an avalanching bijection on 64-bit integers."""
    with np.errstate(over="ignore"):
        z = values
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        mixed: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
        return mixed


def shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """Hash of every run of ``k`` consecutive words (``len(hashes) - k + 1`` values, uint64).

    A text shorter than ``k`` words gives one shingle of all its words (none if it is empty).
    """
    n = hashes.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    k = min(k, n)
    count = n - k + 1
    with np.errstate(over="ignore"):
        combined = hashes[:count].copy()
        for offset in range(1, k):
            combined = combined * _MULTIPLIER + hashes[offset : offset + count]
    return splitmix(combined)


@dataclass(frozen=True, slots=True, eq=False)
class Windows:
    """Overlapping word windows of one text and the shingles of each.

    Window ``i`` covers words ``[word_start[i], word_end[i])``; consecutive windows overlap by
    half a window, so any passage of ``1.5 * window_words`` words contains a whole window.
    ``block`` gives, for each shingle, the half-window block it belongs to: window ``i`` is the
    union of blocks ``i`` and ``i + 1``.
    """

    word_start: np.ndarray
    word_end: np.ndarray
    shingles: np.ndarray
    stride: int

    def __len__(self) -> int:
        return int(self.word_start.shape[0])


def windows(text: NormalizedText, *, shingle_words: int, window_words: int,
            hashes: np.ndarray | None = None) -> Windows:
    """Cut a normalised text into half-overlapping windows of ``window_words`` words (``hashes``: its
    :func:`word_hashes` when already computed)."""
    shingles = shingle_hashes(word_hashes(text.words) if hashes is None else hashes, shingle_words)
    stride = max(1, window_words // 2)
    n_words = text.word_count
    if shingles.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Windows(empty, empty, shingles, stride)
    n_blocks = -(-shingles.size // stride)
    count = max(1, n_blocks - 1)
    start = np.arange(count, dtype=np.int64) * stride
    end = np.minimum(start + window_words + shingle_words - 1, n_words)
    if count == 1:
        end = np.array([n_words], dtype=np.int64)
    return Windows(start, end, shingles, stride)
