"""Scale benchmark: cold and warm builds of 1,000 to 100,000 articles, against Pelican in the same run.

Corpora are made from the real news text in ../shared/eval/ (Reuters, NeuS, UCI, BASIL: about 28,000
articles). Beyond that, the real articles are retold (see `retold`): copy 1 of each, then copy 2, ...,
each with one word in five replaced, its original's title with a distinct suffix, and dated a year later
per copy, so no text is a near-copy of another and the copies of a story form a storyline as the
originals do. So a corpus of 10,000 is all real articles and one of 100,000 the real ones and about 2.5
retold copies of them, alike in length, sources, places and storylines; `--same-mix-as 100000` makes
smaller corpora samples of the 100,000 one instead (a sample has the same mix, but splits stories).

For each size it prints: cold build time, per-stage times, peak memory of the whole process tree (PSS, and RSS),
pages written, a warm rebuild after adding one article, a rebuild with nothing changed, and what the search
page downloads (the whole index, its largest word file, and what a search for one word fetches). With
--pelican it installs Pelican 4.x into a temporary virtual environment and builds the same articles as a
plain blog (Markdown, default theme, feeds on), and prints our times as ratios to Pelican's. With --preview
it also times `briefing serve` rebuilding after one more new article, as an editor previewing the site
waits for it.

    python benchmarks/scale.py --sizes 1000 10000 --runs 3 --pelican 5000 --json scale.json
    python benchmarks/scale.py --sizes 5000 --runs 3 --pelican 5000 --preview 5000 --build-args "--jobs 2"
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from generator.search import SKIPPED, word_file_of, word_key, words
from generator.site import SEARCH_RESULTS_SHOWN

EVAL = PROJECT.parent / "shared" / "eval"
SOURCES = [
    EVAL / "storylines" / "neus_train.jsonl",
    EVAL / "storylines" / "neus_val.jsonl",
    EVAL / "storylines" / "neus_test.jsonl",
    EVAL / "storylines" / "basil.jsonl",
    EVAL / "storylines" / "uci_headlines.jsonl",
    EVAL / "places" / "reuters_dev.jsonl",
]
STAGE_LINE = re.compile(r"^took \d+\.\d+s: (.*)$", re.MULTILINE)
STAGE = re.compile(r"(\w[\w ]*?) (\d+\.\d+)s(?: \(\d+ of \d+ cached\))?(?:, |$)")
READ_CACHED = re.compile(r"read \d+\.\d+s \((\d+) of (\d+) cached\)")


def load_real_articles() -> list[dict]:
    """Every real article in the evaluation sets that has a title, with some text."""
    missing = [str(p) for p in SOURCES if not p.is_file()]
    if missing:
        sys.exit(f"scale benchmark: evaluation data not found: {', '.join(missing)}")
    articles = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not (record.get("title") or "").strip():
                continue  # a few records have no headline: an article without a title is invalid content
            text = (record.get("text") or "").strip() or record["title"]
            articles.append({"title": record["title"].strip(), "text": text, "date": record.get("date"), "source": record.get("source") or ""})
    return articles


def spread_date(rng: random.Random) -> str:
    return (dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(15 * 365))).isoformat()


def corpus(real: list[dict], size: int) -> list[dict]:
    """`size` articles: the real ones (shuffled, dated when undated), then retold copies of them (`retold`)
    until there are `size`: copy 1 of each real article in turn, then copy 2, ..."""
    originals = dated_real(real)
    chosen = originals[:size]
    rng = random.Random(7)
    vocabulary = words_of(originals)
    while len(chosen) < size:
        copy = len(chosen) // len(originals)
        for original in originals[: size - len(chosen)]:
            chosen.append(retold(original, copy, len(chosen), vocabulary, rng))
    return chosen


def dated_real(real: list[dict]) -> list[dict]:
    """The real articles shuffled with a fixed seed, each undated one given a spread-out date."""
    rng = random.Random(7)
    pool = real[:]
    rng.shuffle(pool)
    return [dict(a, date=(a["date"] or spread_date(rng))[:10], undated=not a["date"]) for a in pool]


def words_of(articles: list[dict]) -> list[str]:
    """Every plain word (letters only) of the articles' texts, as often as it occurs."""
    return [word for article in articles for word in article["text"].split() if word.isalpha()]


