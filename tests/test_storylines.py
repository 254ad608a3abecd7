"""Storylines as a reader and an editor see them: grouping, stable URLs, redirects, editors' file."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import EXIT_INVALID, main
from generator.config import StorylineConfig, load_config
from generator.content import load_content
from generator.errors import ContentError
from generator.places import tag_countries
from generator.storylines import group_storylines, read_inputs
from tests.conftest import PROJECT, build_into

FIXTURES = Path(__file__).parent / "fixtures" / "storylines"


def _content(tmp_path: Path, *names: str) -> Path:
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.md", content / f"{name}.md")
    return content


def _storyline_of(site) -> dict[str, str]:
    return {a["id"]: a["storyline"] for a in site.api("articles")}


def test_articles_on_one_story_share_a_storyline_and_others_stay_apart(tmp_path):
    site = build_into(tmp_path, _content(tmp_path, "flood-1", "flood-2", "chess-1", "chess-2"))
    of = _storyline_of(site)
    assert of["flood-1"] == of["flood-2"]
    assert of["chess-1"] == of["chess-2"]
    assert of["flood-1"] != of["chess-1"]
    flood = next(s for s in site.api("storylines") if s["id"] == of["flood-1"])
    assert flood["first_seen"] == "2024-10-30" and flood["last_updated"] == "2024-10-31"
    assert "valencia" in [t.lower() for t in flood["key_terms"]]
    assert flood["title"] in {"Floods force thousands from homes in Valencia", "Valencia floods death toll rises as rescuers search homes"}


def test_adding_an_article_keeps_every_storyline_url(tmp_path):
    content = _content(tmp_path, "flood-1", "flood-2", "chess-1", "chess-2")
    before = build_into(tmp_path / "one", content)
    urls = {s["id"]: s["url"] for s in before.api("storylines")}
    assert (content / "storylines.lock.yaml").is_file(), "the build remembers the storylines it published"
    shutil.copy(FIXTURES / "flood-3.md", content / "flood-3.md")
    after = build_into(tmp_path / "two", content)
    assert {s["id"]: s["url"] for s in after.api("storylines") if s["id"] in urls} == urls
    assert _storyline_of(after)["flood-3"] == _storyline_of(before)["flood-1"]
    for url in urls.values():
        assert (after.root / url / "index.html").is_file()


def test_when_a_new_article_joins_two_remembered_storylines_the_older_id_survives_and_the_other_redirects(tmp_path):
    content = _content(tmp_path, "flood-1", "flood-2", "flood-3", "chess-1", "chess-2")
    (content / "storylines.lock.yaml").write_text(
        "valencia-floods:\n  articles: [flood-1]\nflood-toll:\n  articles: [flood-2]\n", encoding="utf-8"
    )
    site = build_into(tmp_path, content)
    of = _storyline_of(site)
    assert of["flood-1"] == of["flood-2"] == of["flood-3"] == "valencia-floods"
    survivor = next(s for s in site.api("storylines") if s["id"] == "valencia-floods")
    assert survivor["aliases"] == ["flood-toll"]
    redirect = site.page("storylines/flood-toll/")
    assert 'http-equiv="refresh"' in redirect
    assert 'href="../../storylines/valencia-floods/"' in redirect
    assert "flood-toll:" not in (content / "storylines.lock.yaml").read_text(encoding="utf-8").split("aliases")[0]


def test_published_storylines_do_not_merge_unless_a_new_article_joins_them(tmp_path):
    """From scratch the two flood reports are one storyline; published apart, they stay apart while the
    articles that arrive are about something else (the test above has one that joins them)."""
    scratch = _storyline_of(build_into(tmp_path / "scratch", _content(tmp_path / "scratch", "flood-1", "flood-2")))
    assert scratch["flood-1"] == scratch["flood-2"]
    content = _content(tmp_path, "flood-1", "flood-2", "chess-1")
    (content / "storylines.lock.yaml").write_text(
        "valencia-floods:\n  articles: [flood-1]\nflood-toll:\n  articles: [flood-2]\n", encoding="utf-8"
    )
    (content / "chess-3.md").write_text(
        "---\ntitle: Chess champion accepts a challenge for the next title match\ndate: 2024-12-20\nsource: Wire\n"
        "---\n\nThe new chess champion accepted a challenge from the runner-up; the match is set for next year.\n",
        encoding="utf-8",
    )
    for build in ("new articles", "nothing new"):
        of = _storyline_of(build_into(tmp_path / build, content))
        assert (of["flood-1"], of["flood-2"]) == ("valencia-floods", "flood-toll")


def test_file_order_does_not_change_the_storylines(tmp_path):
    articles = tuple(tag_countries(a) for a in load_content(_content(tmp_path, "flood-1", "flood-2", "flood-3", "chess-1", "chess-2")).articles)
    expected = group_storylines(articles, StorylineConfig()).storylines
    shuffled = list(articles)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert group_storylines(tuple(shuffled), StorylineConfig()).storylines == expected


def test_builds_are_identical_whatever_order_the_files_were_written_in(tmp_path):
    names = ["flood-1", "flood-2", "flood-3", "chess-1", "chess-2"]
    first = build_into(tmp_path / "a", _content(tmp_path / "a", *names))
    second = build_into(tmp_path / "b", _content(tmp_path / "b", *reversed(names)))
    for name in ("articles", "storylines"):
        assert (first.root / "api" / f"{name}.json").read_bytes() == (second.root / "api" / f"{name}.json").read_bytes()


def test_editors_name_describe_split_and_merge_storylines(tmp_path):
    content = _content(tmp_path, "flood-1", "flood-2", "flood-3", "chess-1", "chess-2")
    first = build_into(tmp_path / "one", content)
    flood_id = _storyline_of(first)["flood-1"]
    chess_id = _storyline_of(first)["chess-1"]
    (content / "storylines.yaml").write_text(
        f"{flood_id}:\n"
        "  title: Spain's deadliest floods in decades\n"
        "  description: Valencia counts the cost of the October floods.\n"
        "valencia-rescue:\n"
        "  articles: [flood-3]\n",
        encoding="utf-8",
    )
    second = build_into(tmp_path / "two", content)
    storylines = {s["id"]: s for s in second.api("storylines")}
    assert storylines[flood_id]["title"] == "Spain's deadliest floods in decades"
    assert "Valencia counts the cost" in second.page(storylines[flood_id]["url"])
    assert _storyline_of(second)["flood-3"] == "valencia-rescue"
    (content / "storylines.yaml").write_text(f"{flood_id}:\n  merge: [{chess_id}]\n", encoding="utf-8")
    third = build_into(tmp_path / "three", content)
    assert _storyline_of(third)["chess-1"] == flood_id
    assert chess_id in {s["id"]: s for s in third.api("storylines")}[flood_id]["aliases"]
    assert "refresh" in third.page(f"storylines/{chess_id}/")


def test_a_wrong_editors_file_is_reported_with_file_line_and_field(tmp_path):
    content = _content(tmp_path, "flood-1", "chess-1")
    (content / "storylines.yaml").write_text(
        "floods:\n  title: Floods\n  colour: blue\nchess:\n  articles: [no-such-article]\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        build_into(tmp_path, content)
    message = str(caught.value)
    assert "content/storylines.yaml:3: floods.colour: unknown field" in message
    assert "content/storylines.yaml:4: chess.articles: no article has the id 'no-such-article'" in message
    assert not (tmp_path / "output").exists()


def test_briefing_check_reports_a_wrong_editors_file_and_fails(tmp_path, capsys, monkeypatch):
    content = _content(tmp_path, "flood-1", "chess-1")
    (content / "storylines.yaml").write_text("chess:\n  articles: [no-such-article]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content"]) == EXIT_INVALID
    assert "content/storylines.yaml:1: chess.articles: no article has the id 'no-such-article'" in capsys.readouterr().err
    (content / "storylines.yaml").write_text("chess:\n  articles: [chess-1]\n", encoding="utf-8")
    assert main(["check", "--content", "content"]) == 0


def test_the_same_figure_written_two_ways_is_one_feature_and_lone_digits_are_none():
    from generator.storylines.features import number_tokens

    keys = [key for key, _ in number_tokens("Senate passes $1.3 trillion bill 52-48; $1.3tn plan, 3 aides quit")]
    assert keys == ["#$1.3t", "#52-48", "#$1.3t"]
    assert [written for _, written in number_tokens("Unemployment hit 40% in 2020")] == ["40%", "2020"]


def test_the_engine_alone_draws_the_storylines_recorded_for_the_bundled_content():
    """The committed registry fixes the bundled site's storylines; the engine, from scratch, must agree.

    If a change to the engine regroups the bundled articles, this fails: check the new grouping is what an
    editor would draw, then rebuild to record it.
    """
    content = PROJECT / "content"
    articles = tuple(tag_countries(a) for a in load_content(content).articles)
    recorded = read_inputs(content).registry
    assert recorded.storylines, "content/storylines.lock.yaml is committed"
    fresh = group_storylines(articles, load_config(PROJECT / "config.yaml").storylines).storylines
    assert {s.id: set(s.article_ids) for s in fresh} == {
        sid: set(entry.articles) for sid, entry in recorded.storylines.items()
    }


def test_registry_file_reads_back_every_id_even_those_yaml_would_read_as_numbers(tmp_path):
    """The lock file is written line by line; ids such as `2021`, `yes` or `1e3` must still read back as ids."""
    from generator.storylines.identity import REGISTRY_FILE, Registry, Remembered, read_registry, save_registry

    tricky = ["2021", "yes", "null", "on", "1e3", "0x1f", "007", "12-30", "2021-12-23", "y", "storyline-one"]
    registry = Registry({sid: Remembered((f"{sid}-article", sid), (tricky[i - 1],)) for i, sid in enumerate(tricky)})
    save_registry(tmp_path, registry)
    read, problems = read_registry((tmp_path / REGISTRY_FILE).read_bytes(), REGISTRY_FILE)
    assert problems == []
    assert {sid: (sorted(e.articles), sorted(e.aliases)) for sid, e in read.storylines.items()} == {
        sid: (sorted(e.articles), sorted(e.aliases)) for sid, e in registry.storylines.items()
    }
    text = (tmp_path / REGISTRY_FILE).read_text(encoding="utf-8")
    as_yaml = yaml.safe_load(text)  # other tools read the same ids from it
    assert {str(sid): sorted(map(str, e["articles"])) for sid, e in as_yaml.items()} == {
        sid: sorted(e.articles) for sid, e in registry.storylines.items()
    }


def test_hand_edited_registry_file_is_still_read_as_yaml(tmp_path):
    """The build reads its own lock file line by line; an editor's hand edit (comments, blank lines, flow
    lists, quotes) must still mean what YAML says it means."""
    from generator.storylines.identity import REGISTRY_FILE, read_registry

    (tmp_path / REGISTRY_FILE).write_text(
        "flood-toll:\n  articles: [a-1, \"b-2\"]\n\n# merged by hand\nquake:\n  articles:\n  - c-3\n  aliases: [tremor]\n",
        encoding="utf-8",
    )
    read, problems = read_registry((tmp_path / REGISTRY_FILE).read_bytes(), REGISTRY_FILE)
    assert problems == []
    assert {sid: (e.articles, e.aliases) for sid, e in read.storylines.items()} == {
        "flood-toll": (("a-1", "b-2"), ()), "quake": (("c-3",), ("tremor",))
    }


def _newsroom_articles(originals: int, seed: int) -> tuple:
    """Articles of the synthetic newsroom fixture: stories told by several outlets, dated."""
    import datetime as dt
    import sys

    sys.path.insert(0, str(PROJECT / "tests" / "fixtures" / "content"))
    from newsroom import newsroom

    from generator.model import Article

    stories, _ = newsroom(originals=originals, exact=0, near=0, seed=seed)
    return tuple(
        Article(id=s.id, title=s.title, body=s.text, path=f"content/{s.id}.md", date=dt.date.fromisoformat(s.date), source=s.source)
        for s in stories
    )


def test_grouping_again_from_the_lock_file_it_wrote_changes_no_storyline():
    """The lock file a build writes is an input of the next; the grouping settles before it is written, so
    building again without a change gives the same storylines. (Without settling, this synthetic newsroom
    went from 27 storylines to 26 on the second build.)"""
    from generator.storylines import StorylineInputs

    articles = _newsroom_articles(originals=60, seed=3)
    first = group_storylines(articles, StorylineConfig())
    second = group_storylines(articles, StorylineConfig(), StorylineInputs(registry=first.registry))
    assert [(s.id, s.article_ids) for s in second.storylines] == [(s.id, s.article_ids) for s in first.storylines]
    assert len(first.storylines) == 26


def test_a_pass_that_reports_itself_settled_is_one_that_another_pass_would_not_change(monkeypatch):
    """A rebuild skips the settling pass when the pass before says no further pass could merge anything
    (most rebuilds: the new articles join a storyline or start their own). Run that pass anyway and compare."""
    from generator import storylines
    from generator.storylines import StorylineInputs

    real = storylines._cluster
    compared = []

    def cluster_and_check(ordered, tokens, features, edges, hard, soft, config):
        labels, settled = real(ordered, tokens, features, edges, hard, soft, config)
        if settled:
            again = {a.id: f"\0{label}" for a, label in zip(ordered, labels.tolist())}
            compared.append((labels.tolist(), real(ordered, tokens, features, edges, hard, again, config)[0].tolist()))
        return labels, settled

    monkeypatch.setattr(storylines, "_cluster", cluster_and_check)
    for seed in (1, 2, 3, 4):
        articles = _newsroom_articles(originals=50, seed=seed)
        earlier = group_storylines(articles[::2] + articles[1::4], StorylineConfig())
        group_storylines(articles, StorylineConfig(), StorylineInputs(registry=earlier.registry))
    assert len(compared) >= 4
    assert all(labels == again for labels, again in compared)
