"""Render the site model with Jinja2 and write it to the output folder, all or nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.cache import Cache, Uncacheable, code_version, fingerprint
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


def write_site(site: Site, config: Config, cache: Cache | None = None, jobs: int = 1) -> int:
    """Write every page, data file and asset to `output_dir`, all or nothing.

    Everything that must be rendered is rendered into a temporary folder first, so a broken template
    (or any failure before the end) leaves the previous output untouched. Then:
    - normally, the temporary folder is the whole new site and is swapped in for the old one;
    - with a `cache` that recorded exactly what the previous build left in `output_dir` (every file's
      key, size, modification time and inode, every folder's modification time and inode: see
      `Manifest`), only the files whose key changed were rendered, and they replace their old versions
      one by one, files no longer in the site are deleted. A new site of 10,000 pages is 10,000 folders: making them anew costs more than all the
      rest of a rebuild after one new article (docs/performance.md).
    The result is the same tree either way; a deleted cache only means the first path is taken.
    With `jobs` > 1, many files are rendered by that many forked processes (see `_write_all`).
    """
    env = make_environment(config)
    target = config.output_dir
    files = _plan(site, config, env, cache)
    manifest = Manifest(cache, target)
    previous = manifest.previous()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".briefing-", dir=target.parent))
    removed: set[str] = set()
    try:
        changed = [f for f in files if previous is None or previous.get(f.rel, ("",))[0] != f.key or f.key is None]
        if previous is None:
            _write_all(changed, [staging / f.rel for f in changed], jobs, env)
            _swap(staging, target)
        else:
            # Staged flat: on some file systems making a folder costs as much as rendering a page.
            staged = [staging / str(number) for number in range(len(changed))]
            _write_all(changed, staged, jobs, env)
            # Should this fail half-way, the next build sees files unlike the manifest and starts afresh.
            removed = set(previous) - {f.rel for f in files}
            _apply(staged, target, changed, removed)
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    manifest.record(files, {f.rel for f in changed}, removed, previous)
    return len(files)


@dataclass(frozen=True)
class _File:
    """One output file: where it goes, what makes it, and a key that changes whenever its bytes may."""

    rel: str
    source: str
    key: str | None  # None: written every time
    content: Callable[[], str | bytes]
    template: str = ""  # the template it is rendered from, if any


def _plan(site: Site, config: Config, env: Environment, cache: Cache | None) -> list[_File]:
    """Every file of the site, checked: no path claimed twice, none outside the output folder."""
    templates = _templates_fingerprint(config)
    hashing = cache if cache is not None else Cache(None)  # remembers the hash of each article and storyline
    files: list[_File] = []
    for page in site.pages:
        root = base_path(config.site.base_url) if page.template == "404.html" else relative_root(page.url)
        key = _page_key(page, root, templates, hashing)
        render = partial(_render_page, env, page, root)
        files.append(_File(page.path, f"template {page.template} for {page.url or '/'}", key, render, page.template))
    for data in site.data:
        files.append(_File(data.url, "JSON export", fingerprint(data.text), partial(str, data.text)))
    static = config.templates_dir / "static"
    if static.is_dir():
        for source in sorted(static.rglob("*")):
            if source.is_file():
                rel = "static/" + source.relative_to(static).as_posix()
                data = source.read_bytes()
                files.append(_File(rel, f"asset {source}", fingerprint(data), partial(bytes, data)))
    claimed: dict[str, str] = {}
    for file in files:
        if file.rel in claimed:
            raise BriefingError(f"two things want to write {file.rel}: {claimed[file.rel]} and {file.source}")
        normal = posixpath.normpath(file.rel)
        if normal.startswith("../") or normal == ".." or posixpath.isabs(normal):
            raise BriefingError(f"{file.source} would write outside the output folder: {file.rel}")
        claimed[file.rel] = file.source
    return files


PARALLEL_FILES = 500  # fewer changed files than this are rendered in this process: forking costs more
_forked_work: tuple[list[_File], list[Path]] | None = None  # what forked renderers inherit


def _write_all(files: list[_File], paths: list[Path], jobs: int, env: Environment) -> None:
    """Render each of `files` and write it to its path in `paths`.

    With `jobs` > 1, this process renders one share and `jobs - 1` forked processes the others. Forked,
    they inherit the site model and compiled templates instead of receiving them pickled; but each counts
    every page it shares with this process in its own resident memory, so one fewer renderer keeps the
    summed RSS of the process tree a whole site model smaller, at no cost in parallel work. Each file's
    bytes depend on its page alone, so who renders it never matters. If any fails, all are rendered
    here, which raises the error with the traceback that names the template line.
    """
    global _forked_work
    if jobs > 1 and len(files) >= PARALLEL_FILES and "fork" in multiprocessing.get_all_start_methods():
        for name in sorted({f.template for f in files if f.template}):
            env.get_template(name)  # compiled once, before forking
        _forked_work = (files, paths)
        try:
            with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
                forked = pool.map_async(_write_share, [(share, jobs) for share in range(1, jobs)])
                _write_share((0, jobs))
                forked.get()
            return
        except Exception:  # noqa: BLE001, S110 - rendered again below, where the error is reported properly
            pass
        finally:
            _forked_work = None
    folders: set[str] = set()
    for file, path in zip(files, paths):
        _write(path, file.content(), folders)


def _write_share(share: tuple[int, int]) -> None:
    """Every `step`-th file from `start` (in a forked renderer, or in this process)."""
    start, step = share
    files, paths = _forked_work
    folders: set[str] = set()
    for file, path in zip(files[start::step], paths[start::step]):
        _write(path, file.content(), folders)


def _render_page(env: Environment, page: Page, root: str) -> str:
    return env.get_template(page.template).render(**page.context, root=root, page_url=page.url)


def _page_key(page: Page, root: str, templates: str, hashing: Cache) -> str | None:
    """A hash of all a page's bytes depend on: templates, site settings, code, URL, every context value."""
    try:
        return hashing.fingerprint(code_version(), templates, page.url, page.template, root, page.context)
    except Uncacheable:
        return None


