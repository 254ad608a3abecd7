"""Extractive storyline summaries: sumy's ranking plus what the storyline knows, every sentence credited.

The pipeline for one storyline:
1. `candidates`: every sentence of its articles, with its article, date and position;
2. `ranking`: how central each sentence is by the configured algorithm (fast LexRank by default);
3. `signals`: how much of what the outlets agree on a sentence says, its position, its length;
4. `selection`: best first, passing over near-repeats and sentences that cannot stand alone.
"""

from __future__ import annotations

from dataclasses import replace

from generator.config import SummaryConfig
from generator.model import Article, Storyline, SummarySentence
from generator.summaries.candidates import candidates, term_vectors
from generator.summaries.ranking import salience
from generator.summaries.selection import arrange, select
from generator.summaries.signals import consensus, length_factor, position_prior

# Weights of the signals, tuned on neus_val only (docs/summaries.md has the measurements).
CONSENSUS_WEIGHT = 1.0
SALIENCE_WEIGHT = 0.1
POSITION_WEIGHT = 0.25


def summarise(storyline: Storyline, articles: dict[str, Article], config: SummaryConfig) -> Storyline:
    """The storyline with up to `config.sentences` sentences (and about `config.max_words` words) as summary."""
    members = [articles[i] for i in storyline.article_ids]
    found = candidates(members)
    if not found:
        return replace(storyline, summary=())
    vectors = term_vectors([c.terms for c in found])
    titles = [a.title for a in members]
    scores = (
        CONSENSUS_WEIGHT * consensus(found, titles)
        + SALIENCE_WEIGHT * salience(found, config.algorithm, titles)
        + POSITION_WEIGHT * position_prior(found)
    ) * length_factor(found)
    chosen = arrange(found, select(found, scores, vectors, config.sentences, config.max_words), config.order)
    return replace(storyline, summary=tuple(SummarySentence(found[i].text, found[i].article_id) for i in chosen))
