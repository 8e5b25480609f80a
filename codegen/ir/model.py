"""The whole intermediate model of a docs set."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Generic, Literal, Protocol, TypeVar

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.enums import EnumType
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import DEFAULT_NAMESPACE, StructuredType

PageKind = Literal["api", "resource", "enum", "other"]
# base-type, property-name, property-type, type-kind: pages disagree about a fact of a type;
# type-page: several pages describe one qualified type (their facts are merged);
# response-type: an operation's prose names another response type than its annotations.
ConflictKind = Literal[
    "base-type", "property-name", "property-type", "type-kind", "type-page", "response-type"
]


@dataclass(frozen=True, kw_only=True)
class PageInfo:
    """One page of the docs set: its path, kind (api/resource/enum/other) and title."""

    path: str
    kind: PageKind
    title: str
    namespace: str | None = None
    digest: str = ""  # sha256 of the page text
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class ConflictSide:
    """One value a page gives for a disputed fact."""

    value: str
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """Pages that disagree about one fact, and which value the model took.

    ``owner`` is what the fact belongs to (a type as the docs refer to it,
    ``exactMatchSession`` or ``microsoft.graph.callRecords.session``, or an operation id),
    ``member`` the fact of it (a property's name, ``baseType``, ``response``; empty when the
    owner itself is disputed: ``type-page``); ``subject`` joins them for messages
    (``exactMatchSession.datastoreId``). ``kind`` says what is disputed (``ConflictKind``);
    ``rule`` says why ``chosen`` won.
    """

    owner: str
    member: str
    kind: ConflictKind
    sides: tuple[ConflictSide, ...]
    chosen: str
    rule: str

    @property
    def subject(self) -> str:
        """``owner.member`` (the owner alone when the member is empty)."""
        return f"{self.owner}.{self.member}" if self.member else self.owner


@dataclass(frozen=True, kw_only=True)
class Model:
    """Types, enums, operations, conflicts and diagnostics, each sorted for stable output."""

    pages: tuple[PageInfo, ...] = ()
    types: tuple[StructuredType, ...] = ()
    enums: tuple[EnumType, ...] = ()
    operations: tuple[Operation, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @cached_property
    def _type_index(self) -> _NameIndex[StructuredType]:
        return _NameIndex(self.types)

    @cached_property
    def _enum_index(self) -> _NameIndex[EnumType]:
        return _NameIndex(self.enums)

    @cached_property
    def _operation_index(self) -> dict[str, Operation]:
        return {o.id: o for o in reversed(self.operations)}

    def type(self, name: str) -> StructuredType | None:
        """The structured type of that qualified name (``microsoft.graph.callRecords.endpoint``)
        or bare name (``endpoint``: the one in ``microsoft.graph`` first), case-insensitive
        when no exact spelling matches; None when there is none."""
        return self._type_index.get(name)

    def types_named(self, name: str) -> tuple[StructuredType, ...]:
        """Every structured type of that bare name, in any namespace (case-insensitive)."""
        return self._type_index.named(name)

    def enum(self, name: str) -> EnumType | None:
        """The enum type of that qualified or bare name (as ``type``), or None."""
        return self._enum_index.get(name)

    def operation(self, op_id: str) -> Operation | None:
        """The operation with that id, or None."""
        return self._operation_index.get(op_id)

    def ancestors(self, name: str) -> list[StructuredType]:
        """The base types of a type, nearest first (cycles cut)."""
        out: list[StructuredType] = []
        current = self.type(name)
        seen = {current.qualified_name.lower()} if current else {name.lower()}
        while current is not None and current.base_type:
            parent = self.type(current.base_type)
            if parent is None or parent.qualified_name.lower() in seen:
                break
            seen.add(parent.qualified_name.lower())
            out.append(parent)
            current = parent
        return out


class _Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def namespace(self) -> str: ...

    @property
    def qualified_name(self) -> str: ...


N = TypeVar("N", bound=_Named)


class _NameIndex(Generic[N]):
    """Types by exact and lower-case qualified name and by lower-case bare name."""

    def __init__(self, items: tuple[N, ...]) -> None:
        self.exact: dict[str, N] = {}
        self.lower: dict[str, N] = {}
        self.bare: dict[str, list[N]] = {}
        for item in items:
            self.exact.setdefault(item.qualified_name, item)
            self.lower.setdefault(item.qualified_name.lower(), item)
            self.bare.setdefault(item.name.lower(), []).append(item)
        for same in self.bare.values():
            same.sort(key=lambda i: (i.namespace != DEFAULT_NAMESPACE, i.namespace))

    def get(self, name: str) -> N | None:
        """By qualified name, else by bare name (exact spelling and microsoft.graph first)."""
        name = name.lstrip("#")
        found = self.exact.get(name) or self.exact.get(f"{DEFAULT_NAMESPACE}.{name}")
        if found is not None:
            return found
        found = self.lower.get(name.lower())
        if found is not None:
            return found
        same = self.bare.get(name.lower(), [])
        return next((i for i in same if i.name == name), same[0] if same else None)

    def named(self, name: str) -> tuple[N, ...]:
        """Every item of that bare name."""
        return tuple(self.bare.get(name.lower(), ()))
