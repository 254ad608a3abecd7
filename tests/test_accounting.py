"""Nothing lost: every file read is published, folded into a duplicate, or skipped, and named."""

from __future__ import annotations

import json
import re
import sys

import pytest
from conftest import PROJECT
from sites import tree

from generator.cli import main

sys.path.insert(0, str(PROJECT / "tests" / "fixtures" / "content"))
from newsroom import newsroom, write_bad_files, write_jsonl

CONFIG = str(PROJECT / "config.yaml")
LINE = re.compile(r"^read (\d+) = published (\d+) \+ duplicates folded (\d+) \+ skipped (\d+)$", re.MULTILINE)


@pytest.fixture
def mixed_folder(tmp_path, monkeypatch):
    """40 stories, 5 exact and 5 near copies from other outlets, imported; then 8 broken files dropped in."""
    monkeypatch.chdir(tmp_path)
    stories, original_of = newsroom(originals=40, exact=5, near=5, seed=3)
    assert main(["import", "jsonl", str(write_jsonl(stories, tmp_path / "news.jsonl")), "--into", "content"]) == 0
    bad = write_bad_files(tmp_path / "content", count=8)
    return stories, original_of, bad


def test_the_accounting_line_adds_up_and_names_every_duplicate_and_bad_file(mixed_folder, tmp_path, capsys):
    stories, original_of, bad = mixed_folder
    capsys.readouterr()
    assert main(["build", "--config", CONFIG, "--content", "content", "--output", "output", "--skip-invalid"]) == 0
    out, err = capsys.readouterr()
    read, published, folded, skipped = map(int, LINE.search(out).groups())
    assert (read, published, folded, skipped) == (len(stories) + len(bad), 40, 10, len(bad))
    assert read == published + folded + skipped
    for name in bad:
        assert f"skipped: content/{name}" in out
        assert f"content/{name}" in err  # with what is wrong in it
    for copy, original in original_of.items():
        assert f"duplicate: content/{copy}.md folded into {original}" in out or (
            f"duplicate: content/{original}.md folded into {copy}" in out  # the copy was the earlier (lower id) one
        )
    build = json.loads((tmp_path / "output" / "api" / "build.json").read_text(encoding="utf-8"))
    assert (build["read"], build["published"], build["duplicates_folded"], build["skipped"]) == (read, published, folded, skipped)
    assert build["skipped_files"] == sorted(f"content/{name}" for name in bad)
    assert len(build["duplicate_files"]) == folded
    assert len(json.loads((tmp_path / "output" / "api" / "articles.json").read_text(encoding="utf-8"))) == published


def test_a_build_with_invalid_content_writes_nothing_and_fails(mixed_folder, tmp_path, capsys):
    (tmp_path / "output" / "api").mkdir(parents=True)  # a previous site: its pages and the build's record
    (tmp_path / "output" / "api" / "build.json").write_text("{}", encoding="utf-8")
    (tmp_path / "output" / "index.html").write_text("the previous site", encoding="utf-8")
    previous = tree(tmp_path / "output")
    capsys.readouterr()
    assert main(["build", "--config", CONFIG, "--content", "content", "--output", "output"]) == 1
    out, err = capsys.readouterr()
    assert not LINE.search(out)
    assert err.splitlines()[-1] == f"error: {len(mixed_folder[2])} invalid file(s); nothing was written"
    assert tree(tmp_path / "output") == previous


def test_problems_are_grouped_by_file_and_all_reported_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "b.md").write_text(
        "---\ntitle: ''\ndate: 2024-13-01\ncountries: [XX]\nsoruce: x\n---\n\n", encoding="utf-8")
    (tmp_path / "content" / "a.md").write_text("---\ntitle: Fine\nstoryline: Not A Slug\n---\n\nBody.\n", encoding="utf-8")
    assert main(["check", "--content", "content"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["content/a.md"] + ["content/b.md"] * 5
    assert [line.split(": ")[1] for line in lines[1:]] == ["title", "date", "countries", "soruce", "body"]


def test_articles_in_subfolders_and_symlinked_files_are_read_and_named_by_their_path(tmp_path):
    """Editors may file articles in folders (by year, by desk); a symlinked folder is not entered, so an
    article linked into two places is not read twice."""
    from generator.content import load_content

    content = tmp_path / "content"
    article = "---\ntitle: {0}\ndate: 2024-05-0{1}\nsource: Wire\n---\nText about {0}.\n"
    (content / "2024" / "may").mkdir(parents=True)
    (content / "b.md").write_text(article.format("Bee", 1), encoding="utf-8")
    (content / "2024" / "may" / "a.md").write_text(article.format("Ant", 2), encoding="utf-8")
    (content / "2024" / "notes.txt").write_text("not an article", encoding="utf-8")
    (tmp_path / "elsewhere.md").write_text(article.format("Cat", 3), encoding="utf-8")
    (content / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    (content / "again").symlink_to(content / "2024", target_is_directory=True)
    loaded = load_content(content)
    assert loaded.files == ("content/2024/may/a.md", "content/b.md", "elsewhere.md")
    assert sorted(a.title for a in loaded.articles) == ["Ant", "Bee", "Cat"]
