"""An operation's response type from its examples' response annotations (they win over prose).

The response annotations' ``@odata.type`` names the type; ``isCollection: true`` or
``Collection(...)`` makes it a collection.  When the Response prose links another type, the
model records a ``response-type`` conflict (when the types differ, not only in being a
collection: the prose's "list of"/"collection" wording is not always recognised) and takes
the annotation's, except when the
annotations name a type no page defines (lint reports it), or name subtypes of the prose's
type or several types (each example's item is of its own type, kept on
``Example.response_type`` for validation): the prose's type stays, made a collection when
the annotations say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from codegen.ir.operation import Operation
from codegen.ir.types import TypeRef
from codegen.parser.type_names import normalize_type


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def annotated_responses(op: Operation) -> list[TypeRef]:
    """The response types the annotated response examples declare, in page order."""
    out: list[TypeRef] = []
    for example in op.examples:
        data = example.response_annotation
        if not isinstance(data, dict) or example.response is None:
            continue
        declared = data.get("@odata.type")
        if not isinstance(declared, str) or not declared.strip():
            continue
        ref = normalize_type(declared.strip())
        if ref is None:
            continue
        collection = ref.collection or _flag(data.get("isCollection"))
        out.append(
            TypeRef(
                name=ref.name,
                namespace=ref.namespace,
                collection=collection,
                raw=declared.strip(),
            )
        )
    return out


def same_type(a: TypeRef | None, b: TypeRef | None) -> bool:
    """True when two references name the same type, collection or not alike."""
    if a is None or b is None:
        return a is b
    return (a.qualified_name.lower(), a.collection) == (b.qualified_name.lower(), b.collection)


def text(ref: TypeRef | None) -> str:
    """``Collection(ns.x)`` / ``ns.x`` / ``none``."""
    if ref is None:
        return "none"
    return f"Collection({ref.qualified_name})" if ref.collection else ref.qualified_name


def bind_response(
    op: Operation, annotated: list[TypeRef], derives: Callable[[TypeRef, TypeRef], bool]
) -> TypeRef | None:
    """The response type the rules above give (``derives(a, b)``: a is a subtype of b)."""
    prose = op.response_type
    if not annotated:
        return prose
    first = annotated[0]
    uniform = all(same_type(a, first) for a in annotated)
    if prose is not None and (not uniform or derives(first, prose)):
        if first.collection and not prose.collection:
            return replace(prose, collection=True)
        return prose
    if prose is not None and prose.collection and not first.collection:
        # an annotation without isCollection names the item type; it does not say "one"
        return replace(first, collection=True)
    return first
