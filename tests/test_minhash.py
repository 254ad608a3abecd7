"""The project's MinHash is datasketch's, value for value, so near-duplicates fold as datasketch would fold them."""

from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.dedupe import NEAR_SIMILARITY, shingles
from generator.minhash import LSH_BANDS, LSH_ROWS, NUM_PERM, SEED, signature

PROJECT = Path(__file__).resolve().parent.parent


def _datasketch(hashes: np.ndarray) -> np.ndarray:
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=lambda value: value, scheme="affine32")
    reference.update_batch(hashes.tolist())
    return reference.hashvalues.astype(np.uint64)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=300, unique=True))
def test_signatures_equal_datasketch_on_any_set_of_hashes(values):
    hashes = np.array(values, dtype=np.uint64)
    assert np.array_equal(signature(hashes), _datasketch(hashes))


def test_signatures_equal_datasketch_on_the_bundled_articles():
    bodies = [path.read_text(encoding="utf-8") for path in sorted((PROJECT / "content").glob("*.md"))]
    compared = 0
    for body in bodies:
        hashes = shingles(body)
        if len(hashes):
            assert np.array_equal(signature(hashes), _datasketch(hashes))
            compared += 1
    assert compared >= 10


def test_bands_are_those_datasketch_chooses_for_the_threshold():
    index = MinHashLSH(threshold=NEAR_SIMILARITY, num_perm=NUM_PERM)
    assert (LSH_BANDS, LSH_ROWS) == (index.b, index.r)
