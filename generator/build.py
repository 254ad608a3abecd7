"""The build pipeline: collect everything (read, fold, tag, group, summarise), then render.

The slow stages are pure functions over plain values, so each call is cached under a hash of exactly the
values it is given (`generator/cache.py`): a rebuild after one new article parses, prints, tags and reads
one article and summarises the storylines whose articles changed. Each call is handed only what its key
covers (one file's text; one article; one storyline's articles), so a cached result can never depend on
something the key missed. The per-item work the cache does not answer runs on the executor (`--jobs`,
`--dask-scheduler`); every executor returns results in input order, so the output never depends on it.
"""

from __future__ import annotations

import gc
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from generator.cache import Cache, KeptFiles, shared_value
from generator.config import Config, SummaryConfig
from generator.content import load_content
from generator.dedupe import fold_duplicates
from generator.errors import BriefingError, ContentError, Problem, display_path
from generator.executor import Executor, MapItems, SerialExecutor
from generator.known_files import KnownFiles
from generator.model import Article, Countries, Storyline, SummarySentence, evolve
from generator.output_folder import check_output_folder
from generator.places import tag_countries
from generator.places.gazetteer import Gazetteer, gazetteer
from generator.render import write_site
from generator.site import Site, build_site
from generator.storylines import Grouping, StorylineInputs, group_storylines, input_files, parse_inputs, save_registry
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


YOUNG_OBJECTS_BETWEEN_COLLECTIONS = 50_000  # Python's default is 700

Progress = Callable[[str, int], Callable[..., None]]
"""`progress(stage, total)` announces a stage of `total` items and returns `done(count=1)`, called as they finish."""


def build(
    config: Config,
    skip_invalid: bool = False,
    *,
    strict: bool = False,
    cache: Cache | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    save_cache: bool = True,
) -> BuildReport:
    """Build the site from `config.content_dir` into `config.output_dir`.

    Raises ContentError (and writes nothing) when content is invalid, unless `skip_invalid` is set, in
    which case the invalid files are left out and listed; with `strict`, warnings fail the build too.
    `cache` defaults to `.cache/` beside the config file; `Cache(None)` computes everything afresh.
    `executor` runs the per-article and per-storyline work (default: in this process). Without `save_cache`,
    what the cache gained is the caller's to save once the site is up (`briefing serve` saves it after
    telling the browser to reload).
    """
    thresholds = gc.get_threshold()
    # A build makes millions of long-lived objects (articles, tokens, pages) and few cycles: with the
    # default threshold, full collections walk all of them again and again (docs/performance.md).
    gc.set_threshold(YOUNG_OBJECTS_BETWEEN_COLLECTIONS, *thresholds[1:])
    try:
        return _build(config, skip_invalid, strict, cache, progress, executor, save_cache)
    finally:
        gc.unfreeze()  # the stages' results are the caller's to keep or drop now
        gc.set_threshold(*thresholds)


def _build(
    config: Config,
    skip_invalid: bool,
    strict: bool,
    cache: Cache | None,
    progress: Progress | None,
    executor: Executor | None,
    save_cache: bool,
) -> BuildReport:
    report = BuildReport()
    cache = cache if cache is not None else default_cache(config)
    check_output_folder(config, cache.folder)  # before any work: a mistyped output folder is known at once
    timed = _timer(report, cache)
    progress = progress or _no_progress
    executor = executor or SerialExecutor()

    def stage_map(stage: str) -> MapItems:
        """A stage's per-item work, reused from the cache or computed on the executor, with its progress."""

        def map_items(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
            done = progress(stage, len(items))  # one batch: the bar fills when it ends
            results = cache.map(stage, function, items, executor, name_results=stage not in UNKEYED_RESULTS)
            done(len(items))
            return results

        return map_items

    known = KnownFiles(cache, "read") if cache.folder is not None else None
    if known is None or not known.from_this_code():
        # A first build: workers are forked now, while this process is small, and load the gazetteer while the
        # content is read. A rebuild starts them only if a stage has enough to compute (most have one item or none).
        executor.start(preload=partial(_gazetteer, cache.folder))
    with _no_collections():  # see `_no_collections`
        articles = _published(config, skip_invalid, report, cache, timed, stage_map, known)
        report.published = len(articles)

        # Storylines: the editors' storylines.yaml and the id registry live beside the articles. The registry of a
        # large site is a hundred thousand entries: it hashes as the bytes it was read from, not spelled out.
        files = input_files(config.content_dir)
        inputs = parse_inputs(files)
        cache.derived(inputs, files)
        tokens_each = stage_map("features")
        grouping = timed("storylines", lambda: _group(articles, config, inputs, cache, tokens_each, executor.local_jobs))
        report.warnings += [p for p in grouping.problems if not p.is_error]
        if any(p.is_error for p in grouping.problems):
            raise ContentError([p for p in grouping.problems if p.is_error])
        if strict and report.warnings:  # every warning is known now: the files' and the storylines file's
            raise ContentError(report.warnings + report.skipped_problems)
        summarise_each = stage_map("summaries")
        storylines = timed("summaries", lambda: _summarise_all(grouping.storylines, articles, config.summary, summarise_each))
        report.storylines = len(storylines)
        executor.idle()  # no per-item work is left: rendering forks its own processes from this one

        site = timed("site", lambda: build_site(articles, storylines, grouping.key_terms, config, report.accounting()))
    report.pages = timed("render", lambda: _render(site, config, cache, executor.local_jobs))
    save_registry(config.content_dir, grouping.registry)  # only after the site was written
    if save_cache:
        timed("cache", cache.save)
    report.cached = {stage: (c.hits, c.misses) for stage, c in cache.counts.items()}
    return report


def default_cache(config: Config, kept: KeptFiles | None = None) -> Cache:
    """The build's cache, `.cache/` beside the config file; `kept` holds its files decoded between builds."""
    return Cache(config.root / ".cache", kept=kept)


def _published(
    config: Config,
    skip_invalid: bool,
    report: BuildReport,
    cache: Cache,
    timed: Callable,
    stage_map: Callable[[str], MapItems],
    known: KnownFiles | None,
) -> tuple[Article, ...]:
    """Read, fold and tag every article; what only these stages hold (the articles before folding and
    tagging, and their texts) is let go on return."""
    loaded = timed("read", lambda: load_content(config.content_dir, stage_map("read"), known))
    report.read = len(loaded.files)
    report.warnings = [p for p in loaded.problems if not p.is_error]
    if loaded.errors and not skip_invalid:
        raise ContentError(list(loaded.errors))
    report.skipped = list(loaded.invalid_files)
    report.skipped_problems = list(loaded.errors)

    folded = timed("duplicates", lambda: fold_duplicates(loaded.articles, stage_map("duplicates")))
    path_of = {a.id: a.path for a in loaded.articles}
    report.duplicates = {path_of[dup]: fold.keeper for dup, fold in folded.folds.items()}
    report.similarity = {path_of[dup]: fold.similarity for dup, fold in folded.folds.items()}
    return timed("countries", lambda: _tag_all(folded.articles, cache, stage_map("countries")))


def _render(site: Site, config: Config, cache: Cache, jobs: int) -> int:
    """Write the site; a broken template becomes one line naming the template file and line."""
    try:
        return write_site(site, config, cache, jobs)
    except TemplateError as exc:
        raise BriefingError(f"{_template_location(exc, config)}: template error: {exc.message or exc}") from None


def _template_location(exc: TemplateError, config: Config) -> str:
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{display_path(Path(exc.filename))}:{exc.lineno}"
    templates = str(config.templates_dir.resolve())
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(templates)]
    return f"{display_path(Path(frames[-1].filename))}:{frames[-1].lineno}" if frames else display_path(config.templates_dir)


def _group(
    articles: tuple[Article, ...], config: Config, inputs: StorylineInputs, cache: Cache, read: MapItems, threads: int
) -> Grouping:
    """One grouping of every article (redone when any changed); reading each article is cached on its own."""
    grouping = partial(group_storylines, map_items=read, threads=threads)
    return cache.call("storylines", grouping, articles, config.storylines, inputs)


