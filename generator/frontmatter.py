"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Input is untrusted: files are size-checked before they are read, YAML is read with
the safe loader only, and its shape (nesting depth, aliases) is checked on the event
stream before anything is built, so a hostile file gets a clear message, not a hang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, field_label

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_YAML_DEPTH = 20
MAX_YAML_NODES = 10_000

CONTROL_CHARACTERS = re.compile(  # not text: C0 controls but tab and line ends, DEL, non-characters
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, except that dates stay text: `content.py` checks them and names the line."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


@dataclass(frozen=True)
class Parsed:
    """Front matter values, the line each key is on, and the body with its first line."""

    fields: dict[str, Any]
    field_lines: dict[str, int]
    body: str
    body_line: int


def read_text(
    path: Path, shown: str, max_bytes: int = MAX_FILE_BYTES, drop_controls: bool = False
) -> tuple[str | None, list[Problem]]:
    """A file's text with LF line ends, or the problems that stop it being read.

    Importers pass `drop_controls`: a stray control character in a pasted dump is
    noise to remove, while in a content file it is a problem to report.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [_too_large(shown, size, max_bytes)]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, "file", f"cannot be read ({exc.strerror or exc}); check it exists and is readable")]
    return decode(raw, shown, max_bytes, drop_controls)


def decode(
    raw: bytes, path: str, max_bytes: int = MAX_FILE_BYTES, drop_controls: bool = False
) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark is allowed), or a problem naming the byte offset."""
    if len(raw) > max_bytes:
        return None, [_too_large(path, len(raw), max_bytes)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(path, line, "encoding", f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; save the file as UTF-8")
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if drop_controls:
        return CONTROL_CHARACTERS.sub("", text), []
    bad = CONTROL_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, [
            Problem(path, line, "encoding", f"contains the control character U+{ord(bad.group()):04X}; save the file as plain UTF-8 text")
        ]
    return text, []


def _too_large(path: str, size: int, limit: int) -> Problem:
    return Problem(path, 0, "file", f"too large ({size:,} bytes); the limit is {limit:,} bytes, split it into smaller files")


def parse(text: str, path: str) -> tuple[Parsed | None, list[Problem]]:
    """Parse `---` delimited YAML front matter; every failure becomes a Problem."""
    if not text.strip():
        return None, [Problem(path, 1, "file", "the file is empty; an article needs front matter with a title, and a body")]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, [Problem(path, 1, "front matter", "missing: the file must start with a line '---', then YAML fields, then '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [Problem(path, 1, "front matter", "unterminated: no closing '---' line after the opening one")]
    yaml_text = "\n".join(lines[1:end])
    try:
        shape = _check_shape(yaml_text, path)
        if shape:
            return None, [shape]
        node, values = _compose_and_construct(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = min(mark.line + 2, end) if mark is not None else 2  # libyaml may point just past the end
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, "front matter", f"YAML syntax error: {reason}; fix the YAML on this line")]
    if values is None:
        values = {}
    if not isinstance(values, dict):
        kind = {"list": "list", "str": "plain text"}.get(type(values).__name__, type(values).__name__)
        return None, [Problem(path, 2, "front matter", f"must be a mapping of fields (title: ...), not a {kind}")]
    field_lines: dict[str, int] = {}
    problems = []
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if key in field_lines:
                problems.append(Problem(path, line, field_label(key), f"given twice (first on line {field_lines[key]}); keep one"))
            field_lines.setdefault(key, line)
    if problems:
        return None, problems
    body = "\n".join(lines[end + 1 :])
    return Parsed({str(k): v for k, v in values.items()}, field_lines, body, end + 2), []


def _compose_and_construct(yaml_text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML's node tree (for field lines) and its values, from one parse: what `yaml.compose`
    and `yaml.load` give, without parsing the text twice."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _check_shape(yaml_text: str, path: str) -> Problem | None:
    """Refuse deep nesting, aliases and huge node counts before the YAML is built.

    Walks the event stream (no recursion), stopping at the first offence, so a
    10,000-level nested list costs a few events, not a stack overflow or minutes.
    """
    depth = nodes = 0
    too_deep = f"nested more than {MAX_YAML_DEPTH} levels deep; fields are text, dates or short lists"
    try:
        for event in yaml.parse(yaml_text, Loader=_Loader):
            line = event.start_mark.line + 2
            if isinstance(event, yaml.AliasEvent):
                return Problem(path, line, "front matter", "YAML aliases (*name) are not allowed; write the value out")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return Problem(path, line, "front matter", too_deep)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if nodes > MAX_YAML_NODES:
                    return Problem(path, line, "front matter", f"more than {MAX_YAML_NODES:,} values; fields are text, dates or short lists")
    except yaml.MarkedYAMLError as exc:
        # the libyaml PyYAML 6.0.4 bundles (0.2.6) stops at 1,000 levels itself, scanning ahead of these events
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return Problem(path, exc.problem_mark.line + 2, "front matter", too_deep)
        raise
    return None
