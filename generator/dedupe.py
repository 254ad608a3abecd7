"""Fold duplicate articles into one page that names every outlet that carried the story.

Two kinds are folded. Exact duplicates have the same title and body once normalised.
Near-duplicates are the same wire story republished with small edits or a new
headline: their bodies share most of their word shingles. Comparing every pair
would be quadratic, so each body gets a MinHash signature and LSH buckets them:
only articles that share a bucket are ever compared (`generator/minhash.py`: datasketch's
MinHash and bands), which keeps 100,000 articles to seconds.

Groups are the connected components of "is a duplicate of", and the keeper of a
group is its earliest article (undated last, then lowest id), so the result never
depends on the order files were read in.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, replace

import numpy as np

from generator.executor import MapItems, serial_map
from generator.minhash import LSH_BANDS, LSH_ROWS, NUM_PERM, signature
from generator.model import Article, Carrier
from generator.text import normalise

SHINGLE_WORDS = 5  # a shingle is this many consecutive words
NEAR_SIMILARITY = 0.5  # estimated Jaccard similarity of shingle sets at which two bodies are one story
MIN_WORDS = 25  # shorter bodies are too short to call near-duplicates: they fold only when identical
_TOKEN = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)
_MIX = tuple(np.uint64(m) for m in (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1))


@dataclass(frozen=True)
class Fold:
    """One duplicate folded into its keeper, and how alike their bodies are (1.0 for exact)."""

    duplicate: str
    keeper: str
    similarity: float
    exact: bool


@dataclass(frozen=True)
class Folded:
    """The articles kept (carrying their duplicates) and every fold made, by duplicate id."""

    articles: tuple[Article, ...]
    folds: dict[str, Fold]

    @property
    def folded_into(self) -> dict[str, str]:
        return {dup: fold.keeper for dup, fold in self.folds.items()}


@dataclass(frozen=True)
class Print:
    """What duplicate detection needs of one article: its exact identity and its MinHash signature.

    A function of the title and body alone, so the build caches it per article and computes it in
    worker processes; only the bucketing and the grouping look at all articles at once. It is keyed by the
    whole article, whose hash the build already knows: spelling out every title and body again cost more.
    """

    identity: str  # a hash of the normalised title and body: equal for exact duplicates
    signature: bytes | None  # the MinHash values (NUM_PERM uint64): bytes load from the cache far faster than objects


def article_print(article: Article) -> Print:
    title, body = article.title, article.body
    identity = hashlib.blake2b(repr((normalise(title), normalise(body))).encode("utf-8"), digest_size=20).hexdigest()
    return Print(identity, _signature(body))


def fold_duplicates(articles: tuple[Article, ...], map_items: MapItems = serial_map) -> Folded:
    """Fold exact and near-duplicates; the earliest article of each group is kept.

    `map_items(article_print, ...)` makes each article's print (the build caches and spreads it).
    """
    ordered = sorted(articles, key=lambda a: a.sort_key)
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the lower index, the earlier article, stays the root

    prints = map_items(article_print, ordered)
    identities = [p.identity for p in prints]
    first_with: dict[str, int] = {}
    for i, identity in enumerate(identities):
        join(first_with.setdefault(identity, i), i)

    signatures = [p.signature for p in prints]
    for i, j in _near_pairs(signatures):
        join(i, j)

    groups: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        groups.setdefault(root(i), []).append(i)
    kept, folds = [], {}
    for keeper_index, members in groups.items():
        keeper = ordered[keeper_index]
        copies = [ordered[i] for i in members if i != keeper_index]
        for i in members:
            if i == keeper_index:
                continue
            exact = identities[i] == identities[keeper_index]
            similarity = 1.0 if exact else _similarity(signatures[i], signatures[keeper_index])
            folds[ordered[i].id] = Fold(ordered[i].id, keeper.id, similarity, exact)
        carriers = tuple(Carrier(c.id, c.source, c.source_url, c.path) for c in copies)
        kept.append(replace(keeper, carriers=keeper.carriers + carriers) if carriers else keeper)
    return Folded(tuple(sorted(kept, key=lambda a: a.id)), folds)


def shingles(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of a text's word shingles (lower-cased, punctuation ignored).

    A plain regex split, not `generator.text.words`: fingerprints need speed and exact
    wording, not linguistics, and the same tokens on every run (crc32, not `hash`).
    """
    tokens = _TOKEN.findall(normalise(text).lower())
    if len(tokens) < MIN_WORDS:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64, count=len(tokens))
    count = len(tokens) - SHINGLE_WORDS + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined = (combined ^ hashes[offset : offset + count]) * _MIX[offset]
    return np.unique(combined & _MASK32)


