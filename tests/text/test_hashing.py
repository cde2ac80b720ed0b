"""Word hashes: the vocabulary-cached path gives exactly the values indexes on disk were built with."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.text import hashing
from reuse.text.hashing import word_hash, word_hashes
from reuse.text.normalize import normalize

_reference_cache: dict[str, int] = {}


def _reference_word_hash(word: str) -> int:
    value = _reference_cache.get(word)
    if value is None:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(_reference_cache) < 2_000_000:
            _reference_cache[word] = value
    return value


def reference_word_hashes(words: list[str]) -> np.ndarray:
    """The definition before the vocabulary cache (one Python call per word), kept as the reference."""
    return np.fromiter((_reference_word_hash(w) for w in words), dtype=np.uint64, count=len(words))


def _same(left: np.ndarray, right: np.ndarray) -> bool:
    return left.dtype == right.dtype == np.uint64 and np.array_equal(left, right)


words_lists = st.lists(st.text(max_size=12), max_size=60) | st.lists(
    st.sampled_from(["the", "bolshevik", "party", "power", "élan", "straße", "", "ǅ", "\u0301"]), max_size=80
)


@given(words_lists)
@settings(max_examples=300, deadline=None)
def test_word_hashes_equal_the_blake2b_definition_on_any_words(words):
    assert _same(word_hashes(words), reference_word_hashes(words))


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_word_hashes_of_any_normalised_text_equal_the_blake2b_definition(text):
    words = normalize(text).words
    assert _same(word_hashes(words), reference_word_hashes(words))


def test_word_hashes_are_the_published_values_indexes_on_disk_hold():
    assert [int(h) for h in word_hashes(["lenin", "élan", "", "lenin"])] == [
        1693758790582359999, 10841085047674288120, 13020603013274838756, 1693758790582359999,
    ]
    assert word_hash("lenin") == 1693758790582359999


@given(words_lists)
@settings(max_examples=100, deadline=None)
def test_word_hashes_stay_exact_and_the_cache_bounded_once_the_cache_is_full(words):
    cache: dict[str, int] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hashing, "WORD_CACHE_LIMIT", 5)
        patch.setattr(hashing, "_word_cache", cache)
        for part in (words, words[::-1], ["new", *words, "words"]):
            assert _same(word_hashes(part), reference_word_hashes(part))
            assert len(cache) <= 5


def test_a_vocabulary_table_computes_each_distinct_word_once_and_stops_growing_at_its_limit():
    from reuse.text.hashing import vocabulary_table

    calls: list[str] = []

    def length(word: str) -> int:
        calls.append(word)
        return len(word)

    cache: dict[str, int] = {}
    table = vocabulary_table(["to", "be", "or", "not", "to", "be"], cache, length, limit=4)
    assert table is cache and sorted(calls) == ["be", "not", "or", "to"]
    assert [table[w] for w in ["to", "be", "or", "not"]] == [2, 2, 2, 3]
    full = vocabulary_table(["that", "is", "to"], cache, length, limit=4)
    assert full is not cache and len(cache) == 4  # the cache stays within its limit
    assert full == {"that": 4, "is": 2, "to": 2} and calls.count("to") == 1
