#!/usr/bin/env python3
"""End-to-end PAN 2013 benchmark: find the sources in a whole corpus, then align.

Indexes every ``src/*.txt`` of a PAN 2013 text-alignment corpus with reuse's own window index
(memory by default, one SQLite file with ``--index-file``), queries it with every
``susp/*.txt``, aligns each suspicious document with the candidates returned and writes one PAN
``detected-plagiarism`` XML per (susp, src) pair with a detection. Then it prints:

- candidate retrieval: recall of the relevant sources per sub-corpus (a source is relevant to a
  suspicious document when a truth XML has a ``plagiarism`` case between them), mean candidates
  per suspicious document, false-alarm share on the suspicious documents with no source;
- PAN measures of the detections against the truth of every pair in the corpus (a detection on a
  pair that the corpus does not list, or lists without a case, is a false positive), per
  sub-corpus and overall;
- index build, query and alignment time and the peak resident memory.

Usage::

    python benchmarks/pan_corpus.py CORPUS_DIR --out DIR [--jobs N] [--index-file PATH]
        [--limit N] [--json FILE] [--no-align]

``--no-align`` measures candidate retrieval only (no alignment, no PAN measures).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.evaluation import Case, evaluate, read_cases, write_detections  # noqa: E402
from reuse.align import align  # noqa: E402
from reuse.index import IndexParams, MemoryStore, WindowIndex, add_documents, open_index  # noqa: E402
from reuse.model import Document, Span  # noqa: E402
from reuse.settings import FingerprintOptions  # noqa: E402
from reuse.text.normalize import NormalizedText, normalize  # noqa: E402

CHUNK = 12
"""Suspicious documents per worker task."""

SUBCORPORA = ("02", "03", "04", "05")


@dataclass(frozen=True, slots=True)
class Truth:
    """The corpus truth: cases, listed pairs and their sub-corpus, relevant sources."""

    cases: list[Case]
    pair_subcorpus: dict[tuple[str, str], str]
    relevant: dict[str, dict[str, str]]  # susp -> {src: sub-corpus}


@dataclass(slots=True)
class QueryOutcome:
    """What one suspicious document produced in a worker."""

    susp: str
    candidates: list[str]
    detections: list[Case]
    query_seconds: float
    align_seconds: float
    error: str = ""
    aligned_pairs: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def read_text(path: Path) -> str:
    """A corpus text, offsets in raw code points (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def read_truth(corpus: Path) -> Truth:
    """Every truth case of the corpus and the sub-corpus of every listed pair."""
    cases: list[Case] = []
    pair_subcorpus: dict[tuple[str, str], str] = {}
    relevant: dict[str, dict[str, str]] = {}
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir() and p.name[:2].isdigit()):
        name = folder.name[:2]
        pairs_file = folder / "pairs"
        if pairs_file.is_file():
            for line in pairs_file.read_text(encoding="utf-8").splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    pair_subcorpus[(parts[0], parts[1])] = name
        for xml in sorted(folder.glob("*.xml")):
            for case in read_cases(xml):
                cases.append(case)
                relevant.setdefault(case.susp, {})[case.src] = name
    return Truth(cases, pair_subcorpus, relevant)


def _document(path: Path, kind: str) -> tuple[Document, NormalizedText]:
    text = read_text(path)
    doc = Document(path.name, str(path), kind, text, (Span(0, len(text)),), "0" * 64)  # type: ignore[arg-type]
    return doc, normalize(text)


def build(corpus: Path, params: IndexParams, index_file: Path | None) -> WindowIndex:
    """The index of every source document (memory, or a fresh SQLite file)."""
    sources = sorted((corpus / "src").glob("*.txt"))
    if index_file is None:
        memory = MemoryStore()
        index = WindowIndex(params, memory)
    else:
        if index_file.exists():
            index_file.unlink()
        index = open_index(index_file, params=params, create=True)
    add_documents(index, (_document(path, "source") for path in sources))
    if index_file is not None:
        index.store.close()
        index = open_index(index_file, params=params)
    else:
        memory.prepare()  # sort the band keys now
    return index


