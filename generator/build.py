"""The build pipeline: collect everything (read, fold, tag, group, summarise), then render."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.config import Config
from generator.content import load_content
from generator.dedupe import fold_duplicates
from generator.errors import ContentError, Problem
from generator.model import Article, Storyline
from generator.places import tag_countries
from generator.render import write_site
from generator.site import build_site
from generator.storylines import group_storylines, read_inputs, save_registry
from generator.summaries import summarise


@dataclass
class BuildReport:
    """What a build did: the accounting of every file, warnings, and per-stage timings."""

    read: int = 0
    published: int = 0
    duplicates: dict[str, str] = field(default_factory=dict)  # duplicate file -> id of the article it was folded into
    similarity: dict[str, float] = field(default_factory=dict)  # duplicate file -> how alike its body is (1.0: exact)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped_problems: list[Problem] = field(default_factory=list)
    storylines: int = 0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def accounting_line(self) -> str:
        return (
            f"read {self.read} = published {self.published} + duplicates folded {len(self.duplicates)}"
            f" + skipped {len(self.skipped)}"
        )

    def accounting(self) -> dict:
        return {
            "read": self.read,
            "published": self.published,
            "duplicates_folded": len(self.duplicates),
            "skipped": len(self.skipped),
            "duplicate_files": [
                {"file": path, "folded_into": into, "similarity": self.similarity.get(path, 1.0)}
                for path, into in sorted(self.duplicates.items())
            ],
            "skipped_files": sorted(self.skipped),
        }


def build(config: Config, skip_invalid: bool = False) -> BuildReport:
    """Build the site from `config.content_dir` into `config.output_dir`.

    Raises ContentError (and writes nothing) when content is invalid, unless
    `skip_invalid` is set, in which case the invalid files are left out and listed.
    """
    report = BuildReport()
    timed = _timer(report)

    loaded = timed("read", lambda: load_content(config.content_dir))
    report.read = len(loaded.files)
    report.warnings = [p for p in loaded.problems if not p.is_error]
    if loaded.errors and not skip_invalid:
        raise ContentError(list(loaded.errors))
    report.skipped = list(loaded.invalid_files)
    report.skipped_problems = list(loaded.errors)

    folded = timed("duplicates", lambda: fold_duplicates(loaded.articles))
    path_of = {a.id: a.path for a in loaded.articles}
    report.duplicates = {path_of[dup]: fold.keeper for dup, fold in folded.folds.items()}
    report.similarity = {path_of[dup]: fold.similarity for dup, fold in folded.folds.items()}
    articles = timed("countries", lambda: tuple(tag_countries(a) for a in folded.articles))
    report.published = len(articles)

    # Storylines: the editors' storylines.yaml and the id registry live beside the articles.
    grouping = timed("storylines", lambda: group_storylines(articles, config.storylines, read_inputs(config.content_dir)))
    report.warnings += [p for p in grouping.problems if not p.is_error]
    if any(p.is_error for p in grouping.problems):
        raise ContentError([p for p in grouping.problems if p.is_error])
    storylines = grouping.storylines
    storylines = timed("summaries", lambda: _summarise_all(storylines, articles, config))
    report.storylines = len(storylines)

    site = timed("site", lambda: build_site(articles, storylines, config, report.accounting()))
    report.pages = timed("render", lambda: write_site(site, config))
    save_registry(config.content_dir, grouping.registry)  # only after the site was written
    return report


def _summarise_all(storylines: tuple[Storyline, ...], articles: tuple[Article, ...], config: Config) -> tuple[Storyline, ...]:
    by_id = {a.id: a for a in articles}
    result = []
    for storyline in storylines:
        countries = _storyline_countries(storyline, by_id)
        result.append(summarise(replace(storyline, countries=countries), by_id, config.summary))
    return tuple(result)


def _storyline_countries(storyline: Storyline, by_id: dict[str, Article]) -> tuple[str, ...]:
    """Countries in focus in the storyline's articles, most frequent first."""
    counts: dict[str, int] = {}
    for article_id in storyline.article_ids:
        for code in by_id[article_id].countries.focus:
            counts[code] = counts.get(code, 0) + 1
    return tuple(sorted(counts, key=lambda c: (-counts[c], c)))


def _timer(report: BuildReport) -> Callable:
    def timed(stage: str, work: Callable):
        start = time.perf_counter()
        result = work()
        report.timings[stage] = time.perf_counter() - start
        return result

    return timed
