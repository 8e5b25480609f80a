"""Settings from ``[tool.codegen]`` in pyproject.toml, overridden by command-line options."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SettingsError(Exception):
    """pyproject.toml has a [tool.codegen] table that cannot be used."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the docs are, where the package goes, and what it is called."""

    docs: tuple[Path, ...] = (Path("spec/docs"),)
    out: Path = Path("generated")
    package: str = "graph_client"
    templates: Path | None = None
    base_url: str = "https://graph.microsoft.com/beta"
    lint: dict[str, Any] = field(default_factory=dict, hash=False)


def load_settings(pyproject: Path = Path("pyproject.toml")) -> Settings:
    """Read [tool.codegen] (missing file or table: the defaults)."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{pyproject}: cannot read: {exc}") from exc
    table = data.get("tool", {}).get("codegen", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{pyproject}: [tool.codegen] must be a table")
    defaults = Settings()
    docs = table.get("docs", [str(p) for p in defaults.docs])
    if isinstance(docs, str):
        docs = [docs]
    package = str(table.get("package", defaults.package))
    if not package.isidentifier():
        raise SettingsError(f"{pyproject}: [tool.codegen] package {package!r} is not a Python name")
    return Settings(
        docs=tuple(Path(d) for d in docs),
        out=Path(table.get("out", defaults.out)),
        package=package,
        templates=Path(table["templates"]) if "templates" in table else None,
        base_url=str(table.get("base_url", defaults.base_url)),
        lint=dict(table.get("lint", {})),
    )
