"""MinHash signatures of windows and LSH band keys, vectorised with numpy.

The permutations are datasketch's own (``MinHash(num_perm, seed).permutations``, scheme
``affine32``), and a window's signature is exactly what ``datasketch.MinHash`` computes from the
same 32-bit shingle hashes (a test checks this), but all windows of a text are computed in one
numpy pass instead of one Python call per shingle. The band layout (``bands`` x ``rows``) is the
one ``datasketch.MinHashLSH`` picks for the threshold.

datasketch is imported only for settings off the defaults: importing it imports ``scipy.integrate``
(for the band-layout optimiser), about 0.6 s of a run's serial start. The default layout
(:data:`KNOWN_LAYOUTS`) and datasketch's permutations (:func:`permutations`, its own recipe) are
checked against datasketch by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from reuse.text.hashing import Windows, splitmix

MINHASH_SCHEME = "affine32"
HASH_NAME = "blake2b64-words+splitmix64-shingles+bandkey47"


def _fmix32(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3 32-bit finaliser, as datasketch applies before its affine permutations."""
    with np.errstate(over="ignore"):
        h = values
        h = h ^ (h >> np.uint32(16))
        h = h * np.uint32(0x85EBCA6B)
        h = h ^ (h >> np.uint32(13))
        h = h * np.uint32(0xC2B2AE35)
        mixed: npt.NDArray[np.uint32] = h ^ (h >> np.uint32(16))
        return mixed


@dataclass(frozen=True, slots=True)
class BandLayout:
    """How a signature is cut into LSH bands."""

    bands: int
    rows: int


KNOWN_LAYOUTS: dict[tuple[float, int], BandLayout] = {(0.12, 128): BandLayout(bands=64, rows=2)}
"""The band layout datasketch's MinHashLSH chooses for the default ``(threshold, num_perm)`` (a test
checks every entry against datasketch)."""


@lru_cache(maxsize=16)
def band_layout(threshold: float, num_perm: int) -> BandLayout:
    """The band layout datasketch's MinHashLSH chooses for ``threshold`` and ``num_perm``."""
    known = KNOWN_LAYOUTS.get((threshold, num_perm))
    if known is not None:
        return known
    from datasketch import MinHashLSH  # imports scipy: only off the defaults

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return BandLayout(bands=lsh.b, rows=lsh.r)


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``MinHash(num_perm, seed, scheme="affine32").permutations`` by datasketch's own recipe (a
    ``RandomState(seed)`` drawing odd multipliers, then offsets), without importing datasketch."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def shingle_hashes32(shingles: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
    """The 32-bit hash values fed to MinHash (high half of each 64-bit shingle hash)."""
    high: npt.NDArray[np.uint64] = shingles >> np.uint64(32)
    return high.astype(np.uint32)


def signatures(windows: Windows, *, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signature of every window: a ``(len(windows), num_perm)`` uint32 array.

    The permuted hashes are computed in place into a buffer padded to whole blocks with the
    largest value (neutral for ``min``), so each block's minimum is one reduction over a reshaped
    axis rather than a ``reduceat``.
    """
    if len(windows) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    hv = _fmix32(shingle_hashes32(windows.shingles))
    n_blocks = -(-hv.size // windows.stride)
    permuted = np.empty((n_blocks * windows.stride, num_perm), dtype=np.uint32)
    real = permuted[: hv.size]
    with np.errstate(over="ignore"):
        np.multiply(hv[:, None], a[None, :], out=real)
        np.add(real, b[None, :], out=real)
    permuted[hv.size :] = np.iinfo(np.uint32).max
    blocks: np.ndarray = permuted.reshape(n_blocks, windows.stride, num_perm).min(axis=1)
    if blocks.shape[0] == 1:
        return blocks
    overlapping: np.ndarray = np.minimum(blocks[:-1], blocks[1:])[: len(windows)]
    return overlapping


def band_keys(sigs: np.ndarray, layout: BandLayout) -> npt.NDArray[np.int64]:
    """One 47-bit key per (window, band): a ``(len(sigs), bands)`` int64 array.

    The key mixes the band number with its rows, so equal rows in different bands never collide.
    47 bits fit SQLite's 6-byte integer (a smaller index); chance collisions between different
    keys stay negligible (about 64 M keys at 1 M windows in 1.4e14 values), and every hit is
    verified on the signatures anyway.
    """
    n = sigs.shape[0]
    used = sigs[:, : layout.bands * layout.rows].astype(np.uint64).reshape(n, layout.bands, layout.rows)
    with np.errstate(over="ignore"):
        key = np.broadcast_to(
            np.arange(layout.bands, dtype=np.uint64) + np.uint64(1), (n, layout.bands)
        ).copy()
        for row in range(layout.rows):
            key = splitmix(key * np.uint64(0x100000001B3) + used[:, :, row])
    high: npt.NDArray[np.uint64] = key >> np.uint64(17)
    return high.astype(np.int64)
