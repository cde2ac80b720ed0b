#!/usr/bin/env python3
"""WARC benchmark: ``reuse index build`` from a web archive of many HTML pages.

It writes a gzipped WARC (one gzip member per record, as crawlers write them: a ``warcinfo``
record, then a ``request`` and a ``response`` record per page) of ``--pages`` simple HTML pages
into a temporary folder (never into the repository), then runs
``reuse index build INDEX crawl.warc.gz --isolated --config LIMITS`` as a child process and
prints the wall time, pages per second and the peak resident memory of the build (``ru_maxrss``
of the child from ``os.wait4``: the largest of it and the workers it waited for).

The pages are made from the texts of a PAN 2013 text-alignment corpus's ``src/`` folder (or
any folder of ``.txt`` files): page ``i`` is ``--words`` words of text ``i mod N`` (starting
further into the text on each pass over the corpus, so pages differ), split into paragraphs of
80 words, in an ``<article>`` with a navigation bar and a footer round it. The caps are raised
in a config file so the whole archive is read (``max_members`` = pages, ``max_archive_bytes``, and
``max_run_chars`` and ``max_run_words`` well above the total unless ``--default-run-caps``: an index
build applies the run caps to each batch it reads, so it indexes every page with the defaults too).

Usage::

    python benchmarks/warc.py CORPUS_DIR [--pages 10000] [--words 600] [--default-run-caps] [--keep]

See ``benchmarks/README.md`` and the README section "Web sources and WARC".
"""

from __future__ import annotations

import argparse
import html
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_CONTROLS = {c: " " for c in [*range(32), *range(127, 160)]}


def corpus_texts(folder: Path) -> list[Path]:
    """``src/`` of a PAN corpus, else every ``.txt`` file under ``folder``, in name order."""
    src = folder / "src"
    return sorted((src if src.is_dir() else folder).rglob("*.txt"))


def page(number: int, words: list[str]) -> bytes:
    """A simple HTML page: navigation, a title, the words in paragraphs, a footer."""
    paragraphs = "".join(f"<p>{html.escape(' '.join(words[i:i + 80]))}</p>\n"
                         for i in range(0, len(words), 80))
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>Article {number}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/archive'>Archive</a></nav>"
        f"<article><h1>Article {number}</h1>\n{paragraphs}</article>"
        "<footer>Copyright, all rights reserved</footer></body></html>"
    ).encode()


def write_warc(path: Path, texts: list[Path], *, pages: int, words: int) -> int:
    """Write the archive; the number of bytes of HTML in it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    cache: dict[int, list[str]] = {}
    total = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = {"software": "reuse benchmarks/warc.py"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for number in range(pages):
            k = number % len(texts)
            if k not in cache:
                text = texts[k].read_text(encoding="utf-8", errors="replace")
                cache[k] = text.translate(_CONTROLS).split()  # a few PAN texts hold stray control bytes
            start = (number // len(texts)) * words
            body = page(number, (cache[k][start:] or cache[k])[:words])
            total += len(body)
            url = f"https://bench.example.org/articles/{number}"
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: bench.example.org\r\n\r\n")))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return total


def run_build(reuse: str, index: Path, archive: Path, config: Path) -> tuple[float, float, int, str]:
    """``reuse index build``: (wall seconds, CPU seconds, peak RSS in bytes, its stdout)."""
    env = {**os.environ, "REUSE_CACHE_DIR": "off"}
    out_file, err_file = index.with_suffix(".out"), index.with_suffix(".err")
    start = time.perf_counter()
    with open(out_file, "wb") as out, open(err_file, "wb") as err:
        child = subprocess.Popen(  # noqa: S603 - our own command line
            [reuse, "index", "build", str(index), str(archive), "--isolated", "--config", str(config)],
            stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"reuse index build failed ({code}):\n{err_file.read_text(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out_file.read_text(errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a PAN corpus folder (its src/) or a folder of .txt files")
    parser.add_argument("--pages", type=int, default=10_000, help="pages in the archive (default 10,000)")
    parser.add_argument("--words", type=int, default=600, help="words per page (default 600)")
    parser.add_argument("--default-run-caps", action="store_true",
                        help="keep max_run_chars and max_run_words at their defaults")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    args = parser.parse_args()
    texts = corpus_texts(args.corpus)
    if not texts:
        sys.exit(f"{args.corpus}: no .txt files")
    reuse = str(Path(sys.executable).parent / "reuse")
    folder = Path(tempfile.mkdtemp(prefix="reuse-warc-bench-"))
    try:
        archive = folder / "crawl.warc.gz"
        start = time.perf_counter()
        html_bytes = write_warc(archive, texts, pages=args.pages, words=args.words)
        made = time.perf_counter() - start
        config = folder / "limits.toml"
        run_caps = ("" if args.default_run_caps else
                    f"max_run_chars = {50 * html_bytes}\nmax_run_words = {10 * args.pages * args.words}\n")
        config.write_text(
            f"[limits]\nmax_members = {args.pages}\n{run_caps}max_archive_bytes = {4 * html_bytes + 2**26}\n",
            encoding="utf-8")
        wall, cpu, rss, out = run_build(reuse, folder / "web.sqlite", archive, config)
        index_bytes = (folder / "web.sqlite").stat().st_size
        print(f"archive: {args.pages:,} pages of {args.words} words from {len(texts):,} texts, "
              f"{html_bytes / 2**20:.1f} MiB of HTML, {archive.stat().st_size / 2**20:.1f} MiB gzipped "
              f"(written in {made:.1f} s)")
        print(out.strip())
        print(f"reuse index build: {wall:.1f} s wall, {cpu:.1f} s CPU, {args.pages / wall:.0f} pages/s, "
              f"peak RSS {rss / 2**20:.0f} MiB, index {index_bytes / 2**20:.1f} MiB "
              f"({os.cpu_count()} cores)")
        if args.keep:
            print(f"kept: {folder}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.chdir(PROJECT_ROOT)
    main()
