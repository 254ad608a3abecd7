"""Near-linear candidate search: each article's few most similar articles, found in blocks.

The full n x n similarity matrix is never held: rows are multiplied against the corpus
a block at a time and only each row's top `k` neighbours above a floor are kept.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

BLOCK_ROWS = 512
SEARCH_FEATURES = 30  # each article is looked up by its heaviest features only: enough to find its neighbours
SEARCH_MAX_ARTICLES = 1000  # a feature more articles share than this is not looked up by (see below)


def nearest_neighbours(matrix: sp.csr_matrix, k: int, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i, j, similarity) with i < j: j among i's top k or i among j's, similarity >= floor."""
    n = matrix.shape[0]
    matrix = _heaviest(_without_common(matrix.astype(np.float32)), SEARCH_FEATURES)
    transposed = matrix.T.tocsr()  # converted once: a block product would convert it again for every block
    sources, targets, scores = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).tocsr()
        rows = np.repeat(np.arange(start, start + block.shape[0]), np.diff(block.indptr))
        kept = (block.data >= floor) & (block.indices != rows)  # the whole block at once, then row by row
        columns, values = block.indices[kept], block.data[kept]
        bounds = np.concatenate([[0], np.cumsum(np.bincount(rows[kept] - start, minlength=block.shape[0]))]).tolist()
        for offset in range(block.shape[0]):
            begin, end = bounds[offset], bounds[offset + 1]
            if end - begin > k:
                top = begin + np.argpartition(-values[begin:end], k - 1)[:k]
                sources.append(np.full(k, start + offset))
                targets.append(columns[top])
                scores.append(values[top])
            elif end > begin:
                sources.append(np.full(end - begin, start + offset))
                targets.append(columns[begin:end])
                scores.append(values[begin:end])
    if not sources:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    i = np.concatenate(sources)
    j = np.concatenate(targets)
    s = np.concatenate(scores)
    low, high = np.minimum(i, j), np.maximum(i, j)
    order = np.lexsort((high, low))
    low, high, s = low[order], high[order], s[order]
    first = np.ones(len(low), dtype=bool)
    first[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    return low[first], high[first], s[first]


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
