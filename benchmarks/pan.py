#!/usr/bin/env python3
"""PAN 2013 text-alignment benchmark for the ``reuse`` aligner.

Runs ``reuse.align.align`` on every (suspicious, source) pair of a PAN 2013 text-alignment
corpus, writes one ``detected-plagiarism`` XML file per pair, then prints the PAN measures per
sub-corpus and overall, the false-positive rates on the negative pairs and the wall time.

Usage::

    python benchmarks/pan.py CORPUS_DIR --out DIR [--subcorpus 02 03 ...] [--jobs N]
        [--limit N] [--repeat K] [--json FILE] [--folds K]

With ``--folds K`` the figures are also reported for each of K disjoint folds of the pairs,
split by suspicious document (see :func:`fold_of`); the alignment and the detection files are
the same as without it.

See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.evaluation import (  # noqa: E402
    Case,
    Detection,
    RecallLoss,
    Scores,
    evaluate,
    longest_shared_run,
    outside_cases,
    read_cases,
    recall_loss,
    write_detections,
)
from reuse.settings import AlignOptions  # noqa: E402
from reuse.text.normalize import normalize  # noqa: E402

MAX_BATCH = 32
"""Most pairs sent to a worker at once (pairs of one suspicious document stay together)."""

SHARED_RUN_WORDS = 12
"""A detection outside every case whose two sides have this many words in a row in common is
counted as text both documents hold that the truth does not mark (see :func:`unmarked`)."""

NEGATIVE_SUBCORPUS = "01"
SUMMARY_SUBCORPUS = "05"


@dataclass(frozen=True, slots=True)
class Pair:
    """One corpus pair; ``subcorpus`` is the two-digit prefix of the folder listing it."""

    susp: str
    src: str
    subcorpus: str

    @property
    def stem(self) -> str:
        """``<susp-stem>-<src-stem>``, the name of the pair's XML files."""
        return f"{Path(self.susp).stem}-{Path(self.src).stem}"


@dataclass(frozen=True, slots=True)
class Aligner:
    """The system under test, as two picklable (module-level) functions.

    Attributes:
        prepare: Turns a document text into what ``align`` takes (cached per worker).
        align: ``(prepared_susp, prepared_src)`` to ``(susp_start, susp_end, src_start,
            src_end)`` detections, offsets into the original texts.
    """

    prepare: Callable[[str], Any]
    align: Callable[[Any, Any], Iterable[Detection]]


@dataclass(frozen=True, slots=True)
class PairOutcome:
    """What aligning one pair produced; ``error`` is empty on success."""

    pair: Pair
    detections: int
    error: str = ""


@dataclass(frozen=True, slots=True)
class GroupReport:
    """Figures for one group of pairs (a sub-corpus or all of them)."""

    name: str
    pairs: int
    flagged_pairs: int
    scores: Scores


@dataclass(frozen=True, slots=True)
class FalsePositives:
    """Negative pairs (no truth case) and how many of them got a detection."""

    name: str
    pairs: int
    flagged: int

    @property
    def share(self) -> float:
        """Share of the negative pairs with a detection (0 when there is none)."""
        return self.flagged / self.pairs if self.pairs else 0.0


def reuse_prepare(text: str) -> Any:
    """Normalises a document with the project's normaliser, with its word features (computed once per
    document, as ``reuse check`` does in its preparation stage, not again for each pair it is in)."""
    from reuse.align.features import word_features
    from reuse.text.normalize import normalize

    normalized = normalize(text)
    return normalized, word_features(normalized)


def reuse_align(left: Any, right: Any) -> list[Detection]:
    """Aligns two documents prepared by :func:`reuse_prepare` (left: the suspicious one)."""
    from reuse.align import align

    (left_text, left_features), (right_text, right_features) = left, right
    return [(p.left.start, p.left.end, p.right.start, p.right.end)
            for p in align(left_text, right_text, known=(left_features, right_features))]


REUSE_ALIGNER = Aligner(prepare=reuse_prepare, align=reuse_align)


# --- corpus -------------------------------------------------------------------------------


