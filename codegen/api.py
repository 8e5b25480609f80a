"""The library entry points: docs paths in, Model out."""

from __future__ import annotations

from pathlib import Path

from codegen.ir.model import Model
from codegen.parser.docset import DocsError, discover, page_names, parse_file
from codegen.resolve.model_builder import build_model
from codegen.settings import project_root

DEFAULT_DOCS = Path("spec/docs")

__all__ = ["DEFAULT_DOCS", "DocsError", "parse_docs"]


def parse_docs(paths: list[Path] | None = None, root: Path | None = None) -> Model:
    """Parse and resolve the pages under ``paths`` (default spec/docs) into a Model.

    Pages are named relative to ``root`` (default: the project root, the nearest folder up
    holding pyproject.toml) when inside it, else relative to the docs folder given, so the same
    docs give the same model from any working folder.
    """
    paths = paths or [DEFAULT_DOCS]
    files = discover(paths)
    if not files:
        raise DocsError("no markdown pages found under " + ", ".join(str(p) for p in paths))
    names = page_names(files, paths, root if root is not None else project_root())
    return build_model([parse_file(f, names[f]) for f in sorted(files, key=names.__getitem__)])
