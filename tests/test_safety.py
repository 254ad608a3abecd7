"""Untrusted content stays inert: in pages, feeds and the JSON export, and on disk."""

from __future__ import annotations

import json
import time

from conftest import build_into, write_article

from generator.frontmatter import parse
from generator.markup import render_markdown

HOSTILE_BODY = """Ministers met in Brussels. <script>alert('body')</script>

<img src=x onerror="alert('img')">

[click me](javascript:alert('link')) [and me](JaVaScRiPt:alert(1)) [tab](java\tscript:alert(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![pixel](data:image/svg+xml,<svg onload=alert(1)>)
[vb](vbscript:msgbox(1)) <javascript:alert('autolink')> [entity](jav&#x61;script:alert(1))

[fine](https://example.org/story) and [relative](../other/)
"""
HOSTILE_TITLE = "<script>alert('title')</script> & \"quotes\" </title><b>bold</b>"


def test_markdown_keeps_raw_html_as_text_and_refuses_unsafe_links():
    html = render_markdown(HOSTILE_BODY)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;script&gt;" in html and "onerror" in html  # shown as text, not dropped
    for scheme in ("javascript:", "data:", "vbscript:"):
        assert f'href="{scheme}' not in html.lower() and f'src="{scheme}' not in html.lower()
    assert 'href="https://example.org/story"' in html and 'href="../other/"' in html


def test_images_become_links_so_no_page_fetches_from_another_site():
    html = render_markdown("A map: ![front line *map*](https://maps.example.org/front.png)")
    assert "<img" not in html
    assert '<a href="https://maps.example.org/front.png">Image: front line map</a>' in html
    assert "<img" not in render_markdown("![x](//cdn.example.org/x.png) ![y](local.png)")


def test_a_hostile_article_builds_into_inert_pages_feeds_and_json(tmp_path):
    content = tmp_path / "content"
    title_yaml = HOSTILE_TITLE.replace('"', '\\"')
    write_article(content, "hostile.md", f'---\ntitle: "{title_yaml}"\nsource: "<i>Outlet</i>"\n---\n\n{HOSTILE_BODY}')
    site = build_into(tmp_path, content)
    [article] = site.api("articles")
    assert article["title"] == HOSTILE_TITLE and article["source"] == "<i>Outlet</i>"  # JSON keeps the text as data
    json.loads((site.root / "api" / "articles.json").read_text(encoding="utf-8"))
    page = site.page(article["url"])
    assert "<script" not in page and "<b>bold</b>" not in page and "<i>Outlet</i>" not in page
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    body = page.split('class="body"')[1].split("</div>")[0]
    assert "&lt;img src=x onerror=" in body and "<img" not in body
    assert body.count("<a href=") == 2  # only the https and the relative link are links
    for path in site.root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>bold</b>" not in text, path
        assert 'href="javascript' not in text.lower() and 'href="data:' not in text.lower(), path
    for feed in site.root.rglob("feed.xml"):
        text = feed.read_text(encoding="utf-8")
        assert "<script>" not in text and "<b>bold</b>" not in text, feed


def test_no_id_or_file_name_writes_outside_the_output_folder(tmp_path):
    content = tmp_path / "content"
    write_article(content, "good.md", "---\ntitle: Fine\n---\n\nBody.\n")
    write_article(content, "escape.md", "---\ntitle: Escape\nid: ../../../outside\n---\n\nBody.\n")
    write_article(content, "pin.md", "---\ntitle: Pin\nstoryline: ../../outside\n---\n\nBody.\n")
    write_article(content, "..%2F..%2Foutside.md", "---\ntitle: Encoded name\n---\n\nBody.\n")
    site = build_into(tmp_path, content, skip_invalid=True)
    assert sorted(site.report.skipped) == ["content/escape.md", "content/pin.md"]
    ids = {a["id"] for a in site.api("articles")}
    assert ids == {"good", "2f-2foutside"}
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.is_relative_to((tmp_path / "output").resolve()) or p.is_relative_to(content.resolve()) for p in written)
    assert not (tmp_path / "outside").exists() and not (tmp_path.parent / "outside").exists()


def test_hostile_yaml_is_refused_quickly_and_clearly():
    bombs = {
        "nested list": "title: x\ntags: " + "[" * 10_000 + "]" * 10_000,
        "nested blocks": "title: x\ntags:\n" + "".join("  " * i + "-\n" for i in range(1, 300)),
        "billion laughs": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: x",
        "python object": "title: !!python/object/apply:os.system ['echo pwned']",
    }
    for name, yaml_text in bombs.items():
        start = time.perf_counter()
        parsed, problems = parse(f"---\n{yaml_text}\n---\n\nBody.\n", "content/bomb.md")
        assert time.perf_counter() - start < 2, name
        assert parsed is None and len(problems) == 1 and problems[0].field == "front matter", name
