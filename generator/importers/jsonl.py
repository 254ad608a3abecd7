"""Import JSON Lines: one article object per line; bad lines are reported and skipped.

The file is read a line at a time, so an export of any length imports in bounded memory,
and one broken line (bad JSON, a missing title, a wrong type) costs only that line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from generator.errors import Problem, display_path
from generator.frontmatter import MAX_FILE_BYTES, decode
from generator.importers.draft import Draft
from generator.slugs import slugify

TEXT_FIELDS = ("title", "text", "date", "source", "source_url", "url", "storyline")
KNOWN_FIELDS = ("id", *TEXT_FIELDS, "countries")


def read(path: Path, options: dict) -> tuple[list[Draft], list[Problem]]:
    shown = display_path(path)
    drafts, problems = [], []
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(_lines(handle), start=1):
                draft, found = _read_line(raw, shown, number)
                problems.extend(found)
                if draft is not None:
                    drafts.append(draft)
    except OSError as exc:
        return [], [Problem(shown, 0, "file", f"cannot be read ({exc.strerror or exc}); check it exists and is readable")]
    return drafts, problems


def _lines(handle: BinaryIO) -> Iterator[bytes]:
    """Each line, but never more than one article's worth of bytes at once: longer lines come back cut."""
    while line := handle.readline(MAX_FILE_BYTES + 1):
        if len(line) > MAX_FILE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_FILE_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


def _read_line(raw: bytes, shown: str, number: int) -> tuple[Draft | None, list[Problem]]:
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    text, problems = decode(raw, shown, MAX_FILE_BYTES, drop_controls=True)
    if text is None:
        return None, [Problem(shown, number, p.field, f"{p.message}; line skipped") for p in problems]
    if not text.strip():
        return None, []
    try:
        record = json.loads(text.strip())
    except json.JSONDecodeError as exc:
        return None, [Problem(shown, number, "json", f"not valid JSON ({exc.msg} at column {exc.colno}); line skipped")]
    except RecursionError:
        return None, [Problem(shown, number, "json", "nested too deeply to be an article; line skipped")]
    return _draft(record, shown, number)


def _draft(record: object, shown: str, number: int) -> tuple[Draft | None, list[Problem]]:
    if not isinstance(record, dict):
        return None, [Problem(shown, number, "json", 'expected an object like {"title": ..., "text": ...}; line skipped')]
    problems = [_unknown(key, shown, number) for key in record if key not in KNOWN_FIELDS]

    def refuse(field: str, message: str) -> tuple[None, list[Problem]]:
        return None, problems + [Problem(shown, number, field, f"{message}; line skipped")]

    for key in TEXT_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            return refuse(key, f"must be a string, not {_kind(record[key])}")
    title = record.get("title") or ""
    if not title.strip():
        return refuse("title", "missing or empty; every article needs a title")
    date = None
    if record.get("date"):
        try:
            date = dt.datetime.fromisoformat(record["date"].strip().replace("Z", "+00:00")).date()  # noqa: FURB162 - "2024-05-06Z" needs it
        except ValueError:
            return refuse("date", f"{record['date'][:40]!r} is not an ISO 8601 date like 2024-05-06")
    article_id = record.get("id")
    if article_id is not None and (not isinstance(article_id, (str, int)) or isinstance(article_id, bool)):
        return refuse("id", f"must be a string or a number, not {_kind(article_id)}")
    countries = record.get("countries") or []
    if isinstance(countries, str):
        countries = [c.strip() for c in countries.split(",")]
    if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
        return refuse("countries", 'must be a list of ISO 3166 alpha-2 codes, e.g. ["UA", "RU"]')
    text = record.get("text") or ""
    draft = Draft(
        title=title,
        body=text if text.strip() else title,
        date=date,
        source=record.get("source") or "",
        source_url=(record.get("source_url") or record.get("url") or "").strip(),
        id=slugify(str(article_id)) if str(article_id or "").strip() else "",
        storyline=(record.get("storyline") or "").strip(),
        countries=tuple(c.strip().upper() for c in countries if c.strip()),
        origin=(shown, number),
    )
    return draft, problems


def _unknown(key: str, shown: str, number: int) -> Problem:
    close = difflib.get_close_matches(key, KNOWN_FIELDS, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(KNOWN_FIELDS)}"
    return Problem(shown, number, key[:40], f"unknown field, ignored; {hint}", "warning")


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true or false", type(None): "null"}.get(type(value), "a number")
