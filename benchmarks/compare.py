"""Is a change faster? Cold builds of two versions of the code, taking turns on the same corpus.

Builds the scale benchmark's corpus (`scale.py`: real news text from ../shared/eval) twice, once for each
version, and times cold builds of each in turn: the working tree against a git revision (`BASE`), in
alternating order, each after a sync, nothing deleted until the end (docs/performance.md, "Measuring on
this machine"). Prints each build's time and stages, then the medians and their ratio. Both versions run
with this interpreter and the packages installed in it.

    python benchmarks/compare.py HEAD~1 [--articles 5000] [--pairs 4] [--build-args "--jobs 2"]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scale import PROJECT, corpus, load_real_articles, stage_times, timed_run, write_briefing_project


def export_revision(revision: str, folder: Path) -> Path:
    """The project's files at `revision` (committed state only), unpacked into `folder`."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", revision], capture_output=True, check=False)
    if archive.returncode != 0:
        sys.exit(f"compare: no such revision: {revision}\n{archive.stderr.decode(errors='replace')}")
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


_MOVED = itertools.count()


def cold_build(code: Path, project: Path, extra: list[str], moved: Path) -> tuple[float, dict[str, float]]:
    """One cold build of `project` by the code in `code`: the last build's output and cache are moved away
    first (renamed, not deleted: deleting a tree slows whatever writes files next on this machine)."""
    for name in ("output", ".cache"):
        if (project / name).exists():
            (project / name).rename(moved / str(next(_MOVED)))
    command = [sys.executable, "-m", "generator", "build", "--config", str(project / "config.yaml"), *extra]
    seconds, _, output = timed_run(command, project, env=dict(os.environ, PYTHONPATH=str(code)))
    return seconds, stage_times(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="git revision to compare the working tree against, e.g. HEAD~1 or main")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--pairs", type=int, default=4, help="builds of each version (medians are printed)")
    parser.add_argument("--build-args", default="--jobs 2", help="arguments for 'briefing build'")
    args = parser.parse_args()
    extra = args.build_args.split()
    articles = corpus(load_real_articles(), args.articles)
    with tempfile.TemporaryDirectory(prefix="briefing-compare-") as tmp:
        work = Path(tmp)
        code = {"base": export_revision(args.base, work / "base-code"), "change": PROJECT}
        projects = {side: work / side for side in code}
        for project in projects.values():
            write_briefing_project(project, articles)
        moved = work / "moved"
        moved.mkdir()
        runs: dict[str, list[tuple[float, dict[str, float]]]] = {side: [] for side in code}
        for pair in range(args.pairs):
            for side in ("base", "change") if pair % 2 == 0 else ("change", "base"):
                seconds, stages = cold_build(code[side], projects[side], extra, moved)
                runs[side].append((seconds, stages))
                shown = ", ".join(f"{name} {value:.2f}s" for name, value in stages.items())
                print(f"{side:>6}: {seconds:.2f}s ({shown})", flush=True)
        medians = {}
        for side, results in runs.items():
            medians[side] = statistics.median(seconds for seconds, _ in results)
            stages = {name: statistics.median(s.get(name, 0.0) for _, s in results) for name in results[0][1]}
            shown = ", ".join(f"{name} {value:.2f}s" for name, value in stages.items())
            print(f"median {side} ({args.base if side == 'base' else 'working tree'}): {medians[side]:.2f}s ({shown})")
        print(f"working tree / {args.base}: {medians['change'] / medians['base']:.3f}x (cold, {args.articles:,} articles, {args.pairs} builds each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
