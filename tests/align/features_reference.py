"""The aligner's per-text arrays as computed before the process vocabulary (commit 95116eb): the
reference the faster :func:`reuse.align.features.word_features` must equal."""

from __future__ import annotations

import numpy as np

from reuse.align.features import STEMMER, STOPWORDS
from reuse.text.hashing import word_hashes


def _stem(word: str) -> str | None:
    if word in STOPWORDS or (word.isdigit() and len(word) <= 2) or len(word) == 1:
        return None
    return STEMMER.stemWord(word) if word.isalpha() else word


def reference_arrays(words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word hashes, content-word indices and stem hashes of ``words``, one word at a time."""
    stems = [_stem(word) for word in words]
    content = np.flatnonzero(np.array([s is not None for s in stems], dtype=bool)).astype(np.int64)
    return word_hashes(words), content, word_hashes([s for s in stems if s is not None])
