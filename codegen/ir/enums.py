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
    """An enum type with its members in docs order. (No ``flags``: the docs never say an enum
    combines members; ``validate`` accepts comma-joined members of any enum, as Graph's flags
    enums send them, and the decoder keeps any value.)"""

    name: str
    namespace: str = "microsoft.graph"
    members: tuple[EnumMember, ...] = ()
    source: SourceRef

    @property
    def qualified_name(self) -> str:
        """The namespace-qualified name (``microsoft.graph.callRecords.callType``)."""
        return f"{self.namespace}.{self.name}"
