"""The ``codegen`` command line.

Exit codes: 0 success; 1 the check failed (drift, lint errors); 2 usage errors, docs,
settings or templates that cannot be used (the message names the file); 3 an internal
error (reported in one line, never a traceback); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from codegen import __version__, commands
from codegen.commands import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from codegen.console import NORMAL, QUIET, VERBOSE, paint, showing_progress, wants_color
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
        "is the one written, and a property it defines is nullable as it says "
        f"(default: {FROM_PYPROJECT} none)",
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


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for a mistyped option or sub-command."""

    def error(self, message: str) -> NoReturn:
        hint = _suggestion(self, message)
        super().error(message + (f"; did you mean {hint}?" if hint else ""))


def _suggestion(parser: argparse.ArgumentParser, message: str) -> str | None:
    """The option or sub-command ``message`` complains about, spelt as ``parser`` knows it."""
    choices: list[str] = []
    wrong: list[str] = []
    if "unrecognized arguments:" in message:
        wrong = [w for w in message.split("unrecognized arguments:", 1)[1].split() if w[:1] == "-"]
        for action in parser._actions:  # argparse keeps no public list of its options
            choices += action.option_strings
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    choices += [name, *(o for a in sub._actions for o in a.option_strings)]
    elif "invalid choice:" in message:
        wrong = [message.split("invalid choice:", 1)[1].split("'")[1]]
        choices = [
            name
            for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
            for name in action.choices
        ]
    for word in wrong:
        close = difflib.get_close_matches(word.split("=", 1)[0], choices, n=1, cutoff=0.6)
        if close:
            return close[0]
    return None


def _common(p: argparse.ArgumentParser) -> None:
    """-q, -v and --color, on every sub-command."""
    loud = p.add_mutually_exclusive_group()
    loud.add_argument(
        "-q",
        "--quiet",
        action="store_const",
        const=QUIET,
        dest="verbosity",
        help="print nothing but errors",
    )
    loud.add_argument(
        "-v",
        "--verbose",
        action="store_const",
        const=VERBOSE,
        dest="verbosity",
        help="also name every file written or changed",
    )
    p.set_defaults(verbosity=NORMAL)
    p.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output: auto (a terminal, unless NO_COLOR is set), always, never",
    )


def _would(p: argparse.ArgumentParser) -> None:
    """generate's --check and --diff, as black has them."""
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the package would change (as black --check)",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; print the diff of what would change (with --check: exit 1 too)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = _Parser(prog="codegen", description="Microsoft Graph docs -> model -> Python package")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("parse", help="print the intermediate model of the docs")
    _common(p)
    _paths(p)
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    p.set_defaults(run=commands.run_parse)
    p = sub.add_parser("generate", help="generate the Python package from the docs")
    _common(p)
    _paths(p)
    _output(p)
    _slice(p)
    _no_cache(p)
    _would(p)
    p.set_defaults(run=commands.run_generate)
    p = sub.add_parser("check", help="fail when the generated package does not match the docs")
    _common(p)
    _paths(p)
    _output(p)
    _slice(p)
    _no_cache(p)
    p.set_defaults(run=commands.run_check)
    p = sub.add_parser("lint", help="report where the docs contradict themselves or the metadata")
    _common(p)
    _paths(p)
    p.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    p.add_argument(
        "--metadata",
        help=f"a CSDL document to compare the docs with (default: {FROM_PYPROJECT} none)",
    )
    p.add_argument("--changed-only", metavar="REF", help="lint only pages changed since a git ref")
    p.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="report only these rules: ids, prefixes at a '-' (example-) or ALL; "
        "comma-separated, repeatable; starts over from the pyproject's select "
        "(default: [tool.codegen.lint] select, else ALL)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="do not report these rules (ids or prefixes); comma-separated, repeatable; "
        "the most specific of --select and --ignore wins",
    )
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="exit 1 when a finding at or above this severity remains "
        "(default: [tool.codegen.lint] fail-on, else error)",
    )
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings at the --fail-on severity remain",
    )
    p.add_argument(
        "--output-file",
        metavar="FILE",
        help="write the report to FILE (atomically) instead of stdout",
    )
    p.add_argument(
        "--statistics",
        action="store_true",
        help="print a count per rule (with its severity and summary) instead of the findings; "
        "text, or JSON with --format json",
    )
    p.set_defaults(run=commands.run_lint)
    p = sub.add_parser("diff", help="what a docs change does to the API and the generated package")
    _common(p)
    p.add_argument(
        "old",
        help="the docs before: a docs folder, or a git revision of the configured docs",
    )
    p.add_argument(
        "new",
        nargs="?",
        help="the docs after: a docs folder or a git revision (default: the configured docs "
        f"in the working tree: {FROM_PYPROJECT} spec/docs)",
    )
    p.add_argument(
        "--format", choices=["text", "json", "markdown", "sarif", "github"], default="text"
    )
    p.add_argument(
        "--fail-on",
        choices=["breaking", "any"],
        help="exit 1 when a change at this level remains: breaking (renames included) or any "
        "API change (default: [tool.codegen.diff] fail-on, else breaking)",
    )
    p.add_argument(
        "--descriptions",
        action="store_true",
        default=None,
        help="also list reworded descriptions (never fail the run)",
    )
    _no_cache(p)
    p.set_defaults(run=commands.run_diff)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if not exc.code else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    color = wants_color(args.color, sys.stderr)
    try:
        with showing_progress(args.verbosity != QUIET):
            return run(args)
    except USER_ERRORS as exc:
        print(paint("codegen: error:", "red", color), safe_line(str(exc)), file=sys.stderr)
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
