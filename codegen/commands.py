"""What each sub-command does, given parsed arguments; returns the exit code."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from codegen.api import generate, parse_docs, render
from codegen.console import QUIET, VERBOSE, paint_diff, wants_color
from codegen.generate.writer import Drift, compare
from codegen.ir.serialize import dump_json, dump_yaml
from codegen.settings import (
    Settings,
    SettingsError,
    check_package,
    check_patterns,
    load_settings,
)
from codegen.terminal import safe_line, safe_lines

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


def _folder(path: Path, option: str) -> Path:
    if not path.is_dir():
        raise SettingsError(f"{option} {path}: no such folder")
    return path


def _docs_found(settings: Settings, given: bool) -> None:
    """SettingsError saying where docs were looked for and how to name them, when the docs
    folders come from the defaults or pyproject.toml and none of them exists."""
    if given or any(p.exists() for p in settings.docs):
        return
    looked = ", ".join(p.as_posix() for p in settings.docs)
    if settings.docs_from:
        raise SettingsError(
            f"{settings.docs_from}: [tool.codegen] docs names {looked}, which does not exist; "
            "correct it, or name the docs folder: codegen COMMAND PATH"
        )
    raise SettingsError(
        f"no docs to read: looked for {looked} (the default docs folder); name the folder of "
        'Graph reference pages (codegen COMMAND PATH) or set docs = ["..."] under '
        "[tool.codegen] in pyproject.toml"
    )


def _settings(args: argparse.Namespace) -> Settings:
    """pyproject settings with command-line options on top, every value checked."""
    base = load_settings()
    _docs_found(base, bool(args.paths))
    settings = replace(
        base,
        docs=tuple(Path(p) for p in args.paths) or base.docs,
        out=Path(args.out) if getattr(args, "out", None) else base.out,
        package=(
            check_package(args.package, "--package")
            if getattr(args, "package", None) is not None
            else base.package
        ),
        templates=(
            _folder(Path(args.templates), "--templates")
            if getattr(args, "templates", None)
            else base.templates
        ),
        metadata=Path(args.metadata) if getattr(args, "metadata", None) else base.metadata,
        cache=base.cache and not getattr(args, "no_cache", False),
    )
    include, exclude = getattr(args, "include", None), getattr(args, "exclude", None)
    if include is not None:  # each option replaces its pyproject list
        settings = replace(settings, include=check_patterns(include, "--include", "include"))
    if exclude is not None:
        settings = replace(settings, exclude=check_patterns(exclude, "--exclude", "exclude"))
    return settings


def run_parse(args: argparse.Namespace) -> int:
    """Print the IR."""
    settings = _settings(args)
    model = parse_docs(list(settings.docs), settings.root)
    sys.stdout.write(dump_json(model) if args.format == "json" else dump_yaml(model))
    return EXIT_OK


def run_generate(args: argparse.Namespace) -> int:
    """Render the package and write it under --out; with --check or --diff, write nothing and
    say what would change (exit 1 with --check when something would)."""
    settings = _settings(args)
    if args.check or args.diff:
        drift = compare(settings.out, render(settings, verify=True))
        _show_drift(settings, drift, args, diff=args.diff)
        if not drift.clean and args.verbosity > QUIET:
            where = (settings.out / settings.package).as_posix()
            print(
                safe_line(f"{where} would change: {_count(drift)}; nothing written"),
                file=sys.stderr,
            )
        return EXIT_FAILED if args.check and not drift.clean else EXIT_OK
    files, changed = generate(settings)
    where = (settings.out / settings.package).as_posix()
    if args.verbosity > QUIET:
        print(safe_line(f"{where}: {len(files)} files, {len(changed)} changed"))
    if args.verbosity >= VERBOSE:
        for name in changed:
            print(safe_line(f"  {name}"))
    return EXIT_OK


def _count(drift: Drift) -> str:
    return (
        f"{len(drift.changed)} changed, {len(drift.missing)} missing, "
        f"{len(drift.orphans)} orphaned"
    )


def _show_drift(settings: Settings, drift: Drift, args: argparse.Namespace, *, diff: bool) -> None:
    """What differs, on stdout: each diff (when ``diff``), missing and orphaned files (names
    with -v, or always when there is no diff to show them)."""
    if args.verbosity == QUIET:
        return
    out = settings.out.as_posix()
    color = wants_color(args.color, sys.stdout)
    if drift.interrupted:
        print(
            safe_line(
                f"{out}: an interrupted 'codegen generate' left a journal; "
                "it completes on the next run"
            )
        )
    if diff:
        for text in drift.changed.values():
            sys.stdout.write(paint_diff(safe_lines(text), color))  # names and text from docs
    elif args.verbosity >= VERBOSE:
        for name in drift.changed:
            print(safe_line(f"would change: {out}/{name}"))
    for name in drift.missing:
        print(safe_line(f"missing: {out}/{name}"))
    for name in drift.orphans:
        print(safe_line(f"no longer produced: {out}/{name}"))


def run_check(args: argparse.Namespace) -> int:
    """Compare what the docs produce with --out; exit 1 on drift."""
    settings = _settings(args)
    drift = compare(settings.out, render(settings, verify=True))  # no cached code trusted
    out = settings.out.as_posix()
    if drift.clean:
        if args.verbosity > QUIET:
            docs = ", ".join(p.as_posix() for p in settings.docs)
            print(safe_line(f"{out}: up to date with {docs}"))
        return EXIT_OK
    _show_drift(settings, drift, args, diff=True)
    print(
        safe_line(f"{out} is out of date: {_count(drift)}; run 'codegen generate'"),
        file=sys.stderr,
    )
    return EXIT_FAILED


def run_lint(args: argparse.Namespace) -> int:
    """Report where the docs contradict themselves; exit 1 when a finding at or above the
    --fail-on severity (default: error) remains, unless --exit-zero."""
    from codegen import __version__
    from codegen.lint import config
    from codegen.lint.output import check_output_file, write_output_file
    from codegen.lint.report import STATISTICS_FORMATS, render_report, render_statistics
    from codegen.lint.runner import LintOptions, lint_docs

    if args.statistics and args.format not in STATISTICS_FORMATS:
        raise SettingsError(f"--statistics is written as text or json, not --format {args.format}")
    settings = _settings(args)
    selection = config.selection(settings.lint, args.select, args.ignore)
    threshold = config.fail_on(settings.lint, args.fail_on)
    output = Path(args.output_file) if args.output_file is not None else None
    if output is not None:
        check_output_file(output)  # before linting, not after
    result = lint_docs(
        LintOptions(
            paths=settings.docs,
            metadata=settings.metadata,
            changed_only=args.changed_only,
            config=settings.lint,
            config_folder=settings.root or Path("."),
            root=settings.root,
            selection=selection,
        )
    )
    if args.statistics:
        report = render_statistics(result.findings, args.format, pages=result.pages)
    else:
        color = output is None and wants_color(args.color, sys.stdout)
        report = render_report(
            result.findings, args.format, tool_version=__version__, pages=result.pages, color=color
        )
        if args.verbosity == QUIET and args.format == "text":  # the findings, no summary line
            report = report.rsplit("\n\n", 1)[0] + "\n" if "\n\n" in report else ""
    if output is not None:
        write_output_file(output, report)
    else:
        sys.stdout.write(report)
    failed = config.fails([f.severity for f in result.findings], threshold)
    return EXIT_FAILED if failed and not args.exit_zero else EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    """Compare two docs sets (folders or git revisions of the configured docs); exit 1 when a
    change at or above --fail-on (default: breaking) remains unsuppressed."""
    import os

    from codegen import __version__
    from codegen.console import NORMAL
    from codegen.diff.report import render
    from codegen.diff.runner import DiffOptions
    from codegen.diff.runner import run_diff as diff

    settings = load_settings()
    if args.new is None or not all(os.path.exists(s) for s in (args.old, args.new)):
        _docs_found(settings, False)  # a revision or the working tree: the configured docs
    pyproject = settings.root / "pyproject.toml" if settings.root is not None else None
    result = diff(
        DiffOptions(
            old=args.old,
            new=args.new,
            docs=settings.docs,
            root=settings.root,
            table=settings.diff,
            pyproject=Path(os.path.relpath(pyproject)) if pyproject is not None else None,
            fail_on=args.fail_on,
            descriptions=args.descriptions,
            cache=settings.cache and not args.no_cache,
        )
    )
    if args.format != "text" or args.verbosity > QUIET:
        color = args.format == "text" and wants_color(args.color, sys.stdout)
        sys.stdout.write(
            render(
                result,
                args.format,
                tool_version=__version__,
                color=color,
                verbose=args.verbosity > NORMAL,
            )
        )
    return EXIT_FAILED if result.failed else EXIT_OK
