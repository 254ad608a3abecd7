"""The `feed` importer: RSS 0.91, 1.0, 2.0 and Atom files become one content file per entry."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PROJECT, build_into

from generator.importers import import_files

FEEDS = PROJECT / "tests" / "fixtures" / "content" / "feeds"


def _files(folder):
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("feed", "name", "lines"),
    [
        ("rss091.xml", "dock-workers-end-strike-at-the-port-of-antwerp.md",
         ["source: Harbour Gazette", "source_url: https://gazette.example/2024/strike-ends"]),
        ("rss10.rdf", "2024-04-11-river-floods-three-villages-after-a-week-of-rain.md",
         ["date: 2024-04-11", "source: Valley Courier", "Emergency crews evacuated 400 people"]),
        ("rss20.xml", "2024-05-06-ministers-meet-in-brussels-to-discuss-energy-prices.md",
         ["source: Capital Times", "Energy ministers met in **Brussels** on Monday.",
          "Read [the background](https://capital.example/background)."]),
        ("rss20.xml", "2024-05-07-central-bank-holds-interest-rate-at-4-percent.md",
         ["The central bank left its main rate unchanged, citing *slowing inflation*."]),
        ("atom.xml", "2024-06-02-talks-on-the-border-treaty-resume.md",
         ["title: Talks on the border treaty resume", "source: Northern Wire", "## Second round",
          "- Delegations met in Oslo.", "click for nothing."]),
        ("atom.xml", "2024-05-30-harvest-estimates-cut-after-a-dry-spring.md",
         ["source_url: https://wire.example/harvest", "Farm agencies lowered their grain forecasts by a tenth."]),
    ],
)
def test_each_feed_format_gives_title_date_link_outlet_and_markdown(tmp_path, feed, name, lines):
    import_files("feed", [FEEDS / feed], tmp_path)
    text = _files(tmp_path)[name]
    for line in lines:
        assert line in text, line


def test_scripts_images_and_unsafe_links_from_a_feed_do_not_survive(tmp_path):
    import_files("feed", [FEEDS / "rss20.xml", FEEDS / "atom.xml"], tmp_path)
    everything = "".join(_files(tmp_path).values())
    assert "alert" not in everything and "javascript" not in everything
    assert "tracker.example" not in everything and "<" not in everything.replace("<!--", "")


def test_batch_source_and_date_fill_what_a_feed_lacks(tmp_path):
    import_files("feed", [FEEDS / "rss091.xml"], tmp_path, source="Wire", date=dt.date(2024, 3, 1))
    [text] = _files(tmp_path).values()
    assert "source: Wire" in text and "date: 2024-03-01" in text


def test_importing_feeds_twice_changes_nothing_and_the_result_builds(tmp_path):
    feeds = sorted(FEEDS.iterdir())
    first = import_files("feed", feeds, tmp_path / "content")
    before = {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()}
    second = import_files("feed", feeds, tmp_path / "content")
    assert len(first.written) == 6 and second.written == [] and len(second.unchanged) == 6
    assert {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()} == before
    site = build_into(tmp_path, tmp_path / "content")
    assert site.report.read == site.report.published == 6


def test_an_entry_without_a_title_is_reported_with_its_line(tmp_path):
    source = tmp_path / "feed.xml"
    source.write_text('<rss version="2.0"><channel><title>T</title>\n<item><title>Has a title here</title>'
                      "<description>Text.</description></item>\n<item><description>No title.</description></item>"
                      "</channel></rss>\n", encoding="utf-8")
    report = import_files("feed", [source], tmp_path / "content")
    assert len(report.written) == 1
    assert [(p.line, p.field) for p in report.problems] == [(3, "title")]
