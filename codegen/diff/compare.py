"""Two models compared: every difference a client of the generated package could notice.

Types and enums are matched by qualified name (namespaces case-insensitive), properties by wire
name, operations by HTTP method and path (placeholders and case aside), never by the page that
states them: a page moved or renamed with the same content changes nothing, and neither do the
order of table rows, examples or (without ``descriptions``) descriptions. A removal and an
addition of names that differ only in case, or are near-identical with the same type (the same
members, for a type or an enum), are one suspected rename.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from codegen.diff.changes import Change, Side
from codegen.ir.enums import EnumMember, EnumType
from codegen.ir.model import Model
from codegen.ir.operation import Operation, Parameter
from codegen.ir.source import SourceRef
from codegen.ir.structured import DEFAULT_NAMESPACE, StructuredType
from codegen.ir.types import TypeRef

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# a literal GUID where a path template has a placeholder (an example's id copied into it)
_GUID = re.compile(
    r"(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])"
)
# headers the generated client always sends itself: never part of its API
CLIENT_HEADERS = frozenset({"authorization", "content-type", "content-length", "accept"})
NEAR = 0.85  # difflib ratio of two names that are "near-identical"
SIMILAR = 0.6  # share of property (member) names two renamed types (enums) have in common

# Widenings: every value of the old type is a value of the new one and Python types it the same.
_WIDER: dict[str, frozenset[str]] = {
    "Edm.Byte": frozenset({"Edm.Int16", "Edm.Int32", "Edm.Int64"}),
    "Edm.SByte": frozenset({"Edm.Int16", "Edm.Int32", "Edm.Int64"}),
    "Edm.Int16": frozenset({"Edm.Int32", "Edm.Int64"}),
    "Edm.Int32": frozenset({"Edm.Int64"}),
    "Edm.Single": frozenset({"Edm.Double"}),
}
_UNTYPED = frozenset({"edm.untyped", "microsoft.graph.json"})


@dataclass(frozen=True)
class Labels:
    """What each side is called (the git revision, or None for a folder / the working tree)."""

    old: str | None = None
    new: str | None = None


# a function parameter's value in a path template: an example value (period='D7', date=2017-09-01)
_ARGUMENT = re.compile(r"=(?:'[^'/]*'|[^,()'/]*)")


def norm_path(path: str) -> str:
    """A URL path as the service matches it: no query, case-insensitive, placeholders alike
    (``{id}``, a literal GUID and a function parameter's value are all ``{}``)."""
    bare = path.split("?", 1)[0].strip().rstrip("/") or "/"
    bare = _ARGUMENT.sub("={}", _PLACEHOLDER.sub("{}", bare))
    return _GUID.sub("{}", bare.lower())


def path_prefixes(norm: str) -> list[str]:
    """``/a/{}/b`` -> ``/a``, ``/a/{}``, ``/a/{}/b``."""
    parts = [p for p in norm.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def _key(namespace: str, name: str) -> str:
    return f"{namespace.lower()}.{name}"


def short(qualified: str) -> str:
    """A type's name as messages show it: bare in microsoft.graph, else qualified."""
    prefix = DEFAULT_NAMESPACE + "."
    rest = qualified[len(prefix) :]
    return rest if qualified.startswith(prefix) and "." not in rest else qualified


def ref_text(ref: TypeRef | None) -> str:
    """``Edm.String``, ``Collection(microsoft.graph.user)``, or ``(no type)``."""
    if ref is None:
        return "(no type)"
    name = ref.qualified_name
    return f"Collection({name})" if ref.collection else name


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _near(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= NEAR
        and matcher.quick_ratio() >= NEAR
        and (matcher.ratio() >= NEAR)
    )


def _overlap(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len({x.lower() for x in a} & {x.lower() for x in b}) / max(len(a), len(b))


@dataclass(frozen=True)
class _Member:
    """A structural or navigation property as the generated class has it."""

    name: str
    table: str  # "property" or "navigation"
    type: TypeRef | None
    nullable: bool
    read_only: bool
    required: bool
    description: str
    source: SourceRef
    owner: str  # qualified name of the declaring type


def _members(t: StructuredType) -> dict[str, _Member]:
    out: dict[str, _Member] = {}
    for p in t.properties:
        out.setdefault(
            p.name,
            _Member(
                p.name,
                "property",
                p.type,
                p.nullable is not False,
                bool(p.read_only),
                bool(p.required),
                p.description,
                p.source,
                t.qualified_name,
            ),
        )
    for n in t.navigation_properties:
        out.setdefault(
            n.name,
            _Member(
                n.name,
                "navigation",
                n.type,
                True,
                False,
                False,
                n.description,
                n.source,
                t.qualified_name,
            ),
        )
    return out


class _Side:
    """One model with the lookups the comparison needs."""

    def __init__(
        self, model: Model, revision: str | None, read: Callable[[str], str | None] | None
    ) -> None:
        self.model, self.revision, self._read = model, revision, read
        self._lines: dict[str, list[str]] = {}
        self.types = {_key(t.namespace, t.name): t for t in model.types}
        self.enums = {_key(e.namespace, e.name): e for e in model.enums}
        self.page_ns = {p.path: p.namespace or DEFAULT_NAMESPACE for p in model.pages}
        self._own: dict[str, dict[str, _Member]] = {}
        self._inherited: dict[str, dict[str, _Member]] = {}
        self._ancestors: dict[str, list[str]] = {}

    def locate(self, source: SourceRef, needle: str) -> SourceRef:
        """The first line of ``source``'s page holding ``needle`` (a path, a heading), where
        the page can be read; else ``source``."""
        if not needle or self._read is None:
            return source
        if source.file not in self._lines:
            self._lines[source.file] = (self._read(source.file) or "").splitlines()
        lines = self._lines[source.file]
        if needle.startswith("#"):
            hit = next((i for i, line in enumerate(lines) if line.startswith(needle)), None)
        else:
            hit = next((i for i, line in enumerate(lines) if needle in line), None)
            if hit is None:  # the docs may spell the path's case differently
                low = needle.lower()
                hit = next((i for i, line in enumerate(lines) if low in line.lower()), None)
        return SourceRef(file=source.file, line=hit + 1) if hit is not None else source

    def side(self, source: SourceRef, value: str = "") -> Side:
        return Side(source=source, value=value, revision=self.revision)

    def own(self, t: StructuredType) -> dict[str, _Member]:
        key = t.qualified_name.lower()
        if key not in self._own:
            self._own[key] = _members(t)
        return self._own[key]

    def ancestors(self, t: StructuredType) -> list[str]:
        """Qualified names (lower case) of the base types, nearest first."""
        key = t.qualified_name.lower()
        if key not in self._ancestors:
            self._ancestors[key] = [
                a.qualified_name.lower() for a in self.model.ancestors(t.qualified_name)
            ]
        return self._ancestors[key]

    def inherited(self, t: StructuredType) -> dict[str, _Member]:
        """Members the type has from its base types (nearest declaration first)."""
        key = t.qualified_name.lower()
        if key not in self._inherited:
            out: dict[str, _Member] = {}
            for a in self.model.ancestors(t.qualified_name):
                for name, m in self.own(a).items():
                    out.setdefault(name, m)
            self._inherited[key] = out
        return self._inherited[key]

    def base(self, t: StructuredType) -> str | None:
        """The base type's qualified name (as resolved), or the docs name when unresolved."""
        if not t.base_type:
            return None
        found = self.model.type(t.base_type)
        return found.qualified_name if found is not None else t.base_type

    def resolve(self, ref: TypeRef | None) -> StructuredType | None:
        if ref is None or ref.is_primitive:
            return None
        return self.model.type(ref.qualified_name)

    def namespace_of(self, op: Operation) -> str:
        return self.page_ns.get(op.source.file, DEFAULT_NAMESPACE)


def _pair_renames(
    removed: list[str],
    added: list[str],
    evidence: Callable[[str, str], bool],
    *,
    qualified: bool = False,
) -> list[tuple[str, str]]:
    """(removed, added) pairs that are one rename: case-only first, then near-identical names
    with ``evidence(removed, added)``; each name in one pair at most. ``qualified``: the names
    are namespace-qualified, and only their last parts are compared for nearness."""

    def last(name: str) -> str:
        return name.rpartition(".")[2] if qualified else name

    pairs: list[tuple[str, str]] = []
    free = list(added)
    by_lower: dict[str, list[str]] = {}
    for a in free:
        by_lower.setdefault(a.lower(), []).append(a)
    rest = []
    for r in removed:
        same = by_lower.get(r.lower())
        if same:
            a = same.pop(0)
            free.remove(a)
            pairs.append((r, a))
        else:
            rest.append(r)
    for r in rest:
        best = max(
            (a for a in free if _near(last(r), last(a)) and evidence(r, a)),
            key=lambda a: difflib.SequenceMatcher(None, last(r).lower(), last(a).lower()).ratio(),
            default=None,
        )
        if best is not None:
            free.remove(best)
            pairs.append((r, best))
    return pairs


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _placeholder(t: StructuredType, other: _Side) -> bool:
    """True for a type no page defines that the other side defines as an enum, or whose name
    is not an identifier."""
    if t.origin == "page":
        return False
    return not _IDENTIFIER.fullmatch(t.name) or other.model.enum(t.qualified_name) is not None


def _same_ref(a: TypeRef | None, b: TypeRef | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.qualified_name.lower() == b.qualified_name.lower() and a.collection == b.collection


class Comparison:
    """The changes from ``old`` to ``new`` (``changes()``)."""

    def __init__(
        self,
        old: Model,
        new: Model,
        labels: Labels = Labels(),
        *,
        descriptions: bool = False,
        read: tuple[Callable[[str], str | None] | None, Callable[[str], str | None] | None] = (
            None,
            None,
        ),
    ) -> None:
        """``read``: each side's page text by page name (to point at the line of a path)."""
        self.o, self.n = _Side(old, labels.old, read[0]), _Side(new, labels.new, read[1])
        self.descriptions = descriptions
        self.out: list[Change] = []
        self.type_renames: dict[str, str] = {}  # old key -> new key
        self.renamed: dict[str, str] = {}  # old qualified name -> new one, both lower case

    # --- helpers ---------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        subject: str,
        message: str,
        namespace: str,
        *,
        old: Side | None = None,
        new: Side | None = None,
        anchor: Side | None = None,
        keys: Iterable[str] = (),
    ) -> None:
        self.out.append(
            Change(
                kind=kind,
                subject=subject,
                message=message,
                namespace=namespace,
                old=old,
                new=new,
                anchor=anchor,
                keys=tuple(dict.fromkeys(keys)),
            )
        )

    def changes(self) -> list[Change]:
        self._types()
        self._enums()
        self._operations()
        # a removal is reported in the new docs: on the page that held it, when it is still
        # there under the same name (a revision against the working tree)
        pages = {p.path: p.source for p in self.n.model.pages}
        for c in self.out:
            held = c.old is not None and c.old.source.file in pages
            if c.new is None and c.anchor is None and c.old is not None and held:
                c.anchor = self.n.side(pages[c.old.source.file])
        return sorted(self.out, key=Change.sort_key)

    # --- types -----------------------------------------------------------------------------

    def _types(self) -> None:
        o, n = self.o, self.n
        # a type only referenced or shown by an example is no definition: one the other side
        # defines as an enum, or one not even named like a type (``String (timestamp)``), is
        # no change
        removed = [k for k in o.types if k not in n.types and not _placeholder(o.types[k], n)]
        added = [k for k in n.types if k not in o.types and not _placeholder(n.types[k], o)]

        def props(side: _Side, key: str) -> set[str]:
            return set(side.own(side.types[key]))

        def evidence(r: str, a: str) -> bool:
            same_ns = r.rpartition(".")[0] == a.rpartition(".")[0]
            return same_ns and _overlap(props(o, r), props(n, a)) >= SIMILAR

        pairs = _pair_renames(removed, added, evidence, qualified=True)
        taken_r, taken_a = {r for r, _ in pairs}, {a for _, a in pairs}
        # the same page defining the type under another name, with the same properties
        by_page: dict[str, list[str]] = {}
        for a in added:
            t = n.types[a]
            if a not in taken_a and t.origin == "page":
                by_page.setdefault(t.source.file.rpartition("/")[2], []).append(a)
        for r in removed:
            t = o.types[r]
            if r in taken_r or t.origin != "page":
                continue
            for a in by_page.get(t.source.file.rpartition("/")[2], []):
                if a not in taken_a and _overlap(props(o, r), props(n, a)) >= SIMILAR:
                    pairs.append((r, a))
                    taken_r.add(r)
                    taken_a.add(a)
                    break
        # the same type moved to another namespace: same bare name, same properties
        moved: dict[str, list[str]] = {}
        for a in added:
            if a not in taken_a:
                moved.setdefault(a.rpartition(".")[2].lower(), []).append(a)
        for r in removed:
            if r in taken_r:
                continue
            for a in moved.get(r.rpartition(".")[2].lower(), []):
                if a not in taken_a and _overlap(props(o, r), props(n, a)) >= 0.5:
                    pairs.append((r, a))
                    taken_r.add(r)
                    taken_a.add(a)
                    break
        for r, a in pairs:
            ot, nt = o.types[r], n.types[a]
            self.type_renames[r] = a
            self.renamed[ot.qualified_name.lower()] = nt.qualified_name.lower()
            self.add(
                "type-renamed",
                nt.qualified_name,
                f"type {short(ot.qualified_name)} is now {short(nt.qualified_name)} "
                "(suspected rename)",
                nt.namespace,
                old=o.side(ot.source, ot.qualified_name),
                new=n.side(nt.source, nt.qualified_name),
                keys=[f"type:{ot.qualified_name.lower()}", f"type:{nt.qualified_name.lower()}"],
            )
        for r in removed:
            if r in taken_r:
                continue
            t = o.types[r]
            self.add(
                "type-removed",
                t.qualified_name,
                f"type {short(t.qualified_name)} removed",
                t.namespace,
                old=o.side(t.source, t.qualified_name),
                keys=[f"type:{t.qualified_name.lower()}"],
            )
        for a in added:
            if a in taken_a:
                continue
            t = n.types[a]
            self.add(
                "type-added",
                t.qualified_name,
                f"type {short(t.qualified_name)} added",
                t.namespace,
                new=n.side(t.source, t.qualified_name),
                keys=[f"type:{t.qualified_name.lower()}"],
            )
        for key, ot in o.types.items():
            target = key if key in n.types else self.type_renames.get(key)
            if target is not None:
                self._type(ot, n.types[target])

    def _type(self, ot: StructuredType, nt: StructuredType) -> None:
        o, n = self.o, self.n
        q, ns = nt.qualified_name, nt.namespace
        # a type known only from an example or a reference has no stated base or kind
        stated = ot.origin in ("page", "base") and nt.origin in ("page", "base")
        based = self._base(ot, nt) if stated else False  # a kind follows from the base type
        # the docs never say entity or complex: a key declared on one side only is what does
        keyed = bool(ot.key_property) != bool(nt.key_property)
        if ot.kind != nt.kind and ot.origin == nt.origin == "page" and keyed and not based:
            self.add(
                "type-kind-changed",
                q,
                f"{short(q)} was an {ot.kind} type, now a {nt.kind} type",
                ns,
                old=o.side(ot.source, ot.kind),
                new=n.side(nt.source, nt.kind),
                keys=(),
            )
        if ot.open_type and not nt.open_type:
            self.add(
                "open-type-removed",
                q,
                f"{short(q)} is no longer an open type",
                ns,
                old=o.side(ot.source, "open"),
                new=n.side(nt.source, "closed"),
                keys=(),
            )
        elif nt.open_type and not ot.open_type:
            self.add(
                "open-type-added",
                q,
                f"{short(q)} is now an open type",
                ns,
                old=o.side(ot.source, "closed"),
                new=n.side(nt.source, "open"),
                keys=(),
            )
        if (
            ot.key_property
            and nt.key_property
            and ot.key_property.lower() != nt.key_property.lower()
        ):
            self.add(
                "key-changed",
                q,
                f"{short(q)}'s key was {ot.key_property}, now {nt.key_property}",
                ns,
                old=o.side(ot.source, ot.key_property),
                new=n.side(nt.source, nt.key_property),
                keys=(),
            )
        if self.descriptions and not _same_text(ot.description, nt.description):
            self.add(
                "description-changed",
                q,
                f"the description of {short(q)} changed",
                ns,
                old=o.side(ot.source, ot.description),
                new=n.side(nt.source, nt.description),
                keys=(),
            )
        self._members(ot, nt, based)

    def _base(self, ot: StructuredType, nt: StructuredType) -> bool:
        """Report a change of base type; True when there is one."""
        o, n = self.o, self.n
        q, ns = nt.qualified_name, nt.namespace
        ob, nb = o.base(ot), n.base(nt)
        if ob is None and nb is None:
            return False
        if (
            ob is not None
            and nb is not None
            and nb.lower() in (ob.lower(), self.renamed.get(ob.lower()))
        ):
            return False
        keys = [f"base:{ot.qualified_name.lower()}", f"base:{q.lower()}"]
        old = o.side(ot.base_type_source or ot.source, ob or "")
        new = n.side(nt.base_type_source or nt.source, nb or "")
        if ob is None:
            self.add(
                "base-type-added",
                q,
                f"{short(q)} now derives from {short(nb or '')}",
                ns,
                old=old,
                new=new,
                keys=keys,
            )
        elif nb is None:
            self.add(
                "base-type-removed",
                q,
                f"{short(q)} no longer derives from {short(ob)}",
                ns,
                old=old,
                new=new,
                keys=keys,
            )
        elif ob.lower() in n.ancestors(nt):
            self.add(
                "base-type-inserted",
                q,
                f"{short(q)} derives from {short(nb)}, which derives from {short(ob)}",
                ns,
                old=old,
                new=new,
                keys=keys,
            )
        else:
            self.add(
                "base-type-changed",
                q,
                f"{short(q)} derived from {short(ob)}, now from {short(nb)}",
                ns,
                old=old,
                new=new,
                keys=keys,
            )
        return True

    def _members(self, ot: StructuredType, nt: StructuredType, based: bool = False) -> None:
        """Compare the members; ``based``: the base type changed (a member it moved to the
        new base is told there)."""
        o, n = self.o, self.n
        q, ns = nt.qualified_name, nt.namespace
        old_own, new_own = o.own(ot), n.own(nt)
        old_inh, new_inh = o.inherited(ot), n.inherited(nt)
        oq, nq = ot.qualified_name.lower(), q.lower()
        removed, added = [], []
        for name, om in old_own.items():
            if name in new_own:
                self._member(q, ns, om, new_own[name])
            elif name in new_inh:
                nm = new_inh[name]
                if not based:
                    self.add(
                        "property-moved",
                        f"{q}.{name}",
                        f"{short(q)}.{name} moved to its base type {short(nm.owner)}",
                        ns,
                        old=o.side(om.source),
                        new=n.side(nm.source),
                        keys=[f"property:{oq}.{name}", f"property:{nm.owner.lower()}.{name}"],
                    )
                self._member(q, ns, om, nm, flags=False)
            else:
                removed.append(name)
        for name, nm in new_own.items():
            if name in old_own:
                continue
            if name in old_inh:  # what another page said of the base's property: type only
                self._member(q, ns, old_inh[name], nm, flags=False)
            else:
                added.append(name)

        def evidence(r: str, a: str) -> bool:
            return old_own[r].table == new_own[a].table and _same_ref(
                old_own[r].type, new_own[a].type
            )

        pairs = _pair_renames(removed, added, evidence)
        for r, a in pairs:
            om, nm = old_own[r], new_own[a]
            prefix = "navigation" if nm.table == "navigation" else "property"
            self.add(
                f"{prefix}-renamed",
                f"{q}.{a}",
                f"{short(q)}.{r} is now {a} (suspected rename)",
                ns,
                old=o.side(om.source, r),
                new=n.side(nm.source, a),
                keys=[f"property:{oq}.{r}", f"property:{nq}.{a}"],
            )
            self._member(q, ns, om, nm, renamed=True)
        taken_r, taken_a = {r for r, _ in pairs}, {a for _, a in pairs}
        for r in removed:
            if r in taken_r:
                continue
            om = old_own[r]
            prefix = "navigation" if om.table == "navigation" else "property"
            self.add(
                f"{prefix}-removed",
                f"{q}.{r}",
                f"{short(q)}.{r} removed (was {ref_text(om.type)})",
                ns,
                old=o.side(om.source, ref_text(om.type)),
                anchor=n.side(nt.source),
                keys=[f"property:{oq}.{r}"],
            )
        for a in added:
            if a in taken_a:
                continue
            nm = new_own[a]
            prefix = "navigation" if nm.table == "navigation" else "property"
            self.add(
                f"{prefix}-added",
                f"{q}.{a}",
                f"{short(q)}.{a} added ({ref_text(nm.type)})",
                ns,
                new=n.side(nm.source, ref_text(nm.type)),
                keys=[f"property:{nq}.{a}"],
            )

    def _member(
        self,
        q: str,
        ns: str,
        om: _Member,
        nm: _Member,
        *,
        renamed: bool = False,
        flags: bool = True,
    ) -> None:
        """Compare a member of both sides (``flags``: its nullability, read-only and required
        status too)."""
        o, n = self.o, self.n
        subject = f"{q}.{nm.name}"
        label = f"{short(q)}.{nm.name}"
        keys = [f"property:{om.owner.lower()}.{om.name}", f"property:{nm.owner.lower()}.{nm.name}"]
        keys += [f"property:{q.lower()}.{om.name}", f"property:{q.lower()}.{nm.name}"]
        nav = om.table == nm.table == "navigation"
        prefix = "navigation" if nav else "property"

        def report(kind: str, message: str, old: str, new: str) -> None:
            self.add(
                kind,
                subject,
                message,
                ns,
                old=o.side(om.source, old),
                new=n.side(nm.source, new),
                keys=keys,
            )

        kind = self._type_change(om.type, nm.type)
        if kind is not None:
            was, now = ref_text(om.type), ref_text(nm.type)
            what = {"changed": "changed", "widened": "widened", "collection": "changed"}[kind]
            report(
                f"{prefix}-type-{kind}" if kind != "collection" else f"{prefix}-collection-changed",
                f"{label}'s type {what} from {was} to {now}",
                was,
                now,
            )
        if not nav and flags:
            if om.nullable and not nm.nullable:
                report(
                    "property-nullable-removed",
                    f"{label} is no longer nullable",
                    "nullable",
                    "not nullable",
                )
            elif nm.nullable and not om.nullable:
                report(
                    "property-nullable-added",
                    f"{label} is now nullable",
                    "not nullable",
                    "nullable",
                )
            if nm.read_only and not om.read_only:
                report(
                    "property-read-only-added", f"{label} is now read-only", "writable", "read-only"
                )
            elif om.read_only and not nm.read_only:
                report(
                    "property-read-only-removed",
                    f"{label} is no longer read-only",
                    "read-only",
                    "writable",
                )
            if nm.required and not om.required:
                report(
                    "property-required-added", f"{label} is now required", "optional", "required"
                )
            elif om.required and not nm.required:
                report(
                    "property-required-removed",
                    f"{label} is no longer required",
                    "required",
                    "optional",
                )
        if self.descriptions and not _same_text(om.description, nm.description):
            report(
                "description-changed",
                f"the description of {label} changed",
                om.description,
                nm.description,
            )

    def _type_change(self, a: TypeRef | None, b: TypeRef | None) -> str | None:
        """None (the same), "widened", "collection" or "changed"."""
        if a is None and b is None:
            return None
        if a is None:
            return "changed"  # now typed: narrower than any value
        if b is None:
            return "widened"  # no longer typed: any value
        an, bn = a.qualified_name, b.qualified_name
        same_name = an.lower() == bn.lower()
        if not same_name:
            same_name = self.renamed.get(an.lower()) == bn.lower()
        if same_name:
            return None if a.collection == b.collection else "collection"
        if a.collection != b.collection:
            return "changed"
        if bn in _WIDER.get(an, ()) or bn.lower() in _UNTYPED:
            return "widened"
        if not a.is_primitive and bn == "Edm.String" and self.o.model.enum(an) is not None:
            return "widened"  # an enum to String: every member is a string
        return "changed"

    # --- enums -----------------------------------------------------------------------------

    def _enums(self) -> None:
        o, n = self.o, self.n
        removed = [k for k in o.enums if k not in n.enums]
        added = [k for k in n.enums if k not in o.enums]

        def names(side: _Side, key: str) -> set[str]:
            return {m.name for m in side.enums[key].members}

        def evidence(r: str, a: str) -> bool:
            same_ns = r.rpartition(".")[0] == a.rpartition(".")[0]
            return same_ns and _overlap(names(o, r), names(n, a)) >= SIMILAR

        pairs = _pair_renames(removed, added, evidence, qualified=True)
        taken_r, taken_a = {r for r, _ in pairs}, {a for _, a in pairs}
        bare: dict[str, list[str]] = {}
        for a in added:
            if a not in taken_a:
                bare.setdefault(a.rpartition(".")[2].lower(), []).append(a)
        for r in removed:
            if r in taken_r:
                continue
            for a in bare.get(r.rpartition(".")[2].lower(), []):
                if a not in taken_a and _overlap(names(o, r), names(n, a)) >= 0.5:
                    pairs.append((r, a))
                    taken_r.add(r)
                    taken_a.add(a)
                    break
        renames = dict(pairs)
        for r, a in pairs:
            oe, ne = o.enums[r], n.enums[a]
            self.add(
                "enum-renamed",
                ne.qualified_name,
                f"enum {short(oe.qualified_name)} is now {short(ne.qualified_name)} "
                "(suspected rename)",
                ne.namespace,
                old=o.side(oe.source, oe.qualified_name),
                new=n.side(ne.source, ne.qualified_name),
                keys=[f"enum:{oe.qualified_name.lower()}", f"enum:{ne.qualified_name.lower()}"],
            )
        for r in removed:
            if r not in taken_r:
                e = o.enums[r]
                self.add(
                    "enum-removed",
                    e.qualified_name,
                    f"enum {short(e.qualified_name)} removed",
                    e.namespace,
                    old=o.side(e.source, e.qualified_name),
                    keys=[f"enum:{e.qualified_name.lower()}"],
                )
        for a in added:
            if a not in taken_a:
                e = n.enums[a]
                self.add(
                    "enum-added",
                    e.qualified_name,
                    f"enum {short(e.qualified_name)} added",
                    e.namespace,
                    new=n.side(e.source, e.qualified_name),
                    keys=[f"enum:{e.qualified_name.lower()}"],
                )
        for key, oe in o.enums.items():
            target = key if key in n.enums else renames.get(key)
            if target is not None:
                self._enum(oe, n.enums[target])

    def _enum(self, oe: EnumType, ne: EnumType) -> None:
        o, n = self.o, self.n
        q, ns = ne.qualified_name, ne.namespace
        om: dict[str, EnumMember] = {}
        for m in oe.members:
            om.setdefault(m.name, m)
        nm: dict[str, EnumMember] = {}
        for m in ne.members:
            nm.setdefault(m.name, m)
        removed = [k for k in om if k not in nm]
        added = [k for k in nm if k not in om]
        pairs = _pair_renames(removed, added, lambda r, a: False)
        for r, a in pairs:
            self.add(
                "enum-member-renamed",
                f"{q}.{a}",
                f"{short(q)} member {r} is now {a} (suspected rename)",
                ns,
                old=o.side(om[r].source, r),
                new=n.side(nm[a].source, a),
                keys=[f"member:{oe.qualified_name.lower()}.{r}", f"member:{q.lower()}.{a}"],
            )
        taken_r, taken_a = {r for r, _ in pairs}, {a for _, a in pairs}
        for r in removed:
            if r not in taken_r:
                self.add(
                    "enum-member-removed",
                    f"{q}.{r}",
                    f"{short(q)} member {r} removed",
                    ns,
                    old=o.side(om[r].source, r),
                    anchor=n.side(ne.source),
                    keys=[f"member:{oe.qualified_name.lower()}.{r}"],
                )
        for a in added:
            if a not in taken_a:
                self.add(
                    "enum-member-added",
                    f"{q}.{a}",
                    f"{short(q)} member {a} added",
                    ns,
                    new=n.side(nm[a].source, a),
                    keys=[f"member:{q.lower()}.{a}"],
                )
        if self.descriptions:
            for name in om.keys() & nm.keys():
                if not _same_text(om[name].description, nm[name].description):
                    self.add(
                        "description-changed",
                        f"{q}.{name}",
                        f"the description of {short(q)} member {name} changed",
                        ns,
                        old=o.side(om[name].source, om[name].description),
                        new=n.side(nm[name].source, nm[name].description),
                        keys=(),
                    )

    # --- operations ------------------------------------------------------------------------

    def _operations(self) -> None:
        o, n = self.o, self.n
        self._old_paths = {(op.method, norm_path(p)) for op in o.model.operations for p in op.paths}
        self._new_paths = {(op.method, norm_path(p)) for op in n.model.operations for p in op.paths}
        for op_old, op_new in _match_operations(o.model.operations, n.model.operations):
            if op_old is None and op_new is not None:
                self.add(
                    "operation-added",
                    _op_subject(op_new),
                    f"operation {_op_subject(op_new)} added ({op_new.title})",
                    n.namespace_of(op_new),
                    new=n.side(n.locate(op_new.source, op_new.path), _op_subject(op_new)),
                    keys=_op_keys(op_new, prefixes=True),
                )
            elif op_new is None and op_old is not None:
                self.add(
                    "operation-removed",
                    _op_subject(op_old),
                    f"operation {_op_subject(op_old)} removed ({op_old.title})",
                    o.namespace_of(op_old),
                    old=o.side(o.locate(op_old.source, op_old.path), _op_subject(op_old)),
                    keys=_op_keys(op_old, prefixes=True),
                )
            elif op_old is not None and op_new is not None:
                self._operation(op_old, op_new)

    def _operation(self, oo: Operation, no: Operation) -> None:
        o, n = self.o, self.n
        subject, ns = _op_subject(no), n.namespace_of(no)
        keys = _op_keys(oo, prefixes=True) + _op_keys(no, prefixes=True)

        def report(
            kind: str,
            message: str,
            was: str,
            now: str,
            *,
            near: str = "",
            extra: Iterable[str] = (),
        ) -> None:
            self.add(
                kind,
                subject,
                message,
                ns,
                old=o.side(o.locate(oo.source, near), was),
                new=n.side(n.locate(no.source, near), now),
                keys=[*keys, *extra],
            )

        if oo.method != no.method:
            report(
                "operation-method-changed",
                f"{_op_subject(oo)} is now {no.method} {no.path}",
                oo.method,
                no.method,
                near=no.path,
            )
        if not (oo.inferred or no.inferred):  # an inferred operation's paths are conventions
            self._paths(oo, no, subject, ns, keys)
        ob, nb = _body_type(oo), _body_type(no)
        if ob is not None and nb is not None and not self._same(ob, nb):
            widened = self._is_base(nb, ob, n)
            report(
                "request-body-type-widened" if widened else "request-body-type-changed",
                f"{subject} takes {ref_text(nb)}, was {ref_text(ob)}",
                ref_text(ob),
                ref_text(nb),
                near="## Request body",
            )
        orr, nr = oo.response_type, no.response_type
        if orr is not None and nr is not None and not self._same(orr, nr):
            refined = self._is_base(orr, nr, n)
            report(
                "response-type-refined" if refined else "response-type-changed",
                f"{subject} returns {ref_text(nr)}, was {ref_text(orr)}",
                ref_text(orr),
                ref_text(nr),
                near="## Response",
            )
        if not (oo.inferred or no.inferred):
            self._parameters(oo, no, subject, ns, keys)
        if self.descriptions and not _same_text(oo.description, no.description):
            report(
                "description-changed",
                f"the description of {subject} changed",
                oo.description,
                no.description,
            )

    def _paths(self, oo: Operation, no: Operation, subject: str, ns: str, keys: list[str]) -> None:
        o, n = self.o, self.n
        old_paths = {norm_path(p): p for p in reversed(oo.paths)}
        new_paths = {norm_path(p): p for p in reversed(no.paths)}
        for key, path in old_paths.items():
            # a path another operation of the same method takes is still there
            if key in new_paths or (oo.method, key) in self._new_paths:
                continue
            self.add(
                "path-removed",
                f"{oo.method} {path.split('?', 1)[0]}",
                f"{oo.method} {path} removed: {no.title} no longer takes this path",
                ns,
                old=o.side(o.locate(oo.source, path), path),
                anchor=n.side(n.locate(no.source, no.path)),
                keys=[f"op:{oo.method} {key}", *(f"prefix:{p}" for p in path_prefixes(key))],
            )
        for key, path in new_paths.items():
            if key in old_paths or (no.method, key) in self._old_paths:
                continue
            self.add(
                "path-added",
                f"{no.method} {path.split('?', 1)[0]}",
                f"{no.method} {path} added for {no.title}",
                ns,
                new=n.side(n.locate(no.source, path), path),
                keys=[f"op:{no.method} {key}", *(f"prefix:{p}" for p in path_prefixes(key))],
            )

    def _same(self, a: TypeRef, b: TypeRef) -> bool:
        if a.collection != b.collection:
            return False
        an, bn = a.qualified_name.lower(), b.qualified_name.lower()
        return an == bn or self.renamed.get(an) == bn

    def _is_base(self, base: TypeRef, derived: TypeRef, side: _Side) -> bool:
        """True when ``base`` is one of ``derived``'s base types (same collection-ness)."""
        if base.collection != derived.collection:
            return False
        t = side.resolve(derived)
        return t is not None and base.qualified_name.lower() in side.ancestors(t)

    def _body_names(self, side: _Side, op: Operation) -> set[str] | None:
        """What a request body may hold when its page has no table: the body type's
        properties (None when it has no type either)."""
        t = side.resolve(_body_type(op))
        if t is None:
            return None
        return {*side.own(t), *side.inherited(t)}

    def _parameters(
        self, oo: Operation, no: Operation, subject: str, ns: str, keys: list[str]
    ) -> None:
        o, n = self.o, self.n
        for location, prefix, label in (
            ("body", "request-property", "body"),
            ("query", "query-parameter", "query"),
            ("header", "header", "header"),
        ):
            fold = location != "body"  # header and query names are case-insensitive

            op_, np_ = _by_name(oo, location, fold), _by_name(no, location, fold)
            removed = [k for k in op_ if k not in np_]
            added = [k for k in np_ if k not in op_]
            if location == "body" and not np_ and op_:
                # no table on the new page: the body type's properties are what it takes
                allowed = self._body_names(n, no)
                removed = [k for k in removed if allowed is not None and k not in allowed]
            if location == "body" and not op_ and np_:
                allowed = self._body_names(o, oo)
                added = [k for k in added if allowed is not None and k not in allowed]
            pairs = _pair_renames(removed, added, lambda r, a: False) if not fold else []
            for r, a in pairs:
                self.add(
                    f"{prefix}-renamed",
                    f"{subject} {label}:{np_[a].name}",
                    f"{subject}: {label} {op_[r].name} is now {np_[a].name} (suspected rename)",
                    ns,
                    old=o.side(op_[r].source, op_[r].name),
                    new=n.side(np_[a].source, np_[a].name),
                    keys=keys,
                )
                self._parameter(
                    op_[r], np_[a], prefix, f"{subject} {label}:{np_[a].name}", ns, keys
                )
            taken_r, taken_a = {r for r, _ in pairs}, {a for _, a in pairs}
            for r in removed:
                if r in taken_r:
                    continue
                p = op_[r]
                self.add(
                    f"{prefix}-removed",
                    f"{subject} {label}:{p.name}",
                    f"{subject}: {label} {p.name} removed",
                    ns,
                    old=o.side(p.source, p.name),
                    anchor=n.side(n.locate(no.source, _SECTION[location])),
                    keys=keys,
                )
            for a in added:
                if a in taken_a:
                    continue
                p = np_[a]
                required = bool(p.required)
                self.add(
                    f"{prefix}-added-required" if required else f"{prefix}-added",
                    f"{subject} {label}:{p.name}",
                    f"{subject}: {'required' if required else 'optional'} {label} {p.name} added",
                    ns,
                    new=n.side(p.source, p.name),
                    keys=keys,
                )
            for k in sorted(op_.keys() & np_.keys()):
                self._parameter(
                    op_[k], np_[k], prefix, f"{subject} {label}:{np_[k].name}", ns, keys
                )

    def _parameter(
        self, a: Parameter, b: Parameter, prefix: str, subject: str, ns: str, keys: list[str]
    ) -> None:
        o, n = self.o, self.n
        name = subject.rpartition(" ")[2]

        def report(kind: str, message: str, was: str, now: str) -> None:
            self.add(
                kind,
                subject,
                message,
                ns,
                old=o.side(a.source, was),
                new=n.side(b.source, now),
                keys=keys,
            )

        if bool(b.required) and not a.required:
            report(
                f"{prefix}-required-added",
                f"{subject.rpartition(' ')[0]}: {name} is now " "required",
                "optional",
                "required",
            )
        elif bool(a.required) and not b.required:
            report(
                f"{prefix}-required-removed",
                f"{subject.rpartition(' ')[0]}: {name} is no " "longer required",
                "required",
                "optional",
            )
        change = (
            self._type_change(a.type, b.type) if a.type is not None and b.type is not None else None
        )
        if prefix == "request-property" and change in ("changed", "collection"):
            report(
                "request-property-type-changed",
                f"{subject.rpartition(' ')[0]}: {name}'s type changed from "
                f"{ref_text(a.type)} to {ref_text(b.type)}",
                ref_text(a.type),
                ref_text(b.type),
            )
        if self.descriptions and not _same_text(a.description, b.description):
            report(
                "description-changed",
                f"the description of {subject} changed",
                a.description,
                b.description,
            )


def _by_name(op: Operation, location: str, fold: bool) -> dict[str, Parameter]:
    """An operation's parameters of one location by name (folded to lower case for headers
    and query parameters); headers the client always sends itself are left out."""
    out: dict[str, Parameter] = {}
    for p in op.parameters:
        if p.location != location:
            continue
        if location == "header" and p.name.lower() in CLIENT_HEADERS:
            continue
        out.setdefault(p.name.lower() if fold else p.name, p)
    return out


_SECTION = {"body": "## Request body", "query": "## Optional query", "header": "## Request headers"}


def _body_type(op: Operation) -> TypeRef | None:
    """The request body's type as the generator takes it (create/update: else the response)."""
    if op.request_body_type is not None:
        return op.request_body_type
    return op.response_type if op.kind in ("create", "update") else None


def _op_subject(op: Operation) -> str:
    return f"{op.method} {op.path.split('?', 1)[0]}"


def _op_keys(op: Operation, *, prefixes: bool = False) -> list[str]:
    keys = []
    for path in op.paths:
        norm = norm_path(path)
        keys.append(f"op:{op.method} {norm}")
        if prefixes:
            keys += [f"prefix:{p}" for p in path_prefixes(norm)]
    return keys


def _match_operations(
    old: Iterable[Operation], new: Iterable[Operation]
) -> Iterator[tuple[Operation | None, Operation | None]]:
    """Pairs of the same operation: by method and canonical path, then by any of their paths;
    an operation left over whose method and path another one of the other side has is a
    duplicate page of it (paired with it, or dropped when new); then by page name; then the
    unmatched ones of each side alone."""
    old_left = sorted(old, key=lambda op: (op.id, op.path))
    new_all = sorted(new, key=lambda op: (op.id, op.path))
    new_left = list(new_all)

    def canonical(op: Operation) -> list[tuple[str, str]]:
        return [(op.method, norm_path(op.path))]

    def every(op: Operation) -> list[tuple[str, str]]:
        return [(op.method, norm_path(p)) for p in op.paths]

    def by_id(op: Operation) -> list[tuple[str, str]]:
        # an inferred operation (a Methods row linking a page that is missing) is no page
        return [("inferred" if op.inferred else "", op.id)]

    def index_of(
        ops: list[Operation], keys_of: Callable[[Operation], list[tuple[str, str]]]
    ) -> dict[tuple[str, str], list[Operation]]:
        index: dict[tuple[str, str], list[Operation]] = {}
        for op in ops:
            for key in keys_of(op):
                index.setdefault(key, []).append(op)
        return index

    pairs: list[tuple[Operation, Operation]] = []

    def pages(ops: list[Operation]) -> Counter[tuple[str, str]]:
        """How many pages describe each method and path (inferred operations aside)."""
        return Counter(key for op in ops if not op.inferred for key in set(every(op)))

    shared = pages(old_left) + pages(new_all)
    new_pages = pages(new_all)
    old_pages = shared - new_pages

    def one_to_one(
        keys_of: Callable[[Operation], list[tuple[str, str]]], *, unique: bool = False
    ) -> None:
        """Pair by ``keys_of``; ``unique``: only where one page on each side has the key (a
        path several pages describe pairs no two of them but by page name)."""
        nonlocal old_left, new_left
        index = index_of(new_left, keys_of)
        used: set[int] = set()
        still: list[Operation] = []
        for op in old_left:
            candidates = [
                c
                for key in keys_of(op)
                if not unique or (old_pages[key] <= 1 and new_pages[key] <= 1)
                for c in index.get(key, ())
                if id(c) not in used
            ]
            if not candidates:
                still.append(op)
                continue
            # a page describing it before the Methods table's inferred one, the same page first
            best = min(candidates, key=lambda c: (c.inferred != op.inferred, c.id != op.id))
            used.add(id(best))
            pairs.append((op, best))
        old_left = still
        new_left = [op for op in new_left if id(op) not in used]

    # an inferred operation has the name of the page a Methods table links to: no page
    def canonical_page(op: Operation) -> list[tuple[str, str]]:
        return [] if op.inferred else [(f"{op.method} {op.id}", norm_path(op.path))]

    def every_page(op: Operation) -> list[tuple[str, str]]:
        return [] if op.inferred else [(f"{op.method} {op.id}", norm_path(p)) for p in op.paths]

    for keys_of in (canonical_page, every_page):
        one_to_one(keys_of)
    for keys_of in (canonical, every):
        one_to_one(keys_of, unique=True)
    # duplicates: several pages describing one method and path (Intune's per-area copies).
    # The operation is there; its facts are compared only with the same page's
    everything_new = index_of(new_all, every)
    still = []
    for op in old_left:
        twins = [c for key in every(op) for c in everything_new.get(key, ())]
        if not twins:
            still.append(op)
            continue
        same = next((c for c in twins if c.id == op.id), None)
        if same is not None:
            pairs.append((op, same))
    old_left = still
    everything_old = index_of([a for a, _ in pairs] + old_left, every)
    new_left = [op for op in new_left if not any(k in everything_old for k in every(op))]
    one_to_one(by_id)
    for a, b in pairs:
        yield a, b
    for a in old_left:
        yield a, None
    for b in new_left:
        yield None, b
