"""Stable storyline ids: remembered in a registry file that the build keeps in `content/`.

`content/storylines.lock.yaml` lists, for every storyline id the site has published, its
articles and its aliases (ids it absorbed). Committed with the content, it makes ids survive
a clean clone (CI). On the next build each remembered storyline's articles start together,
so they are never scattered; new articles join them or found new storylines, whose id is
the slug of their earliest article's headline. When one storyline comes to hold several
remembered ones, the oldest (earliest first article) keeps its id and the others become
aliases: their URLs turn into redirects. Without the file, ids are still deterministic
(founding headline), and adding newer articles does not change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from generator.errors import Problem, field_label
from generator.model import Article
from generator.slugs import is_slug, slugify

REGISTRY_FILE = "storylines.lock.yaml"
HEADER = (
    "# Maintained by `briefing build`: the storylines published so far, so that each keeps its id and URL.\n"
    "# Commit this file with the content; edit storylines.yaml (not this file) to rename, merge or split.\n"
)


@dataclass(frozen=True)
class Remembered:
    articles: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    storylines: dict[str, Remembered] = field(default_factory=dict)

    def group_of(self) -> dict[str, str]:
        """Article id to the storyline id it was published in."""
        return {article: sid for sid, entry in self.storylines.items() for article in entry.articles}

    def all_ids(self) -> set[str]:
        return {i for sid, e in self.storylines.items() for i in (sid, *e.aliases)}


# libyaml's safe loader and dumper when present: the registry names every article, and the pure-Python
# ones take seconds for tens of thousands.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read_registry(data: bytes | None, shown: str) -> tuple[Registry, list[Problem]]:
    """The registry in the lock file's bytes (None: no lock file), with every problem found."""
    if data is None:
        return Registry(), []
    try:
        text = data.decode("utf-8")
        raw = _as_written(text)
        if raw is None:
            raw = yaml.load(text, Loader=_Loader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return Registry(), [Problem(shown, mark.line + 1 if mark else 1, "file", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    problems, storylines = [], {}
    if not isinstance(raw, dict):
        return Registry(), [Problem(shown, 1, "file", "must map storyline ids to their articles; delete it to start afresh")]
    for sid, entry in raw.items():
        articles = entry.get("articles") if isinstance(entry, dict) else None
        aliases = entry.get("aliases", []) if isinstance(entry, dict) else None
        if not is_slug(str(sid)) or not isinstance(articles, list) or not isinstance(aliases, list):
            problems.append(Problem(shown, 1, field_label(str(sid)), "malformed entry (expected articles: [...] and optional aliases: [...]); delete the file to start afresh"))
            continue
        storylines[str(sid)] = Remembered(tuple(map(str, articles)), tuple(map(str, aliases)))
    return Registry(storylines), problems


def _as_written(text: str) -> dict[str, dict[str, list[str]]] | None:
    """The mapping of a file exactly as `registry_text` writes it, read line by line; None for any other
    text, which YAML then reads. libyaml was a noticeable part of every rebuild."""
    raw: dict[str, dict[str, list[str]]] = {}
    entry: dict[str, list[str]] = {}
    items: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            if raw:
                return None
        elif line.startswith("  - "):
            value = _written_scalar(line[4:])
            if items is None or value is None:
                return None
            items.append(value)
        elif line in ("  articles:", "  aliases:"):
            if not raw or line[2:-1] in entry:
                return None
            items = entry[line[2:-1]] = []
        elif line.endswith(":"):
            sid = _written_scalar(line[:-1])
            if sid is None or sid in raw:
                return None
            entry = raw[sid] = {}
            items = None
        else:
            return None
    return raw if raw else None


def _written_scalar(token: str) -> str | None:
    """The string a scalar written by `_scalar` stands for: plain, or single-quoted without quotes inside."""
    if len(token) > 2 and token[0] == token[-1] == "'" and _PLAIN_TOKEN.fullmatch(token, 1, len(token) - 1):
        return token[1:-1]
    return token if _PLAIN_TOKEN.fullmatch(token) and _scalar(token) == token else None


def registry_text(registry: Registry) -> str:
    """The file's text: sorted, so it only changes when the storylines do.

    Written line by line rather than through `yaml.dump`, whose representer alone takes a fifth of a
    second for 5,000 articles on every build; each id is written exactly as `yaml.dump` would write it.
    """
    if not registry.storylines:
        return HEADER + "{}\n"
    lines = [HEADER]
    for sid in sorted(registry.storylines):
        entry = registry.storylines[sid]
        lines.append(f"{_scalar(sid)}:\n  articles:\n")
        lines.extend(f"  - {_scalar(article)}\n" for article in sorted(entry.articles))
        if entry.aliases:
            lines.append("  aliases:\n")
            lines.extend(f"  - {_scalar(alias)}\n" for alias in sorted(entry.aliases))
    return "".join(lines)


_PLAIN_SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PLAIN_TOKEN = re.compile(r"[a-z0-9-]+")
_RESOLVER = yaml.resolver.Resolver()


@cache
def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when YAML would read it back as this string (most slugs), else as
    `yaml.dump` quotes it (slugs such as `2021`, `yes` or `null` would otherwise read back as other types)."""
    if _PLAIN_SLUG.fullmatch(text) and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str":
        return text
    return yaml.dump(text, Dumper=_Dumper, width=1000).removesuffix("\n...\n").removesuffix("\n")


def save_registry(content_dir: Path, registry: Registry) -> bool:
    """Write the file when it changed; True if it did."""
    path = content_dir / REGISTRY_FILE
    text = registry_text(registry)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


@dataclass(frozen=True)
class Named:
    id: str
    aliases: tuple[str, ...]


def name_groups(groups: list[list[Article]], pins: list[str | None], registry: Registry, reserved: set[str]) -> list[Named]:
    """An id and aliases for every group (articles sorted oldest first), independent of input order."""
    remembered_in = registry.group_of()
    owner = _owners(groups, remembered_in)
    taken = registry.all_ids() | reserved | {p for p in pins if p}
    named: list[Named | None] = [None] * len(groups)
    for index, (members, pin) in enumerate(zip(groups, pins)):
        held = [sid for sid in _remembered_ids(members, remembered_in) if owner[sid] == index]
        if pin or held:
            sid = pin or held[0]
            absorbed = [h for h in held if h != sid]
            aliases = {a for h in held for a in registry.storylines[h].aliases} | set(absorbed)
            named[index] = Named(sid, tuple(sorted(aliases - {sid})))
            taken.add(sid)
    order = sorted((i for i in range(len(groups)) if named[i] is None), key=lambda i: groups[i][0].sort_key)
    for index in order:
        base = slugify(groups[index][0].title)
        sid, n = base, 2
        while sid in taken:
            sid, n = f"{base}-{n}", n + 1
        taken.add(sid)
        named[index] = Named(sid, ())
    return [n for n in named if n is not None]


def _owners(groups: list[list[Article]], remembered_in: dict[str, str]) -> dict[str, int]:
    """Each remembered id goes to the one group holding most of its articles (ties: the older group)."""
    counts: dict[str, dict[int, int]] = {}
    for index, members in enumerate(groups):
        for article in members:
            sid = remembered_in.get(article.id)
            if sid is not None:
                counts.setdefault(sid, {}).setdefault(index, 0)
                counts[sid][index] += 1
    return {sid: min(held, key=lambda i: (-held[i], groups[i][0].sort_key)) for sid, held in counts.items()}


def _remembered_ids(members: list[Article], remembered_in: dict[str, str]) -> list[str]:
    """The remembered storylines in a group, oldest first (by their earliest article here)."""
    earliest: dict[str, tuple] = {}
    for article in members:
        sid = remembered_in.get(article.id)
        if sid is not None and sid not in earliest:
            earliest[sid] = article.sort_key
    return sorted(earliest, key=lambda sid: (earliest[sid], sid))
