"""Group articles into storylines, each with a stable id, a title and what ties it together.

The stages, one module each: `features` (what an article looks like), `candidates` (its
few nearest articles, found in blocks), `clustering` (reciprocal agglomeration with a bar
that adapts to corpus size and text length, fading with time), `identity` (ids that
survive rebuilds; merges leave aliases), `editor` (the editors' storylines.yaml), and
`describe` (titles, shared terms and entities, dates).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.config import StorylineConfig
from generator.errors import Problem, display_path
from generator.executor import MapItems, serial_map
from generator.model import Article, KeyTerms, Storyline
from generator.storylines import describe
from generator.storylines.candidates import Edges, NeighbourSearch
from generator.storylines.clustering import Settings, agglomerate
from generator.storylines.editor import EDITOR_FILE, EditorFile, check_against, read_editor_file
from generator.storylines.features import read_tokens, vectorise
from generator.storylines.identity import REGISTRY_FILE, Registry, Remembered, name_groups, read_registry, save_registry

CANDIDATE_FLOOR = 0.05
SETTLING_PASSES = 3  # merging never splits, so passes end; one sufficed on the corpora measured (docs/storylines.md)

__all__ = [
    "Grouping",
    "InputFiles",
    "StorylineInputs",
    "check_inputs",
    "group_storylines",
    "input_files",
    "parse_inputs",
    "read_inputs",
    "save_registry",
]


@dataclass(frozen=True)
class StorylineInputs:
    """What the content folder says about storylines besides the articles."""

    editor: EditorFile = field(default_factory=EditorFile)
    registry: Registry = field(default_factory=Registry)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Grouping:
    storylines: tuple[Storyline, ...]
    registry: Registry
    problems: tuple[Problem, ...] = ()
    key_terms: dict[str, KeyTerms] = field(default_factory=dict)  # by storyline id


@dataclass(frozen=True)
class InputFiles:
    """The bytes of the editors' file and of the id registry (None: no such file), and their names in messages."""

    editor: bytes | None
    registry: bytes | None
    editor_shown: str
    registry_shown: str


def input_files(content_dir: Path) -> InputFiles:
    """Each file read once: what is parsed is what a build's cache keys are made of."""
    root = content_dir.parent
    editor, registry = content_dir / EDITOR_FILE, content_dir / REGISTRY_FILE
    return InputFiles(_bytes_of(editor), _bytes_of(registry), display_path(editor, root), display_path(registry, root))


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def parse_inputs(files: InputFiles) -> StorylineInputs:
    """The editors' file and the id registry, with every problem found."""
    editor, problems = read_editor_file(files.editor, files.editor_shown)
    registry, trouble = read_registry(files.registry, files.registry_shown)
    return StorylineInputs(editor, registry, tuple(problems + trouble))


def read_inputs(content_dir: Path) -> StorylineInputs:
    """Read the editors' file and the id registry, with every problem found."""
    return parse_inputs(input_files(content_dir))


def group_storylines(
    articles: tuple[Article, ...],
    config: StorylineConfig,
    inputs: StorylineInputs | None = None,
    *,
    map_items: MapItems = serial_map,
    threads: int = 1,
) -> Grouping:
    """Cluster the articles; editors' pins and merges, and remembered storylines, are kept.

    `map_items(read_tokens, articles)` reads each article (the build caches and spreads that part);
    `threads` share the neighbour search (the build gives it this machine's cores).
    """
    inputs = inputs or StorylineInputs()
    ordered = sorted(articles, key=lambda a: a.id)  # input order never matters
    problems = check_inputs(inputs, ordered)
    if not ordered:
        return Grouping((), Registry(), tuple(problems))
    hard = _hard_pins(ordered, inputs)
    soft = inputs.registry.group_of()
    tokens = map_items(read_tokens, ordered)
    features = vectorise(tokens)
    search = NeighbourSearch(features.matrix, config.neighbours, CANDIDATE_FLOOR, threads)
    edges = _candidate_edges(ordered, soft, search, threshold_for(len(ordered), config))
    labels, settled = _cluster(ordered, tokens, features, edges, hard, soft, config)
    for _ in range(SETTLING_PASSES):
        # The next build starts each article in the storyline this one gives it (the lock file), and would
        # merge further whatever its new centroids let merge: do it now, so that a build run again on its
        # own output changes nothing. A pass that could not merge further is not run (see `agglomerate`);
        # pins make a pass's start differ in more than the grouping, so with pins it always runs.
        if settled and not hard:
            break
        settled_labels, settled = _cluster(ordered, tokens, features, edges, hard, _as_grouped(ordered, labels, hard), config)
        if settled_labels.max() == labels.max():
            break
        labels = settled_labels
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(row)
    rows_of = [sorted(rows, key=lambda r: ordered[r].sort_key) for rows in groups.values()]
    members_of = [[ordered[r] for r in rows] for rows in rows_of]
    pins = [next((hard[a.id] for a in members if a.id in hard), None) for members in members_of]
    names = name_groups(members_of, pins, inputs.registry, set(inputs.editor.entries))
    explanations = describe.explain(rows_of, features, tokens)
    described = sorted(
        (
            (_storyline(name, members, ordered[why.representative], inputs.editor), why)
            for name, members, why in zip(names, members_of, explanations)
        ),
        key=lambda pair: pair[0].id,
    )
    storylines = tuple(s for s, _ in described)
    key_terms = {s.id: KeyTerms(why.key_terms, why.key_entities) for s, why in described}
    registry = Registry({s.id: Remembered(s.article_ids, s.aliases) for s in storylines})
    return Grouping(storylines, registry, tuple(problems), key_terms)


