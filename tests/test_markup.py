"""An article body becomes the same HTML whether it takes the plain-prose path or markdown-it's parser."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import markup
from generator.content import load_content
from generator.markup import render_markdown

EVAL_TEXTS = sorted((SHARED / "eval").glob("*/*.jsonl"))

# Each looks like prose but means something to Markdown, or sits at the edge of what the plain path takes.
EDGES = [
    "",
    "\n\n",
    "One line.",
    "Two\nlines.",
    "First paragraph.\n\n\n\nSecond paragraph.\n",
    "\nLeading and trailing newlines.\n\n",
    'He said "no" and left.',
    "Headline\n===",
    "Headline\n---",
    "Text\n-",
    "Text\n\n1.",
    "Text\n\n2)",
    "- item",
    "Hard  \nbreak",
    "Soft \nbreak",
    " Indented first line",
    "    code",
    "Tab\there",
    "AT&T &amp; &copy;",
    "Non\u00a0breaking\u00a0space at the end\u00a0",
    "Line\u2028separator",
    "Form\x0cfeed",
    "Carriage\r\nreturn",
    "Nul\x00byte",
    "<b>not html</b>",
    "a * b",
    "snake_case",
    "1. First\n2. Second",
    "Ends with a backslash\\\nnext",
    "Price: $5 (about 4.6 euros) — 100% sure; a + b = c.",
]


def _as_markdown_it_renders(text: str) -> None:
    assert render_markdown.__wrapped__(text) == markup._markdown.render(text), repr(text)


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases_render_as_markdown_it_renders_them(text):
    _as_markdown_it_renders(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\"'\n-=1)*&\t\u00a0\u2028")), max_size=40))
def test_any_text_of_risky_characters_renders_as_markdown_it_renders_it(text):
    _as_markdown_it_renders(text)


def test_the_bundled_articles_render_as_markdown_it_renders_them():
    for article in load_content(PROJECT / "content").articles:
        _as_markdown_it_renders(article.body)


@pytest.mark.skipif(not EVAL_TEXTS, reason="../shared/eval is not beside the project")
def test_every_evaluation_article_renders_as_markdown_it_renders_it():
    plain = 0
    for path in EVAL_TEXTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            _as_markdown_it_renders(text)
            plain += not markup._NOT_PLAIN_PROSE.search(text)
    assert plain > 10_000  # the plain path is the common one, so this compared it many times
