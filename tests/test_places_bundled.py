"""The bundled articles' countries, as a reader of the built site sees them."""

from __future__ import annotations

from html import unescape

# The countries a reader would name as what each bundled article is about.
FOCUS = {
    "UK public at risk from hostile state threats - MI5": {"GB"},
    "China accused of 'systematic cyber sabotage' by UK & allies": {"CN", "GB"},  # the UK accuses
    "China & Russia Team Up For Joint Military Drills": {"CN", "RU"},
    "Arrival of Russian Wagner mercenaries in Mali": {"ML", "RU"},
    "Kazakhstan unrest: Dozens killed in crackdown": {"KZ"},
    "Ukraine tension: Biden says he thinks Putin will 'move in'": {"UA", "RU"},
    "China joins Russia in opposing Nato expansion": {"CN", "RU"},
    "Russia claims control of southern Ukrainian city of Kherson": {"RU", "UA"},
    "Russian airborne troops land in Kharkiv, clashes erupt": {"UA", "RU"},
    "Russian operatives may already be in Ukraine ahead of potential invasion": {"RU", "UA"},
    "Russia's a credible force set to do something imminently, defence minister warns": {"RU", "UA"},
    "What’s behind the conflict between Russia & Ukraine?": {"UA", "RU"},
}

# Named only in passing: in a list of allies or members, or as background.
ONLY_IN_PASSING = {"AF", "AM", "BY", "CA", "CH", "DE", "FR", "IT", "KG", "TJ", "US"}


def _articles(site):
    return {unescape(a["title"]): a for a in site.api("articles")}


def test_every_bundled_article_has_the_focus_countries_a_reader_would_name(bundled_site):
    articles = _articles(bundled_site)
    assert set(articles) == set(FOCUS)
    for title, expected in FOCUS.items():
        assert set(articles[title]["countries"]["focus"]) == expected, title


def test_countries_named_in_passing_are_listed_as_mentioned(bundled_site):
    articles = _articles(bundled_site)
    assert "UA" in articles["China joins Russia in opposing Nato expansion"]["countries"]["mentioned"]
    kazakhstan = articles["Kazakhstan unrest: Dozens killed in crackdown"]["countries"]["mentioned"]
    assert {"BY", "TJ", "KG", "AM"} <= set(kazakhstan)
    mali = articles["Arrival of Russian Wagner mercenaries in Mali"]["countries"]["mentioned"]
    assert {"FR", "GB", "IT", "DE"} <= set(mali)


def test_no_country_page_lists_a_storyline_in_focus_for_a_country_named_in_passing(bundled_site):
    countries = {c["code"]: c for c in bundled_site.api("countries")}
    for code in ONLY_IN_PASSING:
        if code in countries:
            assert countries[code]["focus_storylines"] == [], code
    assert countries["AF"]["focus_storylines"] == []
    assert countries["UA"]["focus_storylines"] and countries["ML"]["focus_storylines"]
