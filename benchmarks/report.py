"""Benchmark the HTML report on a large synthetic class: file size, render time, page load in Chromium.

The result is built directly from the model dataclasses (no extraction or alignment): 200
submissions of about 600 words, 20 sources, and pairs holding 2,000 passages in all (most pairs
share one short passage, a few share many).

Run (from the repository root):

    python benchmarks/report.py                   # 200 submissions, 2,000 passages
    python benchmarks/report.py --submissions 400 --passages 4000 --keep /tmp/big.html

The browser part needs Debian's chromium (/usr/bin/chromium) and the `playwright` package; it
is skipped with a message when either is missing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from reuse.model import CheckResult, Document, DocumentScore, Flag, PairResult, Passage, SourceShare, Span
from reuse.report.html import render_html, write_split
from reuse.settings import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VOCABULARY = [
    "the",
    "revolution",
    "party",
    "soviet",
    "government",
    "war",
    "peace",
    "land",
    "bread",
    "workers",
    "soldiers",
    "peasants",
    "lenin",
    "trotsky",
    "kerensky",
    "october",
    "february",
    "provisional",
    "petrograd",
    "congress",
    "committee",
    "power",
    "historians",
    "argue",
    "that",
    "because",
    "however",
    "which",
    "while",
    "during",
    "after",
    "before",
    "many",
    "most",
    "their",
    "they",
    "this",
]


def _text(rng: random.Random, words: int) -> tuple[str, list[int]]:
    out, starts, pos = [], [], 0
    for k in range(words):
        word = rng.choice(VOCABULARY)
        sep = "\n\n" if k and k % 90 == 0 else " " if k else ""
        pos += len(sep)
        starts.append(pos)
        out.append(sep + word)
        pos += len(word)
    return "".join(out), starts


def synthetic_result(
    submissions: int = 200, sources: int = 20, passages: int = 2000, words: int = 600, seed: int = 1
) -> CheckResult:
    """A CheckResult shaped like a large class, with ``passages`` passages spread unevenly over the pairs."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    docs: list[Document] = []
    starts: dict[str, list[int]] = {}
    for k in range(submissions + sources):
        kind = "submission" if k < submissions else "source"
        doc_id = (
            f"class/student_{k:03d}.txt" if kind == "submission" else f"web/source_{k - submissions:02d}.html"
        )
        text, st = _text(rng, words)
        flags = (
            (Flag("homoglyphs", "3 Cyrillic letters that look Latin", (Span(st[5], st[6]),), 3),)
            if k % 37 == 5
            else ()
        )
        docs.append(Document(doc_id, doc_id, kind, text, (Span(0, len(text)),), f"{k:064x}", flags=flags))
        starts[doc_id] = st
    by_id = {d.id: d for d in docs}
    subs = [d.id for d in docs if d.kind == "submission"]
    srcs = [d.id for d in docs if d.kind == "source"]
    pair_keys: set[tuple[str, str]] = set()
    counts = []  # passages per pair: most pairs share one short passage, a few share many
    while sum(counts) < passages:
        counts.append(min(rng.choice((1, 1, 1, 1, 2, 2, 3, 5, 8)), passages - sum(counts)))
    while len(pair_keys) < len(counts):
        left = rng.choice(subs)
        right = rng.choice(srcs if rng.random() < 0.3 else subs)
        if left != right:
            pair_keys.add(tuple(sorted((left, right))) if right in subs else (left, right))  # type: ignore[arg-type]
    covered: dict[tuple[str, str], list[set[int]]] = {}
    pairs = []
    for (left, right), count in zip(sorted(pair_keys), counts, strict=True):
        chosen = []
        slots = max(count, 5)
        for slot in range(count):
            n = rng.randint(15, 40 if count > 2 else 25)
            a = slot * (words // slots) + rng.randint(0, words // slots - n - 1)
            b = slot * (words // slots) + rng.randint(0, words // slots - n - 1)
            sl, sr = starts[left], starts[right]
            chosen.append(
                Passage(
                    Span(sl[a], sl[a + n - 1] + 3),
                    Span(sr[b], sr[b + n - 1] + 3),
                    score=1.0 if rng.random() < 0.6 else round(rng.uniform(0.7, 0.98), 3),
                    kind="exact",
                    left_words=n,
                    right_words=n,
                )
            )
        chosen = [
            p
            if p.score == 1.0
            else Passage(p.left, p.right, p.score, "approximate", p.left_words, p.right_words)
            for p in chosen
        ]
        lw = {
            i
            for p in chosen
            for i in range(len(starts[left]))
            if p.left.start <= starts[left][i] < p.left.end
        }
        rw = {
            i
            for p in chosen
            for i in range(len(starts[right]))
            if p.right.start <= starts[right][i] < p.right.end
        }
        covered[(left, right)] = [lw, rw]
        pairs.append(
            PairResult(
                left,
                right,
                tuple(chosen),
                round(len(lw) / words, 4),
                round(len(rw) / words, 4),
                max(p.left_words for p in chosen),
            )
        )
    pairs.sort(key=lambda p: (-p.coverage, -p.longest_words, p.left, p.right))
    scores = []
    for doc in docs:
        union: set[int] = set()
        shares = []
        for (left, right), (lw, rw) in covered.items():
            if doc.id in (left, right):
                mine = lw if doc.id == left else rw
                union |= mine
                shares.append(SourceShare(right if doc.id == left else left, round(len(mine) / words, 4)))
        if doc.kind == "submission" or union:
            shares.sort(key=lambda s: (-s.share, s.document))
            scores.append(DocumentScore(doc.id, words, round(len(union) / words, 4), tuple(shares)))
    involved = [d for d in docs if d.kind == "submission" or any(d.id in k for k in covered)]
    return CheckResult(
        settings=Settings(fail_above=0.15),
        documents=tuple(involved),
        scores=tuple(scores),
        pairs=tuple(pairs),
        errors=(),
        words={d.id: words for d in by_id.values()},
    )


def browser_figures(path: Path) -> dict[str, float] | str:
    """Load ``path`` in headless Chromium: time to the load event, and a scroll to the bottom."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: the playwright package is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists():
        return f"skipped: {CHROMIUM} is missing (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        wall = time.perf_counter() - start
        nav = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return [n.domContentLoadedEventEnd, n.loadEventEnd]; }"
        )
        scroll = page.evaluate("""async () => {
            const t0 = performance.now(); let frames = 0, worst = 0, last = t0;
            while (window.scrollY + innerHeight < document.documentElement.scrollHeight - 2) {
                window.scrollBy(0, innerHeight);
                await new Promise(r => requestAnimationFrame(r));
                const now = performance.now(); worst = Math.max(worst, now - last); last = now; frames++;
            }
            return [performance.now() - t0, frames, worst, document.documentElement.scrollHeight];
        }""")
        browser.close()
    return {
        "goto_wall_s": wall,
        "dom_content_loaded_ms": nav[0],
        "load_event_ms": nav[1],
        "scroll_total_ms": scroll[0],
        "scroll_frames": scroll[1],
        "worst_frame_ms": scroll[2],
        "page_height_px": scroll[3],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--passages", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="also keep the one-file report here")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    result = synthetic_result(args.submissions, passages=args.passages)
    built = time.perf_counter() - t0
    n_passages = sum(len(p.passages) for p in result.pairs)
    print(
        f"synthetic class: {args.submissions} submissions, {len(result.pairs)} pairs, {n_passages} passages "
        f"(built in {built:.2f} s)"
    )
    t0 = time.perf_counter()
    html = render_html(result, generated_at="2026-01-01T00:00:00Z")
    render = time.perf_counter() - t0
    print(f"one file : render {render:.2f} s in Python, {len(html.encode('utf-8')) / 1e6:.2f} MB")
    workdir = Path(tempfile.mkdtemp(prefix="reuse-bench-"))
    try:
        path = args.keep or workdir / "report.html"
        path.write_text(html, encoding="utf-8")
        t0 = time.perf_counter()
        pages = write_split(result, workdir / "split", generated_at="2026-01-01T00:00:00Z")
        split = time.perf_counter() - t0
        index_mb = pages[0].stat().st_size / 1e6
        total_mb = sum(p.stat().st_size for p in pages) / 1e6
        print(
            f"split    : {len(pages)} pages in {split:.2f} s, index {index_mb:.2f} MB, "
            f"all pages {total_mb:.1f} MB"
        )
        for label, target in (("one file", path), ("split index", pages[0]), ("split pair page", pages[1])):
            figures = browser_figures(target)
            if isinstance(figures, str):
                print(f"chromium : {figures}")
                break
            print(
                f"chromium : {label}: load event {figures['load_event_ms']:.0f} ms "
                f"(DOMContentLoaded {figures['dom_content_loaded_ms']:.0f} ms), scroll to bottom "
                f"{figures['scroll_total_ms']:.0f} ms over {figures['scroll_frames']:.0f} screens "
                f"(worst frame {figures['worst_frame_ms']:.0f} ms, "
                f"page {figures['page_height_px'] / 1000:.0f}k px)"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
