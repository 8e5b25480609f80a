"""Entity and complex types with their properties and navigation properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from codegen.ir.http import JsonValue
from codegen.ir.source import SourceRef
from codegen.ir.types import TypeRef

TypeKind = Literal["entity", "complex"]
# How the model knows a type: a resource page, only as a base type, only from JSON examples,
# or only as the type of a reference.
TypeOrigin = Literal["page", "base", "example", "reference"]
DEFAULT_NAMESPACE = "microsoft.graph"


@dataclass(frozen=True, kw_only=True)
class Property:
    """A structural property; ``name`` is the wire name exactly as the docs spell it.

    ``nullable``, ``read_only`` and ``required`` are None where the docs say nothing.
    ``inherited_from`` is the type a page says the property is inherited from.
    """

    name: str
    type: TypeRef | None
    description: str = ""
    nullable: bool | None = None
    read_only: bool | None = None
    required: bool | None = None
    inherited_from: str | None = None
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class NavigationProperty:
    """A relationship to another entity (or collection of entities)."""

    name: str
    type: TypeRef | None
    description: str = ""
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class MethodLink:
    """A row of a resource page's Methods table."""

    title: str
    link: str | None
    operation_id: str | None
    return_type: TypeRef | None
    description: str = ""
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class StructuredType:
    """An entity or complex type.

    ``kind`` is "entity" or "complex"; ``origin`` says how the model knows it:
    "page" (a resource page), "base" (only named as a base type or in
    "Inherited from" cells), "example" (only JSON examples show it) or
    "reference" (only referenced as a property/relationship type).
    ``representation`` is the page's parsed JSON representation, if any.
    ``properties`` are those declared on this type itself, not inherited ones.
    ``base_type`` is the docs name of the base (``entity``), qualified when the base lives in
    another namespace than ``microsoft.graph`` (``microsoft.graph.callRecords.endpoint``).
    """

    name: str
    namespace: str = DEFAULT_NAMESPACE
    kind: TypeKind
    origin: TypeOrigin
    base_type: str | None = None
    base_type_source: SourceRef | None = None  # where the page states its base type
    description: str = ""
    open_type: bool | None = None
    abstract: bool | None = None
    key_property: str | None = None
    properties: tuple[Property, ...] = ()
    navigation_properties: tuple[NavigationProperty, ...] = ()
    methods: tuple[MethodLink, ...] = ()
    representation: JsonValue = field(default=None, hash=False)
    representation_source: SourceRef | None = None
    source: SourceRef

    @property
    def qualified_name(self) -> str:
        """The namespace-qualified name (``microsoft.graph.callRecords.endpoint``)."""
        return f"{self.namespace}.{self.name}"
