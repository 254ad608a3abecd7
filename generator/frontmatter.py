"""Split a Markdown file into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_YAML_DEPTH = 20


@dataclass(frozen=True)
class Parsed:
    """Front matter values, the line each key is on, and the body with its first line."""

    fields: dict[str, Any]
    field_lines: dict[str, int]
    body: str
    body_line: int


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark is allowed), or a problem naming the byte offset."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(path, 0, "file", f"too large ({len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,})")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, "encoding", f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; save the file as UTF-8")]
    if "\x00" in text:
        return None, [Problem(path, text[: text.index("\x00")].count("\n") + 1, "encoding", "contains a NUL byte; this is not a text file")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse(text: str, path: str) -> tuple[Parsed | None, list[Problem]]:
    """Parse `---` delimited YAML front matter; every failure becomes a Problem."""
    if not text.strip():
        return None, [Problem(path, 1, "file", "the file is empty; an article needs front matter with a title, and a body")]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, [Problem(path, 1, "front matter", "missing: the file must start with a line '---', then YAML fields, then '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, [Problem(path, 1, "front matter", "unterminated: no closing '---' line after the opening one")]
    yaml_text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        if node is not None and _depth(node) > MAX_YAML_DEPTH:
            return None, [Problem(path, 2, "front matter", f"nested more than {MAX_YAML_DEPTH} levels deep")]
        values = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, "front matter", f"YAML syntax error: {reason}")]
    except RecursionError:
        return None, [Problem(path, 2, "front matter", "nested too deeply to read")]
    if values is None:
        values = {}
    if not isinstance(values, dict):
        kind = type(values).__name__
        return None, [Problem(path, 2, "front matter", f"must be a mapping of fields (title: ...), not a {kind}")]
    field_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            field_lines[str(key_node.value)] = key_node.start_mark.line + 2
    body = "\n".join(lines[end + 1 :])
    return Parsed({str(k): v for k, v in values.items()}, field_lines, body, end + 2), []


def _depth(node: yaml.Node) -> int:
    """Depth of a composed YAML node, iteratively (a deep list must not overflow the stack)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_YAML_DEPTH:
            break
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
    return deepest
