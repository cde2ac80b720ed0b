"""Shingles, windows and MinHash signatures: deterministic, datasketch-compatible, vectorised."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from reuse.index import IndexParams, WindowIndex
from reuse.index.fingerprint import (
    KNOWN_LAYOUTS,
    MINHASH_SCHEME,
    band_keys,
    band_layout,
    permutations,
    shingle_hashes32,
    signatures,
)
from reuse.settings import FingerprintOptions
from reuse.text.hashing import shingle_hashes, windows, word_hashes
from reuse.text.normalize import normalize


def test_each_window_signature_is_the_datasketch_minhash_of_the_words_it_says_it_covers(fixture_text):
    text = normalize(fixture_text("essay_with_copied_paragraph.txt"))
    wins = windows(text, shingle_words=3, window_words=40)
    sigs = signatures(wins, num_perm=128, seed=1)
    assert len(wins) > 3
    for k in range(len(wins)):
        words = text.words[int(wins.word_start[k]) : int(wins.word_end[k])]
        reference = MinHash(num_perm=128, seed=1, hashfunc=lambda value: value)
        reference.update_batch(int(h) for h in shingle_hashes32(shingle_hashes(word_hashes(words), 3)))
        assert np.array_equal(reference.hashvalues, sigs[k]), f"window {k}"


def test_every_window_but_the_last_covers_window_plus_shingle_words_and_the_last_ends_the_text(fixture_text):
    text = normalize(fixture_text("essay_with_copied_paragraph.txt"))
    wins = windows(text, shingle_words=3, window_words=40)
    assert np.all(wins.word_end[:-1] - wins.word_start[:-1] == 40 + 3 - 1)
    assert wins.word_end[-1] == text.word_count


def test_band_layout_is_the_one_datasketch_picks():
    layout = band_layout(0.12, 128)
    lsh = MinHashLSH(threshold=0.12, num_perm=128)
    assert (layout.bands, layout.rows) == (lsh.b, lsh.r)


def test_hashes_are_the_same_in_another_process_with_another_hash_seed():
    code = ("from reuse.text.hashing import word_hashes; "
            "print(int(word_hashes(['lenin', 'power'])[0]))")
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    }
    assert outputs == {f"{int(word_hashes(['lenin'])[0])}\n"}


def test_shingles_of_a_short_text_cover_all_its_words():
    assert shingle_hashes(word_hashes(["one", "two"]), 3).size == 1
    assert shingle_hashes(word_hashes([]), 3).size == 0


def test_windows_overlap_by_half_and_cover_the_text(fixture_text):
    text = normalize(fixture_text("essay_with_copied_paragraph.txt"))
    wins = windows(text, shingle_words=3, window_words=40)
    assert wins.word_start[0] == 0
    assert np.all(np.diff(wins.word_start) == 20)
    assert wins.word_end[-1] >= text.word_count - 20


def test_identical_windows_share_every_band_key(fixture_text):
    text = normalize(fixture_text("web_source_photosynthesis_excerpt.txt"))
    sigs = signatures(windows(text, shingle_words=3, window_words=40), num_perm=128, seed=1)
    layout = band_layout(0.12, 128)
    assert np.array_equal(band_keys(sigs, layout), band_keys(sigs.copy(), layout))
    assert band_keys(sigs, layout).shape == (sigs.shape[0], layout.bands)


def test_two_windows_share_a_band_key_exactly_when_that_band_of_their_signatures_is_equal(fixture_text):
    layout = band_layout(0.12, 128)
    sigs = np.concatenate([
        signatures(windows(normalize(fixture_text(name)), shingle_words=3, window_words=40),
                   num_perm=128, seed=1)
        for name in ("essay_with_copied_paragraph.txt", "web_source_photosynthesis_excerpt.txt")
    ])
    keys = band_keys(sigs, layout)
    rows = sigs[:, : layout.bands * layout.rows].reshape(sigs.shape[0], layout.bands, layout.rows)
    same_rows = np.all(rows[:, None, :, :] == rows[None, :, :, :], axis=3)  # (window, window, band)
    same_key = keys[:, None, :] == keys[None, :, :]
    assert same_rows.any() and not same_rows.all()  # the copied paragraph shares bands, the rest does not
    assert np.array_equal(same_key, same_rows)


def test_the_band_keys_of_one_window_differ_from_band_to_band_and_fit_47_bits(fixture_text):
    text = normalize(fixture_text("web_source_photosynthesis_excerpt.txt"))
    keys = band_keys(signatures(windows(text, shingle_words=3, window_words=40), num_perm=128, seed=1),
                     band_layout(0.12, 128))
    assert all(len(set(row)) == keys.shape[1] for row in keys.tolist())
    assert keys.min() >= 0 and keys.max() < 2**47


def test_band_keys_fit_sqlite_six_byte_integers(fixture_text):
    text = normalize(fixture_text("web_source_photosynthesis_excerpt.txt"))
    _, keys = WindowIndex(IndexParams.from_options(FingerprintOptions())).fingerprint(text)
    assert keys.dtype == np.int64 and keys.min() >= 0 and keys.max() < 2**47


def test_known_band_layouts_are_the_ones_datasketch_picks():
    for (threshold, num_perm), layout in KNOWN_LAYOUTS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        assert (layout.bands, layout.rows) == (lsh.b, lsh.r)


def test_a_band_layout_off_the_defaults_is_the_one_datasketch_picks():
    layout = band_layout(0.3, 256)
    lsh = MinHashLSH(threshold=0.3, num_perm=256)
    assert (layout.bands, layout.rows) == (lsh.b, lsh.r)


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (16, 0), (64, 7), (1024, 12345)])
def test_permutations_are_datasketchs_affine32_permutations(num_perm, seed):
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=MINHASH_SCHEME).permutations
    mine = permutations(num_perm, seed)
    assert mine[0].dtype == mine[1].dtype == np.uint32
    assert np.array_equal(mine[0], a) and np.array_equal(mine[1], b)


def test_a_check_does_not_import_datasketch_or_scipy_with_the_default_settings():
    samples = Path(__file__).resolve().parents[2] / "samples"
    code = ("import sys; import reuse.cli.app; from reuse.pipeline import check; "
            "from reuse.settings import Settings; "
            f"result = check([{str(samples / 'submissions')!r}], sources=[{str(samples / 'sources')!r}], "
            "settings=Settings(jobs=1)); assert result.pairs; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('datasketch', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"
