"""Jinja environment: built-in templates, optional overrides, StrictUndefined, Python filters."""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from codegen.generate.naming import py_comment, py_docstring, py_str
from codegen.generate.wrap import wrap

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
    env.filters["wrap"] = wrap
    env.filters["py_literal"] = (
        repr  # plain data (dicts, tuples, str, bool, None); black lays it out
    )
    return env


def unknown_overrides(overrides: Path) -> list[str]:
    """Template files in ``overrides`` that replace no built-in template (they would be ignored:
    a typo, or a template of an older layout such as ``models.py.jinja``)."""
    builtin = builtin_templates()
    known = {p.relative_to(builtin).as_posix() for p in builtin.rglob("*.jinja")}
    found = (p.relative_to(overrides).as_posix() for p in overrides.rglob("*.jinja"))
    return sorted(name for name in found if name not in known)


class TemplateError(Exception):
    """A template cannot be loaded or fails while rendering (the message names file and line)."""


def _where(exc: BaseException, name: str, overrides: Path | None = None) -> str:
    """``file:line`` of the template frame that failed (else the template's name)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return f"{exc.filename or exc.name or name}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".jinja")]
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
    if overrides is not None and (overrides / name).is_file():
        return (overrides / name).as_posix()
    return name


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "templates include or call each other without end"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template {exc.name!r} not found"
    if isinstance(exc, jinja2.TemplateError):
        return exc.message or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


def macro_registry(
    env: jinja2.Environment, names: Iterable[str], *, overrides: Path | None = None
) -> dict[str, Any]:
    """The macro module of each property kind (templates/properties/<name>.py.jinja), by name."""
    out = {}
    for name in names:
        template = f"properties/{name}.py.jinja"
        try:
            out[name] = env.get_template(template).module
        except jinja2.TemplateError as exc:
            where = _where(exc, template, overrides)
            raise TemplateError(f"template error: {where}: {_reason(exc)}") from exc
    return out


def render(
    env: jinja2.Environment, name: str, context: object, *, overrides: Path | None = None
) -> str:
    """Render one template; a failure is a TemplateError naming the template file and line.

    With ``overrides`` (user templates are in use) any failure is the templates' (exit 2);
    without, only Jinja's own errors are, and anything else is an internal error.
    """
    if dataclasses.is_dataclass(context) and not isinstance(context, type):
        context = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    try:
        return env.get_template(name).render(**context)  # type: ignore[arg-type]
    except jinja2.TemplateError as exc:
        where = _where(exc, name, overrides)
        raise TemplateError(f"template error: {where}: {_reason(exc)}") from exc
    except Exception as exc:
        if overrides is None:
            raise
        where = _where(exc, name, overrides)
        raise TemplateError(f"template error: {where}: {_reason(exc)}") from exc
