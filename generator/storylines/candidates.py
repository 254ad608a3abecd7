"""Near-linear candidate search: each article's few most similar articles.

The full n x n similarity matrix is never held: sparse_dot_topn multiplies the rows against
the corpus and keeps only each row's top `k` neighbours above a floor as it goes.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sparse_dot_topn import sp_matmul_topn

SEARCH_FEATURES = 30  # each article is looked up by its heaviest features only: enough to find its neighbours
SEARCH_MAX_ARTICLES = 1000  # a feature more articles share than this is not looked up by (see below)


Edges = tuple[np.ndarray, np.ndarray, np.ndarray]  # (i, j, similarity) for each pair, i < j


class NeighbourSearch:
    """The corpus made ready once (each row reduced to its heaviest features), then searched row by row."""

    def __init__(self, matrix: sp.csr_matrix, k: int, floor: float, threads: int = 1) -> None:
        self.reduced = _heaviest(_without_common(matrix.astype(np.float32)), SEARCH_FEATURES)
        self.k, self.floor, self.threads = k, floor, threads

    def edges(self, rows: np.ndarray | None = None, known: Edges | None = None) -> Edges:
        """Edges (i, j, similarity) with i < j: j among the top k of a searched row i (or i among j's), similarity
        >= floor. Every row is searched, or only `rows`: each row's neighbours are the same either way, so the
        edges `known` from other rows are simply added (each pair once).

        `threads` share the rows: sparse_dot_topn's own, in this process, so no other process needs a copy of
        the matrix. Each row's neighbours are the same however many there are.
        """
        searched = np.arange(self.reduced.shape[0]) if rows is None else np.asarray(rows, dtype=np.int64)
        i, j, s = _search_rows(self.reduced, self.k, self.floor, self.threads, searched)
        if known is not None:
            i, j, s = (np.concatenate(pair) for pair in zip(known, (i, j, s)))
        low, high = np.minimum(i, j), np.maximum(i, j)
        order = np.lexsort((high, low))
        low, high, s = low[order], high[order], s[order]
        first = np.ones(len(low), dtype=bool)
        first[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
        return low[first], high[first], s[first]


def _search_rows(
    matrix: sp.csr_matrix, k: int, floor: float, threads: int, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each of `rows`' top k other rows (i, j, similarity) with similarity >= floor.

    sparse_dot_topn multiplies and keeps each row's best as it goes (the full product of a block of rows,
    most of it below the floor, cost three times as much to make and then sift). A row is usually its own
    nearest, so k + 1 are asked for. Ties among those are broken by the lower column.
    """
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=matrix.dtype)
    queries = matrix if len(rows) == matrix.shape[0] else matrix[rows]
    found = sp_matmul_topn(
        queries, matrix.T.tocsr(), top_n=k + 1, threshold=_just_below(floor, matrix.dtype), n_threads=threads if threads > 1 else None
    )
    sources = np.repeat(rows, np.diff(found.indptr))
    targets, scores = found.indices.astype(np.int64), found.data
    others = targets != sources
    sources, targets, scores = sources[others], targets[others], scores[others]
    order = np.lexsort((targets, -scores, sources))
    sources, targets, scores = sources[order], targets[order], scores[order]
    place_in_row = np.arange(len(sources)) - np.searchsorted(sources, sources)
    best = place_in_row < k
    return sources[best], targets[best], scores[best]


def _just_below(floor: float, dtype: np.dtype) -> float:
    """The largest value under `floor` in `dtype`: sparse_dot_topn keeps values above its threshold, the
    search keeps those at the floor too."""
    return float(np.nextafter(dtype.type(floor), dtype.type(-np.inf)))


def _without_common(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The matrix without the features more than SEARCH_MAX_ARTICLES articles share.

    Every pair of articles sharing such a feature would be compared: with a bound on how many share
    each one, the search grows with the corpus, not with its square (docs/performance.md, 100,000
    articles). Corpora under the bound, like the labelled sets, are unchanged; the merge scores still use
    every feature.
    """
    shared_by = np.bincount(matrix.indices, minlength=matrix.shape[1])
    if shared_by.max(initial=0) <= SEARCH_MAX_ARTICLES:
        return matrix
    kept = sp.csr_matrix(matrix @ sp.diags((shared_by <= SEARCH_MAX_ARTICLES).astype(matrix.dtype)))
    kept.eliminate_zeros()
    return kept


def _heaviest(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row reduced to its `keep` largest entries (ties: the lower column)."""
    matrix = matrix.tocsr(copy=True)
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        if end - start > keep:
            values = matrix.data[start:end]
            order = np.lexsort((matrix.indices[start:end], -values))
            values[order[keep:]] = 0.0
    matrix.eliminate_zeros()
    return matrix
