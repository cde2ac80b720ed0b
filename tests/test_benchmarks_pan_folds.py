"""Tests for the PAN benchmark (``benchmarks/pan.py``): its 2-fold split, and how it calls the aligner."""

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


def _tiny_corpus(root, susp_text: str, src_text: str, cases: list[tuple[int, int, int, int]]):
    """A one-pair corpus with sub-corpus ``03-x``: the two texts and a truth file with ``cases``."""
    for folder, name, text in (("susp", "suspicious-document00001.txt", susp_text),
                               ("src", "source-document00001.txt", src_text)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text(text, encoding="utf-8")
    sub = root / "03-x"
    sub.mkdir()
    (sub / "pairs").write_text("suspicious-document00001.txt source-document00001.txt\n", encoding="utf-8")
    features = "".join(
        f'<feature name="plagiarism" this_offset="{a}" this_length="{b - a}" '
        f'source_reference="source-document00001.txt" source_offset="{c}" source_length="{d - c}" />'
        for a, b, c, d in cases
    )
    (sub / "suspicious-document00001-source-document00001.xml").write_text(
        f'<document reference="suspicious-document00001.txt">{features}</document>', encoding="utf-8"
    )
    pair = pan.Pair("suspicious-document00001.txt", "source-document00001.txt", "03")
    return pan.discover_subcorpora(root), [pair]


def test_cases_with_a_side_under_min_words_are_counted_with_the_recall_they_hold(tmp_path):
    twelve = "one two three four five six seven eight nine ten eleven twelve. "
    susp = twelve * 3  # 36 words
    src = twelve * 3
    short_end = len(twelve) * 2  # 24 words on the suspicious side, 36 on the source side
    cases = [(0, short_end, 0, len(src)), (0, len(susp), 0, len(src))]
    subcorpora, pairs = _tiny_corpus(tmp_path, susp, src, cases)
    truth = pan.read_truth(subcorpora, pairs)[pairs[0]]
    assert pan.short_cases(tmp_path, truth, 25) == 1
    assert pan.format_short_cases(tmp_path, subcorpora, pairs, 25) == (
        "cases under min_words, 03-x: 1/2 have a side of fewer than 25 words, 0.5000 of the recall "
        "(found only as a verbatim run or inside a longer passage)"
    )
    assert pan.format_short_cases(tmp_path, subcorpora, pairs, 24) == ""


def test_the_benchmark_aligns_with_each_documents_word_features_computed_once_and_finds_the_same():
    from reuse.align import align
    from reuse.text.normalize import normalize
    from tests.conftest import FIXTURES

    essay = (FIXTURES / "essay_with_copied_paragraph.txt").read_text(encoding="utf-8")
    web = (FIXTURES / "web_source_photosynthesis_excerpt.txt").read_text(encoding="utf-8")
    left, right = pan.reuse_prepare(essay), pan.reuse_prepare(web)
    assert left[1] is not None and right[1] is not None  # the features travel with the text
    passages = align(normalize(essay), normalize(web))
    plain = [(p.left.start, p.left.end, p.right.start, p.right.end) for p in passages]
    assert plain and pan.reuse_align(left, right) == plain
