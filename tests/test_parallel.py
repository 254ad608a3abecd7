"""The site is the same byte for byte whatever runs the per-article work: this process, a pool, or Dask."""

from __future__ import annotations

import multiprocessing.context

import pytest
from sites import PROJECT, differences, site_folder

import generator.executor
import generator.render
from generator.cli import main


@pytest.fixture
def every_item_to_workers(monkeypatch):
    """The bundled content is a dozen articles and ~50 files, which would otherwise stay in this process."""
    monkeypatch.setattr(generator.executor, "MIN_ITEMS_PER_CHUNK", 1)
    monkeypatch.setattr(generator.render, "PARALLEL_FILES", 1)


def _build(tmp_path, name: str, *options: str) -> None:
    config = tmp_path / name / "config.yaml"
    if not config.exists():
        site_folder(tmp_path / name, PROJECT / "content")
    assert main(["build", "--config", str(config), "--quiet", *options]) == 0


def test_jobs_one_two_and_a_dask_cluster_write_identical_sites(tmp_path, every_item_to_workers, dask_scheduler):
    _build(tmp_path, "serial", "--jobs", "1")
    _build(tmp_path, "pool", "--jobs", "2")
    _build(tmp_path, "dask", "--dask-scheduler", dask_scheduler)
    serial = tmp_path / "serial" / "output"
    assert (serial / "index.html").is_file() and (serial / "api" / "storylines.json").is_file()
    assert differences(serial, tmp_path / "pool" / "output") == []
    assert differences(serial, tmp_path / "dask" / "output") == []


def test_a_warm_rebuild_on_a_pool_matches_a_cold_serial_build(tmp_path, every_item_to_workers):
    _build(tmp_path, "warm", "--jobs", "2")
    (tmp_path / "warm" / "output").rename(tmp_path / "first")
    _build(tmp_path, "warm", "--jobs", "2")  # everything cached, output folder written afresh
    _build(tmp_path, "warm", "--jobs", "2")  # and again, this time updating the output in place
    _build(tmp_path, "cold", "--jobs", "1")
    assert differences(tmp_path / "warm" / "output", tmp_path / "cold" / "output") == []


def test_a_bad_jobs_value_or_an_unreachable_cluster_is_one_clear_line(tmp_path, capsys):
    config = site_folder(tmp_path / "site", PROJECT / "content")
    with pytest.raises(SystemExit):
        main(["build", "--config", str(config), "--jobs", "0"])
    assert "'0' is not a number of processes" in capsys.readouterr().err
    assert main(["build", "--config", str(config), "--dask-scheduler", "tcp://127.0.0.1:9"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and error.count("\n") == 1
    assert not (tmp_path / "site" / "output").exists()


def test_where_forked_renderers_cannot_share_a_counter_the_site_is_rendered_here(tmp_path, every_item_to_workers, monkeypatch):
    _build(tmp_path, "serial", "--jobs", "1")

    def no_semaphores(*args, **kwargs):
        raise OSError("[Errno 38] Function not implemented")  # what sem_open gives in some sandboxes

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Value", no_semaphores)
    _build(tmp_path, "no-semaphores", "--jobs", "2")
    assert differences(tmp_path / "serial" / "output", tmp_path / "no-semaphores" / "output") == []
