"""Near-linear candidate search: each article's few most similar articles, found in blocks.

The full n x n similarity matrix is never held: rows are multiplied against the corpus
a block at a time and only each row's top `k` neighbours above a floor are kept.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

BLOCK_ROWS = 512
SEARCH_FEATURES = 30  # each article is looked up by its heaviest features only: enough to find its neighbours


def nearest_neighbours(matrix: sp.csr_matrix, k: int, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i, j, similarity) with i < j: j among i's top k or i among j's, similarity >= floor."""
    n = matrix.shape[0]
    matrix = _heaviest(matrix.astype(np.float32), SEARCH_FEATURES)
    transposed = matrix.T.tocsc()
    sources, targets, scores = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).tocsr()
        for offset in range(block.shape[0]):
            row = start + offset
            begin, end = block.indptr[offset], block.indptr[offset + 1]
            columns, values = block.indices[begin:end], block.data[begin:end]
            mask = (values >= floor) & (columns != row)
            columns, values = columns[mask], values[mask]
            if len(values) > k:
                top = np.argpartition(-values, k - 1)[:k]
                columns, values = columns[top], values[top]
            sources.append(np.full(len(columns), row))
            targets.append(columns)
            scores.append(values)
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
