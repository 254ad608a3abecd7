"""Find the countries an article names: its dateline, then every gazetteer name in title and body,
with names in another sense dropped and shared names decided by the rest of the article."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from generator.places.gazetteer import Entry, Gazetteer, fold

_MONTH = r"(?i:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
_DATE = r"(?:" + _MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH + r")"
# "SALVADOR, Feb 26 -", "TROY, Mich., March 16 -", "Kyiv, Ukraine –": a place, an optional
# region or country, an optional date, then a dash.
_DATELINE = re.compile(
    r"[\s*]*(?P<place>[A-Z][^\W\d_]*(?:[ .'’-]+[^\W\d_]+)*\.?)"
    r"(?:\s*,\s*(?P<region>(?!" + _DATE + r")[A-Z][^\W\d_]*(?:[ .'’-]+[^\W\d_]+)*\.?))?"
    r"(?:\s*,?\s+(?P<date>" + _DATE + r"))?\s*[-–—]+\s"
)
_TITLE_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?|(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+)\s+$")
_SENTENCE_END = re.compile(r"(?:^|[.!?:\"”]\s+|\n)(?:The\s+)?$")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")
_WORD_AFTER = re.compile(r"^\W*([^\W\d_]+)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True)
class Mention:
    """One resolved mention of a country."""

    code: str
    zone: str  # "title", "dateline" or "body"
    paragraph: int  # index of the body paragraph; -1 for the title
    sentence_start: bool  # the name opens its sentence: the country is likely the subject
    kind: str


@dataclass(frozen=True)
class _Raw:
    name: str
    entry: Entry
    zone: str
    paragraph: int
    sentence_start: bool


def find_mentions(title: str, body: str, places: Gazetteer) -> list[Mention]:
    """Every country mention in the article, in reading order."""
    title = title.translate(_APOSTROPHES)
    body = body.translate(_APOSTROPHES)
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", body)]
    dateline = _dateline(body, paragraph_starts, places)
    raw = _scan(title, "title", [0], places) + _scan(body, "body", paragraph_starts, places)
    return _resolve(dateline, raw)


def _dateline(body: str, paragraph_starts: list[int], places: Gazetteer) -> list[Mention]:
    """The dateline of the first or second paragraph (a standfirst may come first)."""
    for index, start in enumerate(paragraph_starts[:2]):
        match = _DATELINE.match(body, start)
        if not match:
            continue
        place, region = match.group("place"), match.group("region")
        if not (match.group("date") or region or place.isupper()):
            continue
        code = places.dateline_regions.get(fold(region)) if region else None
        code = code or places.dateline_places.get(fold(place))
        if code:
            return [Mention(code, "dateline", index, True, "dateline")]
    return []


def _scan(text: str, zone: str, paragraph_starts: list[int], places: Gazetteer) -> list[_Raw]:
    found = []
    for match in places.pattern.finditer(text):
        name = match.group(0)
        start, end = match.span()
        entry = places.entries[name]
        if _other_sense(name, text, start, end, places) or (entry.kind == "city" and _in_compound(text, start, end, places)):
            continue
        before = text[max(0, start - 60):start]
        found.append(_Raw(
            name,
            entry,
            zone,
            -1 if zone == "title" else bisect.bisect_right(paragraph_starts, start) - 1,
            bool(_SENTENCE_END.search(before)) or start in paragraph_starts,
        ))
    return found


_NAME_AFTER = re.compile(r"(?:-|\s+(?:&\s+)?)[A-Z][a-z]")
_NAME_BEFORE = re.compile(r"(?<![.!?:;\"“]\s)(?<![.!?:;\"“])\b[A-Z][a-z]+\s+$")


def _in_compound(text: str, start: int, end: int, places: Gazetteer) -> bool:
    """A city inside a longer capitalised name is part of that name, not the place: Morgan Stanley,
    Toyota Motor, Bristol-Myers, George Shultz. Places next to places (Tokyo, Japan) still count."""
    after = _NAME_AFTER.match(text, end)
    if after and not _starts_place(text, after.end() - 2, places):
        return True
    before = _NAME_BEFORE.search(text, max(0, start - 30), start)
    return bool(before) and before.group(0).strip() not in places.entries


def _starts_place(text: str, position: int, places: Gazetteer) -> bool:
    match = places.pattern.match(text, position)
    return bool(match)


def _other_sense(name: str, text: str, start: int, end: int, places: Gazetteer) -> bool:
    """True when the words around `name` show it is not a place (Turkey dinner, Michael Jordan)."""
    senses = places.other_senses.get(name)
    if not senses:
        return False
    before = text[max(0, start - 40):start]
    previous = _WORD_BEFORE.search(before)
    following = _WORD_AFTER.search(text[end:end + 40])
    if previous and previous.group(1).casefold() in {w.casefold() for w in senses.get("before", ())}:
        return True
    if following and following.group(1).casefold() in {w.casefold() for w in senses.get("after", ())}:
        return True
    if senses.get("person") and _TITLE_BEFORE.search(before):
        word = _WORD_BEFORE.search(before)
        return word is None or word.group(1) not in places.entries
    return False


def _resolve(dateline: list[Mention], raw: list[_Raw]) -> list[Mention]:
    """Unambiguous names count as they are; a shared name takes the candidate the article
    otherwise supports, else its default, else it is dropped."""
    support = {m.code for m in dateline} | {r.entry.default for r in raw if len(r.entry.candidates) == 1}
    mentions = list(dateline)
    for r in raw:
        supported = [c for c in r.entry.candidates if c in support]
        code = supported[0] if supported else r.entry.default
        if code:
            mentions.append(Mention(code, r.zone, r.paragraph, r.sentence_start, r.entry.kind))
    return mentions
