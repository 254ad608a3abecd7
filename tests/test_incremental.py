"""Rebuilds reuse the cache only where nothing they depend on changed, and always give a cold build's output."""

from __future__ import annotations

import shutil

import pytest
from sites import PROJECT, differences, site_folder

from generator.build import build, default_cache
from generator.cache import Cache, KeptFiles
from generator.config import load_config
from generator.executor import SerialExecutor

NEW_ARTICLE = """---
title: Ukraine and Russia agree to talks on the Belarus border
date: 2022-03-03
source: Example Wire
---

Delegations from Ukraine and Russia met near the Belarus border on Thursday for a second round of talks.

Ukrainian officials said a ceasefire and humanitarian corridors were on the agenda.
"""


def _config(folder, output: str):
    """The bundled config in `folder`, whose `content/` and `.cache/` it uses, building into `folder/output`."""
    return load_config(site_folder(folder)).with_overrides(output_dir=folder / output)


def test_a_rebuild_after_one_new_article_redoes_only_that_article_and_matches_a_cold_build(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "warm")
    cache = tmp_path / ".cache"
    build(config, cache=Cache(cache))
    (tmp_path / "content" / "2022-03-03-talks.md").write_text(NEW_ARTICLE, encoding="utf-8")

    warm = build(config, cache=Cache(cache))
    cold = build(config.with_overrides(output_dir=tmp_path / "cold"), cache=Cache(None))

    assert warm.cached["countries"] == (12, 1)
    assert warm.cached["export-articles"] == warm.cached["export-search-articles"] == (12, 1)  # one record encoded
    reused, computed = warm.cached["summaries"]
    assert computed >= 1 and reused >= 1
    assert warm.published == cold.published == 13
    assert differences(tmp_path / "warm", tmp_path / "cold") == []

    # What the rebuild left (new folders included) is what it recorded: the next build rewrites nothing.
    left = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted((tmp_path / "warm").rglob("*"))}
    build(config, cache=Cache(cache))
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted((tmp_path / "warm").rglob("*"))} == left


class _CountingStarts(SerialExecutor):
    """Runs everything here, and counts the builds that asked for worker processes to be started."""

    starts = 0

    def start(self, preload=lambda: None) -> None:
        self.starts += 1


def test_only_a_first_build_starts_worker_processes_before_it_knows_it_needs_them(tmp_path, monkeypatch):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "output")
    executor = _CountingStarts()
    build(config, executor=executor)
    assert executor.starts == 1, "a first build forks its workers at once, while it is small"
    (tmp_path / "content" / "2022-03-03-talks.md").write_text(NEW_ARTICLE, encoding="utf-8")
    build(config, executor=executor)
    assert executor.starts == 1, "a rebuild has one new article to read: no worker is started for it"
    monkeypatch.setattr("generator.known_files.code_version", lambda: "another version of the generator")
    build(config, executor=executor)
    assert executor.starts == 2, "after the generator changed, every result is made again: a first build"


def test_a_rebuild_of_unchanged_content_computes_nothing_again(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "output")
    first = build(config)
    registry = tmp_path / "content" / "storylines.lock.yaml"
    assert registry.is_file(), "the first build records the published storylines"
    recorded = registry.read_bytes()
    second = build(config)  # the registry is an input of the grouping: this build reads the recorded one
    third = build(config)
    assert registry.read_bytes() == recorded, "an unchanged site records the same storylines"
    assert all(reused == 0 for reused, _ in first.cached.values()), first.cached
    assert second.cached["countries"][1] == 0 and second.cached["summaries"][1] == 0
    assert all(computed == 0 for _, computed in third.cached.values()), third.cached


