"""The catalogue in docs/errors.md is what users see: every row is checked against the real command."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import PROJECT

from generator.cli import main

CATALOGUE = PROJECT / "docs" / "errors.md"
FIXTURES = PROJECT / "tests" / "fixtures" / "content" / "errors"
GENERATED = {"huge.md": b"a" * (50 * 1024 * 1024)}  # too big to keep in the repository
IMPORT_FORMATS = {".jsonl": "jsonl", ".txt": "text", ".xml": "feed"}
_ROW = re.compile(r"^\| (?P<what>[^|]+) \| (?P<files>(?:`[^`]+`(?:, )?)+) \| `(?P<message>.+)` \|$")


def catalogue_rows() -> list[tuple[str, list[str], str]]:
    rows = []
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            rows.append((match["what"].strip(), re.findall(r"`([^`]+)`", match["files"]), match["message"]))
    return rows


def test_the_catalogue_covers_every_kind_of_bad_input_the_issue_names():
    kinds = " ".join(what for what, _, _ in catalogue_rows())
    for kind in ("UTF-8", "empty file", "no front matter", "never closed", "YAML syntax", "not a mapping", "no `title`",
                 "empty `title`", "unknown field", "not ISO 8601", "does not exist", "ISO 3166", "slug", "http(s)",
                 "same `id`", "empty body", "50 MB", "10,000 levels", "no headline", "not JSON", "not RSS or Atom"):
        assert kind in kinds, kind


@pytest.mark.parametrize(("what", "files", "message"), catalogue_rows(), ids=[row[0] for row in catalogue_rows()])
def test_catalogue_row_is_exactly_what_the_user_sees(what, files, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    suffix = "." + files[0].rsplit(".", 1)[1]
    folder = content if suffix == ".md" else tmp_path
    for name in files:
        if name in GENERATED:
            (folder / name).write_bytes(GENERATED[name])
        else:
            shutil.copy(FIXTURES / name, folder / name)
    if suffix == ".md":
        status = main(["check", "--content", "content"])
    else:
        status = main(["import", IMPORT_FORMATS[suffix], files[0], "--into", "imported"])
    printed = capsys.readouterr().err.splitlines()
    assert message in printed
    if suffix == ".md" and ": warning: " not in message:
        assert status == 1
