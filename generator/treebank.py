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

# A character that every match of an NLTK Treebank rule must contain: a rule is skipped when the text has none.
# Keyed by the rule's exact pattern, so a rule a later NLTK changes or adds is simply always applied.
_RULE_NEEDS = {
    r"([«“‘„]|[`]+)": "«“‘„`",
    r'^\"': '"',
    r"(``)": "`",
    r'([ \(\[{<])(\"|\'{2})': "\"'",
    r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)": "'",
    r'([^\.])(\.)([\]\)}>"\'»”’ ]*+)\s*$': ".",
    r"([:,])([^\d])": ":,",
    r"([:,])$": ":,",
    r"\.{2,}": ".",
    r"[;@#$%&]": ";@#$%&",
    r"[\u2012-\u2015]": "\u2012\u2013\u2014\u2015",
    r'([^\.])(\.)([\]\)}>"\']*)\s*$': ".",
    r"[?!]": "?!",
    r"([^'])' ": "'",
    r"[*]": "*",
    r"[\]\[\(\)\{\}\<\>]": "[](){}<>",
    r"--": "-",
    r"([»”’])": "»”’",
    r"''": "'",
    r'"': '"',
    r"([^' ])('[sS]|'[mM]|'[dD]|') ": "'",
    r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ": "'",
}
# What every match of a contraction rule holds, ignoring case: checked first in ASCII sentences, where
# ignoring case is plain lower-casing (the Unicode case matches of K, S and I are not ASCII).
_CONTRACTION_NEEDS = {
    r"(?i)\b(can)(?#X)(not)\b": "cannot",
    r"(?i)\b(d)(?#X)('ye)\b": "d'ye",
    r"(?i)\b(gim)(?#X)(me)\b": "gimme",
    r"(?i)\b(gon)(?#X)(na)\b": "gonna",
    r"(?i)\b(got)(?#X)(ta)\b": "gotta",
    r"(?i)\b(lem)(?#X)(me)\b": "lemme",
    r"(?i)\b(more)(?#X)('n)\b": "more'n",
    r"(?i)\b(wan)(?#X)(na)(?=\s)": "wanna",
    r"(?i) ('t)(?#X)(is)\b": " 'tis",
    r"(?i) ('t)(?#X)(was)\b": " 'twas",
}


@lru_cache(maxsize=1)
def _rules() -> tuple[list, list, list, Callable[[str], bool]]:
    """NLTK's rules in NLTK's order, as (pattern, replacement, test that it may match): those before and after
    the text is padded with spaces, then the contraction rules and one test for all of them."""
    from nltk.tokenize import NLTKWordTokenizer as nltk  # nltk takes ~0.5 s to import: only when words are needed

    def rules(pairs):
        return [(regex.compile(p.pattern, p.flags), r, _holds_one_of(_RULE_NEEDS.get(p.pattern))) for p, r in pairs]

    before = rules([*nltk.STARTING_QUOTES, *nltk.PUNCTUATION, nltk.PARENS_BRACKETS, nltk.DOUBLE_DASHES])
    after = rules(nltk.ENDING_QUOTES)
    contractions = [*nltk.CONTRACTIONS2, *nltk.CONTRACTIONS3]
    return before, after, contractions, _may_contract(contractions)


def _holds_one_of(characters: str | None) -> Callable[[str], object]:
    if characters is None:
        return lambda text: True
    return re.compile("[" + re.escape(characters) + "]").search


def _may_contract(contractions: list[re.Pattern]) -> Callable[[str], bool]:
    """A test that is true for every text one of the contraction rules matches (and few others)."""
    known = [_CONTRACTION_NEEDS.get(c.pattern) for c in contractions]
    same_flags = all(c.pattern.startswith("(?i)") and c.flags == contractions[0].flags for c in contractions)
    if not same_flags:
        return lambda text: True
    flags = contractions[0].flags & ~re.IGNORECASE
    any_rule = re.compile("(?i)" + "|".join(c.pattern.removeprefix("(?i)") for c in contractions), flags).search
    if None in known:
        return lambda text: any_rule(text) is not None

    def test(text: str) -> bool:
        if text.isascii():
            lowered = text.lower()
            return any(needed in lowered for needed in known)
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