def test_a_changed_summary_setting_redoes_summaries_but_not_country_tags(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    build(_config(tmp_path, "output"))
    changed = tmp_path / "changed"
    config = load_config(site_folder(changed, summary={"sentences": 2})).with_overrides(
        content_dir=tmp_path / "content", output_dir=changed / "output"
    )
    shutil.copytree(tmp_path / ".cache", changed / ".cache")
    report = build(config)
    assert report.cached["countries"] == (12, 0)
    assert report.cached["summaries"][0] == 0


def test_removing_or_corrupting_the_cache_never_changes_the_output(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "first")
    build(config)
    entries = list((tmp_path / ".cache").glob("*.pickle")) + list((tmp_path / ".cache").glob("templates-*/*"))
    assert {"read.pickle", "summaries.pickle", "pages.pickle"} <= {e.name for e in entries}
    assert any(e.parent.name.startswith("templates-") for e in entries), "compiled templates are kept"
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    build(config.with_overrides(output_dir=tmp_path / "corrupted"))
    shutil.rmtree(tmp_path / ".cache")
    build(config.with_overrides(output_dir=tmp_path / "removed"))
    assert differences(tmp_path / "first", tmp_path / "corrupted") == []
    assert differences(tmp_path / "first", tmp_path / "removed") == []


HAND_CHANGES = {
    "edited": lambda out: (out / "index.html").write_text("edited by hand", encoding="utf-8"),
    "file added": lambda out: (out / "stray.html").write_text("not part of the site", encoding="utf-8"),
    "file added deep": lambda out: (out / "about" / "notes.txt").write_text("stray", encoding="utf-8"),
    "empty folder added": lambda out: (out / "about" / "drafts").mkdir(),
    "deleted": lambda out: (out / "about" / "index.html").unlink(),
    "folder deleted": lambda out: shutil.rmtree(out / "about"),
}


@pytest.mark.parametrize("change", sorted(HAND_CHANGES))
def test_output_files_edited_added_or_deleted_by_hand_are_put_right_by_the_next_build(tmp_path, change):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "output")
    build(config)
    build(config.with_overrides(output_dir=tmp_path / "cold"), cache=Cache(None))
    HAND_CHANGES[change](tmp_path / "output")
    build(config)
    assert differences(tmp_path / "output", tmp_path / "cold") == []


def test_a_rebuild_after_removing_an_article_removes_its_page(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "output")
    build(config)
    removed = min((tmp_path / "content").glob("*.md"))
    removed.unlink()
    build(config)
    build(config.with_overrides(output_dir=tmp_path / "cold"), cache=Cache(None))
    assert differences(tmp_path / "output", tmp_path / "cold") == []


def _built_then_watched(tmp_path, monkeypatch, racy_seconds: float):
    """The bundled content built once (with that window for racy files); then the files each later build
    opens are listed in the returned list."""
    from generator import content

    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "output")
    monkeypatch.setattr("generator.known_files.RACY_SECONDS", racy_seconds)
    build(config)
    opened = []
    read_source = content._read_source
    monkeypatch.setattr(content, "_read_source", lambda path, shown: opened.append(shown) or read_source(path, shown))
    return config, opened


