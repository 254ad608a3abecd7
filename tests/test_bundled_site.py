"""End to end: the bundled articles become the briefing a reader expects."""

from __future__ import annotations

import re
from html import unescape

SEED_DATES = {
    "Russian airborne troops land in Kharkiv, clashes erupt": "2022-03-02",
    "Russia claims control of southern Ukrainian city of Kherson": "2022-03-02",
    "China joins Russia in opposing Nato expansion": "2022-02-04",
    "Ukraine tension: Biden says he thinks Putin will 'move in'": "2022-01-20",
    "Kazakhstan unrest: Dozens killed in crackdown": "2022-01-06",
    "Arrival of Russian Wagner mercenaries in Mali": "2021-12-23",
    "China & Russia Team Up For Joint Military Drills": "2021-08-10",
    "China accused of 'systematic cyber sabotage' by UK & allies": "2021-07-19",
    "UK public at risk from hostile state threats - MI5": "2021-07-14",
}
UNDATED = {
    "Russian operatives may already be in Ukraine ahead of potential invasion",
    "What’s behind the conflict between Russia & Ukraine?",
    "Russia's a credible force set to do something imminently, defence minister warns",
}
UKRAINE_CRISIS = {
    "Russian airborne troops land in Kharkiv, clashes erupt",
    "Russia claims control of southern Ukrainian city of Kherson",
    "Ukraine tension: Biden says he thinks Putin will 'move in'",
    "Russian operatives may already be in Ukraine ahead of potential invasion",
    "What’s behind the conflict between Russia & Ukraine?",
    "Russia's a credible force set to do something imminently, defence minister warns",
}
NOT_UKRAINE = {
    "Kazakhstan unrest: Dozens killed in crackdown",
    "Arrival of Russian Wagner mercenaries in Mali",
    "China joins Russia in opposing Nato expansion",
    "China & Russia Team Up For Joint Military Drills",
    "UK public at risk from hostile state threats - MI5",
}


def _by_title(site):
    return {a["title"]: a for a in site.api("articles")}


def test_every_distinct_seed_article_is_published_once_with_its_date(bundled_site):
    articles = _by_title(bundled_site)
    assert set(articles) == set(SEED_DATES) | UNDATED
    assert len(bundled_site.api("articles")) == len(articles)
    for title, date in SEED_DATES.items():
        assert articles[title]["date"] == date
    for title in UNDATED:
        assert articles[title]["date"] is None


def test_the_ukraine_crisis_is_one_storyline_and_other_stories_stay_apart(bundled_site):
    articles = _by_title(bundled_site)
    crisis = {articles[t]["storyline"] for t in UKRAINE_CRISIS}
    assert len(crisis) == 1
    for title in NOT_UKRAINE:
        assert articles[title]["storyline"] not in crisis, title


def test_every_storyline_has_a_credited_summary_without_repeats(bundled_site):
    articles = {a["id"]: a for a in bundled_site.api("articles")}
    for storyline in bundled_site.api("storylines"):
        assert storyline["summary"], storyline["id"]
        texts = [s["text"] for s in storyline["summary"]]
        assert len(texts) == len(set(texts))
        for sentence in storyline["summary"]:
            assert sentence["article"] in storyline["articles"]
            body = bundled_site.page(articles[sentence["article"]]["url"])
            words = sentence["text"].split()[:6]
            assert " ".join(words) in unescape(re.sub(r"\s+", " ", body)), sentence


def test_storyline_page_credits_each_summary_sentence_to_its_article(bundled_site):
    storyline = max(bundled_site.api("storylines"), key=lambda s: len(s["articles"]))
    html = bundled_site.page(storyline["url"])
    for sentence in storyline["summary"]:
        assert f'href="../../articles/{sentence["article"]}/"' in html


def test_country_pages_exist_for_the_countries_the_articles_are_about(bundled_site):
    countries = {c["code"]: c for c in bundled_site.api("countries")}
    for code in ("RU", "UA", "CN", "KZ", "ML", "GB"):
        assert code in countries
        assert countries[code]["focus_storylines"], code
        assert (bundled_site.root / countries[code]["url"] / "index.html").is_file()
    articles = _by_title(bundled_site)
    assert "KZ" in articles["Kazakhstan unrest: Dozens killed in crackdown"]["countries"]["focus"]
    assert "ML" in articles["Arrival of Russian Wagner mercenaries in Mali"]["countries"]["focus"]
    assert set(articles["Russian airborne troops land in Kharkiv, clashes erupt"]["countries"]["focus"]) == {"UA", "RU"}


def test_home_page_shows_the_latest_storylines_with_summaries(bundled_site):
    html = bundled_site.page("")
    storylines = bundled_site.api("storylines")
    newest = max(storylines, key=lambda s: s["last_updated"] or "")
    assert unescape(newest["title"]) in unescape(html)
    assert unescape(newest["summary"][0]["text"]) in unescape(html)
    assert "<script" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "no third-party requests"


def test_not_found_page_and_feed_exist(bundled_site):
    assert "Page not found" in bundled_site.page("404.html")
    assert "<feed" in bundled_site.page("feed.xml")


def test_build_accounts_for_every_file(bundled_site):
    build = bundled_site.api("build")
    assert build["read"] == build["published"] + build["duplicates_folded"] + build["skipped"]
    assert build["published"] == len(bundled_site.api("articles"))
