"""References to types as the docs write them, normalised."""

from __future__ import annotations

from dataclasses import dataclass

# Canonical names of the primitive types (OData EDM), the only spellings the model uses.
PRIMITIVES: frozenset[str] = frozenset(
    {
        "Edm.String",
        "Edm.Boolean",
        "Edm.Byte",
        "Edm.SByte",
        "Edm.Int16",
        "Edm.Int32",
        "Edm.Int64",
        "Edm.Single",
        "Edm.Double",
        "Edm.Decimal",
        "Edm.DateTimeOffset",
        "Edm.Date",
        "Edm.TimeOfDay",
        "Edm.Duration",
        "Edm.Guid",
        "Edm.Binary",
        "Edm.Stream",
        "Edm.Untyped",
        "microsoft.graph.Json",
    }
)


@dataclass(frozen=True, kw_only=True)
class TypeRef:
    """A type as used by a property, parameter or response.

    ``name`` is a canonical primitive name from ``PRIMITIVES`` or the docs name of
    a structured/enum type (``exactMatchSession``, without namespace); ``namespace``
    is set when the type lives outside ``microsoft.graph`` (``microsoft.graph.callRecords``):
    as the docs qualified it, and after resolution the namespace of the type it resolved to
    (``name`` then has that type's spelling).  ``link`` is the page a linked type points to,
    ``raw`` the cell text as written (the docs' spelling).
    """

    name: str
    collection: bool = False
    namespace: str | None = None
    link: str | None = None
    raw: str = ""

    @property
    def qualified_name(self) -> str:
        """``namespace.name``; an unqualified reference is in ``microsoft.graph``."""
        if self.is_primitive:
            return self.name
        return f"{self.namespace or 'microsoft.graph'}.{self.name}"

    @property
    def is_primitive(self) -> bool:
        """True for EDM primitives and Json."""
        return self.name in PRIMITIVES
