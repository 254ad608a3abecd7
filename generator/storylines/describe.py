"""Explain storylines in plain words: a title, what their articles share, and their dates.

Computed for all storylines at once from sparse sums, so describing thousands of
storylines costs about as much as grouping them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from generator.model import Article
from generator.storylines.features import Features, Tokens

KEY_TERMS = 6
KEY_ENTITIES = 6


@dataclass(frozen=True)
class Explanation:
    representative: int  # row of the article closest to the storyline's centroid (its headline titles the storyline)
    key_terms: tuple[str, ...]
    key_entities: tuple[str, ...]


def explain(groups: list[list[int]], features: Features, tokens: list[Tokens]) -> list[Explanation]:
    """For each group of rows: its most central article and the terms and entities it shares.

    Centrality is measured on the terms without corpus-wide IDF, so a storyline's title changes
    only with its own articles, not whenever an article arrives somewhere else.
    """
    n = features.matrix.shape[0]
    labels = np.zeros(n, dtype=int)
    for index, rows in enumerate(groups):
        labels[rows] = index
    membership = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(len(groups), n))
    profile = features.term_profile
    centroids = membership @ profile
    closeness = np.asarray(profile.multiply(centroids[labels]).sum(axis=1)).ravel()
    terms = _shared(membership, features.term_matrix, features.term_names, groups, tokens, "", KEY_TERMS)
    entities = _shared(membership, features.entity_matrix, features.entity_names, groups, tokens, "entity:", KEY_ENTITIES)
    return [
        Explanation(max(rows, key=lambda r: (closeness[r], -rows.index(r))), terms[i], entities[i])
        for i, rows in enumerate(groups)
    ]


def _shared(membership, matrix, names, groups, tokens, prefix: str, limit: int) -> list[tuple[str, ...]]:
    """The heaviest features of each centroid that two members share (all, for one article)."""
    weights = (membership @ matrix).tocsr()
    shared = (membership @ (matrix > 0).astype(float)).tocsr()
    weights.sort_indices()
    shared.sort_indices()  # same pattern as `weights` (all entries are positive): data arrays align
    group_of = np.repeat(np.arange(len(groups)), np.diff(weights.indptr))
    sizes = np.array([len(rows) for rows in groups])
    values = np.where(shared.data >= np.minimum(2, sizes)[group_of], weights.data, 0.0)
    # All groups' entries at once, each group's heaviest first; ties by name (columns are in name order).
    order = np.lexsort((weights.indices, -values, group_of))
    starts = np.searchsorted(group_of[order], np.arange(len(groups))).tolist()
    # Walked as Python lists: indexing numpy arrays one entry at a time cost most of a rebuild's describing.
    value_at, column_at = values[order].tolist(), weights.indices[order].tolist()
    result = []
    for index, rows in enumerate(groups):
        chosen: list[str] = []
        seen: set[str] = set()  # lower-cased: "Trump" and "trump" are one
        position, end = starts[index], starts[index + 1] if index + 1 < len(starts) else len(order)
        while position < end and len(chosen) < limit and value_at[position] > 0:
            shown = _shown(prefix + names[column_at[position]], rows, tokens)
            if shown.lower() not in seen:
                seen.add(shown.lower())
                chosen.append(shown)
            position += 1
        result.append(tuple(chosen))
    return result


def dates(members: list[Article]):
    dated = [a.date for a in members if a.date]
    return (min(dated), max(dated)) if dated else (None, None)


def _shown(key: str, rows: list[int], tokens: list[Tokens]) -> str:
    for row in rows:
        if key in tokens[row].shown:
            return tokens[row].shown[key]
    return key.removeprefix("entity:")
