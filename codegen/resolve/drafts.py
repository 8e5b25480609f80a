"""Mutable working copies of types while pages are merged; frozen again at the end."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from codegen.ir.model import Conflict, ConflictKind, ConflictSide
from codegen.ir.source import SourceRef
from codegen.ir.structured import (
    DEFAULT_NAMESPACE,
    Property,
    StructuredType,
    TypeKind,
    TypeOrigin,
)


@dataclass(kw_only=True)
class Mention:
    """One page's statement of a property, with how much weight it carries."""

    prop: Property
    rank: int  # 0: the type's own resource page; 1: request-body table; 2: JSON example


@dataclass(kw_only=True)
class TypeDraft:
    """A type being assembled from several pages."""

    base: StructuredType
    base_type: str | None
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # lower name -> mentions
    owner: dict[str, str] = field(default_factory=dict)  # lower property name -> declaring type

    def mention(self, prop: Property, rank: int) -> None:
        """Record that a page names this property for this type."""
        self.mentions.setdefault(prop.name.lower(), []).append(Mention(prop=prop, rank=rank))


def ref_form(t: StructuredType) -> str:
    """How the model names a type in ``base_type``/``inherited_from``: bare in microsoft.graph,
    namespace-qualified elsewhere."""
    return t.name if t.namespace == DEFAULT_NAMESPACE else t.qualified_name


def split_ref(name: str) -> tuple[str, str]:
    """(namespace, name) of a reference form (``x`` is in microsoft.graph)."""
    name = name.lstrip("#")
    if "." not in name:
        return DEFAULT_NAMESPACE, name
    namespace, _, short = name.rpartition(".")
    if namespace.lower() == "graph" or namespace.lower().startswith("graph."):
        namespace = f"microsoft.{namespace}"
    return namespace, short


class Registry:
    """Types by lower-case qualified name (bare names resolve microsoft.graph first), and the
    conflicts found so far."""

    def __init__(self) -> None:
        self.drafts: dict[str, TypeDraft] = {}  # lower qualified name -> draft
        self._bare: dict[str, list[TypeDraft]] = {}
        self.conflicts: list[Conflict] = []

    def get(self, name: str | None) -> TypeDraft | None:
        """The draft a reference form (``x`` or ``microsoft.graph.ns.x``) names, case-insensitive."""
        if not name:
            return None
        namespace, short = split_ref(name)
        found = self.drafts.get(f"{namespace}.{short}".lower())
        if found is not None or "." in name:
            return found
        same = self._bare.get(short.lower(), [])
        return same[0] if same else None

    def canonical(self, name: str) -> str:
        """The reference form of the type ``name`` resolves to (its defining page's spelling)."""
        found = self.get(name)
        return ref_form(found.base) if found is not None else name

    def add(self, t: StructuredType) -> TypeDraft:
        """Register a new type."""
        draft = TypeDraft(base=t, base_type=t.base_type)
        self.drafts[t.qualified_name.lower()] = draft
        same = self._bare.setdefault(t.name.lower(), [])
        same.append(draft)
        same.sort(key=lambda d: (d.base.namespace != DEFAULT_NAMESPACE, d.base.namespace))
        return draft

    def ensure(
        self, name: str, *, kind: TypeKind, origin: TypeOrigin, source: SourceRef
    ) -> TypeDraft:
        """The draft of a type, created (with no page) if the model has none yet."""
        found = self.get(name)
        if found is not None:
            return found
        namespace, short = split_ref(name)
        return self.add(
            StructuredType(name=short, namespace=namespace, kind=kind, origin=origin, source=source)
        )

    def conflict(
        self,
        owner: str,
        member: str,
        kind: ConflictKind,
        sides: list[tuple[str, SourceRef]],
        chosen: str,
        rule: str,
    ) -> None:
        """Record that pages disagree about ``member`` of ``owner`` (each side once, in page order: a set,
        not a list searched at each side, for a table of n rows spelling one name two ways)."""
        seen = dict.fromkeys(ConflictSide(value=value, source=source) for value, source in sides)
        self.conflicts.append(
            Conflict(
                owner=owner, member=member, kind=kind, sides=tuple(seen), chosen=chosen, rule=rule
            )
        )


def freeze(draft: TypeDraft, properties: list[Property], kind: TypeKind) -> StructuredType:
    """The final StructuredType of a draft."""
    return replace(draft.base, base_type=draft.base_type, properties=tuple(properties), kind=kind)
