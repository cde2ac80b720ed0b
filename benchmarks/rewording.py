#!/usr/bin/env python3
"""Heavy rewording and same-topic precision on the project's own fixture texts (issue #17).

Usage::

    python benchmarks/rewording.py [--json FILE]

Aligns (left = rewrite, right = source, ``reuse.align.align`` with the library defaults):

- every heavy rewrite ``tests/fixtures/rewording/<topic>_<x>_heavy.txt`` against its source
  ``tests/fixtures/same_topic/<topic>_<x>.txt``: *recall* is the share of these pairs with an
  approximate passage, and *word recall* the share of the rewrite's words inside one;
- every rewrite against the other texts of its topic (independent texts on the same subject)
  and every two independent texts of a topic against each other: *false passages* counts the
  passages found between them (each one is wrong).

It prints the figures (and the pairs that missed or matched wrongly) and exits 1 when recall is
under 0.8 or a false passage was found. PAN 03 is measured beside it with ``benchmarks/pan.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from itertools import permutations
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from reuse.align import align  # noqa: E402
from reuse.align.score import covered_words, pair_score  # noqa: E402
from reuse.settings import AlignOptions, RewordingOptions  # noqa: E402
from reuse.text.normalize import NormalizedText, normalize  # noqa: E402

ON = AlignOptions(rewording=RewordingOptions(min_sentences=4))
"""The rewording path on, as measured (``reuse`` leaves it off by default)."""

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
SAME_TOPIC = FIXTURES / "same_topic"
REWORDING = FIXTURES / "rewording"
TARGET_RECALL = 0.8


@dataclass(frozen=True, slots=True)
class Figures:
    """What the fixture run measured."""

    rewrites: int
    found: int
    word_recall: float
    mean_score: float
    control_pairs: int
    false_passages: int

    @property
    def recall(self) -> float:
        """Share of the rewrites with an approximate passage against their source."""
        return self.found / self.rewrites if self.rewrites else 0.0


def _text(path: Path) -> NormalizedText:
    return normalize(path.read_text(encoding="utf-8"))


def measure(out: list[str]) -> Figures:
    """Run the fixtures; lines about misses and false passages go to ``out``."""
    topics: dict[str, list[Path]] = {}
    for path in sorted(SAME_TOPIC.glob("*.txt")):
        topics.setdefault(path.name.split("_")[0], []).append(path)
    found = words = covered = 0
    scores = []
    controls = false = 0
    for rewrite_path in sorted(REWORDING.glob("*_heavy.txt")):
        source_path = SAME_TOPIC / rewrite_path.name.replace("_heavy", "")
        rewrite, source = _text(rewrite_path), _text(source_path)
        passages = [p for p in align(rewrite, source, ON) if p.kind == "approximate"]
        found += bool(passages)
        words += rewrite.word_count
        covered += int(covered_words(rewrite, [p.left for p in passages]).sum())
        scores.append(pair_score(rewrite, source, passages))
        if not passages:
            out.append(f"missed: {rewrite_path.name} against {source_path.name}")
        for other in topics[source_path.name.split("_")[0]]:
            if other != source_path:
                controls += 1
                wrong = align(rewrite, _text(other), ON)
                false += len(wrong)
                out.extend(f"false passage: {rewrite_path.name} against {other.name}" for _ in wrong)
    for paths in topics.values():
        for a, b in permutations(paths, 2):
            controls += 1
            wrong = align(_text(a), _text(b), ON)
            false += len(wrong)
            out.extend(f"false passage: {a.name} against {b.name}" for _ in wrong)
    rewrites = len(scores)
    return Figures(
        rewrites=rewrites,
        found=found,
        word_recall=round(covered / words, 4) if words else 0.0,
        mean_score=round(sum(scores) / rewrites, 4) if rewrites else 0.0,
        control_pairs=controls,
        false_passages=false,
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures; 1 when recall is under the target or a false passage was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    notes: list[str] = []
    figures = measure(notes)
    for line in notes:
        print(line)
    print(
        f"heavy rewording: {figures.found}/{figures.rewrites} pairs found (recall {figures.recall:.2f}), "
        f"word recall {figures.word_recall:.2f}, mean pair score {figures.mean_score:.2f}"
    )
    print(f"same-topic controls: {figures.control_pairs} pairs, {figures.false_passages} false passages")
    if args.json:
        args.json.write_text(json.dumps({**asdict(figures), "recall": figures.recall}, indent=2) + "\n")
    return 0 if figures.recall >= TARGET_RECALL and figures.false_passages == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
