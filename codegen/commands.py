"""What each sub-command does, given parsed arguments; returns the exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codegen.api import parse_docs
from codegen.generate.package import Options, render_package
from codegen.generate.writer import compare, write_package
from codegen.ir.serialize import dump_json, dump_yaml
from codegen.settings import Settings, load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _settings(args: argparse.Namespace) -> Settings:
    """pyproject settings with command-line options on top."""
    base = load_settings()
    return Settings(
        docs=tuple(Path(p) for p in args.paths) or base.docs,
        out=Path(args.out) if getattr(args, "out", None) else base.out,
        package=getattr(args, "package", None) or base.package,
        templates=Path(args.templates) if getattr(args, "templates", None) else base.templates,
        base_url=base.base_url,
        lint=base.lint,
    )


def _render(settings: Settings) -> dict[str, str]:
    model = parse_docs(list(settings.docs))
    options = Options(
        package=settings.package, base_url=settings.base_url, templates=settings.templates
    )
    return render_package(model, options)


def run_parse(args: argparse.Namespace) -> int:
    """Print the IR."""
    model = parse_docs([Path(p) for p in args.paths] or None)
    sys.stdout.write(dump_json(model) if args.format == "json" else dump_yaml(model))
    return EXIT_OK


def run_generate(args: argparse.Namespace) -> int:
    """Render the package and write it under --out."""
    settings = _settings(args)
    files = _render(settings)
    changed = write_package(settings.out, files)
    where = (settings.out / settings.package).as_posix()
    print(f"{where}: {len(files)} files, {len(changed)} changed")
    for name in changed:
        print(f"  {name}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Compare what the docs produce with --out; exit 1 on drift."""
    settings = _settings(args)
    drift = compare(settings.out, _render(settings))
    if drift.clean:
        print(f"{settings.out.as_posix()}: up to date with {', '.join(map(str, settings.docs))}")
        return EXIT_OK
    for diff in drift.changed.values():
        sys.stdout.write(diff)
    for name in drift.missing:
        print(f"missing: {settings.out.as_posix()}/{name}")
    for name in drift.orphans:
        print(f"no longer produced: {settings.out.as_posix()}/{name}")
    print(
        f"{settings.out.as_posix()} is out of date: {len(drift.changed)} changed, "
        f"{len(drift.missing)} missing, {len(drift.orphans)} orphaned; run 'codegen generate'",
        file=sys.stderr,
    )
    return EXIT_FAILED


def run_lint(args: argparse.Namespace) -> int:
    """Report where the docs contradict themselves; exit 1 when an error-level finding remains."""
    from codegen import __version__
    from codegen.ir.diagnostics import Severity
    from codegen.lint.report import render_report
    from codegen.lint.runner import LintOptions
    from codegen.lint.runner import run_lint as lint

    settings = _settings(args)
    findings = lint(
        LintOptions(
            paths=settings.docs,
            metadata=Path(args.metadata) if args.metadata else None,
            changed_only=args.changed_only,
            config=settings.lint,
        )
    )
    sys.stdout.write(render_report(findings, args.format, tool_version=__version__))
    return EXIT_FAILED if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK
