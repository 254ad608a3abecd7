"""A large, read-only table of place names to country codes that loads at once.

The dateline table holds 187,000 places. As a dict it took 0.045 s to unpickle, in every process that
tags an article: most of what a rebuild spent to tag one new article (docs/performance.md). Here the
names are one sorted text with their offsets, and the codes one string of two letters each: three
objects to load, and a lookup is a binary search of about 18 steps (a few microseconds, once an article).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

CODE_LENGTH = 2  # ISO 3166 alpha-2


@dataclass(frozen=True)
class PlaceTable:
    """Folded place name -> ISO code, read like a dict (`get`, `items`, `len`)."""

    names: str  # every name, in sorted order, one after the other
    starts: array  # where each name starts in `names`, then len(names)
    codes: str  # the code of name i at [2i, 2i + 2)

    @classmethod
    def of(cls, places: Iterable[tuple[str, str]]) -> PlaceTable:
        """The table of (name, code) pairs; a name given twice keeps its last code, as a dict would."""
        by_name = dict(places)
        if set(map(len, by_name.values())) - {CODE_LENGTH} or any("\n" in name for name in by_name):
            raise ValueError("every code must be two letters, and no name may hold a line break")
        names = sorted(by_name)
        return cls._of_sorted(names, "".join(map(by_name.__getitem__, names)))

    @classmethod
    def from_lines(cls, lines: str, codes: str) -> PlaceTable:
        """The table `as_lines` gave (sorted names one per line, and their codes), as it gave it."""
        return cls._of_sorted(lines.split("\n") if lines else [], codes)

    @classmethod
    def _of_sorted(cls, names: list[str], codes: str) -> PlaceTable:
        if len(codes) != CODE_LENGTH * len(names):
            raise ValueError("each name needs a two-letter code")
        return cls("".join(names), array("q", accumulate(map(len, names), initial=0)), codes)

    def as_lines(self) -> tuple[str, str]:
        """The names one per line (no name holds a line break), and their codes: a compact form to store."""
        return "\n".join(name for name, _ in self.items()), self.codes

    def get(self, name: str, default: str | None = None) -> str | None:
        names, starts = self.names, self.starts
        low, high = 0, len(starts) - 1
        while low < high:
            middle = (low + high) // 2
            if names[starts[middle] : starts[middle + 1]] < name:
                low = middle + 1
            else:
                high = middle
        if low < len(starts) - 1 and names[starts[low] : starts[low + 1]] == name:
            return self.codes[CODE_LENGTH * low : CODE_LENGTH * low + CODE_LENGTH]
        return default

    def items(self) -> Iterator[tuple[str, str]]:
        names, starts, codes = self.names, self.starts, self.codes
        for index in range(len(starts) - 1):
            yield names[starts[index] : starts[index + 1]], codes[CODE_LENGTH * index : CODE_LENGTH * index + CODE_LENGTH]

    def __len__(self) -> int:
        return len(self.starts) - 1
