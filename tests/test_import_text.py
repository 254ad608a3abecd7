"""The `text` importer: raw dumps in the seeds' format become one file per distinct article."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, SHARED

from generator.importers import import_files

DUMP = (
    "First headline about a port strike\n"
    "Dock workers walked out on Monday.\n"
    "The strike closed the port of Antwerp for a day. Unions said talks would resume.\n"
    "Second headline: ministers meet in Brussels\n"
    "Second headline: ministers meet in Brussels\n"
    "Ministers met in Brussels to discuss energy prices. No deal was reached.\n"
    "First headline about a port strike\n"
    "Dock workers walked out on Monday.\n"
    "The strike closed the port of Antwerp for a day. Unions said talks would resume.\n"
)


def _import(tmp_path: Path, text: str | bytes, **options):
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "dump.txt"
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return import_files("text", [source], tmp_path / "content", **options)


def test_repeated_articles_and_doubled_headlines_are_imported_once(tmp_path):
    report = _import(tmp_path, DUMP)
    names = sorted(p.name for p in (tmp_path / "content").iterdir())
    assert names == ["first-headline-about-a-port-strike.md", "second-headline-ministers-meet-in-brussels.md"]
    assert report.repeats == 1
    second = (tmp_path / "content" / names[1]).read_text(encoding="utf-8")
    assert second.count("ministers meet in Brussels") == 1


def test_crlf_and_byte_order_mark_give_the_same_files(tmp_path):
    _import(tmp_path / "a", DUMP)
    _import(tmp_path / "b", b"\xef\xbb\xbf" + DUMP.replace("\n", "\r\n").encode("utf-8"))
    for path in (tmp_path / "a" / "content").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / "content" / path.name).read_bytes()


def test_batch_date_and_source_go_into_the_front_matter(tmp_path):
    import datetime as dt

    _import(tmp_path, DUMP, date=dt.date(2024, 5, 6), source="Wire")
    text = (tmp_path / "content" / "2024-05-06-first-headline-about-a-port-strike.md").read_text(encoding="utf-8")
    assert "date: 2024-05-06" in text and "source: Wire" in text


def test_text_before_the_first_headline_is_reported_not_guessed(tmp_path):
    report = _import(tmp_path, "this fragment has no headline and ends like a sentence.\n" + DUMP)
    assert [p.field for p in report.problems] == ["headline"]
    assert report.problems[0].line == 1


def test_importing_twice_changes_nothing(tmp_path):
    _import(tmp_path, DUMP)
    before = {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()}
    report = _import(tmp_path, DUMP)
    assert report.written == []
    assert {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()} == before


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the project")
def test_bundled_content_is_exactly_what_the_importer_makes_from_the_seeds(tmp_path):
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    command = [sys.executable, "-m", "generator", "import", "text", *map(str, seeds)]
    command += ["--dates", str(PROJECT / "imports" / "seed-dates.yaml"), "--into", str(tmp_path / "content")]
    for _ in range(2):
        subprocess.run(command, check=True, capture_output=True, cwd=PROJECT)
    made = {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()}
    bundled = {p.name: p.read_bytes() for p in (PROJECT / "content").glob("*.md")}
    assert made == bundled


def test_a_bad_dates_file_is_reported_without_a_traceback(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "dump.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "dates.yaml").write_text("First headline about a port strike: 6 May\n", encoding="utf-8")
    assert main(["import", "text", "dump.txt", "--dates", "dates.yaml", "--into", "content"]) == 1
    err = capsys.readouterr().err
    assert "dates.yaml:1: First headline about a port strike: '6 May' is not an ISO 8601 date like 2024-05-06" in err
    assert not (tmp_path / "content").exists()
