"""The docs' model against the service metadata (OData CSDL).  "page" types get every rule,
"base" types all but csdl-type-missing (members of derived types count as theirs), "example"
types -property-missing, -base-type if the docs name one and -property-type's collection flag,
"reference" types none.  Property names match exactly, type and operation names in any case."""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property, StructuredType
from codegen.lint.catalog import RULES

GRAPH = "microsoft.graph"
Member = Property | NavigationProperty
_WHAT = {"property": "property", "navigation": "navigation property"}
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


def _show(name: str, collection: bool) -> str:
    return f"Collection({name})" if collection else name


def _similar(name: str, names: list[str], cutoff: float = 0.8) -> str | None:
    same = [n for n in names if n.lower() == name.lower()]
    return next(iter(same or difflib.get_close_matches(name, names, n=1, cutoff=cutoff)), None)


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
    for t in (t for t in model.types if t.origin in ("page", "base", "example")):
        run.compare_type(t)
    run.compare_operations()
    return sorted(run.findings, key=lambda d: (d.source, d.rule, d.message))


class _Comparison:
    """One comparison: indexes of both sides, and the findings so far."""

    def __init__(self, model: Model, csdl: Csdl, where: str) -> None:
        self.model, self.csdl, self.where = model, csdl, where
        self.docs = {t.name.lower(): t for t in model.types}
        self.below: dict[str, set[str]] = {}  # member names documented on descendants
        for t in model.types:
            for up in self.docs_chain(t)[1:]:
                self.below.setdefault(up.name.lower(), set()).update(_names(t))
        self.bound: dict[int, list[CsdlOperation]] = {}  # by id of the binding CsdlType
        self.binders: dict[str, set[str]] = {}  # operation name -> binding types
        for op in csdl.operations:
            self.bound.setdefault(id(csdl.types.get(op.binding_qualified.lower())), []).append(op)
            self.binders.setdefault(op.name.lower(), set()).add(op.binding_type)
        navs = {n.name.lower() for t in csdl.types.values() for n in t.navigation}
        self.nav_only = navs - set(self.binders)  # names no operation has
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
        out = [ct]
        while (b := self.csdl.types.get((out[-1].base_qualified or "").lower())) and b not in out:
            out.append(b)
        return out

    def docs_chain(self, t: StructuredType) -> list[StructuredType]:
        out = [t]
        while (b := self.docs.get(_short(out[-1].base_type or "").lower())) and b not in out:
            out.append(b)
        return out

    def compare_type(self, t: StructuredType) -> None:
        if (ct := self.lookup(t)) is None:
            if t.origin == "page":
                msg, short = f"{t.name} ({t.namespace}) is not in {self.where}", _short(t.name)
                elsewhere = self.csdl.types.get(short.lower())  # in another namespace
                hint = elsewhere and f"{elsewhere.namespace}.{elsewhere.name}"
                hint = hint or _similar(short, self.by_prefix.get(short[:2].lower(), []), 0.85)
                self.report("csdl-type-missing", t.source, t.name, msg, hint)
            return
        base = _short(t.base_type) if t.base_type else None
        if (base or "").lower() != (ct.base_type or "").lower() and (base or t.origin == "page"):
            theirs = ct.base_type or "none"
            msg = f"{t.name}: base {base or 'none'} in the docs, {theirs} in {self.where}"
            self.report("csdl-base-type", t.source, t.name, msg, ct.base_type)
        chain = self.chain(ct)
        props = {p.name: p for c in reversed(chain) for p in c.properties}
        navs = {p.name: p for c in reversed(chain) for p in c.navigation}
        pairs = [("property", p) for p in t.properties]
        for kind, p in pairs + [("navigation", n) for n in t.navigation_properties]:
            same, other = (props, navs) if kind == "property" else (navs, props)
            if "@" in p.name or (t.origin == "example" and p.name == "value"):
                continue  # instance annotations; collection wrappers taken for properties
            if p.name in same:
                self.compare_ref(t, p, same[p.name])
                continue
            hint = p.name if p.name in other else _similar(p.name, [*same, *other])
            moved = "structural" if other is props else "navigation"
            note = f"; there it is a {moved} one" if p.name in other else ""
            msg = f"{t.name}.{p.name}: no such {_WHAT[kind]} in {self.where}{note}"
            self.report(f"csdl-{kind}-missing", p.source, f"{t.name}.{p.name}", msg, hint)
        known = {n for d in self.docs_chain(t) for n in _names(d)}
        known |= self.below.get(t.name.lower(), set()) if t.origin == "base" else set()
        members = (("property", ct.properties), ("navigation", ct.navigation))
        for kind, found in members if t.origin != "example" else ():
            for cp in (cp for cp in found if cp.name.lower() not in known):
                msg = f"{t.name}.{cp.name}: {_WHAT[kind]} in {self.where}, not in the docs"
                self.report(f"csdl-{kind}-undocumented", t.source, f"{t.name}.{cp.name}", msg, None)

    def compare_ref(self, t: StructuredType, p: Member, cp: CsdlProperty) -> None:
        if p.type is None or (p.type.collection == cp.collection and t.origin == "example"):
            return
        docs, edm, mine = p.type, cp.type.startswith("Edm."), _show(p.type.name, p.type.collection)
        same = _short(docs.name).lower() == _short(cp.type).lower()
        if same and docs.collection == cp.collection and docs.name.startswith("Edm.") == edm:
            return
        csdl_type = _show(cp.type if edm else _short(cp.type), cp.collection)
        msg = f"{t.name}.{p.name}: {mine} in the docs, {csdl_type} in {self.where}"
        self.report("csdl-property-type", p.source, f"{t.name}.{p.name}", msg, csdl_type)

    def compare_operations(self) -> None:
        documented: set[tuple[str, str]] = set()
        for op in self.model.operations:
            dt = self.docs.get(_short(op.binding_type or "").lower())
            ct = self.lookup(dt) if dt else self.csdl.types.get((op.binding_type or "").lower())
            names = {n.lower(): n for p in op.paths if (n := _action_name(p))}
            if op.kind not in ("action", "function") or ct is None or not names:
                continue
            chain = self.chain(ct)
            bound = [o for c in chain for o in self.bound.get(id(c), [])]
            hits = [o for o in bound if o.name.lower() in names]
            documented |= {(o.name.lower(), o.binding_qualified.lower()) for o in hits}
            members = {p.name.lower() for c in chain for p in (*c.properties, *c.navigation)}
            if hits or names.keys() & (members | self.nav_only):
                continue  # a path ending in a relationship is a create or list, not an action
            name = min(names.values())
            also = ", ".join(sorted(self.binders.get(name.lower(), ()))[:3])
            also = f"; it binds it to {also}" if also else ""
            msg = f"{name} ({op.id}): not bound to {ct.name} or its bases in {self.where}{also}"
            hint = _similar(name, sorted({o.name for o in bound}))
            self.report("csdl-action-missing", op.source, f"{ct.name}.{name}", msg, hint)
        for t in self.model.types:
            ct = self.lookup(t) if t.origin == "page" else None
            for o in self.bound.get(id(ct), []) if ct else []:
                if (key := (o.name.lower(), o.binding_qualified.lower())) in documented:
                    continue
                documented.add(key)
                on = f"{t.name}{' (collection)' if o.binding_collection else ''}"
                msg = f"{o.kind} {o.name} is bound to {on} in {self.where}; no docs page has it"
                self.report("csdl-action-undocumented", t.source, f"{t.name}.{o.name}", msg, None)


def _names(t: StructuredType) -> set[str]:
    members: list[Member] = [*t.properties, *t.navigation_properties]
    return {m.name.lower() for m in members}


def _action_name(path: str) -> str | None:
    """The operation name a path ends in (None: no parent segment, or not a name)."""
    parent, _, last = path.split("?")[0].strip("/").rpartition("/")
    m = _SEGMENT.fullmatch(last)
    return m[1] if m and parent else None
