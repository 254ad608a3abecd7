"""Importers turn other formats into `content/` files; each is picked by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from generator.importers.draft import Draft, ImportReport, write_drafts

Reader = Callable[[Path, dict], tuple[list[Draft], list]]


def _readers() -> dict[str, Reader]:
    from generator.importers import feed, jsonl, text

    return {"text": text.read, "jsonl": jsonl.read, "feed": feed.read}


FORMATS = ("text", "jsonl", "feed")


def import_files(fmt: str, sources: Iterable[Path], into: Path, **options) -> ImportReport:
    """Read every source in format `fmt` and write one Markdown file per distinct article."""
    reader = _readers()[fmt]
    drafts, problems = [], []
    for source in sources:
        found, trouble = reader(source, options)
        drafts.extend(found)
        problems.extend(trouble)
    return write_drafts(drafts, into, problems)


__all__ = ["FORMATS", "Draft", "ImportReport", "import_files"]
