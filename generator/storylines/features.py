"""What an article looks like to the grouping: weighted term, entity and country vectors.

Three blocks of evidence, each TF-IDF weighted and normalised on its own, then mixed
with fixed weights, so the cosine of two articles is a weighted mean of three cosines:
- terms: stemmed content words, the headline counted several times (editors write the
  story into the headline; bodies wander);
- entities: runs of capitalised words (people, organisations, places) and the tagged
  countries: two articles naming the same rare people are very likely one story;
- only the lead of long bodies is read: the first paragraphs carry the story, the rest
  carries background that joins unrelated stories (and costs time).
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from generator.model import Article
from generator.text import STOP_WORDS, quick_words, stem

LEAD_CHARACTERS = 1500
TITLE_REPEAT = 2
NUMBER_REPEAT = 2  # a figure (amount, count, tally) is rarer evidence than a word: it counts double
BLOCK_WEIGHTS = {"term": 1.0, "entity": 0.3, "country": 0.2}
FOCUS_WEIGHT = 2  # a focus country counts double in the country block
HOME_SHARE = 0.4  # a country the focus of this share of the articles about any country is a home country


@dataclass(frozen=True)
class Features:
    """Row i is article i's unit vector; the blocks and their column names explain groupings."""

    matrix: sp.csr_matrix
    term_matrix: sp.csr_matrix
    term_names: tuple[str, ...]
    term_profile: sp.csr_matrix  # the terms without IDF: depends on the article alone, not on the corpus
    entity_matrix: sp.csr_matrix
    entity_names: tuple[str, ...]
    focus: sp.csr_matrix  # 1 where a country is the article's focus (columns: all countries seen)
    distinctive: sp.csr_matrix  # the same, without the corpus's home countries (the focus of many articles)
    named: sp.csr_matrix  # 1 where the article names the country at all (focus or mentioned)


@dataclass(frozen=True)
class Tokens:
    """What was read from one article: each kind of feature as parallel tuples of keys, counts and (for
    terms and entities) how the article first wrote each, in order of first use. A rebuild loads every
    article's tokens from the cache: tuples load in under half the time dicts take (and a dict faster
    than a Counter)."""

    terms: tuple[str, ...]
    term_counts: tuple[int, ...]
    term_forms: tuple[str, ...]
    entities: tuple[str, ...]
    entity_counts: tuple[int, ...]
    entity_forms: tuple[str, ...]
    countries: tuple[str, ...]
    country_counts: tuple[int, ...]
    words_read: int


def read_tokens(article: Article) -> Tokens:
    """Terms, entities and countries of one article (title weighted over the lead).

    Every string is interned: the thousands of articles that use a word then share one string, which
    the cache file stores once, so reading every article's tokens back costs a fraction as much.
    """
    lead = article.text[:LEAD_CHARACTERS]
    title_words = quick_words(article.title)
    body_words = quick_words(lead, sentence_ends=True)
    terms: dict[str, int] = {}
    term_forms: dict[str, str] = {}  # set with `terms`' first entry for each key: the same order
    for repeat, tokens in ((TITLE_REPEAT, title_words), (1, body_words)):
        for word in tokens:
            term = _term(word)
            if term is not None:
                key = term[0]
                terms[key] = terms.get(key, 0) + repeat
                term_forms.setdefault(key, term[1])
    entities: dict[str, int] = {}
    entity_forms: dict[str, str] = {}
    for phrase in entity_phrases(title_words, body_words):
        key, written = _entity(phrase)
        entities[key] = entities.get(key, 0) + 1
        entity_forms.setdefault(key, written)
    for token, written in number_tokens(article.title + " " + lead):
        token = sys.intern(token)
        terms[token] = terms.get(token, 0) + NUMBER_REPEAT
        term_forms.setdefault(token, sys.intern(written))
    countries = dict.fromkeys(article.countries.focus, FOCUS_WEIGHT)
    for code in article.countries.mentioned:
        countries[code] = countries.get(code, 0) + 1
    return Tokens(
        tuple(terms),
        tuple(terms.values()),
        tuple(term_forms.values()),
        tuple(entities),
        tuple(entities.values()),
        tuple(entity_forms.values()),
        tuple(countries),
        tuple(countries.values()),
        len(title_words) + len(body_words),
    )


