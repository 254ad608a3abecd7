"""MinHash signatures and LSH band sizes, computed as datasketch computes them, without importing it.

datasketch is the reference (`tests/test_minhash.py` checks every value against its `MinHash` with the
"affine32" scheme, its default since 2.0, and the bands against its `MinHashLSH`), but importing it loads
SciPy's integrator and special functions, a third of a second in every build process, for the one
formula used here. Owning the formula also keeps the signatures, and so the cached ones, the same
whichever datasketch a machine has installed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

NUM_PERM = 128
SEED = 1
# The bands and rows per band datasketch's MinHashLSH chooses for NUM_PERM and a Jaccard threshold of 0.5
# (it weighs false positives against false negatives by numerical integration).
LSH_BANDS, LSH_ROWS = 25, 5

_FMIX32 = (16, np.uint32(0x85EBCA6B), 13, np.uint32(0xC2B2AE35), 16)  # MurmurHash3's finalizer


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h -> a * h + b (mod 2^32), a odd, drawn from its seeded generator."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def signature(hashes: np.ndarray) -> np.ndarray:
    """The NUM_PERM minimum hash values (uint64) of a non-empty set of 32-bit hashes."""
    shift1, multiply1, shift2, multiply2, shift3 = _FMIX32
    mixed = hashes.astype(np.uint32).reshape(-1, 1)
    mixed = (mixed ^ (mixed >> shift1)) * multiply1
    mixed = (mixed ^ (mixed >> shift2)) * multiply2
    mixed = mixed ^ (mixed >> shift3)
    a, b = _permutations()
    return (mixed * a + b).min(axis=0).astype(np.uint64)
