"""Fold duplicate articles into one, remembering every outlet that carried it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.model import Article, Carrier
from generator.text import normalise


@dataclass(frozen=True)
class Folded:
    """The articles kept, and for each folded duplicate the id it was folded into."""

    articles: tuple[Article, ...]
    folded_into: dict[str, str]


def fold_duplicates(articles: tuple[Article, ...]) -> Folded:
    """Identical articles (same title and body after normalising) appear once.

    The earliest (then lowest id) copy is kept; the others become its carriers.
    """
    groups: dict[tuple[str, str], list[Article]] = {}
    for article in sorted(articles, key=lambda a: a.sort_key):
        groups.setdefault((normalise(article.title), normalise(article.body)), []).append(article)
    kept, folded_into = [], {}
    for keeper, *copies in groups.values():
        carriers = tuple(Carrier(c.id, c.source, c.source_url, c.path) for c in copies)
        kept.append(replace(keeper, carriers=keeper.carriers + carriers) if carriers else keeper)
        folded_into.update({c.id: keeper.id for c in copies})
    return Folded(tuple(sorted(kept, key=lambda a: a.id)), folded_into)
