"""Explain a storyline in plain words: its title, what its articles share, and its dates."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from generator.model import Article
from generator.storylines.features import Features, Tokens

KEY_TERMS = 6
KEY_ENTITIES = 6


def representative(rows: list[int], features: Features) -> int:
    """The member closest to the storyline's centroid (ties: the earliest listed)."""
    block = features.matrix[rows]
    centroid = np.asarray(block.sum(axis=0)).ravel()
    closeness = block @ centroid
    return rows[int(np.argmax(closeness))]


def key_words(rows: list[int], matrix: sp.csr_matrix, names: tuple[str, ...], tokens: list[Tokens], prefix: str, limit: int) -> tuple[str, ...]:
    """The heaviest features of the centroid that at least two members share (all, for one article)."""
    block = matrix[rows]
    weight = np.asarray(block.sum(axis=0)).ravel()
    shared = np.asarray((block > 0).sum(axis=0)).ravel()
    weight = weight * (shared >= min(2, len(rows)))
    chosen: list[str] = []
    for column in np.argsort(-weight, kind="stable"):
        if weight[column] <= 0 or len(chosen) == limit:
            break
        shown = _shown(prefix + names[column], rows, tokens)
        if shown.lower() not in (c.lower() for c in chosen):
            chosen.append(shown)
    return tuple(chosen)


def dates(members: list[Article]):
    dated = [a.date for a in members if a.date]
    return (min(dated), max(dated)) if dated else (None, None)


def _shown(key: str, rows: list[int], tokens: list[Tokens]) -> str:
    for row in rows:
        if key in tokens[row].shown:
            return tokens[row].shown[key]
    return key.removeprefix("entity:")
