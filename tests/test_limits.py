"""Caps on extracted text (issue #14 §2) beyond ingest: settings, long repetitive texts through
alignment and the index. The caps of the ingest stage are tested in ``tests/ingest/test_limits.py``.
"""

from __future__ import annotations

import json

import pytest

from reuse.errors import ConfigError
from reuse.settings import Limits

from .class_folder import run
from .conftest import FIXTURES

COPY = FIXTURES / "essay_with_copied_paragraph.txt"
WEB = FIXTURES / "web_source_photosynthesis_excerpt.txt"


def test_a_cap_below_one_is_a_configuration_error(tmp_path, monkeypatch, capsys):
    config = tmp_path / "caps.toml"
    config.write_text("[limits]\nmax_chars = 0\n", encoding="utf-8")
    code, _, err = run(["check", str(COPY), "--config", str(config), "--isolated"], monkeypatch, capsys)
    assert code == 2
    assert "max_chars must be >= 1" in err
    with pytest.raises(ConfigError):
        Limits(max_members=0)


def test_two_identical_copies_of_a_long_repetitive_text_are_a_pair_covering_all_of_it(
    tmp_path, monkeypatch, capsys
):
    # every 3-word seed repeats thousands of times and every LSH band is a stop band: before,
    # the repeat limits dropped everything and the copies came out as no pair at all
    text = "The quick brown fox jumps over the lazy dog while the class writes its essays. " * 3000
    for name in ("first.txt", "second.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "result.json"
    first, second = str(tmp_path / "first.txt"), str(tmp_path / "second.txt")
    code, _, _ = run(["check", first, second, "--isolated", "--json", str(out)], monkeypatch, capsys)
    assert code == 1
    pairs = json.loads(out.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) == 1
    (passage,) = pairs[0]["passages"]
    whole = [0, len(text.rstrip(". "))]  # first word to last word
    assert [passage["left_start"], passage["left_end"]] == whole
    assert [passage["right_start"], passage["right_end"]] == whole
    assert passage["kind"] == "exact"


def test_the_similarity_of_very_long_passages_is_computed_in_pieces_and_matches_the_exact_value(
    monkeypatch,
):
    from rapidfuzz.distance import Indel

    from reuse.align import similarity
    words = " ".join(path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))).split()
    edited = [("changed" if k % 9 == 4 else w) for k, w in enumerate(words)]
    edited = edited[:200] + words[300:340] + edited[200:]  # and a moved block
    exact = Indel.normalized_similarity(" ".join(words), " ".join(edited))
    monkeypatch.setattr(similarity, "LONG_PAIR_CHARS", 0)  # every pair is "long"
    monkeypatch.setattr(similarity, "PIECE_CHARS", 300 * 300)
    assert similarity.indel(words, edited) == pytest.approx(exact, abs=0.01)
    assert similarity.indel(words, words) == 1.0


def test_neighbour_counts_for_trimming_match_a_brute_force_count():
    import numpy as np

    from reuse.align.fuzzy import neighbours

    rng = np.random.default_rng(7)
    for _ in range(50):
        points = np.unique(rng.integers(0, 40, size=(200, 2)), axis=0)  # distinct, many per row
        i, j = points[:, 0], points[:, 1]
        reach = int(rng.integers(0, 7))
        brute = [int(np.sum((abs(i - a) <= reach) & (abs(j - b) <= reach))) for a, b in points]
        assert neighbours(i, j, reach).tolist() == brute


@pytest.mark.xfail(
    reason="known limit: an indexed source is found through LSH, whose stop bands skip the windows of a "
    "highly repetitive text; identical texts are paired only among the documents of the run",
    strict=True,
)
def test_an_indexed_source_identical_to_a_repetitive_submission_is_a_pair(tmp_path, monkeypatch, capsys):
    text = "The quick brown fox jumps over the lazy dog while the class writes its essays. " * 3000
    (tmp_path / "old.txt").write_text(text, encoding="utf-8")
    (tmp_path / "new.txt").write_text(text, encoding="utf-8")
    index = str(tmp_path / "old.sqlite")
    code, _, _ = run(["index", "build", index, str(tmp_path / "old.txt"), "--isolated"], monkeypatch, capsys)
    assert code == 0
    out = tmp_path / "result.json"
    run(["check", str(tmp_path / "new.txt"), "--sources", index, "--isolated", "--json", str(out)],
        monkeypatch, capsys)
    assert json.loads(out.read_text(encoding="utf-8"))["pairs"]
