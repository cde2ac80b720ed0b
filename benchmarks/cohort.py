#!/usr/bin/env python3
"""Cohort benchmark: ``reuse check`` all-vs-all on the first N texts of a corpus, at several N.

For each N it copies the first N texts of ``CORPUS_DIR`` into a temporary folder and runs
``reuse check FOLDER --json out.json --jobs J --isolated --quiet`` there as a child process,
``--repeat`` times, and prints one row per N: wall time (median of the repeats), CPU time of the
child and its descendants (user + sys, from ``os.wait4``), peak resident memory of the main
process and of its largest worker process (``VmHWM`` from ``/proc``, polled), candidate pairs
(compared word by word) and pairs with a passage from the JSON result (and candidates per text),
wall time per text, and the growth exponent of the wall time from the previous N
(``log(t2/t1) / log(n2/n1)``: 1 is linear, 2 quadratic).

With ``--vs-copydetect`` it also runs copydetect 0.5.0 (installed on first use into its own
virtual environment under ``~/.cache/reuse-bench/copydetect-venv``) on the same copied texts
for every N up to 500, in the same run, and prints copydetect's wall time and its ratio to
``reuse``'s.

Which texts: a PAN 2013 text-alignment corpus (a folder with ``susp/`` and ``src/``) gives the
texts of ``susp/`` then those of ``src/`` (5,057 for the training corpus), each folder in name
order. Any other folder gives every ``.txt``, ``.md`` and ``.html`` file under it (folders of
folders are searched), in order of their relative paths.

The run caps (``max_run_chars``, ``max_run_words``) bound the text one check holds; when the N texts hold
more than their defaults (the whole training corpus does: 4.9 M words), the check would leave the texts past
them unchecked (exit 2), so the benchmark runs it with ``--config`` raising the two caps to twice the texts'
total and says so on stderr and in the JSON (``run_caps``); every other setting stays at its default.
A file the check refuses (three of the training corpus's ``src/`` texts are mostly control characters) is
listed in the check's result and does not stop the benchmark (``--allow-unchecked``): the row's ``unchecked``
counts them, and stderr says how many.

With ``--cluster ADDRESS`` it starts nothing itself: ``reuse check --cluster ADDRESS`` runs the stages
on the workers of that Dask scheduler (``dask scheduler`` and ``dask worker`` started beforehand, see
``docs/scaling.md``); CPU time and worker memory are then those of this machine's ``reuse`` process only
(the workers are not its children), so the rows say ``-`` for the worker peak.

Usage::

    python benchmarks/cohort.py CORPUS_DIR [--n 250 1000 ...] [--jobs N] [--cluster ADDRESS] [--repeat K]
        [--vs-copydetect] [--json FILE]

See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from reuse.settings import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent

TEXT_SUFFIXES = (".txt", ".md", ".html")
"""The files taken from a corpus folder that is not a PAN corpus (what ``reuse check`` reads)."""

PAN_FOLDERS = ("susp", "src")
"""A folder with both of these is a PAN corpus: its texts are those of ``susp/`` then ``src/``."""

COPYDETECT_VERSION = "0.5.0"
COPYDETECT_MAX_TEXTS = 500
"""copydetect compares every pair of files; it is timed only up to this many texts."""

DEFAULT_CACHE = Path.home() / ".cache" / "reuse-bench"
POLL_SECONDS = 0.05
SUCCESS_CODES = (0, 1)
"""``reuse check`` exits 1 when it has findings: 0 and 1 are a completed check, 2 a failure."""


@dataclass(frozen=True, slots=True)
class RunStats:
    """One measured child process.

    Attributes:
        wall: Wall time in seconds, from start to exit.
        cpu: User + system CPU seconds of the child and the descendants it waited for.
        main_rss_kb: Peak resident memory of the child itself (KiB).
        worker_rss_kb: Largest peak resident memory of any descendant seen while polling (KiB),
            ``None`` when no descendant was seen.
        returncode: The child's exit status.
    """

    wall: float
    cpu: float
    main_rss_kb: int
    worker_rss_kb: int | None
    returncode: int


@dataclass(frozen=True, slots=True)
class Row:
    """The figures of one cohort size.

    Attributes:
        n: Number of texts.
        walls: Wall time of each repeat (seconds).
        cpu: CPU seconds (user + sys) of the run with the median wall time.
        main_rss_kb: Peak RSS of the ``reuse`` process, largest over the repeats (KiB).
        worker_rss_kb: Peak RSS of its largest worker process, ``None`` if it started none.
        candidates: Candidate pairs, when the JSON result reports them (``None`` otherwise).
        aligned: Pairs with at least one passage (the JSON result's ``pairs``).
        copydetect: copydetect's wall time on the same texts, ``None`` when not run.
        copydetect_cpu: copydetect's CPU seconds (user + sys), ``None`` when not run.
        unchecked: files the check did not check (listed in its result).
        run_caps: the raised run caps the check ran with (see the module docstring), ``None``: defaults.
    """

    n: int
    walls: tuple[float, ...]
    cpu: float
    main_rss_kb: int
    worker_rss_kb: int | None
    candidates: int | None
    aligned: int | None
    copydetect: float | None = None
    copydetect_cpu: float | None = None
    unchecked: int = 0
    run_caps: dict[str, int] | None = None

    @property
    def wall(self) -> float:
        """Median wall time of the repeats."""
        return statistics.median(self.walls)

    @property
    def per_text_ms(self) -> float:
        """Median wall time per text, in milliseconds."""
        return 1000 * self.wall / self.n if self.n else 0.0

    @property
    def candidates_per_text(self) -> float | None:
        """Candidate pairs per text: flat as N grows when the stop-band rule bounds each text's candidates."""
        return self.candidates / self.n if self.candidates is not None and self.n else None

    @property
    def ratio(self) -> float | None:
        """copydetect's wall time over ``reuse``'s (how many times faster ``reuse`` is)."""
        if self.copydetect is None or self.wall <= 0:
            return None
        return self.copydetect / self.wall

    @property
    def cpu_ratio(self) -> float | None:
        """copydetect's CPU time over ``reuse``'s (steadier than :attr:`ratio` on a busy machine)."""
        if self.copydetect_cpu is None or self.cpu <= 0:
            return None
        return self.copydetect_cpu / self.cpu


# --- pure helpers -------------------------------------------------------------------------


def growth_exponent(n1: int, t1: float, n2: int, t2: float) -> float | None:
    """``log(t2/t1) / log(n2/n1)``: how the time grows with the size (1 linear, 2 quadratic).

    ``None`` when it is undefined (equal sizes or a non-positive time or size).
    """
    if min(n1, n2) <= 0 or min(t1, t2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def list_texts(corpus: Path) -> list[Path]:
    """Every text of ``corpus`` in benchmark order (see the module docstring).

    Hidden files and folders (a leading ``.``) are left out.
    """
    if all((corpus / name).is_dir() for name in PAN_FOLDERS):
        return [path for name in PAN_FOLDERS for path in sorted((corpus / name).iterdir()) if _is_text(path)]
    found = [path for path in corpus.rglob("*") if _is_text(path) and _visible(path.relative_to(corpus))]
    return sorted(found, key=lambda path: path.relative_to(corpus).parts)


def _is_text(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith(".")


def _visible(relative: Path) -> bool:
    return not any(part.startswith(".") for part in relative.parts)


def select_texts(texts: Sequence[Path], n: int) -> list[Path]:
    """The first ``n`` texts.

    Raises:
        ValueError: if there are fewer than ``n`` texts.
    """
    if n < 1 or n > len(texts):
        raise ValueError(f"asked for {n} texts, the corpus has {len(texts)}")
    return list(texts[:n])


def stage(corpus: Path, texts: Sequence[Path], dest: Path) -> Path:
    """Copies ``texts`` into ``dest``, keeping their paths relative to ``corpus``; returns ``dest``."""
    for path in texts:
        target = dest / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


def read_counts(result: dict[str, Any]) -> tuple[int | None, int | None]:
    """Candidate pairs and pairs with a passage from a ``reuse`` JSON result.

    ``summary.compared_pairs`` (schema 1.6) counts the pairs compared word by word, the candidates;
    ``summary.pairs`` those with at least one passage. A result before 1.6 gives no candidate count.
    """
    summary = result.get("summary", {})
    candidates = summary.get("compared_pairs")
    aligned = summary.get("pairs")
    return (
        candidates if isinstance(candidates, int) else None,
        aligned if isinstance(aligned, int) else None,
    )


def _cell(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def format_table(rows: Sequence[Row]) -> str:
    """One fixed-width line per cohort size; ``-`` where a figure is missing."""
    header = (
        f"{'texts':>6} {'wall s':>8} {'cpu s':>8} {'rss main MB':>11} {'rss worker MB':>13} "
        f"{'candidates':>10} {'cand/text':>9} {'found':>8} {'ms/text':>8} {'growth':>6} "
        f"{'copydetect s':>12} {'cd cpu s':>8} {'ratio':>6} {'cpu ratio':>9}"
    )
    lines = [header, "-" * len(header)]
    previous: Row | None = None
    for row in rows:
        growth = growth_exponent(previous.n, previous.wall, row.n, row.wall) if previous else None
        worker = row.worker_rss_kb / 1024 if row.worker_rss_kb is not None else None
        lines.append(
            f"{row.n:>6} {row.wall:>8.2f} {row.cpu:>8.2f} {row.main_rss_kb / 1024:>11.0f} "
            f"{_cell(worker, '.0f'):>13} {_cell(row.candidates, 'd'):>10} "
            f"{_cell(row.candidates_per_text, '.2f'):>9} {_cell(row.aligned, 'd'):>8} "
            f"{row.per_text_ms:>8.2f} {_cell(growth, '.2f'):>6} {_cell(row.copydetect, '.2f'):>12} "
            f"{_cell(row.copydetect_cpu, '.2f'):>8} {_cell(row.ratio, '.1f'):>6} "
            f"{_cell(row.cpu_ratio, '.1f'):>9}"
        )
        previous = row
    return "\n".join(lines)


def rows_json(rows: Sequence[Row], args: argparse.Namespace) -> dict[str, Any]:
    """The measured figures as a JSON-ready dict."""
    out = []
    previous: Row | None = None
    for row in rows:
        growth = growth_exponent(previous.n, previous.wall, row.n, row.wall) if previous else None
        out.append({**asdict(row), "wall": row.wall, "per_text_ms": row.per_text_ms,
                    "candidates_per_text": row.candidates_per_text,
                    "growth": growth, "ratio": row.ratio, "cpu_ratio": row.cpu_ratio})
        previous = row
    return {"corpus": str(args.corpus), "jobs": args.jobs, "cluster": args.cluster, "repeat": args.repeat,
            "load": os.getloadavg()[0], "rows": out}


def where(args: argparse.Namespace) -> str:
    """How the checks run: ``--cluster ADDRESS`` or ``--jobs N``."""
    return f"--cluster {args.cluster}" if args.cluster else f"--jobs {args.jobs}"


def _all_cores() -> int:
    """What ``reuse check --jobs`` defaults to: the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# --- measuring a child process ------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from ``/proc/PID/task/*/children``)."""
    kids: list[int] = []
    try:
        for task in os.scandir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task.name}/children", encoding="ascii") as handle:
                kids.extend(int(field) for field in handle.read().split())
    except OSError:  # the process ended, or the kernel does not offer the file
        pass
    return kids


def _peak_rss_kb(pid: int) -> int:
    """``VmHWM`` (peak resident set) of a process in KiB, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_measured(command: Sequence[str], *, cwd: Path, env: dict[str, str], log: Path) -> RunStats:
    """Runs ``command`` and measures it (see :class:`RunStats`).

    The process tree is polled every ``POLL_SECONDS`` for ``VmHWM``; a worker that lives less
    than a poll can be missed. ``wait4``'s ``ru_maxrss`` is the peak of the whole tree (the
    child and the descendants it waited for): when it is above every worker seen, it is the
    main process's peak, which is then exact; otherwise the main peak is its last polled
    ``VmHWM``.
    """
    with open(log, "wb") as output:
        started = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 - our own command line, no shell
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        main_peak = 0
        worker_peak: int | None = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            main_peak = max(main_peak, _peak_rss_kb(child.pid))
            pending = _children(child.pid)
            while pending:
                kid = pending.pop()
                worker_peak = max(worker_peak or 0, _peak_rss_kb(kid))
                pending.extend(_children(kid))
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if usage.ru_maxrss > (worker_peak or 0):
        main_peak = usage.ru_maxrss
    return RunStats(wall, usage.ru_utime + usage.ru_stime, main_peak, worker_peak, child.returncode)


def reuse_command(folder: Path, result: Path, jobs: int, cluster: str | None = None,
                  config: Path | None = None) -> list[str]:
    """The all-vs-all check that is timed (defaults, no configuration file but ``config`` when given; on
    ``cluster`` when given)."""
    where = ["--cluster", cluster] if cluster else ["--jobs", str(jobs)]
    raised = ["--config", str(config)] if config is not None else []
    return [sys.executable, "-m", "reuse", "check", str(folder), "--json", str(result),
            *where, "--isolated", *raised, "--allow-unchecked", "--quiet"]


def run_caps_config(folder: Path, dest: Path, limits: Limits | None = None) -> dict[str, int] | None:
    """Run caps that fit the texts under ``folder`` (twice their characters and words), written to ``dest`` as
    a ``[limits]`` configuration file, when the texts pass the default caps of ``limits``; else ``None``
    (nothing written)."""
    limits = limits or Limits()
    chars = words = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        chars += len(text)
        words += len(text.split())
    if chars <= limits.max_run_chars and words <= limits.max_run_words:
        return None
    caps = {"max_run_chars": max(2 * chars, limits.max_run_chars),
            "max_run_words": max(2 * words, limits.max_run_words)}
    lines = "".join(f"{key} = {value}\n" for key, value in caps.items())
    dest.write_text(f"[limits]\n{lines}", encoding="utf-8")
    return caps


def child_env() -> dict[str, str]:
    """The environment of the child: this checkout's ``reuse`` first on the path, no cache."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env["REUSE_CACHE_DIR"] = "off"
    return env


def measure_reuse(folder: Path, work: Path, n: int, *, jobs: int, repeat: int,
                  cluster: str | None = None, config: Path | None = None) -> Row:
    """Runs the check ``repeat`` times on ``folder`` (``n`` texts) and summarises the runs.

    Raises:
        RuntimeError: if a run exits with a status other than 0 or 1 (its output is in the
            message).
    """
    runs: list[RunStats] = []
    counts: tuple[int | None, int | None] = (None, None)
    for k in range(repeat):
        result, log = work / f"reuse-{n}-{k}.json", work / f"reuse-{n}-{k}.log"
        command = reuse_command(folder, result, jobs, cluster, config)
        stats = run_measured(command, cwd=work, env=child_env(), log=log)
        if stats.returncode not in SUCCESS_CODES:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"reuse check exited {stats.returncode} on {n} texts:\n{tail}")
        outcome = json.loads(result.read_text(encoding="utf-8"))
        counts = read_counts(outcome)
        unchecked = int(outcome.get("summary", {}).get("unchecked", 0))
        if unchecked and k == 0:
            print(f"{n} texts: {unchecked} file(s) not checked (listed in {result.name})", file=sys.stderr)
        runs.append(stats)
    median = sorted(runs, key=lambda run: run.wall)[(len(runs) - 1) // 2]
    workers = [run.worker_rss_kb for run in runs if run.worker_rss_kb is not None]
    return Row(
        n=n,
        walls=tuple(run.wall for run in runs),
        cpu=median.cpu,
        main_rss_kb=max(run.main_rss_kb for run in runs),
        worker_rss_kb=max(workers) if workers else None,
        candidates=counts[0],
        aligned=counts[1],
        unchecked=unchecked,
    )


# --- copydetect ---------------------------------------------------------------------------


def ensure_copydetect(cache: Path) -> Path | None:
    """The ``copydetect`` program of its own virtual environment under ``cache``, installing
    copydetect there on first use; ``None`` (with a message on stderr) if that fails."""
    venv = cache / "copydetect-venv"
    program = venv / "bin" / "copydetect"
    if program.is_file():
        return program
    print(f"installing copydetect {COPYDETECT_VERSION} into {venv}...", file=sys.stderr)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"copydetect=={COPYDETECT_VERSION}"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)  # noqa: S603 - no shell
        if done.returncode != 0:
            failed = " ".join(step[-2:])
            print(f"copydetect skipped: {failed} failed:\n{done.stderr[-1000:]}", file=sys.stderr)
            return None
    return program if program.is_file() else None


def copydetect_command(program: Path, folder: Path, report: Path) -> list[str]:
    """copydetect with its defaults, every file of ``folder`` against every other (no
    reference folder given: the test folder is its own reference), writing its HTML report
    (it always does) and not opening a browser."""
    return [str(program), "-t", str(folder), "-a", "-O", str(report)]


def measure_copydetect(program: Path, folder: Path, work: Path, n: int) -> RunStats | None:
    """copydetect's figures on ``folder`` (one run), ``None`` with a message if it failed."""
    log = work / f"copydetect-{n}.log"
    command = copydetect_command(program, folder, work / f"copydetect-{n}.html")
    stats = run_measured(command, cwd=work, env=dict(os.environ), log=log)
    if stats.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-1000:]
        print(f"copydetect exited {stats.returncode} on {n} texts:\n{tail}", file=sys.stderr)
        return None
    return stats


