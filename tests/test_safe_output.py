"""A failed build leaves the previous site exactly as it was; the writer never overwrites one file with another."""

from __future__ import annotations

import shutil

import pytest
from sites import PROJECT, site_folder, tree

import generator.render
from generator.cli import main
from generator.config import load_config
from generator.errors import BriefingError
from generator.render import write_site
from generator.site import Page, Site


@pytest.mark.parametrize(
    ("jobs", "cache_kept"),
    [(1, True), (2, True), (2, False)],
    ids=["one process", "forked renderers, in place", "forked renderers, afresh"],
)
def test_a_template_broken_mid_build_leaves_the_previous_output_untouched(jobs, cache_kept, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(generator.render, "PARALLEL_FILES", 1)  # with two jobs, the bundled site's pages are forked too
    config_file = site_folder(tmp_path / "site", PROJECT / "content")
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(str(PROJECT / "templates"), str(templates)))
    assert main(["build", "--config", str(config_file), "--jobs", str(jobs)]) == 0
    output = tmp_path / "site" / "output"
    before = tree(output)
    if not cache_kept:  # the site is then rendered whole, the exports made while the forked renderers work
        shutil.rmtree(tmp_path / "site" / ".cache")

    # Article pages are rendered after the home, country and storyline pages: the build fails half-way.
    article = templates / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace("{{ article.title }}</h1>", "{{ article.no_such_field.x }}</h1>"))
    capsys.readouterr()
    assert main(["build", "--config", str(config_file), "--jobs", str(jobs)]) == 1

    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: {article}:") and "no_such_field" in error and "\n" not in error
    assert tree(output) == before
    assert sorted(p.name for p in output.parent.iterdir()) == [".cache", "config.yaml", "content", "output"]


def test_the_writer_refuses_two_writes_to_one_path_and_names_both(tmp_path):
    config = load_config(site_folder(tmp_path)).with_overrides(output_dir=tmp_path / "output")
    clash = Site(pages=(Page("404.html", "404.html"), Page("404.html", "404.html")), data=())
    with pytest.raises(BriefingError, match=r"two things want to write 404\.html: template 404\.html .* and template 404\.html"):
        write_site(clash, config)
    assert not (tmp_path / "output").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]


def test_strict_turns_a_warning_into_a_failure_and_writes_nothing(tmp_path, capsys):
    config_file = site_folder(tmp_path, PROJECT / "content")
    article = next((tmp_path / "content").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("title:", "tags: [news]\ntitle:", 1), encoding="utf-8")

    assert main(["build", "--config", str(config_file), "--strict"]) == 1
    error = capsys.readouterr().err
    assert "tags: warning: unknown field" in error and "--strict: warnings count as errors" in error
    assert not (tmp_path / "output").exists()

    assert main(["build", "--config", str(config_file)]) == 0  # without --strict, a warning is only shown
    assert "tags: warning: unknown field" in capsys.readouterr().err


def test_a_build_ends_with_stage_timings_and_the_accounting_and_quiet_prints_nothing(tmp_path, capsys):
    config_file = site_folder(tmp_path, PROJECT / "content")
    assert main(["build", "--config", str(config_file)]) == 0
    *_, timings, accounting = capsys.readouterr().out.strip().splitlines()
    for stage in ("read", "countries", "storylines", "summaries", "render"):
        assert f" {stage} " in timings
    assert "(0 of 12 cached)" in timings and accounting == "read 12 = published 12 + duplicates folded 0 + skipped 0"

    assert main(["build", "--config", str(config_file), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_strict_also_fails_on_a_warning_about_the_editors_storylines_file(tmp_path, capsys):
    config_file = site_folder(tmp_path, PROJECT / "content")
    editors = tmp_path / "content" / "storylines.yaml"
    editors.write_text(
        editors.read_text(encoding="utf-8") + "kazakhstan-unrest-dozens-killed-in-crackdown:\n  merge: [never-published]\n",
        encoding="utf-8",
    )
    assert main(["build", "--config", str(config_file)]) == 0
    assert "never-published" in capsys.readouterr().err, "without --strict the warning is only shown"
    shutil.rmtree(tmp_path / "output")

    assert main(["build", "--config", str(config_file), "--strict"]) == 1
    assert "never-published" in capsys.readouterr().err
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("output", [".", "..", "content", "content/site", "templates", ".cache", "config.yaml", "notes"])
def test_a_build_never_replaces_a_folder_that_is_not_its_own_output(output, tmp_path, capsys):
    """A mistyped output folder (the project, its parent, the content, a folder of the user's) is refused before
    any work, with the folder named and why, and nothing is written or deleted."""
    project = tmp_path / "desk" / "project"
    project.mkdir(parents=True)
    shutil.copytree(PROJECT / "templates", project / "templates")
    config_file = site_folder(project, PROJECT / "content", templates_dir=str(project / "templates"), output_dir=output)
    (project / ".cache").mkdir()
    (project / "notes").mkdir()
    (project / "notes" / "draft.txt").write_text("mine", encoding="utf-8")
    before = tree(tmp_path)

    assert main(["build", "--config", str(config_file)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: the output folder {(project / output).resolve()} ") and "\n" not in error
    assert tree(tmp_path) == before


def test_replacing_the_output_folder_leaves_what_is_beside_it(tmp_path):
    """A build without a record of its last output replaces the folder whole; the old site goes to a folder made
    for it, so an `output.old` of the user's beside it is kept."""
    config_file = site_folder(tmp_path, PROJECT / "content")
    (tmp_path / "output.old").mkdir()
    (tmp_path / "output.old" / "backup.html").write_text("mine", encoding="utf-8")
    for _ in range(2):
        assert main(["build", "--config", str(config_file), "--quiet"]) == 0
        shutil.rmtree(tmp_path / ".cache")
    assert (tmp_path / "output.old" / "backup.html").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml", "content", "output", "output.old"]
