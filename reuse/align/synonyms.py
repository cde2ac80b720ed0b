"""Synonym classes of content-word stems, for growing passage ends over reworded sentences.

A copy edited with a thesaurus ("buy" for "purchase", "start" for "begin") keeps its sentences, but the
Snowball stems of the replaced words differ, so a reworded first or last sentence looks less like its
source than it is. When loose ends grow (:func:`reuse.align.ends.grow`, :func:`reuse.align.sides.carry`),
each content word's stem is replaced by its *class*: the canonical stem of a small set of stems that share
a WordNet 3.0 sense (``data/synonyms.txt``, made by ``tools/make_synonyms.py``; nouns and verbs, each
lemma's three most frequent senses, at most four stems a class, so polysemous words do not chain
unrelated words together). Only the ends use the classes: which passages exist is decided on the stems,
as the classes also make texts on one topic look more alike (PAN 2013 fold 2's no-plagiarism pairs
with a detection: 1 -> 4 or 5 when the fuzzy path used them).
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np

from reuse.align.features import TextFeatures, per_text
from reuse.text.hashing import word_hash

TABLE = "synonyms.txt"
"""The class table in :mod:`reuse.align`'s ``data`` folder: one class per line, its canonical stem first."""


def classes_of(lines: list[str]) -> dict[str, str]:
    """Each stem of a class table's lines -> its class's canonical (first) stem; ``#`` lines are comments."""
    out: dict[str, str] = {}
    for line in lines:
        stems = line.split()
        if stems and not stems[0].startswith("#"):
            out.update(dict.fromkeys(stems, stems[0]))
    return out


@functools.cache
def table() -> dict[str, str]:
    """The shipped class table (read once per process)."""
    text = resources.files("reuse.align").joinpath("data").joinpath(TABLE).read_text(encoding="utf-8")
    return classes_of(text.splitlines())


@functools.cache
def _hashes() -> tuple[np.ndarray, np.ndarray]:
    """The table as two parallel uint64 arrays sorted by the first: stem hash -> class hash (the hash of
    the canonical stem, so a canonical stem keeps its own hash)."""
    pairs = sorted({word_hash(stem): word_hash(canonical) for stem, canonical in table().items()}.items())
    keys = np.array([k for k, _ in pairs], dtype=np.uint64)
    values = np.array([v for _, v in pairs], dtype=np.uint64)
    return keys, values


def class_hashes(stems: np.ndarray) -> np.ndarray:
    """``stems`` (uint64 stem hashes) with each stem of a class replaced by its class's hash."""
    keys, values = _hashes()
    if not stems.size:
        return stems
    at = np.minimum(np.searchsorted(keys, stems), keys.size - 1)
    hit = keys[at] == stems
    out: np.ndarray = stems.copy()
    out[hit] = values[at[hit]]
    return out


def _classed(text: TextFeatures) -> TextFeatures:
    return TextFeatures(text.words, text.hashes, text.content, class_hashes(text.stems))


def with_classes(text: TextFeatures) -> TextFeatures:
    """``text`` with its stems replaced by their classes (computed once per text: kept in its memo)."""
    return per_text(text, "synonym_classes", _classed)
