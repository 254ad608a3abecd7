"""The `briefing` command: parse arguments, call one function, map errors to exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator import __version__
from generator.build import build
from generator.config import load_config
from generator.content import load_content
from generator.errors import BriefingError, ContentError, Problem
from generator.importers import FORMATS, import_files
from generator.storylines import check_inputs, read_inputs

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


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
        print(f"error: {len({p.path for p in exc.problems})} invalid file(s); nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build a static briefing site from news articles.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command")

    cmd = commands.add_parser("build", help="build the site into the output folder")
    _common(cmd)
    cmd.add_argument("--output", type=Path, help="output folder (default: from config, 'output')")
    cmd.add_argument("--base-url", help="the site's public URL, e.g. https://owner.github.io/repo/")
    cmd.add_argument("--skip-invalid", action="store_true", help="build the valid articles and list the invalid ones")
    cmd.set_defaults(run=_build)

    cmd = commands.add_parser("check", help="validate the content and report every problem")
    _common(cmd)
    cmd.set_defaults(run=_check)

    cmd = commands.add_parser("import", help="turn other formats into content files")
    cmd.add_argument("format", choices=FORMATS)
    cmd.add_argument("sources", nargs="+", type=Path)
    cmd.add_argument("--into", type=Path, default=Path("content"), help="content folder to write into (default: content)")
    cmd.add_argument("--date", type=_date, help="publication date for the whole batch (text)")
    cmd.add_argument("--source", help="outlet name for the whole batch (text)")
    cmd.add_argument("--dates", type=Path, help="YAML file mapping headline to date (text)")
    cmd.set_defaults(run=_import)

    cmd = commands.add_parser("serve", help="preview the built site on 127.0.0.1")
    cmd.add_argument("--config", type=Path)
    cmd.add_argument("--port", type=int, default=8000)
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


def _config(args: argparse.Namespace):
    config = load_config(args.config)
    site = config.site
    if getattr(args, "base_url", None) is not None:
        from dataclasses import replace

        site = replace(site, base_url=args.base_url)
    return config.with_overrides(
        content_dir=getattr(args, "content", None), output_dir=getattr(args, "output", None), site=site
    )


def _build(args: argparse.Namespace) -> int:
    config = _config(args)
    report = build(config, skip_invalid=args.skip_invalid)
    _print_problems(report.warnings + report.skipped_problems)
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items())
    print(f"built {report.pages} files, {report.storylines} storylines into {config.output_dir} ({stages})")
    for path, into in sorted(report.duplicates.items()):
        print(f"duplicate: {path} folded into {into}")
    for path in report.skipped:
        print(f"skipped: {path}")
    print(report.accounting_line())
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
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

    serve(load_config(args.config).output_dir, args.port)
    return EXIT_OK


def _print_problems(problems: list[Problem]) -> None:
    """Every problem, grouped by file, one line each."""
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