def test_a_rebuild_reads_only_the_files_changed_since_the_last_build(tmp_path, monkeypatch):
    """Unchanged files are known by their stat (size, times, inode) and not read again; an edited file
    is read, and the site shows the edit."""
    config, opened = _built_then_watched(tmp_path, monkeypatch, 0)  # else files written a moment ago are read again
    edited = min((tmp_path / "content").glob("*.md"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")

    report = build(config)
    assert opened == [f"content/{edited.name}"]
    assert report.cached["read"] == (11, 1)
    assert '"title":"Edited ' in (tmp_path / "output" / "api" / "articles.json").read_text(encoding="utf-8")


def test_files_changed_just_after_they_were_read_are_read_again(tmp_path, monkeypatch):
    """A file written within a clock tick of being read could change again without its times showing it:
    the next build reads it again."""
    config, opened = _built_then_watched(tmp_path, monkeypatch, 3600)  # as if the build came within a clock tick
    build(config)
    assert len(opened) == 12


class _CountsItsLoads:
    """A cached value that counts how often it is unpickled."""

    loads = 0

    def __reduce__(self):
        return (_CountsItsLoads._loaded, ())

    @staticmethod
    def _loaded() -> _CountsItsLoads:
        _CountsItsLoads.loads += 1
        return _CountsItsLoads()


def test_a_stage_whose_keys_all_changed_is_not_loaded_from_disk(tmp_path):
    """A rebuild's grouping never finds the previous one (its key covers every article): at 100,000
    articles loading that entry only to miss took 0.9 s. A stage file starts with its keys."""
    first = Cache(tmp_path / ".cache")
    first.put("storylines", "old-key", _CountsItsLoads())
    first.save()
    _CountsItsLoads.loads = 0
    rebuild = Cache(tmp_path / ".cache")
    assert rebuild.get("storylines", "new-key") == (False, None)
    assert _CountsItsLoads.loads == 0
    found, value = rebuild.get("storylines", "old-key")
    assert found and isinstance(value, _CountsItsLoads) and _CountsItsLoads.loads == 1


def test_a_long_lived_process_keeps_stage_files_decoded_until_another_build_replaces_them(tmp_path):
    """`briefing serve` builds again and again: it reuses the stage files it read or wrote, decoded, and reads a
    file again once another build (a `briefing build` beside it) has replaced it."""
    kept = KeptFiles()
    first = Cache(tmp_path / ".cache", kept=kept)
    first.put("storylines", "old-key", _CountsItsLoads())
    first.save()
    _CountsItsLoads.loads = 0
    found, value = Cache(tmp_path / ".cache", kept=kept).get("storylines", "old-key")
    assert found and isinstance(value, _CountsItsLoads) and _CountsItsLoads.loads == 0, "not unpickled again"

    other_build = Cache(tmp_path / ".cache")
    other_build.put("storylines", "new-key", _CountsItsLoads())
    other_build.save()
    again = Cache(tmp_path / ".cache", kept=kept)
    assert again.get("storylines", "old-key") == (False, None), "the other build's file replaced the kept one"
    found, value = again.get("storylines", "new-key")
    assert found and _CountsItsLoads.loads == 1


def test_rebuilds_in_one_process_with_kept_stage_files_match_a_cold_build(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = _config(tmp_path, "warm")
    kept = KeptFiles()
    build(config, cache=default_cache(config, kept))
    (tmp_path / "content" / "2022-03-03-talks.md").write_text(NEW_ARTICLE, encoding="utf-8")
    warm = build(config, cache=default_cache(config, kept))
    build(config.with_overrides(output_dir=tmp_path / "cold"), cache=Cache(None))
    assert warm.cached["countries"] == (12, 1)
    assert differences(tmp_path / "warm", tmp_path / "cold") == []


def test_a_stage_finds_its_results_by_the_key_of_each_item_alone(tmp_path):
    """A stage keys all its items at once (faster); a result is also looked up by one item's key (a file whose
    stat changed): both must be the same string, for articles, tuples, plain values, and no key for a value
    whose repr names a memory address."""
    from generator.content import load_content

    articles = load_content(PROJECT / "content").articles[:3]

    class NoValueRepr:
        pass

    items = [*articles, (articles[0], "storyline-id"), "text", 3, None, (1, [2, {"a": 3}]), NoValueRepr(), *articles]
    all_at_once = Cache(tmp_path / "one").keys("stage", items)
    one_by_one = [Cache(tmp_path / "two").key("stage", item) for item in items]
    assert all_at_once == one_by_one
    assert all_at_once[-len(articles) - 1] is None and all(all_at_once[: len(articles)])
    assert len(set(all_at_once[: len(articles)])) == len(articles)


def test_the_code_version_names_each_library_at_the_version_installed():
    """A library upgrade must invalidate the cache; its version is read from its metadata's header."""
    from importlib import metadata

    from generator.cache import _DEPENDENCIES, _installed_version

    assert [_installed_version(name) for name in _DEPENDENCIES] == [metadata.version(name) for name in _DEPENDENCIES]
    assert _installed_version("no-such-package-here") == "absent"
