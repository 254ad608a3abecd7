"""Article bodies from Markdown to HTML, with untrusted input kept inert.

Bodies come from editors, feeds and exports, so nothing in them may run in a
reader's browser: raw HTML is shown as text (markdown-it's `html` option off) and
a link or image is kept only when its address is a web or mail address, or
relative; `javascript:`, `data:`, `vbscript:` and any other scheme stay plain text.
Images are never embedded: an image would make the reader's browser fetch it from
wherever it lives (a third party, as a rule), so it becomes a link to the image,
named by its alt text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses, and for relative ones (no scheme at all)."""
    # Browsers drop control characters and spaces inside a scheme ("java\tscript:"), so do the same first.
    squeezed = _IGNORED_BY_BROWSERS.sub("", url).lower()
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


def _image_as_link(renderer, tokens, idx, options, env) -> str:
    """`![alt](src)` becomes a link to src labelled with the alt text; nothing is fetched."""
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env) or "image"
    return f'<a href="{escape(str(token.attrGet("src")))}">Image: {escape(alt)}</a>'


_markdown = MarkdownIt("commonmark", {"html": False})
_markdown.validateLink = is_safe_url
_markdown.add_render_rule("image", _image_as_link)


_MARKUP = re.compile(r"[\[\]*_`<>#!\\|~]|^ {4}|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """The words a reader sees, one paragraph per blank-line-separated block.

    Stages that work on sentences (summaries, country tagging, storyline features) read this,
    so Markdown syntax (link targets, emphasis marks) never becomes part of a quoted sentence.
    """
    if not _MARKUP.search(markdown):
        return markdown  # plain prose, the common case: no parse needed
    blocks = []
    for token in _markdown.parse(markdown):
        if token.type == "inline":
            blocks.append("".join(_inline_text(child) for child in token.children or []))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content)
    return "\n\n".join(" ".join(block.split()) for block in blocks if block.strip())


def _inline_text(token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return token.content if token.type in ("text", "code_inline", "image") else ""


# What plain prose never holds: Markdown syntax, an entity (&), a line of only = or - (a heading underline
# or a rule), whitespace at either end of a line (indentation, a hard break), and characters that Markdown
# or Python treat as whitespace or line ends in their own ways.
_NOT_PLAIN_PROSE = re.compile(
    _MARKUP.pattern + r"|[&\t\r\x00\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"|^[-=]+$|^\d+[.)]$|^ | $",
    re.MULTILINE,
)
_BLANK_LINES = re.compile(r"\n{2,}")


@lru_cache(maxsize=64)
def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML escaped and unsafe link schemes refused.

    Plain prose, most article bodies, is made into paragraphs directly, with the very bytes markdown-it
    gives (`tests/test_markup.py` checks both on every evaluation article): parsing it cost more than
    the rest of an article page. Remembers the last few: an article page renders its body twice (the page
    and its description).
    """
    if _NOT_PLAIN_PROSE.search(text):
        return _markdown.render(text)
    blocks = _BLANK_LINES.split(text.strip("\n"))
    return "".join(f"<p>{block}</p>\n" for block in blocks if block).replace('"', "&quot;")  # no & < > in it
