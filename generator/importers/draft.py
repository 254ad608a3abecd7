"""An imported article before it becomes a file, and the idempotent writer of files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.content import load_content, validate
from generator.errors import BriefingError, Problem, display_path
from generator.frontmatter import CONTROL_CHARACTERS, parse
from generator.slugs import slugify
from generator.text import normalise

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a dump or feed larger than this is not one batch of news

def plain(text: str) -> str:
    """Text with the characters a UTF-8 content file cannot hold (controls, lone surrogates) removed."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Draft:
    """What an importer found: front matter fields, a Markdown body, and where it came from."""

    title: str
    body: str
    date: dt.date | None = None
    source: str = ""
    source_url: str = ""
    id: str = ""
    storyline: str = ""
    countries: tuple[str, ...] = ()
    origin: tuple[str, int] = ("", 0)  # the source file and line, for problems

    @property
    def identity(self) -> tuple[str, ...]:
        """What makes two drafts one article: the same outlet's same title and text.

        The outlet is part of it: one story carried by two outlets is two files,
        which the build folds into one page that credits both.
        """
        return normalise(self.title), normalise(self.body), self.source, self.source_url

    def file_stem(self) -> str:
        if self.id:
            return slugify(self.id)
        prefix = f"{self.date.isoformat()}-" if self.date else ""
        return prefix + slugify(self.title)

    def render(self) -> str:
        front: dict = {"title": plain(" ".join(self.title.split()))}
        if self.id:
            front["id"] = self.id
        if self.date:
            front["date"] = self.date
        for key in ("source", "source_url", "storyline"):
            if getattr(self, key):
                front[key] = plain(" ".join(getattr(self, key).split()))
        if self.countries:
            front["countries"] = list(self.countries)
        header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        return f"---\n{header}---\n\n{plain(self.body).strip()}\n"

    def problems(self, text: str) -> list[Problem]:
        """What `briefing check` would say about `text`, reported against the draft's origin."""
        path, line = self.origin
        parsed, found = parse(text, path)
        if parsed is not None:
            _, found = validate(parsed, path, self.file_stem())
        return [Problem(path, line, p.field, f"{p.message}; not imported") for p in found if p.is_error]


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    repeats: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"imported {len(self.written)} new file(s), {len(self.unchanged)} already present, "
            f"{self.repeats} repeat(s) skipped, {len(self.problems)} problem(s)"
        )


def write_drafts(drafts: list[Draft], into: Path, problems: list[Problem]) -> ImportReport:
    """Write each distinct, valid draft once; a file that already holds the same text is left alone.

    Every article keeps an id of its own: a draft without one is named after a file whose name no article
    uses as its id; a draft whose own id an article already has is not imported, and the problem says which.
    """
    report = ImportReport(problems=list(problems))
    into.mkdir(parents=True, exist_ok=True)
    ids = {article.id: article.path for article in load_content(into).articles}  # the ids already taken
    seen: set[tuple[str, ...]] = set()
    for draft in drafts:
        if draft.identity in seen:
            report.repeats += 1
            continue
        seen.add(draft.identity)
        text = draft.render()
        invalid = draft.problems(text)
        if invalid:
            report.problems.extend(invalid)
            continue
        target = _free_path(into, draft.file_stem(), text.encode("utf-8"), () if draft.id else ids)
        if target.exists():
            report.unchanged.append(target)
            continue
        article_id = draft.id or slugify(target.stem)
        if article_id in ids:
            path, line = draft.origin
            message = f"{article_id!r} is already the id of {ids[article_id]}; not imported"
            report.problems.append(Problem(path, line, "id", message))
            continue
        target.write_bytes(text.encode("utf-8"))
        report.written.append(target)
        ids[article_id] = display_path(target, into.parent)
    return report


def _free_path(into: Path, stem: str, data: bytes, taken: Collection[str]) -> Path:
    """The file this text belongs in: its own name, or a numbered one if another article holds it (or, with
    `taken`, the ids the file's name would give the article)."""
    for n in range(1, 1000):
        candidate = into / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if candidate.exists() and candidate.read_bytes() == data:
            return candidate
        if not candidate.exists() and slugify(candidate.stem) not in taken:
            return candidate
    raise BriefingError(f"{into / stem}.md: more than 999 different articles want this file name; give them ids")
