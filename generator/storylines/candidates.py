"""Near-linear candidate search: each article's few most similar articles, found in blocks.

The full n x n similarity matrix is never held: rows are multiplied against the corpus
a block at a time and only each row's top `k` neighbours above a floor are kept.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

BLOCK_ROWS = 512


def nearest_neighbours(matrix: sp.csr_matrix, k: int, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i, j, similarity) with i < j: j among i's top k or i among j's, similarity >= floor."""
    n = matrix.shape[0]
    transposed = matrix.T.tocsc()
    sources, targets, scores = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = 0.0  # an article is not its own neighbour
        keep = min(k, n - 1)
        if keep <= 0:
            break
        top = np.argpartition(-block, keep - 1, axis=1)[:, :keep] if keep < n else np.argsort(-block, axis=1)
        values = np.take_along_axis(block, top, axis=1)
        mask = values >= floor
        sources.append(np.repeat(rows + start, top.shape[1])[mask.ravel()])
        targets.append(top.ravel()[mask.ravel()])
        scores.append(values.ravel()[mask.ravel()])
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
