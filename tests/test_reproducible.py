"""The same content and config give a byte-identical site, whatever the file order, time zone or locale."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys

from sites import PROJECT, differences, site_folder


def _build(config, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--config", str(config), "--quiet"],
        cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )


def test_two_builds_in_other_folders_order_time_zone_and_locale_are_byte_identical(tmp_path):
    first = site_folder(tmp_path / "first", PROJECT / "content")
    second = site_folder(tmp_path / "second")
    files = sorted((PROJECT / "content").iterdir())
    random.Random(8).shuffle(files)
    (tmp_path / "second" / "content").mkdir()
    for path in files:  # copied in shuffled order, so the folder lists them in another order
        shutil.copy2(path, tmp_path / "second" / "content" / path.name)

    one = _build(first, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONHASHSEED="1")
    two = _build(second, TZ="Pacific/Kiritimati", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8", PYTHONHASHSEED="2")

    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert (tmp_path / "first" / "output" / "index.html").is_file()
    assert differences(tmp_path / "first" / "output", tmp_path / "second" / "output") == []
