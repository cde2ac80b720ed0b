"""The aligner's per-text features (``reuse.align.features``): content words and their stems."""

from __future__ import annotations

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
