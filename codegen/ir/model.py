"""The whole intermediate model of a docs set."""

from __future__ import annotations

from dataclasses import dataclass

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.enums import EnumType
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType


@dataclass(frozen=True, kw_only=True)
class PageInfo:
    """One page of the docs set: its path, kind (api/resource/enum/other) and title."""

    path: str
    kind: str
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

    ``subject`` names the fact (``exactMatchSession.baseType``,
    ``exactMatchSession.datastoreId``); ``kind`` is base-type, property-name,
    property-type or type-kind; ``rule`` says why ``chosen`` won.
    """

    subject: str
    kind: str
    sides: tuple[ConflictSide, ...]
    chosen: str
    rule: str


@dataclass(frozen=True, kw_only=True)
class Model:
    """Types, enums, operations, conflicts and diagnostics, each sorted for stable output."""

    pages: tuple[PageInfo, ...] = ()
    types: tuple[StructuredType, ...] = ()
    enums: tuple[EnumType, ...] = ()
    operations: tuple[Operation, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def type(self, name: str) -> StructuredType | None:
        """The structured type of that name (case-sensitive), or None."""
        return next((t for t in self.types if t.name == name), None)

    def enum(self, name: str) -> EnumType | None:
        """The enum type of that name, or None."""
        return next((e for e in self.enums if e.name == name), None)

    def operation(self, op_id: str) -> Operation | None:
        """The operation with that id, or None."""
        return next((o for o in self.operations if o.id == op_id), None)

    def ancestors(self, name: str) -> list[StructuredType]:
        """The base types of a type, nearest first (cycles cut)."""
        out: list[StructuredType] = []
        seen = {name}
        current = self.type(name)
        while current is not None and current.base_type and current.base_type not in seen:
            seen.add(current.base_type)
            current = self.type(current.base_type)
            if current is not None:
                out.append(current)
        return out
