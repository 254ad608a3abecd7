"""Where per-item stage work runs: in this process, on a local process pool, or on a Dask cluster.

Every executor maps a pure, picklable function over a list and returns results in input order, so
the build's output is the same whatever runs it. Work is sent in chunks: per-article work is small,
and one task per item would spend more time on scheduling than on work.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from generator.errors import BriefingError

MIN_ITEMS_PER_CHUNK = 64
T = TypeVar("T")

MapItems = Callable[[Callable[[Any], T], Sequence[Any]], list[T]]
"""`map_items(function, items)`: an executor's `map`, handed to stages that have per-item work inside."""


def serial_map(function: Callable[[Any], T], items: Sequence[Any]) -> list[T]:
    """The default `MapItems`: every item in this process, in order."""
    return [function(item) for item in items]


class Executor(Protocol):
    local_jobs: int  # processes (or threads) this machine may use for work that stays local: rendering, the neighbour search

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]: ...

    def start(self, preload: Callable[[], object] = lambda: None) -> None:
        """Start local worker processes now, while this process is small (before the content is read),
        without waiting for them.

        Each local worker calls `preload()` (the gazetteer) as it starts, while this process reads the
        content: done here first and inherited, it kept one core idle for its whole length."""

    def idle(self) -> None:
        """Free local worker processes until the next `map` (they hold a gazetteer and their inputs)."""

    def close(self) -> None: ...


class SerialExecutor:
    """Runs everything in this process: for --jobs 1 and for small inputs."""

    local_jobs = 1

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        return [function(item) for item in items]

    def start(self, preload: Callable[[], object] = lambda: None) -> None:
        pass  # what a worker would preload is loaded here when first needed

    def idle(self) -> None:
        pass

    def close(self) -> None:
        pass


class LocalExecutor:
    """A concurrent.futures process pool with `jobs` workers, started on first use."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.local_jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._preload: Callable[[], object] | None = None

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if len(items) < 2 * MIN_ITEMS_PER_CHUNK:
            return [function(item) for item in items]
        chunks = _chunks(items, self.jobs)
        results = self._started().map(_apply, [function] * len(chunks), chunks)
        return [result for chunk in results for result in chunk]

    def start(self, preload: Callable[[], object] = lambda: None) -> None:
        """Fork the workers now: a forked worker keeps every page of this process it was forked from,
        so forked after the content was read, each carried every file's text to the end of its life.
        Each then loads `preload()` while this process reads the content (with two cores, one worker's
        copy of the gazetteer costs 33 MB; loading one here to be inherited cost 0.1-0.2 s of one core)."""
        self._preload = preload
        self._started().submit(int)  # forks every worker at once; not waited for: they preload meanwhile

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=self._preload)
        return self._pool

    def idle(self) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskExecutor:
    """The same map on a Dask cluster, through distributed.Client (optional extra `briefing[dask]`)."""

    def __init__(self, scheduler: str, connect_timeout: str = "10s"):
        try:
            from distributed import Client
        except ImportError:
            raise BriefingError("--dask-scheduler needs Dask: pip install 'briefing[dask]'") from None
        try:
            self._client = Client(scheduler, timeout=connect_timeout)
        except OSError as exc:
            raise BriefingError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.jobs = max(1, sum(self._client.nthreads().values()))
        self.local_jobs = os.cpu_count() or 1  # writing files stays on this machine, on its cores

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if not items:
            return []
        chunks = _chunks(items, self.jobs)
        futures = self._client.map(_apply, [function] * len(chunks), chunks, pure=False)
        return [result for chunk in self._client.gather(futures) for result in chunk]

    def start(self, preload: Callable[[], object] = lambda: None) -> None:
        pass  # the cluster's workers are not on this machine's budget; each loads what it needs when it does

    def idle(self) -> None:
        pass  # the cluster's workers are not on this machine's budget

    def close(self) -> None:
        self._client.close()


def make_executor(jobs: int | None = None, dask_scheduler: str | None = None) -> Executor:
    """The executor for `--jobs N` (default: the machine's cores) or `--dask-scheduler ADDRESS`."""
    if dask_scheduler:
        return DaskExecutor(dask_scheduler)
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise BriefingError("--jobs must be at least 1")
    return SerialExecutor() if jobs == 1 else LocalExecutor(jobs)


def _chunks(items: Sequence[Any], workers: int) -> list[list[Any]]:
    """About sixteen chunks per worker, none smaller than MIN_ITEMS_PER_CHUNK, in input order: the work of
    items varies (a storyline of one article against one of fifty), and the smaller the last chunk, the
    less time one worker waits while another finishes it (5,000 articles: summaries 2.08 -> 2.01 s with
    `--jobs 2` against four chunks per worker, medians of 6)."""
    size = max(MIN_ITEMS_PER_CHUNK, -(-len(items) // (workers * 16)))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def _apply(function: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    return [function(item) for item in chunk]
