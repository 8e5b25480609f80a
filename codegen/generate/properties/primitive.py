"""Primitives that JSON carries as they are: str, int, float, bool, and Json as Any.

Each but Any is checked on decoding by the runtime's ``decode_<codec>`` (a str is not an
int, a bool is not an int, an Int32 is in range) and on encoding by ``encode_<codec>`` (the
same checks on the Python value: ``percent_complete="50"`` is an EncodeError)."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind
from codegen.generate.properties.edm import EDM_TYPES

MACRO = "primitive"


def primitive_kind(edm: str) -> PropertyKind | None:
    """The kind of a pass-through primitive, or None when ``edm`` is not one."""
    found = EDM_TYPES.get(edm)
    if found is None or found.converts:
        return None
    names = (f"decode_{found.codec}", f"encode_{found.codec}") if found.codec else ()
    return PropertyKind(
        annotation=found.annotation,
        macro=MACRO,
        codec=found.codec,
        schema_type=edm,
        runtime=names,
        item_runtime=names,
        exact=found.exact,
    )
