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
    include = ["/planner/**"]  # optional: a slice of the docs (README, "Slices"); also exclude

Paths are relative to the project root.  A generation error fails the build with the
same message ``codegen generate`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from codegen.api import generate
from codegen.settings import KEYS, settings_from_table

WHERE = "[tool.hatch.build.hooks.graph-docs-codegen]"
# options hatchling itself reads from every build hook's table
HATCH_OPTIONS = frozenset(
    {
        "dependencies",
        "require-runtime-dependencies",
        "require-runtime-features",
        "enable-by-default",
    }
)


def generate_for_build(root: Path, config: dict[str, Any]) -> list[str]:
    """Generate the package the hook config describes; return the files written.

    The table goes through the same checks as ``[tool.codegen]`` and the same pipeline as
    ``codegen generate`` (``codegen.api.generate``).
    """
    table = {k: v for k, v in config.items() if k not in HATCH_OPTIONS}
    keys = tuple(k for k in KEYS if k not in ("lint", "diff"))
    settings = settings_from_table(table, root, WHERE, keys)
    files, _ = generate(settings)
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
