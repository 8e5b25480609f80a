"""Enumeration types from "X values" tables."""

from __future__ import annotations

from dataclasses import dataclass

from codegen.ir.source import SourceRef


@dataclass(frozen=True, kw_only=True)
class EnumMember:
    """One member; ``value`` is the integer value where the docs give one."""

    name: str
    value: int | None = None
    description: str = ""
    source: SourceRef


@dataclass(frozen=True, kw_only=True)
class EnumType:
    """An enum type with its members in docs order."""

    name: str
    namespace: str = "microsoft.graph"
    members: tuple[EnumMember, ...] = ()
    flags: bool = False
    source: SourceRef

    @property
    def qualified_name(self) -> str:
        """The namespace-qualified name (``microsoft.graph.callRecords.callType``)."""
        return f"{self.namespace}.{self.name}"
