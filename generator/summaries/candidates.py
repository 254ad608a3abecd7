"""The sentences a storyline summary can choose from, each knowing its article and place."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from generator.model import Article
from generator.text import content_terms, normalise, sentences

# "WASHINGTON (Reuters) - ", "KYIV, March 2 — ", "SEOUL, South Korea — ", "LONDON/NEW YORK (Reuters) - ",
# "WASHINGTON—": the wire's dateline, not part of the sentence. (A hyphen needs a space after it: "U.S.-China".)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’/ -]{1,40}(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2}(?:\s+\d{1,2})?)?\s*)?"
    r"(?:\([^)]{1,40}\)\s*)?(?:[-–—]+\s+|[–—]+(?=[A-Z\"“]))(?=\S)"
)
# "Why it matters: ...", "The big picture: ...": a newsletter's signposts (Axios's, mostly), not part of the sentence.
# (Not a fact check's "CLAIM:": without it, the false claim would read as fact.)
_SIGNPOST = re.compile(
    r"^(?:why it matters|(?:the )?big picture|driving the news|(?:the )?state of play|details|reality check"
    r"|(?:by )?the numbers|the latest|between the lines|context|yes, but|what['’]?s happening|what happened"
    r"|(?:the )?bottom line|what it means|what (?:he|she|they)(?:['’]s| is| are) saying|go deeper|the backstory"
    r"|flashback|what['’]?s next|what to watch|catch up quick|zoom (?:in|out)|be smart|the intrigue"
    r"|our thought bubble|the other side|making the click-through worthwhile)\s*:\s+(?=\S)",
    re.IGNORECASE,
)
# "PUBLISHED FEBRUARY 23, 2021: House Democrats ...": a web page's time stamp.
_STAMP = re.compile(r"^(?:published|updated)\s+(?:on\s+)?[a-z]+\.?\s+\d{1,2},?\s+\d{4}\s*:\s+(?=\S)", re.IGNORECASE)
# "Washington (CNN)The Supreme Court ...", "(CNN) - Sen. ...": an agency's tag without the dash, often glued on.
_AGENCY_TAG = re.compile(r"^(?:[A-Z][A-Za-z.'’ ,-]{1,40}\s)?\((?:CNN|AP|Reuters|AFP)(?: [A-Z][a-z]+)?\)\s*(?:[-–—]+\s*)?(?=\S)")
# The text stops mid-sentence: it ends in a word or a comma, not in a full stop, colon, quote or bracket.
_CUT_OFF = re.compile(r"[\w,;—–-]$")
MAX_CANDIDATES = 1000  # sentences of a storyline considered at most (LexRank on 1,000 takes ~0.1 s)


@dataclass(frozen=True)
class Candidate:
    """One sentence of one article: its text as shown, and what ranking and selection need."""

    text: str
    article_id: str
    article_index: int  # the article's place in the storyline (oldest first)
    date: dt.date | None
    position: int  # the sentence's place in its article, from 0
    terms: tuple[str, ...]  # stemmed content words

    @property
    def length(self) -> int:
        return len(self.text.split())


def candidates(members: list[Article]) -> list[Candidate]:
    """Every sentence of the storyline's articles, paragraph by paragraph, datelines removed; an article's
    last sentence, when the text stops before its end (a feed's excerpt, a clipped page), ends in "…".

    A storyline of more than `MAX_CANDIDATES` sentences offers its articles' leads first (every first
    sentence, then every second, ...): ranking and the near-repeat checks compare sentences in pairs, and
    the largest storylines grow with the corpus (docs/summaries.md, Scaling).
    """
    placed = []
    for index, article in enumerate(members):
        position = 0
        for block in article.text.split("\n\n"):
            for text in sentences(" ".join(block.split())):
                text = _SIGNPOST.sub("", text, count=1)
                if position == 0:
                    text = _AGENCY_TAG.sub("", _DATELINE.sub("", _STAMP.sub("", text, count=1), count=1), count=1)
                placed.append((text, index, position))
                position += 1
        if position and _CUT_OFF.search(placed[-1][0]):
            placed[-1] = (placed[-1][0].rstrip(",;—–- ") + " …", index, position - 1)
    kept = leads_first([(position, index) for _, index, position in placed], MAX_CANDIDATES)
    return [
        Candidate(text, members[index].id, index, members[index].date, position, tuple(content_terms(text)))
        for text, index, position in (placed[i] for i in kept)
    ]


def leads_first(places: list[tuple[int, int]], cap: int) -> list[int]:
    """Of sentences at `(position in article, article index)`, the indices of at most `cap`, in their order:
    every article's first sentence, then every second one, ..."""
    if len(places) <= cap:
        return list(range(len(places)))
    return sorted(sorted(range(len(places)), key=places.__getitem__)[:cap])


def term_vectors(texts_terms: list[tuple[str, ...]]) -> sparse.csr_matrix:
    """Rows of term counts scaled to unit length, so a row product is a cosine similarity.

    Built in one step from its arrays (a summary makes two per storyline, and scipy's conversions cost
    more than the arithmetic), with each row's terms in the order scipy's `diags(1 / norms) @ counts`
    leaves them, last first: sums over a row then add up in the same order, to the same last bit.
    """
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for terms in texts_terms:
        row = sorted(((vocabulary.setdefault(t, len(vocabulary)), n) for t, n in Counter(terms).items()), reverse=True)
        indices.extend(column for column, _ in row)
        counts.extend(count for _, count in row)
        indptr.append(len(indices))
    values = np.asarray(counts, dtype=np.float64)
    rows = np.repeat(np.arange(len(texts_terms)), np.diff(indptr))
    # Sums of whole squares are exact in any order.
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts_terms)))
    norms[norms == 0] = 1.0
    shape = (len(texts_terms), max(len(vocabulary), 1))
    return sparse.csr_matrix(((1.0 / norms)[rows] * values, indices, indptr), shape=shape)


def dots_with_last_row(vectors: sparse.csr_matrix) -> np.ndarray:
    """Each row's dot product with the last row: `rows @ last.T` as scipy computes it, to the last bit.

    Without a sparse product (its set-up cost more than the arithmetic in a summary): scipy adds a row's
    products one after another in the order the row is stored, and so does a cumulative sum.
    """
    split = vectors.indptr[-2]
    last = np.zeros(vectors.shape[1])
    last[vectors.indices[split:]] = vectors.data[split:]
    products = vectors.data[:split] * last[vectors.indices[:split]]
    lengths = np.diff(vectors.indptr[:-1])
    padded = np.zeros((len(lengths), max(int(lengths.max(initial=0)), 1)))
    padded[np.arange(padded.shape[1]) < lengths[:, None]] = products
    return np.cumsum(padded, axis=1)[:, -1]


def sequential_products(unit: np.ndarray) -> np.ndarray:
    """`unit @ unit.T` with each sum taken term after term along the columns, as scipy's sparse product
    adds up a row stored in that order (a BLAS product adds in blocks, and differs in the last bits)."""
    return np.cumsum(unit[:, None, :] * unit[None, :, :], axis=2)[:, :, -1]


def same_text(a: Candidate, b: Candidate) -> bool:
    """Identical once spacing, quotes and case are set aside."""
    return normalise(a.text).lower() == normalise(b.text).lower()
