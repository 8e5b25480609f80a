"""The docs' model against the service metadata (OData CSDL).  "page" types get every rule;
"base" types all but csdl-type-missing (what derived types document counts as documented);
"example" types (inferred from JSON) -property-missing, the collection flag of -property-type,
and -base-type if the docs name one; "reference" types none.  Type and operation names match
case-insensitively, property names exactly (case-only misses are reported once, as missing)."""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property, StructuredType
from codegen.lint.catalog import RULES

T = TypeVar("T")
GRAPH = "microsoft.graph"
_KINDS = {"EntityType": "entity", "ComplexType": "complex"}
_CHILDREN = ("Member", "Property", "NavigationProperty", "Parameter", "ReturnType")
_SEGMENT = re.compile(r"(?:microsoft\.graph\.(?:\w+\.)*)?([A-Za-z_]\w*)(?:\(.*\))?", re.IGNORECASE)


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


def _short(name: str) -> str:
    return name.rpartition(".")[2]


def _qualified(t: CsdlType) -> str:
    return f"{t.namespace}.{t.name}".lower()


def _show(name: str, collection: bool) -> str:
    return f"Collection({name})" if collection else name


def _similar(name: str, pool: Iterable[str], cutoff: float = 0.8) -> str | None:
    names = list(pool)
    close = [n for n in names if n.lower() == name.lower()]
    close = close or difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def _walk(first: T, step: Callable[[T], T | None]) -> list[T]:
    """``first`` and what ``step`` leads to from it, until None or a cycle."""
    out = [first]
    while (nxt := step(out[-1])) is not None and all(nxt is not o for o in out):
        out.append(nxt)
    return out


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
    aliases = {s.get("Alias") or s.get("Namespace", ""): s.get("Namespace", "") for s in schemas}

    def resolve(raw: str) -> tuple[str, bool]:
        coll = raw.startswith("Collection(") and raw.endswith(")")
        prefix, _, short = (raw[11:-1] if coll else raw).rpartition(".")
        return (f"{aliases.get(prefix, prefix)}.{short}" if prefix else short), coll

    def prop(el: ET.Element) -> CsdlProperty:
        type_, coll = resolve(el.get("Type", ""))
        nullable = el.get("Nullable") != "false"
        return CsdlProperty(name=el.get("Name", ""), type=type_, collection=coll, nullable=nullable)

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
                base_type=_short(base) if base else None,
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
            returns = [_show(*resolve(r.get("Type", ""))) for r in kids["ReturnType"]]
            ops.append(
                CsdlOperation(
                    name=name,
                    kind=el.tag.lower(),
                    binding_type=_short(binding),
                    binding_collection=coll,
                    return_type=returns[0] if returns else None,
                    binding_qualified=binding,
                )
            )
    return Csdl(types=types, enums=enums, operations=tuple(ops))


def compare_with_csdl(model: Model, csdl: Csdl, csdl_path: str) -> list[Diagnostic]:
    """Findings where the docs' model differs from the service metadata."""
    run = _Comparison(model, csdl, csdl_path)
    for t in model.types:
        if t.origin in ("page", "base", "example"):
            run.compare_type(t)
    run.compare_operations()
    return sorted(run.findings, key=lambda d: (d.source, d.rule, d.message))


