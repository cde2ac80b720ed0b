"""The aligner's per-text features (``reuse.align.features``): content words and their stems."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.align.features import STEMMER
from reuse.text.normalize import normalize

from .texts import ALIGN_FIXTURES


def test_the_stemmer_in_use_gives_the_same_stems_as_the_pure_python_snowball_stemmer() -> None:
    from snowballstemmer.english_stemmer import EnglishStemmer

    texts = [f.read_text("utf-8") for f in sorted(ALIGN_FIXTURES.glob("*.txt"))]
    words = sorted({w for text in texts for w in normalize(text).words})
    reference = EnglishStemmer()
    assert len(words) > 900
    assert [STEMMER.stemWord(w) for w in words] == [reference.stemWord(w) for w in words]


def test_features_from_word_features_computed_earlier_are_the_features_computed_on_the_spot() -> None:
    from reuse.align.features import features, word_features

    text = normalize(sorted(ALIGN_FIXTURES.glob("*.txt"))[0].read_text("utf-8"))
    fresh = features(normalize(text.text))  # another object: computed here, not taken from the cache
    given = features(text, word_features(text))
    assert given.content.size > 50
    assert given.words == fresh.words
    for name in ("hashes", "content", "stems"):
        assert getattr(given, name).dtype == getattr(fresh, name).dtype
        assert getattr(given, name).tolist() == getattr(fresh, name).tolist()


def test_what_is_derived_from_a_text_is_computed_once_and_not_shipped_to_workers() -> None:
    import pickle

    from reuse.align.features import features, per_text, word_features

    text = normalize(sorted(ALIGN_FIXTURES.glob("*.txt"))[0].read_text("utf-8"))
    known = word_features(text)
    calls: list[int] = []

    def derive(t: object) -> int:
        calls.append(1)
        return len(calls)

    assert per_text(features(text, known), "k", derive) == 1
    assert per_text(features(normalize(text.text), known), "k", derive) == 1  # another text object
    assert calls == [1] and known.memo == {"k": 1}
    shipped = pickle.loads(pickle.dumps(known))  # noqa: S301 - our own bytes
    assert shipped.memo == {} and shipped.stems.tolist() == known.stems.tolist()


def test_a_texts_words_are_split_only_when_a_word_is_read(monkeypatch) -> None:
    import importlib

    from reuse.align import align
    from reuse.align.features import features, word_features
    from reuse.text.normalize import NormalizedText

    features_module = importlib.import_module("reuse.align.features")
    paths = sorted(ALIGN_FIXTURES.glob("*.txt"))
    text = normalize(paths[0].read_text("utf-8"))
    unrelated = normalize("Cats purr loudly. Dogs bark at night, and owls hoot in the barn until dawn.")
    known = (word_features(text), word_features(unrelated))
    split = NormalizedText.words
    splits: list[int] = []
    monkeypatch.setattr(NormalizedText, "words", property(lambda t: splits.append(1) or split.fget(t)))
    monkeypatch.setattr(features_module, "_feature_cache", features_module.OrderedDict())
    assert align(text, unrelated, known=known) == [] and splits == []  # no passage: no word read
    words = features(text, known[0]).words
    assert len(words) == text.word_count and splits == []
    assert words[3:9] == split.fget(text)[3:9] and words == split.fget(text) and splits == [1]  # split once
    assert list(words) == split.fget(text) and words[-1] == split.fget(text)[-1] and splits == [1]
    copy = normalize(text.text)
    assert align(text, copy, known=(known[0], word_features(copy)))  # a passage: its words read


def _same_arrays(found, expected) -> None:
    for array, reference in zip((found.hashes, found.content, found.stems), expected, strict=True):
        assert array.dtype == reference.dtype and array.tolist() == reference.tolist()


def test_features_from_the_process_vocabulary_are_each_words_own_even_with_it_full(monkeypatch) -> None:
    import importlib

    features_module = importlib.import_module("reuse.align.features")
    from .features_reference import reference_arrays

    words = normalize(sorted(ALIGN_FIXTURES.glob("*.txt"))[1].read_text("utf-8") + " 7 42 4242 x").words
    by_word = [features_module._stem(w) for w in words]
    assert None in by_word and "4242" in by_word
    for limit in (1_000_000, len(set(words[:50]))):  # room for all; then full after the first 50 words
        monkeypatch.setattr(features_module, "_vocabulary", features_module._Vocabulary())
        monkeypatch.setattr(features_module, "_STEM_CACHE_LIMIT", limit)
        _same_arrays(features_module._arrays(words[:50]), reference_arrays(words[:50]))
        _same_arrays(features_module._arrays(words), reference_arrays(words))
        _same_arrays(features_module._arrays(words[::-1]), reference_arrays(words[::-1]))
        assert len(features_module._vocabulary.index) <= limit


_WORDS = st.sampled_from(["the", "of", "a", "x", "7", "42", "4242", "running", "runs", "ran", "café",
                          "naïve", "it's", "co-op", "", "ﬁne", "Ünïcode", "straße", "done", "doing"])


_TEXTS = st.lists(st.lists(_WORDS | st.text(min_size=1, max_size=6), max_size=40), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(texts=_TEXTS)
def test_word_features_equal_the_word_at_a_time_reference_for_any_words(texts) -> None:
    import importlib

    features_module = importlib.import_module("reuse.align.features")
    from .features_reference import reference_arrays

    for words in texts:  # the vocabulary grows across texts and calls
        _same_arrays(features_module._arrays(words), reference_arrays(words))


def test_the_memos_of_the_oldest_texts_are_dropped_beyond_the_bound(monkeypatch) -> None:
    import importlib
    from collections import OrderedDict

    import numpy as np

    features_module = importlib.import_module("reuse.align.features")
    monkeypatch.setattr(features_module, "MEMO_TEXTS", 2)
    monkeypatch.setattr(features_module, "_memo_order", OrderedDict())
    texts = [features_module.TextFeatures([], np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64),
                                          np.zeros(0, dtype=np.uint64)) for _ in range(3)]
    for k, text in enumerate(texts):
        assert features_module.per_text(text, "k", lambda t, k=k: k) == k
    assert [t.memo for t in texts] == [{}, {"k": 1}, {"k": 2}]  # the first one's memo was dropped
    assert features_module.per_text(texts[0], "k", lambda t: 7) == 7  # and is derived again when needed
