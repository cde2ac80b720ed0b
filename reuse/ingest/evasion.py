# ruff: noqa: RUF002
"""Evasion flags: character tricks that hide copied text from a checker.

:func:`detect_flags` looks at a document's extracted text and reports, each as a
:class:`~reuse.model.Flag` with its positions (spans into the text) and a count:

- ``homoglyphs``: replaced characters. A letter from another script that imitates a Latin
  letter (Cyrillic ``а``, Greek ``ο``, Armenian ``օ``... from the Unicode confusables data) inside
  a word with Latin letters, or forming a whole word in a mostly Latin text; mathematical
  alphanumerics (``𝐚``) and full-width letters (``ａ``).
- ``invisible_characters``: zero-width spaces and joiners, word joiners, soft hyphens, BOMs,
  bidi controls, tag characters and other format (Cf) or default-ignorable characters. Joiners
  between two letters of a script that needs them (Arabic, Indic...) and inside emoji are not
  counted.
- ``unusual_spaces``: spaces other than the ordinary space, no-break space and narrow no-break
  space (em/en/thin/hair spaces, ideographic space, Ogham space mark...).
- ``control_characters``: stray control characters (NUL and the other C0/C1 controls but tab,
  line ends, vertical tab, form feed and NEL), which no editor shows: one NUL byte used to get a
  whole essay refused as "binary". Every one is flagged (an essay has none).

Matching already sees through all of these (see :mod:`reuse.text.normalize`); the flags are
reported apart from the similarity score, and "a flag is not necessarily a problem".
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from reuse.model import Flag, Span
from reuse.text.confusables import CONFUSABLES
from reuse.text.controls import STRAY_CONTROLS

MIN_INVISIBLE = 3  # fewer stray invisible characters (a pasted ZWSP) are not flagged
MIN_UNUSUAL_SPACES = 3
MAX_SPANS = 1000  # positions kept per flag (the count is always exact)

_ALLOWED_SPACES = {" ", "\u00a0", "\u202f"}
_IGNORABLE_EXTRA = {
    "\u034f",
    "\u115f",
    "\u1160",
    "\u3164",
    "\uffa0",
    "\u180b",
    "\u180c",
    "\u180d",
    "\u180e",
    "\u180f",
}
_JOINERS = {"\u200c", "\u200d"}


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or char in _IGNORABLE_EXTRA


def _latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def _replaced(char: str) -> bool:
    """A character that imitates an ASCII letter or digit (not counting mixed-script rules)."""
    code = ord(char)
    return 0x1D400 <= code <= 0x1D7FF or 0xFF10 <= code <= 0xFF5A


def _spans(positions: Iterable[int]) -> tuple[Span, ...]:
    spans: list[Span] = []
    start = end = -1
    for position in positions:
        if position == end:
            end += 1
            continue
        if start >= 0:
            spans.append(Span(start, end))
            if len(spans) >= MAX_SPANS:
                return tuple(spans)
        start, end = position, position + 1
    if start >= 0:
        spans.append(Span(start, end))
    return tuple(spans[:MAX_SPANS])


def _names(counter: Counter[str], limit: int = 3) -> str:
    parts = [
        f"{unicodedata.name(c, f'U+{ord(c):04X}').lower()} \u00d7{n}" for c, n in counter.most_common(limit)
    ]
    if len(counter) > limit:
        parts.append("...")
    return ", ".join(parts)


def _in_word(char: str) -> bool:
    """Whether ``char`` belongs to a word: a letter, digit, mark or invisible character."""
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Cf")


_ASCII_IN_WORD = np.array([_in_word(chr(c)) for c in range(128)], dtype=bool)
_ASCII_LETTER = np.array([chr(c).isalpha() for c in range(128)], dtype=bool)


@dataclass(frozen=True, slots=True, eq=False)
class _Characters:
    """A text's characters as code points, and those outside ASCII grouped by character, so
    that each distinct character is classified once in Python and the rest is numpy.

    Attributes:
        codes: uint32 code point of every character.
        outside: int64 position of every character outside ASCII, in order.
        distinct: the distinct characters outside ASCII, in code point order.
        which: for each position in ``outside``, the index of its character in ``distinct``.
        counts: occurrences of each character of ``distinct``.
    """

    codes: np.ndarray
    outside: np.ndarray
    distinct: tuple[str, ...]
    which: np.ndarray
    counts: np.ndarray

    def where(self, wanted: Callable[[str], bool]) -> tuple[np.ndarray, np.ndarray]:
        """Which distinct characters are ``wanted`` (a bool array over ``distinct``) and the
        positions in the text of all their occurrences, in order."""
        chosen = np.fromiter(map(wanted, self.distinct), dtype=bool, count=len(self.distinct))
        return chosen, self.outside[chosen[self.which]]


def _characters(text: str) -> _Characters:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    outside = np.flatnonzero(codes >= 128)
    values, which, counts = np.unique(codes[outside], return_inverse=True, return_counts=True)
    return _Characters(codes, outside, tuple(map(chr, values.tolist())), which.reshape(-1), counts)


def _non_ascii_words(chars: _Characters) -> Iterable[tuple[int, int]]:
    """(start, end) of each word (a run of letters, digits, marks and invisible characters) that
    is not all ASCII, in order, found with array operations rather than a step per character."""
    in_word = _ASCII_IN_WORD[np.minimum(chars.codes, 127)]
    chosen, positions = chars.where(_in_word)
    in_word[chars.outside] = chosen[chars.which]
    if not positions.size:
        return []
    edges = np.diff(np.concatenate(([0], in_word.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    runs = np.unique(np.searchsorted(starts, positions, side="right") - 1)
    return zip(starts[runs].tolist(), ends[runs].tolist(), strict=True)


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and _latin(char)


def _homoglyphs(text: str, chars: _Characters) -> Flag | None:
    ascii_letters = int(np.count_nonzero(_ASCII_LETTER[np.minimum(chars.codes, 127)]))
    letters = ascii_letters + int(chars.counts[chars.where(str.isalpha)[0]].sum())
    latin_letters = ascii_letters + int(chars.counts[chars.where(_is_latin_letter)[0]].sum())
    latin_text = bool(letters) and latin_letters >= 0.8 * letters
    positions: list[int] = []
    scripts: Counter[str] = Counter()
    words = 0
    example = ""
    for start, end in _non_ascii_words(chars):
        word = text[start:end]
        has_latin = any(c.isalpha() and _latin(c) for c in word)
        alpha = [c for c in word if c.isalpha()]
        all_lookalike = bool(alpha) and all(c in CONFUSABLES for c in alpha)
        found = [
            start + k
            for k, c in enumerate(word)
            if _replaced(c) or (c in CONFUSABLES and (has_latin or (latin_text and all_lookalike)))
        ]
        if found:
            words += 1
            positions.extend(found)
            scripts.update(unicodedata.name(text[p], "OTHER").split()[0].lower() for p in found)
            example = example or word
    if not positions:
        return None
    script_list = ", ".join(s.capitalize() for s, _ in scripts.most_common())
    message = (
        f"{len(positions)} replaced character{'s' if len(positions) != 1 else ''} (look-alikes from "
        f"{script_list}) in {words} word{'s' if words != 1 else ''}, e.g. \u201c{example}\u201d"
    )
    return Flag("homoglyphs", message, _spans(positions), len(positions))


def _invisible(text: str, chars: _Characters) -> Flag | None:
    found = chars.where(_is_invisible)[1]  # ASCII has no invisible character
    if found.size < MIN_INVISIBLE:
        return None
    positions: list[int] = []
    kinds: Counter[str] = Counter()
    for i in found.tolist():
        char = text[i]
        if char == "\ufeff" and i == 0:
            continue
        if char in _JOINERS and 0 < i < len(text) - 1:
            before, after = text[i - 1], text[i + 1]
            if unicodedata.category(before) == "So" or unicodedata.category(after) == "So":
                continue  # emoji sequence
            if before.isalpha() and after.isalpha() and not _latin(before) and not _latin(after):
                continue  # Arabic, Persian, Indic words need ZWJ/ZWNJ
        positions.append(i)
        kinds[char] += 1
    if len(positions) < MIN_INVISIBLE:
        return None
    message = f"{len(positions)} invisible characters ({_names(kinds)})"
    return Flag("invisible_characters", message, _spans(positions), len(positions))


def _is_unusual_space(char: str) -> bool:
    return unicodedata.category(char) == "Zs" and char not in _ALLOWED_SPACES


def _unusual_spaces(text: str, chars: _Characters) -> Flag | None:
    found = chars.where(_is_unusual_space)[1].tolist()  # the only ASCII space is the ordinary one
    if len(found) < MIN_UNUSUAL_SPACES:
        return None
    kinds = Counter(text[i] for i in found)
    message = f"{len(found)} unusual spaces ({_names(kinds)})"
    return Flag("unusual_spaces", message, _spans(found), len(found))


def _controls(text: str) -> Flag | None:
    positions = [m.start() for m in STRAY_CONTROLS.finditer(text)]
    if not positions:
        return None
    kinds = Counter(text[i] for i in positions)
    names = ", ".join(f"U+{ord(c):04X} \u00d7{n}" for c, n in kinds.most_common(3))
    names += ", ..." if len(kinds) > 3 else ""
    message = (f"{len(positions)} stray control character{'s' if len(positions) != 1 else ''} ({names}), "
               "invisible in an editor; left out of matching")
    return Flag("control_characters", message, _spans(positions), len(positions))


def detect_flags(text: str) -> tuple[Flag, ...]:
    """Evasion flags for ``text`` (the extracted text); spans point into it.

    Example:
        >>> [f.kind for f in detect_flags("The B\u043elshevik p\u0430rty")]
        ['homoglyphs']
    """
    controls = _controls(text)
    if text.isascii():
        return () if controls is None else (controls,)
    chars = _characters(text)
    found = (_homoglyphs(text, chars), _invisible(text, chars), _unusual_spaces(text, chars), controls)
    return tuple(flag for flag in found if flag is not None)
