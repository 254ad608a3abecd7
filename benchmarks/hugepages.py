"""Does NumPy's request for transparent huge pages slow a build on this machine?

NumPy asks Linux for huge pages for every array of 4 MB or more; where the kernel's huge-page defrag setting is
`madvise`, a first touch of such an array may wait while the kernel compacts memory. Builds tell NumPy not to ask
(`generator/__init__.py`; docs/performance.md, "Measuring on this machine"). This prints the kernel's settings,
then, `--runs` times, alternating `NUMPY_MADVISE_HUGEPAGE=1` (asked) and `=0` (not asked), each in a fresh process:
the time to fill `--megabytes` of memory with `numpy.ones`, and the storylines stage and whole time of a cold build
of `--articles` articles of the scale benchmark's corpus (0: no builds). Medians at the end.

    python benchmarks/hugepages.py [--megabytes 500] [--articles 10000] [--same-mix-as 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import PROJECT, corpus, load_real_articles, sample_of, stage_times, write_briefing_project

SETTINGS = {"asked": "1", "not asked": "0"}
FILL = "import time, numpy; t = time.perf_counter(); numpy.ones({count}); print(time.perf_counter() - t)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--articles", type=int, default=10000, help="articles of each timed cold build (0: none)")
    parser.add_argument("--same-mix-as", type=int, metavar="N", help="the articles: a sample of the N-article corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build-args", default="--jobs 2", help="arguments for 'briefing build'")
    args = parser.parse_args()
    for name in ("enabled", "defrag"):
        setting = Path(f"/sys/kernel/mm/transparent_hugepage/{name}")
        print(f"transparent_hugepage/{name}: {setting.read_text().strip() if setting.exists() else 'unknown'}")
    figures: dict[str, dict[str, list[float]]] = {way: {"fill": [], "storylines": [], "build": []} for way in SETTINGS}
    with tempfile.TemporaryDirectory(prefix="briefing-hugepages-") as folder:
        config = None
        if args.articles:
            real = load_real_articles()
            articles = sample_of(real, args.articles, args.same_mix_as) if args.same_mix_as else corpus(real, args.articles)
            config = write_briefing_project(Path(folder) / "project", articles)
        for run in range(args.runs):
            for way, value in SETTINGS.items():
                environment = {**os.environ, "NUMPY_MADVISE_HUGEPAGE": value}
                fill = float(_run([sys.executable, "-c", FILL.format(count=args.megabytes * 2**20 // 8)], environment))
                line = f"run {run + 1}, huge pages {way}: {args.megabytes} MB filled in {fill:.2f} s"
                figures[way]["fill"].append(fill)
                if config is not None:
                    build, storylines = _cold_build(config, Path(folder) / f"output-{run}-{value}", args.build_args.split(), environment)
                    figures[way]["build"].append(build)
                    figures[way]["storylines"].append(storylines)
                    line += f"; cold build {build:.2f} s, storylines stage {storylines:.2f} s"
                print(line, flush=True)
    for way, measured in figures.items():
        medians = ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in measured.items() if values)
        print(f"huge pages {way}, medians: {medians}")
    return 0


def _cold_build(config: Path, output: Path, extra: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall time of a cold build (no cache, no storyline registry) into `output`, and its storylines stage."""
    project = config.parent
    (project / "content" / "storylines.lock.yaml").unlink(missing_ok=True)
    cache = project / ".cache"
    if cache.exists():
        cache.rename(output.with_name(output.name + "-cache"))  # renamed, not deleted: deletions slow the next build
    os.sync()
    command = [sys.executable, "-m", "generator", "build", "--config", str(config), "--output", str(output), *extra]
    started = time.perf_counter()
    printed = _run(command, {**environment, "PYTHONPATH": str(PROJECT)})
    return time.perf_counter() - started, stage_times(printed)["storylines"]


def _run(command: list[str], environment: dict[str, str]) -> str:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"hugepages benchmark: {' '.join(command[:4])} failed:\n{done.stderr}")
    return done.stdout


if __name__ == "__main__":
    sys.exit(main())