# --- workers ------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(index: WindowIndex | None, index_file: str | None, params: IndexParams,
                 corpus: str, out: str, align_pairs: bool = True) -> None:
    """Per-process state: the index (inherited by fork, or reopened from its file)."""
    _STATE["align"] = align_pairs
    _STATE["index"] = index if index is not None else open_index(Path(index_file or ""), params=params)
    _STATE["corpus"] = Path(corpus)
    _STATE["out"] = Path(out)
    _source.cache_clear()


@lru_cache(maxsize=4096)
def _source(name: str) -> NormalizedText:
    index: WindowIndex = _STATE["index"]
    doc = index.store.document(name)
    return normalize(doc.text, doc.content)


def process(susp_names: Sequence[str]) -> list[QueryOutcome]:
    """Query and align a chunk of suspicious documents; writes their detection XMLs."""
    index: WindowIndex = _STATE["index"]
    corpus: Path = _STATE["corpus"]
    out: Path = _STATE["out"]
    outcomes = []
    for name in susp_names:
        started = time.perf_counter()
        text = normalize(read_text(corpus / "susp" / name))
        candidates = [c.source_id.removeprefix(index.namespace) for c in index.query(name, text)]
        queried = time.perf_counter()
        detections: list[Case] = []
        error = ""
        try:
            for src in candidates if _STATE.get("align", True) else ():
                found = [
                    (p.left.start, p.left.end, p.right.start, p.right.end) for p in align(text, _source(src))
                ]
                if found:
                    write_detections(out / f"{Path(name).stem}-{Path(src).stem}.xml", name, src, found)
                    detections.extend(Case(name, a, b, src, c, d) for a, b, c, d in found)
        except Exception as exc:  # one failing document is reported, the run goes on
            error = f"{type(exc).__name__}: {exc}"
        outcomes.append(QueryOutcome(name, candidates, detections, queried - started,
                                     time.perf_counter() - queried, error,
                                     len(candidates) if _STATE.get("align", True) else 0))
    return outcomes


def run(
    index: WindowIndex, args: argparse.Namespace, params: IndexParams, names: list[str]
) -> list[QueryOutcome]:
    """Query and align every suspicious document, in ``args.jobs`` processes."""
    chunks = [names[i : i + CHUNK] for i in range(0, len(names), CHUNK)]
    index_file = str(args.index_file) if args.index_file else None
    if args.jobs <= 1:
        _init_worker(index, index_file, params, str(args.corpus), str(args.out), not args.no_align)
        return [o for chunk in chunks for o in process(chunk)]
    inherited = None if index_file else index  # the memory index reaches the workers by fork
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=context, initializer=_init_worker,
                             initargs=(inherited, index_file, params, str(args.corpus), str(args.out),
                                       not args.no_align)) as pool:
        return [o for batch in pool.map(process, chunks) for o in batch]


# --- measures -----------------------------------------------------------------------------


