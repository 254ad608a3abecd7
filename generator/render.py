"""Render the site model with Jinja2 and write it to the output folder, all or nothing."""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import itertools
import multiprocessing
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

from generator.cache import Cache, FileIdentity, Uncacheable, code_version, file_identity, fingerprint
from generator.config import Config
from generator.errors import BriefingError
from generator.markup import render_markdown
from generator.places import country_name, flag
from generator.site import Encode, Page, Site, article_url, country_url, storyline_url


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


def make_environment(config: Config, cache_folder: Path | None = None) -> Environment:
    """The templates' environment; with a cache folder, compiled templates are kept there between builds."""
    env = Environment(
        loader=FileSystemLoader(str(config.templates_dir)),
        bytecode_cache=_compiled_templates(cache_folder) if cache_folder else None,
        autoescape=select_autoescape(("html", "xml")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build renders each template many times and never edits one
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


def _compiled_templates(cache_folder: Path) -> FileSystemBytecodeCache:
    """Where compiled templates are kept: compiling the templates was a noticeable part of every
    rebuild. Jinja recompiles a template whose source changed; the folder is named by the code version,
    which covers the environment's settings, and folders of other versions are removed."""
    folder = cache_folder / f"templates-{code_version()[:16]}"
    for other in cache_folder.glob("templates-*"):
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def relative_root(url: str) -> str:
    """The prefix that leads from the page at `url` back to the site root ('./' at the root).
    Site URLs are relative, with one slash per folder ('articles/x/', 'articles/x/feed.xml')."""
    return "../" * url.count("/") or "./"


def base_path(base_url: str) -> str:
    """The absolute path the site is served under ('/' or '/repo/'), for pages served at any URL."""
    path = "/" + base_url.split("://", 1)[-1].partition("/")[2] if "://" in base_url else base_url or "/"
    return path.rstrip("/") + "/"


@dataclass
class _Written:
    """What keying and writing files left: their keys and the written files' identities, by number."""

    keys: dict[int, str | None] = field(default_factory=dict)
    identities: dict[int, FileIdentity] = field(default_factory=dict)

    def update(self, other: _Written) -> None:
        self.keys.update(other.keys)
        self.identities.update(other.identities)


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
    Exports and assets are made one at a time, never held by a forked renderer: made in this process
    while the forked renderers work (a whole site), or before they are forked (in place).
    With `jobs` > 1, many pages are rendered by that many forked processes (see `_render_all`).
    """
    target = config.output_dir
    files = _plan(site, config)
    manifest = Manifest(cache, target)
    previous = manifest.previous()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".briefing-", dir=target.parent))
    hashing = cache if cache is not None else Cache(None)
    work = _Work(make_environment(config, hashing.folder), config, hashing, staging, flat=previous is not None)
    removed: set[str] = set()
    try:
        # Every page is keyed where it is rendered, by forked renderers (or here) while this process makes the
        # exports: none of the renderers holds an export. In place, a page whose key did not change is not rendered.
        written = _Written()

        def make_exports() -> None:
            written.update(_write_made(files, previous, work))

        pages = [number for number, file in enumerate(files) if file.page is not None]
        written.update(_render_all(files, pages, work, jobs, previous, meanwhile=make_exports))
        keys, identities = written.keys, written.identities
        changed = sorted(identities)  # the files written
        if previous is None:
            _swap(staging, target)  # renaming the folder leaves its files' identities as they were
        else:
            # Should this fail half-way, the next build sees files unlike the manifest and starts afresh.
            removed = set(previous) - {f.rel for f in files}
            _apply(target, [(work.destination(number, files[number]), files[number].rel) for number in changed], removed)
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    new_files = {files[number].rel: identities[number] for number in changed}
    manifest.record([(file.rel, keys[number]) for number, file in enumerate(files)], new_files, removed, previous)
    return len(files)


def _changed(previous: dict | None, rel: str, key: str | None) -> bool:
    """Whether a file must be written: no previous output, no key, or another key than last time."""
    return previous is None or key is None or previous.get(rel, ("",))[0] != key


@dataclass(slots=True)
class _File:
    """One output file: a page rendered from its template, or content made as it is (an export, an asset).
    Never changed once made; not frozen, as `Page` is not."""

    rel: str
    page: Page | None = None
    make: Callable[[Encode], str | bytes] | None = None


@dataclass
class _Work:
    """What rendering and keying a page needs, shared with forked renderers."""

    env: Environment
    config: Config
    hashing: Cache  # remembers the hash of each article and storyline
    staging: Path
    flat: bool  # in place, changed files are staged flat: making a folder can cost as much as a page

    def __post_init__(self) -> None:
        self.base = base_path(self.config.site.base_url)
        self.prefix = fingerprint(code_version(), _templates_fingerprint(self.config))
        self._heads: dict[tuple[str, tuple[str, ...]], bytes] = {}  # see `key`

    def destination(self, number: int, file: _File) -> Path:
        """Where file `number` is staged: at its own path, or by its number when staged flat."""
        return self.staging / (str(number) if self.flat else file.rel)

    def root(self, page: Page) -> str:
        return self.base if page.template == "404.html" else relative_root(page.url)

    def render(self, page: Page) -> str:
        return self.env.get_template(page.template).render(**page.context, root=self.root(page), page_url=page.url)

    def encode(self, kind: str, encode_one: Callable[[Any], str], items: Sequence[Any]) -> list[bytes]:
        """`Encode` through the cache, one stage per kind of record, saved and let go once its file is made."""
        stage = f"export-{kind}"
        lines = self.hashing.map(stage, _Utf8(encode_one), items)
        self.hashing.release(stage, forget_items=False, forget_results=False)
        return lines

    def key(self, page: Page) -> str | None:
        """A hash of all a page's bytes depend on: templates, site settings (the base path its links start
        from), code, URL, every context value. What thousands of pages share (the prefix, the template and
        the context's names) is spelled once: hashing every page's context is most of what a rebuild renders."""
        context = page.context  # its names, then its values: a dict would feed a (name, value) pair per entry
        heading = (page.template, tuple(context))
        try:
            head = self._heads.get(heading)
            if head is None:
                head = self._heads[heading] = self.hashing.spelled(self.prefix, *heading)
            return self.hashing.fingerprint_after(head, page.url, *context.values())
        except Uncacheable:
            return None


@dataclass(frozen=True)
class _Utf8:
    """`encode_one`, its line encoded as UTF-8."""

    encode_one: Callable[[Any], str]

    def __call__(self, item: Any) -> bytes:
        return self.encode_one(item).encode("utf-8")


def _plan(site: Site, config: Config) -> list[_File]:
    """Every file of the site, checked: no path claimed twice, none outside the output folder."""
    files = [_File(page.path, page=page) for page in site.pages]
    files += [_File(data.url, make=data.make) for data in site.data]
    static = config.templates_dir / "static"
    if static.is_dir():
        for source in sorted(static.rglob("*")):
            if source.is_file():
                files.append(_File("static/" + source.relative_to(static).as_posix(), make=_asset(source)))
    claimed: dict[str, _File] = {}
    for file in files:
        if file.rel in claimed:
            first, second = _source(claimed[file.rel], config), _source(file, config)
            raise BriefingError(f"two things want to write {file.rel}: {first} and {second}")
        normal = posixpath.normpath(file.rel)
        if normal.startswith("../") or normal == ".." or posixpath.isabs(normal):
            raise BriefingError(f"{_source(file, config)} would write outside the output folder: {file.rel}")
        claimed[file.rel] = file
    return files


def _asset(source: Path) -> Callable[[Encode], bytes]:
    return lambda _encode: source.read_bytes()


def _source(file: _File, config: Config) -> str:
    """What makes a file, for an error message."""
    if file.page is not None:
        return f"template {file.page.template} for {file.page.url or '/'}"
    if file.rel.startswith("static/"):
        return f"asset {config.templates_dir / file.rel}"
    return "JSON export"


def _write_made(files: list[_File], previous: dict | None, work: _Work) -> _Written:
    """Make, key and (when its key changed) write each file that is not a page; each is let go before
    the next is made."""
    made = _Written()
    folders: set[str] = set()
    for number, file in enumerate(files):
        if file.make is not None:
            content = file.make(work.encode)
            data = content.encode("utf-8") if isinstance(content, str) else content
            made.keys[number] = hashlib.sha256(data).hexdigest()  # 8 MB of exports: SHA-256 runs in hardware
            if _changed(previous, file.rel, made.keys[number]):
                made.identities[number] = _write(work.destination(number, file), data, folders)
    return made


PARALLEL_FILES = 500  # fewer pages than this are keyed and rendered in this process: forking costs more
PAGES_PER_CLAIM = 16  # renderers take pages in runs of this many, each the next run left
_forked_work: tuple[list[_File], list[int], _Work, dict | None, Callable[[], int]] | None = None  # what forked renderers inherit


def _render_all(
    files: list[_File],
    numbers: list[int],
    work: _Work,
    jobs: int,
    previous: dict | None,
    meanwhile: Callable[[], None] | None = None,
) -> _Written:
    """Key pages `numbers` of `files`, render each whose key is not the one in `previous` (all, without
    `previous`) and write it where `work.destination` says; return every page's key and the written files'
    identities. `meanwhile` is called in this process first, once any renderers are forked.

    With `jobs` > 1, `jobs - 1` forked processes and this one render, each taking the next run of pages
    left until none is: a forked renderer is slower per page (its first write to each inherited page of
    memory copies it), so a fixed share each would leave this process waiting. Forked, they inherit the
    site model and compiled templates instead of receiving them pickled; but each counts every page it
    shares with this process in its own resident memory, so one fewer renderer keeps the summed RSS of the
    process tree a whole site model smaller, at no cost in parallel work. Each file's bytes depend on its
    page alone, so who renders it never matters. If any fails, all are rendered here, which raises the
    error with the traceback that names the template line.
    """
    global _forked_work
    if jobs > 1 and len(numbers) >= PARALLEL_FILES and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        for name in sorted({files[n].page.template for n in numbers}):
            work.env.get_template(name)  # compiled once, before forking
        _return_free_memory()
        try:  # without semaphores (some sandboxes) neither the counter nor the pool can be made: see below
            _forked_work = (files, numbers, work, previous, _shared_claims(context))
            with context.Pool(jobs - 1) as pool:
                forked = pool.map_async(_render_claimed, range(1, jobs))
                if meanwhile is not None:
                    meanwhile()
                    meanwhile = None
                written = _render_claimed(0)
                for share in forked.get():
                    written.update(share)
            return written
        except Exception:  # noqa: BLE001, S110 - rendered again below, where the error is reported properly
            pass
        finally:
            _forked_work = None
    if meanwhile is not None:
        meanwhile()
    _forked_work = (files, numbers, work, previous, itertools.count(0, PAGES_PER_CLAIM).__next__)
    try:
        return _render_claimed(0)
    finally:
        _forked_work = None


def _shared_claims(context: multiprocessing.context.BaseContext) -> Callable[[], int]:
    """A counter that this process and the renderers it forks share: each call claims the next run of pages."""
    claimed = context.Value("q", 0)

    def claim() -> int:
        with claimed.get_lock():
            start = claimed.value
            claimed.value = start + PAGES_PER_CLAIM
        return start

    return claim


def _return_free_memory() -> None:
    """Hand the C heap's free pages back to the system before forking: a forked renderer counts every
    resident page of this process in its own memory, free or not, and the stages before rendering free
    a lot (the clustering's matrices, the early stages' cache entries): 50 MB of 400 at 30,000 articles."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the renderers only count a little more


def _render_claimed(_renderer: int) -> _Written:
    """Key runs of pages as this process claims them (in a forked renderer, or in this process), and render
    those whose key changed: their keys, and the identities of the files written."""
    files, numbers, work, previous, claim = _forked_work
    folders: set[str] = set()
    written = _Written()
    while (start := claim()) < len(numbers):
        for number in numbers[start : start + PAGES_PER_CLAIM]:
            file = files[number]
            written.keys[number] = key = work.key(file.page)
            if _changed(previous, file.rel, key):
                written.identities[number] = _write(work.destination(number, file), work.render(file.page), folders)
    return written


def _write(path: Path, content: str | bytes, folders: set[str]) -> FileIdentity:
    """Write one file, making each folder once (a site has about as many folders as pages); its identity
    is read from the open file, which saves the manifest a `stat` of every file afterwards."""
    folder = str(path.parent)
    if folder not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.add(folder)
    data = memoryview(content.encode("utf-8") if isinstance(content, str) else content)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        while data:
            data = data[os.write(handle, data) :]
        return file_identity(os.fstat(handle))
    finally:
        os.close(handle)


def _apply(target: Path, moves: list[tuple[Path, str]], removed: set[str]) -> None:
    """Move the rendered files into the previous output, one atomic rename each; delete what is gone.
    A folder is made only when a rename finds it missing (new pages): most already exist."""
    for source, rel in moves:
        path = target / rel
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
            if any(file_identity(os.lstat(root + rel)) != identity for rel, identity in folders.items()):
                return None
            if any(file_identity(os.lstat(root + rel)) != identity for rel, (_, identity) in files.items()):
                return None
        except OSError:
            return None
        self._folders = folders
        return files

    def record(
        self, files: list[tuple[str, str | None]], written: dict[str, FileIdentity], removed: set[str], previous: dict | None
    ) -> None:
        """Remember every file's key and identity (as written, or as the previous build left it), and every
        folder's (re-read where files came or went)."""
        if self.cache is None:
            return
        entries = {rel: (key, written[rel]) if rel in written else previous[rel] for rel, key in files}
        touched = {folder for rel in (*written, *removed) for folder in _folders_of(rel)} if previous is not None else set()
        if previous is not None and not removed:  # the same folders, and those of new files: only those touched change
            folders = {**self._folders, **{folder: file_identity(os.lstat(self.target / folder)) for folder in touched}}
        else:
            folders = {}
            for folder in sorted({folder for rel in entries for folder in _folders_of(rel)}):
                known = self._folders.get(folder) if previous is not None and folder not in touched else None
                folders[folder] = known or file_identity(os.lstat(self.target / folder))
        self.cache.put(self.STAGE, self.key, (entries, folders))


def _folders_of(rel: str) -> list[str]:
    """The folders that hold `rel`, from the output folder itself ("") down."""
    parts = rel.split("/")[:-1]
    return [""] + ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def _templates_fingerprint(config: Config) -> str:
    """Everything a page's bytes depend on besides its context: templates, static files, site settings."""
    files = sorted(p for p in config.templates_dir.rglob("*") if p.is_file())
    return fingerprint(
        repr(config.site), *((p.relative_to(config.templates_dir).as_posix(), p.read_bytes()) for p in files)
    )


def _swap(staging: Path, target: Path) -> None:
    """Put the staged site in the output folder's place; the old one goes to a folder made for it, so nothing
    beside the output folder (an `output.old` of the user's) is ever deleted."""
    old = Path(tempfile.mkdtemp(prefix=".briefing-old-", dir=target.parent))
    if target.exists() or target.is_symlink():
        os.replace(target, old / target.name)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    target.chmod(0o755)
