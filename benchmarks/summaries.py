"""Summary quality (ROUGE on NeuS) and LexRank speed against sumy; prints every figure it measures.

    python benchmarks/summaries.py                 # ROUGE on neus_test, then the speed table
    python benchmarks/summaries.py --set val       # tune on neus_val, never on test
    python benchmarks/summaries.py --no-speed      # ROUGE only
    python benchmarks/summaries.py --set val --max-words 150 --no-speed   # a longer summary than config.yaml's
    python benchmarks/summaries.py --no-rouge --sumy-max 2000   # speed only, skip sumy above 2,000

ROUGE: every article of the set is imported with `briefing import jsonl`, pinned to its gold
story, and the site is built with the default configuration; each storyline summary in
`api/storylines.json` is scored against the AllSides editors' summary (rouge-score, stemming on),
cut to the reference's length in words; the same for the even- and odd-numbered stories apart, and with
every summary cut to 100 words instead (held-out sets with 100-word summaries are measured too, so a change
must hold there as well as at the reference's length, and on both halves).

Agreement: both LexRanks pick 4 sentences from every NeuS storyline of the set; the count that match.

Speed: the project's LexRank and sumy's `LexRankSummarizer` rank the same first N sentences of
neus_train (tokenised once beforehand, so both time the ranking alone), in the same run; the
project's time is the best of 3 runs, sumy's a single run. The table shows both times, the ratio
and whether the selected sentences are identical.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import replace
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer

from generator.build import build
from generator.config import load_config
from generator.importers import import_files
from generator.summaries.sumy_lexrank import FastLexRankSummarizer
from generator.text import STOP_WORDS, SumyTokenizer, sentences

EVAL = PROJECT.parent / "shared" / "eval"
SIZES = (200, 500, 1000, 2000, 5000)
PICK = 10
# sumy divides by a zero norm when no sentence has an edge (its scores become NaN); the drop-in does the same.
warnings.filterwarnings("ignore", "invalid value encountered in divide", RuntimeWarning)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("val", "test"), default="test", help="NeuS split for ROUGE (default test)")
    parser.add_argument("--no-rouge", action="store_true", help="skip the ROUGE measurement")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed table")
    parser.add_argument("--max-words", type=int, help="override config.yaml's summary.max_words for this run")
    parser.add_argument("--sumy-max", type=int, default=max(SIZES), help="skip sumy above this many sentences")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation data not found: {EVAL} (expected ../shared/eval next to the project)", file=sys.stderr)
        return 2
    if not args.no_rouge:
        rouge(args.set, args.max_words)
    if not args.no_speed:
        agreement(args.set)
        speed(args.sumy_max)
    return 0


def rouge(split: str, max_words: int | None = None) -> None:
    stories = EVAL / "storylines" / f"neus_{split}.jsonl"
    references = json.loads((EVAL / "summaries" / f"neus_{split}_refs.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pinned = root / "pinned.jsonl"
        with stories.open(encoding="utf-8") as source, pinned.open("w", encoding="utf-8") as target:
            for line in source:
                record = json.loads(line)
                record["storyline"] = record["story_id"]
                target.write(json.dumps(record) + "\n")
        import_files("jsonl", [pinned], root / "content")
        config = load_config(PROJECT / "config.yaml")
        summary = replace(config.summary, max_words=max_words or config.summary.max_words)
        config = config.with_overrides(content_dir=root / "content", output_dir=root / "output", summary=summary)
        started = time.perf_counter()
        report = build(config)
        elapsed = time.perf_counter() - started
        storylines = json.loads((root / "output" / "api" / "storylines.json").read_text(encoding="utf-8"))
    summaries = {s["id"]: " ".join(part["text"] for part in s["summary"]) for s in storylines}
    missing = sum(story_id not in summaries for story_id in references)
    scores = _scores(summaries, references)
    print(
        f"ROUGE F1 on neus_{split} ({len(references)} storylines, {missing} without a summary;"
        f" {summary.sentences} sentences, {summary.max_words} words at most;"
        f" build {elapsed:.1f} s, summaries {report.timings.get('summaries', 0):.2f} s)"
    )
    every = sorted(scores)
    even = [i for i in every if int(i.rsplit("-", 1)[1]) % 2 == 0]
    odd = [i for i in every if int(i.rsplit("-", 1)[1]) % 2 == 1]
    for cut in ("reference", "100 words"):
        print(
            f"  cut to {cut + ':':<11} ROUGE-1 {_mean(scores, cut, 'rouge1', every):.2f}"
            f"   ROUGE-2 {_mean(scores, cut, 'rouge2', every):.2f}   ROUGE-L {_mean(scores, cut, 'rougeL', every):.2f}"
            f"   (ROUGE-2 even/odd stories {_mean(scores, cut, 'rouge2', even):.2f}"
            f" / {_mean(scores, cut, 'rouge2', odd):.2f}; ROUGE-2 recall {_mean(scores, cut, 'rouge2 recall', every):.2f})"
        )


def _mean(scores: dict[str, dict[str, dict[str, float]]], cut: str, measure: str, story_ids: list[str]) -> float:
    return 100 * statistics.fmean(scores[i][cut][measure] for i in story_ids)


def _scores(summaries: dict[str, str], references: dict[str, list[str]]) -> dict[str, dict[str, dict[str, float]]]:
    """Per story, per cut (the reference's length, 100 words): ROUGE-1/2/L F1 and ROUGE-2 recall."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = {}
    for story_id, (reference, *_) in sorted(references.items()):
        system = summaries.get(story_id, "").split()
        scores[story_id] = {}
        for cut, length in (("reference", len(reference.split())), ("100 words", 100)):
            measured = scorer.score(reference, " ".join(system[:length]))
            scores[story_id][cut] = {name: score.fmeasure for name, score in measured.items()}
            scores[story_id][cut]["rouge2 recall"] = measured["rouge2"].recall
    return scores


def agreement(split: str) -> None:
    """Both LexRanks on every NeuS storyline (its articles' sentences), picking 4: same picks?"""
    tokenizer = SumyTokenizer()
    stories: dict[str, list[str]] = {}
    with (EVAL / "storylines" / f"neus_{split}.jsonl").open(encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            stories.setdefault(record["story_id"], []).extend(sentences(record["text"]))
    same = 0
    for texts in stories.values():
        document = ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts])])
        same += _timed(FastLexRankSummarizer, document, 4)[0] == _timed(LexRankSummarizer, document, 4)[0]
    print(
        f"\nLexRank on every neus_{split} storyline (4 sentences): same selection as sumy on {same} of {len(stories)}"
    )


