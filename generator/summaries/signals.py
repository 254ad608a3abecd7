"""What the storyline knows that a single-document ranking does not.

Measured on neus_val (docs/summaries.md), one signal carries most of the gain over plain
LexRank: how much of what the outlets *agree on* a sentence says. A term counts as agreed
when two or more of the storyline's articles use it (in the headline or the text), weighted
by how many do. A mild preference for early sentences and a penalty for very short or very
long ones complete it.
"""

from __future__ import annotations

import numpy as np

from generator.summaries.candidates import Candidate, dots_with_last_row, term_vectors
from generator.text import content_terms

SHORT_WORDS = 8  # below this many words a sentence is usually a fragment, a caption or a quote
LONG_WORDS = 60  # above this, it eats the summary's word budget


def consensus(found: list[Candidate], titles: list[str]) -> np.ndarray:
    """Cosine between each sentence's terms and the terms the storyline's articles share.

    A storyline of one article has nothing to agree with, so there every term of it counts.
    """
    terms_of = [set(content_terms(title)) for title in titles]
    for candidate in found:
        terms_of[candidate.article_index].update(candidate.terms)
    used_by: dict[str, int] = {}
    for terms in terms_of:
        for term in sorted(terms):
            used_by[term] = used_by.get(term, 0) + 1
    needed = min(2, len(titles))
    shared = tuple(term for term, count in used_by.items() if count >= needed for _ in range(count))
    vectors = term_vectors([tuple(dict.fromkeys(c.terms)) for c in found] + [shared])
    return dots_with_last_row(vectors)


def position_prior(found: list[Candidate]) -> np.ndarray:
    """News puts what matters first: 1 for a lead sentence, 1/2 for the second, ..."""
    return np.array([1.0 / (1 + c.position) for c in found])


def length_factor(found: list[Candidate]) -> np.ndarray:
    """1 for ordinary sentences, shrinking in proportion below SHORT_WORDS and above LONG_WORDS."""
    lengths = np.array([max(c.length, 1) for c in found], dtype=float)
    return np.minimum(1.0, lengths / SHORT_WORDS) * np.minimum(1.0, LONG_WORDS / lengths)
