"""How much faster is a rebuild after one new article than a cold build, and is its output the same?

Imports N articles (default 5,000) from ../shared/eval/storylines/neus_train.jsonl into a temporary folder
through the project's JSON Lines importer and builds them once, as a site's first build (timed and printed;
it writes the storyline registry, `content/storylines.lock.yaml`, which a site commits with its content).
Then, `--runs` times, each from an empty cache and output folder and with that registry: a cold build (as
CI's build of a clean clone without a cache), one more article, and a rebuild with the cache (warm). Then
builds the same N+1 articles cold into another folder and compares the trees. Prints each pair's times,
their ratio and where each build spent its time, and the medians.

Every build runs in a process of its own, as `briefing build` does: a build run after another in one process
found the first one's memos (each sentence's words, each word's stem) and was not cold. Two times are taken
for each: the build (`generator.build.build`, timed inside its process) and the whole process (also starting
Python, importing the generator and exiting: 0.45-0.55 s on this machine, whatever the build does). Builds
run in one process (`--jobs 1`), as both did before.

    python benchmarks/incremental.py [--articles 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.config import load_config
from generator.importers import import_files
from generator.storylines.identity import REGISTRY_FILE

SOURCE = PROJECT.parent / "shared" / "eval" / "storylines" / "neus_train.jsonl"


@dataclass(frozen=True)
class Timed:
    """One build in a process of its own: the build's wall and CPU seconds, the whole process's wall seconds."""

    build: float
    cpu: float
    process: float
    stages: str  # where the build spent its time, as `briefing build` prints it
    published: int
    reused: tuple[str, ...]  # stages that found results in the cache


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="cold and warm pairs, each from scratch (medians printed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one build, in the process this starts
    args = parser.parse_args()
    if args.child:
        return _child(json.loads(args.child))
    if not SOURCE.is_file():
        print(f"evaluation data missing: {SOURCE} (see ../shared/eval/README.md)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as folder:
        tmp = Path(folder)
        content = tmp / "content"
        _import(tmp, content, start=0, count=args.articles)
        first = _build(content, tmp / "first", tmp / "cache-first")
        print(f"first build (no registry yet, no cache): {first.build:.2f}s ({first.stages})")
        registry = content / REGISTRY_FILE
        published = registry.read_bytes()
        pairs = []
        for run in range(1, args.runs + 1):
            registry.write_bytes(published)  # every run starts from the same content
            output, cache = tmp / f"warm-{run}", tmp / f"cache-{run}"
            cold = _build(content, output, cache)
            before = _tree(output)
            added = _import(tmp, content, start=args.articles, count=1)
            warm = _build(content, output, cache)
            pairs.append((cold, warm))
            print(f"run {run}: cold {cold.build:.2f}s build, {cold.process:.2f}s process ({cold.stages})")
            print(f"       warm {warm.build:.2f}s build, {warm.process:.2f}s process ({warm.stages})")
            print(
                f"       warm is {cold.build / warm.build:.1f}x faster (build), {cold.cpu / warm.cpu:.1f}x (build CPU),"
                f" {cold.process / warm.process:.1f}x (process)"
            )
            if run < args.runs:
                for path in added:
                    path.unlink()  # the next run starts from the same N articles
        after = _tree(output)
        _build(content, tmp / "cold", tmp / "fresh")
        identical = after == _tree(tmp / "cold")
        changed = sorted(path for path in after.keys() | before.keys() if after.get(path) != before.get(path))

        print(f"articles: {cold.published} cold, then {warm.published} after adding one")
        median = {
            name: statistics.median(getattr(cold, name) / getattr(warm, name) for cold, warm in pairs)
            for name in ("build", "cpu", "process")
        }
        print(
            f"median of {len(pairs)}: cold {statistics.median(c.build for c, _ in pairs):.2f}s, "
            f"warm {statistics.median(w.build for _, w in pairs):.2f}s (builds; processes "
            f"{statistics.median(c.process for c, _ in pairs):.2f}s and {statistics.median(w.process for _, w in pairs):.2f}s); "
            f"warm is {median['build']:.1f}x faster (build), {median['cpu']:.1f}x (build CPU), {median['process']:.1f}x (process); "
            f"than the site's first build {first.build / statistics.median(w.build for _, w in pairs):.1f}x"
        )
        print(f"stages the rebuild found in the cache: {', '.join(warm.reused)}")
        sections = Counter(path.split("/")[0] for path in changed)
        print(f"output files the new article changed: {len(changed)} of {len(after)} ({dict(sorted(sections.items()))})")
        print(f"warm output identical to a cold build of the same content: {'yes' if identical else 'NO'}")
        return 0 if identical else 1


def _build(content: Path, output: Path, cache: Path) -> Timed:
    """Build in a new process (files written before are flushed to disk first, untimed, so no build pays for
    the one before it)."""
    os.sync()
    request = json.dumps({"content": str(content), "output": str(output), "cache": str(cache)})
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", request], capture_output=True, text=True, check=False)
    process = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    result = json.loads(done.stdout.splitlines()[-1])
    return Timed(result["build"], result["cpu"], process, result["stages"], result["published"], tuple(result["reused"]))


def _child(request: dict) -> int:
    """One build, timed here: what `Timed.build` and `Timed.cpu` are."""
    from generator.build import build
    from generator.cache import Cache
    from generator.cli import stage_timings

    config = load_config(PROJECT / "config.yaml").with_overrides(
        content_dir=Path(request["content"]), output_dir=Path(request["output"])
    )
    wall, cpu = time.perf_counter(), time.process_time()
    report = build(config, cache=Cache(Path(request["cache"])))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    reused = [stage for stage, (hits, _) in report.cached.items() if hits]
    summary = {"build": wall, "cpu": cpu, "stages": stage_timings(report), "published": report.published, "reused": reused}
    print(json.dumps(summary))
    return 0


def _import(tmp: Path, content: Path, start: int, count: int) -> list[Path]:
    """Lines start..start+count of the eval file, through the project's own importer; the files written."""
    batch = tmp / f"batch-{start}.jsonl"
    with SOURCE.open(encoding="utf-8") as lines:
        batch.write_text("".join(itertools.islice(lines, start, start + count)), encoding="utf-8")
    report = import_files("jsonl", [batch], content)
    if any(p.is_error for p in report.problems) or not report.written:
        raise SystemExit(f"import failed: {report.summary()}")
    return [Path(path) for path in report.written]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


if __name__ == "__main__":
    sys.exit(main())
