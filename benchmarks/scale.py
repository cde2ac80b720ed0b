#!/usr/bin/env python3
"""Scale benchmark of the window index: build and query at 1x, 4x and 16x a base corpus.

The corpus is synthetic and deterministic: 2,000-word essays drawn from a Zipf word-frequency
model whose most frequent words are the words of the ``samples/`` texts (in their frequency
order), extended with generated word forms to a 50,000-word vocabulary. The index (one SQLite
file by default) is grown to 1x, 4x and 16x the base size (``--base-windows``, default 62,500,
so 16x holds 1,000,000 windows); at each size the benchmark prints the build throughput of the
last step, the index size on disk, the query latency of ``--queries`` 2,000-word essays (half
of them with three 80-word passages copied from indexed essays; median and p95) and the peak
resident memory.

Usage::

    python benchmarks/scale.py [--dir DIR] [--base-windows N] [--queries N] [--memory]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from reuse.index import IndexParams, WindowIndex, add_documents, open_index  # noqa: E402
from reuse.model import Document, Span  # noqa: E402
from reuse.normalize import NormalizedText, normalize  # noqa: E402
from reuse.settings import FingerprintOptions  # noqa: E402

ESSAY_WORDS = 2000
VOCABULARY = 50_000
SEED = 20240601
SIZES = (1, 4, 16)


class EssayModel:
    """Zipf unigram model over the sample texts' words plus generated word forms."""

    def __init__(self, samples: Path, seed: int = SEED) -> None:
        counts: Counter[str] = Counter()
        for path in sorted(samples.rglob("*.txt")):
            counts.update(normalize(path.read_text(encoding="utf-8")).words)
        words = [w for w, _ in counts.most_common()]
        rng = np.random.default_rng(seed)
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        known = set(words)
        while len(words) < VOCABULARY:
            form = "".join(rng.choice(letters, size=int(rng.integers(4, 11))))
            if form not in known:
                known.add(form)
                words.append(form)
        self.words = np.array(words[:VOCABULARY], dtype=object)
        ranks = np.arange(1, VOCABULARY + 1, dtype=np.float64)
        weights = 1.0 / ranks**1.05
        self.p = weights / weights.sum()

    def essays(self, count: int, seed: int) -> Iterator[str]:
        """``count`` essays of ``ESSAY_WORDS`` words, the same for the same seed."""
        rng = np.random.default_rng(seed)
        for _ in range(count):
            picks = rng.choice(VOCABULARY, size=ESSAY_WORDS, p=self.p)
            words = self.words[picks]
            sentences = [" ".join(words[i : i + 17]).capitalize() + "." for i in range(0, ESSAY_WORDS, 17)]
            yield " ".join(sentences)


def _document(doc_id: str, text: str) -> tuple[Document, NormalizedText]:
    doc = Document(doc_id, doc_id, "source", text, (Span(0, len(text)),), "0" * 64)
    return doc, normalize(text)


def peak_rss_mib() -> float:
    """Peak resident memory of this process (ru_maxrss), MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_queries(model: EssayModel, index: WindowIndex, count: int, sources: Sequence[str]) -> list[NormalizedText]:
    """2,000-word essays; every other one carries three 80-word passages of indexed essays."""
    rng = np.random.default_rng(SEED + 1)
    queries = []
    for k, essay in enumerate(model.essays(count, seed=SEED + 2)):
        words = essay.split(" ")
        if k % 2 == 0:
            for slot in range(3):
                source = index.store.document(sources[int(rng.integers(len(sources)))]).text.split(" ")
                start = int(rng.integers(0, len(source) - 80))
                at = 300 + slot * 600
                words[at : at + 80] = source[start : start + 80]
        queries.append(normalize(" ".join(words)))
    return queries


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark and prints one row per size."""
    parser = argparse.ArgumentParser(description="Scale benchmark of the reuse window index.")
    parser.add_argument("--dir", type=Path, help="where the SQLite index goes (default: a temporary folder)")
    parser.add_argument("--base-windows", type=int, default=62_500, help="windows at 1x (default 62,500)")
    parser.add_argument("--queries", type=int, default=40, help="query essays per size")
    parser.add_argument("--memory", action="store_true", help="use the in-memory store instead of SQLite")
    args = parser.parse_args(argv)

    params = IndexParams.from_options(FingerprintOptions())
    model = EssayModel(PROJECT_ROOT / "samples")
    per_essay = len(WindowIndex(params).fingerprint(normalize(next(model.essays(1, seed=0))))[0])
    base_docs = -(-args.base_windows // per_essay)
    folder = Path(tempfile.mkdtemp(prefix="reuse-scale-")) if args.dir is None else args.dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scale.sqlite"
    if path.exists():
        path.unlink()
    index = WindowIndex(params) if args.memory else open_index(path, params=params, create=True)
    print(f"parameters: shingle_words={params.shingle_words} window_words={params.window_words} "
          f"num_perm={params.num_perm} bands={params.bands} x rows={params.rows} "
          f"min_jaccard={params.min_jaccard} max_candidates={params.max_candidates}")
    print(f"corpus: synthetic {ESSAY_WORDS}-word essays ({per_essay} windows each), "
          f"{base_docs} essays at 1x; store: {'memory' if args.memory else path}")
    header = (f"{'size':>4} {'essays':>7} {'windows':>10} {'build s':>8} {'windows/s':>10} {'disk MiB':>9} "
              f"{'query med ms':>12} {'p95 ms':>7} {'cands':>6} {'found':>6} {'peak MiB':>9}")
    print(header)
    print("-" * len(header))
    names: list[str] = []
    done = 0
    for size in SIZES:
        target = base_docs * size
        fresh = [f"essay{k:07d}" for k in range(done, target)]
        texts = model.essays(len(fresh), seed=SEED + 100 + done)
        started = time.perf_counter()
        add_documents(index, (_document(name, text) for name, text in zip(fresh, texts)))
        if args.memory:
            index.store._arrays()  # type: ignore[attr-defined]
        build = time.perf_counter() - started
        names.extend(fresh)
        added_windows = len(fresh) * per_essay
        done = target
        docs, windows = index.store.counts()
        disk = sum(p.stat().st_size for p in folder.glob("scale.sqlite*")) / 2**20 if not args.memory else 0.0
        queries = make_queries(model, index, args.queries, names)
        latencies, cands, found = [], [], 0
        for k, query in enumerate(queries):
            t = time.perf_counter()
            result = index.query(f"q{k}", query)
            latencies.append(time.perf_counter() - t)
            cands.append(len(result))
            found += bool(result) and k % 2 == 0
        p95 = float(np.percentile(latencies, 95))
        print(f"{size:>3}x {docs:>7} {windows:>10,} {build:>8.1f} {added_windows / build:>10,.0f} {disk:>9.1f} "
              f"{1000 * statistics.median(latencies):>12.1f} {1000 * p95:>7.1f} {statistics.mean(cands):>6.1f} "
              f"{found:>3}/{(len(queries) + 1) // 2:<2} {peak_rss_mib():>9.0f}", flush=True)
    print("build s / windows/s: the step that grew the index to this size; query: one process, "
          "warm cache; cands: mean candidates per query; found: queries with copied passages that got a candidate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
