"""Hostile inputs: time and peak memory of ``reuse check`` on each (issue #14 §2).

Generates each input in a temporary folder, runs ``reuse check`` on it in a child process (the
``reuse`` next to this Python, else ``python -m reuse``) with the default settings, and prints a
Markdown table: input, size on disk, exit status, outcome (the first error, or the pairs found),
wall time and peak RSS of the run (``os.wait4``: the child and the workers it waited for).
Each run also gets an ordinary essay, so it shows the run going on past the refused file.

    python benchmarks/hostile.py            # every input
    python benchmarks/hostile.py txt45 odt  # only those whose key starts with these

Every run should end in seconds and well under 1 GB: an input over a cap is refused as a
per-file error naming the cap (README, "Caps and hostile inputs").
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINE = "All work and no play makes Jack a dull boy, said the essay once more. "
_VOCABULARY = [f"{a}{b}{c}" for a in ("ka", "lo", "mi", "ne", "su", "ta", "vo", "ri") for b in
               ("ban", "cor", "dil", "fen", "gus", "hal", "jor", "kel", "lum", "mar") for c in
               ("a", "e", "i", "o", "u", "ae", "io", "us", "um", "ent")]  # 800 made-up words


def _words(count: int, seed: int) -> str:
    """``count`` pseudo-random words in sentences (compresses like prose, about 3:1)."""
    rng = random.Random(seed)  # noqa: S311 - made-up words, not secrets
    out = []
    for k in range(count):
        word = rng.choice(_VOCABULARY)
        out.append(word + (". " if k % 15 == 14 else " "))
    return "".join(out)


def _odt(path: Path, write_body: Callable[[io.BufferedIOBase], None]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        mimetype = "application/vnd.oasis.opendocument.text"
        package.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        with package.open("content.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
                       "<office:body><office:text>".encode())
            write_body(part)  # type: ignore[arg-type]
            part.write(b"</office:text></office:body></office:document-content>")


def odt_bomb(folder: Path) -> list[Path]:
    """A .odt whose content.xml unpacks to 150 MB of paragraphs (a few hundred kB packed)."""
    path = folder / "bomb.odt"
    paragraph = f"<text:p>{LINE * 10}</text:p>".encode()

    def body(part: io.BufferedIOBase) -> None:
        for _ in range(150_000_000 // len(paragraph)):
            part.write(paragraph)

    _odt(path, body)
    return [path]


def odt_spaces(folder: Path) -> list[Path]:
    """A .odt with one ``text:s`` element asking for a billion spaces."""
    path = folder / "spaces.odt"
    _odt(path, lambda part: part.write(b'<text:p>Essay<text:s text:c="1000000000"/>end</text:p>'))
    return [path]


def docx_entities(folder: Path) -> list[Path]:
    """A .docx whose document.xml declares a billion-laughs entity chain."""
    laughs = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10 if k else "lol"}">' for k in range(10))
    document = (f'<?xml version="1.0"?><!DOCTYPE w:document [{laughs}]><w:document xmlns:w="{W_NS}">'
                "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>")
    path = folder / "laughs.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", document)
    return [path]


def zip_many_large(folder: Path) -> list[Path]:
    """A ~1 MB zip of 240 members of 1 MB each (one line repeated)."""
    path = folder / "export.zip"
    member = (LINE * (1_000_000 // len(LINE) + 1))[:1_000_000].encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for k in range(240):
            archive.writestr(f"student{k:03d}/essay.txt", member)
    return [path]


def zip_many_members(folder: Path) -> list[Path]:
    """A zip of 20,000 small essays (more than ``max_members``)."""
    path = folder / "huge_export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for k in range(20_000):
            archive.writestr(f"s{k:05d}/essay.txt", f"Essay number {k}. {LINE}")
    return [path]


def zip_nested(folder: Path) -> list[Path]:
    """A zip in a zip in a zip in a zip (one level of nesting is read)."""
    data = _words(400, 1).encode()
    name = "essay.txt"
    for level in range(4):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = out.getvalue(), f"level{level}.zip"
    path = folder / "nested.zip"
    path.write_bytes(data)
    return [path]


def txt45(folder: Path) -> list[Path]:
    """A 45 MB .txt (under the 50 MB file limit)."""
    path = folder / "long.txt"
    block = _words(100_000, 2).encode()
    with open(path, "wb") as handle:
        for _ in range(45_000_000 // len(block) + 1):
            handle.write(block)
    return [path]


def identical_repetitive(folder: Path) -> list[Path]:
    """Two byte-identical copies of one sentence repeated to 1.2 MB (240,000 words)."""
    text = (LINE * (1_200_000 // len(LINE) + 1))[:1_200_000]
    paths = [folder / "first.txt", folder / "second.txt"]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths


def thesis_pair(folder: Path) -> list[Path]:
    """A text near the caps (250,000 words, 1.9 MB) and an edited copy (1 word in 40 changed)."""
    words = _words(250_000, 3).split(" ")
    edited = [("changed" if k % 40 == 39 else w) for k, w in enumerate(words)]
    paths = [folder / "thesis.txt", folder / "thesis_edited.txt"]
    paths[0].write_text(" ".join(words), encoding="utf-8")
    paths[1].write_text(" ".join(edited), encoding="utf-8")
    return paths


def big_class(folder: Path) -> list[Path]:
    """30 different texts of 1 MB each: more text than ``max_run_chars`` allows in one run."""
    paths = []
    for k in range(30):
        path = folder / f"student{k:02d}.txt"
        path.write_text(_words(150_000, 100 + k)[:1_000_000], encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True, slots=True)
class Case:
    key: str
    label: str
    make: Callable[[Path], list[Path]]


CASES = (
    Case("odt-bomb", ".odt, content.xml unpacks to 150 MB", odt_bomb),
    Case("odt-spaces", ".odt, one text:s of 10^9 spaces", odt_spaces),
    Case("docx-entities", ".docx, billion-laughs entities", docx_entities),
    Case("zip-large", "zip, 240 members of 1 MB (one line repeated)", zip_many_large),
    Case("zip-members", "zip, 20,000 members", zip_many_members),
    Case("zip-nested", "zip in a zip in a zip in a zip", zip_nested),
    Case("txt45", ".txt of 45 MB", txt45),
    Case("identical", "2 identical .txt, one line repeated to 1.2 MB", identical_repetitive),
    Case("thesis", "2 .txt of 250,000 words, one edited (1 word in 40)", thesis_pair),
    Case("class", "30 different .txt of 1 MB (30 MB, over max_run_chars)", big_class),
)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("reuse")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reuse"]


def run_case(case: Case, folder: Path) -> dict[str, object]:
    inputs = case.make(folder)
    size = sum(p.stat().st_size for p in inputs)
    essay = folder / "ordinary_essay.txt"  # a readable file beside it: the run must go on
    essay.write_text(_words(800, 4), encoding="utf-8")
    inputs.append(essay)
    result = folder / "result.json"
    env = {**os.environ, "REUSE_CACHE_DIR": "off"}
    command = [*_command(), "check", *map(str, inputs), "--isolated", "--json", str(result), "--quiet"]
    started = time.monotonic()
    with open(folder / "stderr.txt", "wb") as err:
        child = subprocess.Popen(  # noqa: S603 - our own command line
            command, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=folder
        )
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code
    stderr = (folder / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    outcome = ""
    if result.exists():
        data = json.loads(result.read_text(encoding="utf-8"))
        errors = data["errors"]
        if errors:
            outcome = f"{Path(errors[0]['path']).name}: {errors[0]['message']}"
            if len(errors) > 1:
                outcome += f" (+{len(errors) - 1} more errors)"
        pairs = data["pairs"]
        if pairs:
            best = pairs[0]
            coverage = max(best["left_coverage"], best["right_coverage"])
            found = f"{len(pairs)} pair(s), best coverage {coverage:.0%}"
            outcome = f"{outcome}; {found}" if outcome else found
    if not outcome:
        lines = [line for line in stderr.splitlines() if line.strip()]
        outcome = lines[0] if lines else "(no error, no pair)"
    if "Traceback" in stderr:
        outcome = "CRASH: " + outcome
    return {"input": case.label, "size": size, "exit": code, "outcome": outcome, "wall": wall,
            "rss": usage.ru_maxrss / 1024}


def _size(n: int) -> str:
    for unit, scale in (("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("only", nargs="*", help="run only the cases whose key starts with one of these")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if not args.only or any(c.key.startswith(o) for o in args.only)]
    print("| input | size | exit | outcome | wall | peak RSS |")
    print("|---|---:|---:|---|---:|---:|")
    for case in cases:
        with tempfile.TemporaryDirectory(prefix=f"reuse-hostile-{case.key}-") as tmp:
            row = run_case(case, Path(tmp))
        outcome = str(row["outcome"]).replace("|", "\\|")
        if len(outcome) > 150:
            outcome = outcome[:147] + "..."
        print(f"| {row['input']} | {_size(int(row['size']))} | {row['exit']} | {outcome} "  # type: ignore[call-overload]
              f"| {row['wall']:.1f} s | {row['rss']:.0f} MB |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
