"""The compiled gazetteer shipped with the package: current, and never trusted when it is not."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.model import Article
from generator.places import tag_countries
from generator.places.gazetteer import TABLES, build_gazetteer, read_tables, write_tables
from generator.places.place_table import PlaceTable


def test_the_shipped_tables_are_what_the_sources_give_today(tmp_path: Path):
    """Fails after places.yaml, gazetteer.py or a GeoNames/pycountry upgrade until
    `python -m generator.places.tables` is run (builds would only be slower meanwhile)."""
    remade = tmp_path / "gazetteer.json.gz"
    write_tables(build_gazetteer(), remade)
    assert remade.read_bytes() == Path(str(TABLES)).read_bytes()


def test_tables_made_from_other_sources_are_ignored(tmp_path: Path):
    stale = tmp_path / "gazetteer.json.gz"
    record = json.loads(gzip.decompress(Path(str(TABLES)).read_bytes()))
    record["sources"] = "made from an older places.yaml"
    record["dateline_places"] = {"salvador": "US"}  # what a stale table could say
    stale.write_bytes(gzip.compress(json.dumps(record).encode()))
    assert read_tables(stale) is None


def test_missing_or_damaged_tables_are_ignored(tmp_path: Path):
    damaged = tmp_path / "gazetteer.json.gz"
    damaged.write_bytes(Path(str(TABLES)).read_bytes()[:5000])
    assert read_tables(damaged) is None
    assert read_tables(tmp_path / "absent.json.gz") is None


def test_articles_are_tagged_the_same_from_the_shipped_tables_and_from_the_sources():
    shipped, built = read_tables(TABLES), build_gazetteer()
    article = Article(
        id="story",
        title="Georgia's leaders meet in Tbilisi",
        body="SALVADOR, Feb 26 - Cocoa output in Bahia fell, traders in London and Hyderabad said.\n\n"
        "ST. PETERSBURG, Fla. - Officials from New Mexico and Papua New Guinea met.",
        path="content/story.md",
    )
    assert shipped is not None
    assert tag_countries(article, shipped).countries == tag_countries(article, built).countries


def test_corrupted_tables_are_ignored(tmp_path: Path):
    shipped = bytearray(Path(str(TABLES)).read_bytes())
    shipped[len(shipped) // 2] ^= 0xFF
    corrupted = tmp_path / "gazetteer.json.gz"
    corrupted.write_bytes(bytes(shipped))
    assert read_tables(corrupted) is None


def test_the_dateline_table_answers_as_the_dict_it_was_made_from():
    places = {"salvador": "BR", "saint petersburg": "RU", "sao paulo": "BR", "paris": "FR", "pari": "IT", "a": "US"}
    table = PlaceTable.of(places.items())
    for name in [*places, "", "par", "paris ", "parisx", "saint", "zzz", "0"]:
        assert table.get(name) == places.get(name)
    assert dict(table.items()) == places
    assert PlaceTable.from_lines(*table.as_lines()) == table


def test_the_shipped_dateline_table_holds_every_place_of_the_sources():
    shipped, built = read_tables(TABLES), build_gazetteer()
    assert shipped is not None
    assert shipped.dateline_places == built.dateline_places
    assert len(shipped.dateline_places) > 150_000
    assert shipped.dateline_places.get("frankfurt") == "DE"
