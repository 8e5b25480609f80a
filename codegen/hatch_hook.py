"""A hatchling build hook: regenerate the package from the docs whenever the project is built.

In the consuming project's pyproject.toml::

    [build-system]
    requires = ["hatchling", "graph-docs-codegen"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.graph-docs-codegen]
    docs = ["docs/graph"]      # default: spec/docs
    out = "src"                # default: generated
    package = "my_graph"       # default: graph_client
    metadata = "docs/graph.csdl"  # optional: the service's CSDL spells disputed names

Paths are relative to the project root.  A generation error fails the build with the
same message ``codegen generate`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from codegen.api import parse_docs
from codegen.csdl import load_csdl
from codegen.generate.package import Options, render_package
from codegen.generate.writer import write_package
from codegen.resolve.service_names import prefer_service_spellings
from codegen.settings import SettingsError, check_base_url, check_package


def generate_for_build(root: Path, config: dict[str, Any]) -> list[str]:
    """Generate the package the hook config describes; return the files written."""
    where = "[tool.hatch.build.hooks.graph-docs-codegen]"
    docs = config.get("docs", ["spec/docs"])
    docs = [docs] if isinstance(docs, str) else docs
    if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
        raise SettingsError(f"{where}: docs must be a path or a non-empty list of paths")
    templates = root / str(config["templates"]) if "templates" in config else None
    if templates is not None and not templates.is_dir():
        raise SettingsError(f"{where}: templates {templates}: no such folder")
    options = Options(
        package=check_package(config.get("package", "graph_client"), where),
        base_url=check_base_url(config.get("base_url", Options().base_url), where),
        templates=templates,
    )
    model = parse_docs([root / d for d in docs], root)
    if "metadata" in config:  # the service decides how disputed names are spelled
        model = prefer_service_spellings(model, load_csdl(root / str(config["metadata"])))
    files = render_package(model, options)
    write_package(root / str(config.get("out", "generated")), files)
    return sorted(files)


class CodegenBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Runs ``codegen generate`` with the hook's settings before hatchling collects files."""

    PLUGIN_NAME = "graph-docs-codegen"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Regenerate the package into the project tree."""
        written = generate_for_build(Path(self.root), dict(self.config))
        self.app.display_info(f"graph-docs-codegen: {len(written)} files generated")


@hookimpl
def hatch_register_build_hook() -> type[CodegenBuildHook]:
    """Register the hook with hatchling (entry point group ``hatch``)."""
    return CodegenBuildHook
