"""A hatchling build hook: regenerate the package from the docs whenever the project is built.

In the consuming project's pyproject.toml::

    [build-system]
    requires = ["hatchling", "graph-docs-codegen"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.graph-docs-codegen]
    docs = ["docs/graph"]      # default: spec/docs
    out = "src"                # default: generated
    package = "my_graph"       # default: graph_client

Paths are relative to the project root.  A generation error fails the build with the
same message ``codegen generate`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from codegen.api import parse_docs
from codegen.generate.package import Options, render_package
from codegen.generate.writer import write_package


def generate_for_build(root: Path, config: dict[str, Any]) -> list[str]:
    """Generate the package the hook config describes; return the files written."""
    docs = config.get("docs", ["spec/docs"])
    docs = [docs] if isinstance(docs, str) else list(docs)
    options = Options(
        package=str(config.get("package", "graph_client")),
        base_url=str(config.get("base_url", Options().base_url)),
        templates=root / config["templates"] if "templates" in config else None,
    )
    model = parse_docs([root / d for d in docs])
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
