"""Read `content/*.md` into Articles, validating every field and reporting every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pycountry

from generator.errors import BriefingError, Problem, display_path, field_label
from generator.executor import MapItems, serial_map
from generator.frontmatter import CONTROL_CHARACTERS, Parsed, parse, read_text
from generator.model import Article
from generator.slugs import is_slug, slugify

_KINDS = {"list": "list", "dict": "mapping", "NoneType": "null"}
KNOWN_FIELDS = ("title", "date", "source", "source_url", "id", "storyline", "countries")


@dataclass(frozen=True)
class LoadResult:
    """Articles that passed validation, every problem found, and every file read."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def invalid_files(self) -> tuple[str, ...]:
        return tuple(sorted({p.path for p in self.errors}))


def _article_entries(content_dir: Path) -> list[tuple[str, bool]]:
    """(path, is a symlink) of every `*.md` file, in the order of `sorted(rglob("*.md"))`.

    Walked with `os.scandir`: a rebuild lists thousands of files, and a `Path` and a `stat` per file
    took longer than reading them. Symlinked files count; symlinked folders are not entered (as rglob).
    """
    found: list[tuple[tuple[str, ...], str, bool]] = []
    pending = [(str(content_dir), ())]
    while pending:
        folder, parts = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir() and not entry.is_symlink():
                    pending.append((entry.path, (*parts, entry.name)))
                elif entry.name.endswith(".md") and entry.is_file():
                    found.append(((*parts, entry.name), entry.path, entry.is_symlink()))
            except OSError:
                continue
    found.sort(key=lambda item: item[0])
    return [(path, link) for _, path, link in found]


@dataclass(frozen=True)
class Source:
    """A content file's text and names. Parsing it is a pure function of this value, so the build can
    reuse the result for a file whose bytes did not change, and parse the others in worker processes."""

    text: str
    shown: str
    default_id: str


class Recall(Protocol):
    """What the last build knew of files (`generator/known_files.py`): a file's parse result if it is unchanged."""

    def recall(self, names: dict[str, str]) -> dict[str, tuple[Article | None, list[Problem]]]: ...

    def remember(self, path: str, item: Source) -> None: ...


def load_content(content_dir: Path, map_items: MapItems = serial_map, known: Recall | None = None) -> LoadResult:
    """Read and validate every article; an invalid file yields problems, never an exception.

    Files are read here, except those `known` recalls unchanged; `map_items(parse_source, sources)`
    parses them (the build caches and spreads it).
    """
    if not content_dir.is_dir():
        raise BriefingError(f"{display_path(content_dir)}: no such content folder (set content_dir in the config, or --content)")
    results: list[tuple[Article | None, list[Problem]]] = []
    problems: list[Problem] = []
    names = _shown_names(_article_entries(content_dir), content_dir)
    read: list[tuple[str, Source]] = []
    recalled = known.recall(names) if known else {}
    results.extend(recalled.values())
    for path, shown in names.items():
        if path in recalled:
            continue
        source, found = _read_source(Path(path), shown)
        problems.extend(found)
        if source is not None:
            read.append((path, source))
    results.extend(map_items(parse_source, [source for _, source in read]))
    for path, source in read if known else ():
        known.remember(path, source)
    articles = []
    for article, found in results:
        problems.extend(found)
        if article is not None:
            articles.append(article)
    articles, clashes = _drop_duplicate_ids(articles)
    problems.extend(clashes)
    return LoadResult(tuple(sorted(articles, key=lambda a: a.id)), tuple(sorted(problems)), tuple(names.values()))


def _shown_names(entries: list[tuple[str, bool]], content_dir: Path) -> dict[str, str]:
    """Each file's path to `display_path(file, content_dir.parent)`, resolving each folder once, not each file."""
    root = content_dir.parent.resolve()
    shown_folders: dict[str, str | None] = {}
    names = {}
    for path, is_link in entries:
        folder, name = os.path.split(path)
        if folder not in shown_folders:
            real = Path(folder).resolve()
            shown_folders[folder] = str(real.relative_to(root)) if real.is_relative_to(root) else None
        shown = shown_folders[folder]
        if is_link or shown is None:
            names[path] = display_path(Path(path), content_dir.parent)
        else:
            names[path] = os.path.join(shown, name)
    return names


def read_article(path: Path, content_dir: Path) -> tuple[Article | None, list[Problem]]:
    """One file to one Article, or the list of everything wrong with it."""
    source, problems = read_source(path, content_dir)
    return parse_source(source) if source is not None else (None, problems)


def read_source(path: Path, content_dir: Path) -> tuple[Source | None, list[Problem]]:
    """A file's text, or the problems that stop it being read (too large, not UTF-8, unreadable)."""
    return _read_source(path, display_path(path, content_dir.parent))


def _read_source(path: Path, shown: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, shown)
    return (Source(text, shown, slugify(path.stem)) if text is not None else None), problems


