"""Helpers for tests that build whole sites in separate folders and compare them byte for byte."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent


def site_folder(tmp: Path, content: Path | None = None, **settings) -> Path:
    """A project folder in `tmp`: the bundled config (with `settings` merged in) and a copy of `content`.

    Each folder has its own `.cache/`, so one build cannot reuse another's results. Returns the config file.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))
    config["templates_dir"] = str(PROJECT / "templates")
    for section, values in settings.items():
        config[section] = {**config.get(section, {}), **values} if isinstance(values, dict) else values
    (tmp / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")
    if content is not None:
        shutil.copytree(content, tmp / "content")
    return tmp / "config.yaml"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(left: Path, right: Path) -> list[str]:
    """What `diff -r` would name: files only on one side, and files whose bytes differ."""
    a, b = tree(left), tree(right)
    only = [f"only in {left.name if name in a else right.name}: {name}" for name in sorted(set(a) ^ set(b))]
    return only + [f"differs: {name}" for name in sorted(set(a) & set(b)) if a[name] != b[name]]


class LinkParser(HTMLParser):
    """Every href and src in a page, and every id a link's #fragment may point at."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)
