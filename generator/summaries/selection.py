"""Choose the summary's sentences from scored candidates: no repeats, no fragments, within length."""

from __future__ import annotations

import datetime as dt

import numpy as np
from scipy import sparse

from generator.summaries.candidates import Candidate, same_text, sequential_products
from generator.summaries.standalone import stands_alone

REDUNDANT = 0.5  # cosine of content words at or above which two sentences say the same thing


def select(
    found: list[Candidate], scores: np.ndarray, vectors: sparse.csr_matrix, sentences: int, max_words: int
) -> list[int]:
    """Indices of the best-scoring candidates, best first, skipping near-repeats of one already chosen.

    Sentences that cannot stand alone are passed over, unless no sentence of the storyline can.
    The first pick is kept whatever its length; later ones only while `max_words` allows.
    """
    usable = [i for i, c in enumerate(found) if stands_alone(c.text)] or list(range(len(found)))
    ranked = sorted(usable, key=lambda i: (-scores[i], i))
    similarity = _Similarity(vectors, ranked)
    chosen: list[int] = []
    words = 0
    for i in ranked:
        if len(chosen) == sentences:
            break
        if chosen and words + found[i].length > max_words:
            continue
        if chosen and _repeats(i, chosen, found, similarity):
            continue
        chosen.append(i)
        words += found[i].length
    return chosen


def arrange(found: list[Candidate], chosen: list[int], order: str) -> list[int]:
    """`importance` keeps the best first; `chronological` goes by article date, then place in article.

    Sentences all from one article keep its order either way: each may point back to the one before it
    ("Sixteen governments condemned ..." then "The 16 governments, including France, ..."). Across
    articles, best first serves the reader who reads only the first line (and, on NeuS, ROUGE-2: putting
    the rest in date and place order after the best one cost 0.4; docs/summaries.md).
    """
    if order == "importance" and len({found[i].article_index for i in chosen}) > 1:
        return chosen
    return sorted(chosen, key=lambda i: (found[i].date or dt.date.max, found[i].position, found[i].article_index))


def _repeats(i: int, chosen: list[int], found: list[Candidate], similarity: _Similarity) -> bool:
    return max(similarity(i, j) for j in chosen) >= REDUNDANT or any(same_text(found[i], found[j]) for j in chosen)


class _Similarity:
    """Cosines between candidates, taken from one product of the best-ranked rows (a summary rarely looks
    further down than a few dozen), not from one sparse product per pair: those cost more than the rest."""

    BLOCK = 32
    SMALL = 250_000  # sentences x sentences x terms up to which products are taken with plain arrays (as in lexrank.py)

    def __init__(self, vectors: sparse.csr_matrix, ranked: list[int]):
        self.vectors = vectors
        self.ranked = ranked
        self.reach = 0
        self.place: dict[int, int] = {}
        self.matrix = np.zeros((0, 0))
        self.dense: np.ndarray | None = None

    def __call__(self, i: int, j: int) -> float:
        while i not in self.place or j not in self.place:
            self._extend()
        return float(self.matrix[self.place[i], self.place[j]])

    def _extend(self) -> None:
        self.reach = min(len(self.ranked), max(self.BLOCK, 4 * self.reach))
        rows = self.ranked[: self.reach]
        count, width = self.vectors.shape
        if count * count * width <= self.SMALL:
            if self.dense is None:  # columns from last to first: the order `term_vectors` stores each row in
                self.dense = self.vectors.toarray()[:, ::-1]
            self.matrix = sequential_products(self.dense[rows])
        else:
            block = self.vectors[rows]
            self.matrix = (block @ block.T).toarray()
        self.place = {row: position for position, row in enumerate(rows)}
