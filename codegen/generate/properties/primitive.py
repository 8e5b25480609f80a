"""Primitives that JSON carries as they are: str, int, float, bool, and Json as Any.

Each but Any is checked on decoding by the runtime's ``decode_<codec>`` (a str is not an
int, a bool is not an int, an Int32 is in range); encoding passes the value through."""

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


# EDM type -> suffix of the runtime's decode_* check (Any types are not checked)
CHECKS = {
    "Edm.String": "str",
    "Edm.Boolean": "bool",
    "Edm.Byte": "byte",
    "Edm.SByte": "sbyte",
    "Edm.Int16": "int16",
    "Edm.Int32": "int32",
    "Edm.Int64": "int64",
    "Edm.Single": "float",
    "Edm.Double": "float",
    "Edm.Decimal": "float",
}


def primitive_kind(edm: str) -> PropertyKind | None:
    """The kind of a pass-through primitive, or None when ``edm`` needs a codec."""
    annotation = ANNOTATIONS.get(edm)
    if annotation is None:
        return None
    check = CHECKS.get(edm, "")
    names = (f"decode_{check}",) if check else ()
    return PropertyKind(
        annotation=annotation,
        macro=MACRO,
        codec=check,
        schema_type=edm,
        runtime=names,
        item_runtime=names,
    )
