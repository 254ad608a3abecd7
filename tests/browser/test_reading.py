"""What a reader sees in Chromium: without JavaScript, by keyboard, on a narrow phone, in print, and safe from hostile articles."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from generator.search import words


@pytest.fixture(scope="module")
def no_script(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


def test_without_javascript_every_page_reads_completely_and_fits_320_px(served_site, no_script):
    problems = []
    for url in served_site.html_pages():
        no_script.goto(served_site.url + url)
        heading = no_script.locator("main h1")
        if heading.count() != 1 or not heading.is_visible() or not heading.inner_text().strip():
            problems.append(f"{url}: no visible heading")
        if len(no_script.locator("main").inner_text()) < 60:
            problems.append(f"{url}: main content is empty")
        if not no_script.locator("nav[aria-label=Main] a").first.is_visible():
            problems.append(f"{url}: no visible navigation")
        overflow = no_script.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{url}: scrolls sideways by {overflow}px at 320px")
    assert problems == []


def test_without_javascript_a_reader_can_navigate_from_home_to_an_article(served_site, no_script):
    no_script.goto(served_site.url)
    no_script.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    assert no_script.locator("h1").inner_text() == "Countries"
    no_script.locator("main").get_by_role("link", name=re.compile("Ukraine")).first.click()
    assert no_script.url.endswith("/countries/ua/")
    no_script.locator("main ul.storylines a").first.click()
    assert "/storylines/" in no_script.url
    no_script.locator("main ol.timeline a").first.click()
    assert "/articles/" in no_script.url
    no_script.get_by_role("navigation", name="Main").get_by_role("link", name="Archive").click()
    no_script.locator("main ul.months a").first.click()
    assert re.search(r"/archive/\d{4}-\d{2}/$", no_script.url)
    no_script.get_by_role("link", name="Next page").click()
    assert no_script.url.endswith("/page/2/")


def test_the_first_tab_lands_on_the_skip_link_which_leads_to_the_content(served_site, browser):
    context = browser.new_context()
    page = context.new_page()
    for url in ("", served_site.page_types()["storyline"], "countries/"):
        page.goto(served_site.url + url)
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
        assert focused == ["skip-link", "Skip to main content"], url
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_the_print_view_hides_navigation_and_shows_where_links_go(served_site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(served_site.url + served_site.page_types()["storyline"])
    assert not page.locator("nav[aria-label=Main]").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("main h1").is_visible()
    page.goto(served_site.url + served_site.page_types()["hostile article"])
    after = page.evaluate("getComputedStyle(document.querySelector('a[rel~=external]'), '::after').content")
    assert "https://example.org/garden-show" in after
    context.close()


def test_hostile_markup_in_an_article_runs_no_script_anywhere_it_is_shown(served_site, browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    article = served_site.page_types()["hostile article"]
    storyline = next(s for s in served_site.built.api("storylines") if "hostile-markup" in s["articles"])
    record = next(a for a in served_site.built.api("articles") if a["id"] == "hostile-markup")
    countries = [f"countries/{c.lower()}/" for c in record["countries"]["focus"] + record["countries"]["mentioned"]]
    assert countries, "the hostile article names Norway"
    for url in ["", article, storyline["url"], "archive/2020-05/", "search/?q=garden", *countries]:
        page.goto(served_site.url + url)
        page.wait_for_load_state("load")
        if "?q=" in url:
            page.wait_for_selector("#search-results li")
        assert page.evaluate("window.__pwned") is None, url
    page.goto(served_site.url + article)
    text = page.locator("main").inner_text()
    assert "<script>" in text, "hostile markup is shown as text"
    assert page.locator("main img, main iframe, main svg, main script").count() == 0
    risky = page.evaluate(
        """[...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
             .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
             .map(a => el.tagName + ' ' + a.name))"""
    )
    assert risky == []
    assert dialogs == []
    context.close()


def test_no_page_asks_anything_of_another_site(served_site, browser):
    context = browser.new_context()
    outside = []

    def guard(route):
        if route.request.url.startswith(served_site.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    for url in served_site.html_pages() + ["search/?q=russia"]:
        page.goto(served_site.url + url)
    page.wait_for_selector("#search-results li")
    context.close()
    assert outside == []


def test_search_finds_storylines_articles_and_countries_in_the_browser(served_site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site.url + "search/")
    page.get_by_label("Words to look for").fill("Kherson")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#search-results li")
    results.first.wait_for()
    assert "Kherson" in results.first.inner_text()
    assert re.match(r"\d+ results?", page.locator("#search-status").inner_text())
    page.goto(served_site.url + "search/?q=ukr")
    page.locator("#search-results li").first.wait_for()
    assert page.get_by_role("link", name="Ukraine", exact=True).count() == 1
    page.get_by_role("link", name="Ukraine", exact=True).click()
    assert page.url.endswith("/countries/ua/")
    context.close()


SEARCHES = ["russia", "ukr", "Kherson", "biden putin", "UK", "Côte", "nato expansion", "zzyzx"]


def test_search_in_the_browser_lists_what_the_index_holds_best_first(served_site, browser):
    root = served_site.built.root / "search"
    manifest = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert manifest["words"] > 1 and len(list(root.glob("rows-*.json"))) > 1, "the served index is split"
    rows = [row for n in range(len(list(root.glob("rows-*.json")))) for row in _json(root / f"rows-{n}.json")]
    postings = {word: found for path in root.glob("words-*.json") for word, found in _json(path).items()}
    page = browser.new_context().new_page()
    more_clicked = 0
    for query in SEARCHES:
        page.goto(served_site.url + "search/?q=" + quote(query))
        page.wait_for_function("!['', 'Searching…'].includes(document.getElementById('search-status').textContent)")
        expected = ["../" + rows[row][2] for row in _found(query, postings, manifest)]
        assert page.locator("#search-status").inner_text() == f"{len(expected)} result" + ("" if len(expected) == 1 else "s")
        links = page.locator("#search-results li a")
        assert _hrefs(links) == expected[:3], query  # the served site lists three at a time
        while page.get_by_role("button", name="More results").is_visible():
            shown = links.count()
            page.get_by_role("button", name="More results").click()
            more_clicked += 1
            page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {shown}")
            assert page.evaluate("document.activeElement.getAttribute('href')") == expected[shown], "focus on the first new"
        assert _hrefs(links) == expected, query
    assert more_clicked > 3, "some searches list more than a page of results"
    page.goto(served_site.url + "search/?q=the")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('not searched')")
    assert page.locator("#search-results li").count() == 0
    page.context.close()


def _found(query: str, postings: dict[str, list[int]], manifest: dict) -> list[int]:
    """The rows a search should list, best first: every word typed starts a word of the row (a short word is a
    whole word); 3 for a title match, 1 for the rest, summed; ties in row order."""
    totals: dict[int, int] | None = None
    for typed in (w for w in words(query) if w not in manifest["skip"]):
        scores: dict[int, int] = {}
        for word, found in postings.items():
            if word == typed if len(typed) < manifest["key"] else word.startswith(typed):
                for posting in found:
                    scores[posting // 2] = max(scores.get(posting // 2, 0), 3 if posting % 2 else 1)
        totals = scores if totals is None else {row: total + scores[row] for row, total in totals.items() if row in scores}
    return sorted(totals or {}, key=lambda row: (-totals[row], row))


def _hrefs(links) -> list[str]:
    return [link.get_attribute("href") for link in links.all()]


def _json(path):
    return json.loads(path.read_text(encoding="utf-8"))
