"""Spelling conflicts decided by the service's own metadata (CSDL), when it is configured.

Pages may spell one property two ways (the seeds: ``datastoreId`` on the resource page,
``dataStoreId`` on the create page). Without metadata the model takes the type's own resource
page spelling (README, "How pages are reconciled"); with it, a spelling the service's CSDL uses
for that property of that type (or of a base type) wins, and the conflict records why.
"""

from __future__ import annotations

from dataclasses import replace

from codegen.csdl import Csdl, CsdlType
from codegen.ir.model import Conflict, Model
from codegen.ir.structured import StructuredType

RULE = "the service metadata (CSDL) spells it this way"


def _service_names(csdl: Csdl, t: CsdlType) -> set[str]:
    """Property and relationship names of a CSDL type and its bases."""
    names: set[str] = set()
    seen: set[str] = set()
    current: CsdlType | None = t
    while current is not None and current.name.lower() not in seen:
        seen.add(current.name.lower())
        names.update(p.name for p in (*current.properties, *current.navigation))
        base = current.base_qualified or current.base_type
        current = csdl.types.get(base.lower()) if base else None
    return names


def _decide(model: Model, csdl: Csdl, conflict: Conflict) -> tuple[StructuredType, str] | None:
    """(owner type, the service's spelling) when the CSDL decides this conflict otherwise."""
    owner, chosen = model.type(conflict.owner), conflict.member
    service = csdl.types.get(owner.qualified_name.lower()) if owner is not None else None
    if owner is None or service is None:
        return None
    names = _service_names(csdl, service)
    if chosen in names:
        return None
    spelled = next((s.value for s in conflict.sides if s.value in names), None)
    return (owner, spelled) if spelled is not None else None


def prefer_service_spellings(model: Model, csdl: Csdl) -> Model:
    """The model with property-name conflicts decided by the CSDL where it names one side."""
    renames: dict[str, dict[str, str]] = {}  # qualified owner -> chosen -> service spelling
    conflicts = []
    for conflict in model.conflicts:
        decided = _decide(model, csdl, conflict) if conflict.kind == "property-name" else None
        if decided is None:
            conflicts.append(conflict)
            continue
        owner, spelled = decided
        chosen = conflict.member
        renames.setdefault(owner.qualified_name, {})[chosen] = spelled
        conflicts.append(
            replace(
                conflict,
                member=spelled,
                chosen=spelled,
                rule=RULE,
            )
        )
    if not renames:
        return model
    types = tuple(
        (
            replace(
                t,
                properties=tuple(
                    replace(p, name=renames[t.qualified_name].get(p.name, p.name))
                    for p in t.properties
                ),
            )
            if t.qualified_name in renames
            else t
        )
        for t in model.types
    )
    return replace(model, types=types, conflicts=tuple(conflicts))