@lru_cache(maxsize=200_000)
def _term(word: str) -> tuple[str, str] | None:
    """A content word's stem and its lower-cased form, both interned; None for stop words and the like."""
    key = _content_stem(word)
    return (key, sys.intern(word.lower())) if key else None


@lru_cache(maxsize=100_000)
def _entity(phrase: str) -> tuple[str, str]:
    """An entity phrase's key and the phrase, both interned."""
    return sys.intern(entity_key(phrase)), sys.intern(phrase)


_NUMBER = re.compile(
    r"(\$?)(\d+(?:[.,]\d+)*)(?:-(\d+))?(?:\s?(million|billion|trillion|percent|%|[mbkt]n?)(?![a-z]))?", re.IGNORECASE
)


def number_tokens(text: str) -> list[tuple[str, str]]:
    """Amounts, counts and tallies ("$1.3 trillion", "15,000", "7-2") as (key, text as written).

    Words miss them (they are not words), yet the same figure in two reports is strong
    evidence of one story. "$1.3 trillion" and "$1.3tn" share a key. A lone digit says
    nothing unless it is money, a tally or has a unit.
    """
    tokens = []
    for match in _NUMBER.finditer(text):
        money, figure, tally, unit = match.groups(default="")
        figure = figure.replace(",", "")
        if len(figure) < 2 and not (money or tally or unit):
            continue
        unit = unit.lower().replace("%", "p")[:1]
        tokens.append(("#" + money + figure + ("-" + tally if tally else "") + unit, match.group(0)))
    return tokens


def entity_phrases(title_words: list[str], body_words: list[str]) -> list[str]:
    """Runs of capitalised words; in the body a run must not merely start a sentence.

    Headlines are often in title case, so there every capitalised word counts.
    """
    phrases = _capitalised_runs(title_words, skip_sentence_start=False)
    phrases += _capitalised_runs(body_words, skip_sentence_start=True)
    return phrases


def _capitalised_runs(tokens: list[str], skip_sentence_start: bool) -> list[str]:
    runs, current = [], []
    previous = "."
    for word in tokens + ["."]:
        capital = word[:1].isupper() and word.lower() not in STOP_WORDS and len(word) > 1
        starts_sentence = skip_sentence_start and previous[0] in ".!?"
        if capital and not (starts_sentence and not current):
            current.append(word)
        else:
            if current:
                runs.append(" ".join(current))
            current = []
        previous = word
    return runs


