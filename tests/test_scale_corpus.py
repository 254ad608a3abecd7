"""The scale benchmark's larger corpora: retold copies of the real articles must stay like them (same length,
dated a year later per copy) without being near-copies the duplicate folding would fold."""

from __future__ import annotations

import random
import sys

from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))
import scale

WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "talks",
    "with",
    "union",
    "leaders",
    "over",
    "pay",
    "and",
    "pensions",
    "would",
    "resume",
    "next",
    "week",
]


def _real(count: int) -> list[dict]:
    rng = random.Random(3)
    return [
        {
            "title": f"Story {n}",
            "text": " ".join(rng.choice(WORDS) for _ in range(80)) + ".",
            "date": f"2019-0{1 + n % 9}-1{n % 10}" if n % 2 else None,
            "source": "Wire",
        }
        for n in range(count)
    ]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def test_up_to_the_real_articles_the_corpus_is_the_real_articles_dated():
    real = _real(30)
    articles = scale.corpus(real, 20)
    assert len(articles) == 20
    assert {a["title"] for a in articles} <= {a["title"] for a in real}
    assert all(a["date"] for a in articles)


def test_beyond_them_each_copy_is_its_original_retold_a_year_later_per_copy():
    real = _real(30)
    articles = scale.corpus(real, 75)  # the 30 originals, copy 1 of each, then copy 2 of 15
    originals, copies = articles[:30], articles[30:]
    assert len({a["title"] for a in articles}) == 75
    for n, copy in enumerate(copies):
        original = originals[n % 30]
        years = 1 + n // 30
        assert copy["title"].startswith(original["title"])
        assert len(copy["text"].split()) == len(original["text"].split())
        if not original["undated"]:
            assert int(copy["date"][:4]) == int(original["date"][:4]) + years
        shared = _shingles(copy["text"]) & _shingles(original["text"])
        assert len(shared) < 0.5 * len(_shingles(original["text"]))
    assert scale.corpus(real, 75) == articles  # the same corpus every time