def _candidate_edges(ordered: list[Article], soft: dict[str, str], search: NeighbourSearch, bar: float) -> Edges:
    """Every row's edges, without a registry. With one, the new articles' edges and those of the remembered
    storylines they come near (an edge at the bar): the remembered ones were settled by the build that
    published them, so they merge only through new articles (which join them, found storylines or bridge
    two), and a storyline a new article comes near is looked at again (its centroid may move). A rebuild
    then searches a few rows, not all."""
    new = [row for row, article in enumerate(ordered) if article.id not in soft]
    if len(new) == len(ordered):
        return search.edges()
    found = search.edges(np.array(new, dtype=np.int64))
    low, high, similarity = found
    close = similarity >= bar
    near = {soft.get(ordered[row].id) for row in itertools.chain(low[close].tolist(), high[close].tolist())}
    again = [row for row, article in enumerate(ordered) if article.id in soft and soft[article.id] in near]
    return search.edges(np.array(again, dtype=np.int64), known=found)


def _as_grouped(ordered: list[Article], labels: np.ndarray, hard: dict[str, str]) -> dict[str, str]:
    """Each article's storyline as a pass's start: its pinned id when the storyline holds a pinned article
    (so the whole storyline stays with the pin, as it did in the pass that grouped it), else its label."""
    pinned = {label: hard[a.id] for a, label in zip(ordered, labels.tolist()) if a.id in hard}
    return {a.id: pinned.get(label, f"\0{label}") for a, label in zip(ordered, labels.tolist())}


def threshold_for(count: int, config: StorylineConfig) -> float:
    """The bar rises with corpus size: among more articles, more near-miss stories compete."""
    decades = max(0.0, math.log10(max(count, 1) / config.reference_articles))
    return config.threshold + config.threshold_per_decade * decades


def closeness_for(count: int, config: StorylineConfig) -> float:
    """Relative closeness keeps near-miss stories apart; small corpora have few to keep apart.

    Full strength from `reference_articles` on, fading to nothing a decade below.
    """
    return min(1.0, max(0.0, 1.0 + math.log10(max(count, 1) / config.reference_articles)))


def _cluster(
    ordered, tokens, features, edges, hard: dict[str, str], soft: dict[str, str], config: StorylineConfig
) -> tuple[np.ndarray, bool]:
    """A storyline label per article, and whether a pass started from them would end where it started."""
    settings = Settings(
        threshold_for(len(ordered), config),
        config.window_days,
        config.fade_days,
        config.short_words,
        config.long_words,
        config.country_mismatch,
        closeness_for(len(ordered), config),
    )
    days = np.array([a.date.toordinal() if a.date else np.nan for a in ordered], dtype=float)
    lengths = np.array([t.words_read for t in tokens], dtype=float)
    # Storyline id -> its number: pinned storylines first, then remembered ones (dicts: one lookup per article).
    hard_number = {sid: number for number, sid in enumerate(sorted(set(hard.values())))}
    soft_number = {sid: len(hard_number) + n for n, sid in enumerate(sorted(set(soft.values()) - set(hard_number)))}
    locks, starts, kept = [], [], []
    for article in ordered:
        sid = hard.get(article.id) or soft.get(article.id)
        if sid in hard_number:  # pinned, or remembered in a storyline editors pin articles to
            locks.append(hard_number[sid])
            starts.append(hard_number[sid])
        else:
            locks.append(-1)
            starts.append(soft_number[sid] if sid else -1)
        kept.append(sid is not None and sid not in hard_number)
    countries = (features.focus, features.distinctive, features.named)
    return agglomerate(features.matrix, countries, edges, days, lengths, settings, np.array(starts), np.array(locks), np.array(kept))


def _hard_pins(ordered: list[Article], inputs: StorylineInputs) -> dict[str, str]:
    """Article id to the storyline editors put it in: front matter, `articles:` lists, merges."""
    pins = {a.id: a.storyline_pin for a in ordered if a.storyline_pin}
    pins.update(inputs.editor.pins())
    merged_into = inputs.editor.merged_into()
    for article_id, sid in inputs.registry.group_of().items():
        if sid in merged_into and article_id not in pins:
            pins[article_id] = merged_into[sid]
    return pins


def check_inputs(inputs: StorylineInputs, ordered: list[Article]) -> list[Problem]:
    """Every problem of the editors' file and the registry, checked against the articles."""
    front = {a.id: a.storyline_pin for a in ordered if a.storyline_pin}
    problems = list(inputs.problems) + check_against(inputs.editor, {a.id for a in ordered}, front)
    known = inputs.registry.all_ids()
    for entry in inputs.editor.entries.values():
        for old in entry.merge:
            if old not in known:
                message = f"no published storyline has the id {old!r} (see {REGISTRY_FILE}); nothing to merge"
                problems.append(Problem(inputs.editor.path, entry.line, f"{entry.id}.merge", message, "warning"))
    return problems


def _storyline(name, members: list[Article], lead: Article, editor: EditorFile) -> Storyline:
    entry = editor.entries.get(name.id)
    first, last = describe.dates(members)
    return Storyline(
        id=name.id,
        title=entry.title if entry and entry.title else lead.title,
        description=entry.description if entry else "",
        article_ids=tuple(a.id for a in members),
        aliases=name.aliases,
        first_seen=first,
        last_updated=last,
    )