def _tag_all(articles: tuple[Article, ...], cache: Cache, tag_each: MapItems) -> tuple[Article, ...]:
    countries = tag_each(CountryTagger(cache.folder), articles)
    tagged = tuple(evolve(article, countries=found) for article, found in zip(articles, countries))
    for article, found, result in zip(articles, countries, tagged):
        cache.derived(result, article, found)
    return tagged


@dataclass(frozen=True)
class CountryTagger:
    """The countries of one article. Building the gazetteer takes over a second, so each process that
    tags anything reads the one kept in the cache folder (made by the first that needed it)."""

    cache_folder: Path | None

    def __call__(self, article: Article) -> Countries:
        return tag_countries(article, _gazetteer(self.cache_folder)).countries


@lru_cache(maxsize=1)
def _gazetteer(cache_folder: Path | None) -> Gazetteer:
    return shared_value(cache_folder, "gazetteer", gazetteer)


def _summarise_all(
    storylines: tuple[Storyline, ...], articles: tuple[Article, ...], config: SummaryConfig, summarise_each: MapItems
) -> tuple[Storyline, ...]:
    """Each storyline's summary, from its own articles only: a storyline whose articles did not change
    keeps its cached summary even when its title, terms or id changed with the rest of the corpus."""
    by_id = {a.id: a for a in articles}
    work = [(tuple(by_id[i] for i in s.article_ids), config) for s in storylines]
    summaries = summarise_each(summary_of, work)
    return tuple(
        evolve(s, countries=_storyline_countries(s, by_id), summary=summary) for s, summary in zip(storylines, summaries)
    )


def summary_of(work: tuple[tuple[Article, ...], SummaryConfig]) -> tuple[SummarySentence, ...]:
    """The summary of a storyline made of `articles`, in its order."""
    members, config = work
    bare = Storyline(id="", title="", article_ids=tuple(a.id for a in members))
    return summarise(bare, {a.id: a for a in members}, config).summary


def _storyline_countries(storyline: Storyline, by_id: dict[str, Article]) -> tuple[str, ...]:
    """Countries in focus in the storyline's articles, most frequent first."""
    counts: dict[str, int] = {}
    for article_id in storyline.article_ids:
        for code in by_id[article_id].countries.focus:
            counts[code] = counts.get(code, 0) + 1
    return tuple(sorted(counts, key=lambda c: (-counts[c], c)))


# When a stage ends, the cache stages no later step asks for: (name, forget_items, forget_results), see
# `Cache.release`. The tagged articles hash as derived from the first three, so they may forget theirs;
# tagged articles key summaries and pages, and summary sentences key pages: those are remembered.
RELEASED_AFTER = {
    "countries": (("read", True, True), ("duplicates", False, False), ("countries", True, True)),
    "storylines": (("features", False, False),),
    "summaries": (("summaries", False, False),),
}
# Stages whose results no later key is made of: not remembered by their keys (see `Cache.map`). The duplicates
# stage's items are the read stage's results, forgotten with them.
UNKEYED_RESULTS = frozenset({"duplicates", "features"})


def _timer(report: BuildReport, cache: Cache) -> Callable:
    def timed(stage: str, work: Callable):
        start = time.perf_counter()
        result = work()
        for name, forget_items, forget_results in RELEASED_AFTER.get(stage, ()):
            cache.release(name, forget_items=forget_items, forget_results=forget_results)
        report.timings[stage] = time.perf_counter() - start
        # What a stage leaves is kept to the end of the build: frozen, the collector stops walking it.
        # Unfrozen, each full collection would re-walk every article, token and page.
        gc.freeze()
        return result

    return timed


@contextmanager
def _no_collections() -> Iterator[None]:
    """No garbage collection while the articles are read, grouped and summarised and the pages laid out: those
    stages make hundreds of thousands of objects that all live to the end of the build (cached results loaded,
    tokens, matrices, pages) and next to no cycles, so each collection only walked them (two took 0.03 s of a
    0.8 s rebuild of 5,000; a fifth of the time laying out the 180,000 pages of 100,000: docs/performance.md).
    Rendering collects as usual: templates make short-lived cycles, in forked renderers too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _no_progress(stage: str, total: int) -> Callable[..., None]:
    return lambda count=1: None
