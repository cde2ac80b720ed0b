"""Normalisation with an offset map back into the original text.

The normalised text is the document's words, folded for matching, separated by single spaces:
NFKD compatibility decomposition, combining marks dropped (so ``é`` and ``e`` match),
casefolded, format characters (Cf: zero-width spaces, joiners, soft hyphens, bidi controls)
and stray control characters (NUL and other C0/C1 controls but tab, line ends and form feed)
removed without splitting the word they sit in, look-alike letters from other scripts mapped to
the Latin letter or digit they imitate (a Unicode TR39 confusables skeleton for single
characters: Cyrillic a and o (U+0430, U+043E), Greek omicron, Armenian oh -> ``a``/``o``;
mathematical alphanumerics and full-width forms are already folded by NFKD), and every run of
punctuation or whitespace folded into one space. The skeleton is for matching only: displayed
text and spans always use the original characters. ``to_original[i]`` is the offset in the
original text of the character that produced normalised character ``i``; a character that
expands (``ß`` -> ``ss``, ``ﬁ`` -> ``fi``) maps all its products to itself.

Only the ``content`` spans of a document are normalised (page chrome and template text are left
out); words never join across a gap between two content spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from reuse.model import Span
from reuse.text.confusables import CONFUSABLES
from reuse.text.controls import is_stray_control

#: Bump when the folding changes: indexes built with another version must be rebuilt.
NORMALIZER_VERSION = "3"

_DROPPED = "\x00"
_SPACE = 32


_OFFSETS = ("to_original", "word_starts", "word_ends", "to_original_end")
"""The offset arrays of a :class:`NormalizedText` (int64)."""


@dataclass(frozen=True, slots=True, eq=False)
class NormalizedText:
    """Normalised text plus the map back to the original.

    Attributes:
        text: words separated by single spaces; no leading or trailing space.
        to_original: int64 array, ``len(text)`` entries, original offset of each character.
        word_starts: int64 array, normalised offset where each word starts.
        word_ends: int64 array, normalised offset just past each word.
        original_length: length of the original text.
        sentence_ends: bool array, one entry per word: the original text between this word and
            the next (or the end of its content span) holds sentence-final punctuation
            (``.``, ``!``, ``?``, ``…`` and their full-width and CJK forms), or a blank line.
        to_original_end: int64 array like ``to_original``: the original offset just past each
            character *with* the combining marks that follow it there (a decomposed accent is
            dropped by folding, but belongs to the letter it sits on); empty when the text has
            none, and then ``to_original + 1``.
    """

    text: str
    to_original: np.ndarray
    word_starts: np.ndarray
    word_ends: np.ndarray
    original_length: int
    sentence_ends: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    to_original_end: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __getstate__(self) -> tuple[Any, ...]:
        """Pickled (to a worker or a cluster, and back) with its int64 offset arrays as int32 when the text
        and the original are shorter than 2**31 characters: the same values in half the bytes (they are
        most of what a text weighs); unpickled, they are int64 again."""
        fits = max(len(self.text), self.original_length) < 2**31
        narrowed = tuple(name for name in _OFFSETS if fits and getattr(self, name).dtype == np.int64)
        return narrowed, *(getattr(self, name).astype(np.int32) if name in narrowed else getattr(self, name)
                           for name in self.__slots__)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        narrowed, *values = state
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value.astype(np.int64) if name in narrowed else value)

    @property
    def words(self) -> list[str]:
        """The words, in order."""
        return self.text.split(" ") if self.text else []

    @property
    def word_count(self) -> int:
        """Number of words."""
        return int(self.word_starts.shape[0])

    def span(self, start: int, end: int) -> Span:
        """Map a normalised range ``[start, end)`` to a span of the original text.

        Surrounding spaces are trimmed first, so the span starts and ends on a word character.
        An empty range maps to an empty span at the corresponding original position.
        """
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        if start >= end:
            at = int(self.to_original[start]) if start < len(self.text) else self.original_length
            return Span(at, at)
        last = (
            int(self.to_original_end[end - 1])
            if self.to_original_end.size
            else int(self.to_original[end - 1]) + 1
        )
        return Span(int(self.to_original[start]), last)

    def word_span(self, first: int, last: int) -> Span:
        """Original span covering words ``first`` to ``last - 1`` (word indices)."""
        return self.span(int(self.word_starts[first]), int(self.word_ends[last - 1]))


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """What one original character becomes: ``""`` (dropped), ``" "`` (separator) or letters."""
    category = unicodedata.category(char)
    if category == "Cf" or is_stray_control(char):  # stray controls (a NUL...) vanish like Cf
        return ""
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part) or unicodedata.category(part) in ("Mn", "Me", "Cf"):
            continue
        for folded in CONFUSABLES.get(part) or part.casefold():
            folded = CONFUSABLES.get(folded, folded)
            out.append(folded if folded.isalnum() else " ")
    if not out and category in ("Mn", "Me", "Mc"):
        return ""
    letters = "".join(c for c in out if c != " ")
    if not letters:
        return " "
    # One character never yields two words ("¼" -> "14", not "1 4"), so every word maps back
    # to whole original characters that normalise to exactly that word.
    return (" " if out[0] == " " else "") + letters + (" " if out[-1] == " " else "")


def _translation(segment: str) -> tuple[dict[int, str], bool]:
    """Translation table for the segment's characters; the flag says whether any char expands."""
    table: dict[int, str] = {}
    expands = False
    for char in set(segment):
        folded = _fold_char(char)
        if len(folded) > 1:
            expands = True
        table[ord(char)] = folded if folded else _DROPPED
    return table, expands


