"""Properties whose type is another generated model class."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "model"


def model_kind(class_name: str, qualified: str) -> PropertyKind:
    """The kind of a property holding an instance of ``class_name``."""
    return PropertyKind(annotation=class_name, macro=MACRO, codec=class_name, schema_type=qualified)