def retrieval_table(truth: Truth, outcomes: Sequence[QueryOutcome]) -> tuple[str, dict[str, Any]]:
    """Recall of relevant sources per sub-corpus, mean candidates, false alarms."""
    found = {o.susp: set(o.candidates) for o in outcomes}
    hits: dict[str, int] = {}
    totals: dict[str, int] = {}
    for susp, sources in truth.relevant.items():
        if susp not in found:
            continue
        for src, sub in sources.items():
            totals[sub] = totals.get(sub, 0) + 1
            hits[sub] = hits.get(sub, 0) + (src in found[susp])
    negatives = [o for o in outcomes if o.susp not in truth.relevant]
    alarms = sum(1 for o in negatives if o.candidates)
    counts = [len(o.candidates) for o in outcomes]
    figures = {
        "recall": {sub: hits.get(sub, 0) / totals[sub] for sub in sorted(totals)},
        "relevant_pairs": totals,
        "mean_candidates": statistics.mean(counts) if counts else 0.0,
        "median_candidates": statistics.median(counts) if counts else 0.0,
        "max_candidates": max(counts, default=0),
        "false_alarm_share": alarms / len(negatives) if negatives else 0.0,
        "suspicious_without_source": len(negatives),
    }
    lines = ["candidate retrieval", f"{'sub-corpus':<12} {'relevant':>8} {'retrieved':>9} {'recall':>7}"]
    for sub in sorted(totals):
        lines.append(f"{sub:<12} {totals[sub]:>8} {hits.get(sub, 0):>9} {figures['recall'][sub]:>7.4f}")
    all_total, all_hits = sum(totals.values()), sum(hits.values())
    lines.append(f"{'all':<12} {all_total:>8} {all_hits:>9} {all_hits / max(all_total, 1):>7.4f}")
    lines.append(
        f"candidates per suspicious document: mean {figures['mean_candidates']:.2f}, median "
        f"{figures['median_candidates']:.0f}, max {figures['max_candidates']}"
    )
    lines.append(
        f"false alarms: {alarms}/{len(negatives)} suspicious documents without a source got a candidate "
        f"({figures['false_alarm_share']:.1%})"
    )
    return "\n".join(lines), figures


def plagdet_table(truth: Truth, outcomes: Sequence[QueryOutcome]) -> tuple[str, dict[str, Any]]:
    """PAN measures against the truth of every pair; unlisted pairs count as false positives."""
    done = {o.susp for o in outcomes}
    cases = [c for c in truth.cases if c.susp in done]
    detections = [d for o in outcomes for d in o.detections]

    def group(name: str) -> list[Case]:
        return [d for d in detections if truth.pair_subcorpus.get(d.pair) == name]

    rows = []
    for sub in ("01", *SUBCORPORA):
        sub_cases = [c for c in cases if truth.pair_subcorpus.get(c.pair) == sub]
        rows.append((sub, sub_cases, group(sub)))
    unlisted = [d for d in detections if d.pair not in truth.pair_subcorpus]
    rows.append(("unlisted", [], unlisted))
    rows.append(("all", cases, detections))
    listed = [d for d in detections if d.pair in truth.pair_subcorpus]
    rows.append(("all, listed pairs only", cases, listed))
    header = (f"{'pairs':<24} {'cases':>6} {'dets':>6} {'flagged':>7} {'precision':>9} {'recall':>7} "
              f"{'granul.':>7} {'plagdet':>7}")
    lines = ["end-to-end detection (PAN measures, truth of every pair)", header, "-" * len(header)]
    figures: dict[str, Any] = {}
    for name, sub_cases, sub_dets in rows:
        scores = evaluate(sub_cases, sub_dets)
        flagged = len({d.pair for d in sub_dets})
        if sub_cases:
            measures = (f"{scores.precision:>9.4f} {scores.recall:>7.4f} {scores.granularity:>7.4f} "
                        f"{scores.plagdet:>7.4f}")
        else:
            measures = f"{'-':>9} {'-':>7} {'-':>7} {'-':>7}"
        lines.append(f"{name:<24} {scores.cases:>6} {scores.detections:>6} {flagged:>7} {measures}")
        figures[name] = {"cases": scores.cases, "detections": scores.detections, "flagged_pairs": flagged,
                         "precision": scores.precision, "recall": scores.recall,
                         "granularity": scores.granularity, "plagdet": scores.plagdet}
    return "\n".join(lines), figures


def peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


