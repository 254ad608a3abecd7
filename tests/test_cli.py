"""The `briefing` command as a shell user meets it."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def test_a_reader_that_leaves_the_pipe_early_gets_the_site_and_no_traceback(tmp_path):
    """`briefing build | head -1`: the site is built, the report cannot be printed, nothing dumps a traceback."""
    command = [sys.executable, "-m", "generator", "build", "--output", str(tmp_path / "site")]
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader leaves before the report is printed
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in errors
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_build_prints_its_report_and_exits_zero(tmp_path):
    command = [sys.executable, "-m", "generator", "build", "--output", str(tmp_path / "site")]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built ") and "took " in done.stdout and done.stdout.endswith("skipped 0\n")


def test_a_missing_content_folder_is_named_not_built_as_an_empty_site(tmp_path):
    for command in ("build", "check"):
        run = [sys.executable, "-m", "generator", command, "--content", str(tmp_path / "contnet"), "--output", str(tmp_path / "site")]
        done = subprocess.run(run[:-2] if command == "check" else run, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 1, command
        assert "contnet: no such content folder" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
