"""The `jsonl` importer: one article per line; a bad line is reported with its number and skipped."""

from __future__ import annotations

import json

from generator.importers import import_files

GOOD = {"id": "Port Strike 1", "title": "Dock workers strike", "text": "The port closed for a day.",
        "date": "2024-05-06T10:00:00Z", "source": "Harbour Gazette", "source_url": "https://gazette.example/1",
        "storyline": "port-strikes", "countries": ["be"]}


def _import(tmp_path, *records):
    source = tmp_path / "articles.jsonl"
    source.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return import_files("jsonl", [source], tmp_path / "content")


def test_every_readme_field_reaches_the_front_matter(tmp_path):
    report = _import(tmp_path, GOOD)
    [path] = report.written
    assert path.name == "port-strike-1.md"
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Dock workers strike\nid: port-strike-1\ndate: 2024-05-06\nsource: Harbour Gazette\n"
        "source_url: https://gazette.example/1\nstoryline: port-strikes\ncountries:\n- BE\n---\n\nThe port closed for a day.\n"
    )


def test_bad_lines_are_reported_by_number_and_the_rest_import(tmp_path):
    report = _import(tmp_path, GOOD, "not json", "[1, 2]", {"text": "no title"}, {"title": 5},
                     {**GOOD, "id": "x2", "title": "Two", "source_url": "ftp://x"},
                     {**GOOD, "id": "x3", "title": "Three", "countries": "XX"}, {**GOOD, "id": "x4", "title": "Four", "colour": "red"}, "[" * 100_000 + "]" * 100_000)
    assert [p.name for p in report.written] == ["port-strike-1.md", "x4.md"]
    assert [(p.line, p.field, p.severity) for p in sorted(report.problems)] == [
        (2, "json", "error"), (3, "json", "error"), (4, "title", "error"), (5, "title", "error"),
        (6, "source_url", "error"), (7, "countries", "error"), (8, "colour", "warning"), (9, "json", "error")]


def test_one_story_from_two_outlets_is_two_files_and_a_repeat_is_one(tmp_path):
    other = {**GOOD, "id": None, "source": "Evening Post"}
    report = _import(tmp_path, {**GOOD, "id": None}, other, other)
    assert len(report.written) == 2 and report.repeats == 1


def test_importing_twice_changes_nothing(tmp_path):
    _import(tmp_path, GOOD, {**GOOD, "id": None, "title": "Second story"})
    before = {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()}
    report = _import(tmp_path, GOOD, {**GOOD, "id": None, "title": "Second story"})
    assert report.written == [] and len(report.unchanged) == 2
    assert {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()} == before


def test_an_id_another_article_has_is_refused_and_a_file_name_never_takes_one(tmp_path):
    """Found by the property test: an untitled-id article named "0.md" and a record whose own id is "0"."""
    from generator.content import load_content

    report = _import(tmp_path, {"title": "0", "text": "First."}, {"title": "00", "id": "0", "text": "Second."})
    assert [p.name for p in report.written] == ["0.md"]
    [problem] = report.problems
    assert (problem.line, problem.field) == (2, "id") and "already the id of" in problem.message
    # the other way round: a file name that would repeat an id another file gives in its front matter is numbered
    (tmp_path / "content" / "talks.md").write_text("---\ntitle: Talks\nid: budget\n---\n\nThird.\n", encoding="utf-8")
    report = _import(tmp_path, {"title": "Budget", "text": "Fourth."})
    assert [p.name for p in report.written] == ["budget-2.md"] and report.problems == []
    loaded = load_content(tmp_path / "content")
    assert loaded.errors == () and sorted(a.id for a in loaded.articles) == ["0", "budget", "budget-2"]
