"""The library entry points: docs paths in, Model out."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from codegen.cache import WRITERS, open_cache
from codegen.collector import collector_for_the_model
from codegen.console import progress
from codegen.csdl import load_csdl
from codegen.generate.format import format_cache
from codegen.generate.module_cache import KIND as MODULES
from codegen.generate.module_cache import module_cache
from codegen.generate.package import Options, render_package
from codegen.generate.render import unknown_overrides
from codegen.generate.writer import write_package
from codegen.ir.model import Model
from codegen.parser.docset import DocsError, discover, page_names
from codegen.parser.page_cache import parse_pages
from codegen.resolve.model_builder import build_model
from codegen.resolve.service_names import prefer_service_spellings
from codegen.resolve.service_nullability import service_nullability
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
    root = root if root is not None else project_root()
    files = discover(paths, root)
    if not files:
        raise DocsError("no markdown pages found under " + ", ".join(str(p) for p in paths))
    names = page_names(files, paths, root)
    progress().update("reading pages", total=len(files))
    # pages are stored while others are parsed: writer threads would take turns with the parser
    store = open_cache("pages", root, paths) if cache else None
    pages = parse_pages(sorted(files, key=names.__getitem__), names, store)
    progress().update("resolving the model", total=len(pages))
    return build_model(pages)


def render(settings: Settings, *, verify: bool = False) -> dict[str, str]:
    """The package the settings describe, rendered and formatted (path -> text); nothing is
    written. The one pipeline behind ``codegen generate``/``check`` and the hatch hook. With
    ``verify`` (``check``), every module is rendered and formatted for real: cached modules
    and formatted code are not read (fresh entries are still written); cached pages are."""
    with collector_for_the_model() as built:
        return _render(settings, built, verify)


def _render(settings: Settings, built: Callable[[], None], verify: bool) -> dict[str, str]:
    if settings.templates is not None and not settings.templates.is_dir():
        raise SettingsError(f"templates {settings.templates}: no such folder")
    stray = unknown_overrides(settings.templates) if settings.templates is not None else []
    if stray:
        raise SettingsError(
            f"templates {settings.templates}: {', '.join(stray)} replace no built-in template"
            " (the runtime modules are not templates; see README, Generation)"
        )
    model = parse_docs(list(settings.docs), settings.root, cache=settings.cache)
    if settings.metadata is not None:  # the service decides spellings and nullability
        csdl = load_csdl(settings.metadata)
        model = service_nullability(prefer_service_spellings(model, csdl), csdl)
    model = slice_model(model, settings.include, settings.exclude)  # --include / --exclude
    built()
    options = Options(
        package=settings.package, base_url=settings.base_url, templates=settings.templates
    )
    formatted = rendered = None
    if settings.cache:  # check (verify) trusts no cached code for its verdict: written, not read
        where = (settings.root, settings.docs)
        formatted = open_cache("format", *where, writers=WRITERS, read=not verify)
        rendered = open_cache(MODULES, *where, writers=WRITERS, read=not verify)
    with contextlib.ExitStack() as stack:
        for store in (formatted, rendered):  # their entries are all written when this ends
            if store is not None:
                stack.enter_context(store)
        with format_cache(formatted), module_cache(rendered):
            return render_package(model, options)


def generate(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """Render the package and write it under ``settings.out``: (files, paths that changed)."""
    files = render(settings)
    return files, write_package(settings.out, files)
