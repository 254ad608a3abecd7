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

from generator.errors import Problem, display_path
from generator.importers.draft import Draft
from generator.text import normalise

MAX_HEADLINE_CHARS = 120
_SENTENCE_END = re.compile(r"(?:[.,;:…]|[.,;:!?…][\"”’'\)]+)$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")


def read(path: Path, options: dict) -> tuple[list[Draft], list[Problem]]:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        return [], [Problem(shown, 0, "file", f"cannot be read: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return [], [Problem(shown, 0, "encoding", f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}")]
    lines = [(n, line.strip()) for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)]
    lines = [(n, line) for n, line in lines if line]
    dates = _load_dates(options.get("dates"))
    batch_date: dt.date | None = options.get("date")
    source: str = options.get("source") or ""
    drafts, problems = [], []
    for start, headline, paragraphs in _split(lines):
        if headline is None:
            problems.append(
                Problem(shown, start, "headline", f"{len(paragraphs)} line(s) with no headline before them; not imported")
            )
            continue
        if not paragraphs:
            problems.append(Problem(shown, start, "body", f"headline {headline!r} has no text after it; not imported"))
            continue
        date = dates.get(normalise(headline), batch_date)
        drafts.append(Draft(title=headline, body="\n\n".join(paragraphs), date=date, source=source))
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


def _load_dates(path: Path | None) -> dict[str, dt.date]:
    """A YAML mapping of headline to date, for dumps whose text carries no dates."""
    if path is None:
        return {}
    values = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {normalise(str(k)): (v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))) for k, v in values.items()}
