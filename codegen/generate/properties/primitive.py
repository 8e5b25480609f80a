"""Primitives that JSON carries as they are: str, int, float, bool, and Json as Any."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "primitive"
ANNOTATIONS = {
    "Edm.String": "str",
    "Edm.Boolean": "bool",
    "Edm.Byte": "int",
    "Edm.SByte": "int",
    "Edm.Int16": "int",
    "Edm.Int32": "int",
    "Edm.Int64": "int",
    "Edm.Single": "float",
    "Edm.Double": "float",
    "Edm.Decimal": "float",
    "Edm.Untyped": "Any",
    "microsoft.graph.Json": "Any",
}


def primitive_kind(edm: str) -> PropertyKind | None:
    """The kind of a pass-through primitive, or None when ``edm`` needs a codec."""
    annotation = ANNOTATIONS.get(edm)
    if annotation is None:
        return None
    return PropertyKind(annotation=annotation, macro=MACRO, schema_type=edm)
