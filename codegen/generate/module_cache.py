"""Formatted modules cached by what they are rendered from, so that regenerating after one page
changed renders and formats only the modules whose context changed.

A module's code is a function of its template's context (plain data: ``contexts``), the
templates (built-in and overrides), the generator's own code (filters, names, wrapping) and
the formatter. The key (``module_key``) is a hash of all of them; the value is the formatted
module without its header (``codegen.cache``, kind ``modules``), plain text. A context is
hashed in a canonical JSON form of its value (``canonical``), so equal contexts give equal
bytes however their objects are shared (a model read from the page cache shares fewer strings
than one parsed in the same run). A context holding anything but dataclasses, tuples, lists,
dicts, enums and JSON scalars (a library caller's own object) is never cached. The cache in use
is chosen by the caller with ``module_cache`` (none: every module is rendered); the output is
the same either way. ``codegen check`` reads none of it (``api.render(verify=True)``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from enum import Enum
from functools import cache
from importlib.metadata import version
from operator import attrgetter
from pathlib import Path
from typing import Any

from codegen.cache import CacheInUse, cache_key
from codegen.generate.format import FORMATTER
from codegen.generate.render import builtin_templates

KIND = "modules"
_GENERATOR = Path(__file__).resolve().parent  # codegen/generate: filters, names, layout, kinds

# The cache of rendered, formatted modules: ``IN_USE.using(cache)`` (none: render everything).
IN_USE = CacheInUse("module_cache")
module_cache = IN_USE.using


@cache
def _generator_version() -> str:
    """A hash of the generator's code and the versions of what shapes its output."""
    digest = hashlib.sha256(f"{FORMATTER}\0jinja2 {version('jinja2')}\0".encode())
    for source in sorted(_GENERATOR.rglob("*.py")):
        digest.update(f"{source.relative_to(_GENERATOR).as_posix()}\0".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def renderer_version(overrides: Path | None) -> str:
    """A hash of everything a module depends on besides its context: the generator's code,
    black's and Jinja's versions, and every template (the overrides' are read each time, as
    they may change between runs of one process)."""
    digest = hashlib.sha256(_generator_version().encode())
    for label, folder in (("builtin", builtin_templates()), ("overrides", overrides)):
        if folder is None:
            continue
        for template in sorted(folder.rglob("*.jinja")):
            digest.update(f"{label}/{template.relative_to(folder).as_posix()}\0".encode())
            digest.update(template.read_bytes())
    return digest.hexdigest()


def module_key(renderer: str, template: str, context: object) -> str | None:
    """The cache key of one module: ``renderer`` (``renderer_version``), the template's name
    and the context's value; None when the context holds a value ``canonical`` refuses."""
    try:
        text = json.dumps(canonical(context), separators=(",", ":"), check_circular=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return cache_key(KIND, renderer, template, text)


_SCALARS = (str, bool, int, float, type(None))
_FIELDS: dict[type, tuple[str, Callable[[Any], Any]]] = {}


def canonical(value: Any) -> Any:
    """``value`` as JSON data that tells its type apart exactly: a tuple is an array, every
    other container an object naming its kind (``{"l": [...]}`` a list, ``{"d": [k, v, ...]}``
    a dict, ``{"s": [...]}`` a frozenset (sorted), ``{"c": "module.Class", "v": [fields...]}`` a dataclass, ``{"e": ...}`` an enum);
    scalars are themselves (JSON keeps ``1``, ``1.0`` and ``true`` apart). TypeError for any
    other value."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return [canonical(v) for v in value]
    fields = _FIELDS.get(kind)
    if fields is not None:
        return {"c": fields[0], "v": [canonical(v) for v in fields[1](value)]}
    if kind is list:
        return {"l": [canonical(v) for v in value]}
    if kind is dict:
        return {"d": [canonical(x) for item in value.items() for x in item]}
    if kind is frozenset:  # unordered: its members in the order of their canonical JSON
        members = [canonical(v) for v in value]
        return {"s": sorted(members, key=lambda m: json.dumps(m, separators=(",", ":")))}
    if isinstance(value, Enum):
        return {"e": f"{kind.__module__}.{kind.__qualname__}", "v": canonical(value.value)}
    if dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind)]
        get = attrgetter(*names) if len(names) > 1 else (lambda o: [getattr(o, n) for n in names])
        _FIELDS[kind] = (f"{kind.__module__}.{kind.__qualname__}", get)
        return canonical(value)
    raise TypeError(f"{kind.__qualname__} has no canonical form")