RETOLD_EVERY = 5  # a retold copy has one word in this many replaced: as many as the duplicate folding's shingle


def retold(original: dict, copy: int, n: int, vocabulary: list[str], rng: random.Random) -> dict:
    """Copy number `copy` of a real article, as if the same story were told again `copy` years later.

    One plain word in five is replaced by a word drawn from the real texts (as often as it occurs there),
    so few 5-word shingles of the original survive (a median of 8 % in common with it; 3 % of copies, mostly
    tables of figures and one-line texts, keep half or more) and the duplicate folding keeps the copy, while
    four words in five, the sentences, paragraphs, length and title stay. Dated `copy` years after the
    original (a new date spread over 2010-2024 when the original had none, as the real ones get), the
    copies of one real story are published together and form a storyline as the originals do, not with
    them. So a corpus of 100,000 has the real corpus's mix of sources, lengths, places and storylines,
    about 3.5 times over: sizes differ in number, not in kind. `n` makes the title distinct."""
    offset = rng.randrange(RETOLD_EVERY)
    pieces = re.split(r"(\s+)", original["text"])  # words at even indexes, the whitespace between at odd ones
    for i in range(2 * offset, len(pieces), 2 * RETOLD_EVERY):
        if pieces[i].isalpha():
            pieces[i] = rng.choice(vocabulary)
    date = spread_date(rng) if original["undated"] else years_later(original["date"], copy)
    return {"title": f"{original['title']} (update {n})", "text": "".join(pieces), "date": date, "source": original["source"], "undated": original["undated"]}


def years_later(iso_date: str, years: int) -> str:
    day = dt.date.fromisoformat(iso_date)
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day).isoformat()


def new_article(real: list[dict], size: int, for_preview: bool = False) -> dict:
    """The article added before the warm rebuild of `size` articles (or, another one, before the preview's):
    retold from a real one, as copies are."""
    rng = random.Random(f"{size}-preview" if for_preview else size)
    originals = dated_real(real)
    return retold(rng.choice(originals), 1, size + (2 if for_preview else 1), words_of(originals), rng)


def sample_of(real: list[dict], size: int, whole: int) -> list[dict]:
    """`size` articles drawn from the `whole`-article corpus: its mix of real and retold articles, fewer."""
    return random.Random(size).sample(corpus(real, whole), size)


def write_briefing_project(folder: Path, articles: list[dict]) -> Path:
    """A Briefing project (config, templates, content) holding `articles` as Markdown files."""
    content = folder / "content"
    content.mkdir(parents=True)
    for n, article in enumerate(articles):
        (content / f"a{n:06d}.md").write_text(briefing_markdown(article), encoding="utf-8")
    shutil.copytree(PROJECT / "templates", folder / "templates")
    shutil.copy(PROJECT / "config.yaml", folder / "config.yaml")
    return folder / "config.yaml"


def briefing_markdown(article: dict) -> str:
    front = json.dumps(article["title"], ensure_ascii=False)
    source = f"source: {json.dumps(article['source'], ensure_ascii=False)}\n" if article["source"] else ""
    return f"---\ntitle: {front}\ndate: {article['date']}\n{source}---\n\n{article['text']}\n"


def pelican_markdown(article: dict, n: int) -> str:
    title = " ".join(article["title"].split())
    return f"Title: {title}\nDate: {article['date']} 12:00\nSlug: a{n:06d}\nCategory: news\n\n{article['text']}\n"


class PeakTreeMemory:
    """Samples the memory of a process and all its descendants (via /proc) and keeps the peaks.

    Two measures: summed RSS, which counts a page shared by forked processes once per process
    (so it overstates a pool of forked renderers), and summed PSS, which splits shared pages
    between the processes sharing them: the memory the tree really takes.
    """

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval, self.peak, self.peak_pss = pid, interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakTreeMemory:  # noqa: PYI034
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = tree_memory(self.pid)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self._stop.wait(self.interval)


