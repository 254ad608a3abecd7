"""The built site meets the web's standards: valid HTML, Atom feeds that parse, no broken link, a light home page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from tests.conftest import PROJECT
from tests.sites import LinkParser

VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HOME_AND_CSS_BUDGET = 100 * 1024


def test_the_nu_html_checker_finds_no_error_on_any_page(served_site):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail(f"the HTML check needs Java and {VNU.relative_to(PROJECT)}: run 'npm ci' (scripts/test does)")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(served_site.built.root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_atom_feed_parses_with_stable_entry_ids(served_site):
    root = served_site.built.root
    feeds = sorted(root.rglob("*.xml"))
    feeds = [f for f in feeds if f.name == "feed.xml"]
    storylines = served_site.built.api("storylines")
    countries = served_site.built.api("countries")
    assert len(feeds) == 1 + len(storylines) + len(countries)
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, f"{path.relative_to(root)}: {feed.get('bozo_exception')}"
        assert feed.feed.title and feed.entries, path
        for entry in feed.entries:
            assert re.fullmatch(r"urn:briefing:storyline:[a-z0-9-]+", entry.id), entry.id
            assert entry.updated_parsed and entry.summary
    whole = feedparser.parse((root / "feed.xml").read_bytes())
    assert {e.id for e in whole.entries} == {f"urn:briefing:storyline:{s['id']}" for s in storylines}


def test_no_internal_link_is_broken(served_site):
    """Every href and src in every page and feed, and every sitemap location, leads to a file of the site."""
    root = served_site.built.root
    broken = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".html", ".xml")):
        text = path.read_text(encoding="utf-8")
        parser = LinkParser()
        parser.feed(text)
        if path.suffix == ".html" and "main" not in parser.ids:
            broken.append(f"{path.relative_to(root)}: #main, the skip link's target")
        for link in parser.links + re.findall(r"<loc>([^<]+)</loc>", text):
            target = _resolve(root, path, link)
            if target is not None and not target.is_file():
                broken.append(f"{path.relative_to(root)}: {link}")
    assert broken == []


def _resolve(root: Path, page: Path, link: str) -> Path | None:
    """The file a site-internal link leads to, or None for links to other sites and in-page anchors."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        target = root / unquote(parts.path).lstrip("/")
    else:
        target = page.parent / unquote(parts.path)
    target = target.resolve()
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def test_the_home_page_with_its_css_weighs_at_most_100_kb(served_site):
    root = served_site.built.root
    html = (root / "index.html").read_text(encoding="utf-8")
    parser = LinkParser()
    parser.feed(html)
    assets = [a for a in parser.links if a.endswith((".css", ".js"))]
    total = (root / "index.html").stat().st_size + sum((root / a).resolve().stat().st_size for a in assets)
    assert "./static/style.css" in assets
    assert total <= HOME_AND_CSS_BUDGET, f"home page and its assets weigh {total} bytes"
