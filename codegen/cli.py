"""The ``codegen`` command line.

Exit codes: 0 success; 1 the check failed (drift, lint errors); 2 usage errors, docs,
settings or templates that cannot be used (the message names the file); 3 an internal
error (reported in one line, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence

import jinja2

from codegen import commands
from codegen.commands import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from codegen.generate.format import RenderError
from codegen.generate.writer import WriteError
from codegen.lint.changed import GitError
from codegen.lint.csdl import MetadataError
from codegen.lint.suppressions import SuppressionError
from codegen.parser.docset import DocsError
from codegen.settings import SettingsError

USER_ERRORS = (
    DocsError,
    SettingsError,
    WriteError,
    RenderError,
    GitError,
    MetadataError,
    SuppressionError,
)


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="docs folders or pages (default: spec/docs)")


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help="output folder (default: generated)")
    p.add_argument("--package", help="package name (default: graph_client)")
    p.add_argument("--templates", help="folder whose templates override the built-in ones")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="codegen", description="Microsoft Graph docs -> model -> Python package"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print the intermediate model of the docs")
    _paths(p)
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    p.set_defaults(run=commands.run_parse)
    p = sub.add_parser("generate", help="generate the Python package from the docs")
    _paths(p)
    _output(p)
    p.set_defaults(run=commands.run_generate)
    p = sub.add_parser("check", help="fail when the generated package does not match the docs")
    _paths(p)
    _output(p)
    p.set_defaults(run=commands.run_check)
    p = sub.add_parser("lint", help="report where the docs contradict themselves or the metadata")
    _paths(p)
    p.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    p.add_argument("--metadata", help="a CSDL document to compare the docs with")
    p.add_argument("--changed-only", metavar="REF", help="lint only pages changed since a git ref")
    p.set_defaults(run=commands.run_lint)
    return parser


def _template_error(exc: jinja2.TemplateError) -> str:
    """The message, with the template file and line (from the error or its traceback)."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".jinja")]
    if frames and not line:
        name, line = frames[-1].filename, frames[-1].lineno
    where = f"{name}:{line}: " if name and line else f"{name}: " if name else ""
    return f"template error: {where}{exc.message or type(exc).__name__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if not exc.code else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except USER_ERRORS as exc:
        print(f"codegen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except jinja2.TemplateError as exc:
        print(f"codegen: error: {_template_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        print(f"codegen: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
