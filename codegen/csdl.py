"""The service metadata (an OData CSDL / EDMX document) read into plain records."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

GRAPH = "microsoft.graph"
_KINDS = {"EntityType": "entity", "ComplexType": "complex"}
_CHILDREN = ("Member", "Property", "NavigationProperty", "Parameter", "ReturnType")


@dataclass(frozen=True, kw_only=True)
class CsdlProperty:
    """A Property or NavigationProperty; ``type`` is qualified, aliases resolved."""

    name: str
    type: str
    collection: bool
    nullable: bool


@dataclass(frozen=True, kw_only=True)
class CsdlType:
    """An EntityType or ComplexType; ``base_type`` is short, ``base_qualified`` in full."""

    name: str
    namespace: str
    kind: str
    base_type: str | None
    abstract: bool
    open_type: bool
    properties: tuple[CsdlProperty, ...]
    navigation: tuple[CsdlProperty, ...]
    base_qualified: str | None = None


@dataclass(frozen=True, kw_only=True)
class CsdlOperation:
    """A bound Action or Function; ``binding_qualified`` is the binding type in full."""

    name: str
    kind: str
    binding_type: str
    binding_collection: bool
    return_type: str | None
    binding_qualified: str = ""


@dataclass(frozen=True, kw_only=True)
class Csdl:
    """Types and enums keyed by lower-case short and qualified name; bound operations."""

    types: dict[str, CsdlType]
    enums: dict[str, tuple[str, ...]]
    operations: tuple[CsdlOperation, ...]


class MetadataError(Exception):
    """The metadata file is missing, not XML or not CSDL (the message names the file)."""


def short_name(name: str) -> str:
    """The last segment of a qualified name (``microsoft.graph.user`` → ``user``)."""
    return name.rpartition(".")[2]


def show_type(name: str, collection: bool) -> str:
    """A type name as CSDL writes it, ``Collection(...)`` when it is a collection."""
    return f"Collection({name})" if collection else name


def load_csdl(path: Path) -> Csdl:
    """Read an OData CSDL (EDMX) document."""
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise MetadataError(f"{path}: cannot read metadata: {exc.strerror or exc}") from exc
    except ET.ParseError as exc:
        raise MetadataError(f"{path}:{exc.position[0]}: not well-formed XML: {exc}") from exc
    for e in root.iter():
        e.tag = e.tag.rpartition("}")[2]  # drop XML namespaces: EDM versions differ
    schemas = list(root.iter("Schema"))
    if root.tag not in ("Edmx", "Schema") or not schemas:
        raise MetadataError(f"{path}: not an OData CSDL document (root <{root.tag}>)")
    aliases = {a: s.get("Namespace", "") for s in schemas if (a := s.get("Alias"))}

    def resolve(raw: str) -> tuple[str, bool]:
        coll = raw.startswith("Collection(") and raw.endswith(")")
        prefix, _, short = (raw[11:-1] if coll else raw).rpartition(".")
        return (f"{aliases.get(prefix, prefix)}.{short}" if prefix else short), coll

    def prop(el: ET.Element) -> CsdlProperty:
        (type_, coll), null = resolve(el.get("Type", "")), el.get("Nullable") != "false"
        return CsdlProperty(name=el.get("Name", ""), type=type_, collection=coll, nullable=null)

    types: dict[str, CsdlType] = {}
    enums: dict[str, tuple[str, ...]] = {}
    ops: list[CsdlOperation] = []
    for ns, el in ((s.get("Namespace", ""), el) for s in schemas for el in s):
        name, kids = el.get("Name", ""), {k: [c for c in el if c.tag == k] for k in _CHILDREN}
        keys = (f"{ns}.{name}".lower(), name.lower())
        if el.tag == "EnumType":
            for k in keys[: 1 + (ns == GRAPH or keys[1] not in enums)]:
                enums[k] = tuple(m.get("Name", "") for m in kids["Member"])
        elif el.tag in _KINDS:
            base = resolve(el.get("BaseType", ""))[0] or None
            t = CsdlType(
                name=name,
                namespace=ns,
                kind=_KINDS[el.tag],
                base_type=short_name(base) if base else None,
                base_qualified=base,
                abstract=el.get("Abstract") == "true",
                open_type=el.get("OpenType") == "true",
                properties=tuple(prop(c) for c in kids["Property"]),
                navigation=tuple(prop(c) for c in kids["NavigationProperty"]),
            )
            for k in keys[: 1 + (ns == GRAPH or keys[1] not in types)]:
                types[k] = t
        elif el.tag in ("Action", "Function") and el.get("IsBound") == "true" and kids["Parameter"]:
            binding, coll = resolve(kids["Parameter"][0].get("Type", ""))
            returns = [show_type(*resolve(r.get("Type", ""))) for r in kids["ReturnType"]]
            ops.append(
                CsdlOperation(
                    name=name,
                    kind=el.tag.lower(),
                    binding_type=short_name(binding),
                    binding_collection=coll,
                    return_type=returns[0] if returns else None,
                    binding_qualified=binding,
                )
            )
    return Csdl(types=types, enums=enums, operations=tuple(ops))
