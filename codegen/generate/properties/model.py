"""Properties whose type is another generated model class.

Decoding calls ``from_dict`` directly on a dict (``decode_model`` handles the rest); encoding
calls ``to_dict`` inline, so only ``decode_model`` is a runtime helper."""

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
        runtime=("decode_model",),
        refs=(class_name,),
        binds_value=True,
    )
