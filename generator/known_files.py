"""Content files a rebuild need not read: unchanged since the last build, as their `stat` tells.

Results are keyed by content hashes, and hashing a file means reading it: at 100,000 articles, reading
every file again was the largest part of a rebuild's read stage (docs/performance.md). Like git's index, the last build remembers each file's
size, times and inode beside the key its text had; a file whose `stat` is the same is not read again,
and its parsed article comes from the cache under that key. A file changed shortly before it was read
is read again next time: a second change within the same tick of the file system's clock could leave
its times as they were (within `RACY_SECONDS`; on file systems that keep whole seconds,
`COARSE_RACY_SECONDS`). After a checkout every file's times differ, so every file is read.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from generator.cache import Cache, code_version

RACY_SECONDS = 0.05  # Linux stamps files with its coarse clock: a tick is 1-10 ms
COARSE_RACY_SECONDS = 2  # FAT keeps times to 2 s
INDEX_STAGE = "files"  # the cache stage holding each file's stat and key
_VERSION_KEY = ""  # the index's entry for the code version that wrote it (no file has this path)


@dataclass
class KnownFiles:
    """`recall` a file's result from the last build; `remember` the key of a file just read."""

    cache: Cache
    stage: str  # the stage whose results files are keyed in ("read")
    _stats: dict[str, tuple[tuple, int]] = field(default_factory=dict)  # path -> (signature, when taken)

    def from_this_code(self) -> bool:
        """Whether the last build's index was written by this code: then this build is most likely a rebuild,
        whose few changed files need no worker process (`generator/build.py`)."""
        found, version = self.cache.get(INDEX_STAGE, _VERSION_KEY)
        self.cache.put(INDEX_STAGE, _VERSION_KEY, code_version())  # kept for the next build
        return found and version == code_version()

    def recall(self, names: dict[str, str]) -> dict[str, Any]:
        """The stage's cached results of the unchanged files among `names` (path -> name shown), by path;
        the others must be read. One pass over thousands of files: a call per file cost more than its `stat`."""
        signatures: dict[str, tuple] = {}
        for path, shown in names.items():
            try:
                stat = os.stat(path)
            except OSError:
                continue
            signatures[path] = (shown, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)
            self._stats[path] = (signatures[path], time.time_ns())
        version, entries = code_version(), self.cache.get_all(INDEX_STAGE, list(signatures))
        keys = {
            path: entry[2]
            for (path, signature), (found, entry) in zip(signatures.items(), entries)
            if found and entry[0] == version and entry[1] == signature
        }
        results = self.cache.reuse(self.stage, list(keys.values()))
        return {path: result for path, (found, result) in zip(keys, results) if found}

    def remember(self, path: str, item: Any) -> None:
        """Record the key of `item`, made from the file at `path` after `recall` took its stat."""
        signature, taken = self._stats.get(path, (None, 0))
        if signature is None or _racy(signature[2], signature[3], taken):
            return
        key = self.cache.key(self.stage, item)
        if key is not None:
            self.cache.put(INDEX_STAGE, path, (code_version(), signature, key))


def _racy(modified: int, changed: int, taken: int) -> bool:
    """True when the file's times (ns) are too close to when its `stat` was taken to vouch for its bytes."""
    coarse = modified % 10**9 == 0 and changed % 10**9 == 0
    window = COARSE_RACY_SECONDS if coarse else RACY_SECONDS
    return max(modified, changed) > taken - window * 10**9
