"""Property-based: whatever the bytes, the front-matter reader, the storylines files and every importer answer
with articles or the project's own Problems, never another exception, each Problem naming what it is about; and
whatever an importer writes passes the check."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import load_content, read_article
from generator.errors import Problem
from generator.frontmatter import decode, parse
from generator.importers import import_files
from generator.storylines.editor import read_editor_file
from generator.storylines.identity import read_registry

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FIELDS = ["title", "date", "source", "source_url", "id", "storyline", "countries", "text", "url", "other"]
yaml_scalars = st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(),
                         st.sampled_from(["2024-05-06", "2024-02-30", "https://x.example/", "UA", "a-b", "~", "*x"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
front_matter_lines = st.lists(
    st.one_of(st.builds(lambda k, v: f"{k}: {json.dumps(v) if not isinstance(v, str) else v}", st.sampled_from(FIELDS), yaml_values),
              st.text(string.printable, max_size=20)),
    max_size=8,
)


def _problems_only(problems: list) -> bool:
    """Problems, each with a message and a subject a reader can see (`"": x` is valid YAML: a blank key is quoted)."""
    return all(isinstance(p, Problem) and p.message and p.field.strip() for p in problems)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_text_or_a_problem(raw):
    text, problems = decode(raw, "content/x.md")
    assert (text is None) == bool(problems) and _problems_only(problems)


@SETTINGS
@given(front_matter_lines, st.text(max_size=80), st.booleans())
def test_any_front_matter_parses_or_is_reported(lines, body, closed):
    text = "---\n" + "\n".join(lines) + ("\n---\n" if closed else "\n") + body
    parsed, problems = parse(text, "content/x.md")
    assert (parsed is None) == any(p.is_error for p in problems) and _problems_only(problems)


@SETTINGS
@given(st.one_of(st.binary(max_size=300), front_matter_lines.map(lambda ls: ("---\n" + "\n".join(ls) + "\n---\n\nBody.\n").encode())))
def test_any_file_becomes_an_article_or_problems(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "content" / "x.md"
        path.parent.mkdir()
        path.write_bytes(raw)
        article, problems = read_article(path, path.parent)
        assert _problems_only(problems)
        assert (article is None) == any(p.is_error for p in problems)


storyline_keys = st.one_of(st.sampled_from(["floods", "a-b", "", " ", "Not An Id"]), st.text(max_size=6))
storyline_entries = st.dictionaries(st.sampled_from(["title", "description", "articles", "merge", "aliases", "", "colour"]), yaml_values, max_size=4)


@SETTINGS
@given(st.one_of(st.binary(max_size=200),
                 st.dictionaries(storyline_keys, st.one_of(storyline_entries, yaml_values), max_size=3).map(lambda d: json.dumps(d).encode()),
                 st.lists(st.text(string.printable, max_size=20), max_size=6).map(lambda ls: "\n".join(ls).encode())))
def test_the_storylines_files_on_any_input(raw):
    """The editors' storylines.yaml and the lock file the build writes beside it are read by people too."""
    for read in (read_editor_file, read_registry):
        _, problems = read(raw, "content/storylines.yaml")
        assert _problems_only(problems), problems


def _import_then_check(fmt: str, data: bytes, suffix: str) -> None:
    """The importer answers with files and Problems only, and every file it writes is valid content."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"source{suffix}"
        source.write_bytes(data)
        report = import_files(fmt, [source], Path(tmp) / "content")
        assert _problems_only(report.problems)
        loaded = load_content(Path(tmp) / "content")
        assert loaded.errors == (), loaded.errors
        assert len(loaded.articles) == len(report.written)


headline = st.text(string.ascii_letters + " ", min_size=3, max_size=40).map(lambda s: "A " + s.strip() + " b c")
paragraph = st.text(min_size=1, max_size=80)


@SETTINGS
@given(st.one_of(st.binary(max_size=400),
                 st.lists(st.one_of(headline, paragraph), max_size=12).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass"))))
def test_text_importer_on_any_input(data):
    _import_then_check("text", data, ".txt")


json_records = st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=6)


@SETTINGS
@given(st.lists(st.one_of(json_records.map(json.dumps), st.text(max_size=40)), max_size=6))
def test_jsonl_importer_on_any_input(lines):
    _import_then_check("jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"), ".jsonl")


xml_text = st.text(max_size=40)


def _rss(items: list[tuple[str, str, str, str]]) -> str:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate><description>{b}</description></item>"
                      for t, link, d, b in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{entries}</channel></rss>'


@SETTINGS
@given(st.one_of(st.binary(max_size=400),
                 st.lists(st.tuples(xml_text, xml_text, xml_text, xml_text), max_size=4).map(lambda i: _rss(i).encode("utf-8", "surrogatepass"))))
def test_feed_importer_on_any_input(data):
    _import_then_check("feed", data, ".xml")
