"""The editors' storylines file, `content/storylines.yaml`: titles, descriptions, merges, splits.

Format (every key optional except the storyline id itself):

    russia-ukraine:                 # a storyline id (as in its URL)
      title: Russia's war in Ukraine
      description: One line shown under the title.
      merge: [kherson-offensive]    # fold these storylines into this one; their URLs redirect here
      articles: [kherson-claimed]   # pin these articles here (taking them out of any other storyline)

Splitting is pinning: give the new storyline an id and list the articles that leave.
Every problem is reported with the file, its line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from generator.errors import Problem
from generator.slugs import is_slug, slugify

EDITOR_FILE = "storylines.yaml"
FIELDS = ("title", "description", "merge", "articles")


@dataclass(frozen=True)
class EditorEntry:
    """What the editors decided about one storyline id."""

    id: str
    line: int
    title: str = ""
    description: str = ""
    merge: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditorFile:
    entries: dict[str, EditorEntry] = field(default_factory=dict)
    path: str = ""

    def pins(self) -> dict[str, str]:
        """Article id to storyline id, from every `articles:` list."""
        return {article: entry.id for entry in self.entries.values() for article in entry.articles}

    def merged_into(self) -> dict[str, str]:
        """Storyline id to the id it is folded into."""
        return {old: entry.id for entry in self.entries.values() for old in entry.merge}


def read_editor_file(data: bytes | None, shown: str) -> tuple[EditorFile, list[Problem]]:
    """Parse and validate the file's bytes; a missing file (None) means no editorial decisions."""
    if data is None:
        return EditorFile(path=shown), []
    try:
        root = yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return EditorFile(path=shown), [Problem(shown, line, "file", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if root is None:
        return EditorFile(path=shown), []
    if not isinstance(root, yaml.MappingNode):
        return EditorFile(path=shown), [Problem(shown, _line(root), "file", "must map storyline ids to their settings")]
    entries: dict[str, EditorEntry] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        entry = _entry(key_node, value_node, shown, problems)
        if entry is None:
            continue
        if entry.id in entries:
            problems.append(Problem(shown, entry.line, entry.id, f"listed twice (first on line {entries[entry.id].line})"))
            continue
        entries[entry.id] = entry
    problems.extend(_cross_checks(entries, shown))
    return EditorFile(entries, shown), problems


def check_against(editor: EditorFile, article_ids: set[str], front_matter_pins: dict[str, str]) -> list[Problem]:
    """Articles the file names must exist and must not be pinned elsewhere by their own front matter."""
    problems = []
    for entry in editor.entries.values():
        for article in entry.articles:
            if article not in article_ids:
                problems.append(Problem(editor.path, entry.line, f"{entry.id}.articles", f"no article has the id {article!r}"))
            elif front_matter_pins.get(article, entry.id) != entry.id:
                problems.append(
                    Problem(
                        editor.path,
                        entry.line,
                        f"{entry.id}.articles",
                        f"{article!r} is pinned to {front_matter_pins[article]!r} in its front matter; pin it in one place",
                    )
                )
    return problems


def _entry(key_node, value_node, shown: str, problems: list[Problem]) -> EditorEntry | None:
    line = _line(key_node)
    sid = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
    if not is_slug(sid):
        problems.append(Problem(shown, line, "id", f"{sid!r} is not a storyline id; use lower-case letters, digits and hyphens, e.g. {slugify(str(sid))!r}"))
        return None
    if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
        return EditorEntry(sid, line)
    if not isinstance(value_node, yaml.MappingNode):
        problems.append(Problem(shown, line, sid, f"expected settings ({', '.join(FIELDS)}), not a single value"))
        return None
    values: dict[str, object] = {}
    for field_node, item in value_node.value:
        name = field_node.value
        where = f"{sid}.{name}"
        if name not in FIELDS:
            problems.append(Problem(shown, _line(field_node), where, f"unknown field; known: {', '.join(FIELDS)}"))
        elif name in ("title", "description"):
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
                problems.append(Problem(shown, _line(item), where, "must be non-empty text on one line"))
            else:
                values[name] = " ".join(item.value.split())
        else:
            listed = _id_list(item, shown, where, problems)
            if listed is not None:
                values[name] = listed
    return EditorEntry(sid, line, **values)  # type: ignore[arg-type]


def _id_list(node, shown: str, where: str, problems: list[Problem]) -> tuple[str, ...] | None:
    items = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None or not all(isinstance(i, yaml.ScalarNode) for i in items):
        problems.append(Problem(shown, _line(node), where, "must be a list of ids, e.g. [first-id, second-id]"))
        return None
    bad = [i for i in items if not is_slug(i.value)]
    for item in bad:
        problems.append(Problem(shown, _line(item), where, f"{item.value!r} is not an id (lower-case letters, digits, hyphens)"))
    return None if bad else tuple(i.value for i in items)


def _cross_checks(entries: dict[str, EditorEntry], shown: str) -> list[Problem]:
    """Merges must form no chains or cycles, and an article is pinned in one place only."""
    problems = []
    target_of: dict[str, str] = {}
    for entry in entries.values():
        for old in entry.merge:
            if old == entry.id:
                problems.append(Problem(shown, entry.line, f"{entry.id}.merge", "a storyline cannot be merged into itself"))
            elif old in target_of:
                problems.append(Problem(shown, entry.line, f"{entry.id}.merge", f"{old!r} is already merged into {target_of[old]!r}"))
            else:
                target_of[old] = entry.id
    for entry in entries.values():
        if entry.id in target_of:
            problems.append(
                Problem(shown, entry.line, entry.id, f"is merged into {target_of[entry.id]!r}, so it cannot take settings or merges of its own")
            )
    owner: dict[str, str] = {}
    for entry in entries.values():
        for article in entry.articles:
            if article in owner and owner[article] != entry.id:
                problems.append(Problem(shown, entry.line, f"{entry.id}.articles", f"{article!r} is also listed under {owner[article]!r}"))
            owner.setdefault(article, entry.id)
    return problems


def _line(node) -> int:
    return node.start_mark.line + 1
