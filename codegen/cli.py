"""The ``codegen`` command line.

Exit codes: 0 success; 1 the check failed (drift, lint errors); 2 usage errors or
docs that cannot be read; 3 an internal error (reported without a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from codegen.api import DocsError, parse_docs
from codegen.ir.serialize import dump_json, dump_yaml

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parse(args: argparse.Namespace) -> int:
    model = parse_docs([Path(p) for p in args.paths] or None)
    sys.stdout.write(dump_json(model) if args.format == "json" else dump_yaml(model))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="codegen", description="Microsoft Graph docs -> model -> Python package")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print the intermediate model of the docs")
    p.add_argument("paths", nargs="*", help="docs folders or pages (default: spec/docs)")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    p.set_defaults(run=_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except DocsError as exc:
        print(f"codegen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        print(f"codegen: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
