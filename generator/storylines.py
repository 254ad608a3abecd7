"""Group articles into storylines, each with a stable id, a title and its key terms."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.config import StorylineConfig
from generator.model import Article, Storyline
from generator.slugs import slugify

TITLE_WEIGHT = 3


def group_storylines(articles: tuple[Article, ...], config: StorylineConfig) -> tuple[Storyline, ...]:
    """Cluster by TF-IDF cosine similarity (average linkage); editors' pins override."""
    pinned = [a for a in articles if a.storyline_pin]
    free = sorted((a for a in articles if not a.storyline_pin), key=lambda a: a.sort_key)
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in pinned:
        groups[article.storyline_pin].append(article)
    vectors, terms = _vectorise(articles)
    index = {a.id: i for i, a in enumerate(articles)}
    for cluster in _cluster([index[a.id] for a in free], vectors, config.threshold):
        members = sorted((free[i] for i in cluster), key=lambda a: a.sort_key)
        groups[_free_id(slugify(members[0].title), groups)].extend(members)
    storylines = [
        _storyline(sid, sorted(members, key=lambda a: a.sort_key), vectors, terms, index)
        for sid, members in groups.items()
    ]
    return tuple(sorted(storylines, key=lambda s: s.id))


def _vectorise(articles: tuple[Article, ...]):
    documents = [" ".join([a.title] * TITLE_WEIGHT + [a.body]) for a in articles]
    if not documents:
        return None, np.array([])
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    return vectorizer.fit_transform(documents), vectorizer.get_feature_names_out()


def _cluster(rows: list[int], vectors, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of `rows` whose mean cosine similarity is at least `threshold`."""
    if len(rows) < 2:
        return [list(range(len(rows)))] if rows else []
    matrix = vectors[rows].toarray()
    tree = linkage(matrix, method="average", metric="cosine")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    clusters: dict[int, list[int]] = defaultdict(list)
    for position, label in enumerate(labels):
        clusters[label].append(position)
    return sorted(clusters.values(), key=lambda c: c[0])


def _free_id(base: str, taken) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _storyline(sid: str, members: list[Article], vectors, terms, index: dict[str, int]) -> Storyline:
    rows = vectors[[index[a.id] for a in members]]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    closeness = np.asarray(rows @ centroid).ravel()
    representative = members[int(np.argmax(closeness))]
    shared = np.asarray((rows > 0).sum(axis=0)).ravel()
    weight = centroid * (shared >= min(2, len(members)))
    key_terms = tuple(str(terms[i]) for i in np.argsort(-weight, kind="stable")[:6] if weight[i] > 0)
    dates = [a.date for a in members if a.date]
    return Storyline(
        id=sid,
        title=representative.title,
        article_ids=tuple(a.id for a in members),
        key_terms=key_terms,
        first_seen=min(dates) if dates else None,
        last_updated=max(dates) if dates else None,
    )
