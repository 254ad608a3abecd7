"""Shared fixtures: build a site into a temporary folder and read what a reader would see."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import BuildReport, build
from generator.config import load_config

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"


@dataclass
class BuiltSite:
    """A built site in a temporary folder, with helpers to read pages and the JSON export."""

    root: Path
    report: BuildReport

    def api(self, name: str):
        return json.loads((self.root / "api" / f"{name}.json").read_text(encoding="utf-8"))

    def page(self, url: str) -> str:
        path = self.root / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def build_into(tmp_path: Path, content: Path, **options) -> BuiltSite:
    config = load_config(PROJECT / "config.yaml").with_overrides(content_dir=content, output_dir=tmp_path / "output")
    report = build(config, **options)
    return BuiltSite(tmp_path / "output", report)


def write_article(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> BuiltSite:
    """The bundled `content/`, built once per test session."""
    tmp = tmp_path_factory.mktemp("bundled")
    content = tmp / "content"
    shutil.copytree(PROJECT / "content", content)
    return build_into(tmp, content)


@pytest.fixture(scope="session")
def dask_scheduler():
    """A Dask LocalCluster on 127.0.0.1 (two single-threaded worker processes) for the session."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()
