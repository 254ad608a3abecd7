"""What a build holds while it renders, and rendering shared between this process and forked renderers.

At 100,000 articles the early stages' results (file texts, duplicate prints, storyline tokens) are over a
gigabyte; rendering must not carry them, since every forked renderer counts what it shares in its memory.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys

import pytest
from sites import PROJECT, differences, site_folder, tree

import generator.build
import generator.render
from generator.cli import main
from generator.content import Source
from generator.dedupe import Print
from generator.storylines.features import Tokens

EARLY_STAGE_VALUES = (Source, Print, Tokens)


def _early_stage_values() -> list:
    gc.unfreeze()  # frozen objects are not listed by gc.get_objects()
    gc.collect()
    return [value for value in gc.get_objects() if type(value) in EARLY_STAGE_VALUES]


@pytest.fixture
def live_values_when_rendering(monkeypatch):
    """Counts, as rendering starts, the live values of each kind only the early stages need (not counting
    those other tests' builds left alive, e.g. task arguments a Dask client keeps)."""
    counts: list[dict[str, int]] = []
    earlier = _early_stage_values()  # kept alive, so no new value can take one of their ids
    known = {id(value) for value in earlier}
    write_site = generator.build.write_site

    def counting(site, config, cache, jobs):
        new = [value for value in _early_stage_values() if id(value) not in known]
        counts.append({kind.__name__: sum(1 for value in new if type(value) is kind) for kind in EARLY_STAGE_VALUES})
        return write_site(site, config, cache, jobs)

    monkeypatch.setattr(generator.build, "write_site", counting)
    yield counts  # `earlier` stays alive until the test ends


def test_rendering_holds_no_file_texts_prints_or_tokens_cold_or_warm(tmp_path, live_values_when_rendering):
    config = site_folder(tmp_path / "site", PROJECT / "content")
    assert main(["build", "--config", str(config), "--quiet", "--jobs", "1"]) == 0  # cold: computed here
    cache_files = sorted(p.name for p in (tmp_path / "site" / ".cache").glob("*.pickle"))
    assert {"read.pickle", "duplicates.pickle", "countries.pickle", "features.pickle"} <= set(cache_files)
    assert main(["build", "--config", str(config), "--quiet", "--jobs", "1"]) == 0  # warm: read from the cache

    nothing = {kind.__name__: 0 for kind in EARLY_STAGE_VALUES}
    assert live_values_when_rendering == [nothing, nothing]


def test_a_template_error_in_any_renderer_is_one_line_and_a_fixed_template_rebuilds_the_cold_site(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(generator.render, "PARALLEL_FILES", 1)  # the bundled site's ~50 files: forked too
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    config = site_folder(tmp_path / "site", PROJECT / "content", templates_dir=str(templates))
    assert main(["build", "--config", str(config), "--quiet", "--jobs", "3"]) == 0
    output = tmp_path / "site" / "output"
    before = tree(output)

    # Every article page fails: they fall in this process's share and in both forked renderers' shares.
    article = templates / "article.html"
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("{{ article.title }}</h1>", "{{ article.no_such_field.x }}</h1>"), encoding="utf-8")
    (tmp_path / "site" / "content" / "zz-new.md").write_text("---\ntitle: A new article\ndate: 2024-01-01\n---\n\nA new article about the talks.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--config", str(config), "--jobs", "3"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: {article}:") and "no_such_field" in error and "\n" not in error
    assert tree(output) == before

    article.write_text(good, encoding="utf-8")  # the failed build saved its early stages: they are reused
    assert main(["build", "--config", str(config), "--quiet", "--jobs", "3"]) == 0
    cold = site_folder(tmp_path / "cold", tmp_path / "site" / "content")
    assert main(["build", "--config", str(cold), "--quiet", "--jobs", "1"]) == 0
    assert differences(output, tmp_path / "cold" / "output") == []


def _numpy_hugepage_setting(environment: dict[str, str]) -> str:
    """What NumPy, imported after the generator in a fresh process, was told about huge pages."""
    script = "import generator, numpy, os; print(os.environ['NUMPY_MADVISE_HUGEPAGE'])"
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_numpy_does_not_ask_for_huge_pages_unless_the_user_says_so():
    environment = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    assert _numpy_hugepage_setting(environment) == "0"
    assert _numpy_hugepage_setting({**environment, "NUMPY_MADVISE_HUGEPAGE": "1"}) == "1"
