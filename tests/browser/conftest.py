"""One built site, one HTTP server on 127.0.0.1 and one Chromium for the whole browser session.

The site is the bundled `content/` plus one article full of hostile markup (fixtures/), built with small page
sizes so that paginated lists appear and get checked like every other page, and its search index split as a
large site's is.
"""

from __future__ import annotations

import functools
import shutil
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, QuietHandler
from tests.conftest import PROJECT, BuiltSite, build_into

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_ARTICLE = "hostile-markup"


@dataclass
class ServedSite:
    built: BuiltSite
    url: str

    def page_types(self) -> dict[str, str]:
        """One URL per kind of page, picked from the JSON export so it follows the content."""
        storylines = self.built.api("storylines")
        biggest = max(storylines, key=lambda s: (len(s["articles"]), s["id"]))
        countries = {c["code"]: c for c in self.built.api("countries")}
        busiest = max(
            countries.values(), key=lambda c: (len(c["focus_storylines"]) + len(c["mentioned_storylines"]), c["code"])
        )
        article = next(a for a in self.built.api("articles") if a["date"] and a["id"] != HOSTILE_ARTICLE)
        return {
            "home": "",
            "storyline": biggest["url"],
            "article": article["url"],
            "hostile article": f"articles/{HOSTILE_ARTICLE}/",
            "undated article": next(a["url"] for a in self.built.api("articles") if not a["date"]),
            "country": busiest["url"],
            "country, page 2": busiest["url"] + "page/2/",
            "countries": "countries/",
            "archive": "archive/",
            "archive month": "archive/2022-03/",
            "undated archive": "archive/undated/",
            "search": "search/",
            "search results": "search/?q=russia",
            "feeds": "feeds/",
            "about": "about/",
            "accessibility": "accessibility/",
            "not found": "404.html",
        }

    def html_pages(self) -> list[str]:
        """Every HTML page of the site, as a URL relative to the root."""
        urls = []
        for path in sorted(self.built.root.rglob("*.html")):
            rel = path.relative_to(self.built.root).as_posix()
            urls.append(rel.removesuffix("index.html"))
        return urls


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> ServedSite:
    tmp = tmp_path_factory.mktemp("browser")
    content = tmp / "content"
    shutil.copytree(PROJECT / "content", content)
    shutil.copy(FIXTURES / f"{HOSTILE_ARTICLE}.md", content)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.site.COUNTRY_PAGE_SIZE", 2)
        patch.setattr("generator.site.ARCHIVE_PAGE_SIZE", 1)
        patch.setattr("generator.search.ROWS_PER_WORD_FILE", 3)  # a search reads a few of many files
        patch.setattr("generator.search.ROWS_PER_FILE", 4)
        patch.setattr("generator.site.SEARCH_RESULTS_SHOWN", 3)
        built = build_into(tmp, content)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ServedSite(built, f"http://127.0.0.1:{server.server_address[1]}/")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
