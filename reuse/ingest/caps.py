"""The caps on extracted text: per file (:func:`check_size`) and per run (:class:`Budget`)."""

from __future__ import annotations

from dataclasses import dataclass

from reuse.errors import ExtractionError
from reuse.settings import Limits

LIMIT_HINT = "split it, or raise {key} in [tool.reuse.limits]"
#: Most bytes a character takes in a text file (UTF-32): a text file of more than this many bytes
#: per allowed character is refused before it is decoded.
MAX_CHAR_BYTES = 4


def check_size(name: str, text: str, caps: Limits) -> int:
    """The word count of ``text``, or an :class:`ExtractionError` when it is over a per-file cap."""
    if len(text) > caps.max_chars:
        raise ExtractionError(
            name,
            f"extracted text is {len(text):,} characters, more than the {caps.max_chars:,} limit (max_chars)",
            LIMIT_HINT.format(key="max_chars"),
        )
    words = len(text.split())
    if words > caps.max_words:
        raise ExtractionError(
            name,
            f"extracted text is {words:,} words, more than the {caps.max_words:,} limit (max_words)",
            LIMIT_HINT.format(key="max_words"),
        )
    return words


@dataclass(slots=True)
class Budget:
    """The extracted text one run has taken so far, against the run caps of ``limits``.

    Files are taken in order while they fit; one that does not is refused (a smaller one
    after it may still fit)."""

    limits: Limits
    chars: int = 0
    words: int = 0

    def take(self, name: str, text: str) -> None:
        """Count ``text`` in, or raise :class:`ExtractionError` when it would pass a run cap."""
        words = len(text.split())
        for key, used, size, cap in (
            ("max_run_chars", self.chars, len(text), self.limits.max_run_chars),
            ("max_run_words", self.words, words, self.limits.max_run_words),
        ):
            unit = "characters" if key == "max_run_chars" else "words"
            if used + size > cap:
                raise ExtractionError(
                    name,
                    f"not checked: its {size:,} {unit} would take the run past the {cap:,} {unit} "
                    f"limit ({key}; {used:,} taken by the files before it)",
                    f"check fewer files at once, or raise {key} in [tool.reuse.limits]",
                )
        self.chars += len(text)
        self.words += words


__all__ = ["LIMIT_HINT", "MAX_CHAR_BYTES", "Budget", "check_size"]
