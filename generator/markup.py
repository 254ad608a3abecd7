"""Article bodies from Markdown to HTML, with untrusted input kept inert.

Bodies come from editors, feeds and exports, so nothing in them may run in a
reader's browser: raw HTML is shown as text (markdown-it's `html` option off) and
a link or image is kept only when its address is a web or mail address, or
relative; `javascript:`, `data:`, `vbscript:` and any other scheme stay plain text.
"""

from __future__ import annotations

import re

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


_markdown = MarkdownIt("commonmark", {"html": False})
_markdown.validateLink = is_safe_url


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML escaped and unsafe link schemes refused."""
    return _markdown.render(text)
