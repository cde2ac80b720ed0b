"""The same-topic and heavy-rewording fixture corpora (issue #17), shared by the aligner's tests,
the pair-score tests and ``benchmarks/rewording.py``.

- ``tests/fixtures/same_topic/``: six topics (``antibiotics``, ``bees``, ``printing``,
  ``revolution``, ``social``, ``water``), four short texts each (``<topic>_a.txt`` ..
  ``<topic>_d.txt``), written independently: texts on one topic share its vocabulary, never a
  passage.
- ``tests/fixtures/rewording/``: ``<topic>_<x>_heavy.txt`` rewrites ``same_topic/<topic>_<x>.txt``
  sentence by sentence (synonyms, reordered clauses, merged sentences), in the source's order;
  20 pairs over five topics (``bees`` has none: its texts are controls only); ``<topic>_a_light.txt``
  edits ``same_topic/<topic>_a.txt`` lightly (a word here and there), for the pair-score order.
"""

from __future__ import annotations

from pathlib import Path

from ..conftest import FIXTURES

SAME_TOPIC = FIXTURES / "same_topic"
REWORDING = FIXTURES / "rewording"


def topic_of(path: Path) -> str:
    """The topic of a fixture text (the part of its name before the first ``_``)."""
    return path.name.split("_")[0]


def same_topic_texts() -> dict[str, list[Path]]:
    """The independent texts of each topic, by topic."""
    found: dict[str, list[Path]] = {}
    for path in sorted(SAME_TOPIC.glob("*.txt")):
        found.setdefault(topic_of(path), []).append(path)
    return found


def rewording_pairs() -> list[tuple[Path, Path]]:
    """``(rewrite, source)`` for every heavy-rewording fixture."""
    rewrites = sorted(REWORDING.glob("*_heavy.txt"))
    return [(path, SAME_TOPIC / path.name.replace("_heavy", "")) for path in rewrites]


def controls(source: Path) -> list[Path]:
    """The other texts of a source's topic: a rewrite of ``source`` shares no passage with them."""
    return [path for path in same_topic_texts()[topic_of(source)] if path != source]


def read(path: Path) -> str:
    """A fixture text."""
    return path.read_text(encoding="utf-8")
