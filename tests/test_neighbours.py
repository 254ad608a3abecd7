"""The neighbour search shares its rows between threads: every thread count finds the same neighbours
for each row, so the storylines never depend on it; and what it finds is each row's nearest."""

from __future__ import annotations

import numpy as np
from scipy import sparse

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


def test_threads_find_the_same_edges_as_one():
    matrix = _articles()
    alone = candidates.NeighbourSearch(matrix, 10, 0.05).edges()
    assert len(alone[0]) > matrix.shape[0]  # a real graph: most rows have several neighbours
    for threads in (2, 3):
        shared = candidates.NeighbourSearch(matrix, 10, 0.05, threads).edges()
        for found, expected in zip(shared, alone):
            assert np.array_equal(found, expected)


def test_each_edge_is_among_a_rows_nearest_and_above_the_floor():
    matrix = _articles(count=300, seed=5)
    low, high, scores = candidates.NeighbourSearch(matrix, 5, 0.05).edges()
    search = candidates._heaviest(matrix.astype(np.float32), candidates.SEARCH_FEATURES)
    similarity = (search @ search.T).toarray()
    np.fill_diagonal(similarity, -1.0)
    kth = -np.sort(-similarity, axis=1)[:, 4]  # each row's fifth highest similarity
    edges = set(zip(low.tolist(), high.tolist()))
    assert (scores >= 0.05).all()
    assert all((min(i, j), max(i, j)) in edges for i, j in zip(*np.nonzero((similarity >= kth[:, None]) & (similarity >= 0.05))))
    assert all(similarity[i, j] >= min(kth[i], kth[j]) - 1e-6 for i, j in zip(low.tolist(), high.tolist()))
    assert (low < high).all() and len(edges) == len(low)


def test_searching_some_rows_finds_exactly_their_edges_of_the_whole_search():
    """A rebuild searches only its new articles' rows: each must get the neighbours, and the very scores,
    the search of every row gives it."""
    matrix = _articles(count=800, seed=7)
    low, high, scores = candidates.NeighbourSearch(matrix, 10, 0.05).edges()
    rows = np.array([3, 250, 251, 799])
    search = candidates.NeighbourSearch(matrix, 10, 0.05)
    some = search.edges(rows)
    assert len(some[0]) >= 4 * 5
    every = {(i, j): s for i, j, s in zip(low.tolist(), high.tolist(), scores.tolist())}
    assert all(every[(i, j)] == s for i, j, s in zip(*(part.tolist() for part in some)))
    assert all(i in rows or j in rows for i, j in zip(some[0].tolist(), some[1].tolist()))
    assert len(search.edges(np.array([], dtype=np.int64))[0]) == 0
