"""The library entry points: docs paths in, Model out."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from codegen.cache import DiskCache
from codegen.csdl import load_csdl
from codegen.generate.format import format_cache
from codegen.generate.package import Options, render_package
from codegen.generate.render import unknown_overrides
from codegen.generate.writer import write_package
from codegen.ir.model import Model
from codegen.parser.docset import DocsError, discover, page_names
from codegen.parser.page_cache import parse_pages
from codegen.resolve.model_builder import build_model
from codegen.resolve.service_names import prefer_service_spellings
from codegen.resolve.slice import slice_model
from codegen.settings import Settings, SettingsError, project_root

DEFAULT_DOCS = Path("spec/docs")

__all__ = ["DEFAULT_DOCS", "DocsError", "generate", "parse_docs", "render"]


def parse_docs(
    paths: list[Path] | None = None, root: Path | None = None, *, cache: bool = False
) -> Model:
    """Parse and resolve the pages under ``paths`` (default spec/docs) into a Model.

    Pages are named relative to ``root`` (default: the project root, the nearest folder up
    holding pyproject.toml) when inside it, else relative to the docs folder given, so the same
    docs give the same model from any working folder. With ``cache``, parsed pages are kept in
    the user's cache folder (``codegen.cache``): a page whose bytes did not change is not parsed
    again.
    """
    paths = paths or [DEFAULT_DOCS]
    files = discover(paths)
    if not files:
        raise DocsError("no markdown pages found under " + ", ".join(str(p) for p in paths))
    names = page_names(files, paths, root if root is not None else project_root())
    store = DiskCache("pages") if cache else None
    return build_model(parse_pages(sorted(files, key=names.__getitem__), names, store))


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while the model is built and rendered (millions of small
    objects, hardly any cycles: about a quarter faster); the thresholds are restored after."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def render(settings: Settings) -> dict[str, str]:
    """The package the settings describe, rendered and formatted (path -> text); nothing is
    written. The one pipeline behind ``codegen generate``/``check`` and the hatch hook."""
    with _fewer_collections():
        return _render(settings)


def _render(settings: Settings) -> dict[str, str]:
    if settings.templates is not None and not settings.templates.is_dir():
        raise SettingsError(f"templates {settings.templates}: no such folder")
    stray = unknown_overrides(settings.templates) if settings.templates is not None else []
    if stray:
        raise SettingsError(
            f"templates {settings.templates}: {', '.join(stray)} replace no built-in template"
            " (the runtime modules are not templates; see README, Generation)"
        )
    model = parse_docs(list(settings.docs), settings.root, cache=settings.cache)
    if settings.metadata is not None:  # the service decides how disputed names are spelled
        model = prefer_service_spellings(model, load_csdl(settings.metadata))
    model = slice_model(model, settings.include, settings.exclude)  # --include / --exclude
    options = Options(
        package=settings.package, base_url=settings.base_url, templates=settings.templates
    )
    with format_cache(DiskCache("format") if settings.cache else None):
        return render_package(model, options)


def generate(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """Render the package and write it under ``settings.out``: (files, paths that changed)."""
    files = render(settings)
    return files, write_package(settings.out, files)
