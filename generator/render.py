"""Render the site model with Jinja2 and write it to the output folder, all or nothing."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
import tempfile
from dataclasses import fields, is_dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.cache import Cache, Uncacheable, fingerprint
from generator.config import Config
from generator.errors import BriefingError
from generator.markup import render_markdown
from generator.places import country_name, flag
from generator.site import Page, Site, article_url, country_url, storyline_url

def human_date(value: dt.date | None) -> str:
    """A date as readers write it: '2 March 2022'."""
    return f"{value.day} {value:%B %Y}" if value else "Undated"


def iso_datetime(value: dt.date | None) -> str:
    """Midnight UTC of a content date, for Atom; undated content gets the Unix epoch, never the clock."""
    return f"{(value or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def absolute_url(base_url: str):
    """A function turning a site-relative URL into the public one, or None when no base URL is known."""

    def absolute(url: str) -> str | None:
        return f"{base_url.rstrip('/')}/{url}" if base_url else None

    return absolute


def make_environment(config: Config) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(config.templates_dir)),
        autoescape=select_autoescape(("html", "xml")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=render_markdown, human_date=human_date, iso_datetime=iso_datetime, country_name=country_name, flag=flag
    )
    env.globals.update(
        site=config.site,
        article_url=article_url,
        storyline_url=storyline_url,
        country_url=country_url,
        absolute_url=absolute_url(config.site.base_url),
    )
    return env


def relative_root(url: str) -> str:
    """The prefix that leads from the page at `url` back to the site root ('./' at the root)."""
    depth = len(PurePosixPath(url).parts) - (0 if url.endswith("/") else 1)
    return "../" * depth or "./"


def base_path(base_url: str) -> str:
    """The absolute path the site is served under ('/' or '/repo/'), for pages served at any URL."""
    path = "/" + base_url.split("://", 1)[-1].partition("/")[2] if "://" in base_url else base_url or "/"
    return path.rstrip("/") + "/"


def write_site(site: Site, config: Config, cache: Cache | None = None) -> int:
    """Render everything into a temporary folder, then swap it in for `output_dir`.

    A failure at any point leaves the previous output untouched. With a `cache`, a page whose template
    inputs are the same as when the previous output was written is not rendered again: its file there
    is hard-linked into the new tree (see `Reuse`), which is still complete and swapped in whole.
    """
    env = make_environment(config)
    target = config.output_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".briefing-", dir=target.parent))
    try:
        out = _Staging(staging)
        reuse = Reuse(cache, target, staging, _templates_fingerprint(config))
        for page in site.pages:
            root = base_path(config.site.base_url) if page.template == "404.html" else relative_root(page.url)
            source = f"template {page.template} for {page.url or '/'}"
            key = reuse.key(page, root)
            path = out.claim(page.path, source)
            if not reuse.link(key, page.path, path):
                html = env.get_template(page.template).render(**page.context, root=root, page_url=page.url)
                path.write_text(html, encoding="utf-8")
                reuse.remember(key, page.path, path)
        for data in site.data:
            out.claim(data.url, "JSON export").write_text(data.text, encoding="utf-8")
        static = config.templates_dir / "static"
        if static.is_dir():
            for source in sorted(static.rglob("*")):
                if source.is_file():
                    rel = "static/" + source.relative_to(static).as_posix()
                    out.claim(rel, f"asset {source}").write_bytes(source.read_bytes())
        _swap(staging, target)
        return len(out.written)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


class _Staging:
    """The new tree being written: refuses a path claimed twice or outside it, and makes each folder once."""

    def __init__(self, root: Path):
        self.root = root
        self.written: dict[str, str] = {}
        self._folders: set[str] = set()

    def claim(self, rel: str, source: str) -> Path:
        if rel in self.written:
            raise BriefingError(f"two things want to write {rel}: {self.written[rel]} and {source}")
        normal = posixpath.normpath(rel)
        if normal.startswith("../") or normal in ("..", ".") or posixpath.isabs(normal):
            raise BriefingError(f"{source} would write outside the output folder: {rel}")
        self.written[rel] = source
        folder = posixpath.dirname(normal)
        if folder and folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        return self.root / normal


class Reuse:
    """Pages rendered by the previous build whose inputs did not change, reused from the previous output.

    A page's key hashes its template set (every file under templates/), the site settings, the code,
    its URL and every value in its context; the cache remembers, per key, the file written for it and
    that file's size, modification time and inode. A file is reused only if it is still exactly that
    file (an edited or replaced output file is rendered again), and a deleted cache renders everything.
    """

    STAGE = "pages"

    def __init__(self, cache: Cache | None, previous: Path, staging: Path, templates: str):
        self.cache = cache if cache is not None and cache.folder is not None else None
        self.previous = previous
        self.staging = staging
        self.templates = templates
        self._digests: dict[int, str] = {}

    def key(self, page: Page, root: str) -> str | None:
        if self.cache is None:
            return None
        try:
            context = context_digest(page.context, self._digests)
        except Uncacheable:
            return None
        return self.cache.key(self.STAGE, self.templates, page.url, page.template, root, context)

    def link(self, key: str | None, rel: str, path: Path) -> bool:
        """Hard-link the previous build's file for `key` to `path`; False when there is none to reuse."""
        found, recorded = self.cache.get(self.STAGE, key) if self.cache else (False, None)
        if not found or recorded[0] != rel:
            return False
        previous = self.previous / rel
        try:
            stat = previous.stat()
            if _identity(stat) != recorded[1]:
                return False
            os.link(previous, path)
        except OSError:
            return False
        return True

    def remember(self, key: str | None, rel: str, path: Path) -> None:
        if self.cache is not None:
            self.cache.put(self.STAGE, key, (rel, _identity(path.stat())))


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def context_digest(value: Any, memo: dict[int, str]) -> str:
    """A hash of a page context's values. Articles and storylines appear in many pages, so each
    dataclass value is hashed once per build (memo by identity: the site model keeps them all alive)."""
    if isinstance(value, (str, int, float, bool, type(None), dt.date)):
        return repr(value)
    if is_dataclass(value) and not isinstance(value, type):
        known = memo.get(id(value))
        if known is None:
            parts = [type(value).__name__] + [context_digest(getattr(value, f.name), memo) for f in fields(value)]
            known = memo[id(value)] = fingerprint(*parts)
        return known
    if isinstance(value, dict):
        return fingerprint("dict", *(context_digest(k, memo) + "=" + context_digest(v, memo) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return fingerprint(type(value).__name__, *(context_digest(item, memo) for item in value))
    return fingerprint(value)  # raises Uncacheable for values without a value repr


def _templates_fingerprint(config: Config) -> str:
    """Everything a page's bytes depend on besides its context: templates, static files, site settings."""
    files = sorted(p for p in config.templates_dir.rglob("*") if p.is_file())
    return fingerprint(
        repr(config.site), *((p.relative_to(config.templates_dir).as_posix(), p.read_bytes()) for p in files)
    )


def _swap(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    target.chmod(0o755)
