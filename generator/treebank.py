"""NLTK's Treebank word tokenizer (`NLTKWordTokenizer`), the same tokens about four times faster.

Summaries split every sentence into words, and NLTK's tokenizer was the slowest step of a cold build.
Its own rules run here in its own order, so the tokens are the same (`tests/test_treebank_tokens.py`),
with two differences in cost only: no per-match timeout (NLTK's guard for patterns its callers supply;
these are its fixed ones), and a rule is skipped when the text lacks what every match of it contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import regex

# NLTK's `NLTKWordTokenizer` rules (NLTK 3.10, Apache License 2.0, (c) the NLTK Project), in its order,
# each with the characters one of which every match contains: a rule is skipped when the text has none
# (None: always applied). Kept here rather than read from NLTK, whose import was the slowest of a
# build's imports; `tests/test_treebank_tokens.py` checks the tokens against the installed NLTK's.
_BEFORE_PADDING = [  # starting quotes, punctuation, brackets, double dashes
    (r"([«“‘„]|[`]+)", r" \1 ", "«“‘„`"),
    (r'^\"', r"``", '"'),
    (r"(``)", r" \1 ", "`"),
    (r'([ \(\[{<])(\"|\'{2})', r"\1 `` ", "\"'"),
    (r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)", r"\1 ", "'"),
    (r'([^\.])(\.)([\]\)}>"\'»”’ ]*+)\s*$', r"\1 \2 \3 ", "."),
    (r"([:,])([^\d])", r" \1 \2", ":,"),
    (r"([:,])$", r" \1 ", ":,"),
    (r"\.{2,}", r" \g<0> ", "."),
    (r"[;@#$%&]", r" \g<0> ", ";@#$%&"),
    (r"[\u2012-\u2015]", r" \g<0> ", "\u2012\u2013\u2014\u2015"),
    (r'([^\.])(\.)([\]\)}>"\']*)\s*$', r"\1 \2\3 ", "."),
    (r"[?!]", r" \g<0> ", "?!"),
    (r"([^'])' ", r"\1 ' ", "'"),
    (r"[*]", r" \g<0> ", "*"),
    (r"[\]\[\(\)\{\}\<\>]", r" \g<0> ", "[](){}<>"),
    (r"--", r" -- ", "-"),
]
_AFTER_PADDING = [  # ending quotes and clitics
    (r"([»”’])", r" \1 ", "»”’"),
    (r"''", r" '' ", "'"),
    (r'"', r" '' ", '"'),
    (r"\s+", r" ", None),
    (r"([^' ])('[sS]|'[mM]|'[dD]|') ", r"\1 \2 ", "'"),
    (r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", r"\1 \2 ", "'"),
]
# Contractions, each split as " \1 \2 ", with what every match holds ignoring case: checked first in ASCII
# sentences, where ignoring case is plain lower-casing (the Unicode case matches of K, S and I are not ASCII).
_CONTRACTIONS = [
    (r"(?i)\b(can)(?#X)(not)\b", "cannot"),
    (r"(?i)\b(d)(?#X)('ye)\b", "d'ye"),
    (r"(?i)\b(gim)(?#X)(me)\b", "gimme"),
    (r"(?i)\b(gon)(?#X)(na)\b", "gonna"),
    (r"(?i)\b(got)(?#X)(ta)\b", "gotta"),
    (r"(?i)\b(lem)(?#X)(me)\b", "lemme"),
    (r"(?i)\b(more)(?#X)('n)\b", "more'n"),
    (r"(?i)\b(wan)(?#X)(na)(?=\s)", "wanna"),
    (r"(?i) ('t)(?#X)(is)\b", " 'tis"),
    (r"(?i) ('t)(?#X)(was)\b", " 'twas"),
]


@lru_cache(maxsize=1)
def _rules() -> tuple[list, list, list[re.Pattern], Callable[[str], bool]]:
    """The rules compiled, as (pattern, replacement, test that it may match): those before and after the
    text is padded with spaces, then the contraction rules and one test for all of them."""

    def compiled(table):
        return [(regex.compile(pattern), replacement, _holds_one_of(needs)) for pattern, replacement, needs in table]

    contractions = [re.compile(pattern) for pattern, _ in _CONTRACTIONS]
    return compiled(_BEFORE_PADDING), compiled(_AFTER_PADDING), contractions, _may_contract(contractions)


def _holds_one_of(characters: str | None) -> Callable[[str], object]:
    if characters is None:
        return lambda text: True
    return re.compile("[" + re.escape(characters) + "]").search


def _may_contract(contractions: list[re.Pattern]) -> Callable[[str], bool]:
    """A test that is true for every text one of the contraction rules matches (and few others)."""
    any_rule = re.compile("(?i)" + "|".join(c.pattern.removeprefix("(?i)") for c in contractions)).search
    needed = [needs for _, needs in _CONTRACTIONS]

    def test(text: str) -> bool:
        if text.isascii():
            lowered = text.lower()
            return any(needs in lowered for needs in needed)
        return any_rule(text) is not None

    return test


def tokenize(text: str) -> list[str]:
    """Exactly `NLTKWordTokenizer().tokenize(text)`: the text's tokens, punctuation and clitics split off."""
    before, after, contractions, may_contract = _rules()
    for pattern, replacement, may_match in before:
        if may_match(text):
            text = pattern.sub(replacement, text)
    text = " " + text + " "
    for pattern, replacement, may_match in after:
        if may_match(text):
            text = pattern.sub(replacement, text)
    if may_contract(text):
        for pattern in contractions:
            text = pattern.sub(r" \1 \2 ", text)
    return text.split()
