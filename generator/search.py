"""The build-time search index, split so that a search downloads only what the words typed need.

Searching happens entirely on the reader's device (`static/search.js`), so a static host needs no server and
no query ever leaves the browser. One file holding every row grew with the site (55 MB at 100,000 articles),
and a phone had to fetch all of it before showing a result. So the index is split, under `search/`:
- `index.json`: how the rest is split (the number of word files and of rows per row file, the key length,
  the words not indexed);
- `words-N.json`: `{word: [posting, ...]}` for every word whose key (its first `KEY_LENGTH` letters, or the
  whole word when shorter) hashes to N; a posting is `2 × row + 1` when the word is in the row's title, `2 ×
  row` when only in its text;
- `rows-N.json`: what a result shows, `[kind, title, url, date or ""]`, for rows `N × ROWS_PER_FILE` on.
A word typed is looked up in the one word file its key names, so a search of three words fetches the
manifest, at most three word files and the row files of the results shown (20 at a time): tens of kilobytes
at any size.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.site import Encode

KEY_LENGTH = 3  # a word typed with fewer letters matches only that whole word ("uk", "eu")
ROWS_PER_WORD_FILE = 200  # 51 KB the largest word file at 5,000 articles (a common word's postings make more)
# A search's results are spread over the rows, so each result shown may need a row file of its own; but every
# rebuild that renumbers the rows rewrites every row file (at 10 rows a file, 0.26 s of a 5,000-article rebuild).
ROWS_PER_FILE = 50  # about 9 KB a file
# Words in nearly every row: their postings would fill a word file, and a reader who types one means the others.
SKIPPED = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he",
        "her", "his", "in", "is", "it", "its", "of", "on", "or", "said", "she", "that", "the", "their", "they", "this",
        "to", "was", "were", "which", "who", "will", "with"
    }
)


@dataclass(frozen=True)
class SearchDocument:
    """One thing search finds: what a result shows (kind, title, url, date) and what it is found by."""

    kind: str
    title: str
    url: str
    date: dt.date | None
    text: str = ""


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would make one per row
_COMBINING = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as `[\p{L}\p{N}]+` in search.js


def search_entry(document: SearchDocument) -> str:
    """A document's row and the words it is found by, on two lines (a JSON row holds no raw newline)."""
    return _row(document) + "\n" + _found_by(document)


def _row(document: SearchDocument) -> str:
    """What a result shows, as `[kind, title, url, date or ""]`."""
    date = document.date.isoformat() if document.date else ""
    return _ENCODER.encode([document.kind, document.title, document.url, date])


def _found_by(document: SearchDocument) -> str:
    """The words a document is found by: its title's, a tab, then the other words of its text."""
    title = _distinct(words(document.title))
    in_title = set(title)
    text = [w for w in _distinct(words(document.text)) if w not in in_title]
    return " ".join(title) + "\t" + " ".join(text)


def words(text: str) -> list[str]:
    """`text`'s words as search.js reads them: accents off, lower case, split at anything not a letter or digit."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFD", text)).lower()
    return _WORD.findall(folded)


def word_key(word: str) -> str:
    return word[:KEY_LENGTH]


def word_file_of(key: str, word_files: int) -> int:
    """The word file holding the words with this key (CRC-32 of its UTF-8, as search.js computes it)."""
    return zlib.crc32(key.encode("utf-8")) % word_files


def _distinct(found: list[str]) -> list[str]:
    return [w for w in dict.fromkeys(found) if w not in SKIPPED]


@dataclass
class SearchIndex:
    """The index's files for `rows` documents. `documents(encode)` gives every row's `search_entry`, in row
    order, encoded through the build's cache (a rebuild encodes only what changed); they are split into
    word files and row files once, when the first file is made."""

    rows: int
    documents: Callable[[Encode], list[bytes]]
    _made: _Split | None = field(default=None, init=False, repr=False)

    @property
    def word_files(self) -> int:
        return max(1, math.ceil(self.rows / ROWS_PER_WORD_FILE))

    @property
    def row_files(self) -> int:
        return max(1, math.ceil(self.rows / ROWS_PER_FILE))

    def files(self) -> list[tuple[str, Callable[[Encode], bytes]]]:
        """Every file of the index: its URL and how it is made."""
        made = [("search/index.json", self._manifest)]
        made += [(f"search/words-{n}.json", self._word_file(n)) for n in range(self.word_files)]
        made += [(f"search/rows-{n}.json", self._row_file(n)) for n in range(self.row_files)]
        return made

    def _manifest(self, _encode: Encode) -> bytes:
        manifest = {"words": self.word_files, "rows": ROWS_PER_FILE, "key": KEY_LENGTH, "skip": sorted(SKIPPED)}
        return (_ENCODER.encode(manifest) + "\n").encode("utf-8")

    def _word_file(self, number: int) -> Callable[[Encode], bytes]:
        def make(encode: Encode) -> bytes:
            postings = self._split(encode).postings[number]
            return (_ENCODER.encode({word: found.tolist() for word, found in postings.items()}) + "\n").encode("utf-8")

        return make

    def _row_file(self, number: int) -> Callable[[Encode], bytes]:
        def make(encode: Encode) -> bytes:
            rows = self._split(encode).rows[number * ROWS_PER_FILE : (number + 1) * ROWS_PER_FILE]
            return b"[" + b",\n".join(rows) + b"]\n"

        return make

    def _split(self, encode: Encode) -> _Split:
        if self._made is None:
            rows: list[bytes] = []
            found_by: list[bytes] = []
            for entry in self.documents(encode):
                row, _, words = entry.partition(b"\n")
                rows.append(row)
                found_by.append(words)
            self._made = _Split(rows, _postings(found_by, self.word_files))
        return self._made


@dataclass(frozen=True)
class _Split:
    rows: list[bytes]
    postings: list[dict[str, array]]  # per word file, its words' postings (in order of first use), rows ascending


def _postings(found_by: list[bytes], word_files: int) -> list[dict[str, array]]:
    """Each word file's words and their postings, from each row's `_found_by` line. Postings are kept as
    machine integers (4 bytes each, where a list holds an 8-byte pointer to a 28-byte int): 193,000 of them
    at 5,000 articles."""
    postings: defaultdict[bytes, array] = defaultdict(lambda: array("I"))
    for row, line in enumerate(found_by):
        title, _, text = line.partition(b"\t")
        in_title, in_text = 2 * row + 1, 2 * row
        for word in title.split():
            postings[word].append(in_title)
        for word in text.split():
            postings[word].append(in_text)
    files: list[dict[str, array]] = [{} for _ in range(word_files)]
    file_of: dict[str, int] = {}
    for spelled, found in postings.items():
        word = spelled.decode("utf-8")
        key = word_key(word)
        number = file_of.get(key)
        if number is None:
            number = file_of[key] = word_file_of(key, word_files)
        files[number][word] = found
    return files
