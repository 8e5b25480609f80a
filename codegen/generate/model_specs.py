"""The IR's types as the templates need them: class names, fields, kinds, docstrings.

All naming and type mapping happens here; templates only lay the results out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from codegen.generate.doc_text import clean_description, learn_url
from codegen.generate.naming import (
    class_name,
    enum_member_name,
    field_name,
    py_str,
    unique_names,
)
from codegen.generate.properties import PropertyKind, property_kind
from codegen.ir.model import Model
from codegen.ir.structured import Property, StructuredType
from codegen.ir.types import TypeRef

ODATA_TYPE_FIELD = "odata_type"
# Class names the generated package binds next to the models (runtime bases and markers in
# models.py, the names __init__.py and client.py import or define): a type of the same name
# gets a trailing ``_`` like a reserved word, so no import shadows another.
RUNTIME_CLASSES = frozenset(
    {
        "UNSET",
        "Unset",
        "GraphModel",
        "GraphEnum",
        "DecodeError",
        "EncodeError",
        "GraphError",
        "GraphClientError",
        "TransportError",
        "CallTimeoutError",
        "ResponseTooLargeError",
        "TokenError",
        "RetryPolicy",
        "Issue",
        "GraphClient",
        "AsyncGraphClient",
        "Transport",
        "AsyncTransport",
        "ClientRoot",
        "AsyncClientRoot",
    }
)
ODATA_TYPE_KIND = PropertyKind(
    annotation="str",
    macro="primitive",
    codec="str",
    schema_type="Edm.String",
    runtime=("decode_str", "encode_str"),
    item_runtime=("decode_str", "encode_str"),
)


@dataclass(frozen=True, kw_only=True)
class FieldSpec:
    """One dataclass field: Python name, wire name, kind, docs text."""

    name: str
    wire: str
    kind: PropertyKind
    doc: str
    nullable: bool
    read_only: bool
    aliases: tuple[str, ...] = ()  # other spellings of ``wire`` that pages use, accepted on reading

    @property
    def lookup(self) -> str:
        """The expression reading this field from ``data`` (``get``), aliases as fallbacks."""
        expr = "UNSET"
        for name in reversed((self.wire, *self.aliases)):
            expr = f"get({py_str(name)}, {expr})"
        return expr


@dataclass(frozen=True, kw_only=True)
class ModelSpec:
    """One model class; ``fields`` are its own (a base class has the inherited ones)."""

    class_name: str
    docs_name: str
    qualified: str
    base: str | None
    base_qualified: str | None
    doc: str
    fields: tuple[FieldSpec, ...]
    open_type: bool
    abstract: bool
    key_property: str | None

    @property
    def odata_type(self) -> str:
        """The ``@odata.type`` value naming this class (``#microsoft.graph.x``)."""
        return "#" + self.qualified


@dataclass(frozen=True, kw_only=True)
class EnumMemberSpec:
    """One enum member."""

    name: str
    value: str
    doc: str


@dataclass(frozen=True, kw_only=True)
class EnumSpec:
    """One str enum class."""

    class_name: str
    docs_name: str
    qualified: str
    doc: str
    members: tuple[EnumMemberSpec, ...]


@dataclass(frozen=True, kw_only=True)
class TypeNames:
    """Lower-case qualified name (and bare name, microsoft.graph's first) -> (class name,
    qualified name), for models and enums."""

    models: dict[str, tuple[str, str]]
    enums: dict[str, tuple[str, str]]

    def kind(self, ref: TypeRef | None) -> PropertyKind:
        """The property kind of a TypeRef."""
        return property_kind(ref, self.models, self.enums)


def type_names(model: Model) -> TypeNames:
    """Unique class names for every type and enum, deterministic."""
    names = [t.name for t in model.types] + [e.name for e in model.enums]
    classes = unique_names(
        [c + "_" if c in RUNTIME_CLASSES else c for c in (class_name(n) for n in names)]
    )
    qualified = [t.qualified_name for t in model.types] + [e.qualified_name for e in model.enums]
    rows = [(q.lower(), (c, q)) for c, q in zip(classes, qualified, strict=True)]
    n_types = len(model.types)
    models = dict(rows[:n_types])
    enums = {
        k: v for k, v in rows[n_types:] if k not in models
    }  # a type wins over a same-named enum
    for table, items in ((models, model.types), (enums, model.enums)):
        for item in items:  # bare names too (microsoft.graph's type first: sorted before)
            key = item.qualified_name.lower()
            if key in table:
                table.setdefault(item.name.lower(), table[key])
    return TypeNames(models=models, enums=enums)


def _ordered(model: Model) -> list[StructuredType]:
    """Types with every base before its subtypes, otherwise by name."""
    done: dict[str, StructuredType] = {}

    def visit(t: StructuredType, trail: set[str]) -> None:
        key = t.qualified_name.lower()
        if key in done or key in trail:
            return
        base = model.type(t.base_type) if t.base_type else None
        if base is not None:
            visit(base, trail | {key})
        done[key] = t

    for t in model.types:
        visit(t, set())
    return list(done.values())


def _members(t: StructuredType) -> list[Property]:
    """Structural properties, then navigation properties (what ``$expand`` returns), as fields."""
    names = {p.name.lower() for p in t.properties}
    navigation = [
        Property(name=n.name, type=n.type, description=n.description, source=n.source)
        for n in t.navigation_properties
        if n.name.lower() not in names
    ]
    return [*t.properties, *navigation]


def model_specs(model: Model, names: TypeNames) -> list[ModelSpec]:
    """Model classes in definition order (bases first)."""
    specs: dict[str, ModelSpec] = {}
    every: dict[str, tuple[FieldSpec, ...]] = {}  # a class's fields, inherited ones first
    for t in _ordered(model):
        class_, qualified = names.models[t.qualified_name.lower()]
        base_type = model.type(t.base_type) if t.base_type else None
        base = specs.get(base_type.qualified_name.lower()) if base_type else None
        inherited = list(every[base_type.qualified_name.lower()]) if base and base_type else []
        taken = {f.wire for f in inherited}
        own_props = [p for p in _members(t) if p.name not in taken and not p.name.startswith("@")]
        wires = ([] if base else ["@odata.type"]) + [p.name for p in own_props]
        py_names = unique_names(
            [f.name for f in inherited]
            + ([] if base else [ODATA_TYPE_FIELD])
            + [field_name(p.name) for p in own_props]
        )[len(inherited) :]
        docs = ([] if base else ["The @odata.type naming this object's type on the wire."]) + [
            clean_description(p.description) for p in own_props
        ]
        kinds = ([] if base else [ODATA_TYPE_KIND]) + [names.kind(p.type) for p in own_props]
        flags = ([] if base else [(True, False)]) + [
            (p.nullable is not False, bool(p.read_only)) for p in own_props
        ]
        own = tuple(
            FieldSpec(name=n, wire=w, kind=k, doc=d, nullable=f[0], read_only=f[1])
            for n, w, k, d, f in zip(py_names, wires, kinds, docs, flags, strict=True)
        )
        specs[t.qualified_name.lower()] = ModelSpec(
            class_name=class_,
            docs_name=t.name,
            qualified=qualified,
            base=base.class_name if base else None,
            base_qualified=base.qualified if base else None,
            doc=_type_doc(t),
            fields=own,
            open_type=bool(t.open_type),
            abstract=bool(t.abstract),
            key_property=t.key_property,
        )
        every[t.qualified_name.lower()] = tuple(inherited) + own
    return _with_aliases(model, specs, every)


_KNOWN_FROM = {
    "base": "known only as a base type other pages name",
    "example": "known only from JSON examples",
    "reference": "known only as a property or response type",
}


def _type_doc(t: StructuredType) -> str:
    """The type's docs description (cleaned), and where to read more."""
    text = clean_description(t.description) or f"The {t.name} {t.kind} type."
    if t.origin == "page":
        return f"{text}\n\nDocs: {learn_url(t.source.file)}"
    return f"{text} ({_KNOWN_FROM.get(t.origin, t.origin)})"


def _body_spellings(model: Model) -> dict[str, set[str]]:
    """Per type (lower qualified name): the property names of its request-body tables, and
    every spelling of a property that pages spell in several ways."""
    out: dict[str, set[str]] = {}
    for op in model.operations:
        ref = op.request_body_type
        if ref is None and op.kind in ("create", "update"):
            ref = op.response_type
        if ref is None:
            continue
        names = {p.name for p in op.parameters if p.location == "body"}
        out.setdefault(ref.qualified_name.lower(), set()).update(names)
    for conflict in model.conflicts:  # every spelling pages give a property is read
        owner = model.type(conflict.owner)
        if conflict.kind == "property-name" and owner is not None:
            spellings = {side.value for side in conflict.sides}
            for t in (owner, *_descendants(model, owner)):
                out.setdefault(t.qualified_name.lower(), set()).update(spellings)
    return out


def _descendants(model: Model, t: StructuredType) -> list[StructuredType]:
    """Types that have ``t`` among their ancestors (their specs list its fields too)."""
    return [
        d
        for d in model.types
        if any(a.qualified_name == t.qualified_name for a in model.ancestors(d.qualified_name))
    ]


def _with_aliases(
    model: Model, specs: dict[str, ModelSpec], every: dict[str, tuple[FieldSpec, ...]]
) -> list[ModelSpec]:
    """Specs whose fields know the other spellings operation pages give their wire names.

    A create page listing ``dataStoreId`` where the resource page says ``datastoreId``: the
    field keeps the resource page's name for writing and accepts both when reading.
    """
    aliases: dict[int, set[str]] = {}
    for key, spellings in _body_spellings(model).items():
        by_lower: dict[str, set[str]] = {}  # not every spelling again at every field
        for n in spellings:
            by_lower.setdefault(n.lower(), set()).add(n)
        for f in every.get(key, ()):
            other = by_lower.get(f.wire.lower(), set()) - {f.wire}
            if other:
                aliases.setdefault(id(f), set()).update(other)
    if not aliases:
        return list(specs.values())

    def renamed(f: FieldSpec) -> FieldSpec:
        extra = aliases.get(id(f))
        return dataclasses.replace(f, aliases=tuple(sorted(extra))) if extra else f

    return [
        dataclasses.replace(m, fields=tuple(renamed(f) for f in m.fields)) for m in specs.values()
    ]


def enum_specs(model: Model, names: TypeNames) -> list[EnumSpec]:
    """Enum classes, by name."""
    out = []
    for e in model.enums:
        class_, qualified = names.enums[e.qualified_name.lower()]
        member_names = unique_names([enum_member_name(m.name) for m in e.members])
        members = tuple(
            EnumMemberSpec(name=n, value=m.name, doc=m.description)
            for n, m in zip(member_names, e.members, strict=True)
        )
        out.append(
            EnumSpec(
                class_name=class_,
                docs_name=e.name,
                qualified=qualified,
                doc=f"The {e.name} enumeration.",
                members=members,
            )
        )
    return out
