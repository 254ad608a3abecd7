"""Import raw text dumps: articles pasted one after another with no separator.

Each article is a headline line, usually a standfirst line, then one paragraph
per line. A headline is told from a paragraph by its shape: short, starting with
a capital, and not ending like a sentence. Repeated articles and a doubled
headline line are handled; text before the first headline is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from generator.errors import ContentError, Problem, display_path
from generator.frontmatter import read_text
from generator.importers.draft import MAX_IMPORT_BYTES, Draft
from generator.text import normalise

MAX_HEADLINE_CHARS = 120
_SENTENCE_END = re.compile(r"(?:[.,;:…]|[.,;:!?…][\"”’'\)]+)$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")


def read(path: Path, options: dict) -> tuple[list[Draft], list[Problem]]:
    shown = display_path(path)
    text, problems = read_text(path, shown, MAX_IMPORT_BYTES, drop_controls=True)
    if text is None:
        return [], problems
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1)]
    lines = [(n, line) for n, line in lines if line]
    dates = load_dates(options.get("dates"))
    batch_date: dt.date | None = options.get("date")
    source: str = options.get("source") or ""
    drafts = []
    for start, headline, paragraphs in _split(lines):
        if headline is None:
            problems.append(
                Problem(shown, start, "headline", f"{len(paragraphs)} line(s) with no headline before them; not imported")
            )
            continue
        if not paragraphs:
            problems.append(Problem(shown, start, "body", f"headline {headline[:60]!r} has no text after it; not imported"))
            continue
        date = dates.get(normalise(headline), batch_date)
        drafts.append(Draft(title=headline, body="\n\n".join(paragraphs), date=date, source=source, origin=(shown, start)))
    return drafts, problems


def is_headline(line: str) -> bool:
    """Short, capitalised, and not ending like a sentence (a question mark is allowed)."""
    return (
        len(line) <= MAX_HEADLINE_CHARS
        and len(line.split()) >= 3
        and line[0].isupper()
        and not _SENTENCE_END.search(line)
        and not _SENTENCE_BREAK.search(line)
    )


def _split(lines: list[tuple[int, str]]):
    """Yield (line number, headline or None, paragraphs) for each article in order."""
    start, headline, paragraphs = (lines[0][0] if lines else 1), None, []
    for number, line in lines:
        if is_headline(line):
            if headline is not None and not paragraphs and normalise(line) == normalise(headline):
                continue  # the doubled headline line
            if headline is not None or paragraphs:
                yield start, headline, paragraphs
            start, headline, paragraphs = number, line, []
        else:
            paragraphs.append(line)
    if headline is not None or paragraphs:
        yield start, headline, paragraphs


def load_dates(path: Path | None) -> dict[str, dt.date]:
    """A YAML mapping of headline to date, for dumps whose text carries no dates."""
    if path is None:
        return {}
    shown = display_path(Path(path))
    text, problems = read_text(Path(path), shown)
    if text is None:
        raise ContentError(problems)
    try:
        values = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ContentError([Problem(shown, line, "dates", f"YAML syntax error: {getattr(exc, 'problem', exc)}")]) from None
    if not isinstance(values, dict):
        raise ContentError([Problem(shown, 1, "dates", "must map each headline to a date, e.g. 'Ministers meet': 2024-05-06")])
    dates, problems = {}, []
    for headline, value in values.items():
        try:
            if isinstance(value, dt.datetime):
                value = value.date()
            dates[normalise(str(headline))] = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            problems.append(Problem(shown, 1, str(headline)[:60], f"{str(value)[:40]!r} is not an ISO 8601 date like 2024-05-06"))
    if problems:
        raise ContentError(problems)
    return dates
