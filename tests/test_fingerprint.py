"""Shingles, windows and MinHash signatures: deterministic, datasketch-compatible, vectorised."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from datasketch import MinHash, MinHashLSH

from reuse.fingerprint import band_keys, band_layout, shingle_hashes32, signatures
from reuse.text.hashing import shingle_hashes, windows, word_hashes
from reuse.text.normalize import normalize


def test_window_signatures_equal_datasketch_minhash_of_the_same_shingles(fixture_text):
    text = normalize(fixture_text("essay_with_copied_paragraph.txt"))
    wins = windows(text, shingle_words=3, window_words=40)
    sigs = signatures(wins, num_perm=128, seed=1)
    hashes = shingle_hashes32(wins.shingles)
    for k in range(len(wins)):
        reference = MinHash(num_perm=128, seed=1, hashfunc=lambda value: value)
        reference.update_batch(int(h) for h in hashes[k * wins.stride : k * wins.stride + 2 * wins.stride])
        assert np.array_equal(reference.hashvalues, sigs[k])


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
