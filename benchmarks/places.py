"""Measure country tagging on labelled articles: micro precision, recall and F1 of each article's
focus countries (and of focus plus mentioned) against the editors' `countries`, and time per article.

Usage: python benchmarks/places.py ../shared/eval/places/reuters_dev.jsonl

The articles go through the project's own path: the JSON Lines importer writes them into a temporary
content folder, `load_content` reads them back, and `tag_countries` tags them with default settings.
The gold labels are kept aside and left out of the imported files, so no editor override applies.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.content import load_content
from generator.importers import import_files
from generator.places import tag_countries
from generator.places.gazetteer import gazetteer
from generator.slugs import slugify


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: benchmarks/places.py FILE.jsonl", file=sys.stderr)
        return 2
    source = Path(argv[1])
    if not source.is_file():
        print(f"{source}: not found; the evaluation data lives in ../shared/eval/places/", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        gold, unlabelled = _split_labels(source, Path(tmp) / "articles.jsonl")
        content = Path(tmp) / "content"
        report = import_files("jsonl", [unlabelled], content)
        loaded = load_content(content)
        print(f"{source.name}: {len(gold)} labelled articles; {report.summary()}; {len(loaded.articles)} read back")
        gazetteer()  # built once per run, as in a build; not part of the per-article time
        start = time.perf_counter()
        tagged = [tag_countries(article) for article in loaded.articles]
        elapsed = time.perf_counter() - start
    scored = [(a.countries, gold[a.id]) for a in tagged if a.id in gold]
    _print_scores("focus", [(set(c.focus), g) for c, g in scored])
    _print_scores("focus + mentioned", [(set(c.all), g) for c, g in scored])
    print(f"time per article: {1000 * elapsed / max(len(tagged), 1):.3f} ms ({len(tagged)} articles, {elapsed:.2f} s)")
    return 0


def _split_labels(source: Path, unlabelled: Path) -> tuple[dict[str, set[str]], Path]:
    """Gold countries by article id, and a copy of the articles without them."""
    gold: dict[str, set[str]] = {}
    with source.open(encoding="utf-8") as lines, unlabelled.open("w", encoding="utf-8") as out:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            gold[slugify(str(record["id"]))] = {str(c).upper() for c in record.get("countries") or ()}
            record.pop("countries", None)
            out.write(json.dumps(record) + "\n")
    return gold, unlabelled


def _print_scores(label: str, pairs: list[tuple[set[str], set[str]]]) -> None:
    true_positives = sum(len(predicted & gold) for predicted, gold in pairs)
    predicted = sum(len(p) for p, _ in pairs)
    relevant = sum(len(g) for _, g in pairs)
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / relevant if relevant else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{label:>18}: micro precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
