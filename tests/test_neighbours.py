"""A large corpus's neighbour search is spread over the build's processes in parts: every part finds the
same neighbours for its rows as one search over all rows would, so the storylines never depend on it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from generator.executor import LocalExecutor
from generator.storylines import candidates


def _articles(count: int = 1500, features: int = 600, seed: int = 3) -> sparse.csr_matrix:
    """Unit rows over features of very different frequencies, as words are."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, features + 1)
    rows = [rng.choice(features, size=int(rng.integers(5, 40)), replace=False, p=popularity / popularity.sum()) for _ in range(count)]
    matrix = sparse.csr_matrix(
        (rng.random(sum(map(len, rows))), (np.repeat(np.arange(count), [len(r) for r in rows]), np.concatenate(rows))),
        shape=(count, features),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


@pytest.fixture
def spread_from_the_start(monkeypatch):
    monkeypatch.setattr(candidates, "SPREAD_FROM", 0)


def _one_search(matrix, monkeypatch) -> tuple[np.ndarray, ...]:
    with monkeypatch.context() as one_part:
        one_part.setattr(candidates, "SPREAD_FROM", matrix.shape[0] + 1)
        return candidates.nearest_neighbours(matrix, 10, 0.05)


def test_parts_searched_in_worker_processes_find_the_same_edges(monkeypatch, spread_from_the_start):
    matrix = _articles()
    executor = LocalExecutor(2)
    try:
        spread = candidates.nearest_neighbours(matrix, 10, 0.05, executor.map_each)
    finally:
        executor.close()
    whole = _one_search(matrix, monkeypatch)
    assert len(whole[0]) > matrix.shape[0]  # a real graph: most rows have several neighbours
    for found, expected in zip(spread, whole):
        assert np.array_equal(found, expected)


def test_each_edge_is_among_a_rows_nearest_and_above_the_floor(monkeypatch, spread_from_the_start):
    matrix = _articles(count=300, seed=5)
    low, high, scores = candidates.nearest_neighbours(matrix, 5, 0.05)
    search = candidates._heaviest(matrix.astype(np.float32), candidates.SEARCH_FEATURES)
    similarity = (search @ search.T).toarray()
    np.fill_diagonal(similarity, -1.0)
    kth = -np.sort(-similarity, axis=1)[:, 4]  # each row's fifth highest similarity
    edges = set(zip(low.tolist(), high.tolist()))
    assert (scores >= 0.05).all()
    assert all((min(i, j), max(i, j)) in edges for i, j in zip(*np.nonzero((similarity >= kth[:, None]) & (similarity >= 0.05))))
    assert all(similarity[i, j] >= min(kth[i], kth[j]) - 1e-6 for i, j in zip(low.tolist(), high.tolist()))
    assert (low < high).all() and len(edges) == len(low)
