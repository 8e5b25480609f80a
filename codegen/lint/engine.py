"""The generated package's validator engine, loaded in memory with the docs' own tables.

Lint checks JSON examples with exactly the code the generated package ships
(templates/validators.py.jinja), so the two can never disagree.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
import types
from typing import Any, Protocol

from codegen.generate.model_specs import enum_specs, model_specs, type_names
from codegen.generate.render import builtin_templates
from codegen.generate.schema import operation_table, type_tables
from codegen.ir.model import Model

_COUNTER = itertools.count()


class Issue(Protocol):
    """An issue as the engine reports it."""

    path: str
    code: str
    message: str


class Validator(Protocol):
    """The engine's public functions."""

    def validate(self, type_name: str, data: Any) -> list[Issue]: ...

    def validate_request(self, operation: str, data: Any) -> list[Issue]: ...


def load_validator(model: Model) -> Any:
    """A validators module bound to the model's types, enums and operations."""
    names = type_names(model)
    models = model_specs(model, names)
    enums = enum_specs(model, names)
    type_table, enum_table = type_tables(models, enums)
    package = f"_codegen_lint_{next(_COUNTER)}"
    schema = types.ModuleType(f"{package}._schema")
    schema.TYPES = type_table  # type: ignore[attr-defined]
    schema.ENUMS = enum_table  # type: ignore[attr-defined]
    schema.OPERATIONS = operation_table(model, models)  # type: ignore[attr-defined]
    parent = types.ModuleType(package)
    parent.__path__ = []
    sys.modules[package] = parent
    sys.modules[schema.__name__] = schema
    source = (builtin_templates() / "validators.py.jinja").read_text(encoding="utf-8")
    spec = importlib.util.spec_from_loader(f"{package}.validators", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = package
    sys.modules[module.__name__] = module
    exec(compile(source, "validators.py", "exec"), module.__dict__)  # noqa: S102 - our template
    return module
