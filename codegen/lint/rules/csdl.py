"""The docs' model against the service metadata (OData CSDL).  "page" types get every rule,
"base" types all but csdl-type-missing (members of derived types count as theirs), "example"
types -property-missing, -base-type if the docs name one and -property-type's collection flag,
"reference" types none.  Property names match exactly, type and operation names in any case."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from codegen.csdl import Csdl, CsdlOperation, CsdlProperty, CsdlType, short_name, show_type
from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.enums import EnumType
from codegen.ir.model import Model
from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property, StructuredType
from codegen.lint.catalog import (
    CSDL_ACTION_MISSING,
    CSDL_ACTION_UNDOCUMENTED,
    CSDL_BASE_TYPE,
    CSDL_ENUM_MEMBER_MISSING,
    CSDL_NAVIGATION_MISSING,
    CSDL_NAVIGATION_UNDOCUMENTED,
    CSDL_PROPERTY_MISSING,
    CSDL_PROPERTY_TYPE,
    CSDL_PROPERTY_UNDOCUMENTED,
    CSDL_TYPE_MISSING,
    RULES,
)

Member = Property | NavigationProperty
_WHAT = {"property": "property", "navigation": "navigation property"}
_MISSING = {"property": CSDL_PROPERTY_MISSING, "navigation": CSDL_NAVIGATION_MISSING}
_UNDOCUMENTED = {"property": CSDL_PROPERTY_UNDOCUMENTED, "navigation": CSDL_NAVIGATION_UNDOCUMENTED}
_SEGMENT = re.compile(r"(?:microsoft\.graph\.(?:\w+\.)*)?([A-Za-z_]\w*)(?:\(.*\))?", re.IGNORECASE)


def _similar(name: str, names: list[str], cutoff: float = 0.8) -> str | None:
    same = [n for n in names if n.lower() == name.lower()]
    return next(iter(same or difflib.get_close_matches(name, names, n=1, cutoff=cutoff)), None)


def compare_with_csdl(
    model: Model, csdl: Csdl, csdl_path: str, enums: Iterable[EnumType] = ()
) -> list[Diagnostic]:
    """Findings where the docs' model differs from the service metadata; ``enums`` are the
    enum tables to compare (every page's: the model keeps one table of an enum two pages give,
    and a page may contradict the other)."""
    run = _Comparison(model, csdl, csdl_path)
    for t in (t for t in model.types if t.origin in ("page", "base", "example")):
        run.compare_type(t)
    run.compare_operations()
    for enum in enums:
        run.compare_enum(enum)
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

    def report(
        self,
        rule: str,
        at: SourceRef,
        subject: str,
        msg: str,
        hint: str | None,
        severity: Severity | None = None,
    ) -> None:
        sev = severity or RULES[rule].severity
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
        while (b := self.docs.get(short_name(out[-1].base_type or "").lower())) and b not in out:
            out.append(b)
        return out

    def compare_type(self, t: StructuredType) -> None:
        if (ct := self.lookup(t)) is None:
            if t.origin == "page":
                msg, short = f"{t.name} ({t.namespace}) is not in {self.where}", short_name(t.name)
                elsewhere = self.csdl.types.get(short.lower())  # in another namespace
                hint = elsewhere and f"{elsewhere.namespace}.{elsewhere.name}"
                hint = hint or _similar(short, self.by_prefix.get(short[:2].lower(), []), 0.85)
                self.report(CSDL_TYPE_MISSING, t.source, t.name, msg, hint)
            return
        base = short_name(t.base_type) if t.base_type else None
        if (base or "").lower() != (ct.base_type or "").lower() and (base or t.origin == "page"):
            theirs = ct.base_type or "none"
            msg = f"{t.name}: base {base or 'none'} in the docs, {theirs} in {self.where}"
            self.report(CSDL_BASE_TYPE, t.source, t.name, msg, ct.base_type)
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
            self.report(_MISSING[kind], p.source, f"{t.name}.{p.name}", msg, hint)
        known = {n for d in self.docs_chain(t) for n in _names(d)}
        known |= self.below.get(t.name.lower(), set()) if t.origin == "base" else set()
        members = (("property", ct.properties), ("navigation", ct.navigation))
        for kind, found in members if t.origin != "example" else ():
            for cp in (cp for cp in found if cp.name.lower() not in known):
                msg = f"{t.name}.{cp.name}: {_WHAT[kind]} in {self.where}, not in the docs"
                self.report(_UNDOCUMENTED[kind], t.source, f"{t.name}.{cp.name}", msg, None)

    def compare_enum(self, enum: EnumType) -> None:
        """``csdl-enum-member-missing``: each member of a documented enum (one the metadata
        has) that the metadata's enum lacks. An error when the metadata's enum also has members
        the table lacks (the two lists disagree: a member copied from another enum, misnamed);
        a warning when it spells one in another case; info when the table only adds members (a
        national cloud's metadata may lag the docs: the metadata cannot tell which is wrong)."""
        theirs = self.csdl.enums.get(enum.qualified_name.lower())
        if theirs is None:
            return  # an enum the metadata lacks (the national clouds' have no Intune enums)
        exact, by_lower = set(theirs), {m.lower(): m for m in theirs}
        # the evolvable enums' sentinel is often left out of the tables: no disagreement
        documented = {m.name.lower() for m in enum.members} | {"unknownfuturevalue"}
        unlisted = [m for m in theirs if m.lower() not in documented]
        severity = None if unlisted else Severity.INFO
        for m in enum.members:
            if m.name in exact:
                continue
            subject = f"{enum.name}.{m.name}"
            spelled = by_lower.get(m.name.lower())
            if spelled is not None:
                msg = f"{subject}: {self.where} spells the member {spelled} (enum values are "
                msg += "case-sensitive on the wire)"
                warn = Severity.WARNING
                self.report(CSDL_ENUM_MEMBER_MISSING, m.source, subject, msg, spelled, warn)
                continue
            hint = _similar(m.name, unlisted or list(theirs))
            if unlisted:
                shown = ", ".join(unlisted[:8]) + (", ..." if len(unlisted) > 8 else "")
                also = f"; it has {shown}, which the table lacks"
            else:
                also = "; the table has every member it has (the metadata may lag the docs)"
            msg = f"{subject}: no such member of {enum.name} in {self.where}{also}"
            self.report(CSDL_ENUM_MEMBER_MISSING, m.source, subject, msg, hint, severity)

    def compare_ref(self, t: StructuredType, p: Member, cp: CsdlProperty) -> None:
        if p.type is None or (p.type.collection == cp.collection and t.origin == "example"):
            return
        docs, edm, mine = (
            p.type,
            cp.type.startswith("Edm."),
            show_type(p.type.name, p.type.collection),
        )
        same = short_name(docs.name).lower() == short_name(cp.type).lower()
        if same and docs.collection == cp.collection and docs.name.startswith("Edm.") == edm:
            return
        csdl_type = show_type(cp.type if edm else short_name(cp.type), cp.collection)
        msg = f"{t.name}.{p.name}: {mine} in the docs, {csdl_type} in {self.where}"
        self.report(CSDL_PROPERTY_TYPE, p.source, f"{t.name}.{p.name}", msg, csdl_type)

    def compare_operations(self) -> None:
        documented: set[tuple[str, str]] = set()
        for op in self.model.operations:
            dt = self.docs.get(short_name(op.binding_type or "").lower())
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
            self.report(CSDL_ACTION_MISSING, op.source, f"{ct.name}.{name}", msg, hint)
        for t in self.model.types:
            ct = self.lookup(t) if t.origin == "page" else None
            for o in self.bound.get(id(ct), []) if ct else []:
                if (key := (o.name.lower(), o.binding_qualified.lower())) in documented:
                    continue
                documented.add(key)
                on = f"{t.name}{' (collection)' if o.binding_collection else ''}"
                msg = f"{o.kind} {o.name} is bound to {on} in {self.where}; no docs page has it"
                self.report(CSDL_ACTION_UNDOCUMENTED, t.source, f"{t.name}.{o.name}", msg, None)


def _names(t: StructuredType) -> set[str]:
    members: list[Member] = [*t.properties, *t.navigation_properties]
    return {m.name.lower() for m in members}


def _action_name(path: str) -> str | None:
    """The operation name a path ends in (None: no parent segment, or not a name)."""
    parent, _, last = path.split("?")[0].strip("/").rpartition("/")
    m = _SEGMENT.fullmatch(last)
    return m[1] if m and parent else None