# --- command line -------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description="End-to-end PAN 2013 benchmark: index, retrieve, align.")
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR", help="PAN 2013 text-alignment corpus")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where detection XMLs go")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--index-file", type=Path, metavar="PATH",
                        help="build a SQLite index at PATH (replaced if it exists) instead of in memory")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N suspicious documents")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--no-align", action="store_true",
                        help="candidate retrieval only: query the index, skip alignment and the PAN measures")
    for name in ("shingle_words", "window_words", "num_perm", "max_candidates", "stop_postings"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, help="override the default")
    for name in ("threshold", "min_jaccard"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, help="override the default")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark; returns 1 if some document failed, else 0."""
    started = time.perf_counter()
    args = parse_args(argv)
    overrides = {k: getattr(args, k) for k in ("shingle_words", "window_words", "num_perm", "threshold",
                                                "min_jaccard", "max_candidates", "stop_postings")
                 if getattr(args, k) is not None}
    options = FingerprintOptions(**overrides)
    params = IndexParams.from_options(options)
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("*.xml"):
        stale.unlink()
    truth = read_truth(args.corpus)
    names = sorted(p.name for p in (args.corpus / "susp").glob("*.txt"))
    if args.limit is not None:
        names = names[: args.limit]

    print(f"indexing {args.corpus / 'src'} ({'memory' if not args.index_file else args.index_file})...",
          file=sys.stderr)
    t0 = time.perf_counter()
    index = build(args.corpus, params, args.index_file)
    build_seconds = time.perf_counter() - t0
    documents, windows = index.store.counts()

    print(f"querying and aligning {len(names)} suspicious documents with {args.jobs} job(s)...",
          file=sys.stderr)
    t1 = time.perf_counter()
    outcomes = run(index, args, params, names)
    search_seconds = time.perf_counter() - t1
    failed = [o for o in outcomes if o.error]
    for o in failed[:5]:
        print(f"error on {o.susp}: {o.error}", file=sys.stderr)

    retrieval, retrieval_figures = retrieval_table(truth, outcomes)
    detection, detection_figures = ("(alignment skipped: --no-align)", {}) if args.no_align else \
        plagdet_table(truth, outcomes)
    query_cpu = sum(o.query_seconds for o in outcomes)
    align_cpu = sum(o.align_seconds for o in outcomes)
    own, children = peak_memory_mb()
    total = time.perf_counter() - started
    share = search_seconds / max(query_cpu + align_cpu, 1e-9)
    print(f"parameters: shingle_words={params.shingle_words} window_words={params.window_words} "
          f"num_perm={params.num_perm} threshold={params.threshold} "
          f"(bands={params.bands} x rows={params.rows}) "
          f"min_jaccard={params.min_jaccard} max_candidates={params.max_candidates} "
          f"stop_postings={params.stop_postings}")
    print(f"index: {documents} source documents, {windows} windows "
          f"({'memory' if not args.index_file else f'SQLite {args.index_file}'})")
    print()
    print(retrieval)
    print()
    print(detection)
    print()
    print(f"index build:  {build_seconds:7.2f} s "
          f"({windows / max(build_seconds, 1e-9):,.0f} windows/s, 1 process)")
    print(f"query:        {query_cpu * share:7.2f} s wall share ({query_cpu:.2f} s in workers, "
          f"{1000 * query_cpu / max(len(outcomes), 1):.1f} ms per document)")
    print(f"align:        {align_cpu * share:7.2f} s wall share ({align_cpu:.2f} s in workers, "
          f"{sum(o.aligned_pairs for o in outcomes)} pairs)")
    print(f"query+align:  {search_seconds:7.2f} s wall, {args.jobs} job(s)")
    print(f"total:        {total:7.2f} s wall (index + query + align + scoring)")
    print(f"peak memory:  {own:7.1f} MiB main process, {children:.1f} MiB largest worker (ru_maxrss)")
    if args.json:
        figures = {
            "corpus": str(args.corpus), "jobs": args.jobs, "params": {k: getattr(params, k) for k in (
                "shingle_words", "window_words", "num_perm", "threshold", "bands", "rows", "min_jaccard",
                "max_candidates")},
            "documents": documents, "windows": windows, "retrieval": retrieval_figures,
            "detection": detection_figures, "build_seconds": build_seconds, "query_worker_seconds": query_cpu,
            "align_worker_seconds": align_cpu, "query_align_seconds": search_seconds, "total_seconds": total,
            "peak_rss_mib": {"main": own, "largest_child": children}, "errors": len(failed),
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
