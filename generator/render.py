"""Render the site model with Jinja2 and write it to the output folder, all or nothing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.config import Config
from generator.errors import BriefingError
from generator.markup import render_markdown
from generator.places import country_name, flag
from generator.site import Site, article_url, country_url, storyline_url

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


def write_site(site: Site, config: Config) -> int:
    """Render everything into a temporary folder, then swap it in for `output_dir`.

    A failure at any point leaves the previous output untouched.
    """
    env = make_environment(config)
    target = config.output_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".briefing-", dir=target.parent))
    try:
        written: dict[str, str] = {}
        for page in site.pages:
            root = base_path(config.site.base_url) if page.template == "404.html" else relative_root(page.url)
            html = env.get_template(page.template).render(**page.context, root=root, page_url=page.url)
            _write(staging, page.path, html, f"template {page.template} for {page.url or '/'}", written)
        for data in site.data:
            _write(staging, data.url, data.text, "JSON export", written)
        static = config.templates_dir / "static"
        if static.is_dir():
            for source in sorted(static.rglob("*")):
                if source.is_file():
                    rel = "static/" + source.relative_to(static).as_posix()
                    _write(staging, rel, source.read_bytes(), f"asset {source}", written)
        _swap(staging, target)
        return len(written)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write(staging: Path, rel: str, content: str | bytes, source: str, written: dict[str, str]) -> None:
    if rel in written:
        raise BriefingError(f"two things want to write {rel}: {written[rel]} and {source}")
    path = (staging / rel).resolve()
    if not path.is_relative_to(staging.resolve()):
        raise BriefingError(f"{source} would write outside the output folder: {rel}")
    written[rel] = source
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _swap(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    target.chmod(0o755)
