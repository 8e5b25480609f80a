"""The generated package's validator engine, bound to the docs' own tables.

Lint checks JSON examples with exactly the code the generated package ships
(``codegen.runtime.validators``, copied into the package), so the two can never disagree.
"""

from __future__ import annotations

from codegen.generate.schema import lint_tables
from codegen.ir.model import Model
from codegen.runtime.validators import Issue, Schema

__all__ = ["Issue", "Schema", "load_validator"]


def load_validator(model: Model) -> Schema:
    """A validator schema of the model's types, enums and operations."""
    tables = lint_tables(model)
    schema = Schema(tables["types"], tables["enums"], tables["operations"])
    # no "did you mean" in its messages: lint words an unknown property's message and
    # suggestion itself (examples.py), so the hint would be work thrown away at every key,
    # against every property of the type
    schema.hints = False
    return schema