def tree_memory(root: int) -> tuple[int, int]:
    """Resident bytes (RSS) and proportional bytes (PSS) of `root` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total_rss, total_pss, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total_rss += rss.get(pid, 0)
        total_pss += _pss(pid)
        stack.extend(children.get(pid, []))
    return total_rss, total_pss


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def timed_run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, tuple[int, int], str]:
    """Run a command; return wall seconds, peak tree (RSS, PSS) in bytes, and its output.
    Files written before are flushed to disk first (untimed), so no build pays for the one before it."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakTreeMemory(process.pid) as memory:
        output, _ = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"command failed ({process.returncode}): {' '.join(command)}\n{output[-3000:]}")
    return seconds, (memory.peak, memory.peak_pss), output


def stage_times(output: str) -> dict[str, float]:
    """Per-stage seconds from the build's summary line,
    e.g. 'took 2.50s: read 0.10s (0 of 12 cached), storylines 2.00s, ...'."""
    match = STAGE_LINE.search(output)
    if not match:
        return {}
    return {name: float(seconds) for name, seconds in STAGE.findall(match.group(1))}


def read_reused(output: str) -> float:
    """The share of articles a build took from the cache ('read 0.10s (5000 of 5001 cached)'): a warm
    build that reused nothing (the code changed between the builds, say) is a second cold build."""
    match = READ_CACHED.search(output)
    return int(match.group(1)) / int(match.group(2)) if match and int(match.group(2)) else 0.0


def briefing_build(config: Path, extra: list[str]) -> tuple[float, tuple[int, int], str]:
    return timed_run(briefing_command("build", config, *extra), config.parent, SOURCE_TREE_ENV)


def briefing_command(name: str, config: Path, *args: str) -> list[str]:
    """`briefing NAME --config CONFIG ARGS`, run from this source tree (with `SOURCE_TREE_ENV`)."""
    return [sys.executable, "-m", "generator", name, "--config", str(config), *args]


SOURCE_TREE_ENV = dict(os.environ, PYTHONPATH=str(PROJECT))


