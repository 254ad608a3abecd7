"""Exact and near-duplicates become one article page that credits every outlet that carried the story."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from conftest import PROJECT, build_into, write_article

from generator.dedupe import fold_duplicates
from generator.model import Article

sys.path.insert(0, str(PROJECT / "tests" / "fixtures" / "content"))
from newsroom import near_copy, story

RNG_SEED = 11


def _article(s, path="") -> Article:
    return Article(id=s.id, title=s.title, body=s.text, path=path or f"content/{s.id}.md",
                   date=dt.date.fromisoformat(s.date), source=s.source, source_url=s.source_url)


def _file(folder: Path, s) -> None:
    write_article(folder, f"{s.id}.md", f"---\ntitle: {s.title}\ndate: {s.date}\nsource: {s.source}\n"
                                         f"source_url: {s.source_url}\n---\n\n{s.text}\n")


def test_a_wire_story_with_a_new_headline_and_small_edits_is_folded():
    rng = random.Random(RNG_SEED)
    original = story(rng, 1)
    copy = near_copy(original, 2, rng)
    assert copy.title != original.title and copy.text != original.text
    folded = fold_duplicates((_article(copy), _article(original)))
    assert [a.id for a in folded.articles] == [min(original.id, copy.id)]
    fold = next(iter(folded.folds.values()))
    assert not fold.exact and 0.5 <= fold.similarity < 1.0


def test_different_stories_are_never_folded():
    rng = random.Random(RNG_SEED)
    stories = [story(rng, n) for n in range(200)]
    folded = fold_duplicates(tuple(_article(s) for s in stories))
    assert len(folded.articles) == 200 and folded.folds == {}


def test_short_articles_fold_only_when_identical():
    base = {"date": dt.date(2024, 1, 1), "path": "content/x.md"}
    a = Article(id="a", title="Markets closed", body="Markets closed early today.", **base)
    b = Article(id="b", title="Markets shut", body="Markets closed early today.", **base)
    c = Article(id="c", title="Markets closed", body="Markets closed early today.", **base)
    folded = fold_duplicates((a, b, c))
    assert folded.folded_into == {"c": "a"} and folded.folds["c"].exact


def test_the_keeper_is_the_earliest_article_whatever_the_file_order():
    rng = random.Random(RNG_SEED)
    original = story(rng, 5)
    later = near_copy(original, 1, rng)
    early = _article(original)
    late = Article(**{**_article(later).__dict__, "date": dt.date(2099, 1, 1)})
    for order in ((early, late), (late, early)):
        folded = fold_duplicates(order)
        assert [a.id for a in folded.articles] == [early.id]
        assert [c.article_id for c in folded.articles[0].carriers] == [late.id]


def test_the_folded_page_lists_every_outlet_and_the_export_names_the_files(tmp_path):
    rng = random.Random(RNG_SEED)
    original = story(rng, 1)
    exact = original.__class__(**{**original.__dict__, "id": "story-000002", "source": "Evening Post",
                                  "source_url": "https://eveningpost.example/2"})
    near = near_copy(original, 3, rng)
    content = tmp_path / "content"
    for s in (original, exact, near):
        _file(content, s)
    site = build_into(tmp_path, content)
    [article] = site.api("articles")
    assert {c["source"] for c in article["also_carried_by"]} == {exact.source, near.source}
    html = site.page(article["url"])
    assert "Also carried by" in html and exact.source in html and near.source in html
    build = site.api("build")
    assert build["duplicates_folded"] == 2
    by_file = {d["file"]: d for d in build["duplicate_files"]}
    assert by_file[f"content/{exact.id}.md"]["similarity"] == 1.0
    assert 0.5 <= by_file[f"content/{near.id}.md"]["similarity"] < 1.0
    assert {d["folded_into"] for d in build["duplicate_files"]} == {article["id"]}


def test_lsh_buckets_join_equal_rows_only_even_when_their_mixes_collide(monkeypatch):
    """Bands of signatures are bucketed by a 64-bit mix of their values; unequal rows that mix alike (forced
    here by a mix that keeps only the last value) must still land in different buckets."""
    import numpy as np

    from generator import dedupe

    rng = np.random.default_rng(3)
    block = rng.integers(0, 3, size=(400, 5)).astype(np.uint64)  # few distinct rows: many equal ones

    def partition(bucket):
        groups: dict[int, list[int]] = {}
        for row, number in enumerate(bucket.tolist()):
            groups.setdefault(number, []).append(row)
        return sorted(groups.values())

    exact: dict[tuple, list[int]] = {}
    for row, values in enumerate(block.tolist()):
        exact.setdefault(tuple(values), []).append(row)
    assert partition(dedupe._buckets(block)) == sorted(exact.values())
    monkeypatch.setattr(dedupe, "_ROW_MIX", np.uint64(0))
    assert partition(dedupe._buckets(block)) == sorted(exact.values())
