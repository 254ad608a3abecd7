"""Storyline grouping benchmark: B-cubed precision, recall and F1 against labelled stories.

    python benchmarks/storylines.py ../shared/eval/storylines/neus_test.jsonl [MORE.jsonl ...] [--batches N]

Several files are grouped together as one corpus (e.g. neus_train + uci_headlines for the
speed budget). With `--batches N` the corpus arrives as a site's would, in N batches (in file
order): each grouping starts from the storylines the previous one published (its registry, as
`content/storylines.lock.yaml` carries it from build to build), and the last one is scored. The articles go through the project's own path: the jsonl importer writes
them into a temporary content folder, then they are read, folded and tagged as in a build,
and grouped with the default configuration. Prints the scores, the number of storylines,
the grouping time and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import StorylineConfig
from generator.content import load_content
from generator.dedupe import fold_duplicates
from generator.importers import import_files
from generator.places import tag_countries
from generator.slugs import slugify
from generator.storylines import StorylineInputs, group_storylines


def bcubed(gold: list[str], predicted: list[str]) -> tuple[float, float, float]:
    """Bagga & Baldwin's B-cubed, averaged over articles."""
    together = Counter(zip(gold, predicted))
    gold_size, predicted_size = Counter(gold), Counter(predicted)
    n = len(gold)
    precision = sum(together[(g, p)] / predicted_size[p] for g, p in zip(gold, predicted)) / n
    recall = sum(together[(g, p)] / gold_size[g] for g, p in zip(gold, predicted)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(files: list[Path], batches: int = 1) -> int:
    missing = [f for f in files if not f.is_file()]
    if not files or missing:
        print(f"evaluation data not found: {', '.join(map(str, missing)) or 'no file given'}", file=sys.stderr)
        print("usage: benchmarks/storylines.py FILE.jsonl [FILE.jsonl ...] (from ../shared/eval/storylines/)", file=sys.stderr)
        return 2
    gold_of: dict[str, str] = {}  # in file order
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold_of[slugify(str(record["id"]))] = str(record["story_id"])
    arrival = {article_id: place * batches // len(gold_of) for place, article_id in enumerate(gold_of)}
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        imported = import_files("jsonl", files, content)
        loaded = load_content(content)
    folded = fold_duplicates(loaded.articles)
    articles = tuple(tag_countries(a) for a in folded.articles)
    before = _peak_rss_mib()
    start = time.perf_counter()
    inputs = StorylineInputs()
    for batch in range(batches):
        arrived = tuple(a for a in articles if arrival.get(a.id, batches - 1) <= batch)
        grouping = group_storylines(arrived, StorylineConfig(), inputs)
        inputs = StorylineInputs(registry=grouping.registry)
    seconds = time.perf_counter() - start
    storyline_of = {aid: s.id for s in grouping.storylines for aid in s.article_ids}
    for duplicate, keeper in folded.folded_into.items():
        storyline_of[duplicate] = storyline_of[keeper]
    scored = sorted(a for a in storyline_of if a in gold_of)
    precision, recall, f1 = bcubed([gold_of[a] for a in scored], [storyline_of[a] for a in scored])
    print(f"files: {', '.join(f.name for f in files)}" + (f" (in {batches} batches)" if batches > 1 else ""))
    print(f"articles: {len(gold_of)} in files, {len(scored)} scored ({imported.repeats} exact repeats not imported, "
          f"{len(folded.folded_into)} duplicates folded), {len(set(gold_of.values()))} gold stories")
    print(f"B-cubed precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"storylines: {len(grouping.storylines)}")
    print(f"grouping time: {seconds:.2f} s")
    print(f"peak memory: {_peak_rss_mib():.0f} MiB for the whole process (import, reading and grouping; "
          f"{before:.0f} MiB before grouping)")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--batches", type=int, default=1, help="group the corpus as it arrives in N batches (default 1)")
    arguments = parser.parse_args()
    sys.exit(main(arguments.files, max(arguments.batches, 1)))
