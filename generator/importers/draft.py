"""An imported article before it becomes a file, and the idempotent writer of files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import Problem
from generator.slugs import slugify
from generator.text import normalise


@dataclass(frozen=True)
class Draft:
    """What an importer found: front matter fields and a Markdown body."""

    title: str
    body: str
    date: dt.date | None = None
    source: str = ""
    source_url: str = ""
    id: str = ""
    storyline: str = ""
    countries: tuple[str, ...] = ()

    @property
    def identity(self) -> tuple[str, str]:
        """Title and body as compared for exact duplicates."""
        return normalise(self.title), normalise(self.body)

    def file_stem(self) -> str:
        if self.id:
            return slugify(self.id)
        prefix = f"{self.date.isoformat()}-" if self.date else ""
        return prefix + slugify(self.title)

    def render(self) -> str:
        front: dict = {"title": self.title}
        if self.id:
            front["id"] = self.id
        if self.date:
            front["date"] = self.date
        for key in ("source", "source_url", "storyline"):
            if getattr(self, key):
                front[key] = getattr(self, key)
        if self.countries:
            front["countries"] = list(self.countries)
        header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        return f"---\n{header}---\n\n{self.body.strip()}\n"


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
    """Write each distinct draft once; a file that already holds the same text is left alone."""
    report = ImportReport(problems=list(problems))
    into.mkdir(parents=True, exist_ok=True)
    seen: set[tuple[str, str]] = set()
    for draft in drafts:
        if draft.identity in seen:
            report.repeats += 1
            continue
        seen.add(draft.identity)
        text = draft.render()
        target = _free_path(into, draft.file_stem(), text)
        if target.exists():
            report.unchanged.append(target)
        else:
            target.write_text(text, encoding="utf-8")
            report.written.append(target)
    return report


def _free_path(into: Path, stem: str, text: str) -> Path:
    """The file this text belongs in: its own name, or a numbered one if another article holds it."""
    for n in range(1, 1000):
        candidate = into / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if not candidate.exists() or candidate.read_text(encoding="utf-8") == text:
            return candidate
    raise RuntimeError(f"more than 999 different articles want the file name {stem}.md")
