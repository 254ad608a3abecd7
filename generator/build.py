"""The build pipeline: collect everything (read, fold, tag, group, summarise), then render.

The slow stages are pure functions over plain values, so each call is cached under a hash of exactly the
values it is given (`generator/cache.py`): a rebuild after one new article tags one article and summarises
the storylines whose articles changed. Each call is handed only what its key covers (one article; one
storyline and its own articles), so a cached result can never depend on something the key missed.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from generator.cache import Cache
from generator.config import Config
from generator.content import load_content
from generator.dedupe import fold_duplicates
from generator.errors import BriefingError, ContentError, Problem, display_path
from generator.model import Article, Storyline
from generator.places import tag_countries
from generator.render import write_site
from generator.site import Site, build_site
from generator.storylines import Grouping, StorylineInputs, group_storylines, read_inputs, save_registry
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
    cached: dict[str, tuple[int, int]] = field(default_factory=dict)  # stage -> (results reused, computed)

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


Progress = Callable[[str, int], Callable[..., None]]
"""`progress(stage, total)` announces a stage of `total` items and returns `done(count=1)`, called as they finish."""


def build(
    config: Config,
    skip_invalid: bool = False,
    *,
    strict: bool = False,
    cache: Cache | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the site from `config.content_dir` into `config.output_dir`.

    Raises ContentError (and writes nothing) when content is invalid, unless `skip_invalid` is set, in
    which case the invalid files are left out and listed; with `strict`, warnings fail the build too.
    `cache` defaults to `.cache/` beside the config file; `Cache(None)` computes everything afresh.
    """
    report = BuildReport()
    timed = _timer(report)
    cache = cache if cache is not None else Cache(config.root / ".cache")
    progress = progress or _no_progress

    loaded = timed("read", lambda: load_content(config.content_dir))
    report.read = len(loaded.files)
    report.warnings = [p for p in loaded.problems if not p.is_error]
    if strict and report.warnings:
        raise ContentError(list(loaded.problems))
    if loaded.errors and not skip_invalid:
        raise ContentError(list(loaded.errors))
    report.skipped = list(loaded.invalid_files)
    report.skipped_problems = list(loaded.errors)

    folded = timed("duplicates", lambda: fold_duplicates(loaded.articles))
    path_of = {a.id: a.path for a in loaded.articles}
    report.duplicates = {path_of[dup]: fold.keeper for dup, fold in folded.folds.items()}
    report.similarity = {path_of[dup]: fold.similarity for dup, fold in folded.folds.items()}
    articles = timed("countries", lambda: _tag_all(folded.articles, cache, progress))
    report.published = len(articles)

    # Storylines: the editors' storylines.yaml and the id registry live beside the articles.
    inputs = read_inputs(config.content_dir)
    grouping = timed("storylines", lambda: _group(articles, config, inputs, cache, progress))
    report.warnings += [p for p in grouping.problems if not p.is_error]
    if any(p.is_error for p in grouping.problems):
        raise ContentError([p for p in grouping.problems if p.is_error])
    storylines = timed("summaries", lambda: _summarise_all(grouping.storylines, articles, config, cache, progress))
    report.storylines = len(storylines)

    site = timed("site", lambda: build_site(articles, storylines, config, report.accounting()))
    report.pages = timed("render", lambda: _render(site, config))
    save_registry(config.content_dir, grouping.registry)  # only after the site was written
    timed("cache", cache.prune)
    report.cached = {stage: (c.hits, c.misses) for stage, c in cache.counts.items()}
    return report


def _render(site: Site, config: Config) -> int:
    """Write the site; a broken template becomes one line naming the template file and line."""
    try:
        return write_site(site, config)
    except TemplateError as exc:
        raise BriefingError(f"{_template_location(exc, config)}: template error: {exc.message or exc}") from None


def _template_location(exc: TemplateError, config: Config) -> str:
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{display_path(Path(exc.filename))}:{exc.lineno}"
    templates = str(config.templates_dir.resolve())
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(templates)]
    return f"{display_path(Path(frames[-1].filename))}:{frames[-1].lineno}" if frames else display_path(config.templates_dir)


def _group(
    articles: tuple[Article, ...], config: Config, inputs: StorylineInputs, cache: Cache, progress: Progress
) -> Grouping:
    done = progress("storylines", len(articles))  # one call over every article: the bar fills at its end
    grouping = cache.call("storylines", group_storylines, articles, config.storylines, inputs)
    done(len(articles))
    return grouping


def _tag_all(articles: tuple[Article, ...], cache: Cache, progress: Progress) -> tuple[Article, ...]:
    done = progress("countries", len(articles))
    tagged = []
    for article in articles:
        tagged.append(cache.call("countries", tag_countries, article))
        done()
    return tuple(tagged)


def _summarise_all(
    storylines: tuple[Storyline, ...], articles: tuple[Article, ...], config: Config, cache: Cache, progress: Progress
) -> tuple[Storyline, ...]:
    by_id = {a.id: a for a in articles}
    done = progress("summaries", len(storylines))
    result = []
    for storyline in storylines:
        storyline = replace(storyline, countries=_storyline_countries(storyline, by_id))
        members = {i: by_id[i] for i in storyline.article_ids}
        result.append(cache.call("summaries", summarise, storyline, members, config.summary))
        done()
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


def _no_progress(stage: str, total: int) -> Callable[..., None]:
    return lambda count=1: None
