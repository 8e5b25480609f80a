"""Collections: a list of any other kind.

Decoding goes through ``decode_list`` with the item's decoder, encoding through
``encode_list`` with the item's encoder (None: copied as is); null elements stay null."""

from __future__ import annotations

from codegen.generate.properties.base import PropertyKind

MACRO = "collection"


def collection_kind(item: PropertyKind) -> PropertyKind:
    """The kind of a list of ``item``."""
    return PropertyKind(
        annotation=f"list[{item.annotation}]",
        macro=MACRO,
        item=item,
        schema_type=item.schema_type,
        runtime=("decode_list", "encode_list", *item.item_runtime),
        stdlib=item.stdlib,
        typing=item.typing,
        refs=item.refs,
    )
