"""Jinja environment: built-in templates, optional overrides, StrictUndefined, Python filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from codegen.generate.naming import py_comment, py_docstring, py_str

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_PACKAGED = Path(__file__).resolve().parents[1] / "_templates"


def builtin_templates() -> Path:
    """The built-in templates folder (inside the wheel, or templates/ of the checkout)."""
    return _PACKAGED if _PACKAGED.is_dir() else BUILTIN_TEMPLATES


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """An environment where files in ``overrides`` replace built-in templates of the same name."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None:
        loaders.append(jinja2.FileSystemLoader(str(overrides)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["py_str"] = py_str
    env.filters["py_docstring"] = py_docstring
    env.filters["py_comment"] = py_comment
    env.filters["py_literal"] = (
        repr  # plain data (dicts, tuples, str, bool, None); black lays it out
    )
    return env


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template."""
    return env.get_template(name).render(**context)
