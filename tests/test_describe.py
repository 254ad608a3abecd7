"""A storyline's key terms are its heaviest shared features, heaviest first, ties by name, one per shown
form. Describing sorts only each storyline's few heaviest entries; these tests hold it to a full sort."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from generator.storylines import describe
from generator.storylines.features import Tokens


def _by_full_sort(matrix, names, groups, tokens, limit: int) -> list[tuple[str, ...]]:
    """The definition, spelled out: every shared feature of the group, sorted, walked in order."""
    result = []
    for rows in groups:
        weights = np.asarray(matrix[rows].sum(axis=0)).ravel()
        holders = np.asarray((matrix[rows] > 0).sum(axis=0)).ravel()
        shared = [c for c in range(len(names)) if weights[c] > 0 and holders[c] >= min(2, len(rows))]
        chosen: list[str] = []
        for column in sorted(shared, key=lambda c: (-weights[c], c)):
            shown = next((tokens[r].term_forms[tokens[r].terms.index(names[column])] for r in rows if names[column] in tokens[r].terms), names[column])
            if shown.lower() not in {c.lower() for c in chosen}:
                chosen.append(shown)
        result.append(tuple(chosen[:limit]))
    return result


def _corpus(seed: int):
    """Articles with rounded weights (many ties) and shown forms that often repeat in another case."""
    rng = np.random.default_rng(seed)
    articles, features = 40, 30
    dense = np.round(rng.random((articles, features)), 1) * (rng.random((articles, features)) < 0.5)
    names = tuple(f"f{c:02d}" for c in range(features))
    forms = ["Trump", "trump", "TRUMP", "court", "Court", "vote"]
    tokens = [
        Tokens(names, (1,) * len(names), tuple(forms[int(rng.integers(len(forms)))] if rng.random() < 0.4 else name for name in names), (), (), (), (), (), 0)
        for _ in range(articles)
    ]
    rows = rng.permutation(articles).tolist()
    groups, start = [], 0
    while start < articles:
        size = int(rng.integers(1, 6))
        groups.append(sorted(rows[start : start + size]))
        start += size
    return sparse.csr_matrix(dense), names, groups, tokens


@pytest.mark.parametrize("per_choice", [1, 2])
@pytest.mark.parametrize("seed", range(6))
def test_key_terms_are_those_a_full_sort_gives(monkeypatch, seed, per_choice):
    monkeypatch.setattr(describe, "CANDIDATES_PER_CHOICE", per_choice)  # 1: repeats often use the candidates up
    matrix, names, groups, tokens = _corpus(seed)
    labels = np.zeros(matrix.shape[0], dtype=int)
    for index, rows in enumerate(groups):
        labels[rows] = index
    membership = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(len(groups), len(labels)))

    found = describe._shared(membership, matrix, names, groups, tokens, True, 6)

    assert found == _by_full_sort(matrix, names, groups, tokens, 6)
    assert any(len(set(terms)) == 6 for terms in found)


def test_closeness_is_each_rows_product_with_the_sum_of_its_groups_rows():
    rng = np.random.default_rng(3)
    profile = sparse.random(40, 30, density=0.2, format="csr", random_state=4)
    labels = rng.integers(0, 6, 40)
    dense = profile.toarray()
    sums = np.array([dense[labels == g].sum(axis=0) for g in range(6)])
    expected = np.einsum("ij,ij->i", dense, sums[labels])
    assert np.allclose(describe._closeness(labels, profile), expected, rtol=1e-12, atol=1e-12)


def test_of_articles_equally_central_but_for_rounding_the_oldest_titles_the_storyline():
    closeness = [0.0] * 8
    closeness[4], closeness[7] = 1.25, 1.25 + 4e-16  # a pair: 1 + a·b for both, summed in another order
    assert describe._most_central([4, 7], closeness) == 4
    closeness[7] = 1.3
    assert describe._most_central([4, 7], closeness) == 7
