"""Properties whose type is another generated model class.

Decoding goes through ``decode_model`` (``from_dict`` at once for a dict), encoding through
``encode_model``; as collection items, ``from_dict`` decodes and ``encode_model`` encodes."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "model"


def model_kind(class_name: str, qualified: str) -> PropertyKind:
    """The kind of a property holding an instance of ``class_name``."""
    return PropertyKind(
        annotation=f"models.{class_name}",
        macro=MACRO,
        codec=f"models.{class_name}",
        schema_type=qualified,
        runtime=("decode_model", "encode_model"),
        item_runtime=("encode_model",),
        refs=(class_name,),
    )
