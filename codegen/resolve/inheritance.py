"""Base types and which type declares each property, from every page that says so.

Rules (documented in README, "How pages are reconciled"):
1. A resource page's ``baseType`` annotation (else its "Inherits from" line) declares the base.
2. An "Inherited from [X]" cell on any page (resource page or request-body table) makes X an
   ancestor of the type and X the declaring type of that property.
3. An ancestor missing from the declared chain is placed directly above the type (between it
   and its declared base), except ``entity``, which is always the root.  When that changes a
   declared base, the model records a base-type conflict and takes the refined chain.
4. A property spelled differently on different pages is one property; the spelling of the
   type's own resource page wins, then request-body tables, then the first page read.
"""

from __future__ import annotations

from codegen.ir.operation import Operation, is_reference_path
from codegen.ir.structured import Property
from codegen.resolve.drafts import Mention, Registry, TypeDraft, ref_form

ROOT = "entity"


def chain(registry: Registry, draft: TypeDraft) -> list[str]:
    """Lower-case names of a type's ancestors, nearest first (cycles cut)."""
    out: list[str] = []
    seen = {ref_form(draft.base).lower()}
    current: TypeDraft | None = draft
    while current is not None and current.base_type and current.base_type.lower() not in seen:
        seen.add(current.base_type.lower())
        out.append(current.base_type.lower())
        current = registry.get(current.base_type)
    return out


def collect_request_bodies(registry: Registry, operations: list[Operation]) -> None:
    """Request-body tables of create/update operations mention properties of their type."""
    for op in operations:
        if op.kind not in ("create", "update") or op.request_body_type is None:
            continue
        if any(is_reference_path(p) for p in op.paths):
            continue  # a reference body ({"@odata.id": url}) says nothing of the entity
        ref = op.request_body_type
        draft = registry.get(f"{ref.namespace}.{ref.name}" if ref.namespace else ref.name)
        if draft is None:
            continue
        for param in op.parameters:
            if param.location == "body":
                draft.mention(
                    Property(
                        name=param.name,
                        type=param.type,
                        description=param.description,
                        required=param.required,
                        inherited_from=param.inherited_from,
                        source=param.source,
                    ),
                    rank=1,
                )


def _place(registry: Registry, draft: TypeDraft, ancestor: str, mention: Mention) -> None:
    """Make ``ancestor`` an ancestor of ``draft`` by rule 3."""
    kind = "entity" if ancestor.lower() == ROOT else draft.base.kind
    placed = registry.ensure(ancestor, kind=kind, origin="base", source=mention.prop.source)
    if ancestor.lower() == ROOT:
        top, seen = draft, [draft]
        while top.base_type:
            parent = registry.get(top.base_type)
            if parent is None or parent in seen:
                break
            top = parent
            seen.append(top)
        if top.base_type is None and top is not placed:
            top.base_type = ref_form(placed.base)
        return
    declared = draft.base_type
    placed_name = ref_form(placed.base)
    if placed.base_type is None and declared and declared.lower() != placed_name.lower():
        placed.base_type = declared
    draft.base_type = placed_name
    if declared:
        registry.conflict(
            ref_form(draft.base),
            "baseType",
            "base-type",
            [(declared, draft.base.source), (placed_name, mention.prop.source)],
            placed_name,
            "an ancestor named by 'Inherited from' but missing from the declared chain "
            "sits directly above the type",
        )


def register_declared_bases(registry: Registry) -> None:
    """Every declared base type gets a draft, even when no page describes it."""
    pending = list(registry.drafts.values())
    while pending:
        draft = pending.pop()
        if draft.base_type and registry.get(draft.base_type) is None:
            kind = "entity" if draft.base_type.lower() == ROOT else draft.base.kind
            pending.append(
                registry.ensure(draft.base_type, kind=kind, origin="base", source=draft.base.source)
            )


# Most ancestors rule 3 stacks above a type (Graph's deepest chains have 4): each "Inherited
# from X" naming a new X puts X directly above the type, so a table of n rows naming n types
# made a chain n deep, and every type of it an ancestor list of up to n (n^2 in one page).
MAX_DEPTH = 32


def place_ancestors(registry: Registry) -> None:
    """Apply rule 3 to every type (a chain already MAX_DEPTH deep gets no more ancestors: the
    property stays the type's own)."""
    register_declared_bases(registry)
    for draft in list(registry.drafts.values()):
        for mentions in list(draft.mentions.values()):
            for mention in mentions:
                ancestor = mention.prop.inherited_from
                if not ancestor or ancestor.lower() == ref_form(draft.base).lower():
                    continue
                ancestors = chain(registry, draft)
                if ancestor.lower() not in ancestors and len(ancestors) < MAX_DEPTH:
                    _place(registry, draft, registry.canonical(ancestor), mention)


def attribute_properties(registry: Registry) -> dict[str, dict[str, list[Mention]]]:
    """Declaring type's lower qualified name -> lower property name -> mentions (rule 2)."""
    out: dict[str, dict[str, list[Mention]]] = {}
    for key, draft in list(registry.drafts.items()):
        ancestors = set(chain(registry, draft))
        for lower, mentions in draft.mentions.items():
            owner_name = key
            for mention in sorted(mentions, key=lambda m: m.rank):
                claimed = mention.prop.inherited_from
                owner = registry.get(claimed) if claimed and claimed.lower() in ancestors else None
                if owner is not None:
                    owner_name = owner.base.qualified_name.lower()
                    break
            out.setdefault(owner_name, {}).setdefault(lower, []).extend(mentions)
    return out


def settle(registry: Registry, owner: str, mentions: list[Mention]) -> Property:
    """One property from all its mentions (rule 4), recording spelling and type conflicts."""
    ordered = sorted(mentions, key=lambda m: m.rank)
    chosen = ordered[0].prop
    spellings = {m.prop.name for m in ordered}
    if len(spellings) > 1:
        registry.conflict(
            owner,
            chosen.name,
            "property-name",
            [(m.prop.name, m.prop.source) for m in ordered],
            chosen.name,
            (
                "the type's own resource page spells it this way"
                if ordered[0].rank == 0
                else "first request-body table that names it"
            ),
        )
    types = {(m.prop.type.name.lower(), m.prop.type.collection) for m in ordered if m.prop.type}
    if len(types) > 1 and chosen.type is not None:
        registry.conflict(
            owner,
            chosen.name,
            "property-type",
            [(_type_text(m.prop), m.prop.source) for m in ordered if m.prop.type],
            _type_text(chosen),
            "the type's own resource page wins over request-body tables",
        )
    return Property(
        name=chosen.name,
        type=chosen.type or next((m.prop.type for m in ordered if m.prop.type), None),
        description=next((m.prop.description for m in ordered if m.prop.description), ""),
        nullable=next((m.prop.nullable for m in ordered if m.prop.nullable is not None), None),
        read_only=next((m.prop.read_only for m in ordered if m.prop.read_only is not None), None),
        required=chosen.required,
        inherited_from=None,
        source=chosen.source,
    )


def _type_text(prop: Property) -> str:
    if prop.type is None:
        return ""
    return f"Collection({prop.type.name})" if prop.type.collection else prop.type.name
