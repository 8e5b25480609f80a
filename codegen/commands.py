"""What each sub-command does, given parsed arguments; returns the exit code."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from codegen.api import generate, parse_docs, render
from codegen.generate.writer import compare
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


def _settings(args: argparse.Namespace) -> Settings:
    """pyproject settings with command-line options on top, every value checked."""
    base = load_settings()
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
    """Render the package and write it under --out."""
    settings = _settings(args)
    files, changed = generate(settings)
    where = (settings.out / settings.package).as_posix()
    print(safe_line(f"{where}: {len(files)} files, {len(changed)} changed"))
    for name in changed:
        print(safe_line(f"  {name}"))
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Compare what the docs produce with --out; exit 1 on drift."""
    settings = _settings(args)
    drift = compare(settings.out, render(settings))
    out = settings.out.as_posix()
    if drift.clean:
        docs = ", ".join(p.as_posix() for p in settings.docs)
        print(safe_line(f"{out}: up to date with {docs}"))
        return EXIT_OK
    if drift.interrupted:
        print(
            safe_line(
                f"{out}: an interrupted 'codegen generate' left a journal; "
                "it completes on the next run"
            )
        )
    for diff in drift.changed.values():
        sys.stdout.write(safe_lines(diff))  # file names and text from the docs
    for name in drift.missing:
        print(safe_line(f"missing: {out}/{name}"))
    for name in drift.orphans:
        print(safe_line(f"no longer produced: {out}/{name}"))
    print(
        safe_line(
            f"{out} is out of date: {len(drift.changed)} changed, "
            f"{len(drift.missing)} missing, {len(drift.orphans)} orphaned; run 'codegen generate'"
        ),
        file=sys.stderr,
    )
    return EXIT_FAILED


def run_lint(args: argparse.Namespace) -> int:
    """Report where the docs contradict themselves; exit 1 when an error-level finding remains."""
    from codegen import __version__
    from codegen.ir.diagnostics import Severity
    from codegen.lint.report import render_report
    from codegen.lint.runner import LintOptions, lint_docs

    settings = _settings(args)
    result = lint_docs(
        LintOptions(
            paths=settings.docs,
            metadata=settings.metadata,
            changed_only=args.changed_only,
            config=settings.lint,
            config_folder=settings.root or Path("."),
            root=settings.root,
        )
    )
    report = render_report(
        result.findings, args.format, tool_version=__version__, pages=result.pages
    )
    sys.stdout.write(report)
    return EXIT_FAILED if any(f.severity is Severity.ERROR for f in result.findings) else EXIT_OK