def speed(sumy_max: int) -> None:
    tokenizer = SumyTokenizer()
    texts = []
    with (EVAL / "storylines" / "neus_train.jsonl").open(encoding="utf-8") as source:
        for line in source:
            texts.extend(sentences(json.loads(line)["text"]))
            if len(texts) >= max(SIZES):
                break
    print(f"\nLexRank speed: {PICK} sentences picked from the first N sentences of neus_train")
    print(f"{'sentences':>9} {'project (s)':>12} {'sumy (s)':>10} {'ratio':>8}  same selection")
    for size in SIZES:
        document = ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts[:size]])])
        _ = [sentence.words for sentence in document.sentences]  # tokenise once, outside both timings
        # the best of 3 fresh runs (each with a cold stem cache): on a shared machine, noise only adds time
        ours, our_time = min((_timed(FastLexRankSummarizer, document) for _ in range(3)), key=lambda r: r[1])
        if size > sumy_max:
            print(f"{size:>9} {our_time:>12.3f} {'skipped':>10} {'-':>8}  -")
            continue
        theirs, their_time = _timed(LexRankSummarizer, document)
        same = "yes" if ours == theirs else "NO"
        print(f"{size:>9} {our_time:>12.3f} {their_time:>10.2f} {their_time / our_time:>7.0f}x  {same}")


def _timed(summarizer_class, document, count: int = PICK) -> tuple[tuple[str, ...], float]:
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = STOP_WORDS
    started = time.perf_counter()
    picked = summarizer(document, count)
    return tuple(str(s) for s in picked), time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
