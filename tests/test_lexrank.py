"""The project's LexRank picks exactly what sumy's LexRankSummarizer picks, on generated and real text."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import PROJECT
from hypothesis import given, settings
from hypothesis import strategies as st
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer

from generator.content import load_content
from generator.summaries.lexrank import lexrank_scores
from generator.summaries.sumy_lexrank import FastLexRankSummarizer
from generator.text import STOP_WORDS, SumyTokenizer, sentences

pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")  # sumy's NaN case
_tokenizer = SumyTokenizer()
# A small vocabulary (stop words included) so generated sentences overlap, tie and repeat often.
_VOCABULARY = ["the", "of", "and", "port", "ports", "strike", "striking", "union", "talks", "minister", "pay", "it"]


def _document(texts: list[str]) -> ObjectDocumentModel:
    return ObjectDocumentModel([Paragraph([Sentence(t, _tokenizer) for t in texts])])


def _both(texts: list[str], count: int) -> tuple[list[str], list[str]]:
    picks = []
    for summarizer_class in (LexRankSummarizer, FastLexRankSummarizer):
        summarizer = summarizer_class(Stemmer("english"))
        summarizer.stop_words = STOP_WORDS
        picks.append([str(s) for s in summarizer(_document(texts), count)])
    return picks[0], picks[1]


_sentence = st.lists(st.sampled_from(_VOCABULARY), min_size=0, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_sentence, min_size=1, max_size=30), count=st.integers(min_value=1, max_value=6))
def test_same_selection_as_sumy_on_generated_sentences(texts, count):
    """Ties, repeated identical sentences and sentences with no content words included."""
    theirs, ours = _both(texts, count)
    assert ours == theirs


def _bundled_sentences() -> list[str]:
    found = []
    for article in load_content(PROJECT / "content").articles:
        for block in article.body.split("\n\n"):
            found.extend(sentences(" ".join(block.split())))
    return found


def test_same_selection_as_sumy_on_real_news():
    texts = _bundled_sentences()
    assert len(texts) > 100
    for start in range(0, len(texts), 40):
        for count in (1, 3, 5):
            theirs, ours = _both(texts[start : start + 60], count)
            assert ours == theirs
    theirs, ours = _both(texts + texts[:15], 8)  # the whole sample, with repeated sentences
    assert ours == theirs


def test_sumy_picks_a_repeated_sentence_twice_and_so_does_the_drop_in():
    """sumy rates sentences by their text, so both copies share one score; the drop-in keeps that quirk."""
    texts = ["Dock workers at the port went on strike.", "The union called the strike over pay."] * 2
    theirs, ours = _both(texts + ["Talks on pay resume on Wednesday at the port."], 2)
    assert ours == theirs


def test_no_shared_terms_gives_sumys_nan_scores_and_its_order():
    """With two sentences every idf is log(2/2) = 0: sumy's scores are NaN and it keeps document order."""
    theirs, ours = _both(["Dock workers strike.", "Ministers meet."], 1)
    assert ours == theirs == ["Dock workers strike."]


def test_sparse_power_method_agrees_with_the_dense_one():
    """Past DENSE_LIMIT sentences the power method runs on a sparse matrix: same ranking."""
    summarizer = FastLexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = STOP_WORDS
    terms = [summarizer._to_words_set(Sentence(t, _tokenizer)) for t in _bundled_sentences()]
    dense, sparse_scores = lexrank_scores(terms), lexrank_scores(terms, dense_limit=0)
    np.testing.assert_allclose(sparse_scores, dense, rtol=1e-12)
    assert list(np.argsort(-dense, kind="stable")) == list(np.argsort(-sparse_scores, kind="stable"))
