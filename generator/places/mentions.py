"""Find the countries an article names: its dateline, then every gazetteer name in title and body,
with names in another sense dropped and shared names decided by the rest of the article."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from generator.places.gazetteer import Entry, Gazetteer, fold
from generator.places.names import find_names, name_at
from generator.text import STOP_WORDS

_MONTH = r"(?i:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
_DATE = r"(?:" + _MONTH + r"\s+\d{1,3}|\d{1,2}\s+" + _MONTH + r")"
# "SALVADOR, Feb 26 -", "TROY, Mich., March 16 -", "Kyiv, Ukraine –": a place, an optional
# region or country, an optional date, then a dash.
_DATELINE = re.compile(
    r"[\s*]*(?P<place>[A-Z][^\W\d_]*(?:[ .'’-]+[^\W\d_]+)*\.?)"
    r"(?:\s*,\s*(?:the\s+)?(?P<region>(?!" + _DATE + r")[A-Z][^\W\d_]*(?:[ .'’-]+[^\W\d_]+)*\.?))?"
    r"(?:\s*,?\s+(?P<date>" + _DATE + r"))?\s*[-–—]+\s"
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:\"”]\s+|\n)(?:The\s+)?$")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")
_WORD_AFTER = re.compile(r"^\W*([^\W\d_]+)")
_NAME_AFTER = re.compile(r"(?:-|\s+(?:&\s+)?)[A-Z][a-z]")
_CAPITALISED_BEFORE = re.compile(r"\b([A-Z][a-z]+) +$")
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+$")


@dataclass(frozen=True)
class Mention:
    """One resolved mention of a country."""

    code: str
    zone: str  # "title", "dateline" or "body"
    paragraph: int  # index of the body paragraph; -1 for the title
    sentence_start: bool  # the name opens its sentence: the country is likely the subject


@dataclass(frozen=True)
class _Raw:
    """A name found in the text, before its country is decided."""

    entry: Entry
    zone: str
    paragraph: int
    sentence_start: bool


def find_mentions(title: str, body: str, places: Gazetteer) -> list[Mention]:
    """Every country mention in the article, in reading order."""
    title = title.replace("’", "'").replace("‘", "'")
    body = body.replace("’", "'").replace("‘", "'")
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
        code = places.dateline_regions.get(fold(region).replace(" ", "")) if region else None
        code = code or places.dateline_places.get(fold(place))
        if code:
            return [Mention(code, "dateline", index, True)]
    return []


def _scan(text: str, zone: str, paragraph_starts: list[int], places: Gazetteer) -> list[_Raw]:
    found = []
    for start, end, name in find_names(places.names, text):
        entry = places.entries[name]
        if _other_sense(name, text, start, end, places) or (entry.kind == "city" and _in_compound(text, start, end, places)):
            continue
        before = text[max(0, start - 60):start]
        found.append(_Raw(
            entry,
            zone,
            -1 if zone == "title" else bisect.bisect_right(paragraph_starts, start) - 1,
            bool(_SENTENCE_END.search(before)) or start in paragraph_starts,
        ))
    return found


# Capitalised words that may stand before a place without being part of a name.
_PLACE_MODIFIERS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
                              "Central", "Greater", "Upper", "Lower", "President", "King", "Queen"})


def _name_before(text: str, start: int, places: Gazetteer) -> bool:
    """True when a capitalised word that is neither a function word nor a place stands right
    before `start`: the two read as one name (Michael Jordan, Morgan Stanley)."""
    before = text[max(0, start - 30):start]
    match = _CAPITALISED_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1)
    return not (word.casefold() in STOP_WORDS or word in _PLACE_MODIFIERS or word in places.entries)


def _in_compound(text: str, start: int, end: int, places: Gazetteer) -> bool:
    """A city inside a longer capitalised name is part of that name, not the place: Morgan Stanley,
    Toyota Motor, Bristol-Myers, George Shultz. Places next to places (Tokyo, Japan) still count."""
    after = _NAME_AFTER.match(text, end)
    if after and not name_at(places.names, text, after.end() - 2):
        return True
    return _name_before(text, start, places)


def _other_sense(name: str, text: str, start: int, end: int, places: Gazetteer) -> bool:
    """True when the words around `name` show it is not a place (Turkey dinner, Michael Jordan)."""
    senses = places.other_senses.get(name)
    if not senses:
        return False
    previous = _WORD_BEFORE.search(text[max(0, start - 40):start])
    following = _WORD_AFTER.search(text[end:end + 40])
    if previous and previous.group(1).casefold() in {w.casefold() for w in senses.get("before", ())}:
        return True
    if following and following.group(1).casefold() in {w.casefold() for w in senses.get("after", ())}:
        return True
    if senses.get("person"):
        return bool(_HONORIFIC_BEFORE.search(text[max(0, start - 10):start])) or _name_before(text, start, places)
    return False


def _resolve(dateline: list[Mention], raw: list[_Raw]) -> list[Mention]:
    """Unambiguous names count as they are; a shared name takes the candidate the article
    otherwise supports, else its default, else it is dropped."""
    strong = {m.code for m in dateline} | {r.entry.default for r in raw if _unambiguous(r.entry)}
    hints = strong | {r.entry.candidates[0] for r in raw if len(r.entry.candidates) == 1}
    chosen: list[str | None] = []
    for r in raw:
        if _unambiguous(r.entry) or len(r.entry.candidates) == 1:
            chosen.append(r.entry.default)
            continue
        supported = [c for c in r.entry.candidates if c in hints]
        chosen.append(supported[0] if supported else r.entry.default)
    resolved = strong | set(chosen)
    mentions = list(dateline)
    for r, code in zip(raw, chosen):
        if code is None and len(r.entry.candidates) == 1 and r.entry.candidates[0] in resolved:
            code = r.entry.candidates[0]  # a name that needs support ("Georgian") and has it
        if code:
            mentions.append(Mention(code, r.zone, r.paragraph, r.sentence_start))
    return mentions


def _unambiguous(entry: Entry) -> bool:
    return len(entry.candidates) == 1 and entry.default is not None
