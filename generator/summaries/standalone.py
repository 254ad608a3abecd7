"""Can a sentence be read on its own, out of its article? Summaries pass over those that cannot."""

from __future__ import annotations

import re

from generator.text import normalise

# Openers that point back to something the summary will not show.
_UNRESOLVED_OPENERS = frozenset(
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "his",
        "hers",
        "them",
        "their",
        "theirs",
        "its",
        "it's",
        "these",
        "those",
        "but",
        "and",
        "or",
        "nor",
        "so",
        "yet",
        "also",
        "however",
        "meanwhile",
        "still",
        "instead",
        "moreover",
        "furthermore",
        "additionally",
        "besides",
        "thus",
        "therefore",
        "hence",
        "then",
        "otherwise",
        "nonetheless",
        "nevertheless",
        "likewise",
        "similarly",
        "consequently",
        "accordingly",
        "indeed",
        "later",
        "afterwards",
    ]
)
_UNRESOLVED_PHRASES = (
    "in addition",
    "as a result",
    "on the other hand",
    "for example",
    "for instance",
    "at the same time",
    "in response",
    "in contrast",
    "even so",
    "by contrast",
    "that is",
    "that was",
    "this is",
    "this was",
    "that's",
    "this comes",
    "it comes",
    "it came",
    "it follows",
    "it followed",
    "the move",
    "the decision",
    "the statement",
    "the comments",
    "the remarks",
)
_FIRST_WORD = re.compile(r"[A-Za-z']+")
_BYLINE = re.compile(r"^\(?(?:by|reporting by|writing by|editing by|additional reporting by)\s+[A-Z]", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?:\(?(?:file )?(?:photo|picture|image|video|pictured|caption|credit|watch|related|read more|see also)\b"
    r"|.*\((?:AP|AFP|Reuters|Getty|EPA)[^)]*(?:photo|images?)[^)]*\)\s*$"
    r"|.*\b(?:photo|image)s?\s*:\s)",
    re.IGNORECASE,
)
_BARE_QUOTE = re.compile(r'^"[^"]+"[.,!?]?$')
_HEADLINE_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")  # the words whose capitals tell Title Case
MIN_WORDS = 4  # "Senate", "That changes Tuesday.": a paragraph's label or a fragment, not a statement


def stands_alone(text: str) -> bool:
    """False for sentences that start mid-thought, questions, quotations without their speaker, bylines, photo
    captions, headlines, asides, very short ones, and those that introduce what follows them."""
    plain = normalise(text)
    if len(plain.split()) < MIN_WORDS:
        return False
    if _is_headline(plain) or _is_aside(plain):
        return False
    if plain.startswith('"') and plain.count('"') % 2:
        return False  # a quotation that runs on: who said it is told in a later sentence
    if plain.endswith(":"):
        return False  # it introduces what follows (a list, a quotation), which the summary will not show
    if plain.rstrip("\"')").endswith("?"):
        return False  # a question ("How will the trial unfold?") tells the reader nothing on its own
    if plain[:1].islower():
        return False  # a fragment: text cut before the sentence began
    lowered = plain.lower()
    first = _FIRST_WORD.match(plain.lstrip('"('))
    if first and first.group(0).lower() in _UNRESOLVED_OPENERS:
        return False
    if any(lowered.startswith((p + " ", p + ",")) for p in _UNRESOLVED_PHRASES):
        return False
    return not (_BYLINE.match(plain) or _CAPTION.match(plain) or _BARE_QUOTE.match(plain))


def _is_aside(plain: str) -> bool:
    """Wholly in brackets: an editor's note, a disclosure or a promotion ("(Note: ABC News owns FiveThirtyEight.)",
    "[To follow ..., sign up for the weekly newsletter.]"), an aside to the text around it, not a statement of it."""
    closer = {"(": ")", "[": "]"}.get(plain[:1])
    body = plain.rstrip(".!?")
    if closer is None or not body.endswith(closer):
        return False
    depth = 0
    for place, char in enumerate(body):
        depth += (char == plain[0]) - (char == closer)
        if depth == 0:
            return place == len(body) - 1  # the first bracket closes at the end, not before ("(CNN) ... (AP)")
    return False


def _is_headline(plain: str) -> bool:
    """Title Case and no full stop: another story's headline (a link, a "Read more" teaser), not a sentence."""
    if plain.rstrip("\"')").endswith((".", "!", "?")):
        return False
    words = _HEADLINE_WORD.findall(plain)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