def parse_source(source: Source) -> tuple[Article | None, list[Problem]]:
    """The Article a file's text describes, or the list of everything wrong with it."""
    parsed, problems = parse(source.text, source.shown)
    if parsed is None:
        return None, problems
    return validate(parsed, source.shown, source.default_id)


def validate(parsed: Parsed, shown: str, default_id: str) -> tuple[Article | None, list[Problem]]:
    """Check every field of parsed front matter; an Article only when nothing is an error.

    `default_id` is the id an article gets when its front matter names none (from its file name).
    """
    fields, lines = parsed.fields, parsed.field_lines
    problems: list[Problem] = []

    def add(field: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(shown, lines.get(field, 1), field, message, severity))

    for name in fields:
        if name not in KNOWN_FIELDS:
            close = difflib.get_close_matches(name, KNOWN_FIELDS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(KNOWN_FIELDS)}"
            what = "unknown field" if name.strip() else "a field without a name"
            problems.append(Problem(shown, lines.get(name, 1), field_label(name[:40]), f"{what}, ignored{hint}", "warning"))

    title = fields.get("title")
    if "title" not in fields:
        problems.append(Problem(shown, 1, "title", "missing; every article needs a title: line in its front matter"))
    elif not isinstance(title, str) or not title.strip():
        add("title", "must be non-empty text, e.g. title: Ministers meet in Brussels")
    elif CONTROL_CHARACTERS.search(title):
        add("title", "contains a control character; use plain text")

    date = _check_date(fields.get("date"), add)
    source = _check_text(fields, "source", add)
    source_url = _check_text(fields, "source_url", add)
    if source_url and not source_url.lower().startswith(("http://", "https://")):
        add("source_url", f"{_quote(source_url)} is not a web address; expected one starting with http:// or https://")
        source_url = ""

    article_id = _check_text(fields, "id", add)
    if article_id and not is_slug(article_id):
        add("id", f"{_quote(article_id)} is not a valid id; use lower-case letters, digits and hyphens, e.g. {slugify(article_id)!r}")
    article_id = article_id or default_id

    pin = _check_text(fields, "storyline", add) or None
    if pin and not is_slug(pin):
        add("storyline", f"{_quote(pin)} is not a valid storyline id; use lower-case letters, digits and hyphens, e.g. {slugify(pin)!r}")

    override = _check_countries(fields.get("countries"), "countries" in fields, add)

    if not parsed.body.strip():
        problems.append(Problem(shown, parsed.body_line, "body", "empty; write the article's text below the closing '---'"))

    if any(p.is_error for p in problems):
        return None, problems
    return (
        Article(
            id=article_id,
            title=" ".join(str(title).split()),
            body=parsed.body.strip("\n"),
            path=shown,
            date=date,
            source=source,
            source_url=source_url,
            storyline_pin=pin,
            countries_override=override,
        ),
        problems,
    )


def _check_text(fields: dict[str, Any], name: str, add) -> str:
    value = fields.get(name)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        add(name, f"must be text, not a {_KINDS.get(type(value).__name__, type(value).__name__)}")
        return ""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        add(name, "contains a control character; use plain text")
        return ""
    return str(value).strip()


def _quote(value: Any) -> str:
    """A value as quoted in a message, cut short so a huge value cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_date(value: Any, add) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()  # noqa: FURB162 - "2024-05-06Z" needs it
        except ValueError:
            pass
        if _looks_iso(value):
            add("date", f"{_quote(value)} is not a real date; expected an ISO 8601 date like 2022-03-02")
            return None
    add("date", f"{_quote(value)} is not an ISO 8601 date; expected YYYY-MM-DD, e.g. 2022-03-02")
    return None


def _looks_iso(value: str) -> bool:
    parts = value.strip()[:10].split("-")
    return len(parts) == 3 and all(p.isdigit() for p in parts)


def _check_countries(value: Any, present: bool, add) -> tuple[str, ...] | None:
    if not present or value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        add("countries", "must be a list of ISO 3166 alpha-2 codes, e.g. [UA, RU]")
        return None
    codes = []
    for item in value:
        code = str(item).strip().upper()
        if pycountry.countries.get(alpha_2=code) is None or len(code) != 2:
            add("countries", f"{_quote(item)} is not an ISO 3166 alpha-2 country code (e.g. UA for Ukraine, GB for the United Kingdom)")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def _drop_duplicate_ids(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Two files with one id would share a page: keep neither, name both."""
    by_id: dict[str, list[Article]] = {}
    for article in articles:
        by_id.setdefault(article.id, []).append(article)
    kept, problems = [], []
    for article_id, group in by_id.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        paths = sorted(a.path for a in group)
        for article in group:
            others = ", ".join(p for p in paths if p != article.path)
            problems.append(Problem(article.path, 1, "id", f"{_quote(article_id)} is also the id of {others}; ids must be unique"))
    return kept, problems
