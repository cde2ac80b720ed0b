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
from collections.abc import Iterable

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


def _words(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each word: a run of letters, digits, marks and invisible characters."""
    start = None
    for i, char in enumerate(text):
        inside = char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Cf")
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            yield start, i
            start = None
    if start is not None:
        yield start, len(text)


def _homoglyphs(text: str) -> Flag | None:
    letters = [c for c in text if c.isalpha()]
    latin_text = bool(letters) and sum(1 for c in letters if _latin(c)) >= 0.8 * len(letters)
    positions: list[int] = []
    scripts: Counter[str] = Counter()
    words = 0
    example = ""
    for start, end in _words(text):
        word = text[start:end]
        if word.isascii():
            continue
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


def _invisible(text: str) -> Flag | None:
    positions: list[int] = []
    kinds: Counter[str] = Counter()
    for i, char in enumerate(text):
        if not _is_invisible(char):
            continue
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


def _unusual_spaces(text: str) -> Flag | None:
    positions = [
        i for i, c in enumerate(text) if unicodedata.category(c) == "Zs" and c not in _ALLOWED_SPACES
    ]
    if len(positions) < MIN_UNUSUAL_SPACES:
        return None
    kinds = Counter(text[i] for i in positions)
    message = f"{len(positions)} unusual spaces ({_names(kinds)})"
    return Flag("unusual_spaces", message, _spans(positions), len(positions))


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
    found = (_homoglyphs(text), _invisible(text), _unusual_spaces(text), controls)
    return tuple(flag for flag in found if flag is not None)
