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

Then the same through ``reuse check`` (``reuse.pipeline.check``, defaults, so the pairs must first
be proposed by a candidate source): the rewrites as submissions against ``same_topic/`` as
``--sources``, and all 44 texts as one class folder (every pair of submissions); a pair is *found*
when a rewrite is paired with its source, and every passage of any other pair is false.

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
from reuse.pipeline import check  # noqa: E402
from reuse.settings import AlignOptions, Settings  # noqa: E402
from reuse.text.normalize import NormalizedText, normalize  # noqa: E402

ON = AlignOptions()
"""The library defaults (the rewording path is on for texts of at most ``rewording.max_words`` words)."""

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


@dataclass(frozen=True, slots=True)
class CheckFigures:
    """What one ``check`` run over the fixtures found."""

    run: str
    found: int
    rewrites: int
    false_passages: int


def measure_check(out: list[str]) -> list[CheckFigures]:
    """The fixtures through ``check`` (see the module's docstring); false passages go to ``out``."""
    rewrites = sorted(REWORDING.glob("*_heavy.txt"))
    sources = {r.name: r.name.replace("_heavy", "") for r in rewrites}
    runs = {
        "rewrites against --sources same_topic/": ([*rewrites], [SAME_TOPIC]),
        "one class folder (all 44 texts)": ([SAME_TOPIC, *rewrites], []),
    }
    figures = []
    for name, (submissions, source_paths) in runs.items():
        result = check(submissions, sources=source_paths, settings=Settings(jobs=1))
        found = false = 0
        for pair in result.pairs:
            left, right = Path(pair.left).name, Path(pair.right).name
            if sources.get(left) == right or sources.get(right) == left:
                found += 1
            else:
                false += len(pair.passages)
                out.append(f"false passage ({name}): {left} against {right}")
        figures.append(CheckFigures(name, found, len(rewrites), false))
    return figures


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
    check_notes: list[str] = []
    checked = measure_check(check_notes)
    for line in check_notes:
        print(line)
    for run in checked:
        print(f"reuse check, {run.run}: {run.found}/{run.rewrites} rewrites found "
              f"(recall {run.found / run.rewrites:.2f}), {run.false_passages} false passages")
    if args.json:
        args.json.write_text(json.dumps({**asdict(figures), "recall": figures.recall,
                                         "check": [asdict(run) for run in checked]}, indent=2) + "\n")
    good = all(run.found >= TARGET_RECALL * run.rewrites and run.false_passages == 0 for run in checked)
    return 0 if figures.recall >= TARGET_RECALL and figures.false_passages == 0 and good else 1


if __name__ == "__main__":
    raise SystemExit(main())