def _signature(body: str) -> bytes | None:
    """The hash values of a MinHash of the body's shingles, or None when the body is too short to compare.

    Only the values: not the permutations they were made with (4 times smaller to cache and send between
    processes), nor an object per article (unpickling a datasketch MinHash per article was slow).
    """
    values = shingles(body)
    return signature(values).tobytes() if len(values) else None


def _near_pairs(signatures: list[bytes | None]):
    """Pairs (i, j), i < j, whose signatures share an LSH bucket and whose bodies are alike enough.

    The buckets of datasketch's MinHashLSH (its bands for our threshold, so the same candidates),
    found by sorting each band's values with numpy: datasketch's storage layer, one dict operation
    per article and band, cost more than all the rest of duplicate detection.
    """
    bands, rows = LSH_BANDS, LSH_ROWS
    present = [i for i, signature in enumerate(signatures) if signature is not None]
    if not present:
        return
    values = np.frombuffer(b"".join(signatures[i] for i in present), dtype=np.uint64).reshape(len(present), NUM_PERM)
    candidates: set[tuple[int, int]] = set()
    for band in range(bands):
        bucket = _buckets(values[:, band * rows : (band + 1) * rows])
        shared = np.flatnonzero(np.bincount(bucket)[bucket] > 1)  # rows in a bucket with another row
        members: dict[int, list[int]] = {}
        for row in shared.tolist():
            members.setdefault(int(bucket[row]), []).append(present[row])
        candidates.update((a, b) for group in members.values() for n, a in enumerate(group) for b in group[n + 1 :])
    for i, j in sorted(candidates):
        if _similarity(signatures[i], signatures[j]) >= NEAR_SIMILARITY:
            yield i, j


def _buckets(block: np.ndarray) -> np.ndarray:
    """A number for each row of `block`, equal for equal rows only. Rows are mixed into one 64-bit value and
    those are sorted (sorting the rows' bytes took twice as long); should two unequal rows ever mix alike, which
    the check below would see, the rows' bytes are sorted instead."""
    mixed = block[:, 0].copy()
    for column in range(1, block.shape[1]):
        mixed = (mixed * _ROW_MIX) ^ block[:, column]
    _, bucket = np.unique(mixed, return_inverse=True)
    first_of = np.empty(int(bucket.max(initial=-1)) + 1, dtype=np.int64)
    first_of[bucket[::-1]] = np.arange(len(bucket) - 1, -1, -1)  # each bucket's first row
    if (block != block[first_of[bucket]]).any():
        keys = np.ascontiguousarray(block).view(f"V{block.dtype.itemsize * block.shape[1]}").ravel()
        _, bucket = np.unique(keys, return_inverse=True)
    return bucket


_ROW_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it loses no bits


def _similarity(a: bytes | None, b: bytes | None) -> float:
    """The share of equal MinHash values: the estimated Jaccard similarity of the two shingle sets
    (as datasketch's `MinHash.jaccard`), to two decimals."""
    if a is None or b is None:
        return 0.0
    equal = np.count_nonzero(np.frombuffer(a, dtype=np.uint64) == np.frombuffer(b, dtype=np.uint64))
    return round(float(equal) / float(NUM_PERM), 2)
