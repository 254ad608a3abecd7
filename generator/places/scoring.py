"""Split an article's countries into focus and mentioned by where and how often each appears.

A country is in focus when it scores FOCUS_SCORE on its own and at least FOCUS_SHARE of the
article's top country: a dateline or a title naming it gets there alone, as does a country named in
the lead and again later; a country named in passing, or one of many listed, does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.places.mentions import Mention

TITLE = 3.0
DATELINE = 4.0
LEAD = 1.5  # named in the first paragraph
SUBJECT = 0.5  # each mention that opens a sentence, where the subject usually stands
MENTION = 0.75  # each mention in the body ...
MOST_MENTIONS = 4  # ... counted up to this many
SHARE = 1.0  # times the country's share of all country mentions in the body
FOCUS_SCORE = 4.0
FOCUS_SHARE = 0.4


@dataclass
class Evidence:
    """What the article says about one country."""

    first: int  # order of first appearance, for a stable ranking
    title: bool = False
    dateline: bool = False
    lead: bool = False
    subject: int = 0
    mentions: int = 0

    def score(self, all_mentions: int) -> float:
        share = self.mentions / all_mentions if all_mentions else 0.0
        return (
            TITLE * self.title
            + DATELINE * self.dateline
            + LEAD * self.lead
            + SUBJECT * min(self.subject, MOST_MENTIONS)
            + MENTION * min(self.mentions, MOST_MENTIONS)
            + SHARE * share
        )


def collect(mentions: list[Mention]) -> dict[str, Evidence]:
    evidence: dict[str, Evidence] = {}
    for order, mention in enumerate(mentions):
        item = evidence.setdefault(mention.code, Evidence(first=order))
        if mention.zone == "title":
            item.title = True
        elif mention.zone == "dateline":
            item.dateline = True
        else:
            item.mentions += 1
            item.subject += mention.sentence_start
            item.lead = item.lead or mention.paragraph == 0
    return evidence


def split(evidence: dict[str, Evidence]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Focus and mentioned countries, each strongest first."""
    all_mentions = sum(item.mentions for item in evidence.values())
    scores = {code: item.score(all_mentions) for code, item in evidence.items()}
    ranked = sorted(scores, key=lambda c: (-scores[c], evidence[c].first, c))
    top = scores[ranked[0]] if ranked else 0.0
    focus = tuple(c for c in ranked if scores[c] >= FOCUS_SCORE and scores[c] >= FOCUS_SHARE * top)
    return focus, tuple(c for c in ranked if c not in focus)
