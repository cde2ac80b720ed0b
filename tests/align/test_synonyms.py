"""Synonym classes for growing passage ends (``ends.synonyms``, :mod:`reuse.align.synonyms`)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from reuse.align import align
from reuse.align.features import STEMMER
from reuse.align.synonyms import TABLE, class_hashes, classes_of, table
from reuse.report import read_result, result_to_dict
from reuse.settings import AlignOptions, Settings
from reuse.settings.alignment import EndsOptions
from reuse.settings.config import build_settings, load_config
from reuse.text.hashing import word_hash
from reuse.text.normalize import normalize

from ..conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = FIXTURES / "synonyms"


def _maker():
    """``tools/make_synonyms.py``, the script that makes the shipped table."""
    spec = importlib.util.spec_from_file_location("make_synonyms", ROOT / "tools" / "make_synonyms.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_synonyms", module)
    spec.loader.exec_module(module)
    return module


def _aligned(synonyms: bool) -> list[tuple[str, str]]:
    copy, source = (SYNONYMS / "copy.txt").read_text("utf-8"), (SYNONYMS / "source.txt").read_text("utf-8")
    passages = align(normalize(copy), normalize(source), AlignOptions(ends=EndsOptions(synonyms=synonyms)))
    return [(copy[p.left.start : p.left.end], source[p.right.start : p.right.end]) for p in passages]


def test_a_copys_last_sentences_reworded_with_a_thesaurus_are_taken_into_its_passage():
    [(copy, source)] = _aligned(synonyms=True)
    assert copy.endswith("might then select a volume every other week")
    assert source.endswith("could then choose a book each fortnight")


def test_without_synonyms_the_passage_stops_before_the_reworded_sentences():
    [(copy, source)] = _aligned(synonyms=False)
    assert copy.endswith("a first aid post was housed there in wartime")
    assert "physician" not in copy and "doctor" not in source


@pytest.mark.parametrize(("word", "synonym"), [
    ("purchase", "buy"), ("automobile", "car"), ("begin", "start"), ("doctor", "physician"),
    ("child", "kids"), ("pupil", "student"), ("choose", "select"),
])
def test_a_word_and_its_thesaurus_synonym_share_a_class(word, synonym):
    a, b = STEMMER.stemWord(word), STEMMER.stemWord(synonym)
    assert a != b and table()[a] == table()[b]
    assert class_hashes(np.array([word_hash(a)], dtype=np.uint64)) == word_hash(table()[b])


def test_a_stem_outside_every_class_keeps_its_hash_and_a_canonical_stem_keeps_its_own():
    outside, canonical = "librari", table()[STEMMER.stemWord("car")]
    assert outside not in table() and table()[canonical] == canonical
    stems = np.array([word_hash(outside), word_hash(canonical)], dtype=np.uint64)
    assert class_hashes(stems).tolist() == stems.tolist()


def test_the_shipped_table_maps_each_stem_to_one_class_of_two_to_four_stems():
    lines = resources.files("reuse.align").joinpath("data").joinpath(TABLE).read_text("utf-8").splitlines()
    classes = [line.split() for line in lines if line and not line.startswith("#")]
    stems = Counter(stem for found in classes for stem in found)
    assert len(classes) > 5000 and max(stems.values()) == 1
    assert {len(found) for found in classes} == {2, 3, 4}
    assert all(found[0] == min(found) for found in classes)
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in "\n".join(lines[:20])


def test_a_table_line_makes_its_first_stem_the_class_of_every_stem_on_it():
    assert classes_of(["# a comment", "", "begin commenc start"]) == dict.fromkeys(
        ("begin", "commenc", "start"), "begin")


def test_a_polysemous_word_does_not_chain_unrelated_words_together():
    """``bank`` has a river sense and a money sense; each sense's synonyms form a class, and the
    word itself joins only the one its links reach first while the class stays small."""
    by_lemma = {
        "bank": [(20, 1, "n1"), (10, 2, "n2"), (1, 3, "n3")],
        "depository": [(5, 1, "n1")], "treasury": [(2, 1, "n1")],
        "shore": [(9, 1, "n2")], "riverside": [(3, 1, "n2")],
        "embankment": [(0, 1, "n3")], "levee": [(0, 1, "n3")], "dyke": [(0, 1, "n3")],
    }
    found = _maker().classes(by_lemma)
    stem = STEMMER.stemWord
    assert [stem("bank"), stem("depository"), stem("treasury")] in [sorted(g) for g in found]
    assert sorted([stem("riverside"), stem("shore")]) in found
    assert all(len(g) <= 4 for g in found)
    assert not any(stem("bank") in g and stem("shore") in g for g in found)


def test_a_lemmas_fourth_sense_links_it_to_nothing():
    by_lemma = {"alpha": [(9, 1, "n1"), (8, 2, "n2"), (7, 3, "n3"), (6, 4, "n4")], "omega": [(1, 1, "n4")]}
    assert _maker().classes(by_lemma) == []


def test_the_setting_is_read_from_the_configuration_file(tmp_path):
    path = tmp_path / "reuse.toml"
    path.write_text("[align.ends]\nsynonyms = false\n", encoding="utf-8")
    assert build_settings(load_config(path).values).align.ends.synonyms is False
    assert Settings().align.ends.synonyms is True


def test_a_result_of_schema_1_6_reads_back_with_ends_grown_on_the_stems(tmp_path):
    from reuse.pipeline import check

    result = check([SYNONYMS / "copy.txt"], sources=[SYNONYMS / "source.txt"], cache_dir=tmp_path / "cache")
    data = result_to_dict(result, when="2026-01-01T00:00:00Z")
    assert data["settings"]["align"]["grow_synonyms"] is True
    data["schema_version"] = "1.6"
    del data["settings"]["align"]["grow_synonyms"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again, _ = read_result(path)
    assert again.settings.align.ends.synonyms is False
    assert again.pairs == result.pairs
