"""Enum-typed properties: str enums that accept values the docs do not list.

As collection items the enum class itself decodes (``GraphEnum`` raises DecodeError for
non-strings) and ``encode_enum`` encodes."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "enum"


def enum_kind(class_name: str, qualified: str) -> PropertyKind:
    """The kind of a property whose type is the generated enum ``class_name``."""
    return PropertyKind(
        annotation=f"models.{class_name}",
        macro=MACRO,
        codec=f"models.{class_name}",
        schema_type=qualified,
        runtime=("decode_enum", "encode_enum"),
        item_runtime=("encode_enum",),
        refs=(class_name,),
    )
