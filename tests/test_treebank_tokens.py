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