def _fold_segment(segment: str, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Fold one content segment into code points and original offsets (separators not yet folded)."""
    table, expands = _translation(segment)
    if not expands:
        translated = segment.translate(table)
        codes = np.frombuffer(translated.encode("utf-32-le"), dtype=np.uint32)
        origin = np.arange(offset, offset + len(segment), dtype=np.int64)
        keep = codes != 0
        return codes[keep], origin[keep]
    pieces: list[str] = []
    origins: list[int] = []
    for i, char in enumerate(segment):
        folded = table[ord(char)]
        if folded == _DROPPED:
            continue
        pieces.append(folded)
        origins.extend([offset + i] * len(folded))
    codes = np.frombuffer("".join(pieces).encode("utf-32-le"), dtype=np.uint32)
    return codes, np.asarray(origins, dtype=np.int64)


def normalize(text: str, content: Sequence[Span] | None = None) -> NormalizedText:
    """Normalise ``text`` (only its ``content`` spans, if given) keeping an offset map.

    Args:
        text: the original decoded text.
        content: spans of ``text`` to normalise, in order and not overlapping; ``None`` means
            the whole text.

    Returns:
        The normalised text with its offset map and word boundaries.

    Example:
        >>> n = normalize("Hello,  WORLD!")
        >>> n.text
        'hello world'
        >>> n.span(6, 11)
        Span(start=8, end=13)
    """
    spans = [Span(0, len(text))] if content is None else list(content)
    code_parts: list[np.ndarray] = []
    origin_parts: list[np.ndarray] = []
    for span in spans:
        if span.end > len(text):
            msg = f"content span [{span.start}, {span.end}) is past the end of the text ({len(text)})"
            raise ValueError(msg)
        if not span:
            continue
        codes, origins = _fold_segment(text[span.start : span.end], span.start)
        code_parts.append(codes)
        code_parts.append(np.array([_SPACE], dtype=np.uint32))
        origin_parts.append(origins)
        origin_parts.append(np.array([max(span.end - 1, 0)], dtype=np.int64))
    if not code_parts:
        return _empty(len(text))
    codes = np.concatenate(code_parts)
    origins = np.concatenate(origin_parts)
    is_word = codes != _SPACE
    previous_is_word = np.concatenate(([False], is_word[:-1]))
    keep = is_word | previous_is_word  # word chars and the first separator after a word
    codes = codes[keep]
    origins = origins[keep]
    if codes.size and codes[-1] == _SPACE:
        codes = codes[:-1]
        origins = origins[:-1]
    if not codes.size:
        return _empty(len(text))
    normalized = codes.tobytes().decode("utf-32-le")
    spaces = np.flatnonzero(codes == _SPACE)
    word_starts = np.concatenate(([0], spaces + 1)).astype(np.int64)
    word_ends = np.concatenate((spaces, [codes.size])).astype(np.int64)
    ends = _sentence_ends(text, origins[word_starts], origins[word_ends - 1] + 1)
    return NormalizedText(
        normalized, origins, word_starts, word_ends, len(text), ends, _ends_with_marks(text, origins)
    )


def _ends_with_marks(text: str, origins: np.ndarray) -> np.ndarray:
    """For each kept character (at original offsets ``origins``), the original offset just past
    it and the combining marks right after it; empty when ``text`` has no combining mark."""
    marks = [c for c in set(text) if unicodedata.category(c) in ("Mn", "Me")]
    if not marks:
        return np.zeros(0, dtype=np.int64)
    is_mark = np.zeros(len(text) + 1, dtype=bool)
    for found in re.finditer("[" + "".join(re.escape(c) for c in marks) + "]+", text):
        is_mark[found.start() : found.end()] = True
    # for every offset, the offset of the first non-mark at or after it
    positions = np.arange(len(text) + 1)
    next_plain = np.minimum.accumulate(np.where(is_mark, len(text), positions)[::-1])[::-1]
    after_marks: np.ndarray = next_plain[origins + 1]
    return after_marks.astype(np.int64)


_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\uff0e]|\n[ \t\r]*\n")


def _sentence_ends(text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each word, whether sentence-final punctuation follows it before the next word."""
    marks = np.fromiter((m.start() for m in _SENTENCE_END.finditer(text)), dtype=np.int64)
    gap_end = np.append(starts[1:], len(text))
    return np.searchsorted(marks, gap_end, side="left") > np.searchsorted(marks, ends, side="left")


def _empty(length: int) -> NormalizedText:
    empty = np.zeros(0, dtype=np.int64)
    return NormalizedText("", empty, empty, empty, length, np.zeros(0, dtype=bool))
