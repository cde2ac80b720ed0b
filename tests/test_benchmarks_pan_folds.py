"""Tests for the 2-fold split of the PAN benchmark (``benchmarks/pan.py --folds``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter

import pytest

from tests.conftest import PAN_CORPUS, ROOT

_SPEC = importlib.util.spec_from_file_location("benchmarks_pan", ROOT / "benchmarks" / "pan.py")
assert _SPEC is not None and _SPEC.loader is not None
pan = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = pan  # dataclasses look their module up while the file runs
_SPEC.loader.exec_module(pan)

needs_corpus = pytest.mark.skipif(not PAN_CORPUS.is_dir(), reason=f"PAN corpus not found at {PAN_CORPUS}")


def _pairs(susp_count: int, per_susp: int) -> list:
    subcorpora = ["01", "02", "03", "04", "05"]
    return [
        pan.Pair(f"suspicious-document{d:05d}.txt", f"source-document{d * 10 + k:05d}.txt", subcorpora[k % 5])
        for d in range(1, susp_count + 1)
        for k in range(per_susp)
    ]


def test_the_fold_of_a_suspicious_document_is_the_parity_of_the_first_byte_of_its_names_sha256():
    # sha256("suspicious-document00001.txt") starts with an odd byte, the next three with even ones
    assert [pan.fold_of(f"suspicious-document{d:05d}.txt", 2) for d in range(1, 5)] == [1, 0, 0, 0]


def test_the_split_is_deterministic_and_keeps_the_order_of_the_pairs():
    pairs = _pairs(40, 3)
    first, second = pan.split_folds(pairs, 2), pan.split_folds(list(pairs), 2)
    assert first == second
    for fold in first:
        assert fold == sorted(fold, key=pairs.index)


def test_the_folds_are_disjoint_by_suspicious_document_and_cover_every_pair():
    pairs = _pairs(60, 4)
    folds = pan.split_folds(pairs, 2)
    documents = [{pair.susp for pair in fold} for fold in folds]
    assert not documents[0] & documents[1]
    assert Counter(pair for fold in folds for pair in fold) == Counter(pairs)


def test_three_folds_are_disjoint_too():
    folds = pan.split_folds(_pairs(60, 2), 3)
    assert len(folds) == 3 and all(folds)
    documents = [{pair.susp for pair in fold} for fold in folds]
    assert sum(len(d) for d in documents) == len(set().union(*documents)) == 60


@needs_corpus
def test_on_the_training_corpus_each_half_holds_35_to_65_percent_of_every_subcorpus():
    subcorpora = pan.discover_subcorpora(PAN_CORPUS)
    pairs = pan.load_pairs(PAN_CORPUS, subcorpora, None, None)
    halves = pan.split_folds(pairs, 2)
    totals = Counter(pair.subcorpus for pair in pairs)
    assert sum(len(half) for half in halves) == len(pairs) == 5185
    assert not {p.susp for p in halves[0]} & {p.susp for p in halves[1]}
    for half in halves:
        counts = Counter(pair.subcorpus for pair in half)
        for name, total in totals.items():
            assert 0.35 <= counts[name] / total <= 0.65, (name, counts[name], total)


@needs_corpus
def test_folds_print_each_half_after_the_unchanged_figures_and_leave_the_detection_files_alone(
    tmp_path, capsys
):
    common = [str(PAN_CORPUS), "--subcorpus", "02", "--limit", "6", "--jobs", "1"]
    assert pan.main([*common, "--out", str(tmp_path / "plain")]) == 0
    plain = capsys.readouterr().out
    assert pan.main([*common, "--out", str(tmp_path / "folds"), "--folds", "2",
                     "--json", str(tmp_path / "f.json")]) == 0
    folded = capsys.readouterr().out

    def without_timing(text: str) -> list[str]:
        return [line for line in text.splitlines() if "wall time" not in line]

    plain_lines, folded_lines = without_timing(plain), without_timing(folded)
    assert folded_lines[: len(plain_lines)] == plain_lines
    assert sum(line.startswith("fold ") for line in folded_lines) == 2
    assert "fold" not in plain
    for xml in (tmp_path / "plain").iterdir():
        assert (tmp_path / "folds" / xml.name).read_bytes() == xml.read_bytes()
    figures = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert [fold["fold"] for fold in figures["folds"]] == [1, 2]
    assert sum(fold["pairs"] for fold in figures["folds"]) == 6
