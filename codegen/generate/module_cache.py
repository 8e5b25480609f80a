"""Formatted modules cached by what they are rendered from, so that regenerating after one page
changed renders and formats only the modules whose context changed.

A module's code is a function of its template's context (plain data: ``contexts``), the
templates (built-in and overrides), the generator's own code (filters, names, wrapping) and
the formatter. The key (``module_key``) is a hash of all of them; the value is the formatted
module without its header (``codegen.cache``, kind ``modules``). A context is pickled without
the pickler's memo, so equal contexts give equal bytes however their objects are shared (a model
read from the page cache shares fewer strings than one parsed in the same run). A context that
cannot be pickled (a library caller's own object) is never cached. The cache in use is chosen
by the caller with ``module_cache`` (none: every module is rendered); the output is the same
either way.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from functools import cache
from importlib.metadata import version
from pathlib import Path

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
    and the context's value; None when the context cannot be pickled."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the bytes follow the value, not how objects are shared
    try:
        pickler.dump(context)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None
    return cache_key(KIND, renderer, template, buffer.getvalue())