def entity_key(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


def vectorise(tokens: list[Tokens]) -> Features:
    """Mix the three TF-IDF blocks into one unit vector per article."""
    term_matrix, term_names, term_profile = _tfidf([t.terms for t in tokens], [t.term_counts for t in tokens])
    entity_matrix, entity_names, _ = _tfidf([t.entities for t in tokens], [t.entity_counts for t in tokens])
    country_matrix, _, _ = _tfidf([t.countries for t in tokens], [t.country_counts for t in tokens])
    focus, distinctive, named = _country_indicators(tokens)
    blocks = [
        term_matrix * BLOCK_WEIGHTS["term"],
        entity_matrix * BLOCK_WEIGHTS["entity"],
        country_matrix * BLOCK_WEIGHTS["country"],
    ]
    matrix = unit_rows(sp.hstack(blocks, format="csr"))
    return Features(matrix, term_matrix, term_names, term_profile, entity_matrix, entity_names, focus, distinctive, named)


def _country_indicators(tokens: list[Tokens]) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """0/1 matrices of each article's focus countries, those that are not home countries, and every country named.

    A home country (the focus of a large share of the corpus, like the US in American news)
    is often left unnamed by the outlets that cover it, so its absence is no evidence.
    """
    codes = sorted({code for t in tokens for code in t.countries})
    column = {code: i for i, code in enumerate(codes)}
    shape = (len(tokens), len(codes))
    focus_rows, focus_cols, named_rows, named_cols = [], [], [], []
    for row, t in enumerate(tokens):
        for code, weight in zip(t.countries, t.country_counts):
            named_rows.append(row)
            named_cols.append(column[code])
            if weight == FOCUS_WEIGHT:
                focus_rows.append(row)
                focus_cols.append(column[code])
    focus = sp.csr_matrix((np.ones(len(focus_rows)), (focus_rows, focus_cols)), shape=shape)
    about_some = int((np.asarray(focus.sum(axis=1)).ravel() > 0).sum())
    share = np.asarray(focus.sum(axis=0)).ravel() / max(about_some, 1)
    distinctive = sp.csr_matrix(focus @ sp.diags((share < HOME_SHARE).astype(float)))
    distinctive.eliminate_zeros()
    named = sp.csr_matrix((np.ones(len(named_rows)), (named_rows, named_cols)), shape=shape)
    return focus, distinctive, named


def unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to length 1; empty rows (nothing shared with any other article) stay empty.

    With its columns in order in each row, each row's sum of squares is summed over its own entries, as
    `matrix.multiply(matrix).sum(axis=1)` sums them (the same floats, without the element-wise product of two
    sparse matrices, 2 s of the 100,000-article grouping); otherwise that product orders the entries its own way.
    """
    if matrix.has_sorted_indices:
        rows = np.flatnonzero(np.diff(matrix.indptr))
        squares = np.zeros(matrix.shape[0])
        squares[rows] = np.add.reduceat(matrix.data * matrix.data, matrix.indptr[rows])
    else:
        squares = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    norms = np.sqrt(squares)
    return sp.csr_matrix(sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ matrix)


def _tfidf(features: list[tuple[str, ...]], counts: list[tuple[int, ...]]) -> tuple[sp.csr_matrix, tuple[str, ...], sp.csr_matrix]:
    """Sublinear TF times smoothed IDF, rows normalised; features seen once are dropped.

    A feature only one article has cannot join two articles; dropping it keeps
    cosines comparable between a short and a long article. Also returns the sublinear TF
    alone (rows normalised), which one new article elsewhere in the corpus does not shift.
    """
    # Every (article, feature) entry in one pass of C-level iteration: a loop in Python cost a tenth of a
    # rebuild, and each pass over a large corpus's millions of entries costs a second. Each entry is
    # numbered by the first entry of its feature (a feature's number in `first`), which counts documents too.
    sizes = [len(row) for row in features]
    total = sum(sizes)
    first_seen: dict[str, int] = {}
    first = np.fromiter(map(first_seen.setdefault, itertools.chain.from_iterable(features), itertools.count()), dtype=np.int64, count=total)
    document_frequency = np.bincount(first, minlength=total)
    seen_twice = document_frequency[np.fromiter(first_seen.values(), dtype=np.int64, count=len(first_seen))] > 1
    names = sorted(itertools.compress(first_seen, seen_twice.tolist()))
    positions = np.array([first_seen[name] for name in names], dtype=np.int64)
    n = len(features)
    idf = np.array([math.log((1 + n) / (1 + df)) + 1.0 for df in document_frequency[positions].tolist()])
    column_of = np.full(total, -1)
    column_of[positions] = np.arange(len(names))
    columns = column_of[first]
    tallies = np.fromiter(itertools.chain.from_iterable(counts), dtype=np.int64, count=total)
    kept = columns >= 0  # features seen once have no column
    cols, tallies = columns[kept], tallies[kept]
    frequencies = _sublinear(int(tallies.max(initial=1)))[tallies]
    # The entries are in row order already: the rows' bounds are counted, not found by sorting every entry.
    per_row = np.bincount(np.repeat(np.arange(n), sizes)[kept], minlength=n)
    bounds = np.concatenate(([0], np.cumsum(per_row)))
    profile = sp.csr_matrix((frequencies, cols, bounds), shape=(n, len(names)), dtype=np.float64)
    profile.sort_indices()  # as a conversion from (row, column) pairs leaves them
    weighted = profile.copy()  # the same entries in the same places, weighted
    weighted.data *= idf[weighted.indices]
    return unit_rows(weighted), tuple(names), unit_rows(profile)


def _sublinear(largest: int) -> np.ndarray:
    """1 + ln(count) for every count up to `largest` (index 0 unused), each computed by `math.log`."""
    return np.array([0.0] + [1.0 + math.log(count) for count in range(1, largest + 1)])


@lru_cache(maxsize=200_000)
def _content_stem(word: str) -> str:
    """The stem of a content word; "" for stop words, one-letter words and sentence marks."""
    lower = word.lower()
    return sys.intern(stem(lower)) if len(word) > 1 and lower not in STOP_WORDS else ""
