"""The pages a reader opens: what each kind shows, how long lists split, how links survive any base path."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from generator.build import build
from generator.config import load_config
from generator.model import Article, Countries, KeyTerms, Storyline, SummarySentence
from generator.render import write_site
from generator.site import build_site, paginate
from tests.conftest import PROJECT, BuiltSite


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _build(tmp_path, base_url: str = "", **sizes) -> BuiltSite:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    config = load_config(PROJECT / "config.yaml")
    config = config.with_overrides(
        content_dir=content, output_dir=tmp_path / "output", site=replace(config.site, base_url=base_url)
    )
    with pytest.MonkeyPatch.context() as patch:
        for name, value in sizes.items():
            patch.setattr(f"generator.site.{name}", value)
        report = build(config)
    return BuiltSite(tmp_path / "output", report)


def test_dates_are_written_in_words_inside_time_elements(bundled_site):
    storyline = next(s for s in bundled_site.api("storylines") if s["last_updated"] == "2022-03-02")
    html = bundled_site.page(storyline["url"])
    assert '<time datetime="2022-03-02">2 March 2022</time>' in html
    assert "last updated 2 March 2022" in _text(html)


def test_home_marks_only_storylines_updated_in_the_latest_edition_as_new(bundled_site):
    storylines = bundled_site.api("storylines")
    latest = max(s["last_updated"] for s in storylines if s["last_updated"])
    cards = re.findall(r'<article class="card".*?</article>', bundled_site.page(""), re.DOTALL)
    assert len(cards) == len(storylines)
    for card in cards:
        storyline = next(s for s in storylines if f'href="./{s["url"]}"' in card)
        assert ("New in the latest edition" in _text(card)) == (storyline["last_updated"] == latest), storyline["id"]
    assert "Latest edition: 2 March 2022" in _text(bundled_site.page(""))


def test_storyline_page_says_why_its_articles_belong_together_and_dates_each_one(bundled_site):
    storyline = max(bundled_site.api("storylines"), key=lambda s: len(s["articles"]))
    text = _text(bundled_site.page(storyline["url"]))
    assert "Why these articles are together" in text
    assert ", ".join(storyline["key_terms"]) in text
    articles = {a["id"]: a for a in bundled_site.api("articles")}
    timeline = text[text.index("Timeline") :]
    positions = [timeline.index(unescape(articles[i]["title"])) for i in storyline["articles"]]
    assert positions == sorted(positions), "the timeline runs oldest first, as the storyline lists its articles"
    assert f"first seen {_words(storyline['first_seen'])}" in text


def _words(iso: str) -> str:
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def test_article_page_shows_its_storyline_other_articles_and_countries(bundled_site):
    storyline = max(bundled_site.api("storylines"), key=lambda s: len(s["articles"]))
    articles = {a["id"]: a for a in bundled_site.api("articles")}
    first, *others = storyline["articles"]
    html = bundled_site.page(articles[first]["url"])
    assert f'href="../../{storyline["url"]}"' in html
    for other in others:
        assert f'href="../../{articles[other]["url"]}"' in html
    for code in articles[first]["countries"]["focus"]:
        assert f'href="../../countries/{code.lower()}/"' in html


def test_country_page_lists_its_storylines_newest_first_then_those_that_mention_it(bundled_site):
    country = next(c for c in bundled_site.api("countries") if c["code"] == "RU")
    html = bundled_site.page(country["url"])
    storylines = {s["id"]: s for s in bundled_site.api("storylines")}
    order = [
        html.index(f'href="../../{storylines[i]["url"]}"')
        for i in country["focus_storylines"] + country["mentioned_storylines"]
    ]
    assert order == sorted(order)
    dates = [storylines[i]["last_updated"] or "" for i in country["focus_storylines"] if storylines[i]["last_updated"]]
    assert dates == sorted(dates, reverse=True)
    text = _text(html)
    assert text.index("Storylines about") < text.index("Also mentioned in")
    assert re.search(r"\d+ storylines? about .+, \d+ more that mention it, from \d+ articles?", text)
    assert '<link rel="alternate" type="application/atom+xml" title="Briefing: ' in html
    assert 'href="../../countries/ru/feed.xml"' in html


def test_countries_index_groups_countries_by_continent_with_counts(bundled_site):
    text = _text(bundled_site.page("countries/"))
    for continent in ("Africa", "Asia", "Europe", "North America"):
        assert re.search(continent + r" \(\d+ countr(y|ies)\)", text), continent
    assert text.index("Mali") < text.index("China") < text.index("Ukraine")


def test_archive_lists_every_month_and_each_month_its_articles(bundled_site):
    text = _text(bundled_site.page("archive/"))
    assert "March 2022 (2 articles)" in text and "Undated articles (3 articles)" in text
    month = _text(bundled_site.page("archive/2022-03/"))
    assert "Russia claims control of southern Ukrainian city of Kherson" in month
    assert "2 March 2022" in month


def test_long_lists_are_split_into_pages_that_link_to_each_other(tmp_path):
    site = _build(tmp_path, COUNTRY_PAGE_SIZE=2, ARCHIVE_PAGE_SIZE=1)
    country = next(c for c in site.api("countries") if c["code"] == "RU")
    total = len(country["focus_storylines"]) + len(country["mentioned_storylines"])
    pages = [site.page(country["url"])]
    while match := re.search(r'href="(?:\.\./)+(countries/ru/page/\d+/)" rel="next"', pages[-1]):
        pages.append(site.page(match.group(1)))
    assert len(pages) > 1 and not (site.root / country["url"] / f"page/{len(pages) + 1}").exists()
    assert (
        sum(p.count('<li><a href="../../storylines/') + p.count('<li><a href="../../../../storylines/') for p in pages)
        == total
    )
    assert pages[0].count('<li><a href="../../storylines/') == 2, "the first page holds COUNTRY_PAGE_SIZE"
    assert 'href="../../countries/ru/page/2/" rel="next"' in pages[0]
    assert 'href="../../../../countries/ru/" rel="prev"' in pages[1]
    assert f"Page 2 of {len(pages)}" in _text(pages[1])
    assert "Also mentioned in" in _text(pages[-1]) and "Also mentioned in" not in _text(pages[0])
    assert 'rel="next"' in site.page("archive/2022-03/") and (site.root / "archive/2022-03/page/2/index.html").is_file()


def test_pages_link_relatively_and_name_their_public_address_only_when_it_is_known(bundled_site, tmp_path):
    home = bundled_site.page("")
    assert 'rel="canonical"' not in home and "og:url" not in home
    assert '<meta property="og:title" content="Briefing">' in home
    assert "Sitemap:" not in (bundled_site.root / "robots.txt").read_text()

    site = _build(tmp_path, base_url="https://example.org/briefing/")
    storyline = site.api("storylines")[0]
    html = site.page(storyline["url"])
    assert f'<link rel="canonical" href="https://example.org/briefing/{storyline["url"]}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'href="../../static/style.css"' in html, "pages still link relatively"
    not_found = site.page("404.html")
    assert 'href="/briefing/static/style.css"' in not_found and 'href="/briefing/countries/"' in not_found
    assert 'rel="canonical"' not in not_found
    assert "Sitemap: https://example.org/briefing/sitemap.xml" in (site.root / "robots.txt").read_text()
    sitemap = (site.root / "sitemap.xml").read_text()
    assert f"<loc>https://example.org/briefing/{storyline['url']}</loc>" in sitemap
    assert "404.html" not in sitemap
    assert 'href="https://example.org/briefing/feed.xml"' in site.page("feed.xml")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_hostile_markup_is_shown_as_text_never_as_markup(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(PROJECT / "tests" / "browser" / "fixtures" / "hostile-markup.md", content)
    config = load_config(PROJECT / "config.yaml").with_overrides(content_dir=content, output_dir=tmp_path / "output")
    build(config)
    article = (tmp_path / "output" / "articles" / "hostile-markup" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned" in article and "&lt;img src=" in article
    for path in (tmp_path / "output").rglob("*.html"):
        parser = _Tags()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            assert tag not in ("img", "iframe", "svg", "object", "embed"), path
            assert tag != "script" or attrs.get("src", "").endswith("static/search.js"), path
            assert not [name for name in attrs if name.startswith("on")], (path, tag)
            assert not [v for v in attrs.values() if v and v.strip().lower().startswith("javascript:")], (path, tag)


def test_an_old_storyline_address_leads_to_the_storyline_it_merged_into(tmp_path):
    config = load_config(PROJECT / "config.yaml").with_overrides(output_dir=tmp_path / "output")
    article = Article(
        id="a", title="Floods in Chad", body="Floods hit Chad.", path="a.md", countries=Countries(("TD",))
    )
    storyline = Storyline(
        id="floods-in-chad",
        title="Floods in Chad",
        article_ids=("a",),
        aliases=("chad-floods",),
        summary=(SummarySentence("Floods hit Chad.", "a"),),
    )
    config = replace(config, site=replace(config.site, base_url="https://example.org/"))
    write_site(build_site((article,), (storyline,), {storyline.id: KeyTerms()}, config, {}), config)
    moved = (tmp_path / "output" / "storylines" / "chad-floods" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../storylines/floods-in-chad/"' in moved
    assert 'href="../../storylines/floods-in-chad/"' in moved
    assert '<link rel="canonical" href="https://example.org/storylines/floods-in-chad/">' in moved
    assert "chad-floods" not in (tmp_path / "output" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_briefing_with_no_articles_yet_says_so_on_every_list(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    config = load_config(PROJECT / "config.yaml").with_overrides(content_dir=content, output_dir=tmp_path / "output")
    build(config)
    site = BuiltSite(tmp_path / "output", None)
    assert "No articles yet" in _text(site.page(""))
    assert "No countries yet" in _text(site.page("countries/"))
    assert "No articles yet" in _text(site.page("archive/"))
    assert "<entry>" not in site.page("feed.xml")


def _pages_of(items: list[str], size: int) -> list[tuple[str, ...]]:
    return [chunk for _pagination, chunk in paginate(items, size, "archive/undated/", key=str)]


def test_pages_hold_every_item_once_and_about_the_page_size_each():
    items = [f"article-{n:05d}" for n in range(3000)]
    pages = _pages_of(items, 20)
    assert [item for page in pages for item in page] == items
    assert len(pages[0]) == 20
    assert all(10 <= len(page) <= 60 for page in pages[1:-1])
    assert 15 <= len(items) / len(pages) <= 25


def test_an_item_added_near_the_top_of_a_long_list_changes_only_the_pages_about_it():
    items = [f"article-{n:05d}" for n in range(3000)]
    before = _pages_of(items, 20)
    for place in (0, 5, 25, 1500):
        after = _pages_of(items[:place] + ["a-new-article"] + items[place:], 20)
        changed = [page for page in after if page not in before]
        assert len(changed) <= 2, (place, len(changed))


def test_an_empty_list_still_has_its_first_page():
    [(pagination, chunk)] = paginate([], 20, "countries/ru/", key=str)
    assert (pagination.url, pagination.count, chunk) == ("countries/ru/", 1, ())


def _locations(path) -> list[str]:
    return _locations_in(path.read_bytes())


def test_a_site_with_more_pages_than_a_sitemap_may_list_gets_an_index_of_sitemaps_listing_each_page_once(tmp_path):
    base = "https://example.org/briefing/"
    whole = _locations(_build(tmp_path / "one", base_url=base).root / "sitemap.xml")
    site = _build(tmp_path / "split", base_url=base, SITEMAP_URLS=12)
    index = ElementTree.fromstring((site.root / "sitemap.xml").read_bytes())
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed, parts = [], _locations(site.root / "sitemap.xml")
    for location in parts:
        assert location.startswith(base + "sitemaps/"), location
        urls = _locations(site.root / location.removeprefix(base))
        assert 0 < len(urls) <= 12
        listed += urls
    assert len(parts) >= 4 and listed == whole


def test_a_new_article_rewrites_only_the_sitemaps_around_its_page(tmp_path):
    site = _build(tmp_path, SITEMAP_URLS=12)
    before = {p.name: p.read_bytes() for p in (site.root / "sitemaps").iterdir()}
    (tmp_path / "content" / "2022-03-01-new-dam-opens.md").write_text(
        "---\ntitle: Laos opens a new dam on the Mekong\ndate: 2022-03-01\n---\n\n"
        "Laos opened a hydropower dam on the Mekong river on Tuesday, the energy ministry said.\n",
        encoding="utf-8",
    )
    config = load_config(PROJECT / "config.yaml").with_overrides(content_dir=tmp_path / "content", output_dir=site.root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.site.SITEMAP_URLS", 12)
        build(config)
    after = {p.name: p.read_bytes() for p in (site.root / "sitemaps").iterdir()}
    changed = [name for name in after.keys() | before.keys() if after.get(name) != before.get(name)]
    new_urls = {url for name in after for url in _locations(site.root / "sitemaps" / name)} - {
        url for name in before for url in _locations_in(before[name])
    }
    assert "../articles/2022-03-01-new-dam-opens/" in new_urls
    assert len(before) >= 8 and 1 <= len(changed) <= 2 * len(new_urls) < len(before) / 2, (changed, new_urls)


def _locations_in(xml: bytes) -> list[str]:
    return [loc.text.strip() for loc in ElementTree.fromstring(xml).iter() if loc.tag.endswith("loc")]


def test_an_article_page_of_a_long_storyline_lists_the_ten_articles_nearest_it_in_time():
    config = load_config(PROJECT / "config.yaml")
    articles = tuple(
        Article(id=f"a{n:02d}", title=f"Day {n}", body="Floods hit Chad.", path=f"a{n:02d}.md") for n in range(30)
    )
    storyline = Storyline(id="floods", title="Floods", article_ids=tuple(a.id for a in articles))
    site = build_site(articles, (storyline,), {storyline.id: KeyTerms()}, config, {})
    shown = {
        page.url: [other.id for other in page.context["others"]] for page in site.pages if page.template == "article.html"
    }
    assert shown["articles/a00/"] == [f"a{n:02d}" for n in range(1, 11)]
    assert shown["articles/a15/"] == [f"a{n:02d}" for n in range(10, 21) if n != 15]
    assert shown["articles/a29/"] == [f"a{n:02d}" for n in range(19, 29)]


def test_when_only_a_storylines_key_terms_shift_only_its_own_page_changes():
    """Corpus-wide weights move key terms whenever an article arrives anywhere; the pages that list or link
    the storyline (its articles, month, country, feeds) do not show them, so a rebuild need not render them."""
    config = load_config(PROJECT / "config.yaml")
    articles = tuple(
        Article(id=f"a{n}", title=f"Floods in Chad, day {n}", body="Floods hit Chad.", path=f"a{n}.md",
                date=dt.date(2024, 8, n + 1), countries=Countries(("TD",)))
        for n in range(3)
    )
    storyline = Storyline(id="floods", title="Floods in Chad", article_ids=tuple(a.id for a in articles), countries=("TD",))
    before = build_site(articles, (storyline,), {"floods": KeyTerms(("floods", "chad"), ())}, config, {})
    after = build_site(articles, (storyline,), {"floods": KeyTerms(("chad", "floods"), ())}, config, {})
    assert [page.url for page in before.pages] == [page.url for page in after.pages]
    changed = [old.url for old, new in zip(before.pages, after.pages) if old.context != new.context]
    assert changed == ["storylines/floods/"]
