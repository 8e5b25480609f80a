"""The generated package's public names, from the generator's own specs and naming, and
what a docs change does to them.

Every name is what a user's code writes: classes (``ExactMatchSession``), fields with the
ones inherited (``ExactMatchSession.datastore_id``), enum members (``SessionState.READY``),
builder accessors and methods from the client down
(``client.data_classification.exact_match_data_stores.by_id(exact_match_data_store_id)
.sessions.list()``). Names come from ``model_specs``, ``enum_specs`` and ``build_tree``, so they
are the ones ``codegen generate`` writes, numbering of clashes (``list_2``) included.

Each name carries ``keys`` naming the docs facts it comes from, most specific first
(``property:microsoft.graph.x.name``, ``base:...``, ``type:...``, ``op:GET /a/{}``,
``prefix:/a``); a docs change carries the keys of the facts it changes. A name that changed
is listed under the docs change sharing its most specific key; a name no docs change explains
(a clash renumbered, a name shifted by another addition) becomes a change of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from codegen.diff.changes import Change, Side
from codegen.diff.compare import norm_path
from codegen.generate.client_tree import Node, build_tree
from codegen.generate.model_specs import FieldSpec, ModelSpec, enum_specs, model_specs, type_names
from codegen.ir.model import Model
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import DEFAULT_NAMESPACE

_MODELS_REF = re.compile(r"models\.(\w+)")


@dataclass(frozen=True)
class ApiName:
    """One public name of the generated package."""

    name: str
    kind: str  # class, enum, field, member, accessor, method
    signature: str  # its type, as the generated code annotates it
    keys: tuple[str, ...]
    namespace: str
    source: SourceRef | None


def surface(model: Model) -> dict[str, ApiName]:
    """Every public name of the package generated from ``model``."""
    names = type_names(model)
    specs = model_specs(model, names)
    enums = enum_specs(model, names)
    by_class = {c: q for c, q in names.models.values()} | {c: q for c, q in names.enums.values()}
    sources: dict[str, SourceRef] = {}
    for t in model.types:
        sources[f"type:{t.qualified_name.lower()}"] = t.source
        for p in t.properties:
            sources.setdefault(f"property:{t.qualified_name.lower()}.{p.name}", p.source)
        for n in t.navigation_properties:
            sources.setdefault(f"property:{t.qualified_name.lower()}.{n.name}", n.source)
    for et in model.enums:
        sources[f"enum:{et.qualified_name.lower()}"] = et.source
        for m in et.members:
            sources.setdefault(f"member:{et.qualified_name.lower()}.{m.name}", m.source)
    out: dict[str, ApiName] = {}
    for api in _models(specs, by_class, sources):
        out.setdefault(api.name, api)
    for e in enums:
        q = e.qualified.lower()
        ns = _namespace(e.qualified)
        out.setdefault(
            e.class_name,
            ApiName(e.class_name, "enum", "enum", (f"enum:{q}",), ns, sources.get(f"enum:{q}")),
        )
        for member in e.members:
            key = f"member:{q}.{member.value}"
            name = f"{e.class_name}.{member.name}"
            out.setdefault(
                name,
                ApiName(
                    name, "member", repr(member.value), (key, f"enum:{q}"), ns, sources.get(key)
                ),
            )
    ops = {(op.method, norm_path(p)): op for op in model.operations for p in op.paths}
    builders = list(_builders(build_tree(model, names), by_class, ops))
    for api in builders:
        out.setdefault(api.name, api)
    # an accessor is where its first operation is documented
    first: dict[str, SourceRef] = {}
    for api in builders:
        if api.kind == "method" and api.source is not None:
            chain = api.name.rpartition(".")[0]
            while chain and chain not in first:
                first[chain] = api.source
                chain = chain.rpartition(".")[0]
    for name, api in out.items():
        if api.kind == "accessor" and api.source is None and name in first:
            out[name] = dataclasses.replace(api, source=first[name])
    return out


def _namespace(qualified: str) -> str:
    return qualified.rpartition(".")[0] or DEFAULT_NAMESPACE


def _refs(text: str, by_class: dict[str, str]) -> list[str]:
    return [f"type:{by_class[c].lower()}" for c in _MODELS_REF.findall(text) if c in by_class]


def _models(
    specs: list[ModelSpec], by_class: dict[str, str], sources: dict[str, SourceRef]
) -> Iterator[ApiName]:
    by_qualified = {m.qualified.lower(): m for m in specs}
    for m in specs:
        q = m.qualified.lower()
        chain = [m]  # the class, then its bases
        while chain[-1].base_qualified and chain[-1].base_qualified.lower() in by_qualified:
            base = by_qualified[chain[-1].base_qualified.lower()]
            if base in chain:
                break
            chain.append(base)
        ns = _namespace(m.qualified)
        yield ApiName(
            m.class_name,
            "class",
            f"({m.base or 'GraphModel'})",
            (f"base:{q}", f"type:{q}"),
            ns,
            sources.get(f"type:{q}"),
        )
        seen: set[str] = set()
        for depth in range(len(chain) - 1, -1, -1):  # inherited fields first, as generated
            owner = chain[depth]
            bases = [f"base:{c.qualified.lower()}" for c in chain[:depth]]
            for f in owner.fields:
                if f.name in seen:
                    continue
                seen.add(f.name)
                yield _field(m, owner, f, bases, by_class, sources, ns)


def _field(
    m: ModelSpec,
    owner: ModelSpec,
    f: FieldSpec,
    bases: list[str],
    by_class: dict[str, str],
    sources: dict[str, SourceRef],
    ns: str,
) -> ApiName:
    prop = f"property:{owner.qualified.lower()}.{f.wire}"
    annotation = f.kind.annotation + (" | None" if f.nullable else "")
    refs = [f"type:{by_class[c].lower()}" for c in f.kind.refs if c in by_class]
    refs += _refs(f.kind.annotation, by_class)
    keys = (prop, *bases, f"type:{m.qualified.lower()}", *refs)
    return ApiName(f"{m.class_name}.{f.name}", "field", annotation, keys, ns, sources.get(prop))


def _builders(
    root: Node, by_class: dict[str, str], ops: dict[tuple[str, str], Operation]
) -> Iterator[ApiName]:
    stack: list[tuple[Node, str]] = [(root, "client")]
    while stack:
        node, chain = stack.pop()
        for m in node.methods:
            name = f"{chain}.{m.name}({'...' if m.suffix_params else ''})"
            path = norm_path(node.path + m.suffix)
            op = ops.get((m.http, path))
            source = op.source if op is not None else None
            signature = f"({m.body}) -> {m.returns}" if m.body else f"() -> {m.returns}"
            keys = (f"op:{m.http} {path}", *_refs(m.returns + " " + m.body, by_class))
            yield ApiName(name, "method", signature, keys, DEFAULT_NAMESPACE, source)
        for child in node.sorted_children:
            if child.params:  # by_id(...): the argument names follow the docs' placeholders
                step = f"{chain}.{child.accessor}(...)"
            else:
                step = f"{chain}.{child.accessor}"
            keys = (f"prefix:{norm_path(child.path)}",)
            yield ApiName(step, "accessor", child.class_name, keys, DEFAULT_NAMESPACE, None)
            stack.append((child, step))


def attach(
    changes: list[Change],
    old: dict[str, ApiName],
    new: dict[str, ApiName],
    labels: tuple[str | None, str | None] = (None, None),
) -> list[Change]:
    """List each changed name under the docs change that explains it (``-`` removed, ``+``
    added, ``~`` retyped): the first, in report order, sharing its most specific key. Return a
    change of its own for each name none explains; the fields, members, accessors and methods
    of such a class or accessor are listed under it."""
    index: dict[str, Change] = {}
    for c in sorted(changes, key=Change.sort_key):
        for key in c.keys:
            index.setdefault(key, c)
    extra: dict[tuple[str, str], Change] = {}  # (mark, name) -> its change
    for mark, name, a, b in sorted(_delta(old, new), key=lambda d: (len(d[1]), d[1])):
        keys = tuple(dict.fromkeys((*(a.keys if a else ()), *(b.keys if b else ()))))
        shown = (
            name
            if mark != "~"
            else f"{name}: {a.signature if a else ''} → " + (b.signature if b else "")
        )
        hit = next((index[k] for k in keys if k in index), None)
        if hit is None:
            hit = next((extra[(mark, p)] for p in _parents(name) if (mark, p) in extra), None)
        if hit is not None:
            hit.python.append(f"{mark} {shown}")
            continue
        either = b or a
        assert either is not None
        kind = {"-": "python-name-removed", "+": "python-name-added"}.get(
            mark, "python-signature-changed"
        )
        verb = {"-": "removed", "+": "added"}.get(mark, "retyped")
        detail = f" ({a.signature} → {b.signature})" if mark == "~" and a and b else ""
        change = Change(
            kind=kind,
            subject=name,
            message=f"generated {either.kind} {name} {verb}{detail}",
            namespace=either.namespace,
            old=(
                Side(source=a.source, value=a.signature, revision=labels[0])
                if a and a.source
                else None
            ),
            new=(
                Side(source=b.source, value=b.signature, revision=labels[1])
                if b and b.source
                else None
            ),
            python=[f"{mark} {shown}"],
        )
        if change.old is None and change.new is None:
            change.anchor = Side(source=SourceRef(file="", line=0))
        extra[(mark, name)] = change
    for c in (*changes, *extra.values()):
        c.python.sort(key=lambda s: (s[2:], s[:1]))
    return list(extra.values())


def _parents(name: str) -> Iterator[str]:
    """``a.b(...).c`` -> ``a.b(...)``, ``a``: the names a name is reached through."""
    while "." in name:
        name = name.rpartition(".")[0]
        yield name


def _delta(
    old: dict[str, ApiName], new: dict[str, ApiName]
) -> Iterator[tuple[str, str, ApiName | None, ApiName | None]]:
    for name in sorted(old.keys() - new.keys()):
        yield "-", name, old[name], None
    for name in sorted(new.keys() - old.keys()):
        yield "+", name, None, new[name]
    for name in sorted(old.keys() & new.keys()):
        if old[name].signature != new[name].signature:
            yield "~", name, old[name], new[name]


def delta_summary(old: dict[str, ApiName], new: dict[str, ApiName]) -> dict[str, list[str]]:
    """The names removed, added and retyped, each sorted."""
    out: dict[str, list[str]] = {"removed": [], "added": [], "changed": []}
    for mark, name, a, b in _delta(old, new):
        if mark == "-":
            out["removed"].append(name)
        elif mark == "+":
            out["added"].append(name)
        else:
            out["changed"].append(
                f"{name}: {a.signature if a else ''} → {b.signature if b else ''}"
            )
    return out
