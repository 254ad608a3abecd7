"""How central each candidate sentence is, by the configured algorithm, scaled to 0..1.

`lexrank` (the default) runs the project's fast LexRank on every sentence. The other sumy
algorithms run through sumy unchanged, but only on the first `SUMY_INPUT_CAP` sentences taken
lead-first across articles (every article's first sentence, then every second one, ...): they
are quadratic or worse in pure Python, and a storyline of a few hundred articles must not
stall the build. Sentences left out of their input get no salience (other signals still apply).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from generator.summaries.candidates import Candidate, leads_first
from generator.summaries.lexrank import FastLexRankSummarizer
from generator.text import STOP_WORDS, SumyTokenizer, stem, words

SUMMARIZERS = {
    "lexrank": FastLexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "sumbasic": SumBasicSummarizer,
    "edmundson": EdmundsonSummarizer,
}
SUMY_INPUT_CAP = 250
# Edmundson's cue method needs words that make a sentence less summary-like.
STIGMA_WORDS = ("photo", "picture", "caption", "subscribe", "newsletter", "advertisement", "click", "copyright")
_tokenizer = SumyTokenizer()


def make_summarizer(algorithm: str, titles: list[str]):
    """A sumy summarizer with English stemming and stop words; Edmundson's bonus words are the headlines'."""
    summarizer = SUMMARIZERS[algorithm](stem)
    if algorithm == "edmundson":
        summarizer.bonus_words = sorted({w for title in titles for w in words(title)} - STOP_WORDS) or ["news"]
        summarizer.stigma_words, summarizer.null_words = STIGMA_WORDS, sorted(STOP_WORDS)
    else:
        summarizer.stop_words = STOP_WORDS
    return summarizer


@lru_cache(maxsize=1)
def _lexrank() -> FastLexRankSummarizer:
    """One LexRank summarizer for every storyline (it does not depend on the headlines): its stems are
    remembered from one storyline to the next."""
    return make_summarizer("lexrank", [])


def salience(found: list[Candidate], algorithm: str, titles: list[str]) -> np.ndarray:
    """One score per candidate in 0..1, higher for sentences the algorithm finds more central."""
    scores = np.zeros(len(found))
    if not found:
        return scores
    if algorithm == "lexrank":
        ranked = _lexrank().rate([Sentence(c.text, _tokenizer) for c in found])
        ranked = np.nan_to_num(ranked, nan=0.0)
        top = ranked.max()
        return ranked / top if top > 0 else scores
    summarizer = make_summarizer(algorithm, titles)
    chosen = leads_first([(c.position, c.article_index) for c in found], SUMY_INPUT_CAP)
    order = _sumy_order(summarizer, [found[i] for i in chosen])
    for rank, local in enumerate(order):
        scores[chosen[local]] = 1.0 - rank / len(order)
    return scores


def _sumy_order(summarizer, found: list[Candidate]) -> list[int]:
    """The candidates' indices, best first, as the sumy summarizer ranks them."""
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
