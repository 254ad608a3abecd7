"""`briefing serve`: a preview on 127.0.0.1 that rebuilds on every change and reloads the open page."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from sites import PROJECT, site_folder, tree

NEW_ARTICLE = """---
title: Floods close the Danube to shipping
date: 2022-03-04
---

Barges were stopped on the Danube in Hungary after days of rain.
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(condition, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def preview(tmp_path):
    config = site_folder(tmp_path, PROJECT / "content")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--config", str(config), "--port", str(port)],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: _get(url)[0] == 200)
        yield url, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pages_carry_the_reload_script_but_the_built_files_do_not(preview):
    url, folder = preview
    status, home = _get(url)
    assert status == 200 and "/__briefing__/version" in home and home.rstrip().endswith("</html>")
    assert _get(url + "__briefing__/version") == (200, "1")
    built = tree(folder / ".cache" / "preview")
    assert "index.html" in built and not any(b"__briefing__" in data for data in built.values())
    assert not (folder / "output").exists()  # the preview never overwrites the site to publish


def test_a_missing_page_shows_the_sites_404_page(preview):
    url, _ = preview
    status, page = _get(url + "no/such/page/")
    assert status == 404 and "Page not found" in page


def test_a_new_article_is_built_and_the_version_moves_on(preview):
    url, folder = preview
    grouping = folder / ".cache" / "storylines.pickle"
    grouped_before = grouping.stat().st_mtime_ns
    (folder / "content" / "2022-03-04-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "2")
    status, page = _get(url + "articles/2022-03-04-floods/")
    assert status == 200 and "Floods close the Danube to shipping" in page
    # The cache is saved once the page can reload: the next build (a preview or `briefing build`) reuses it.
    _wait_for(lambda: grouping.stat().st_mtime_ns != grouped_before)


def test_a_broken_edit_keeps_the_previous_preview(preview):
    url, folder = preview
    before = _get(url)[1]
    broken = folder / "content" / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    time.sleep(2)  # the watcher saw the broken file and its build failed
    assert _get(url + "__briefing__/version")[1] == "1"
    assert _get(url)[1] == before
    broken.unlink()  # the watcher is alive: fixing the content brings the next build
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "2")


def test_the_builds_own_storyline_registry_is_no_reason_to_build_again_but_an_editors_change_to_it_is(preview):
    url, folder = preview
    registry = folder / "content" / "storylines.lock.yaml"
    before = registry.read_text(encoding="utf-8")
    (folder / "content" / "2022-03-04-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "2")
    assert registry.read_text(encoding="utf-8") != before, "the build recorded the new article's storyline"
    time.sleep(1.5)  # long past the watcher's wait for more changes
    assert _get(url + "__briefing__/version")[1] == "2"
    registry.write_text(registry.read_text(encoding="utf-8") + "# checked by an editor\n", encoding="utf-8")
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "3")


def test_a_changed_config_is_built_at_once(preview):
    url, folder = preview
    config = folder / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: Briefing", "title: Morning Desk"), encoding="utf-8")
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "2")
    assert "Morning Desk" in _get(url)[1]
    config.write_text(config.read_text(encoding="utf-8").replace("Morning Desk", "Evening Desk"), encoding="utf-8")
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "3")  # watched again after the first change
    assert "Evening Desk" in _get(url)[1]


def test_a_content_folder_deleted_and_made_again_is_watched_again(preview):
    url, folder = preview
    content = folder / "content"
    shutil.rmtree(content)
    time.sleep(1.5)  # the build without content fails; the preview stays up
    assert _get(url + "__briefing__/version")[1] == "1"
    shutil.copytree(PROJECT / "content", content)
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "2")
    (content / "2022-03-04-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    _wait_for(lambda: _get(url + "__briefing__/version")[1] == "3")
    assert "Floods close the Danube to shipping" in _get(url + "articles/2022-03-04-floods/")[1]
