"""The build-time search index: a compact JSON list that `static/search.js` filters in the reader's browser.

Searching happens entirely on the reader's device, so a static host needs no server and no query ever
leaves the browser. Each document keeps only what a result needs to show and what a reader would type.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

MAX_TEXT_WORDS = 80


@dataclass(frozen=True)
class SearchDocument:
    kind: str
    title: str
    url: str
    date: dt.date | None
    text: str = ""


def search_index(documents: list[SearchDocument]) -> str:
    """Documents as `[kind, title, url, date or "", text]` rows: short keys keep the download small."""
    rows = [
        [d.kind, d.title, d.url, d.date.isoformat() if d.date else "", " ".join(d.text.split()[:MAX_TEXT_WORDS])]
        for d in documents
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n"
