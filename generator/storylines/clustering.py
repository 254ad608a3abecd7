"""Agglomerate articles into storylines over the candidate graph.

Each round, every storyline scores the storylines its articles are near (candidate edges
only, so the work stays near-linear) and the pairs that are each other's best partner and
clear the bar merge (reciprocal nearest neighbours: the result does not depend on order).

The score of two storylines is computed from their summed vectors, never from article pairs:
- long articles: the average similarity of their articles (group-average linkage): each
  article is a good sample of its story, and averages resist chaining;
- short texts (headlines): each is a thin sample of its story's words, so pairwise
  similarities understate kinship; the score moves towards the cosine of the centroids,
  which pools a storyline's vocabulary. How far depends on the storyline's own text length.
Two further rules:
- relative closeness: two storylines of several articles merge only if they are at least
  as alike as the articles within each are; two tight stories on one topic stay apart;
- time: storylines further apart in time than a window fade (a story that keeps going
  keeps extending its own window).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

MAX_ROUNDS = 200
PAIR_BLOCK = 2_000  # pairs scored at a time: the rows they copy stay in cache (docs/performance.md, session 15)


@dataclass(frozen=True)
class Settings:
    """The few numbers the method needs; defaults live in `StorylineConfig`."""

    threshold: float
    window_days: float
    fade_days: float
    short_words: float
    long_words: float
    country_mismatch: float = 1.0  # factor for storylines about different countries (1: no effect)
    closeness: float = 1.0  # how strictly storylines must be as alike as their own articles (0: not at all)


def agglomerate(
    matrix: sp.csr_matrix,
    countries: tuple[sp.csr_matrix, sp.csr_matrix],
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    days: np.ndarray,
    lengths: np.ndarray,
    settings: Settings,
    starts: np.ndarray,
    locks: np.ndarray,
    kept: np.ndarray,
) -> tuple[np.ndarray, bool]:
    """A storyline label per article, numbered 0..m-1 in order of each storyline's first article, and
    whether a fresh pass started from these storylines (no pins) would merge nothing more: `settled`.

    Articles with the same `starts[i]` (>= 0) start in one storyline (editors' pins, storylines
    already published); storylines with two different `locks` (editors' pins, >= 0) never merge,
    and a pinned storyline never swallows a published one (`kept`): that would undo a split.

    A storyline is named by its first article (`founder`), so names order storylines as labels
    numbered by first article would, without renumbering every article each round. A round looks
    only at the storylines still on a candidate edge, and sums only their articles' vectors: late
    rounds, with few edges left, cost little however large the corpus (docs/storylines.md, Scaling).

    A fresh pass scores every candidate edge again, where this one dropped the failing edges of
    storylines that did not change: it could only merge more if one of those storylines changed later.
    So the result is settled unless a storyline that lost an edge merged afterwards (or rounds ran out).
    """
    n = matrix.shape[0]
    founder = _start(starts)
    left, right = edges[0], edges[1]
    in_play_flag = np.zeros(n, dtype=bool)
    lost_an_edge = np.zeros(n, dtype=bool)  # the articles of storylines that lost a failing edge
    settled = True
    for _ in range(MAX_ROUNDS):
        a, b = founder[left], founder[right]
        apart = a != b
        left, right, a, b = left[apart], right[apart], a[apart], b[apart]
        if not len(left):
            break
        # Pairs of storylines, in (low, high) order; one key per pair sorts as the pair does.
        keys, edge_pair = np.unique(np.minimum(a, b) * n + np.maximum(a, b), return_inverse=True)
        in_play = np.unique(np.concatenate([keys // n, keys % n]))
        pairs = np.searchsorted(in_play, np.stack([keys // n, keys % n], axis=1))
        in_play_flag[in_play] = True
        members = np.nonzero(in_play_flag[founder])[0]
        in_play_flag[in_play] = False
        rows = np.searchsorted(in_play, founder[members])
        count = len(in_play)
        membership = sp.csr_matrix((np.ones(len(members)), (rows, members)), shape=(count, n))
        sums = membership @ matrix
        sizes = np.bincount(rows, minlength=count).astype(float)
        square = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
        scores = _linkage(sums, sizes, square, membership @ lengths / sizes, pairs, settings)
        del sums
        scores *= np.where(_about_other_countries(membership, sizes, countries, pairs), settings.country_mismatch, 1.0)
        topical = scores.copy()
        scores *= _time_factor(pairs, rows, days[members], count, settings)
        within = np.where(sizes > 1, (square - sizes) / np.maximum(sizes * (sizes - 1), 1.0), 0.0)
        closeness = np.minimum(within[pairs[:, 0]], within[pairs[:, 1]])  # 0 when either is one article
        pin = np.full(count, -1)
        np.maximum.at(pin, rows, locks[members])
        published = np.zeros(count, dtype=bool)
        np.logical_or.at(published, rows, kept[members])
        pa, pb = pin[pairs[:, 0]], pin[pairs[:, 1]]
        allowed = ((pa < 0) | (pb < 0) | (pa == pb)) & ~((pa >= 0) & published[pairs[:, 1]]) & ~((pb >= 0) & published[pairs[:, 0]])
        passing = (scores >= settings.threshold) & (topical >= settings.closeness * closeness) & allowed
        if not passing.any():
            break
        best = _best_partner(pairs[passing], scores[passing], count)
        mutual = (best >= 0) & (best[np.maximum(best, 0)] == np.arange(count))
        if not mutual.any():
            break
        # A failing pair of two storylines that do not change now fails for good: drop its edges.
        changed = mutual[pairs[:, 0]] | mutual[pairs[:, 1]]
        keep = (passing | changed)[edge_pair]
        left, right = left[keep], right[keep]
        merging_lost = np.zeros(count, dtype=bool)
        np.logical_or.at(merging_lost, rows, lost_an_edge[members])
        settled = settled and not (merging_lost & mutual).any()
        losing = np.zeros(count, dtype=bool)
        losing[pairs[~(passing | changed)].ravel()] = True
        lost_an_edge[members[losing[rows]]] = True
        merged_into = np.arange(count)
        merged_into[mutual] = np.minimum(np.nonzero(mutual)[0], best[mutual])
        founder[members] = in_play[merged_into[rows]]
    else:
        settled = False  # rounds ran out
    return _renumber(founder), settled


def _start(starts: np.ndarray) -> np.ndarray:
    """Every free article alone; the articles of one start group together (under the first's index)."""
    labels = np.arange(len(starts))
    first_of_group: dict[int, int] = {}
    for index, group in enumerate(starts.tolist()):
        if group >= 0:
            labels[index] = first_of_group.setdefault(group, index)
    return labels


def _linkage(sums, sizes, square, mean_length, pairs, settings: Settings) -> np.ndarray:
    """Group-average similarity, divided by coherence**power: power 0 (long texts) to 0.5 (short).

    With power 0.5 the score is exactly the cosine of the two centroids.
    """
    span = max(settings.long_words - settings.short_words, 1e-9)
    power = 0.5 * np.clip((settings.long_words - mean_length) / span, 0.0, 1.0)
    coherence = np.maximum(square / sizes**2, 1e-12)
    scale = 1.0 / (sizes * coherence**power)
    scaled = sp.diags(scale) @ sums
    # A block of pairs at a time: each pair copies both storylines' rows, and large storylines are in many pairs.
    return np.concatenate(
        [
            np.asarray(scaled[block[:, 0]].multiply(scaled[block[:, 1]]).sum(axis=1)).ravel()
            for block in np.split(pairs, range(PAIR_BLOCK, len(pairs), PAIR_BLOCK))
        ]
    )


def _about_other_countries(membership, sizes, countries, pairs: np.ndarray) -> np.ndarray:
    """True where one storyline is about a country the other, itself about some country, never names.

    A storyline is about the countries that are the focus of at least half its articles.
    Only distinctive countries (not the corpus's home countries) count as evidence, and a
    storyline about no country at all (most domestic politics) gives none either way.
    """
    focus, distinctive, named = countries
    about_any = np.asarray(_majority(membership, sizes, focus).sum(axis=1)).ravel() > 0
    about = _majority(membership, sizes, distinctive)
    names = ((membership @ named) > 0).astype(float).tocsr()
    own = np.asarray(about.sum(axis=1)).ravel()
    a, b = pairs[:, 0], pairs[:, 1]
    a_unnamed = own[a] - np.asarray(about[a].multiply(names[b]).sum(axis=1)).ravel() > 0
    b_unnamed = own[b] - np.asarray(about[b].multiply(names[a]).sum(axis=1)).ravel() > 0
    return (a_unnamed & about_any[b]) | (b_unnamed & about_any[a])


def _majority(membership, sizes, indicator) -> sp.csr_matrix:
    """0/1: the columns set in at least half of each storyline's articles."""
    share = (sp.diags(1.0 / sizes) @ (membership @ indicator)).tocsr()
    return (share >= 0.5).astype(float).tocsr()


def _time_factor(pairs: np.ndarray, labels: np.ndarray, days: np.ndarray, count: int, settings: Settings) -> np.ndarray:
    """1 for storylines that overlap or are within the window; fading beyond it. Undated: 1."""
    dated = ~np.isnan(days)
    if not dated.any():
        return np.ones(len(pairs))
    first = np.full(count, np.inf)
    last = np.full(count, -np.inf)
    np.minimum.at(first, labels[dated], days[dated])
    np.maximum.at(last, labels[dated], days[dated])
    a, b = pairs[:, 0], pairs[:, 1]
    with np.errstate(invalid="ignore"):
        gap = np.maximum(first[b] - last[a], first[a] - last[b])
    gap = np.where(np.isfinite(gap), np.maximum(gap, 0.0), 0.0)
    return np.exp(-np.maximum(gap - settings.window_days, 0.0) / settings.fade_days)


def _best_partner(pairs: np.ndarray, scores: np.ndarray, count: int) -> np.ndarray:
    """For each storyline the partner with the highest score (ties: the lower label), or -1."""
    both = np.concatenate([pairs, pairs[:, ::-1]])
    doubled = np.concatenate([scores, scores])
    order = np.lexsort((both[:, 1], -doubled, both[:, 0]))
    both = both[order]
    first = np.ones(len(both), dtype=bool)
    first[1:] = both[1:, 0] != both[:-1, 0]
    best = np.full(count, -1)
    best[both[first, 0]] = both[first, 1]
    return best


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Labels 0..m-1 in order of each storyline's first article: independent of merge order."""
    _, first_index, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first_index))
    return rank[inverse]