# --- command line -------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description="All-vs-all cohort benchmark of reuse check.")
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR",
                        help="a PAN corpus (susp/ and src/) or any folder of texts")
    parser.add_argument("--n", type=int, nargs="+", default=[250, 1000], metavar="N",
                        help="cohort sizes (first N texts), default 250 1000")
    parser.add_argument("--jobs", type=int, default=_all_cores(),
                        help="reuse check --jobs (default: all cores)")
    parser.add_argument("--cluster", metavar="ADDRESS", default=None,
                        help="reuse check --cluster ADDRESS: a running Dask scheduler (nothing is started)")
    parser.add_argument("--repeat", type=int, default=3, metavar="K", help="runs per size (median wall)")
    parser.add_argument("--vs-copydetect", action="store_true",
                        help=f"also time copydetect {COPYDETECT_VERSION} on sizes <= {COPYDETECT_MAX_TEXTS}")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="DIR",
                        help="where copydetect's virtual environment goes")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.jobs < 1 or min(args.n) < 1:
        parser.error("--repeat, --jobs and every --n must be >= 1")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark; returns 0, or 2 when a run failed or the corpus is too small."""
    args = parse_args(argv)
    texts = list_texts(args.corpus)
    sizes = sorted(set(args.n))
    if sizes[-1] > len(texts):
        print(f"asked for {sizes[-1]} texts, {args.corpus} has {len(texts)}", file=sys.stderr)
        return 2
    program = ensure_copydetect(args.cache) if args.vs_copydetect else None
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="reuse-cohort-") as tmp:
        for n in sizes:
            work = Path(tmp) / f"n{n}"
            folder = stage(args.corpus, select_texts(texts, n), work / "texts")
            config = work / "run-caps.toml"
            caps = run_caps_config(folder, config)
            if caps is not None:
                print(f"{n} texts pass the default run caps: run with {caps}", file=sys.stderr)
            print(f"{n} texts: reuse check {where(args)}, {args.repeat} run(s)...", file=sys.stderr)
            try:
                row = measure_reuse(folder, work, n, jobs=args.jobs, repeat=args.repeat, cluster=args.cluster,
                                    config=config if caps is not None else None)
                row = replace(row, run_caps=caps)
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 2
            if program is not None and n <= COPYDETECT_MAX_TEXTS:
                print(f"{n} texts: copydetect...", file=sys.stderr)
                stats = measure_copydetect(program, folder, work, n)
                if stats is not None:
                    row = replace(row, copydetect=stats.wall, copydetect_cpu=stats.cpu)
            rows.append(row)
            shutil.rmtree(folder)
    print(format_table(rows))
    print(
        f"{where(args)}; load {os.getloadavg()[0]:.1f}; wall = median of {args.repeat} run(s); "
        "cpu = user+sys of reuse and its local workers "
        "(wait4); rss = peak resident set (VmHWM, polled); candidates = pairs compared word by word "
        "(the JSON result's summary.compared_pairs; '-' before schema 1.6); found = those with a passage; "
        "growth = log(t2/t1)/log(n2/n1) from the row above; "
        "ratio = copydetect wall / reuse wall; cpu ratio = copydetect cpu / reuse cpu"
    )
    if args.json:
        args.json.write_text(json.dumps(rows_json(rows, args), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
