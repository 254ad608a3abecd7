"""Which folder a build may replace: its own output, never the project or anything else of the user's.

A build replaces its output folder whole (or, knowing what it wrote there last time, file by file), so a mistyped
`output_dir` or `--output` (`.`, `..`, `~`, the content folder) would delete whatever that folder holds. A build
checks first, before any work: the folder must not hold the project's folder, content, templates or cache, nor lie
inside the content or templates (`briefing serve` builds inside the cache), and must be missing, empty, or a site
Briefing built (it holds `BUILT_MARK`).
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.errors import BriefingError

BUILT_MARK = "api/build.json"  # every site Briefing builds has it: what the build read, published and folded


def check_output_folder(config: Config, cache_folder: Path | None) -> None:
    """Raise BriefingError, naming the folder and why, unless the build may replace `config.output_dir`."""
    target = config.output_dir.resolve()
    sources = {"the content folder": config.content_dir.resolve(), "the templates folder": config.templates_dir.resolve()}
    kept = {**sources, "the project's folder": config.root.resolve()}
    if cache_folder is not None:
        kept["the build's cache"] = cache_folder.resolve()
    for what, path in kept.items():
        if target == path or target in path.parents:
            raise BriefingError(
                f"the output folder {target} holds {what} ({path}), and a build replaces everything in its output"
                " folder; choose another, e.g. output_dir: output"
            )
    for what, path in sources.items():
        if path in target.parents:
            raise BriefingError(f"the output folder {target} is inside {what} ({path}); choose one outside it")
    if target.exists() and not target.is_dir():
        raise BriefingError(f"the output folder {target} is not a folder; remove it or choose another")
    if target.is_dir() and any(target.iterdir()) and not (target / BUILT_MARK).is_file():
        raise BriefingError(
            f"the output folder {target} holds files, but no site Briefing built (it has no {BUILT_MARK}), and a"
            " build replaces everything in it; empty it or choose another folder"
        )