def _write(path: Path, content: str | bytes, folders: set[str]) -> None:
    """Write one file, making each folder once (a site has about as many folders as pages)."""
    folder = str(path.parent)
    if folder not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.add(folder)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _apply(staged: list[Path], target: Path, changed: list[_File], removed: set[str]) -> None:
    """Move the rendered files into the previous output, one atomic rename each; delete what is gone.
    A folder is made only when a rename finds it missing (new pages): most already exist."""
    for source, file in zip(staged, changed):
        path = target / file.rel
        try:
            os.replace(source, path)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, path)
    for rel in sorted(removed):
        (target / rel).unlink()
        for parent in PurePosixPath(rel).parents:
            if parent == PurePosixPath(".") or any((target / parent).iterdir()):
                break
            (target / parent).rmdir()


class Manifest:
    """What the previous build left in the output folder, kept in the cache: each file's key and its
    size, modification time and inode, and each folder's modification time and inode. A file edited or
    replaced changes its own identity; a file or folder added or deleted changes its folder's, so
    checking the folder takes one `lstat` per recorded path and never lists a directory."""

    STAGE = "pages"

    def __init__(self, cache: Cache | None, target: Path):
        self.cache = cache if cache is not None and cache.folder is not None else None
        self.target = target
        self.key = fingerprint(str(target.resolve())) if self.cache else None
        self._folders: dict[str, tuple[int, int, int]] = {}

    def previous(self) -> dict[str, tuple[str | None, tuple]] | None:
        """The previous build's files and keys, or None unless the output folder still holds exactly them."""
        if self.cache is None or not self.target.is_dir():
            return None
        found, recorded = self.cache.get(self.STAGE, self.key)
        if not found or not isinstance(recorded, tuple) or len(recorded) != 2:
            return None
        files, folders = recorded
        root = str(self.target) + os.sep
        try:
            if any(_identity(os.lstat(root + rel)) != identity for rel, identity in folders.items()):
                return None
            if any(_identity(os.lstat(root + rel)) != identity for rel, (_, identity) in files.items()):
                return None
        except OSError:
            return None
        self._folders = folders
        return files

    def record(self, files: list[_File], written: set[str], removed: set[str], previous: dict | None) -> None:
        """Remember every file's key and identity, and every folder's (re-read where files came or went)."""
        if self.cache is None:
            return
        entries = {}
        for file in files:
            if previous is not None and file.rel not in written:
                entries[file.rel] = previous[file.rel]
            else:
                entries[file.rel] = (file.key, _identity(os.lstat(self.target / file.rel)))
        touched = {folder for rel in written | removed for folder in _folders_of(rel)} if previous is not None else None
        folders = {}
        for folder in sorted({folder for rel in entries for folder in _folders_of(rel)}):
            known = self._folders.get(folder) if touched is not None and folder not in touched else None
            folders[folder] = known or _identity(os.lstat(self.target / folder))
        self.cache.put(self.STAGE, self.key, (entries, folders))


def _folders_of(rel: str) -> list[str]:
    """The folders that hold `rel`, from the output folder itself ("") down."""
    parts = rel.split("/")[:-1]
    return [""] + ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


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
