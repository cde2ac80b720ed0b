"""A class of essays large enough for every parallel stage to use its workers: 24 essays cut from the
sample corpus's sentences, each sharing sentences with several others (helper of the executor tests)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from .conftest import FIXTURES, SAMPLES

ESSAYS = 24


def sentences() -> list[str]:
    """Every sentence of the sample submissions, sources and fixture essays, in a fixed order."""
    files = sorted([*SAMPLES.glob("submissions/*.txt"), *SAMPLES.glob("sources/*.txt"),
                    *FIXTURES.glob("*.txt")])
    found: list[str] = []
    for path in files:
        text = " ".join(path.read_text(encoding="utf-8").split())
        found += [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 8]
    return found


def write_class(folder: Path, *, essays: int = ESSAYS) -> Path:
    """``essays`` essays of 14 sentences in ``folder``: sentences drawn with a fixed seed, so that pairs
    share some of them (copied passages) and not others."""
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(essays):
        rng = random.Random(k // 3)  # noqa: S311 (reproducible: three essays per draw share most sentences)
        chosen = rng.sample(pool, 14)
        random.Random(k).shuffle(chosen)  # noqa: S311
        (folder / f"student_{k:02d}.txt").write_text("\n\n".join(chosen) + "\n", encoding="utf-8")
    return folder
