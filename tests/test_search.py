"""The search index: every storyline, country and article is found, by the words a reader would type, and a
search needs only the files its words name."""

from __future__ import annotations

import json
import shutil

from generator import search
from generator.search import SearchDocument, search_entry, word_file_of, word_key, words
from tests.conftest import PROJECT, build_into


def test_every_storyline_country_and_article_is_a_row_that_links_to_its_page(bundled_site):
    rows = _rows(bundled_site.root)
    assert {kind for kind, *_ in rows} == {"Storyline", "Country", "Article"}
    assert len(rows) == sum(len(bundled_site.api(n)) for n in ("storylines", "countries", "articles"))
    for kind, title, url, date in rows:
        assert title and (bundled_site.root / url / "index.html").is_file(), url
    assert "<script" not in bundled_site.page(""), "only the search page loads a script"
    assert '<script src="../static/search.js" data-index="../search/"' in bundled_site.page("search/")


def test_an_article_is_found_by_its_title_first_and_by_its_outlet(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    path = min(content.glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", "\nsource: Zanzibar Wire\n---\n", 1), encoding="utf-8")
    site = build_into(tmp_path, content)
    article = next(a for a in site.api("articles") if a["id"] == path.stem)
    row = next(n for n, r in enumerate(_rows(site.root)) if r[2] == article["url"])
    postings = _postings(site.root)
    title_word = next(w for w in words(article["title"]) if w not in search.SKIPPED)
    assert 2 * row + 1 in postings[title_word], "a title word is marked as one"
    assert postings["zanzibar"] == [2 * row]


def test_a_large_index_is_split_and_each_word_is_where_its_key_says(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    monkeypatch.setattr(search, "ROWS_PER_WORD_FILE", 4)
    monkeypatch.setattr(search, "ROWS_PER_FILE", 5)
    site = build_into(tmp_path, content)
    manifest = json.loads((site.root / "search" / "index.json").read_text(encoding="utf-8"))
    rows = _rows(site.root)
    assert manifest["rows"] == 5 and len(rows) > 20
    assert manifest["words"] == -(-len(rows) // 4) == len(list((site.root / "search").glob("words-*.json")))
    for number in range(manifest["words"]):
        postings = json.loads((site.root / "search" / f"words-{number}.json").read_text(encoding="utf-8"))
        for word, found in postings.items():
            assert word_file_of(word_key(word), manifest["words"]) == number, word
            assert found == sorted(found) and all(0 <= p // 2 < len(rows) for p in found), word
    whole = build_into(tmp_path / "whole", content)  # the default sizes: one word file
    assert _postings(whole.root) == _postings(site.root) and _rows(whole.root) == rows


def test_words_are_read_without_accents_case_or_punctuation():
    assert words("Côte d’Ivoire: Zelenskyy's 2022 VISIT_to São Paulo") == [
        "cote", "d", "ivoire", "zelenskyy", "s", "2022", "visit", "to", "sao", "paulo",
    ]


def test_a_document_is_found_by_its_title_words_then_its_other_words_without_the_commonest():
    document = SearchDocument("Article", "The Kherson offensive", "articles/x/", None, "Offensive near Kherson, says Reuters")
    assert search_entry(document) == '["Article","The Kherson offensive","articles/x/",""]\nkherson offensive\tnear says reuters'


def _rows(root) -> list[list[str]]:
    rows = []
    manifest = json.loads((root / "search" / "index.json").read_text(encoding="utf-8"))
    for number in range(len(list((root / "search").glob("rows-*.json")))):
        part = json.loads((root / "search" / f"rows-{number}.json").read_text(encoding="utf-8"))
        assert len(part) <= manifest["rows"]
        rows += part
    return rows


def _postings(root) -> dict[str, list[int]]:
    merged: dict[str, list[int]] = {}
    for path in (root / "search").glob("words-*.json"):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged
