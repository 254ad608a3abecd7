"""Read `config.yaml` into a typed, frozen configuration, with clear errors."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from generator.errors import BriefingError

SUMMARY_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "edmundson")
SUMMARY_ORDERS = ("importance", "chronological")


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Briefing"
    description: str = "The news, grouped into storylines and summarised."
    base_url: str = ""
    language: str = "en"
    author: str = "Briefing editors"


@dataclass(frozen=True)
class SummaryConfig:
    algorithm: str = "lexrank"
    sentences: int = 4
    max_words: int = 150
    order: str = "importance"  # or "chronological": by article date, then place in the article


@dataclass(frozen=True)
class StorylineConfig:
    """How articles are grouped; see docs/storylines.md. Tuned on neus_train/neus_val only."""

    threshold: float = 0.105  # the bar for a corpus of up to `reference_articles` articles
    threshold_per_decade: float = 0.09  # added for every tenfold more articles: more near-miss stories compete
    reference_articles: int = 100
    neighbours: int = 10  # candidate partners looked at per article
    window_days: float = 3.0  # storylines this close in time are not penalised
    fade_days: float = 60.0  # beyond the window, similarity fades by e every this many days
    short_words: float = 25.0  # texts this short (headlines) are compared by pooled centroids
    long_words: float = 40.0  # texts this long by average article similarity
    country_mismatch: float = 0.3  # similarity factor when one storyline is about a country the other never names


@dataclass(frozen=True)
class HomeConfig:
    storylines: int = 20


@dataclass(frozen=True)
class Config:
    """Everything `config.yaml` can set; paths are resolved against the config's folder."""

    root: Path = Path(".")
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    templates_dir: Path = Path("templates")
    site: SiteConfig = field(default_factory=SiteConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    storylines: StorylineConfig = field(default_factory=StorylineConfig)
    home: HomeConfig = field(default_factory=HomeConfig)

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_SECTIONS = {"site": SiteConfig, "summary": SummaryConfig, "storylines": StorylineConfig, "home": HomeConfig}
_PATHS = ("content_dir", "output_dir", "templates_dir")


def load_config(path: Path | None) -> Config:
    """Load `path` (or defaults when it is None or missing and not asked for explicitly)."""
    if path is None:
        path = Path("config.yaml")
        if not path.exists():
            return _resolve_paths(Config(), Path.cwd())
    if not path.exists():
        raise BriefingError(f"{path}: config file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise BriefingError(f"{path}:{line}: YAML syntax error: {getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError as exc:
        raise BriefingError(f"{path}: not UTF-8 (byte {exc.start})") from None
    if not isinstance(raw, dict):
        raise BriefingError(f"{path}: the config must be a mapping of keys to values")
    return _resolve_paths(_build(raw, path), path.parent)


def _build(raw: dict, path: Path) -> Config:
    known = {f.name for f in fields(Config)} - {"root"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise BriefingError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _PATHS:
            values[key] = Path(str(value))
        else:
            values[key] = _section(_SECTIONS[key], value, f"{path}: {key}")
    config = Config(**values)
    _validate(config, path)
    return config


def _section(cls: type, value: Any, where: str) -> Any:
    if value is None:
        return cls()
    if not isinstance(value, dict):
        raise BriefingError(f"{where}: must be a mapping")
    allowed = {f.name: f for f in fields(cls)}
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise BriefingError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
    converted = {}
    for key, item in value.items():
        expected = type(getattr(cls(), key))
        if expected is float and isinstance(item, int) and not isinstance(item, bool):
            item = float(item)
        if not isinstance(item, expected) or isinstance(item, bool) != (expected is bool):
            raise BriefingError(f"{where}.{key}: expected {expected.__name__}, got {item!r}")
        converted[key] = item
    return cls(**converted)


def _validate(config: Config, path: Path) -> None:
    if config.summary.algorithm not in SUMMARY_ALGORITHMS:
        raise BriefingError(
            f"{path}: summary.algorithm: {config.summary.algorithm!r} is not one of {', '.join(SUMMARY_ALGORITHMS)}"
        )
    if config.summary.order not in SUMMARY_ORDERS:
        raise BriefingError(f"{path}: summary.order: {config.summary.order!r} is not one of {', '.join(SUMMARY_ORDERS)}")
    if config.summary.sentences < 1 or config.summary.max_words < 1:
        raise BriefingError(f"{path}: summary.sentences and summary.max_words must be at least 1")
    lines = config.storylines
    if not 0.0 < lines.threshold < 1.0:
        raise BriefingError(f"{path}: storylines.threshold must be between 0 and 1")
    if lines.threshold_per_decade < 0 or lines.reference_articles < 1 or lines.neighbours < 1:
        raise BriefingError(f"{path}: storylines.threshold_per_decade must be >= 0, reference_articles and neighbours >= 1")
    if lines.window_days < 0 or lines.fade_days <= 0 or not 0 < lines.short_words < lines.long_words:
        raise BriefingError(f"{path}: storylines: window_days >= 0, fade_days > 0 and 0 < short_words < long_words")
    if not 0.0 <= lines.country_mismatch <= 1.0:
        raise BriefingError(f"{path}: storylines.country_mismatch must be between 0 and 1")


def _resolve_paths(config: Config, root: Path) -> Config:
    root = root.resolve()
    return replace(config, root=root, **{name: root / getattr(config, name) for name in _PATHS})
