#!/usr/bin/env python3
"""Per-stage costs of one all-vs-all check, for the cost model in ``docs/scaling.md``.

Runs :func:`reuse.pipeline.check` in this process on the first N texts of a corpus (as
``benchmarks/cohort.py`` picks them) with ``--jobs`` workers, and prints the wall time of each stage
(extraction; preparation: templates, quotations, references, normalise, fingerprint; candidates;
alignment of candidate pairs), the counts each is paid per (texts, windows, candidate pairs, aligned
pairs), and per-unit costs: milliseconds per text, per window and per candidate pair. With ``--jobs 1``
the times are one core's work (the unit costs of the cost model).

Usage::

    python benchmarks/stages.py CORPUS_DIR [--n 1000] [--jobs 1] [--cluster ADDRESS] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cohort import list_texts, select_texts, stage

from reuse.pipeline import check
from reuse.settings import Settings

STAGES = ("extract", "prepare", "candidates", "align")


def measure(folder: Path, *, jobs: int, cluster: str | None) -> dict[str, Any]:
    """Runs the check and returns each stage's seconds (from the progress callback) and the counts."""
    marks: dict[str, float] = {}
    cpu_marks: dict[str, float] = {}
    totals: dict[str, int] = {}
    started, cpu_started = time.perf_counter(), time.process_time()

    def progress(name: str, done: int, total: int) -> None:
        marks[name] = time.perf_counter()  # the last call of a stage is when it ended
        cpu_marks[name] = time.process_time()
        totals[name] = total

    result = check([folder], settings=Settings(jobs=jobs, cluster=cluster), progress=progress, jobs=jobs)
    ended, cpu_ended = time.perf_counter(), time.process_time()
    order = [s for s in ("extract", "prepare", "index", "candidates", "align") if s in marks]
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    previous, cpu_previous = started, cpu_started
    for name in order:
        seconds[name], cpu[name] = marks[name] - previous, cpu_marks[name] - cpu_previous
        previous, cpu_previous = marks[name], cpu_marks[name]
    seconds["prepare"] = seconds.get("prepare", 0.0) + seconds.pop("index", 0.0)
    cpu["prepare"] = cpu.get("prepare", 0.0) + cpu.pop("index", 0.0)
    seconds["score"], cpu["score"] = ended - previous, cpu_ended - cpu_previous
    windows = sum(max(1, -(-max(1, n - 1) // 20) - 1) for n in result.words.values())  # 40-word windows
    return {"texts": len(result.words), "windows": windows, "aligned": len(result.pairs),
            "candidates": totals.get("align", 0), "seconds": seconds, "cpu": cpu,
            "total": ended - started}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cluster", default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    texts = list_texts(args.corpus)[: args.n]
    with tempfile.TemporaryDirectory(prefix="reuse-stages-") as tmp:
        folder = stage(args.corpus, select_texts(texts, args.n), Path(tmp) / "texts")
        os.environ["REUSE_CACHE_DIR"] = "off"
        figures = measure(folder, jobs=args.jobs, cluster=args.cluster)
        shutil.rmtree(folder)
    sec = figures["seconds"]
    where = f"cluster {args.cluster}" if args.cluster else f"jobs {args.jobs}"
    print(f"{figures['texts']} texts, ~{figures['windows']} windows, {figures['candidates']} candidate "
          f"pairs, {figures['aligned']} aligned pairs; {where}; load {os.getloadavg()[0]:.1f}")
    print("  stage        wall s   cpu s (this process)  cpu ms/text")
    for name, value in sec.items():
        used = figures["cpu"][name]
        per_text = 1000 * used / max(1, figures["texts"])
        print(f"  {name:<11} {value:7.2f}  {used:7.2f}               {per_text:7.2f}")
    print(f"  {'total':<11} {figures['total']:8.2f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
