"""The site model: every page and file, its URL and its context, before anything is written.

URLs are relative to the site root and end in '/' for HTML pages, so they survive any base path.
Lists that grow with the site (an archive month, a country) are split into pages (see `paginate`),
so no single page grows with the whole site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from generator.config import Config
from generator.model import Article, KeyTerms, Storyline
from generator.places import country_name, flag, region
from generator.search import SearchDocument, SearchIndex, search_entry

COUNTRY_PAGE_SIZE = 20
ARCHIVE_PAGE_SIZE = 50
FEED_SIZE = 50
SEARCH_RESULTS_SHOWN = 20  # at a time: each result may need a row file of its own (`generator/search.py`)
OTHER_ARTICLES_SHOWN = 10
SITEMAP_URLS = 50_000  # a sitemap file may list at most this many URLs (sitemaps.org)


@dataclass(slots=True)
class Page:
    """One HTML or XML file rendered from a template; `url` is relative to the site root. Not frozen, though
    never changed once made: a site has a page per article, and a frozen dataclass's `__init__` sets each
    field through `object.__setattr__` (three times as long)."""

    url: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True

    @property
    def path(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url


Encode = Callable[[str, Callable[[Any], str], Sequence[Any]], list[bytes]]
"""`encode(kind, encode_one, items)` is `[encode_one(item).encode() for item in items]`, the UTF-8 lines of one
kind of record (`encode_one` must be a pure function of its item). A build with a cache reuses each line it
made before from an equal item: a rebuild after one new article encodes one article record, not all of them.
Lines are bytes: joined as text, a file of records that hold one character beyond Latin-1 is copied wide,
then encoded; as bytes it is one copy (storylines.json of 5,000 articles: 11 ms -> 3 ms)."""


@dataclass(frozen=True)
class DataFile:
    """A file written as it is (JSON export, search index, robots.txt), made only when it is written:
    `make(encode)` returns its text, its records encoded through `encode`.

    At 100,000 articles the exports are hundreds of megabytes: held in the site model, they were in
    memory through all of rendering, and every forked renderer counted them again.
    """

    url: str
    make: Callable[[Encode], str | bytes]


@dataclass(frozen=True)
class FeedLink:
    """The feed a page links to. One per storyline or country, shared by its pages: a page's key hashes
    it once per build, not once per page."""

    title: str
    url: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    flag: str
    region: str
    focus: tuple[Storyline, ...]
    mentioned: tuple[Storyline, ...]
    article_count: int

    @property
    def url(self) -> str:
        return country_url(self.code)


@dataclass(frozen=True)
class Pagination:
    """Where one page sits in a list split over several pages."""

    base_url: str
    number: int
    count: int

    def url_of(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None


@dataclass(frozen=True)
class Month:
    """The articles dated in one calendar month (or the undated ones, with `start` None)."""

    start: dt.date | None
    articles: tuple[Article, ...]

    @property
    def url(self) -> str:
        return f"archive/{self.start:%Y-%m}/" if self.start else "archive/undated/"

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y}" if self.start else "Undated articles"


@dataclass(frozen=True)
class Site:
    pages: tuple[Page, ...]
    data: tuple[DataFile, ...]


def article_url(article_id: str) -> str:
    return f"articles/{article_id}/"


def storyline_url(storyline_id: str) -> str:
    return f"storylines/{storyline_id}/"


def country_url(code: str) -> str:
    return f"countries/{code.lower()}/"


def newest_first(storylines: Iterable[Storyline]) -> list[Storyline]:
    """Most recently updated first; undated last; ties by id, so the order never depends on input order."""
    return sorted(
        storylines, key=lambda s: (s.last_updated is None, -(s.last_updated or dt.date.min).toordinal(), s.id)
    )


def paginate(items: Sequence, size: int, base_url: str, key: Callable[[Any], str]) -> list[tuple[Pagination, tuple]]:
    """Split `items` over pages: the first holds the first `size`; each later page ends at an item whose
    `key` hashes to a multiple of size / 2 once it holds size / 2 items (at 3 × size in any case): `size`
    items on average.

    Pages of a fixed size would make one item added near the top of a long list (a new article in its
    month, an updated storyline in its country) move an item onto every later page, and a rebuild rewrite
    them all: at 100,000 articles, 3,330 pages of the United States for one new article. Ended by their
    items' keys (as backup tools cut files into chunks), later pages keep their items when an item comes
    or goes elsewhere; only the page it is on changes, and the page numbers after it when a page is added
    or lost (and every page's "Page 2 of 12" then). An empty list still gets its first page.
    """
    half = max(1, size // 2)
    chunks = [tuple(items[:size]), *_cut_by_keys(items[size:], half, 3 * size, key, least=half)]
    return [(Pagination(base_url, n, len(chunks)), chunk) for n, chunk in enumerate(chunks, start=1)]


def _cut_by_keys(items: Sequence, every: int, most: int, key: Callable[[Any], str], least: int = 1) -> list[tuple]:
    """`items` in runs of `least` to `most`, each ended by an item whose `key` hashes to a multiple of `every`
    (`every` items on average). An item added or removed changes the run it is in (or splits or joins it);
    the runs after it change only when a cut moves because a run fell short of `least` or reached `most`."""
    chunks, run = [], []
    for item in items:
        run.append(item)
        if len(run) >= most or (len(run) >= least and zlib.crc32(key(item).encode()) % every == 0):
            chunks.append(tuple(run))
            run = []
    if run:
        chunks.append(tuple(run))
    return chunks


def build_site(
    articles: tuple[Article, ...],
    storylines: tuple[Storyline, ...],
    key_terms: dict[str, KeyTerms],
    config: Config,
    accounting: dict,
) -> Site:
    """Lay out every page of the site from the collected articles and storylines (`key_terms` by storyline id)."""
    by_id = {a.id: a for a in articles}
    storyline_of = {aid: s for s in storylines for aid in s.article_ids}
    countries = _countries(articles, storylines, storyline_of)
    months = _months(articles)
    ordered = newest_first(storylines)
    latest = max((s.last_updated for s in storylines if s.last_updated), default=None)
    pages = [
        Page(
            "",
            "index.html",
            {
                "storylines": ordered[: config.home.storylines],
                "latest": latest,
                "articles": _articles_of(ordered[: config.home.storylines], by_id),
                "more": len(ordered) > config.home.storylines,
            },
        ),
        Page("countries/", "countries.html", {"regions": _by_region(countries)}),
        Page("archive/", "archive.html", {"years": _by_year(months)}),
        Page("search/", "search.html", {"results_shown": SEARCH_RESULTS_SHOWN}),
        Page("feeds/", "feeds.html"),
        Page("about/", "about.html", {"summary_config": config.summary}),
        Page("accessibility/", "accessibility.html"),
        Page("404.html", "404.html", in_sitemap=False),
        _feed("feed.xml", config.site.title, "", ordered[:FEED_SIZE]),
    ]
    feed_of = {s.id: FeedLink(f"Storyline: {s.title}", storyline_url(s.id) + "feed.xml") for s in storylines}
    for storyline in storylines:
        pages.extend(_storyline_pages(storyline, key_terms[storyline.id], by_id, latest, feed_of[storyline.id], config))
    position_of = {article_id: n for s in storylines for n, article_id in enumerate(s.article_ids)}
    for article in articles:
        storyline = storyline_of[article.id]
        pages.append(_article_page(article, storyline, position_of[article.id], by_id, feed_of[storyline.id]))
    for country in countries:
        pages.extend(_country_pages(country, config))
    for month in months:
        for pagination, chunk in paginate(month.articles, ARCHIVE_PAGE_SIZE, month.url, key=_article_id):
            in_storyline = {a.id: storyline_of[a.id] for a in chunk}
            heading = month if pagination.number == 1 else _heading_only(month)
            context = {"month": heading, "articles": chunk, "pagination": pagination, "storyline_of": in_storyline}
            pages.append(Page(pagination.url, "month.html", context))
    pages += _sitemaps([p.url for p in pages if p.in_sitemap and _is_html(p)])
    searched = partial(_search_documents, articles, _with_terms(ordered, key_terms), countries)
    search = SearchIndex(len(storylines) + len(countries) + len(articles), searched)
    data = (
        DataFile("api/articles.json", partial(_articles_json, articles, storyline_of)),
        DataFile("api/storylines.json", partial(_records, "storylines", _storyline_line, _with_terms(storylines, key_terms))),
        DataFile("api/countries.json", partial(_records, "countries", _country_line, countries)),
        DataFile("api/build.json", lambda _encode: _json(accounting)),
        *(DataFile(url, make) for url, make in search.files()),
        DataFile("robots.txt", lambda _encode: _robots(config.site.base_url)),
    )
    return Site(tuple(pages), data)


def _with_terms(storylines: Sequence[Storyline], key_terms: dict[str, KeyTerms]) -> list[tuple[Storyline, KeyTerms]]:
    return [(s, key_terms[s.id]) for s in storylines]


def _storyline_pages(
    storyline: Storyline,
    terms: KeyTerms,
    by_id: dict[str, Article],
    latest: dt.date | None,
    feed: FeedLink,
    config: Config,
) -> list[Page]:
    members = [by_id[i] for i in storyline.article_ids]
    url = storyline_url(storyline.id)
    context = {
        "storyline": storyline,
        "key_terms": terms,
        "members": members,
        "articles": _articles_of([storyline], by_id),
        "latest": latest,
        "feed": feed,
    }
    pages = [
        Page(url, "storyline.html", context),
        _feed(url + "feed.xml", f"{config.site.title}: {storyline.title}", url, [storyline]),
    ]
    for alias in storyline.aliases:
        pages.append(Page(storyline_url(alias), "redirect.html", {"storyline": storyline}, in_sitemap=False))
    return pages


def _articles_of(storylines: Sequence[Storyline], by_id: dict[str, Article]) -> dict[str, Article]:
    """The articles of these storylines, by id: what a page crediting their summaries looks up.

    Only these, not the whole site: a page's context is hashed to decide whether it must be rendered
    again, and a context holding every article would make that grow with the site, page after page.
    """
    return {i: by_id[i] for s in storylines for i in s.article_ids}


def _article_page(article: Article, storyline: Storyline, position: int, by_id: dict[str, Article], feed: FeedLink) -> Page:
    """The article (at `position` in its storyline), and up to OTHER_ARTICLES_SHOWN of its storyline's other
    articles nearest it in time. They are within that many places of it: only those are weighed, so a storyline
    of thousands of articles costs each of its pages the same as one of ten."""
    ids = storyline.article_ids
    if len(ids) <= OTHER_ARTICLES_SHOWN + 1:  # all the others (most storylines): no need to weigh them
        others = [by_id[other] for i, other in enumerate(ids) if i != position]
    else:
        around = range(max(0, position - OTHER_ARTICLES_SHOWN), min(len(ids), position + OTHER_ARTICLES_SHOWN + 1))
        nearest = sorted((i for i in around if i != position), key=lambda i: (abs(i - position), i))
        others = [by_id[ids[i]] for i in sorted(nearest[:OTHER_ARTICLES_SHOWN])]
    context = {
        "article": article,
        "storyline": storyline,
        "others": others,
        "feed": feed,
    }
    return Page(article_url(article.id), "article.html", context)


def _country_pages(country: Country, config: Config) -> list[Page]:
    """The storylines about the country, newest first, then those that only mention it, over as many pages as needed."""
    entries = [("focus", s) for s in country.focus] + [("mentioned", s) for s in country.mentioned]
    feed = FeedLink(country.name, country.url + "feed.xml")
    pages = []
    for pagination, chunk in paginate(entries, COUNTRY_PAGE_SIZE, country.url, key=_entry_key):
        context = {
            "country": country if pagination.number == 1 else _heading_only(country),
            "pagination": pagination,
            "feed": feed,
            "focus": [s for kind, s in chunk if kind == "focus"],
            "mentioned": [s for kind, s in chunk if kind == "mentioned"],
        }
        pages.append(Page(pagination.url, "country.html", context))
    feed_items = newest_first(country.focus + country.mentioned)[:FEED_SIZE]
    pages.append(_feed(feed.url, f"{config.site.title}: {country.name}", country.url, feed_items))
    return pages


def _article_id(article: Article) -> str:
    return article.id


def _entry_key(entry: tuple[str, Storyline]) -> str:
    return entry[0] + ":" + entry[1].id


def _heading_only(listing: Country | Month) -> Country | Month:
    """A country or month without its lists and counts, for the second and later pages of its listing:
    they show only their own part, so one new article elsewhere in the list does not change them all."""
    if isinstance(listing, Month):
        return replace(listing, articles=())
    return replace(listing, focus=(), mentioned=(), article_count=0)


def _feed(url: str, title: str, page_url: str, storylines: Sequence[Storyline]) -> Page:
    return Page(
        url,
        "feed.xml",
        {"feed_title": title, "feed_url": url, "page": page_url, "storylines": storylines},
        in_sitemap=False,
    )


def _sitemaps(urls: list[str]) -> list[Page]:
    """`sitemap.xml` listing every page; past the protocol's limit of URLs per file (sitemaps.org), an index
    of sitemaps under `sitemaps/` that hold them all. They are split where their URLs say and named by their
    first URL, so a new page rewrites the sitemap it joins (two, if it starts or ends one), not every later one."""
    if len(urls) <= SITEMAP_URLS:
        return [Page("sitemap.xml", "sitemap.xml", {"urls": urls}, in_sitemap=False)]
    files = [
        Page(f"sitemaps/{_short_hash(chunk[0])}.xml", "sitemap.xml", {"urls": list(chunk)}, in_sitemap=False)
        for chunk in _cut_by_keys(urls, SITEMAP_URLS // 4, SITEMAP_URLS, key=str)  # no least: cuts stay in place
    ]
    return [Page("sitemap.xml", "sitemap-index.xml", {"sitemaps": [f.url for f in files]}, in_sitemap=False), *files]


def _short_hash(text: str) -> str:
    """16 hex digits of a hash: a file name that stays with its content (two alike would be refused by the writer)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _is_html(page: Page) -> bool:
    return page.path.endswith(".html")


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
    for code in sorted(mentioned, key=lambda c: (country_name(c), c)):
        in_focus = focus.get(code, set())
        result.append(
            Country(
                code=code,
                name=country_name(code),
                flag=flag(code),
                region=region(code),
                focus=tuple(newest_first(by_id[i] for i in in_focus)),
                mentioned=tuple(newest_first(by_id[i] for i in mentioned[code] - in_focus)),
                article_count=article_count[code],
            )
        )
    return result


def _by_region(countries: list[Country]) -> list[tuple[str, list[Country]]]:
    """Countries grouped by continent, alphabetically, with 'Other' last."""
    groups: dict[str, list[Country]] = {}
    for country in countries:
        groups.setdefault(country.region, []).append(country)
    return sorted(groups.items(), key=lambda item: (item[0] == "Other", item[0]))


def _months(articles: tuple[Article, ...]) -> list[Month]:
    """Calendar months newest first, each with its articles newest first; undated articles last."""
    groups: dict[dt.date | None, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.date.replace(day=1) if article.date else None, []).append(article)
    starts = sorted((d for d in groups if d), reverse=True) + ([None] if None in groups else [])
    return [Month(start, tuple(sorted(groups[start], key=_newest_article_first))) for start in starts]


def _by_year(months: list[Month]) -> list[tuple[str, list[Month]]]:
    """Months grouped under their year, in the months' order; the undated group under 'Undated'."""
    years: dict[str, list[Month]] = {}
    for month in months:
        years.setdefault(str(month.start.year) if month.start else "Undated", []).append(month)
    return list(years.items())


def _newest_article_first(article: Article) -> tuple:
    return (-(article.date or dt.date.min).toordinal(), article.id)


def _search_documents(articles, storylines, countries, encode: Encode) -> list[bytes]:
    """What search shows and finds: storylines (by title, key terms, summary), countries (name, region),
    articles (title, outlet), in that order."""
    return (
        encode("search-storylines", lambda item: search_entry(_storyline_document(item)), storylines)
        + encode("search-countries", lambda country: search_entry(_country_document(country)), countries)
        + encode("search-articles", lambda article: search_entry(_article_document(article)), articles)
    )


def _storyline_document(item: tuple[Storyline, KeyTerms]) -> SearchDocument:
    s, terms = item
    text = " ".join((*terms.terms, *terms.entities, *(c.text for c in s.summary)))
    return SearchDocument("Storyline", s.title, storyline_url(s.id), s.last_updated, text)


def _country_document(c: Country) -> SearchDocument:
    return SearchDocument("Country", c.name, c.url, None, c.region)


def _article_document(a: Article) -> SearchDocument:
    return SearchDocument("Article", a.title, article_url(a.id), a.date, a.source)


def _robots(base_url: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def _article_line(item: tuple[Article, str]) -> str:
    """An article's record; its item holds its storyline's id only, so a storyline's new title keeps the line."""
    article, storyline_id = item
    return _ENCODER.encode(
        {
            "id": article.id,
            "title": article.title,
            "date": article.date.isoformat() if article.date else None,
            "source": article.source,
            "source_url": article.source_url,
            "url": article_url(article.id),
            "storyline": storyline_id,
            "countries": {"focus": list(article.countries.focus), "mentioned": list(article.countries.mentioned)},
            "also_carried_by": [
                {"id": c.article_id, "source": c.source, "source_url": c.source_url} for c in article.carriers
            ],
        }
    )


def _storyline_line(item: tuple[Storyline, KeyTerms]) -> str:
    storyline, terms = item
    return _ENCODER.encode(
        {
            "id": storyline.id,
            "title": storyline.title,
            "url": storyline_url(storyline.id),
            "articles": list(storyline.article_ids),
            "countries": list(storyline.countries),
            "summary": [{"text": s.text, "article": s.article_id} for s in storyline.summary],
            "key_terms": list(terms.terms),
            "key_entities": list(terms.entities),
            "aliases": list(storyline.aliases),
            "first_seen": storyline.first_seen.isoformat() if storyline.first_seen else None,
            "last_updated": storyline.last_updated.isoformat() if storyline.last_updated else None,
        }
    )


def _country_line(country: Country) -> str:
    return _ENCODER.encode(
        {
            "code": country.code,
            "name": country.name,
            "url": country.url,
            "region": country.region,
            "focus_storylines": [s.id for s in country.focus],
            "mentioned_storylines": [s.id for s in country.mentioned],
        }
    )


def _records(kind: str, encode_one: Callable[[Any], str], items: Sequence, encode: Encode) -> bytes:
    return _json_lines(encode(kind, encode_one, items))


def _articles_json(articles: Sequence[Article], storyline_of: dict[str, Storyline], encode: Encode) -> bytes:
    return _json_lines(encode("articles", _article_line, [(a, storyline_of[a.id].id) for a in articles]))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would make one per record


def _json_lines(lines: list[bytes]) -> bytes:
    """A JSON list of compact records, one per line (the C encoder: indent= forces the pure-Python one, 10x slower)."""
    return b"[\n" + b",\n".join(lines) + b"\n]\n"


def _json(value: Any) -> str:
    return _ENCODER.encode(value) + "\n"