def discover_subcorpora(corpus: Path) -> dict[str, Path]:
    """Maps each two-digit prefix (``"02"``) to its ``NN-*`` folder that has a ``pairs`` file."""
    folders = sorted(p for p in corpus.glob("[0-9][0-9]-*") if (p / "pairs").is_file())
    return {folder.name[:2]: folder for folder in folders}


def read_pairs_file(path: Path) -> list[tuple[str, str]]:
    """The ``susp src`` lines of a PAN ``pairs`` file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(fields[0], fields[1]) for fields in (line.split() for line in lines) if len(fields) >= 2]


def load_pairs(
    corpus: Path, subcorpora: dict[str, Path], selected: Sequence[str] | None, limit: int | None
) -> list[Pair]:
    """The pairs to run, each labelled with its sub-corpus.

    Without ``selected`` the pairs come from ``corpus/pairs``; with it, from each selected
    ``NN-*/pairs`` file in turn. ``limit`` keeps the first pairs of each sub-corpus.

    Raises:
        SystemExit: if a selected sub-corpus does not exist.
    """
    membership: dict[tuple[str, str], str] = {}
    for name, folder in subcorpora.items():
        for key in read_pairs_file(folder / "pairs"):
            membership.setdefault(key, name)
    if selected:
        unknown = [name for name in selected if name not in subcorpora]
        if unknown:
            raise SystemExit(f"unknown sub-corpus {', '.join(unknown)}; have {', '.join(subcorpora)}")
        keys = [key for name in selected for key in read_pairs_file(subcorpora[name] / "pairs")]
    else:
        keys = read_pairs_file(corpus / "pairs")
    pairs = [Pair(susp, src, membership.get((susp, src), "")) for susp, src in keys]
    return _first_per_subcorpus(pairs, limit) if limit is not None else pairs


def _first_per_subcorpus(pairs: Sequence[Pair], limit: int) -> list[Pair]:
    """The first ``limit`` pairs of each sub-corpus, order kept."""
    taken: dict[str, int] = {}
    kept = []
    for pair in pairs:
        if taken.get(pair.subcorpus, 0) < limit:
            taken[pair.subcorpus] = taken.get(pair.subcorpus, 0) + 1
            kept.append(pair)
    return kept


def fold_of(susp: str, folds: int) -> int:
    """The fold (``0`` to ``folds - 1``) of every pair whose suspicious document is ``susp``.

    The fixed split: the first byte of the SHA-256 digest of the suspicious document's file
    name (UTF-8, e.g. ``suspicious-document00001.txt``) modulo ``folds``; for two folds, the
    parity of that byte. It depends on the name alone, so one suspicious document is never in
    two folds and the split does not change with the pairs selected.
    """
    return hashlib.sha256(susp.encode("utf-8")).digest()[0] % folds


def split_folds(pairs: Sequence[Pair], folds: int) -> list[list[Pair]]:
    """The pairs of each fold (see :func:`fold_of`), order kept."""
    split: list[list[Pair]] = [[] for _ in range(folds)]
    for pair in pairs:
        split[fold_of(pair.susp, folds)].append(pair)
    return split


def read_text(path: str) -> str:
    """A corpus text, offsets in raw code points (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


# --- alignment ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _prepared(path: str, prepare: Callable[[str], Any]) -> Any:
    """A document prepared once per worker process."""
    return prepare(read_text(path))


def align_pair(corpus: Path, out: Path, aligner: Aligner, pair: Pair) -> PairOutcome:
    """Aligns one pair and writes its detection file (an empty one if the aligner fails)."""
    target = out / f"{pair.stem}.xml"
    try:
        left = _prepared(str(corpus / "susp" / pair.susp), aligner.prepare)
        right = _prepared(str(corpus / "src" / pair.src), aligner.prepare)
        detections = list(aligner.align(left, right))
        write_detections(target, pair.susp, pair.src, detections)
    except Exception as exc:  # one failing pair is reported, the run goes on
        write_detections(target, pair.susp, pair.src, [])
        return PairOutcome(pair, 0, f"{type(exc).__name__}: {exc}")
    return PairOutcome(pair, len(detections))


def align_batch(corpus: Path, out: Path, aligner: Aligner, batch: Sequence[Pair]) -> list[PairOutcome]:
    """Aligns a batch of pairs in one worker call."""
    return [align_pair(corpus, out, aligner, pair) for pair in batch]


def make_batches(pairs: Sequence[Pair], size: int) -> list[list[Pair]]:
    """Packs the pairs into batches of about ``size``, keeping each suspicious document's
    pairs together so that its normalisation is cached in one worker."""
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(pair.susp, []).append(pair)
    batches: list[list[Pair]] = [[]]
    for group in groups.values():
        if batches[-1] and len(batches[-1]) + len(group) > size:
            batches.append([])
        batches[-1].extend(group)
    return [batch for batch in batches if batch]


def run_alignment(
    corpus: Path, out: Path, pairs: Sequence[Pair], aligner: Aligner, jobs: int
) -> tuple[list[PairOutcome], float]:
    """Aligns every pair (in ``jobs`` processes) and returns the outcomes and the wall time."""
    started = time.perf_counter()
    if jobs <= 1:
        _prepared.cache_clear()
        outcomes = align_batch(corpus, out, aligner, pairs)
        return outcomes, time.perf_counter() - started
    size = max(1, min(MAX_BATCH, math.ceil(len(pairs) / (jobs * 8))))
    work = functools.partial(align_batch, corpus, out, aligner)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        outcomes = [outcome for batch in pool.map(work, make_batches(pairs, size)) for outcome in batch]
    return outcomes, time.perf_counter() - started


# --- evaluation ---------------------------------------------------------------------------


def read_truth(subcorpora: dict[str, Path], pairs: Iterable[Pair]) -> dict[Pair, list[Case]]:
    """The truth cases of each pair, from ``NN-*/<stem>.xml`` (none if the file is missing)."""
    truth = {}
    for pair in pairs:
        folder = subcorpora.get(pair.subcorpus)
        path = folder / f"{pair.stem}.xml" if folder else None
        truth[pair] = read_cases(path) if path and path.is_file() else []
    return truth


def read_detections(out: Path, pairs: Iterable[Pair]) -> dict[Pair, list[Case]]:
    """The detections written for each pair."""
    return {pair: read_cases(out / f"{pair.stem}.xml", tag="detected-plagiarism") for pair in pairs}


def group_report(
    name: str, pairs: Sequence[Pair], truth: dict[Pair, list[Case]], found: dict[Pair, list[Case]]
) -> GroupReport:
    """PAN figures over the cases and detections of ``pairs``."""
    cases = [case for pair in pairs for case in truth[pair]]
    detections = [detection for pair in pairs for detection in found[pair]]
    flagged = sum(1 for pair in pairs if found[pair])
    return GroupReport(name, len(pairs), flagged, evaluate(cases, detections))


def false_positives(
    name: str, pairs: Iterable[Pair], truth: dict[Pair, list[Case]], found: dict[Pair, list[Case]]
) -> FalsePositives:
    """Share of the pairs without truth case that got at least one detection."""
    negatives = [pair for pair in pairs if not truth[pair]]
    return FalsePositives(name, len(negatives), sum(1 for pair in negatives if found[pair]))


def build_reports(
    subcorpora: dict[str, Path], pairs: Sequence[Pair], out: Path, corpus: Path | None = None
) -> tuple[list[GroupReport], list[FalsePositives], list[Unmarked], list[tuple[str, RecallLoss]]]:
    """Per-sub-corpus and overall figures, the false-positive rates on 01 and 05, (given the
    ``corpus`` folder to read texts from) the detections outside every case, and where each
    sub-corpus with cases loses recall."""
    truth, found = read_truth(subcorpora, pairs), read_detections(out, pairs)
    names = list(dict.fromkeys(pair.subcorpus for pair in pairs))
    members = {name: [pair for pair in pairs if pair.subcorpus == name] for name in names}
    labels = {name: subcorpora[name].name if name in subcorpora else "(unlisted)" for name in names}
    groups = [group_report(labels[name], members[name], truth, found) for name in sorted(names)]
    groups.append(group_report("all", pairs, truth, found))
    rates = [
        false_positives(labels[name], members[name], truth, found)
        for name in (NEGATIVE_SUBCORPUS, SUMMARY_SUBCORPUS)
        if name in members
    ]
    outside = (
        [unmarked(corpus, labels[name], members[name], truth, found) for name in sorted(names)]
        if corpus is not None
        else []
    )
    losses = [
        (
            labels[name],
            recall_loss(
                [c for pair in members[name] for c in truth[pair]],
                [d for pair in members[name] for d in found[pair]],
            ),
        )
        for name in sorted(names)
    ]
    return groups, rates, [u for u in outside if u.outside], [(n, loss) for n, loss in losses if loss.cases]


@dataclass(frozen=True, slots=True)
class Unmarked:
    """Detections of a sub-corpus with cases that touch no case, and how many of them hold a
    verbatim run of ``SHARED_RUN_WORDS`` words: text the two documents share."""

    name: str
    outside: int
    shared: int


def unmarked(
    corpus: Path,
    name: str,
    pairs: Iterable[Pair],
    truth: dict[Pair, list[Case]],
    found: dict[Pair, list[Case]],
) -> Unmarked:
    """The :class:`Unmarked` figures of ``pairs`` (reads the texts of the outside detections)."""
    outside = shared = 0
    for pair in pairs:
        if not truth[pair]:
            continue
        detections = outside_cases(truth[pair], found[pair])
        if not detections:
            continue
        susp, src = read_text(str(corpus / "susp" / pair.susp)), read_text(str(corpus / "src" / pair.src))
        for d in detections:
            outside += 1
            run = longest_shared_run(susp[d.susp_start : d.susp_end], src[d.src_start : d.src_end])
            shared += run >= SHARED_RUN_WORDS
    return Unmarked(name, outside, shared)


def short_cases(corpus: Path, cases: Iterable[Case], min_words: int) -> int:
    """How many ``cases`` have a side (the suspicious or the source passage) of fewer than
    ``min_words`` normalised words. The aligner reports no approximate passage with a side that
    short, so such a case is found only by a verbatim run (``exact.min_words``) or a passage that
    runs past it: a share of the recall that the other settings cannot win back."""
    return sum(
        min(_span_words(str(corpus / "susp" / c.susp), c.susp_start, c.susp_end),
            _span_words(str(corpus / "src" / c.src), c.src_start, c.src_end)) < min_words
        for c in cases
    )


@functools.cache
def _span_words(path: str, start: int, end: int) -> int:
    """Normalised words of characters ``[start, end)`` of a corpus text (each case is counted once
    a run, though the whole corpus and each fold report it)."""
    return normalize(_corpus_text(path)[start:end]).word_count


@functools.lru_cache(maxsize=64)
def _corpus_text(path: str) -> str:
    return read_text(path)


def format_short_cases(
    corpus: Path, subcorpora: dict[str, Path], pairs: Sequence[Pair], min_words: int
) -> str:
    """One line per sub-corpus with cases under ``min_words`` words on a side (:func:`short_cases`):
    how many, and the recall they hold."""
    truth = read_truth(subcorpora, pairs)
    lines = []
    for name in sorted({pair.subcorpus for pair in pairs}):
        cases = [c for pair in pairs if pair.subcorpus == name for c in truth[pair]]
        short = short_cases(corpus, cases, min_words)
        if short:
            label = subcorpora[name].name if name in subcorpora else "(unlisted)"
            lines.append(
                f"cases under min_words, {label}: {short}/{len(cases)} have a side of fewer than "
                f"{min_words} words, {short / len(cases):.4f} of the recall (found only as a verbatim run "
                f"or inside a longer passage)"
            )
    return "\n".join(lines)


# --- output -------------------------------------------------------------------------------


def format_table(groups: Sequence[GroupReport]) -> str:
    """A fixed-width table of the PAN figures; measures are ``-`` for groups without cases."""
    header = (
        f"{'sub-corpus':<28} {'pairs':>6} {'cases':>6} {'dets':>6} {'flagged':>7} "
        f"{'precision':>9} {'recall':>7} {'granul.':>7} {'plagdet':>7}"
    )
    lines = [header, "-" * len(header)]
    for group in groups:
        s = group.scores
        measures = (
            f"{s.precision:>9.4f} {s.recall:>7.4f} {s.granularity:>7.4f} {s.plagdet:>7.4f}"
            if s.cases
            else f"{'-':>9} {'-':>7} {'-':>7} {'-':>7}"
        )
        lines.append(
            f"{group.name:<28} {group.pairs:>6} {s.cases:>6} {s.detections:>6} "
            f"{group.flagged_pairs:>7} {measures}"
        )
    return "\n".join(lines)


def format_false_positives(rates: Sequence[FalsePositives]) -> str:
    """One line per negative group: pairs without truth case that got a detection."""
    return "\n".join(
        f"false positives, {rate.name} pairs without case: "
        f"{rate.flagged}/{rate.pairs} flagged ({rate.share:.1%})"
        for rate in rates
    )


def format_unmarked(figures: Sequence[Unmarked]) -> str:
    """One line per sub-corpus: detections outside every case, and those that are shared text."""
    return "\n".join(
        f"detections outside every case, {u.name}: {u.outside}, of which {u.shared} share a run of "
        f"{SHARED_RUN_WORDS}+ identical words"
        for u in figures
    )


def format_recall_losses(losses: Sequence[tuple[str, RecallLoss]]) -> str:
    """One line per sub-corpus with cases: the recall lost in cases without any detection and
    the recall lost at the ends of (or in gaps inside) detected cases, on each side."""
    return "\n".join(
        f"recall lost, {name}: {loss.undetected:.4f} in {loss.undetected_cases}/{loss.cases} cases "
        f"without detection, {loss.cut_susp:.4f} (suspicious side) + {loss.cut_src:.4f} (source side) "
        f"outside the detections of detected cases"
        for name, loss in losses
    )


def format_timing(align_times: Sequence[float], total: float, pairs: int, jobs: int) -> str:
    """Alignment wall time (median of the repeats) and total wall time."""
    median = statistics.median(align_times)
    runs = ", ".join(f"{t:.2f}" for t in align_times)
    rate = pairs / median if median > 0 else float("inf")
    return (
        f"alignment wall time: {median:.2f} s median of {len(align_times)} run(s) [{runs}] "
        f"with {jobs} job(s), {rate:.1f} pairs/s\n"
        f"total wall time: {total:.2f} s"
    )


def format_fold_heading(fold: int, folds: int, pairs: Sequence[Pair]) -> str:
    """The line above one fold's figures."""
    documents = len({pair.susp for pair in pairs})
    return (
        f"fold {fold + 1} of {folds} (sha256(suspicious file name)[0] % {folds} == {fold}): "
        f"{len(pairs)} pairs, {documents} suspicious documents"
    )


def figures_json(
    args: argparse.Namespace,
    groups: Sequence[GroupReport],
    rates: Sequence[FalsePositives],
    outside: Sequence[Unmarked],
    losses: Sequence[tuple[str, RecallLoss]],
    align_times: Sequence[float],
    total: float,
    errors: int,
    folds: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The printed figures as a JSON-ready dict (``folds`` only when ``--folds`` was given)."""
    figures = {
        "corpus": str(args.corpus),
        "subcorpora": args.subcorpus or "all",
        "limit": args.limit,
        "jobs": args.jobs,
        "groups": [_group_json(group) for group in groups],
        "false_positives": [{**asdict(rate), "share": rate.share} for rate in rates],
        "outside_cases": [asdict(u) for u in outside],
        "recall_lost": [{"name": name, **asdict(loss)} for name, loss in losses],
        "align_seconds": list(align_times),
        "align_seconds_median": statistics.median(align_times),
        "total_seconds": total,
        "errors": errors,
    }
    if folds:
        figures["folds"] = list(folds)
    return figures


def fold_json(
    fold: int,
    pairs: Sequence[Pair],
    groups: Sequence[GroupReport],
    rates: Sequence[FalsePositives],
    outside: Sequence[Unmarked],
    losses: Sequence[tuple[str, RecallLoss]] = (),
) -> dict[str, Any]:
    """One fold's figures as a JSON-ready dict."""
    return {
        "fold": fold + 1,
        "pairs": len(pairs),
        "suspicious_documents": len({pair.susp for pair in pairs}),
        "groups": [_group_json(group) for group in groups],
        "false_positives": [{**asdict(rate), "share": rate.share} for rate in rates],
        "outside_cases": [asdict(u) for u in outside],
        "recall_lost": [{"name": name, **asdict(loss)} for name, loss in losses],
    }


def _group_json(group: GroupReport) -> dict[str, Any]:
    """One group's figures; the measures are null when the group has no truth case."""
    scores = asdict(group.scores)
    if not group.scores.cases:
        scores.update(precision=None, recall=None, granularity=None, plagdet=None)
    return {"name": group.name, "pairs": group.pairs, "flagged_pairs": group.flagged_pairs, **scores}


def report_errors(outcomes: Sequence[PairOutcome], shown: int = 5) -> int:
    """Prints the first failing pairs to stderr and returns the number of failures."""
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in failed[:shown]:
        print(f"error on {outcome.pair.susp} {outcome.pair.src}: {outcome.error}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} pair(s) failed; their detection files are empty", file=sys.stderr)
    return len(failed)


# --- command line -------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description="PAN 2013 text-alignment benchmark for reuse.")
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR", help="PAN 2013 text-alignment corpus")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where detection XMLs go")
    parser.add_argument("--subcorpus", nargs="+", metavar="NN", help="sub-corpora to run, e.g. 02 03")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--limit", type=int, metavar="N", help="first N pairs of each sub-corpus")
    parser.add_argument("--repeat", type=int, default=1, metavar="K", help="alignment runs (median time)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--folds", type=int, metavar="K", help="also report K folds by suspicious document")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.jobs < 1 or (args.limit is not None and args.limit < 0):
        parser.error("--repeat and --jobs must be >= 1, --limit >= 0")
    if args.folds is not None and args.folds < 2:
        parser.error("--folds must be >= 2")
    return args


def print_folds(
    args: argparse.Namespace, subcorpora: dict[str, Path], pairs: Sequence[Pair]
) -> list[dict[str, Any]]:
    """Prints every figure for each fold of ``pairs`` and returns them as JSON-ready dicts."""
    figures = []
    for fold, members in enumerate(split_folds(pairs, args.folds)):
        groups, rates, outside, losses = build_reports(subcorpora, members, args.out, args.corpus)
        print()
        print(format_fold_heading(fold, args.folds, members))
        print_figures(groups, rates, outside, losses)
        print_short_cases(args.corpus, subcorpora, members)
        figures.append(fold_json(fold, members, groups, rates, outside, losses))
    print()
    return figures


def print_figures(groups: Sequence[GroupReport], rates: Sequence[FalsePositives],
                  outside: Sequence[Unmarked], losses: Sequence[tuple[str, RecallLoss]]) -> None:
    """Prints the table of ``groups``, then the false-positive ``rates``, the ``outside`` counts and the
    recall ``losses`` when there are any."""
    print(format_table(groups))
    if rates:
        print()
        print(format_false_positives(rates))
    if outside:
        print(format_unmarked(outside))
    if losses:
        print(format_recall_losses(losses))


def print_short_cases(corpus: Path, subcorpora: dict[str, Path], pairs: Sequence[Pair]) -> None:
    """Prints :func:`format_short_cases` for the library's default ``min_words``, when there are any."""
    text = format_short_cases(corpus, subcorpora, pairs, AlignOptions().min_words)
    if text:
        print(text)


def main(argv: Sequence[str] | None = None, aligner: Aligner = REUSE_ALIGNER) -> int:
    """Runs the benchmark; returns 1 if some pair failed, else 0."""
    started = time.perf_counter()
    args = parse_args(argv)
    subcorpora = discover_subcorpora(args.corpus)
    pairs = load_pairs(args.corpus, subcorpora, args.subcorpus, args.limit)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"aligning {len(pairs)} pairs with {args.jobs} job(s)...", file=sys.stderr)
    align_times = []
    for _ in range(args.repeat):
        outcomes, seconds = run_alignment(args.corpus, args.out, pairs, aligner, args.jobs)
        align_times.append(seconds)
    errors = report_errors(outcomes)
    groups, rates, outside, losses = build_reports(subcorpora, pairs, args.out, args.corpus)
    total = time.perf_counter() - started
    print_figures(groups, rates, outside, losses)
    print_short_cases(args.corpus, subcorpora, pairs)
    folds = print_folds(args, subcorpora, pairs) if args.folds else []
    print(format_timing(align_times, total, len(pairs), args.jobs))
    if args.json:
        figures = figures_json(args, groups, rates, outside, losses, align_times, total, errors, folds)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
