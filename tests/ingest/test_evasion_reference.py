"""The evasion scan without per-character Python loops gives exactly the flags of the loop version.

Below the marker is the scan as it was (one Python step per character), kept as the reference:
``detect_flags`` must return the same flags (kinds, messages, spans, counts) on any text.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reuse.ingest.evasion import detect_flags
from reuse.model import Flag, Span
from reuse.text.confusables import CONFUSABLES
from reuse.text.controls import STRAY_CONTROLS

TRICKY = (
    "aoeBPx19 _-.,;\n\t"  # ASCII word characters, separators
    "\u0430\u043e\u0435\u0440\u0441\u0410\u03bf\u0391\u0585\u0131"  # Cyrillic, Greek, Armenian look-alikes
    "\u0431\u0436\u03bb\u00e9\u00df\u0101"  # letters of other scripts that imitate nothing, Latin-1
    "\U0001d41a\U0001d7ce\uff41\uff10\uff1f\uff3f"  # mathematical and full-width letters, digits, signs
    "\u200b\u200c\u200d\u2060\u00ad\ufeff\u202e\U000e0041\u034f\u180e\u3164"  # invisible characters
    "\u0628\u0645\u0915\u094d\u093e\u0301\u0903"  # Arabic, Devanagari letters and marks (Mn, Mc)
    "\U0001f600\u2764\u2640"  # emoji (So)
    "\u2003\u2009\u3000\u1680\u00a0\u202f"  # unusual and allowed spaces
    "\x00\x07\x85\x9f\u4e2d\u6587"  # controls, NEL, CJK
)
texts = st.text(alphabet=st.sampled_from(TRICKY), max_size=300) | st.text(max_size=300)


@given(texts)
@example("The B\u043elshevik p\u0430rty \u200b\u200b\u200b seized\u2003power\u2003in\u20031917")
@example("\ufeff\u0645\u200c\u0628 \U0001f600\u200d\u2764 x\u200dy \u00e9\u200b\u200b")
@example("\U0001d41a\U0001d41b \uff41\uff42 \u0430\u043e \u03bf\u03bf\u03bf")
@example("lone \ud800 surrogate p\u0430rty \udcff\u200b\u200b\u200b")
@example("\u0430" * 3 + "a" * 5000 + " " + "b\u0301" * 2000)
@settings(max_examples=1500, deadline=None)
def test_detect_flags_gives_exactly_the_flags_of_the_per_character_scan(text):
    assert detect_flags(text) == reference_detect_flags(text)


def test_the_reference_scan_finds_each_kind_so_the_comparison_is_not_empty():
    text = ("The B\u043elshevik p\u0430rty\u200b\u200b\u200b seized\u2003power\u2003in\u20031917, "
            "again\u3000and\x00again")
    kinds = [flag.kind for flag in reference_detect_flags(text)]
    assert kinds == ["homoglyphs", "invisible_characters", "unusual_spaces", "control_characters"]
    assert detect_flags(text) == reference_detect_flags(text)


# --- the reference: reuse/ingest/evasion.py as it was, one Python step per character -------------

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


def reference_detect_flags(text: str) -> tuple[Flag, ...]:
    """``reuse.ingest.evasion.detect_flags`` before it lost its per-character loops."""
    controls = _controls(text)
    if text.isascii():
        return () if controls is None else (controls,)
    found = (_homoglyphs(text), _invisible(text), _unusual_spaces(text), controls)
    return tuple(flag for flag in found if flag is not None)
