"""Block minima over a padded, reshaped buffer give exactly the signatures of the ``reduceat`` version.

Below the marker is ``signatures`` as it was (``np.minimum.reduceat`` over the block starts), kept
as the reference with its own copy of the 32-bit finaliser.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.index.fingerprint import MINHASH_SCHEME, shingle_hashes32, signatures
from reuse.text.hashing import Windows


@st.composite
def some_windows(draw):
    shingles = np.array(draw(st.lists(st.integers(0, 2**64 - 1), max_size=200)), dtype=np.uint64)
    stride = draw(st.integers(1, 25))
    n_blocks = -(-shingles.size // stride)
    count = draw(st.integers(1, max(1, n_blocks - 1))) if shingles.size else 0
    start = np.arange(count, dtype=np.int64) * stride
    return Windows(start, start + 2 * stride, shingles, stride)


@given(some_windows(), st.sampled_from([1, 16, 128]), st.integers(0, 3))
@settings(max_examples=400, deadline=None)
def test_signatures_are_exactly_those_of_the_reduceat_version(windows, num_perm, seed):
    got = signatures(windows, num_perm=num_perm, seed=seed)
    expected = reference_signatures(windows, num_perm=num_perm, seed=seed)
    assert got.dtype == expected.dtype == np.uint32
    assert got.shape == expected.shape == (len(windows), num_perm)
    assert np.array_equal(got, expected)


def test_a_last_block_shorter_than_the_stride_takes_only_its_own_shingles():
    shingles = np.arange(1, 46, dtype=np.uint64) << np.uint64(40)  # 45 shingles, stride 20: blocks 20, 20, 5
    windows = Windows(np.array([0, 20]), np.array([40, 45]), shingles, 20)
    expected = reference_signatures(windows, num_perm=64, seed=1)
    assert np.array_equal(signatures(windows, num_perm=64, seed=1), expected)


# --- the reference: reuse/index/fingerprint.py's signatures as it was ------------------------------


def _fmix32(values):
    with np.errstate(over="ignore"):
        h = values
        h = h ^ (h >> np.uint32(16))
        h = h * np.uint32(0x85EBCA6B)
        h = h ^ (h >> np.uint32(13))
        h = h * np.uint32(0xC2B2AE35)
        return h ^ (h >> np.uint32(16))


def reference_signatures(windows: Windows, *, num_perm: int, seed: int) -> np.ndarray:
    if len(windows) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=MINHASH_SCHEME).permutations
    a, b = a.astype(np.uint32), b.astype(np.uint32)
    hv = _fmix32(shingle_hashes32(windows.shingles))
    with np.errstate(over="ignore"):
        permuted = hv[:, None] * a[None, :] + b[None, :]
    block_starts = np.arange(0, hv.size, windows.stride)
    blocks = np.minimum.reduceat(permuted, block_starts, axis=0)
    if blocks.shape[0] == 1:
        return blocks
    return np.minimum(blocks[:-1], blocks[1:])[: len(windows)]
