"""Tests for the cohort benchmark (``benchmarks/cohort.py``): its pure helpers and one smoke run."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

_SPEC = importlib.util.spec_from_file_location("benchmarks_cohort", ROOT / "benchmarks" / "cohort.py")
assert _SPEC is not None and _SPEC.loader is not None
cohort = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = cohort  # dataclasses look their module up while the file runs
_SPEC.loader.exec_module(cohort)

SMOKE_TEXTS = [
    "assignment_template.txt",
    "essay_independent_same_topic.txt",
    "essay_light_paraphrase.txt",
    "essay_quoting_source.txt",
    "essay_with_copied_paragraph.txt",
    "web_source_photosynthesis_excerpt.txt",
]


def test_growth_exponent_is_one_when_time_grows_like_the_size():
    assert cohort.growth_exponent(250, 2.0, 1000, 8.0) == pytest.approx(1.0)


def test_growth_exponent_is_two_when_time_grows_like_the_square_of_the_size():
    assert cohort.growth_exponent(100, 1.0, 400, 16.0) == pytest.approx(2.0)


def test_growth_exponent_of_the_issue_figures_is_above_one():
    assert cohort.growth_exponent(250, 3.5, 1000, 36.9) == pytest.approx(math.log(36.9 / 3.5) / math.log(4))


@pytest.mark.parametrize(
    ("n1", "t1", "n2", "t2"), [(10, 1.0, 10, 2.0), (0, 1.0, 10, 2.0), (10, 0.0, 20, 2.0)]
)
def test_growth_exponent_is_undefined_for_equal_sizes_or_zero_values(n1, t1, n2, t2):
    assert cohort.growth_exponent(n1, t1, n2, t2) is None


def _touch(path: Path, text: str = "words") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pan_corpus_gives_its_suspicious_texts_before_its_sources(tmp_path):
    for name in ["src/source-document00002.txt", "src/source-document00001.txt",
                 "susp/suspicious-document00002.txt", "susp/suspicious-document00001.txt",
                 "01-no-plagiarism/suspicious-document00001-source-document00001.xml"]:
        _touch(tmp_path / name)
    names = [p.relative_to(tmp_path).as_posix() for p in cohort.list_texts(tmp_path)]
    assert names == ["susp/suspicious-document00001.txt", "susp/suspicious-document00002.txt",
                     "src/source-document00001.txt", "src/source-document00002.txt"]


def test_a_folder_of_folders_gives_every_text_in_path_order_without_hidden_or_other_files(tmp_path):
    names = ["b/2.txt", "a/z.md", "a/sub/1.html", "top.txt", ".git/x.txt", "a/.hidden.txt", "a/notes.pdf"]
    for name in names:
        _touch(tmp_path / name)
    names = [p.relative_to(tmp_path).as_posix() for p in cohort.list_texts(tmp_path)]
    assert names == ["a/sub/1.html", "a/z.md", "b/2.txt", "top.txt"]


def test_select_texts_takes_the_first_n_and_refuses_more_than_there_are(tmp_path):
    texts = [tmp_path / f"{k}.txt" for k in range(5)]
    assert cohort.select_texts(texts, 3) == texts[:3]
    with pytest.raises(ValueError, match="asked for 6 texts, the corpus has 5"):
        cohort.select_texts(texts, 6)


def test_stage_copies_the_texts_keeping_their_relative_paths(tmp_path):
    corpus = tmp_path / "corpus"
    texts = [_touch(corpus / "susp" / "a.txt", "alpha"), _touch(corpus / "src" / "a.txt", "beta")]
    dest = cohort.stage(corpus, texts, tmp_path / "staged")
    assert (dest / "susp" / "a.txt").read_text(encoding="utf-8") == "alpha"
    assert (dest / "src" / "a.txt").read_text(encoding="utf-8") == "beta"
    assert not (dest / "susp" / "a.txt").is_symlink()


def test_read_counts_reports_no_candidates_when_the_json_result_has_none():
    assert cohort.read_counts({"summary": {"pairs": 7, "findings": 3}}) == (None, 7)
    assert cohort.read_counts({"summary": {"pairs": 7, "compared_pairs": None}}) == (None, 7)


def test_read_counts_takes_the_candidates_from_the_pairs_the_run_compared():
    assert cohort.read_counts({"summary": {"pairs": 7, "compared_pairs": 40}}) == (40, 7)


def _row(n, wall, **extra):
    fields = {"walls": (wall,), "cpu": wall * 0.9, "main_rss_kb": 102400, "worker_rss_kb": None,
              "candidates": None, "aligned": 3}
    return cohort.Row(n=n, **{**fields, **extra})


def test_the_table_shows_one_line_per_size_with_growth_from_the_row_above_and_dashes_for_missing():
    table = cohort.format_table([
        _row(250, 2.0, copydetect=10.0, copydetect_cpu=9.0),
        _row(1000, 16.0, worker_rss_kb=51200, walls=(15.0, 16.0, 40.0), candidates=7209),
    ])
    header, rule, first, second = table.splitlines()
    assert header.split()[:3] == ["texts", "wall", "s"]
    assert set(rule) == {"-"}
    assert first.split() == [
        "250", "2.00", "1.80", "100", "-", "-", "-", "3", "8.00", "-", "10.00", "9.00", "5.0", "5.0"
    ]
    # median wall 16 of (15, 16, 40); 8x the time for 4x the texts is exponent 1.5
    assert second.split() == [
        "1000", "16.00", "14.40", "100", "50", "7209", "7.21", "3", "16.00", "1.50", "-", "-", "-", "-"
    ]


def test_the_ratios_are_copydetect_time_over_reuse_time_for_wall_and_cpu():
    row = _row(250, 2.0, copydetect=10.0, copydetect_cpu=3.6)  # reuse cpu is 1.8
    assert row.ratio == pytest.approx(5.0)
    assert row.cpu_ratio == pytest.approx(2.0)
    assert _row(250, 2.0).ratio is None and _row(250, 2.0).cpu_ratio is None


def test_a_smoke_run_on_six_fixture_texts_prints_one_row_per_size_and_writes_json(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in SMOKE_TEXTS:
        shutil.copyfile(FIXTURES / name, corpus / name)
    out = tmp_path / "cohort.json"
    status = cohort.main([str(corpus), "--n", "3", "6", "--jobs", "1", "--repeat", "1", "--json", str(out)])
    assert status == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[2:4]] == ["3", "6"]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [row["n"] for row in figures["rows"]] == [3, 6]
    six = figures["rows"][1]
    assert six["aligned"] >= 1  # the copied paragraph, the quotation and the paraphrase match their source
    assert six["candidates"] >= six["aligned"]  # every pair with a passage was a candidate
    assert six["candidates_per_text"] == six["candidates"] / 6
    assert six["wall"] > 0 and six["cpu"] > 0 and six["main_rss_kb"] > 10_000
    assert six["growth"] is not None


def test_a_corpus_smaller_than_the_largest_size_fails_with_status_2(tmp_path, capsys):
    _touch(tmp_path / "one.txt")
    assert cohort.main([str(tmp_path), "--n", "2", "--repeat", "1"]) == 2
    assert "asked for 2 texts" in capsys.readouterr().err


def test_texts_within_the_default_run_caps_run_with_the_defaults(tmp_path):
    folder = cohort.stage(FIXTURES, [FIXTURES / name for name in SMOKE_TEXTS], tmp_path / "texts")
    config = tmp_path / "caps.toml"
    assert cohort.run_caps_config(folder, config) is None
    assert not config.exists()
    assert "--config" not in cohort.reuse_command(folder, tmp_path / "r.json", 2)


def test_texts_past_the_run_caps_get_caps_of_twice_their_size_in_a_config_the_check_is_given(tmp_path):
    from reuse.settings import Limits

    folder = cohort.stage(FIXTURES, [FIXTURES / name for name in SMOKE_TEXTS], tmp_path / "texts")
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.txt"))]
    words = sum(len(text.split()) for text in texts)
    chars = sum(len(text) for text in texts)
    config = tmp_path / "caps.toml"
    caps = cohort.run_caps_config(folder, config, Limits(max_run_chars=chars, max_run_words=words - 1))
    assert caps == {"max_run_chars": 2 * chars, "max_run_words": 2 * words}
    written = config.read_text(encoding="utf-8")
    assert written == f"[limits]\nmax_run_chars = {2 * chars}\nmax_run_words = {2 * words}\n"
    command = cohort.reuse_command(folder, tmp_path / "r.json", 2, config=config)
    assert command[command.index("--config") + 1] == str(config) and "--isolated" in command
