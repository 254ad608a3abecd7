"""The site model: every page and file, its URL and its context, before anything is written."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from generator.config import Config
from generator.model import Article, Storyline
from generator.places import country_name, flag


@dataclass(frozen=True)
class Page:
    """One HTML or XML file rendered from a template; `url` is relative to the site root."""

    url: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url


@dataclass(frozen=True)
class DataFile:
    """A file written as it is (JSON export)."""

    url: str
    text: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    flag: str
    focus: tuple[Storyline, ...]
    mentioned: tuple[Storyline, ...]
    article_count: int

    @property
    def url(self) -> str:
        return f"countries/{self.code.lower()}/"


@dataclass(frozen=True)
class Site:
    pages: tuple[Page, ...]
    data: tuple[DataFile, ...]


def article_url(article_id: str) -> str:
    return f"articles/{article_id}/"


def storyline_url(storyline_id: str) -> str:
    return f"storylines/{storyline_id}/"


def newest_first(storylines) -> list[Storyline]:
    """Most recently updated first; undated last; ties by id, so the order never depends on input order."""
    return sorted(storylines, key=lambda s: (s.last_updated is None, -(s.last_updated or dt.date.min).toordinal(), s.id))


def build_site(articles: tuple[Article, ...], storylines: tuple[Storyline, ...], config: Config, accounting: dict) -> Site:
    """Lay out every page of the site from the collected articles and storylines."""
    by_id = {a.id: a for a in articles}
    storyline_of = {aid: s for s in storylines for aid in s.article_ids}
    countries = _countries(articles, storylines, storyline_of)
    ordered = newest_first(storylines)
    latest = max((s.last_updated for s in storylines if s.last_updated), default=None)
    pages = [
        Page("", "index.html", {"storylines": ordered[: config.home.storylines], "latest": latest}),
        Page("countries/", "countries.html", {"countries": countries}),
        Page("404.html", "404.html"),
        Page("feed.xml", "feed.xml", {"feed_title": config.site.title, "feed_url": "feed.xml", "storylines": ordered[:50]}),
    ]
    for storyline in storylines:
        members = [by_id[i] for i in storyline.article_ids]
        pages.append(Page(storyline_url(storyline.id), "storyline.html", {"storyline": storyline, "members": members}))
        pages.append(
            Page(
                storyline_url(storyline.id) + "feed.xml",
                "feed.xml",
                {"feed_title": storyline.title, "feed_url": storyline_url(storyline.id) + "feed.xml", "storylines": [storyline]},
            )
        )
    for storyline in storylines:  # a merged storyline's old URL leads to the one it joined
        for alias in storyline.aliases:
            pages.append(Page(storyline_url(alias), "redirect.html", {"target": storyline, "target_url": storyline_url(storyline.id)}))
    for article in articles:
        storyline = storyline_of[article.id]
        others = [by_id[i] for i in storyline.article_ids if i != article.id]
        pages.append(Page(article_url(article.id), "article.html", {"article": article, "storyline": storyline, "others": others}))
    for country in countries:
        pages.append(Page(country.url, "country.html", {"country": country}))
        feed_items = newest_first(country.focus + country.mentioned)[:50]
        pages.append(
            Page(country.url + "feed.xml", "feed.xml", {"feed_title": f"{config.site.title}: {country.name}", "feed_url": country.url + "feed.xml", "storylines": feed_items})
        )
    data = (
        DataFile("api/articles.json", _json([_article_record(a, storyline_of[a.id]) for a in articles])),
        DataFile("api/storylines.json", _json([_storyline_record(s) for s in storylines])),
        DataFile("api/countries.json", _json([_country_record(c) for c in countries])),
        DataFile("api/build.json", _json(accounting)),
    )
    return Site(tuple(pages), data)


def _countries(articles, storylines, storyline_of) -> list[Country]:
    focus: dict[str, set[str]] = {}
    mentioned: dict[str, set[str]] = {}
    article_count: dict[str, int] = {}
    for article in articles:
        sid = storyline_of[article.id].id
        for code in article.countries.focus:
            focus.setdefault(code, set()).add(sid)
        for code in article.countries.all:
            mentioned.setdefault(code, set()).add(sid)
            article_count[code] = article_count.get(code, 0) + 1
    by_id = {s.id: s for s in storylines}
    result = []
    for code in sorted(mentioned, key=country_name):
        in_focus = focus.get(code, set())
        result.append(
            Country(
                code=code,
                name=country_name(code),
                flag=flag(code),
                focus=tuple(newest_first(by_id[i] for i in in_focus)),
                mentioned=tuple(newest_first(by_id[i] for i in mentioned[code] - in_focus)),
                article_count=article_count[code],
            )
        )
    return result


def _article_record(article: Article, storyline: Storyline) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "source_url": article.source_url,
        "url": article_url(article.id),
        "storyline": storyline.id,
        "countries": {"focus": list(article.countries.focus), "mentioned": list(article.countries.mentioned)},
        "also_carried_by": [{"id": c.article_id, "source": c.source, "source_url": c.source_url} for c in article.carriers],
    }


def _storyline_record(storyline: Storyline) -> dict:
    return {
        "id": storyline.id,
        "title": storyline.title,
        "url": storyline_url(storyline.id),
        "articles": list(storyline.article_ids),
        "countries": list(storyline.countries),
        "summary": [{"text": s.text, "article": s.article_id} for s in storyline.summary],
        "key_terms": list(storyline.key_terms),
        "aliases": list(storyline.aliases),
        "first_seen": storyline.first_seen.isoformat() if storyline.first_seen else None,
        "last_updated": storyline.last_updated.isoformat() if storyline.last_updated else None,
    }


def _country_record(country: Country) -> dict:
    return {
        "code": country.code,
        "name": country.name,
        "url": country.url,
        "focus_storylines": [s.id for s in country.focus],
        "mentioned_storylines": [s.id for s in country.mentioned],
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
