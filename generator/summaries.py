"""Extractive storyline summaries through sumy, each sentence credited to its article."""

from __future__ import annotations

from dataclasses import replace

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from generator.config import SummaryConfig
from generator.model import Article, Storyline, SummarySentence
from generator.text import STOP_WORDS, SumyTokenizer, normalise, sentences

SUMMARIZERS = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "sumbasic": SumBasicSummarizer,
    "edmundson": EdmundsonSummarizer,
}
_tokenizer = SumyTokenizer()


def make_summarizer(algorithm: str):
    """A sumy summarizer with English stemming and stop words."""
    summarizer = SUMMARIZERS[algorithm](Stemmer("english"))
    if algorithm == "edmundson":
        summarizer.bonus_words, summarizer.stigma_words, summarizer.null_words = (), (), tuple(STOP_WORDS)
    else:
        summarizer.stop_words = STOP_WORDS
    return summarizer


def summarise(storyline: Storyline, articles: dict[str, Article], config: SummaryConfig) -> Storyline:
    """Pick up to `config.sentences` sentences (and `config.max_words` words) from the storyline's articles."""
    members = [articles[i] for i in storyline.article_ids]
    document, origin = _document(members)
    if not origin:
        return storyline
    picked = make_summarizer(config.algorithm)(document, config.sentences)
    chosen, seen, words = [], set(), 0
    for sentence in picked:  # sumy returns its picks in document order
        text = str(sentence)
        key = normalise(text).lower()
        length = len(text.split())
        if key in seen or (chosen and words + length > config.max_words):
            continue
        seen.add(key)
        chosen.append(SummarySentence(text, origin[id(sentence)]))
        words += length
    return replace(storyline, summary=tuple(chosen))


def _document(members: list[Article]) -> tuple[ObjectDocumentModel, dict[int, str]]:
    """One sumy document of all the storyline's articles, oldest first; sentence -> article id."""
    paragraphs, origin = [], {}
    for article in members:
        for block in article.body.split("\n\n"):
            found = [Sentence(s, _tokenizer) for s in sentences(" ".join(block.split()))]
            for sentence in found:
                origin[id(sentence)] = article.id
            if found:
                paragraphs.append(Paragraph(found))
    return ObjectDocumentModel(paragraphs), origin
