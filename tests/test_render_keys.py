"""A page's key decides whether a rebuild writes it again: keys made by forked renderers on a fresh build
must equal those this process makes on the next, or every rebuild would rewrite the whole site."""

from __future__ import annotations

import json

import pytest
from sites import PROJECT, differences, site_folder

import generator.render
from generator.cli import main


@pytest.fixture
def forked_renderers(monkeypatch):
    """The bundled site's ~50 files would otherwise be rendered in this process."""
    monkeypatch.setattr(generator.render, "PARALLEL_FILES", 1)


def _identities(root) -> dict[str, tuple[int, int]]:
    """Each output file's inode and modification time: both change when a file is written again."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_rebuild_after_a_build_by_forked_renderers_writes_no_file_again(tmp_path, forked_renderers):
    config = str(site_folder(tmp_path / "site", PROJECT / "content"))
    output = tmp_path / "site" / "output"
    assert main(["build", "--config", config, "--quiet", "--jobs", "3"]) == 0  # fresh: keyed in three processes
    before = _identities(output)

    assert main(["build", "--config", config, "--quiet", "--jobs", "1"]) == 0

    assert _identities(output) == before
    assert {"index.html", "api/articles.json", "search/index.json", "static/style.css"} <= set(before)


def test_a_page_whose_storyline_changed_is_written_again_and_matches_a_cold_build(tmp_path, forked_renderers):
    config = str(site_folder(tmp_path / "site", PROJECT / "content"))
    output = tmp_path / "site" / "output"
    assert main(["build", "--config", config, "--quiet", "--jobs", "2"]) == 0
    assert main(["build", "--config", config, "--quiet", "--jobs", "2"]) == 0
    before = _identities(output)
    article = min((tmp_path / "site" / "content").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("\n---\n", "\nsource: Another Wire\n---\n", 1), encoding="utf-8")

    assert main(["build", "--config", config, "--quiet", "--jobs", "2"]) == 0
    site_folder(tmp_path / "cold", tmp_path / "site" / "content")
    assert main(["build", "--config", str(tmp_path / "cold" / "config.yaml"), "--quiet", "--jobs", "1"]) == 0

    after = _identities(output)
    rewritten = {rel for rel in after if after[rel] != before.get(rel)}
    assert {"api/articles.json", "search/words-0.json"} <= rewritten  # the article's source is in both
    assert not {"about/index.html", "static/style.css", "api/build.json"} & rewritten
    elsewhere = _pages_of_other_storylines(output, article.stem)
    assert elsewhere and not elsewhere & rewritten, "a storyline the change does not touch keeps its pages"
    assert differences(output, tmp_path / "cold" / "output") == []


def _pages_of_other_storylines(output, article_id: str) -> set[str]:
    """The pages of the storylines `article_id` is not in, and of their articles."""
    storylines = json.loads((output / "api" / "storylines.json").read_text(encoding="utf-8"))
    others = [s for s in storylines if article_id not in s["articles"]]
    return {f"storylines/{s['id']}/index.html" for s in others} | {f"articles/{a}/index.html" for s in others for a in s["articles"]}