def compile_source_tree() -> None:
    """Compile the generator's bytecode beside its source, as `pip install` compiles an installed copy's (and
    Pelican's, in its environment). Where PYTHONDONTWRITEBYTECODE is set (this machine sets it), every timed
    run from a tree without it would compile the generator's modules anew: 0.05 s of each build here."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "generator")], check=True)


def measure_briefing(articles: list[dict], extra_article: dict, work: Path, extra: list[str], preview_article: dict | None = None) -> dict:
    """Cold build from an empty cache, then a warm rebuild after adding one article, then a rebuild with nothing
    changed (what a new process costs before any work: its start, imports and the cache's bookkeeping); with
    `preview_article`, also `briefing serve`'s rebuild after adding that one."""
    config = write_briefing_project(work, articles)
    cold, peak, output = briefing_build(config, extra)
    pages = sum(1 for _ in (work / "output").rglob("*.html"))
    search = search_downloads(work / "output" / "search")
    (work / "content" / "zz-new-article.md").write_text(briefing_markdown(extra_article), encoding="utf-8")
    warm, warm_peak, warm_output = briefing_build(config, extra)
    briefing_build(config, extra)  # the rebuild wrote a new lock file, so this build groups the storylines once more
    unchanged, _, _ = briefing_build(config, extra)
    preview = preview_rebuild(config, preview_article) if preview_article else {}
    return {
        **preview,
        "cold_s": cold,
        "warm_s": warm,
        "unchanged_s": unchanged,
        "peak_rss_mb": max(peak[0], warm_peak[0]) / 2**20,
        "peak_pss_mb": max(peak[1], warm_peak[1]) / 2**20,
        "pages": pages,
        **search,
        "stages_cold": stage_times(output),
        "stages_warm": stage_times(warm_output),
        "warm_read_reused": read_reused(warm_output),
    }


SEARCHES = 50


def search_downloads(folder: Path) -> dict:
    """What the search page fetches, in kB: the whole index, its largest word file, and (median and most over the
    first words of the titles of the `SEARCHES` newest storylines, as a reader might type them) a search for one
    word: the manifest, the word's file and the row files of the results listed first, title matches first (as
    search.js ranks them)."""
    manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    size = {path.name: path.stat().st_size for path in folder.glob("*.json")}
    rows: list[list[str]] = []
    while len(rows) < SEARCHES and f"rows-{len(rows) // manifest['rows']}.json" in size:
        rows += json.loads((folder / f"rows-{len(rows) // manifest['rows']}.json").read_text(encoding="utf-8"))
    typed = [next((w for w in words(row[1]) if w not in SKIPPED and len(w) >= manifest["key"]), None) for row in rows[:SEARCHES]]
    fetched = []
    for word in filter(None, typed):
        name = f"words-{word_file_of(word_key(word), manifest['words'])}.json"
        postings = json.loads((folder / name).read_text(encoding="utf-8"))
        in_title: dict[int, int] = {}
        for indexed, found in postings.items():
            if indexed.startswith(word):
                for posting in found:
                    in_title[posting // 2] = max(in_title.get(posting // 2, 0), posting % 2)
        shown = sorted(in_title, key=lambda row: (-in_title[row], row))[:SEARCH_RESULTS_SHOWN]
        row_files = {f"rows-{row // manifest['rows']}.json" for row in shown}
        fetched.append((size["index.json"] + size[name] + sum(size[f] for f in row_files)) / 1000)
    return {
        "search_total_kb": sum(size.values()) / 1000,
        "search_largest_word_file_kb": max(v for k, v in size.items() if k.startswith("words-")) / 1000,
        "search_one_word_kb": statistics.median(fetched) if fetched else 0.0,
        "search_one_word_max_kb": max(fetched, default=0.0),
    }


PREVIEW_BUILT = re.compile(r"^built \d+ files in (\d+\.\d+)s", re.MULTILINE)


def preview_rebuild(config: Path, article: dict) -> dict:
    """What an editor waits for in `briefing serve` after saving one new article: the rebuild the preview
    reports (its process has its imports done and the cache's files decoded), and the time from the file's
    change to the rebuilt site, which adds the time the watcher takes to notice; and the preview's memory."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = briefing_command("serve", config, "--port", str(port))
    process = subprocess.Popen(command, cwd=config.parent, env=SOURCE_TREE_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        log = _read_until(process, "previewing ")
        os.sync()
        changed = time.perf_counter()
        (config.parent / "content" / "zz-preview-article.md").write_text(briefing_markdown(article), encoding="utf-8")
        log += _read_until(process, "built ")
        seen = time.perf_counter() - changed
        resident, _ = tree_memory(process.pid)  # what the preview keeps between rebuilds (its decoded cache)
    finally:
        process.terminate()
        process.wait()
    rebuilds = PREVIEW_BUILT.findall(log)
    if len(rebuilds) < 2:
        sys.exit(f"briefing serve did not rebuild:\n{log[-3000:]}")
    return {"preview_s": float(rebuilds[-1]), "preview_seen_s": seen, "preview_rss_mb": resident / 2**20}


def _read_until(process: subprocess.Popen, start: str) -> str:
    """The process's output up to and including the first line that starts with `start`."""
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(start):
            return "".join(lines)
    sys.exit(f"briefing serve stopped:\n{''.join(lines)[-3000:]}")


def install_pelican(folder: Path) -> Path:
    """Pelican 4.x with Markdown support in its own virtual environment (from PyPI)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", "pelican[markdown]>=4,<5"]
    subprocess.run(pip, check=True)
    return folder / "bin" / "pelican"


PELICAN_CONFIG = """AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DEFAULT_PAGINATION = 10
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def measure_pelican(pelican: Path, articles: list[dict], extra_article: dict, work: Path) -> dict:
    """Pelican's cold build (empty cache) and its rebuild after one new article (its content cache on)."""
    content = work / "content"
    content.mkdir(parents=True)
    for n, article in enumerate(articles):
        (content / f"a{n:06d}.md").write_text(pelican_markdown(article, n), encoding="utf-8")
    (work / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    command = [str(pelican), "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    cold, peak, _ = timed_run(command, work)
    (content / "zz-new.md").write_text(pelican_markdown(extra_article, len(articles)), encoding="utf-8")
    warm, _, _ = timed_run(command, work)
    return {"cold_s": cold, "warm_s": warm, "peak_rss_mb": peak[0] / 2**20, "peak_pss_mb": peak[1] / 2**20}


def median_of(runs: list[dict]) -> dict:
    """Medians of every numeric figure over repeated runs."""
    result = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)):
            result[key] = statistics.median(r[key] for r in runs)
        elif isinstance(value, dict):
            result[key] = {k: statistics.median(r[key].get(k, 0.0) for r in runs) for k in value}
    result["runs"] = len(runs)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size; medians are reported")
    parser.add_argument("--pelican", type=int, nargs="*", default=[], help="sizes to also build with Pelican (e.g. 5000)")
    parser.add_argument(
        "--preview", type=int, nargs="*", default=[], help="sizes to also time 'briefing serve' rebuilding after one more new article"
    )
    parser.add_argument("--build-args", default="", help="extra arguments for 'briefing build', e.g. '--jobs 2'")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--same-mix-as",
        type=int,
        metavar="N",
        help="make each smaller corpus a random sample of the N-article one, so that sizes differ in number, not"
        " in their mix of real and retold articles (e.g. --sizes 10000 --same-mix-as 100000)",
    )
    args = parser.parse_args()

    real = load_real_articles()
    print(f"{len(real):,} real articles available in {EVAL}")
    results: dict = {"machine_cores": os.cpu_count(), "sizes": {}}
    extra = args.build_args.split()
    compile_source_tree()
    with tempfile.TemporaryDirectory(prefix="briefing-scale-") as tmp:
        tmp_path = Path(tmp)
        pelican = install_pelican(tmp_path / "pelican-venv") if args.pelican else None
        for size in sorted(set(args.sizes) | set(args.pelican) | set(args.preview)):
            articles = sample_of(real, size, args.same_mix_as) if args.same_mix_as and size < args.same_mix_as else corpus(real, size)
            preview_article = new_article(real, size, for_preview=True) if size in args.preview else None
            entry = measure_size(articles, new_article(real, size), size, args, pelican, tmp_path, extra, preview_article)
            results["sizes"][size] = entry
            print_entry(size, entry)
        if {10000, 100000} <= set(args.sizes) and not args.same_mix_as:
            # The default 10,000 are all real articles, the 100,000 mostly retold ones: the growth is measured
            # against a sample of the 100,000 too (the same mix of articles, but a tenth of each story).
            sample = sample_of(real, 10000, 100000)
            entry = measure_size(sample, new_article(real, 10000), 10000, args, None, tmp_path / "mix", extra)
            results["same_mix_10000"] = entry
            print("10,000 drawn from the 100,000 corpus (a sample of it):")
            print_entry(10000, entry)
    cold = {size: entry["briefing"]["cold_s"] for size, entry in results["sizes"].items()}
    if 10000 in cold and 100000 in cold:
        growth = cold[100000] / cold[10000]
        results["growth_10k_to_100k"] = growth
        print(f"cold build time grows {growth:.1f}x from 10,000 to 100,000 articles", end="")
        if "same_mix_10000" in results:
            same_mix = cold[100000] / results["same_mix_10000"]["briefing"]["cold_s"]
            results["growth_10k_to_100k_same_mix"] = same_mix
            print(f" ({growth:.1f}x from the all-real 10,000; {same_mix:.1f}x from a 10,000 sample of the 100,000 corpus)")
        else:
            print()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


def measure_size(
    articles: list[dict],
    new_article: dict,
    size: int,
    args: argparse.Namespace,
    pelican: Path | None,
    tmp_path: Path,
    extra: list[str],
    preview_article: dict | None = None,
) -> dict:
    """Medians of `args.runs` cold builds and rebuilds of `articles`, ours and (for the sizes asked) Pelican's;
    with `preview_article`, the preview's rebuild too."""
    tmp_path.mkdir(exist_ok=True)
    # Our runs and Pelican's take turns, so a slow spell of the machine falls on both; nothing is
    # deleted until every build was timed (docs/performance.md, "Measuring on this machine").
    ours, theirs = [], []
    for r in range(args.runs):
        ours.append(measure_briefing(articles, new_article, tmp_path / f"b{size}-{r}", extra, preview_article))
        if pelican and size in args.pelican:
            theirs.append(measure_pelican(pelican, articles, new_article, tmp_path / f"p{size}-{r}"))
    entry: dict = {"briefing": median_of(ours)}
    if theirs:
        entry["pelican"] = median_of(theirs)
        entry["ratio_cold_to_pelican"] = entry["briefing"]["cold_s"] / entry["pelican"]["cold_s"]
        entry["ratio_warm_to_pelican"] = entry["briefing"]["warm_s"] / entry["pelican"]["cold_s"]
        entry["ratio_unchanged_to_pelican"] = entry["briefing"]["unchanged_s"] / entry["pelican"]["cold_s"]
        if "preview_s" in entry["briefing"]:
            entry["ratio_preview_to_pelican"] = entry["briefing"]["preview_s"] / entry["pelican"]["cold_s"]
        entry["ratios_cold_per_run"] = [o["cold_s"] / p["cold_s"] for o, p in zip(ours, theirs)]
    return entry


def print_entry(size: int, entry: dict) -> None:
    ours = entry.get("briefing")
    if ours:
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in ours["stages_cold"].items())
        warm_stages = ", ".join(f"{k} {v:.2f}s" for k, v in ours["stages_warm"].items())
        print(
            f"{size:>7,} articles: cold {ours['cold_s']:.2f}s, warm (+1 article) {ours['warm_s']:.2f}s, "
            f"peak memory {ours['peak_pss_mb']:.0f} MB PSS ({ours['peak_rss_mb']:.0f} MB RSS), "
            f"{ours['pages']:,} pages (median of {ours['runs']})"
        )
        print(
            f"          search: index {ours['search_total_kb']:,.0f} kB in all, largest word file"
            f" {ours['search_largest_word_file_kb']:.0f} kB; a one-word search fetches {ours['search_one_word_kb']:.0f} kB"
            f" (median; at most {ours['search_one_word_max_kb']:.0f} kB)"
        )
        print(f"          stages (cold): {stages}")
        print(f"          stages (warm): {warm_stages}")
        print(f"          rebuild with nothing changed: {ours['unchanged_s']:.2f}s")
        if "preview_s" in ours:
            print(
                f"          preview (briefing serve, +1 more article): rebuilt in {ours['preview_s']:.2f}s,"
                f" {ours['preview_seen_s']:.2f}s from the file's change to the rebuilt site; the preview holds"
                f" {ours['preview_rss_mb']:.0f} MB RSS"
            )
        if ours["warm_read_reused"] < 0.99:
            print(f"          WARNING: the warm build took only {ours['warm_read_reused']:.0%} of the articles from the cache:"
                  " not a rebuild (was the code changed while the benchmark ran?)")
    if "pelican" in entry:
        theirs = entry["pelican"]
        print(
            f"          Pelican: cold {theirs['cold_s']:.2f}s, warm {theirs['warm_s']:.2f}s; "
            f"ours/Pelican cold {entry['ratio_cold_to_pelican']:.2f}x, warm {entry['ratio_warm_to_pelican']:.3f}x"
            f" (cold, run by run: {', '.join(f'{r:.2f}x' for r in entry['ratios_cold_per_run'])})"
        )
        if "ratio_preview_to_pelican" in entry:
            print(f"          ours/Pelican, preview rebuild: {entry['ratio_preview_to_pelican']:.3f}x")
        print(f"          ours/Pelican, rebuild with nothing changed: {entry['ratio_unchanged_to_pelican']:.3f}x")


if __name__ == "__main__":
    sys.exit(main())
