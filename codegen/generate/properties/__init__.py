"""Property kinds, one module each, and the one function that picks the kind of a TypeRef."""

from __future__ import annotations

from codegen.generate.properties import codec, collection, enum, model, primitive
from codegen.generate.properties.base import PropertyKind
from codegen.generate.properties.codec import codec_kind
from codegen.generate.properties.collection import collection_kind
from codegen.generate.properties.enum import enum_kind
from codegen.generate.properties.model import model_kind
from codegen.generate.properties.primitive import primitive_kind
from codegen.ir.types import TypeRef

ANY = PropertyKind(
    annotation="Any", macro=primitive.MACRO, schema_type="Edm.Untyped", typing=("Any",)
)
# The registry: every kind's template macro file, templates/properties/<name>.py.jinja.
MACROS = (primitive.MACRO, codec.MACRO, enum.MACRO, model.MACRO, collection.MACRO)

__all__ = ["ANY", "MACROS", "PropertyKind", "property_kind"]


def property_kind(
    ref: TypeRef | None, models: dict[str, tuple[str, str]], enums: dict[str, tuple[str, str]]
) -> PropertyKind:
    """The kind for a type reference; ``models``/``enums`` map lower qualified names to
    (class name, qualified name).  Types the model does not know become Any."""
    if ref is None:
        return ANY
    single = primitive_kind(ref.name) or codec_kind(ref.name)
    if single is None:
        key = ref.qualified_name.lower()
        if key in enums:
            single = enum_kind(*enums[key])
        elif key in models:
            single = model_kind(*models[key])
        else:
            single = ANY
    return collection_kind(single) if ref.collection else single
