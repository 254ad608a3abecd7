"""The word splitter summaries rank sentences by gives NLTK's Treebank tokens exactly, only faster."""

from __future__ import annotations

from pathlib import Path

import pytest
from nltk.tokenize import NLTKWordTokenizer

from generator.text import sentences, straight_quotes, words
from generator.treebank import tokenize

TRICKY = [
    "I cannot go, but we're gonna wanna stay; 'tis and 'twas are old. D'ye see? More'n GIMME lemme gotta.",
    "``Hi'' he said -- \"no\" (yes) [x] {y} <z>... and then...",
    "Rock 'n' roll isn't dead; it's 50% off @ $3.88 & more!? #news",
    "'Hello,' she said: 'the students' books' wouldn't sell.'",
    "“Quoted” ‘single’ «chevrons» „low“ — em dash – en dash ‒ figure ― bar",
    "can't won't I'm you'll they're we've he'd O'Brien's rock-'n'-roll",
    "A*B 3,000 people at 4:30 a.m. in the U.S. said.'\")",
    "Wanna\tgo\nnow",
    "Ends with a period.",
    "",
    "'",
    '"',
]


def _bundled_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("content").rglob("*.md"))]
    return [s for text in texts for block in text.split("\n\n") for s in sentences(" ".join(block.split()))]


@pytest.mark.parametrize("text", TRICKY + _bundled_sentences())
def test_tokens_are_nltkstokenize(text):
    nltk = NLTKWordTokenizer()
    assert tokenize(text) == nltk.tokenize(text)
    straight = straight_quotes(text)
    assert tokenize(straight) == nltk.tokenize(straight)


def test_words_keep_words_and_drop_punctuation_and_numbers():
    assert words("The U.S. can't sell 3,000 “rock-'n'-roll” records, O'Brien said.") == (
        "The", "ca", "n't", "sell", "rock-'n'-roll", "records", "O'Brien", "said",
    )


def test_curly_quotes_and_guillemets_become_straight():
    assert straight_quotes("“Yes,” she said, ‘maybe’ «oui» „ja“ — it’s") == "\"Yes,\" she said, 'maybe' \"oui\" \"ja\" — it's"


def test_the_rules_are_the_installed_nltks_own():
    """The rules are kept in `generator/treebank.py`; an NLTK release that changes them shows here first."""
    from generator.treebank import _rules

    before, after, contractions, _ = _rules()
    nltk = NLTKWordTokenizer
    expected_before = [*nltk.STARTING_QUOTES, *nltk.PUNCTUATION, nltk.PARENS_BRACKETS, nltk.DOUBLE_DASHES]
    assert [(p.pattern, p.flags, r) for p, r, _ in before] == [(p.pattern, p.flags, r) for p, r in expected_before]
    assert [(p.pattern, p.flags, r) for p, r, _ in after] == [(p.pattern, p.flags, r) for p, r in nltk.ENDING_QUOTES]
    assert [(p.pattern, p.flags) for p in contractions] == [(p.pattern, p.flags) for p in [*nltk.CONTRACTIONS2, *nltk.CONTRACTIONS3]]


def test_stems_are_nltks_snowball_stems_that_sumy_uses():
    """Terms are stemmed with PyStemmer; they must be the stems of NLTK's English Snowball stemmer (sumy's),
    curly apostrophes and short words included. One known exception: NLTK stems "realization" to
    "realize", not the "realiz" Snowball's own algorithm (and "realize") gives."""
    from nltk.stem.snowball import EnglishStemmer

    from generator.text import stem

    nltk = EnglishStemmer()
    vocabulary = {w for s in TRICKY + _bundled_sentences() for w in words(s)} | {
        "added", "organization", "international", "evening", "skies", "news", "dying", "generously",
        "’s", "it’s", "O’Brien’s", "‘tis", "Ab", "CAPS", "ponies", "agreed", "feed", "innings", "succeeding",
    }
    assert len(vocabulary) > 900
    assert {w: stem(w) for w in vocabulary} == {w: nltk.stem(w) for w in vocabulary}
    assert (stem("realization"), nltk.stem("realization")) == ("realiz", "realize")
