"""Split an article's countries into focus and mentioned by where and how often each appears."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.places.mentions import Mention


@dataclass
class Evidence:
    """What the article says about one country."""

    title: bool = False
    dateline: bool = False
    lead: bool = False  # named in the first paragraph
    subject: int = 0  # mentions that open a sentence
    mentions: int = 0  # mentions in the body
    first: int = 1_000_000  # order of first appearance, for a stable ranking
    kinds: set[str] = field(default_factory=set)

    def score(self) -> float:
        return 3.0 * self.title + 3.0 * self.dateline + 1.5 * self.lead + 0.5 * self.subject + min(self.mentions, 6) * 0.5


def collect(mentions: list[Mention]) -> dict[str, Evidence]:
    evidence: dict[str, Evidence] = {}
    for order, mention in enumerate(mentions):
        item = evidence.setdefault(mention.code, Evidence(first=order))
        item.kinds.add(mention.kind)
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
    """Focus: countries that score high on their own; mentioned: the rest, strongest first."""
    ranked = sorted(evidence, key=lambda c: (-evidence[c].score(), evidence[c].first, c))
    focus = tuple(c for c in ranked if evidence[c].score() >= 2.0)
    return focus, tuple(c for c in ranked if c not in focus)
