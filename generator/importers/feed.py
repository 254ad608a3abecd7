"""Import RSS 0.9x/1.0/2.0 and Atom files with feedparser: one article per entry.

Each entry gives its title, date, link, outlet (the entry's <source>, else the feed's
title, else the entry's author) and its content or summary, turned from HTML into
Markdown. Only local files are read: the bytes are handed to feedparser, so it never
touches the network. feedparser already strips scripts; the Markdown conversion drops
images (a page must not load anything from a third party) and keeps text, links and
structure.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from pathlib import Path

import feedparser
from markdownify import MarkdownConverter

from generator.errors import Problem, display_path
from generator.frontmatter import read_text
from generator.importers.draft import MAX_IMPORT_BYTES, Draft
from generator.markup import is_safe_url

_ENTRY_START = re.compile(r"<(?:[\w-]+:)?(?:item|entry)[\s>/]")
_TAG = re.compile(r"<[^>]*>")


class _Converter(MarkdownConverter):
    """HTML to Markdown, with images reduced to their alt text and unsafe links to their text."""

    def convert_img(self, el, text, parent_tags):
        return el.attrs.get("alt", "") or ""

    def convert_a(self, el, text, parent_tags):
        if not is_safe_url(el.get("href", "") or ""):
            return text
        return super().convert_a(el, text, parent_tags)


_converter = _Converter(heading_style="ATX", bullets="-", strip=["script", "style", "iframe", "object", "embed"])


def read(path: Path, options: dict) -> tuple[list[Draft], list[Problem]]:
    shown = display_path(path)
    text, problems = read_text(path, shown, MAX_IMPORT_BYTES, drop_controls=True)
    if text is None:
        return [], problems
    parsed = feedparser.parse(text.encode("utf-8"), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        return [], [_unreadable(parsed, shown)]
    starts = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY_START.finditer(text)]
    outlet = options.get("source") or _plain(parsed.feed.get("title", ""))
    drafts = []
    for number, entry in enumerate(parsed.entries):
        line = starts[number] if number < len(starts) else 0
        draft, problem = _draft(entry, outlet, options.get("date"), (shown, line))
        if problem:
            problems.append(problem)
        else:
            drafts.append(draft)
    return drafts, problems


def _draft(entry, outlet: str, batch_date: dt.date | None, origin: tuple[str, int]) -> tuple[Draft | None, Problem | None]:
    title = " ".join(_plain(entry.get("title", "")).split())
    if not title:
        return None, Problem(*origin, "title", "the entry has no title; not imported")
    try:
        body = _markdown(_body_html(entry))
    except RecursionError:
        return None, Problem(*origin, "content", "the entry's HTML is nested too deeply to convert; not imported")
    link = (entry.get("link") or "").strip()
    source = (entry.get("source") or {}).get("title") or outlet or entry.get("author", "")
    return (
        Draft(
            title=title,
            body=body if body.strip() else title,
            date=_date(entry) or batch_date,
            source=" ".join(_plain(source).split()),
            source_url=link if link.lower().startswith(("http://", "https://")) else "",
            origin=origin,
        ),
        None,
    )


def _body_html(entry) -> str:
    """The fullest text an entry has: its longest content, else its summary, as HTML."""
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        return best["value"] if "html" in best.get("type", "") else html.escape(best["value"])
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary", "")
    return summary if "html" in detail.get("type", "text/html") else html.escape(summary)


def _markdown(fragment: str) -> str:
    text = _converter.convert(fragment)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()


def _plain(value: str) -> str:
    """Feed titles may carry HTML: keep the text only."""
    return html.unescape(_TAG.sub("", value or ""))


def _date(entry) -> dt.date | None:
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a deprecation warning
    stamp = next((dict.get(entry, k) for k in ("published_parsed", "updated_parsed", "created_parsed") if dict.get(entry, k)), None)
    if not stamp:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).date()
    except (OverflowError, ValueError, OSError):
        return None


def _unreadable(parsed, shown: str) -> Problem:
    error = parsed.get("bozo_exception")
    line = error.getLineNumber() if hasattr(error, "getLineNumber") else 0
    if error and not parsed.get("version"):
        reason = f"not a readable RSS or Atom feed ({error})"
    else:
        reason = "no entries (items) found"
    return Problem(shown, line or 0, "feed", f"{reason}; expected an RSS or Atom file with at least one entry")
