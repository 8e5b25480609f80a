"""Primitives that need a codec: date/time types, durations, GUIDs and base64 binary."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "codec"
# EDM type -> (Python annotation, codec suffix of decode_*/encode_* in the runtime)
CODECS = {
    "Edm.DateTimeOffset": ("datetime.datetime", "datetime"),
    "Edm.Date": ("datetime.date", "date"),
    "Edm.TimeOfDay": ("datetime.time", "time"),
    "Edm.Duration": ("datetime.timedelta", "duration"),
    "Edm.Guid": ("uuid.UUID", "uuid"),
    "Edm.Binary": ("bytes", "bytes"),
    "Edm.Stream": ("bytes", "bytes"),
}


def codec_kind(edm: str) -> PropertyKind | None:
    """The kind of a primitive that needs a codec, or None."""
    found = CODECS.get(edm)
    if found is None:
        return None
    annotation, codec = found
    names = (f"decode_{codec}", f"encode_{codec}")
    return PropertyKind(
        annotation=annotation,
        macro=MACRO,
        codec=codec,
        schema_type=edm,
        runtime=names,
        item_runtime=names,
    )
