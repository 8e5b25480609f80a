"""Collections: a list of any other kind."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "collection"


def collection_kind(item: PropertyKind) -> PropertyKind:
    """The kind of a list of ``item``."""
    return PropertyKind(
        annotation=f"list[{item.annotation}]", macro=MACRO, item=item, schema_type=item.schema_type
    )