class _Comparison:
    """One comparison run: indexes of both sides, and the findings so far."""

    def __init__(self, model: Model, csdl: Csdl, where: str) -> None:
        self.model, self.csdl, self.where = model, csdl, where
        self.docs = {t.name.lower(): t for t in model.types}
        self.below: dict[str, set[str]] = {}  # member names documented on descendants
        for t in model.types:
            for up in self.docs_chain(t)[1:]:
                self.below.setdefault(up.name.lower(), set()).update(_names(t))
        self.bound: dict[str, list[CsdlOperation]] = {}
        self.binders: dict[str, set[str]] = {}  # operation name -> binding types
        for op in csdl.operations:
            self.bound.setdefault(op.binding_qualified.lower(), []).append(op)
            self.binders.setdefault(op.name.lower(), set()).add(op.binding_type)
        self.nav_names = {n.name.lower() for t in csdl.types.values() for n in t.navigation}
        self.by_prefix: dict[str, list[str]] = {}  # short type names by first two letters
        for ct in (ct for key, ct in csdl.types.items() if "." not in key):
            self.by_prefix.setdefault(ct.name[:2].lower(), []).append(ct.name)
        self.findings: list[Diagnostic] = []

    def report(self, rule: str, at: SourceRef, subject: str, msg: str, hint: str | None) -> None:
        sev = RULES[rule].severity
        diag = Diagnostic(
            source=at, rule=rule, severity=sev, message=msg, suggestion=hint, subject=subject
        )
        self.findings.append(diag)

    def lookup(self, t: StructuredType) -> CsdlType | None:
        name = t.name if t.name.startswith("microsoft.") else f"{t.namespace}.{t.name}"
        return self.csdl.types.get(name.lower())

    def chain(self, ct: CsdlType) -> list[CsdlType]:
        return _walk(ct, lambda c: self.csdl.types.get((c.base_qualified or "").lower()))

    def docs_chain(self, t: StructuredType) -> list[StructuredType]:
        return _walk(t, lambda d: self.docs.get(_short(d.base_type or "").lower()))

    def compare_type(self, t: StructuredType) -> None:
        if (ct := self.lookup(t)) is None:
            if t.origin == "page":
                msg, short = f"{t.name} ({t.namespace}) is not a type in {self.where}", _short(
                    t.name
                )
                elsewhere = self.csdl.types.get(short.lower())  # in another namespace
                hint = elsewhere and f"{elsewhere.namespace}.{elsewhere.name}"
                hint = hint or _similar(short, self.by_prefix.get(short[:2].lower(), []), 0.85)
                self.report("csdl-type-missing", t.source, t.name, msg, hint)
            return
        base = _short(t.base_type) if t.base_type else None
        if (base or "").lower() != (ct.base_type or "").lower() and (base or t.origin == "page"):
            msg = f"{t.name}: the docs give base type {base}, {self.where} gives {ct.base_type}"
            self.report("csdl-base-type", t.source, t.name, msg, ct.base_type)
        chain = self.chain(ct)
        props = {p.name: p for c in reversed(chain) for p in c.properties}
        navs = {p.name: p for c in reversed(chain) for p in c.navigation}
        members: tuple[tuple[str, Property | NavigationProperty], ...] = (
            *(("property", p) for p in t.properties),
            *(("navigation", n) for n in t.navigation_properties),
        )
        for kind, p in members:
            same, other = (props, navs) if kind == "property" else (navs, props)
            if "@" in p.name or (t.origin == "example" and p.name == "value"):
                continue  # instance annotations; collection wrappers taken for properties
            if p.name in same:
                self.compare_ref(t, p, same[p.name])
                continue
            hint = p.name if p.name in other else _similar(p.name, [*same, *other])
            note = f"; did you mean {hint}?" if hint else ""
            if p.name in other:
                note = f"; there it is a {'structural' if other is props else 'navigation'} one"
            msg = f"{t.name}.{p.name} is a documented {kind} property {self.where} lacks"
            msg += f" (on {t.name} and its base types){note}"
            self.report(f"csdl-{kind}-missing", p.source, f"{t.name}.{p.name}", msg, hint)
        if t.origin == "example":
            return
        known = {n for d in self.docs_chain(t) for n in _names(d)}
        known |= self.below.get(t.name.lower(), set()) if t.origin == "base" else set()
        for kind, found in (("property", ct.properties), ("navigation", ct.navigation)):
            for cp in (cp for cp in found if cp.name.lower() not in known):
                msg = f"{t.name}.{cp.name} ({_show(cp.type, cp.collection)}) is a {kind} property"
                msg += f" in {self.where} the docs do not describe"
                self.report(f"csdl-{kind}-undocumented", t.source, f"{t.name}.{cp.name}", msg, None)

    def compare_ref(
        self, t: StructuredType, p: Property | NavigationProperty, cp: CsdlProperty
    ) -> None:
        if p.type is None or (p.type.collection == cp.collection and t.origin == "example"):
            return
        docs, edm = p.type, cp.type.startswith("Edm.")
        same = _short(docs.name).lower() == _short(cp.type).lower()
        if same and docs.collection == cp.collection and docs.name.startswith("Edm.") == edm:
            return
        csdl_type = _show(cp.type if edm else _short(cp.type), cp.collection)
        msg = f"{t.name}.{p.name}: the docs give type {_show(docs.name, docs.collection)}, "
        msg += f"{self.where} gives {csdl_type}"
        self.report("csdl-property-type", p.source, f"{t.name}.{p.name}", msg, csdl_type)

    def compare_operations(self) -> None:
        documented: set[tuple[str, str]] = set()
        for op in self.model.operations:
            dt = self.docs.get(_short(op.binding_type or "").lower())
            ct = self.lookup(dt) if dt else self.csdl.types.get((op.binding_type or "").lower())
            names = {n for p in op.paths if (n := _action_name(p))}
            if op.kind not in ("action", "function") or ct is None or not names:
                continue
            chain = self.chain(ct)
            bound = [o for c in chain for o in self.bound.get(_qualified(c), [])]
            lowered = {n.lower() for n in names}
            hits = [o for o in bound if o.name.lower() in lowered]
            documented |= {(o.name.lower(), o.binding_qualified.lower()) for o in hits}
            members = {p.name.lower() for c in chain for p in (*c.properties, *c.navigation)}
            members |= {n for n in lowered if n in self.nav_names and n not in self.binders}
            if hits or lowered & members:
                continue  # a path ending in a relationship is a create or list, not an action
            name = min(names)
            binders = sorted(self.binders.get(name.lower(), ()))
            msg = f"{op.kind} {name} ({op.id}) is not bound to {ct.name} or its base types"
            msg += f" in {self.where}" + f"; it binds it to {', '.join(binders[:3])}" * bool(
                binders
            )
            hint = _similar(name, sorted({o.name for o in bound}))
            self.report("csdl-action-missing", op.source, f"{ct.name}.{name}", msg, hint)
        for t in self.model.types:
            ct = self.lookup(t) if t.origin == "page" else None
            for o in self.bound.get(_qualified(ct), []) if ct else []:
                if (key := (o.name.lower(), o.binding_qualified.lower())) not in documented:
                    documented.add(key)
                    on = f"{t.name}{' (collection)' if o.binding_collection else ''}"
                    msg = f"{o.kind} {o.name} is bound to {on} in {self.where}; no docs page has it"
                    rule, subject = "csdl-action-undocumented", f"{t.name}.{o.name}"
                    self.report(rule, t.source, subject, msg, None)


def _names(t: StructuredType) -> set[str]:
    return {p.name.lower() for p in t.properties} | {
        n.name.lower() for n in t.navigation_properties
    }


def _action_name(path: str) -> str | None:
    """The operation name a path ends in (None: no parent segment, or not a name)."""
    parent, _, last = path.split("?")[0].strip("/").rpartition("/")
    m = _SEGMENT.fullmatch(last)
    return m[1] if m and parent else None
