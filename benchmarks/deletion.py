"""Does deleting a tree of files just before a build slow the build on this machine?

Why the other benchmarks sync before every timed build and delete nothing until all are timed
(docs/performance.md, "Measuring on this machine"). Writes the scale benchmark's corpus of N articles
(default 5,000) into a temporary project, builds it once, then `--runs` times each, alternately: a cold
build after deleting the previous build's output and cache, and one after only renaming them away;
`os.sync()` before each. Prints each build's wall time, render stage and system CPU time, and the medians.

    python benchmarks/deletion.py [--articles 5000] [--runs 3] [--build-args "--jobs 2"]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import PROJECT, corpus, load_real_articles, stage_times, write_briefing_project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="builds after each way of removing the previous output")
    parser.add_argument("--build-args", default="--jobs 2", help="arguments for 'briefing build'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-deletion-") as folder:
        work = Path(folder)
        config = write_briefing_project(work / "project", corpus(load_real_articles(), args.articles))
        _build(config, args.build_args.split())  # a previous output and cache to remove
        results: dict[str, list[tuple[float, float, float]]] = {"deleted": [], "renamed": []}
        for run in range(args.runs):
            for way, figures in results.items():
                _remove_previous(config.parent, way, work / f"moved-{run}-{way}")
                figures.append(_build(config, args.build_args.split()))
                wall, render, system = figures[-1]
                print(f"run {run + 1}, previous output {way}: {wall:.2f}s wall, render {render:.2f}s, system CPU {system:.2f}s", flush=True)
        for way, figures in results.items():
            walls, renders, systems = zip(*figures)
            print(
                f"median after the previous output was {way}: {statistics.median(walls):.2f}s wall, "
                f"render {statistics.median(renders):.2f}s, system CPU {statistics.median(systems):.2f}s"
            )
    return 0


def _remove_previous(project: Path, way: str, aside: Path) -> None:
    aside.mkdir()
    for name in ("output", ".cache"):
        if (project / name).exists():
            if way == "deleted":
                shutil.rmtree(project / name)
            else:
                (project / name).rename(aside / name)


def _build(config: Path, extra: list[str]) -> tuple[float, float, float]:
    """Wall seconds, render stage seconds and system CPU seconds of one `briefing build`."""
    os.sync()
    before, start = os.times(), time.perf_counter()
    command = [sys.executable, "-m", "generator", "build", "--config", str(config), *extra]
    done = subprocess.run(command, cwd=config.parent, env=dict(os.environ, PYTHONPATH=str(PROJECT)), capture_output=True, text=True, check=False)
    wall, after = time.perf_counter() - start, os.times()
    if done.returncode != 0:
        sys.exit(f"build failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return wall, stage_times(done.stdout).get("render", 0.0), after.children_system - before.children_system


if __name__ == "__main__":
    sys.exit(main())
