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


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would make one per row


def search_row(document: SearchDocument) -> str:
    """One document as a `[kind, title, url, date or "", text]` row: short keys keep the download small."""
    date = document.date.isoformat() if document.date else ""
    text = " ".join(document.text.split()[:MAX_TEXT_WORDS])
    return _ENCODER.encode([document.kind, document.title, document.url, date, text])


def search_index(rows: list[bytes]) -> bytes:
    """The index file: a JSON list of the rows made by `search_row`, each encoded as UTF-8."""
    return b"[" + b",".join(rows) + b"]\n"
