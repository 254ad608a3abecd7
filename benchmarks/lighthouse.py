"""Lighthouse scores (mobile preset) for the home, a storyline and a country page of the bundled site.

Builds the bundled `content/` into a temporary folder, serves it on 127.0.0.1, installs npm `lighthouse`
into a temporary folder (or uses LIGHTHOUSE_DIR if it already holds one) and runs it with Debian's Chromium.
Prints every score and the audits that cost points; exits 1 when a score misses its target.

    python benchmarks/lighthouse.py
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.build import build
from generator.config import load_config
from tests.browser.chromium import CHROMIUM, QuietHandler, representative_pages

LIGHTHOUSE = "lighthouse@12.8.2"  # the newest release that runs on Node 18 and 20
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95, "seo": 0.95}


def install_lighthouse(folder: Path) -> Path:
    cli = folder / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        print(f"installing {LIGHTHOUSE} into {folder} ...", flush=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent", LIGHTHOUSE], check=True
        )
    return cli


def audit(cli: Path, url: str, report: Path) -> dict:
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(TARGETS),
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(result: dict, category: str) -> list[str]:
    audits = result["audits"]
    return [
        f"    {ref['id']}: {audits[ref['id']]['title']} (score {audits[ref['id']]['score']})"
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


def main() -> int:
    if not Path(CHROMIUM).exists() or not shutil.which("npm"):
        print(f"needs Chromium at {CHROMIUM} and npm", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="briefing-lighthouse-") as tmp:
        tmp = Path(tmp)
        config = load_config(PROJECT / "config.yaml").with_overrides(output_dir=tmp / "site")
        build(config)
        cli = install_lighthouse(Path(os.environ.get("LIGHTHOUSE_DIR", tmp / "lighthouse")))
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp / "site")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        missed = False
        print(f"{'page':10} " + " ".join(f"{c:>15}" for c in TARGETS))
        try:
            for name, url in representative_pages(tmp / "site").items():
                result = audit(cli, base + url, tmp / f"{name}.json")
                scores = {c: result["categories"][c]["score"] for c in TARGETS}
                print(f"{name:10} " + " ".join(f"{scores[c]:>15.2f}" for c in TARGETS), flush=True)
                for category, score in scores.items():
                    if score < TARGETS[category]:
                        missed = True
                        print(
                            f"  {category} below {TARGETS[category]:.2f}:\n" + "\n".join(lost_points(result, category))
                        )
        finally:
            server.shutdown()
        print(
            "targets: " + ", ".join(f"{c} >= {t:.2f}" for c, t in TARGETS.items()) + (" MISSED" if missed else " met")
        )
        return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
