"""The ``codegen`` command line.

Exit codes: 0 success; 1 the check failed (drift, lint errors); 2 usage errors, docs,
settings or templates that cannot be used (the message names the file); 3 an internal
error (reported in one line, never a traceback); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from codegen import __version__, commands
from codegen.commands import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from codegen.csdl import MetadataError
from codegen.generate.format import RenderError
from codegen.generate.render import TemplateError
from codegen.generate.writer import WriteError
from codegen.lint.changed import GitError
from codegen.lint.suppressions import SuppressionError
from codegen.parser.docset import DocsError
from codegen.resolve.slice import SliceError
from codegen.settings import SettingsError
from codegen.terminal import safe_line

USER_ERRORS = (
    DocsError,
    SettingsError,
    WriteError,
    RenderError,
    TemplateError,
    GitError,
    MetadataError,
    SuppressionError,
    SliceError,
)


FROM_PYPROJECT = "[tool.codegen] in pyproject.toml, else"


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="*", help=f"docs folders or pages (default: {FROM_PYPROJECT} spec/docs)"
    )


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help=f"output folder (default: {FROM_PYPROJECT} generated)")
    p.add_argument(
        "--package",
        help=f"package name, a Python identifier (default: {FROM_PYPROJECT} graph_client)",
    )
    p.add_argument(
        "--templates",
        help=f"folder whose templates override the built-in ones (default: {FROM_PYPROJECT} none)",
    )
    p.add_argument(
        "--metadata",
        help="a CSDL document: where pages spell a property two ways, the service's spelling "
        f"is the one written (default: {FROM_PYPROJECT} none)",
    )


def _slice(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--include",
        action="append",
        metavar="PATTERN",
        help="generate only what the pattern selects: a URL path glob (/planner/**) or a type "
        "glob (planner*), plus every type it reaches; repeatable; replaces the pyproject's "
        f"include (default: {FROM_PYPROJECT} everything)",
    )
    p.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="leave out what the pattern selects (URL path or type glob); repeatable; replaces "
        f"the pyproject's exclude (default: {FROM_PYPROJECT} nothing)",
    )


def _no_cache(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache of formatted modules and parsed pages "
        "($CODEGEN_CACHE_DIR, else the user's cache folder; default: [tool.codegen] cache)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="codegen", description="Microsoft Graph docs -> model -> Python package"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print the intermediate model of the docs")
    _paths(p)
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    p.set_defaults(run=commands.run_parse)
    p = sub.add_parser("generate", help="generate the Python package from the docs")
    _paths(p)
    _output(p)
    _slice(p)
    _no_cache(p)
    p.set_defaults(run=commands.run_generate)
    p = sub.add_parser("check", help="fail when the generated package does not match the docs")
    _paths(p)
    _output(p)
    _slice(p)
    _no_cache(p)
    p.set_defaults(run=commands.run_check)
    p = sub.add_parser("lint", help="report where the docs contradict themselves or the metadata")
    _paths(p)
    p.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    p.add_argument(
        "--metadata",
        help=f"a CSDL document to compare the docs with (default: {FROM_PYPROJECT} none)",
    )
    p.add_argument("--changed-only", metavar="REF", help="lint only pages changed since a git ref")
    p.set_defaults(run=commands.run_lint)
    return parser


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
        print(safe_line(f"codegen: error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("codegen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        print(safe_line(f"codegen: internal error: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
