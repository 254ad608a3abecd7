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
