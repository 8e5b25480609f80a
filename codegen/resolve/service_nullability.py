"""Nullability decided by the service's own metadata (CSDL), when it is configured.

The docs' "Not nullable" is wrong for a share of properties (of 83 that beta's pages call not
nullable and the CSDL defines, 12 are nullable in the service: ``user.usageLocation``,
``application.appId``); and most pages say nothing, where the CSDL says ``Nullable="false"``.
With ``--metadata``, a single-valued property the CSDL defines for the type (or one of its
bases) takes the CSDL's nullability.  A collection keeps what the docs say: a CSDL
``Nullable`` on a collection is about its items, not the collection.  Properties the CSDL does
not know keep the docs' word.

Without metadata the docs decide; a null the docs say cannot come still does not fail a
response (README, "Nullability").
"""

from __future__ import annotations

from dataclasses import replace

from codegen.csdl import Csdl, CsdlProperty, CsdlType
from codegen.ir.model import Model
from codegen.ir.structured import Property, StructuredType


def _service_properties(csdl: Csdl, t: CsdlType) -> dict[str, CsdlProperty]:
    """A CSDL type's structural properties and those of its bases, by lower-case name."""
    found: dict[str, CsdlProperty] = {}
    seen: set[str] = set()
    current: CsdlType | None = t
    while current is not None and current.name.lower() not in seen:
        seen.add(current.name.lower())
        for p in current.properties:
            found.setdefault(p.name.lower(), p)
        base = current.base_qualified or current.base_type
        current = csdl.types.get(base.lower()) if base else None
    return found


def _decided(p: Property, service: dict[str, CsdlProperty]) -> Property:
    known = service.get(p.name.lower())
    if known is None or known.collection or (p.type is not None and p.type.collection):
        return p
    return p if p.nullable is known.nullable else replace(p, nullable=known.nullable)


def _type(t: StructuredType, csdl: Csdl) -> StructuredType:
    found = csdl.types.get(t.qualified_name.lower())
    if found is None or not t.properties:
        return t
    service = _service_properties(csdl, found)
    properties = tuple(_decided(p, service) for p in t.properties)
    changed = any(a is not b for a, b in zip(properties, t.properties, strict=True))
    return replace(t, properties=properties) if changed else t


def service_nullability(model: Model, csdl: Csdl) -> Model:
    """The model with each property the CSDL defines nullable exactly when the CSDL says so."""
    types = tuple(_type(t, csdl) for t in model.types)
    if all(a is b for a, b in zip(types, model.types, strict=True)):
        return model
    return replace(model, types=types)
