"""What the browser tests, the screenshots and the Lighthouse benchmark share: the browser and the pages.

Debian's Chromium at /usr/bin/chromium by default (BRIEFING_CHROMIUM names another Chromium-based browser);
the flags keep it from calling home, which this machine's closed network would refuse.
"""

from __future__ import annotations

import json
import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a built site without logging every request."""

    def log_message(self, format, *args):
        pass


def representative_pages(output: Path) -> dict[str, str]:
    """The home page, the largest storyline and the country with most storylines in focus, by URL."""
    storylines = json.loads((output / "api" / "storylines.json").read_text(encoding="utf-8"))
    countries = json.loads((output / "api" / "countries.json").read_text(encoding="utf-8"))
    biggest = max(storylines, key=lambda s: (len(s["articles"]), s["id"]))
    busiest = max(countries, key=lambda c: (len(c["focus_storylines"]), c["code"]))
    return {"home": "", "storyline": biggest["url"], "country": busiest["url"]}
