"""The project's own error types: every problem carries file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, in the form `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {self.field}: {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def field_label(name: str) -> str:
    """A name read from the user's YAML (a field, a storyline id) as a Problem shows it: quoted when blank, as
    `"": x` is valid YAML and an empty field would leave the message without a subject."""
    return name if name.strip() else repr(name)


class BriefingError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback."""


class ContentError(BriefingError):
    """One or more problems in input files, reported all together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user would type it: relative to `root` (or the cwd) when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)
