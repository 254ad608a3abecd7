"""The plain, immutable values that flow from one pipeline stage to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from generator.markup import plain_text

T = TypeVar("T")


@dataclass(frozen=True)
class Carrier:
    """One outlet's copy of an article folded into another as a duplicate."""

    article_id: str
    source: str
    source_url: str
    path: str


@dataclass(frozen=True)
class Countries:
    """ISO 3166 alpha-2 codes: what an article is about, and what it only names."""

    focus: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.focus + tuple(c for c in self.mentioned if c not in self.focus)


@dataclass(frozen=True)
class Article:
    """One news article as read from `content/`, enriched by later stages."""

    id: str
    title: str
    body: str
    path: str
    date: dt.date | None = None
    source: str = ""
    source_url: str = ""
    storyline_pin: str | None = None
    countries_override: tuple[str, ...] | None = None
    countries: Countries = field(default_factory=Countries)
    carriers: tuple[Carrier, ...] = ()

    @cached_property
    def text(self) -> str:
        """The body as a reader sees it, without Markdown syntax: what sentence-level stages read."""
        return plain_text(self.body)

    @property
    def sort_key(self) -> tuple:
        """Dated articles first, oldest first; undated last; ties broken by id."""
        return (self.date is None, self.date or dt.date.min, self.id)


@dataclass(frozen=True)
class SummarySentence:
    """One extracted sentence and the article it was taken from."""

    text: str
    article_id: str


@dataclass(frozen=True)
class Storyline:
    """A cluster of articles about one evolving story."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    description: str = ""
    countries: tuple[str, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    aliases: tuple[str, ...] = ()
    first_seen: dt.date | None = None
    last_updated: dt.date | None = None


@dataclass(frozen=True)
class KeyTerms:
    """What a storyline's articles share, weighed against the whole corpus: its heaviest words and names.

    Kept apart from its `Storyline`: corpus-wide weights shift whenever an article arrives anywhere, and a
    tie between two words can then go the other way (33 storylines of 5,000 scale articles for one new
    article). Only the storyline's own page and the exports show them, so the pages that merely list or
    link a storyline (its articles, months, countries, feeds) do not change with them.
    """

    terms: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()  # people, organisations and places the articles share


def evolve(value: T, **changes: Any) -> T:
    """`dataclasses.replace` without running `__init__` again: the fields kept were set when `value` was
    made, and a frozen dataclass's `__init__` sets each field through `object.__setattr__` (a rebuild
    re-tags every cached article: 13 ms of 5,000 `replace` calls, 3-4 ms this way). What a cached
    property kept is dropped: it is worked out again from the new fields when asked for."""
    fields = value.__dataclass_fields__  # type: ignore[attr-defined]
    if not changes.keys() <= fields.keys():
        raise TypeError(f"{type(value).__name__} has no field {sorted(changes.keys() - fields.keys())}")
    copy = object.__new__(type(value))
    state = copy.__dict__
    state.update(value.__dict__)
    if len(state) > len(fields):
        for cached in state.keys() - fields.keys():
            del state[cached]
    state.update(changes)
    return copy
