"""Take the README's screenshots: home, a storyline and a country page at 375 and 1280 px, from the built site.

Run from the project root after `briefing build`:  python docs/screenshots/take.py [--output output]
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, QuietHandler, representative_pages

WIDTHS = {"phone": 375, "laptop": 1280}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("output"), help="the built site (default: output)")
    output = parser.parse_args().output
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS.values():
            context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 760})
            page = context.new_page()
            for name, url in representative_pages(output).items():
                page.goto(base + url)
                target = HERE / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                print(f"wrote {target}")
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
