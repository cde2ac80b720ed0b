#!/usr/bin/env python3
"""Scale benchmark of the window index: build and query at 1x, 4x and 16x a base corpus.

The corpus is synthetic and deterministic (see :class:`EssayModel`): 2,000-word essays whose
function-word skeleton comes from a bigram Markov chain trained on the texts the project ships
(``samples/`` and ``tests/fixtures/``), with content words from one vocabulary per topic (25
essays per topic). Unlike words drawn independently from one Zipf list, two unrelated essays then
share about as many word bigrams as unrelated real essays do ("of the", "it is"), and essays on
one topic share more. The index (one SQLite file by default) is grown to 1x, 4x and 16x the base
size (``--base-windows``, default 62,500, so 16x holds about 1,000,000 windows); at each size the
benchmark prints the build throughput of the step (essays are generated before the clock
starts), the index size on disk (after the write-ahead log is checkpointed), the query latency
of ``--queries`` 2,000-word essays on topics that are not indexed, each with three 60-word
passages copied from random indexed essays (median and p95), how many of those copied passages
had their source among the candidates, and the peak resident memory.

Usage::

    python benchmarks/scale.py [--dir DIR] [--base-windows N] [--queries N] [--memory]
        [--stop-postings N]
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from reuse.index import IndexParams, MemoryStore, WindowIndex, add_documents, open_index  # noqa: E402
from reuse.model import Document, Span  # noqa: E402
from reuse.settings import FingerprintOptions  # noqa: E402
from reuse.text.normalize import NormalizedText, normalize  # noqa: E402

ESSAY_WORDS = 2000
VOCABULARY = 50_000
TOPIC_WORDS = 3_000
ESSAYS_PER_TOPIC = 25
PASSAGE_WORDS = 60
QUERY_ESSAYS = 50_000_000
"""Query essays are numbered from here: their topics are never indexed."""
SEED = 20240601
SIZES = (1, 4, 16)


FUNCTION_WORDS = frozenset("""
a about above after again against all also although an and any are as at be because been before
being below between both but by can could did do does doing down during each either even every
few for from further had has have having he her here hers him his how however i if in into is it
its itself just may might more most much must my neither no nor not now of off on once one only
or other our out over own same she should so some such than that the their theirs them then there
these they this those through thus to too under until up upon very was we were what when where
whether which while who whom whose why will with within without would yet you your
""".split())  # noqa: SIM905
"""Words kept as they are; every other word is a content slot filled from a topic vocabulary."""


class EssayModel:
    """Deterministic essay generator: a function-word skeleton from a bigram Markov chain trained
    on the texts the project ships, with content words drawn from one vocabulary per topic.

    Training texts: ``samples/**/*.txt`` and ``tests/fixtures/*.txt``. Every word that is not a
    function word becomes a content slot ``<C>``; a bigram chain over function words, ``<C>`` and
    sentence ends gives the skeleton (so "of the", "in the", "it is" are shared between essays as
    in real English). Content slots are filled from the essay's topic: ``TOPIC_WORDS`` words
    drawn (Zipf-weighted, so frequent words recur across topics) from a 50,000-word pool (the
    training content words in frequency order, then generated word forms), used with Zipf
    frequencies inside the topic. Essays ``k`` with the same ``k // ESSAYS_PER_TOPIC`` share a
    topic, so same-topic essays share content words and phrases as real essays on one subject do.
    """

    def __init__(self, roots: Sequence[Path], seed: int = SEED) -> None:
        tokens: list[str] = []
        counts: Counter[str] = Counter()
        for root in roots:
            for path in sorted(root.rglob("*.txt")):
                raw = path.read_text(encoding="utf-8")
                for sentence in re.split(r"[.!?]+\s", raw):
                    words = normalize(sentence).words
                    if len(words) < 3:
                        continue
                    counts.update(w for w in words if w not in FUNCTION_WORDS)
                    tokens.append("<S>")
                    tokens.extend(w if w in FUNCTION_WORDS else "<C>" for w in words)
        tokens.append("<S>")
        states = sorted(set(tokens))
        self.states = states
        code = {s: i for i, s in enumerate(states)}
        seq = np.array([code[t] for t in tokens])
        successors: list[tuple[list[float], list[int]]] = []
        for i in range(len(states)):
            nxt = Counter(seq[1:][seq[:-1] == i].tolist())
            items = sorted(nxt.items())
            total = sum(c for _, c in items)
            cum, acc = [], 0
            for _, c in items:
                acc += c
                cum.append(acc / total)
            successors.append((cum, [s for s, _ in items]))
        self.successors = successors
        self.start = code["<S>"]
        rng = np.random.default_rng(seed)
        pool = [w for w, _ in counts.most_common()]
        known = set(pool) | FUNCTION_WORDS
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        while len(pool) < VOCABULARY:
            form = "".join(rng.choice(letters, size=int(rng.integers(4, 11))))
            if form not in known:
                known.add(form)
                pool.append(form)
        self.pool = np.array(pool[:VOCABULARY], dtype=object)
        weights = 1.0 / np.arange(1, VOCABULARY + 1) ** 0.9
        self.pool_p = weights / weights.sum()
        inside = 1.0 / np.arange(1, TOPIC_WORDS + 1) ** 1.0
        self.topic_cdf = np.cumsum(inside / inside.sum())
        self.seed = seed
        self._topics: dict[int, np.ndarray] = {}

    def topic(self, number: int) -> np.ndarray:
        """The vocabulary of a topic, most frequent first."""
        if number not in self._topics:
            rng = np.random.default_rng([self.seed, number])
            picks = rng.choice(VOCABULARY, size=TOPIC_WORDS, replace=False, p=self.pool_p)
            self._topics[number] = self.pool[picks]
        return self._topics[number]

    def essay(self, number: int) -> str:
        """Essay ``number`` (``ESSAY_WORDS`` words), always the same for the same number."""
        rng = random.Random(self.seed * 1_000_003 + number)  # noqa: S311 - reproducible, not secret
        vocab = self.topic(number // ESSAYS_PER_TOPIC)
        states, successors, start = self.states, self.successors, self.start
        words: list[str] = []
        sentences: list[str] = []
        state = start
        slots = 0
        while slots < ESSAY_WORDS:
            cum, nxt = successors[state]
            state = nxt[bisect.bisect_left(cum, rng.random())] if len(nxt) > 1 else nxt[0]
            if state == start:
                if words:
                    sentences.append(words)
                    words = []
                continue
            words.append(states[state])
            slots += 1
        sentences.append(words)
        fill = np.random.default_rng([self.seed, number, 7])
        n_content = sum(w == "<C>" for s in sentences for w in s)
        picks = iter(vocab[np.searchsorted(self.topic_cdf, fill.random(n_content))].tolist())
        out = []
        for s in sentences:
            text = " ".join(next(picks) if w == "<C>" else w for w in s)
            out.append(text[:1].upper() + text[1:] + ".")
        return " ".join(out)

    def essays(self, first: int, count: int) -> list[str]:
        """Essays ``first`` .. ``first + count - 1``."""
        return [self.essay(k) for k in range(first, first + count)]


def _document(doc_id: str, text: str) -> tuple[Document, NormalizedText]:
    doc = Document(doc_id, doc_id, "source", text, (Span(0, len(text)),), "0" * 64)
    return doc, normalize(text)


def peak_rss_mib() -> float:
    """Peak resident memory of this process (ru_maxrss), MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_queries(model: EssayModel, texts: dict[str, str], count: int,
                 sources: Sequence[str]) -> list[tuple[NormalizedText, list[str]]]:
    """2,000-word essays on topics not in the index, each with three ``PASSAGE_WORDS``-word
    passages copied from three indexed essays; returns (text, names of the copied essays)."""
    rng = np.random.default_rng(SEED + 1)
    queries = []
    for k in range(count):
        words = model.essay(QUERY_ESSAYS + k).split(" ")
        planted = []
        for slot in range(3):
            name = sources[int(rng.integers(len(sources)))]
            source = texts[name].split(" ")
            start = int(rng.integers(0, len(source) - PASSAGE_WORDS))
            at = 300 + slot * 600
            words[at : at + PASSAGE_WORDS] = source[start : start + PASSAGE_WORDS]
            planted.append(name)
        queries.append((normalize(" ".join(words)), planted))
    return queries


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark and prints one row per size."""
    parser = argparse.ArgumentParser(description="Scale benchmark of the reuse window index.")
    parser.add_argument("--dir", type=Path, help="where the SQLite index goes (default: a temporary folder)")
    parser.add_argument("--base-windows", type=int, default=62_500, help="windows at 1x (default 62,500)")
    parser.add_argument("--queries", type=int, default=40, help="query essays per size")
    parser.add_argument("--memory", action="store_true", help="use the in-memory store instead of SQLite")
    parser.add_argument("--stop-postings", type=int, help="override the stop-band posting limit")
    args = parser.parse_args(argv)

    overrides = {} if args.stop_postings is None else {"stop_postings": args.stop_postings}
    options = FingerprintOptions(**overrides)
    params = IndexParams.from_options(options)
    model = EssayModel([PROJECT_ROOT / "samples", PROJECT_ROOT / "tests" / "fixtures"])
    per_essay = len(WindowIndex(params).fingerprint(normalize(model.essay(0)))[0])
    base_docs = -(-args.base_windows // per_essay)
    folder = Path(tempfile.mkdtemp(prefix="reuse-scale-")) if args.dir is None else args.dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scale.sqlite"
    for stale in folder.glob("scale.sqlite*"):
        stale.unlink()
    memory = MemoryStore()
    index = WindowIndex(params, memory) if args.memory else open_index(path, params=params, create=True)
    print(f"parameters: shingle_words={params.shingle_words} window_words={params.window_words} "
          f"num_perm={params.num_perm} bands={params.bands} x rows={params.rows} "
          f"min_jaccard={params.min_jaccard} max_candidates={params.max_candidates} "
          f"stop_postings={params.stop_postings}")
    print(f"corpus: synthetic {ESSAY_WORDS}-word essays (Markov skeleton, {ESSAYS_PER_TOPIC} essays per "
          f"topic; {per_essay} windows each), {base_docs} essays at 1x; "
          f"store: {'memory' if args.memory else path}")
    print(f"queries: {args.queries} essays per size on unindexed topics, each with 3 copied "
          f"{PASSAGE_WORDS}-word passages from random indexed essays")
    header = (f"{'size':>4} {'essays':>7} {'windows':>10} {'build s':>8} {'windows/s':>10} "
              f"{'disk MiB':>9} "
              f"{'B/window':>8} {'query med ms':>12} {'p95 ms':>7} {'cands':>6} {'passages found':>14} "
              f"{'peak MiB':>9}")
    print(header)
    print("-" * len(header), flush=True)
    names: list[str] = []
    texts: dict[str, str] = {}
    done = last_windows = 0
    for size in SIZES:
        target = base_docs * size
        fresh = [f"essay{k:07d}" for k in range(done, target)]
        batch = model.essays(done, len(fresh))  # generated before the clock starts
        started = time.perf_counter()
        add_documents(index, (_document(name, text) for name, text in zip(fresh, batch, strict=True)))
        if args.memory:
            memory.prepare()
        build = time.perf_counter() - started
        names.extend(fresh)
        texts.update(zip(fresh, batch, strict=True))
        done = target
        docs, windows = index.store.counts()
        added_windows, last_windows = windows - last_windows, windows
        disk = sum(p.stat().st_size for p in folder.glob("scale.sqlite*")) if not args.memory else 0
        queries = make_queries(model, texts, args.queries, names)
        latencies, cands, found, planted = [], [], 0, 0
        for k, (query, copied) in enumerate(queries):
            t = time.perf_counter()
            result = index.query(f"q{k}", query)
            latencies.append(time.perf_counter() - t)
            cands.append(len(result))
            got = {c.source_id.removeprefix(index.namespace) for c in result}
            found += sum(name in got for name in copied)
            planted += len(copied)
        p95 = float(np.percentile(latencies, 95))
        print(f"{size:>3}x {docs:>7} {windows:>10,} {build:>8.1f} {added_windows / build:>10,.0f} "
              f"{disk / 2**20:>9.1f} {disk / max(windows, 1):>8,.0f} "
              f"{1000 * statistics.median(latencies):>12.1f} {1000 * p95:>7.1f} "
              f"{statistics.mean(cands):>6.1f} "
              f"{f'{found}/{planted}':>14} {peak_rss_mib():>9.0f}", flush=True)
    print("build s / windows/s: the step that grew the index to this size (normalise, hash, write; "
          "essays generated beforehand); query: one process, warm cache; "
          "cands: mean candidates per query; "
          "passages found: copied passages whose source essay was a candidate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
