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
    closeness = _closeness(labels, features.term_profile)
    terms = _shared(membership, features.term_matrix, features.term_names, groups, tokens, True, KEY_TERMS)
    entities = _shared(membership, features.entity_matrix, features.entity_names, groups, tokens, False, KEY_ENTITIES)
    close = closeness.tolist()  # a list is read a hundred times faster than a numpy array, item by item
    return [Explanation(_most_central(rows, close), terms[i], entities[i]) for i, rows in enumerate(groups)]


def _closeness(labels: np.ndarray, profile: sp.csr_matrix) -> np.ndarray:
    """Each row's dot product with its group's centroid (the sum of the group's rows), from the rows' own
    entries: each entry meets its group's total for its column, found by sorting the entries by group and
    column. So a group costs what its entries do. Copying its centroid to each member (`centroids[labels]`)
    cost a group's size times its centroid: 22 s for one group of 3,000 articles, 1 s for one of 300."""
    rows = np.repeat(np.arange(profile.shape[0]), np.diff(profile.indptr))
    keys = labels[rows].astype(np.int64) * profile.shape[1] + profile.indices
    _, total_of = np.unique(keys, return_inverse=True)
    totals = np.bincount(total_of, weights=profile.data)
    return np.bincount(rows, weights=profile.data * totals[total_of], minlength=profile.shape[0])


def _most_central(rows: list[int], closeness: list[float]) -> int:
    """The row with the highest closeness; of equals, the first in `rows` (the oldest article). Equal within
    rounding: the two articles of a pair are equally close to their sum (a·(a+b) = 1 + a·b = b·(a+b)), and
    which one the last bits favoured depended on the order of the additions, not on the articles."""
    best = rows[0]
    for row in rows[1:]:
        if closeness[row] > closeness[best] + CLOSENESS_TOLERANCE * max(1.0, abs(closeness[best])):
            best = row
    return best


CLOSENESS_TOLERANCE = 1e-9  # relative: far above rounding (1e-16 per addition), far below real differences


def _shared(membership, matrix, names, groups, tokens: list[Tokens], terms: bool, limit: int) -> list[tuple[str, ...]]:
    """The heaviest features of each centroid that two members share (all, for one article), each as the
    first member that has it wrote it: of the members' terms (`terms`) or of their entities.

    Heaviest first, ties by name (columns are in name order), skipping a feature shown as one already
    chosen ("Trump" and "trump"). Only each group's few heaviest entries are sorted: sorting every entry
    of a large corpus (millions) cost more than the rest of describing it.
    """
    weights = (membership @ matrix).tocsr()
    shared = (membership @ (matrix > 0).astype(float)).tocsr()
    weights.sort_indices()
    shared.sort_indices()  # same pattern as `weights` (all entries are positive): data arrays align
    group_of = np.repeat(np.arange(len(groups)), np.diff(weights.indptr))
    sizes = np.array([len(rows) for rows in groups])
    values = np.where(shared.data >= np.minimum(2, sizes)[group_of], weights.data, 0.0)  # 0: not shared
    keep = limit * CANDIDATES_PER_CHOICE
    cut = _kth_largest(values, weights.indptr, keep)
    candidates = np.nonzero((values > 0) & (values >= cut[group_of]))[0]
    order = candidates[np.lexsort((weights.indices[candidates], -values[candidates], group_of[candidates]))]
    bounds = np.searchsorted(group_of[order], np.arange(len(groups) + 1)).tolist()
    # Walked as Python lists: indexing numpy arrays one entry at a time cost most of a rebuild's describing.
    column_at = weights.indices[order].tolist()
    result = []
    for index, rows in enumerate(groups):
        chosen = _first_distinct(column_at[bounds[index] : bounds[index + 1]], names, rows, tokens, terms, limit)
        if len(chosen) < limit and cut[index] > 0:  # repeats used up the candidates: sort the whole group
            start, end = weights.indptr[index], weights.indptr[index + 1]
            every = sorted((p for p in range(start, end) if values[p] > 0), key=lambda p: (-values[p], weights.indices[p]))
            chosen = _first_distinct(weights.indices[every].tolist(), names, rows, tokens, terms, limit)
        result.append(chosen)
    return result


CANDIDATES_PER_CHOICE = 2  # a group's entries sorted per feature chosen; more are sorted only when repeats use them up


def _kth_largest(values: np.ndarray, indptr: np.ndarray, k: int) -> np.ndarray:
    """Each group's k-th largest value (its entries are values[indptr[g]:indptr[g + 1]]); 0 with k or fewer.

    Groups of one length are partitioned together as the rows of one array: no Python loop per group.
    """
    lengths = np.diff(indptr)
    cut = np.zeros(len(lengths))
    for length in np.unique(lengths[lengths > k]).tolist():
        rows = np.nonzero(lengths == length)[0]
        block = values[indptr[rows][:, None] + np.arange(length)]
        cut[rows] = np.partition(block, length - k, axis=1)[:, length - k]
    return cut


def _first_distinct(columns: list[int], names, rows: list[int], tokens: list[Tokens], terms: bool, limit: int) -> tuple[str, ...]:
    """The first `limit` features as the members wrote them, none shown like one before it. One loop, no
    call per feature and member: a rebuild describes every storyline again (corpus-wide weights)."""
    chosen: list[str] = []
    seen: set[str] = set()  # lower-cased
    for column in columns:
        name = shown = names[column]
        for row in rows:
            member = tokens[row]
            keys, forms = (member.terms, member.term_forms) if terms else (member.entities, member.entity_forms)
            if name in keys:
                shown = forms[keys.index(name)]
                break
        lowered = shown.lower()
        if lowered not in seen:
            seen.add(lowered)
            chosen.append(shown)
            if len(chosen) == limit:
                break
    return tuple(chosen)


def dates(members: list[Article]):
    dated = [a.date for a in members if a.date]
    return (min(dated), max(dated)) if dated else (None, None)
