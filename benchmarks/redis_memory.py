#!/usr/bin/env python3
"""Redis memory of the shared index: bytes per window, per key type, against the SQLite file.

Starts its own ``redis-server`` (no persistence) on a free loopback port, builds an index of the
first ``--sources`` source documents of a corpus (default: the PAN 2013 training corpus's
``src`` folder) with ``reuse.pipeline.build_index``, and prints:

- ``used_memory`` (``INFO memory``) before and after, and the difference per indexed window;
- ``MEMORY USAGE`` (exact, ``SAMPLES 0``) summed per key type under the index's prefix;
- the size of a SQLite index of the same documents, for comparison.

Usage::

    python benchmarks/redis_memory.py [CORPUS_SRC_FOLDER] [--sources 400] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from reuse.pipeline import build_index  # noqa: E402

DEFAULT_CORPUS = (
    PROJECT_ROOT.parent.parent / "shared/corpora/pan13-text-alignment-training-corpus-2013-01-21/src"
)
if not DEFAULT_CORPUS.is_dir():  # a checkout (not a worktree) next to ../shared
    DEFAULT_CORPUS = (
        PROJECT_ROOT.parent / "shared/corpora/pan13-text-alignment-training-corpus-2013-01-21/src"
    )
PREFIX = "bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _key_type(name: bytes) -> str:
    """The key's kind under the prefix: ``meta``, ``docs``, ... or ``<name>:*`` for a family."""
    rest = name[len(PREFIX) + 1 :]
    head, sep, tail = rest.partition(b":")
    if sep and tail:
        return f"{head.decode()}:* ({'keys' if tail else ''})".replace(" ()", "")
    return rest.decode("utf-8", "replace")


def measure(corpus: Path, n_sources: int) -> dict[str, object]:
    import redis

    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[:n_sources]
    if not files:
        sys.exit(f"no .txt files in {corpus}")
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        sys.exit("no redis-server on PATH (apt-get install redis-server)")
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - the redis-server found on PATH, with fixed arguments
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        before = int(client.info("memory")["used_memory"])
        started = time.perf_counter()
        index, added, errors = build_index(f"redis://127.0.0.1:{port}/0?prefix={PREFIX}", files, create=True)
        seconds = time.perf_counter() - started
        documents, windows = index.store.counts()
        after = int(client.info("memory")["used_memory"])
        by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for key in client.scan_iter(match=f"{PREFIX}:*", count=10_000):
            usage = client.memory_usage(key, samples=0) or 0
            entry = by_type[_key_type(key)]
            entry[0] += 1
            entry[1] += int(usage)
        with tempfile.TemporaryDirectory() as tmp:
            sqlite_path = Path(tmp) / "same.sqlite"
            build_index(sqlite_path, files, create=True)
            sqlite_bytes = sqlite_path.stat().st_size
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)
    return {
        "sources": len(files),
        "documents": documents,
        "windows": windows,
        "errors": len(errors),
        "added": added,
        "build_seconds": round(seconds, 1),
        "used_memory_before": before,
        "used_memory_after": after,
        "bytes_per_window": round((after - before) / max(windows, 1)),
        "keys": {
            k: {"keys": v[0], "bytes": v[1], "bytes_per_window": round(v[1] / max(windows, 1))}
            for k, v in sorted(by_type.items(), key=lambda kv: -kv[1][1])
        },
        "sqlite_bytes": sqlite_bytes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help="folder of source .txt files (default: the PAN 2013 training corpus's src)",
    )
    parser.add_argument("--sources", type=int, default=400, help="how many source files to index (first N)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: no such folder (pass a folder of source .txt files)")
    figures = measure(args.corpus, args.sources)
    mib = 1024 * 1024
    print(
        f"{figures['sources']} sources, {figures['documents']} documents, {figures['windows']} windows, "
        f"built in {figures['build_seconds']} s"
    )
    used = int(figures["used_memory_after"]) - int(figures["used_memory_before"])  # type: ignore[call-overload]
    print(f"Redis used_memory: +{used / mib:.1f} MiB = {figures['bytes_per_window']} bytes per window")
    print(f"SQLite index of the same documents: {int(figures['sqlite_bytes']) / mib:.1f} MiB")  # type: ignore[call-overload]
    print(f"{'key type':<20} {'keys':>9} {'MiB':>8} {'bytes/window':>13}")
    for name, entry in figures["keys"].items():  # type: ignore[attr-defined]
        print(f"{name:<20} {entry['keys']:>9} {entry['bytes'] / mib:>8.1f} {entry['bytes_per_window']:>13}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
