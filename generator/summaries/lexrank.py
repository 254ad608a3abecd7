"""LexRank with sumy's exact semantics, vectorised so a big storyline ranks in milliseconds.

sumy's `LexRankSummarizer` compares every pair of sentences in pure Python (27 s at 2,000
sentences). This module computes the same quantities with numpy/scipy, step for step:

- terms: sumy's own `_to_words_set` (lower-cased words, stop words dropped, stemmed);
- tf = count / the sentence's largest count; idf = log(N / (1 + sentences holding the term)),
  computed with `math.log` like sumy so every weight is bit-for-bit the same;
- an edge wherever the idf-modified cosine is above `threshold` (0.1), self-loops included, a
  sentence whose weights are all zero having no edges at all; rows divided by their degree;
- sumy's power method (start at 1/N, normalise by the L2 norm, stop when the step is at most
  `epsilon`), on a dense matrix like sumy's up to `DENSE_LIMIT` sentences so the scores are the
  very same floats, sparse beyond it.

The same ranking behind sumy's summarizer interface is `sumy_lexrank.FastLexRankSummarizer`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse

from generator.summaries.candidates import sequential_products
from generator.text import STOP_WORDS, stem, words

DENSE_LIMIT = 5000  # above this, the power method runs on a sparse matrix (scores equal to ~1e-15)
SMALL = 250_000  # sentences x sentences x terms up to which edges are found with plain arrays (2 MB of floats)
_BLOCK = 512  # rows of the similarity matrix computed at a time: bounded memory on big inputs


def sentence_terms(text: str) -> list[str]:
    """What sumy's LexRank compares of a sentence (`_to_words_set` of a `Sentence` of `text`, with the build's
    tokenizer, stemmer and stop words): its words lower-cased, stop words dropped, the rest stemmed."""
    return [stem(word) for word in map(str.lower, words(text.strip())) if word not in _STOP_WORDS]


_STOP_WORDS = frozenset(word.lower() for word in STOP_WORDS)  # as sumy's `stop_words` setter normalises them


THRESHOLD = 0.1  # sumy's `LexRankSummarizer.threshold`
EPSILON = 0.1  # and its `epsilon`


def lexrank_scores(
    terms: Sequence[Sequence[str]], threshold: float = THRESHOLD, epsilon: float = EPSILON, dense_limit: int = DENSE_LIMIT
) -> np.ndarray:
    """LexRank centrality of sentences given as lists of (stemmed) terms."""
    count = len(terms)
    if count == 0:
        return np.zeros(0)
    rows, columns, values, width = _tf_idf(terms)
    if count * count * width <= SMALL:
        blocks = iter([_small_edges(rows, columns, values, (count, width), threshold)])
    else:
        blocks = _edge_blocks(sparse.csr_matrix((values, (rows, columns)), shape=(count, width)), threshold)
    if count <= dense_limit:
        matrix = np.vstack(list(blocks)).astype(np.float64)
        matrix /= _degrees(matrix.sum(axis=1))[:, None]
        return _power_method(lambda p: np.dot(matrix.T, p), count, epsilon)
    adjacency = sparse.vstack([sparse.csr_matrix(block, dtype=np.float64) for block in blocks], format="csr")
    scaled = sparse.diags(1.0 / _degrees(np.asarray(adjacency.sum(axis=1)).ravel())) @ adjacency
    transposed = sparse.csr_matrix(scaled.T)
    return _power_method(lambda p: transposed @ p, count, epsilon)


def _degrees(edges: np.ndarray) -> np.ndarray:
    """Edges per sentence; sumy divides a sentence without edges by 1."""
    edges[edges == 0] = 1
    return edges


def _tf_idf(terms: Sequence[Sequence[str]]) -> tuple[list[int], np.ndarray, np.ndarray, int]:
    """The sentence x term matrix of tf * idf, with sumy's tf and idf: rows, columns, values and its width."""
    vocabulary: dict[str, int] = {}
    rows, cols, tfs = [], [], []
    for row, sentence in enumerate(terms):
        counts = Counter(sentence)
        if not counts:
            continue
        largest = max(counts.values())
        for term, tf in counts.items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            tfs.append(tf / largest)
    col_array = np.asarray(cols, dtype=np.int64)
    holders = np.bincount(col_array, minlength=len(vocabulary))
    idf = np.array([math.log(len(terms) / (1 + int(n))) for n in holders])
    values = np.asarray(tfs) * idf[col_array] if cols else np.zeros(0)
    return rows, col_array, values, len(vocabulary)


def _small_edges(
    rows: list[int], columns: np.ndarray, values: np.ndarray, shape: tuple[int, int], threshold: float
) -> np.ndarray:
    """`_edge_blocks` for a small storyline, with plain arrays: most storylines have a handful of sentences,
    and there scipy's per-call cost was most of LexRank's time.

    Every sum is taken in the order scipy takes it, so each cosine is the same float: the squared norms by
    `np.add.reduceat` over each row's nonzero squares, columns ascending (`multiply(...).sum(axis=1)`); the
    dot products one term after another, columns descending (the order `diags(...) @ weights` leaves a row in).
    """
    if shape[1] == 0:
        return np.zeros((shape[0], shape[0]), dtype=bool)
    weights = np.zeros(shape)
    weights[rows, columns] = values
    squares = weights * weights
    nonzero = squares != 0
    per_row = nonzero.sum(axis=1)
    filled = per_row > 0
    norms = np.zeros(shape[0])
    if filled.any():
        starts = (np.cumsum(per_row) - per_row)[filled]
        norms[filled] = np.add.reduceat(squares[nonzero], starts)
    norms = np.sqrt(norms)
    usable = norms > 0
    inverse = np.zeros_like(norms)
    inverse[usable] = 1.0 / norms[usable]
    unit = (inverse[:, None] * weights)[:, ::-1]
    return sequential_products(unit) > threshold


def _edge_blocks(weights: sparse.csr_matrix, threshold: float) -> Iterator[np.ndarray]:
    """Rows of the 0/1 edge matrix, a block at a time: idf-modified cosine above `threshold`.

    Sentences whose weights are all zero (sumy's zero denominators) have no edges, not even to themselves.
    """
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    usable = norms > 0
    inverse = np.zeros_like(norms)
    inverse[usable] = 1.0 / norms[usable]
    unit = sparse.csr_matrix(sparse.diags(inverse) @ weights)
    unit_t = sparse.csr_matrix(unit.T)
    for start in range(0, weights.shape[0], _BLOCK):
        yield (unit[start : start + _BLOCK] @ unit_t).toarray() > threshold


def _power_method(step, count: int, epsilon: float) -> np.ndarray:
    """sumy's power iteration, including its NaN scores when no sentence has an edge."""
    p_vector = np.array([1.0 / count] * count)
    change = 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        while change > epsilon:
            next_p = step(p_vector)
            next_p /= np.linalg.norm(next_p)
            change = np.linalg.norm(np.subtract(next_p, p_vector))
            p_vector = next_p
    return p_vector
