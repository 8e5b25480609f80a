"""The library entry points: docs paths in, Model out."""

from __future__ import annotations

from pathlib import Path

from codegen.ir.model import Model
from codegen.parser.docset import DocsError, discover, parse_file
from codegen.resolve.model_builder import build_model

DEFAULT_DOCS = Path("spec/docs")

__all__ = ["DEFAULT_DOCS", "DocsError", "parse_docs"]


def parse_docs(paths: list[Path] | None = None) -> Model:
    """Parse and resolve the pages under ``paths`` (default spec/docs) into a Model."""
    files = discover(paths or [DEFAULT_DOCS])
    if not files:
        raise DocsError(
            "no markdown pages found under " + ", ".join(str(p) for p in paths or [DEFAULT_DOCS])
        )
    return build_model([parse_file(f) for f in files])
