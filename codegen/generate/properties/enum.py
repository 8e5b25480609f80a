"""Enum-typed properties: str enums that accept values the docs do not list."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "enum"


def enum_kind(class_name: str, qualified: str) -> PropertyKind:
    """The kind of a property whose type is the generated enum ``class_name``."""
    return PropertyKind(annotation=class_name, macro=MACRO, codec=class_name, schema_type=qualified)
