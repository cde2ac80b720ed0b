"""RTF: text by striprtf, after hidden runs are cut out of the RTF source.

Hidden runs are ``\\v`` (hidden text), a white or near-white colour (``\\cfN`` into the colour
table) and fonts below 2 pt (``\\fs`` below 4 half-points); they are removed before striprtf
sees the file and reported as a ``hidden_text`` flag.
"""

from __future__ import annotations

import re

from reuse.errors import ExtractionError
from reuse.ingest.formats.base import Extracted, ensure_text, hidden_flag
from reuse.model import DocumentKind

METHOD = "rtf (striprtf); hidden, white and tiny runs excluded"
_TOKEN = re.compile(
    r"\\'[0-9a-fA-F]{2}|\\u-?\d+ ?\??|\\[a-zA-Z]+-?\d* ?|\\[^a-zA-Z]|[{}]|[^\\{}]+", re.DOTALL
)
_COLOUR_TABLE = re.compile(r"\{\\colortbl\s*;?(.*?)\}", re.DOTALL)
_COLOUR = re.compile(r"\\red(\d+)\s*\\green(\d+)\s*\\blue(\d+)")


def _white_colours(rtf: str) -> set[int]:
    table = _COLOUR_TABLE.search(rtf)
    if not table:
        return set()
    entries = table.group(1).split(";")
    # Entry 0 is the "auto" colour (empty before the first ';' that the regex consumed).
    white = set()
    for index, entry in enumerate(entries, start=1):
        match = _COLOUR.search(entry)
        if match and min(int(v) for v in match.groups()) >= 240:
            white.add(index)
    return white


def visible_rtf(rtf: str) -> tuple[str, list[tuple[str, str]]]:
    """The RTF source with hidden text removed, and the hidden pieces ``(text, reason)``."""
    white = _white_colours(rtf)
    out: list[str] = []
    hidden: list[tuple[str, str]] = []
    stack: list[tuple[bool, bool, bool]] = []
    vanish = colour = tiny = False
    current: list[str] = []
    current_reason = ""

    def flush() -> None:
        nonlocal current
        if current:
            hidden.append(("".join(current), current_reason))
            current = []

    for match in _TOKEN.finditer(rtf):
        token = match.group(0)
        if token == "{":  # noqa: S105 - an RTF token, not a password
            stack.append((vanish, colour, tiny))
            out.append(token)
            continue
        if token == "}":  # noqa: S105
            if stack:
                vanish, colour, tiny = stack.pop()
            out.append(token)
            continue
        # a control word: a backslash and ASCII letters (a backslash before any other character,
        # a non-ASCII letter too, is a control symbol)
        word = re.match(r"\\([a-zA-Z]+)(-?\d*)", token) if not token.startswith("\\u") else None
        if word is not None:
            name, arg = word.group(1), word.group(2)
            if name == "v":
                vanish = arg != "0"
            elif name == "cf":
                colour = bool(arg) and int(arg) in white
            elif name == "fs":
                tiny = bool(arg) and int(arg) < 4
            elif name == "plain":
                vanish = colour = tiny = False
            out.append(token)
            if name in ("par", "line", "tab") and (vanish or colour or tiny):
                current.append(" ")
            continue
        is_text = (
            not token.startswith("\\") or token.startswith(("\\'", "\\u")) or token in ("\\~", "\\-", "\\_")
        )
        if is_text and (vanish or colour or tiny):
            reason = "hidden (\\v)" if vanish else "white text" if colour else "tiny font (< 2 pt)"
            if reason != current_reason:
                flush()
                current_reason = reason
            current.append(token if not token.startswith("\\") else "?")
            continue
        flush()
        out.append(token)
    flush()
    return "".join(out), hidden


def read_rtf(name: str, data: bytes, kind: DocumentKind) -> Extracted:
    """Read an RTF file."""
    from striprtf.striprtf import rtf_to_text

    raw = data.decode("latin-1")
    if not raw.lstrip().startswith("{\\rtf"):
        raise ExtractionError(
            name, "corrupt RTF file (no {\\rtf header)", "open and re-save it as .rtf, .docx or PDF"
        )
    source, hidden = visible_rtf(raw)
    try:
        text = rtf_to_text(source, encoding="cp1252", errors="replace")
    except Exception as error:  # striprtf raises bare exceptions on malformed input
        raise ExtractionError(
            name, f"corrupt RTF file ({error})", "open and re-save it as .docx or PDF"
        ) from error
    # Hidden runs met inside destinations (font table...) are not text; keep real ones only.
    hidden = [(t, r) for t, r in hidden if t.strip(" ;")]
    return Extracted(ensure_text(name, text, "RTF file"), METHOD, hidden_flag(hidden))
