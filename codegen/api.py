"""The library entry points: docs paths in, Model out."""

from __future__ import annotations

from pathlib import Path

from codegen.csdl import load_csdl
from codegen.generate.package import Options, render_package
from codegen.generate.writer import write_package
from codegen.ir.model import Model
from codegen.parser.docset import DocsError, discover, page_names, parse_file
from codegen.resolve.model_builder import build_model
from codegen.resolve.service_names import prefer_service_spellings
from codegen.resolve.slice import slice_model
from codegen.settings import Settings, SettingsError, project_root

DEFAULT_DOCS = Path("spec/docs")

__all__ = ["DEFAULT_DOCS", "DocsError", "generate", "parse_docs", "render"]


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


def render(settings: Settings) -> dict[str, str]:
    """The package the settings describe, rendered and formatted (path -> text); nothing is
    written. The one pipeline behind ``codegen generate``/``check`` and the hatch hook."""
    if settings.templates is not None and not settings.templates.is_dir():
        raise SettingsError(f"templates {settings.templates}: no such folder")
    model = parse_docs(list(settings.docs), settings.root)
    if settings.metadata is not None:  # the service decides how disputed names are spelled
        model = prefer_service_spellings(model, load_csdl(settings.metadata))
    model = slice_model(model, settings.include, settings.exclude)  # --include / --exclude
    options = Options(
        package=settings.package, base_url=settings.base_url, templates=settings.templates
    )
    return render_package(model, options)


def generate(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """Render the package and write it under ``settings.out``: (files, paths that changed)."""
    files = render(settings)
    return files, write_package(settings.out, files)
