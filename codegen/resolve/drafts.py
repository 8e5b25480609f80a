"""Mutable working copies of types while pages are merged; frozen again at the end."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from codegen.ir.model import Conflict, ConflictSide
from codegen.ir.source import SourceRef
from codegen.ir.structured import Property, StructuredType


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


class Registry:
    """Types by name, with case-insensitive lookup, and the conflicts found so far."""

    def __init__(self) -> None:
        self.drafts: dict[str, TypeDraft] = {}
        self._lower: dict[str, str] = {}
        self.conflicts: list[Conflict] = []

    def get(self, name: str | None) -> TypeDraft | None:
        """The draft of that type name, matched case-insensitively."""
        if not name:
            return None
        key = self._lower.get(name.lower())
        return self.drafts.get(key) if key else None

    def canonical(self, name: str) -> str:
        """The spelling of a type name as its defining page writes it."""
        return self._lower.get(name.lower(), name)

    def add(self, t: StructuredType) -> TypeDraft:
        """Register a new type (the first definition wins)."""
        draft = TypeDraft(base=t, base_type=t.base_type)
        self.drafts[t.name] = draft
        self._lower[t.name.lower()] = t.name
        return draft

    def ensure(self, name: str, *, kind: str, origin: str, source: SourceRef) -> TypeDraft:
        """The draft of a type, created (with no page) if the model has none yet."""
        found = self.get(name)
        if found is not None:
            return found
        return self.add(StructuredType(name=name, kind=kind, origin=origin, source=source))

    def conflict(
        self, subject: str, kind: str, sides: list[tuple[str, SourceRef]], chosen: str, rule: str
    ) -> None:
        """Record that pages disagree about ``subject``."""
        seen: list[ConflictSide] = []
        for value, source in sides:
            side = ConflictSide(value=value, source=source)
            if side not in seen:
                seen.append(side)
        self.conflicts.append(
            Conflict(subject=subject, kind=kind, sides=tuple(seen), chosen=chosen, rule=rule)
        )


def freeze(draft: TypeDraft, properties: list[Property], kind: str) -> StructuredType:
    """The final StructuredType of a draft."""
    return replace(draft.base, base_type=draft.base_type, properties=tuple(properties), kind=kind)
