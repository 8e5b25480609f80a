"""Primitives that need a codec: date/time types, durations, GUIDs and base64 binary."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind
from codegen.generate.properties.edm import EDM_TYPES

MACRO = "codec"


def codec_kind(edm: str) -> PropertyKind | None:
    """The kind of a primitive that needs a codec, or None."""
    found = EDM_TYPES.get(edm)
    if found is None or not found.converts:
        return None
    names = (f"decode_{found.codec}", f"encode_{found.codec}")
    return PropertyKind(
        annotation=found.annotation,
        macro=MACRO,
        codec=found.codec,
        schema_type=edm,
        runtime=names,
        item_runtime=names,
        stdlib=(found.stdlib,) if found.stdlib else (),
    )
