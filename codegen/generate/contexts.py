"""The typed context of each template: one frozen dataclass per kind of generated file.

Everything here is already named, typed and sorted; templates only lay it out. A context is
plain data, the whole of what its template reads besides the templates themselves (the
property-kind macros are the environment's global ``kinds``), so it keys the module's cache
entry (``generate.module_cache``).
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.generate.client_tree import Flavour, MethodSpec
from codegen.generate.model_specs import EnumSpec, ModelSpec


@dataclass(frozen=True, kw_only=True)
class ModelModule:
    """``models/<name>.py``: one model class."""

    m: ModelSpec
    base_module: str | None  # the module of the base class, beside this one
    stdlib: tuple[str, ...]
    base_imports: tuple[str, ...]  # names from ``_base``
    uses_models: bool  # the class names other generated classes (through ``models``)
    aliases: tuple[str, ...]  # other spellings of its fields' wire names, read too


@dataclass(frozen=True, kw_only=True)
class EnumModule:
    """``models/<name>.py``: one enum class."""

    e: EnumSpec


@dataclass(frozen=True, kw_only=True)
class ModelsIndex:
    """``models/__init__.py``: the lazy index of every model and enum class."""

    package: str
    entries: tuple[tuple[str, str], ...]  # (class name, module name), by class name
    imports: tuple[tuple[str, str], ...]  # (module name, class name), by module name
    exports: tuple[str, ...]
    odata_types: tuple[tuple[str, str], ...]  # (lower-cased @odata.type, class name)


@dataclass(frozen=True, kw_only=True)
class BuilderNode:
    """The URL path a builder module is for."""

    path: str
    class_name: str  # the sync class; the async one is ``Async`` + this
    methods: tuple[MethodSpec, ...]


@dataclass(frozen=True, kw_only=True)
class BuilderChild:
    """A path one segment below: its accessor and the module of its builders."""

    accessor: str
    params: tuple[tuple[str, str], ...]  # (python arg, placeholder) the accessor takes
    template: str  # the segment as written, placeholders included
    path: str
    module_name: str
    class_name: str


@dataclass(frozen=True, kw_only=True)
class BuilderModule:
    """``builders/.../<segment>.py``: the sync and async request builders of one URL path."""

    package: str
    node: BuilderNode
    children: tuple[BuilderChild, ...]
    child_imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, class names) by module
    exports: tuple[str, ...]
    flavours: tuple[Flavour, ...]
    abc_imports: tuple[str, ...]
    # (runtime module relative to the package, names) by module: ("._odata", ("odata_params",))
    runtime_imports: tuple[tuple[str, tuple[str, ...]], ...]
    typing_imports: tuple[str, ...]
    uses_builtins: bool
    uses_models: bool
    base_imports: tuple[str, ...]  # names from the package's _base (to_payload, UNSET...)
    stdlib: tuple[str, ...]  # stdlib modules the annotations name (datetime, uuid)


@dataclass(frozen=True, kw_only=True)
class ClientModule:
    """``client.py``: GraphClient and AsyncGraphClient on the root builders."""

    base_url: str
    root: str
    root_async: str


@dataclass(frozen=True, kw_only=True)
class PackageInit:
    """``__init__.py``: the package's public names, imported lazily."""

    package: str
    type_checking: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names) for type checkers
    exports: tuple[str, ...]
    modules: tuple[tuple[str, str], ...]  # (name, relative module), by name
