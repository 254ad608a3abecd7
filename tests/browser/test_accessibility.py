"""axe-core finds no WCAG 2.2 AA or best-practice violation on any kind of page, narrow or wide, light or dark."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_no_axe_violations_on_any_page_type(served_site, browser, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    problems = []
    for kind, url in served_site.page_types().items():
        page.goto(served_site.url + url)
        if "?q=" in url:
            page.wait_for_selector("#search-results li")
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{kind} ({url or '/'}): {violation['id']}: {violation['help']} at {targets}")
    context.close()
    assert problems == []
