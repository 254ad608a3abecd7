"""Duplicates and accounting benchmark: prints measured figures, asserts nothing silently.

1. Accounting: 1,000 synthetic articles (900 stories, 50 exact and 50 near copies from other outlets) are
   imported with `briefing import jsonl`, 20 broken files are dropped in, and `briefing build --skip-invalid`
   runs; prints the accounting line and whether it adds up and names every duplicate and bad file.
2. Scale: folds N synthetic articles (default 100,000, 1% exact and 1% near copies) and prints the time and
   the precision and recall of the folds.
3. Real text: folds the NeuS and BASIL storyline sets from ../shared/eval (read at run time), where each story
   is told by three different outlets in their own words: any fold there is a false positive.

    python benchmarks/duplicates.py [--articles 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EVAL = PROJECT.parent / "shared" / "eval" / "storylines"
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests" / "fixtures" / "content")]

from newsroom import newsroom, write_bad_files, write_jsonl

from generator.dedupe import fold_duplicates
from generator.model import Article


def accounting(tmp: Path) -> bool:
    stories, original_of = newsroom(originals=900, exact=50, near=50, seed=1)
    source = write_jsonl(stories, tmp / "news.jsonl")
    run = [sys.executable, "-m", "generator"]
    start = time.perf_counter()
    subprocess.run([*run, "import", "jsonl", str(source), "--into", str(tmp / "content")], check=True, capture_output=True, cwd=PROJECT)
    imported = time.perf_counter() - start
    bad = write_bad_files(tmp / "content", count=20)
    start = time.perf_counter()
    done = subprocess.run([*run, "build", "--content", str(tmp / "content"), "--output", str(tmp / "output"), "--skip-invalid"],
                          check=False, capture_output=True, text=True, cwd=PROJECT)
    built = time.perf_counter() - start
    line = re.search(r"^read (\d+) = published (\d+) \+ duplicates folded (\d+) \+ skipped (\d+)$", done.stdout, re.MULTILINE)
    print(f"accounting: imported 1,000 articles in {imported:.1f}s, built in {built:.1f}s (exit {done.returncode})")
    if not line:
        print(done.stderr[-2000:])
        return False
    read, published, folded, skipped = map(int, line.groups())
    named_dups = set(re.findall(r"^duplicate: \S+/(story-\d+)\.md folded into (story-\d+)$", done.stdout, re.MULTILINE))
    expected_pairs = {tuple(sorted(pair)) for pair in original_of.items()}
    found_pairs = {tuple(sorted(pair)) for pair in named_dups}
    named_bad = set(re.findall(r"^skipped: \S+/(bad-\S+)$", done.stdout, re.MULTILINE))
    print(f"  {line.group(0)}")
    print(f"  adds up: {read == published + folded + skipped}; duplicate pairs named {len(found_pairs & expected_pairs)}/"
          f"{len(expected_pairs)} (wrong {len(found_pairs - expected_pairs)}); bad files named {len(named_bad & set(bad))}/{len(bad)}")
    return read == published + folded + skipped and found_pairs == expected_pairs and named_bad == set(bad)


def scale(count: int) -> None:
    copies = count // 100
    start = time.perf_counter()
    stories, original_of = newsroom(originals=count - 2 * copies, exact=copies, near=copies, seed=2)
    articles = tuple(Article(id=s.id, title=s.title, body=s.text, path=s.id, date=dt.date.fromisoformat(s.date),
                             source=s.source) for s in stories)
    made = time.perf_counter() - start
    start = time.perf_counter()
    folded = fold_duplicates(articles)
    seconds = time.perf_counter() - start
    right = sum(1 for dup, keeper in folded.folded_into.items()
                if original_of.get(dup) == keeper or original_of.get(keeper) == dup)
    expected = len(original_of)
    print(f"scale: {count:,} articles (made in {made:.0f}s): folded {len(folded.folds):,} in {seconds:.1f}s; "
          f"precision {right / max(1, len(folded.folds)):.3f}, recall {right / expected:.3f}")


def real_text() -> None:
    for name in ("neus_train.jsonl", "basil.jsonl"):
        records = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        articles = tuple(Article(id=f"a{n}", title=r["title"], body=r.get("text") or r["title"], path=str(n))
                         for n, r in enumerate(records))
        story_of = {f"a{n}": r["story_id"] for n, r in enumerate(records)}
        start = time.perf_counter()
        folded = fold_duplicates(articles)
        seconds = time.perf_counter() - start
        across = sum(1 for dup, keeper in folded.folded_into.items() if story_of[dup] != story_of[keeper])
        print(f"real text {name}: {len(articles):,} articles by different outlets, folded {len(folded.folds)} "
              f"({across} across stories) in {seconds:.1f}s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ok = accounting(Path(tmp))
    scale(args.articles)
    if not EVAL.is_dir():
        print(f"missing {EVAL}: the real-text part needs ../shared/eval beside the project", file=sys.stderr)
        return 1
    real_text()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
