"""Import JSON Lines: one article object per line; bad lines are reported and skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.errors import Problem, display_path
from generator.importers.draft import Draft
from generator.slugs import slugify


def read(path: Path, options: dict) -> tuple[list[Draft], list[Problem]]:
    shown = display_path(path)
    drafts, problems = [], []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(shown, 0, "file", f"cannot be read as UTF-8 text: {exc}")]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(shown, number, "json", f"not valid JSON ({exc.msg}); line skipped"))
            continue
        draft, problem = _draft(record, shown, number)
        if problem:
            problems.append(problem)
        else:
            drafts.append(draft)
    return drafts, problems


def _draft(record: object, shown: str, number: int) -> tuple[Draft | None, Problem | None]:
    if not isinstance(record, dict):
        return None, Problem(shown, number, "json", "expected an object with at least a title; line skipped")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        return None, Problem(shown, number, "title", "missing or empty; line skipped")
    date = record.get("date")
    parsed_date = None
    if date:
        try:
            parsed_date = dt.datetime.fromisoformat(str(date).replace("Z", "+00:00")).date()
        except ValueError:
            return None, Problem(shown, number, "date", f"{date!r} is not an ISO 8601 date; line skipped")
    countries = record.get("countries") or ()
    if isinstance(countries, str):
        countries = [countries]
    text = record.get("text") or ""
    return (
        Draft(
            title=" ".join(title.split()),
            body=str(text) if str(text).strip() else title,
            date=parsed_date,
            source=str(record.get("source") or ""),
            source_url=str(record.get("source_url") or record.get("url") or ""),
            id=slugify(str(record["id"])) if record.get("id") not in (None, "") else "",
            storyline=str(record.get("storyline") or ""),
            countries=tuple(str(c).upper() for c in countries),
        ),
        None,
    )
