"""Stray control characters: C0 and C1 controls that no editor shows.

Matching drops them (:mod:`reuse.text.normalize`), the ``control_characters`` evasion flag counts
them (:mod:`reuse.ingest.evasion`), and readers and writers that show text strip them.
"""

from __future__ import annotations

import re


def is_stray_control(char: str) -> bool:
    """Whether ``char`` is a stray control character: a C0 or C1 control other than tab, line
    feed, vertical tab, form feed, carriage return and next line (NEL). Matching drops them
    (:mod:`reuse.text.normalize`) and the ``control_characters`` flag counts them."""
    return char in _STRAY_CONTROLS


_STRAY_CONTROLS = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]) - set("\t\n\v\f\r\x85")
STRAY_CONTROLS = re.compile("[" + "".join(sorted(re.escape(c) for c in _STRAY_CONTROLS)) + "]")
"""Matches one stray control character (see :func:`is_stray_control`)."""
