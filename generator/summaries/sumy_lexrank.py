"""`FastLexRankSummarizer`: the project's LexRank as a drop-in sumy summarizer.

The build ranks sentences with `lexrank.lexrank_scores` directly (importing sumy's summarizers imports
NLTK, the slowest of a build's imports). This class is the same ranking behind sumy's interface: `summary.
algorithm: lexrank` through sumy's API, and the proof that both pick the same sentences
(`tests/test_lexrank.py`, `benchmarks/summaries.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from sumy.nlp.stemmers import null_stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer

from generator.summaries.lexrank import lexrank_scores


class FastLexRankSummarizer(LexRankSummarizer):
    """A drop-in `LexRankSummarizer`: same selection, computed with sparse linear algebra."""

    def __init__(self, stemmer=null_stemmer):
        super().__init__(stemmer)
        self._stems: dict[str, str] = {}

    @property
    def stop_words(self):
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words):
        """sumy's setter, normalising a given stop word set once rather than once per summary."""
        self._stop_words = _normalised(words if isinstance(words, frozenset) else frozenset(words))

    def stem_word(self, word):
        """sumy's stem_word, memoised: Snowball stemming was most of the remaining time."""
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = super().stem_word(word)
        return stem

    def _to_words_set(self, sentence):
        """sumy's: the sentence's lower-cased words, stop words dropped, stemmed (without two calls a word)."""
        stop_words = self._stop_words
        return [self.stem_word(w) for w in map(str.lower, sentence.words) if w not in stop_words]

    def __call__(self, document, sentences_count):
        """sumy's summary: the best sentences by sumy's own `_get_best_sentences`, so ties, and identical
        sentences sharing the score of the last copy (sumy keys its ratings by text), resolve as in sumy."""
        sentences = document.sentences
        if not sentences:
            return ()
        scores = self.rate(sentences)
        ratings = dict(zip(sentences, scores))
        return self._get_best_sentences(sentences, sentences_count, ratings)

    def rate(self, sentences: Sequence) -> np.ndarray:
        """The LexRank score of each of sumy's `Sentence` objects, in order."""
        terms = [self._to_words_set(s) for s in sentences]
        return lexrank_scores(terms, self.threshold, self.epsilon)


@lru_cache(maxsize=8)
def _normalised(words: frozenset) -> frozenset:
    return frozenset(map(LexRankSummarizer.normalize_word, words))
