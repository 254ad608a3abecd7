"""How central each candidate sentence is, by the configured algorithm, scaled to 0..1.

`lexrank` (the default) runs the project's fast LexRank on every sentence, without sumy's classes
(importing them imports NLTK, the slowest of a build's imports). The other sumy algorithms run through
sumy unchanged, but only on the first `SUMY_INPUT_CAP` sentences taken
lead-first across articles (every article's first sentence, then every second one, ...): they
are quadratic or worse in pure Python, and a storyline of a few hundred articles must not
stall the build. Sentences left out of their input get no salience (other signals still apply).
"""

from __future__ import annotations

import importlib

import numpy as np

from generator.summaries.candidates import Candidate, leads_first
from generator.summaries.lexrank import lexrank_scores, sentence_terms
from generator.text import STOP_WORDS, SumyTokenizer, stem, words

SUMMARIZERS = {  # algorithm -> (module, class), imported when the algorithm is used
    "lexrank": ("generator.summaries.sumy_lexrank", "FastLexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
}
SUMY_INPUT_CAP = 250
# Edmundson's cue method needs words that make a sentence less summary-like.
STIGMA_WORDS = ("photo", "picture", "caption", "subscribe", "newsletter", "advertisement", "click", "copyright")
_tokenizer = SumyTokenizer()


def make_summarizer(algorithm: str, titles: list[str]):
    """A sumy summarizer with English stemming and stop words; Edmundson's bonus words are the headlines'."""
    module, name = SUMMARIZERS[algorithm]
    summarizer = getattr(importlib.import_module(module), name)(stem)
    if algorithm == "edmundson":
        summarizer.bonus_words = sorted({w for title in titles for w in words(title)} - STOP_WORDS) or ["news"]
        summarizer.stigma_words, summarizer.null_words = STIGMA_WORDS, sorted(STOP_WORDS)
    else:
        summarizer.stop_words = STOP_WORDS
    return summarizer


def salience(found: list[Candidate], algorithm: str, titles: list[str]) -> np.ndarray:
    """One score per candidate in 0..1, higher for sentences the algorithm finds more central."""
    scores = np.zeros(len(found))
    if not found:
        return scores
    if algorithm == "lexrank":  # what `make_summarizer("lexrank", ...).rate` gives, without sumy
        ranked = np.nan_to_num(lexrank_scores([sentence_terms(c.text) for c in found]), nan=0.0)
        top = ranked.max()
        return ranked / top if top > 0 else scores
    chosen = leads_first([(c.position, c.article_index) for c in found], SUMY_INPUT_CAP)
    order = _sumy_order(make_summarizer(algorithm, titles), [found[i] for i in chosen])
    for rank, local in enumerate(order):
        scores[chosen[local]] = 1.0 - rank / len(order)
    return scores


def _sumy_order(summarizer, found: list[Candidate]) -> list[int]:
    """The candidates' indices, best first, as the sumy summarizer ranks them."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence  # sumy's document model imports requests

    paragraphs, current = [], []
    for i, candidate in enumerate(found):
        if current and candidate.article_index != found[i - 1].article_index:
            paragraphs.append(Paragraph(current))
            current = []
        current.append(Sentence(candidate.text, _tokenizer))
    paragraphs.append(Paragraph(current))
    ranking: list[int] = []

    def record(infos):  # sumy hands its sentence-count callable the sentences best first
        ranking.extend(info.order for info in infos)
        return infos

    summarizer(ObjectDocumentModel(paragraphs), record)
    return ranking
