"""Summaries' fast paths give the very bits of the straightforward scipy computations they replace,
so a summary never depends on which path a storyline took."""

from __future__ import annotations

from collections import Counter

import numpy as np
from conftest import PROJECT
from scipy import sparse
from sumy.models.dom import Sentence
from sumy.nlp.stemmers import Stemmer

from generator.content import load_content
from generator.summaries import lexrank, selection
from generator.summaries.candidates import dots_with_last_row, term_vectors
from generator.summaries.lexrank import lexrank_scores
from generator.summaries.sumy_lexrank import FastLexRankSummarizer
from generator.text import STOP_WORDS, SumyTokenizer, content_terms, sentences


def _bundled_sentences() -> list[str]:
    articles = load_content(PROJECT / "content").articles
    return [s for a in articles for block in a.body.split("\n\n") for s in sentences(" ".join(block.split()))]


def _windows(items: list, sizes=(1, 2, 3, 5, 8, 13, 30)) -> list[list]:
    return [items[start : start + size] for size in sizes for start in range(0, len(items), 23)]


def test_small_storylines_get_the_same_lexrank_scores_as_through_sparse_products(monkeypatch):
    summarizer = FastLexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = STOP_WORDS
    terms = [summarizer._to_words_set(Sentence(t, SumyTokenizer())) for t in _bundled_sentences()]
    windows = _windows(terms) + [[[]], [[], ["port"]], [["port"], ["port"]]]
    fast = [lexrank_scores(window) for window in windows]
    monkeypatch.setattr(lexrank, "SMALL", 0)  # every storyline through scipy's sparse products
    assert [scores.tobytes() for scores in fast] == [lexrank_scores(window).tobytes() for window in windows]


def _scipy_term_vectors(texts_terms: list[tuple[str, ...]]) -> sparse.csr_matrix:
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, terms in enumerate(texts_terms):
        for term, count in Counter(terms).items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(float(count))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(texts_terms), max(len(vocabulary), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def test_term_vectors_are_the_scipy_construction_bit_for_bit():
    terms = [tuple(content_terms(s)) for s in _bundled_sentences()]
    for window in _windows(terms) + [[], [()], [(), ("port", "port")]]:
        ours, theirs = term_vectors(window), _scipy_term_vectors(window)
        assert ours.shape == theirs.shape
        for name in ("indptr", "indices", "data"):
            assert getattr(ours, name).tobytes() == getattr(theirs, name).tobytes()
        assert (ours @ ours.T).toarray().tobytes() == (theirs @ theirs.T).toarray().tobytes()


def test_consensus_dot_products_are_scipys_sparse_product_bit_for_bit():
    terms = [tuple(content_terms(s)) for s in _bundled_sentences()]
    for window in _windows(terms) + [[(), ("port", "port")], [("port",), ()]]:
        shared = tuple(t for sentence in window for t in sentence if len(t) % 2)  # some terms shared, some not
        vectors = term_vectors([*window, shared])
        expected = np.asarray((vectors[:-1] @ vectors[-1].T).todense()).ravel()
        assert dots_with_last_row(vectors).tobytes() == expected.tobytes()


def test_near_repeat_cosines_are_scipys_sparse_product_bit_for_bit(monkeypatch):
    terms = [tuple(content_terms(s)) for s in _bundled_sentences()]

    def cosines(window):
        similarity = selection._Similarity(term_vectors(window), list(range(len(window)))[::-1])
        similarity(0, 0)
        return similarity.matrix.tobytes()

    windows = _windows(terms) + [[(), ("port", "port")]]
    fast = [cosines(window) for window in windows]
    monkeypatch.setattr(selection._Similarity, "SMALL", 0)  # every storyline through scipy's sparse product
    assert fast == [cosines(window) for window in windows]
