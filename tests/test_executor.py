"""Executors: the same results, in the same order, wherever the work runs."""

from __future__ import annotations

import pytest

from generator.errors import BriefingError
from generator.executor import DaskExecutor, LocalExecutor, SerialExecutor, make_executor


def _square_with_label(n: int) -> tuple[int, str]:
    return n * n, f"item-{n}"


ITEMS = list(range(1000))
EXPECTED = [_square_with_label(n) for n in ITEMS]


def test_local_pool_returns_results_in_input_order():
    executor = LocalExecutor(2)
    try:
        assert executor.map(_square_with_label, ITEMS) == EXPECTED
    finally:
        executor.close()


def test_a_pool_left_idle_starts_again_when_needed():
    executor = LocalExecutor(2)
    try:
        assert executor.map(_square_with_label, ITEMS) == EXPECTED
        executor.idle()
        assert executor.map(_square_with_label, ITEMS[::-1]) == EXPECTED[::-1]
    finally:
        executor.close()


def test_jobs_one_runs_in_process_and_zero_is_refused():
    assert isinstance(make_executor(1), SerialExecutor)
    assert make_executor(1).map(_square_with_label, ITEMS) == EXPECTED
    with pytest.raises(BriefingError):
        make_executor(-1)


def test_unreachable_dask_scheduler_is_a_clear_error():
    with pytest.raises(BriefingError, match="cannot reach the Dask scheduler"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout="1s")


def test_dask_local_cluster_gives_the_same_results(dask_scheduler):
    executor = make_executor(dask_scheduler=dask_scheduler)
    try:
        assert executor.map(_square_with_label, ITEMS) == EXPECTED
    finally:
        executor.close()
