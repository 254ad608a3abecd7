"""How much faster is a rebuild after one new article than a cold build, and is its output the same?

Imports N articles (default 5,000) from ../shared/eval/storylines/neus_train.jsonl into a temporary folder
through the project's JSON Lines importer and builds them once, as a site's first build (timed and printed;
it writes the storyline registry, `content/storylines.lock.yaml`, which a site commits with its content).
Then, `--runs` times, each from an empty cache and output folder and with that registry: a cold build (as
CI's build of a clean clone without a cache), one more article, and a rebuild with the cache (warm). Then
builds the same N+1 articles cold into another folder and compares the trees. Prints each pair's times,
their ratio and where each build spent its time, and the medians.

    python benchmarks/incremental.py [--articles 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.build import BuildReport, build
from generator.cache import Cache
from generator.cli import stage_timings
from generator.config import load_config
from generator.importers import import_files
from generator.storylines.identity import REGISTRY_FILE

SOURCE = PROJECT.parent / "shared" / "eval" / "storylines" / "neus_train.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="cold and warm pairs, each from scratch (medians printed)")
    args = parser.parse_args()
    if not SOURCE.is_file():
        print(f"evaluation data missing: {SOURCE} (see ../shared/eval/README.md)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as folder:
        tmp = Path(folder)
        content = tmp / "content"
        _import(tmp, content, start=0, count=args.articles)
        config = load_config(PROJECT / "config.yaml").with_overrides(content_dir=content)
        (first_wall, _), first = _timed(build, config.with_overrides(output_dir=tmp / "first"), cache=Cache(tmp / "cache-first"))
        print(f"first build (no registry yet, no cache): {first_wall:.2f}s wall ({stage_timings(first)})")
        registry = content / REGISTRY_FILE
        published = registry.read_bytes()
        pairs = []
        for run in range(1, args.runs + 1):
            registry.write_bytes(published)  # every run starts from the same content
            settings, cache = config.with_overrides(output_dir=tmp / f"warm-{run}"), tmp / f"cache-{run}"
            output = settings.output_dir
            (cold_wall, cold_cpu), cold = _timed(build, settings, cache=Cache(cache))
            before = _tree(output)
            added = _import(tmp, content, start=args.articles, count=1)
            (warm_wall, warm_cpu), warm = _timed(build, settings, cache=Cache(cache))
            pairs.append((cold_wall, warm_wall, cold_cpu, warm_cpu))
            print(f"run {run}: cold {cold_wall:.2f}s wall ({stage_timings(cold)})")
            print(f"       warm {warm_wall:.2f}s wall ({stage_timings(warm)})")
            print(f"       warm is {cold_wall / warm_wall:.1f}x faster (wall), {cold_cpu / warm_cpu:.1f}x (CPU)")
            if run < args.runs:
                for path in added:
                    path.unlink()  # the next run starts from the same N articles
        after = _tree(output)
        build(config.with_overrides(output_dir=tmp / "cold"), cache=Cache(tmp / "fresh"))
        identical = after == _tree(tmp / "cold")
        changed = sorted(path for path in after.keys() | before.keys() if after.get(path) != before.get(path))

        cold_walls, warm_walls, cold_cpus, warm_cpus = zip(*pairs)
        print(f"articles: {cold.published} cold, then {warm.published} after adding one")
        print(
            f"median of {len(pairs)}: cold {statistics.median(cold_walls):.2f}s, warm {statistics.median(warm_walls):.2f}s; "
            f"warm is {statistics.median(c / w for c, w in zip(cold_walls, warm_walls)):.1f}x faster (wall), "
            f"{statistics.median(c / w for c, w in zip(cold_cpus, warm_cpus)):.1f}x (CPU); "
            f"than the site's first build {first_wall / statistics.median(warm_walls):.1f}x"
        )
        cached = [stage for stage, (reused, _) in warm.cached.items() if reused]
        cold_part, warm_part = (sum(r.timings.get(s, 0.0) for s in cached) for r in (cold, warm))
        print(f"stages served from the cache ({', '.join(cached)}), last run: {cold_part:.2f}s cold, {warm_part:.2f}s warm")
        sections = Counter(path.split("/")[0] for path in changed)
        print(f"output files the new article changed: {len(changed)} of {len(after)} ({dict(sorted(sections.items()))})")
        print(f"warm output identical to a cold build of the same content: {'yes' if identical else 'NO'}")
        return 0 if identical else 1


def _import(tmp: Path, content: Path, start: int, count: int) -> list[Path]:
    """Lines start..start+count of the eval file, through the project's own importer; the files written."""
    batch = tmp / f"batch-{start}.jsonl"
    with SOURCE.open(encoding="utf-8") as lines:
        batch.write_text("".join(itertools.islice(lines, start, start + count)), encoding="utf-8")
    report = import_files("jsonl", [batch], content)
    if any(p.is_error for p in report.problems) or not report.written:
        raise SystemExit(f"import failed: {report.summary()}")
    return [Path(path) for path in report.written]


def _timed(work, *args, **options) -> tuple[tuple[float, float], BuildReport]:
    """Wall time, and CPU time of this process (steadier on a machine shared with other work). Files
    written before are flushed to disk first (untimed), so no build pays for the one before it."""
    os.sync()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work(*args, **options)
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


if __name__ == "__main__":
    sys.exit(main())
