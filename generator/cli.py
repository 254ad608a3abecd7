"""The `briefing` command: parse arguments, call one function, map errors to exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.config import load_config
from generator.content import load_content
from generator.errors import BriefingError, ContentError, Problem
from generator.executor import make_executor
from generator.importers import FORMATS, import_files

if TYPE_CHECKING:
    from generator.build import BuildReport, Progress

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
LONG_STAGE = 200  # items; stages this long get a progress bar on a terminal


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except ContentError as exc:
        _print_problems(exc.problems)
        strict = " (--strict: warnings count as errors)" if getattr(args, "strict", False) else ""
        files = len({p.path for p in exc.problems})
        print(f"error: {files} invalid file(s){strict}; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The `briefing` command: `main`, then leave without taking the interpreter's heap apart object by object.

    A build leaves millions of objects (articles, tokens, pages); freeing them one at a time at exit took
    0.06-0.07 s of a 5,000-article build. Nothing else is left to do by then: the output and the cache are
    written and closed, and every worker process has been joined.
    """
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `briefing build | head`: the reader left before the report was printed
        code = EXIT_INVALID
    sys.stderr.flush()
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build a static briefing site from news articles.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command")

    cmd = commands.add_parser("build", help="build the site into the output folder")
    _common(cmd)
    cmd.add_argument("--output", type=Path, help="output folder (default: from config, 'output')")
    cmd.add_argument("--base-url", help="the site's public URL, e.g. https://owner.github.io/repo/")
    cmd.add_argument("--skip-invalid", action="store_true", help="build the valid articles and list the invalid ones")
    cmd.add_argument("--strict", action="store_true", help="treat warnings as errors: fail and write nothing")
    cmd.add_argument("--quiet", action="store_true", help="print only problems (for CI)")
    cmd.add_argument("--jobs", type=_jobs, help="worker processes for per-article work (default: the machine's cores)")
    cmd.add_argument("--dask-scheduler", metavar="ADDRESS", help="run per-article work on this Dask cluster (tcp://host:8786)")
    cmd.set_defaults(run=_build)

    cmd = commands.add_parser("check", help="validate the content and report every problem")
    _common(cmd)
    cmd.set_defaults(run=_check)

    cmd = commands.add_parser("import", help="turn text dumps, JSON Lines or RSS/Atom files into content files")
    cmd.add_argument("format", choices=FORMATS)
    cmd.add_argument("sources", nargs="+", type=Path)
    cmd.add_argument("--into", type=Path, default=Path("content"), help="content folder to write into (default: content)")
    cmd.add_argument("--date", type=_date, help="publication date for the whole batch (text; feed entries without one)")
    cmd.add_argument("--source", help="outlet name for the whole batch (text, feed)")
    cmd.add_argument("--dates", type=Path, help="YAML file mapping headline to date (text)")
    cmd.set_defaults(run=_import)

    cmd = commands.add_parser("serve", help="preview the site on 127.0.0.1, rebuilding and reloading on every change")
    _common(cmd)
    cmd.add_argument("--port", type=int, default=8000)
    cmd.add_argument("--output", type=Path, help="preview folder (default: .cache/preview beside the config)")
    cmd.set_defaults(run=_serve)
    return parser


def _common(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--config", type=Path, help="config file (default: config.yaml)")
    cmd.add_argument("--content", type=Path, help="content folder (default: from config, 'content')")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return jobs


def _config(args: argparse.Namespace):
    config = load_config(args.config)
    site = config.site
    if getattr(args, "base_url", None) is not None:
        site = replace(site, base_url=args.base_url)
    return config.with_overrides(
        content_dir=getattr(args, "content", None), output_dir=getattr(args, "output", None), site=site
    )


def _build(args: argparse.Namespace) -> int:
    from generator.build import build  # the whole pipeline (numpy, scipy, jinja2, ...): only for a build

    config = _config(args)
    executor = make_executor(args.jobs, args.dask_scheduler)
    try:
        with _progress_bar(enabled=not args.quiet and sys.stderr.isatty()) as progress:
            report = build(config, skip_invalid=args.skip_invalid, strict=args.strict, progress=progress, executor=executor)
    finally:
        executor.close()
    _print_problems(report.warnings + report.skipped_problems)
    if args.quiet:
        return EXIT_OK
    print(f"built {report.pages} files, {report.storylines} storylines into {config.output_dir}")
    for path, into in sorted(report.duplicates.items()):
        print(f"duplicate: {path} folded into {into}")
    for path in report.skipped:
        print(f"skipped: {path}")
    print(stage_timings(report))
    print(report.accounting_line())
    return EXIT_OK


def stage_timings(report: BuildReport) -> str:
    """One line: each stage's time, and how many of its results came from the cache."""
    parts = []
    for stage, seconds in report.timings.items():
        reused, computed = report.cached.get(stage, (0, 0))
        cached = f" ({reused} of {reused + computed} cached)" if reused + computed else ""
        parts.append(f"{stage} {seconds:.2f}s{cached}")
    return f"took {sum(report.timings.values()):.2f}s: " + ", ".join(parts)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on stderr for long stages; it disappears when the stage ends."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:

        def start(stage: str, total: int) -> Callable[..., None]:
            if total < LONG_STAGE:
                return lambda count=1: None
            task = bar.add_task(stage, total=total)
            return lambda count=1: bar.advance(task, count)

        yield start


def _check(args: argparse.Namespace) -> int:
    from generator.storylines import check_inputs, read_inputs  # numpy and scipy: only for the storylines file

    config = _config(args)
    loaded = load_content(config.content_dir)
    storyline_problems = check_inputs(read_inputs(config.content_dir), list(loaded.articles))
    _print_problems(list(loaded.problems) + storyline_problems)
    valid = len(loaded.files) - len(loaded.invalid_files)
    print(f"checked {len(loaded.files)} file(s): {valid} valid, {len(loaded.invalid_files)} invalid")
    return EXIT_INVALID if loaded.errors or any(p.is_error for p in storyline_problems) else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    missing = [str(s) for s in args.sources if not s.is_file()]
    if missing:
        raise BriefingError(f"no such file: {', '.join(missing)}")
    report = import_files(args.format, args.sources, args.into, date=args.date, source=args.source, dates=args.dates)
    _print_problems(report.problems)
    for path in report.written:
        print(f"wrote {path}")
    print(report.summary())
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    def preview_config():
        config = load_config(args.config)
        output = args.output or config.root / ".cache" / "preview"
        site = replace(config.site, base_url=f"http://127.0.0.1:{args.port}/")
        return config.with_overrides(content_dir=args.content, output_dir=output, site=site)

    serve(preview_config, args.port, args.config or Path("config.yaml"))
    return EXIT_OK


def _print_problems(problems: list[Problem]) -> None:
    """Every problem, grouped by file, one line each."""
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
