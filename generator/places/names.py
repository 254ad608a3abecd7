"""Find the gazetteer's names in a text: at each word start, the longest name that ends where a word ends.

The names are looked up by their first word: a small regex finds the word starts that can begin one
(a word whose first letter is not a-z, or one of the few lower-case first words the gazetteer has), and
a dict gives the names that start with that word, longest first. One regex of all 5,600 names (a trie)
finds the same names at about the same speed, but compiling it was slow, in every process
that tags an article: most of a rebuild's tagging of one new article (docs/performance.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FIRST_WORD = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")
_BEGINS_NAME = re.compile(r"[^\W\d_]")  # a name starts with a letter
_NOT_LOWER = r"[^\W\d_a-z]"


@dataclass(frozen=True)
class NameIndex:
    by_first_word: dict[str, tuple[str, ...]]  # longest first
    starts: re.Pattern  # the word starts that may begin a name (after no word character or dot)


def name_index(names: Iterable[str]) -> NameIndex:
    """The index of `names`; names that do not start with a letter can never be found, and are left out."""
    grouped: dict[str, list[str]] = {}
    for name in names:
        if _BEGINS_NAME.match(name):
            grouped.setdefault(_FIRST_WORD.match(name).group(0), []).append(name)
    by_first_word = {word: tuple(sorted(group, key=len, reverse=True)) for word, group in sorted(grouped.items())}
    lower = [re.escape(word) for word in by_first_word if not re.match(_NOT_LOWER, word)]
    branches = [_NOT_LOWER + r"\w*"] + ([f"(?:{'|'.join(lower)})(?!\\w)"] if lower else [])
    return NameIndex(by_first_word, re.compile(r"(?<![\w.])(?:" + "|".join(branches) + ")"))


def find_names(index: NameIndex, text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each name in `text`, left to right, none overlapping."""
    end = 0
    for word in index.starts.finditer(text):
        start = word.start()
        if start < end:
            continue
        name = _longest_at(index.by_first_word.get(word.group(0)), text, start)
        if name:
            end = start + len(name)
            yield start, end, name


def name_at(index: NameIndex, text: str, position: int) -> bool:
    """True when a name starts at `position` of `text`."""
    word = index.starts.match(text, position)
    return bool(word and _longest_at(index.by_first_word.get(word.group(0)), text, position))


def _longest_at(candidates: tuple[str, ...] | None, text: str, start: int) -> str | None:
    for name in candidates or ():
        end = start + len(name)
        if text.startswith(name, start) and not _WORD_CHARACTER.match(text, end):
            return name
    return None
