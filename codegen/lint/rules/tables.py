"""Tables against each other and across pages: representations, request bodies, spellings,
base types, undefined types, and the @odata.type names examples and annotations use."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
from codegen.lint.catalog import (
    BASE_TYPE_CONFLICT,
    ODATA_TYPE_CASE,
    ODATA_TYPE_UNKNOWN,
    PROPERTY_TYPE_CONFLICT,
    REPRESENTATION_MISSING_PROPERTY,
    REQUEST_BODY_UNKNOWN_PROPERTY,
    TYPE_UNDEFINED,
)
from codegen.lint.context import LintContext, Suggestions, listing
from codegen.lint.scope import page_examples
from codegen.parser.docset import ParsedPage
from codegen.parser.json_lines import string_line

_ORIGIN_TEXT = {
    "reference": "is referenced but no page or example defines it",
    "example": "has no page; only JSON examples show it",
    "base": "has no page; only base-type annotations or 'Inherited from' cells name it",
}


def _representation(ctx: LintContext) -> None:
    for page in ctx.pages:
        t = page.type
        if t is None or not isinstance(t.representation, dict):
            continue
        keys = {k.lower() for k in t.representation}
        for prop in t.properties:
            if prop.name.lower() not in keys:
                ctx.report(
                    REPRESENTATION_MISSING_PROPERTY,
                    prop.source,
                    f"{t.name}.{prop.name} is in the properties table but not in the JSON representation",
                    subject=f"{t.name}.{prop.name}",
                )


# what a representation placeholder says a value is, and the table types that agree with it
_SKETCH_TYPES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(r"(?i)^string\s*\((timestamp|datetime|datetimeoffset)\)$"),
        frozenset({"DateTimeOffset"}),
    ),
    (re.compile(r"(?i)^(string\s*\()?timeofday\)?$"), frozenset({"TimeOfDay"})),
    (re.compile(r"(?i)^(boolean|bool)$"), frozenset({"Boolean"})),
    (
        re.compile(r"(?i)^(int16|int32|int64|integer|byte)$"),
        frozenset({"Int16", "Int32", "Int64", "Byte", "SByte"}),
    ),
    (
        re.compile(r"(?i)^(double|single|decimal|float)$"),
        frozenset({"Double", "Single", "Decimal"}),
    ),
)


def _sketch_types(ctx: LintContext) -> None:
    """A JSON representation placeholder ("String (timestamp)") against the table's type."""
    for page in ctx.pages:
        t = page.type
        if t is None or not isinstance(t.representation, dict):
            continue
        for prop in t.properties:
            value = t.representation.get(prop.name)
            ref = prop.type
            if not isinstance(value, str) or ref is None or not ref.name.startswith("Edm."):
                continue
            table = ref.name.removeprefix("Edm.")
            for pattern, agreeing in _SKETCH_TYPES:
                if pattern.match(value.strip()) and table not in agreeing:
                    ctx.report(
                        PROPERTY_TYPE_CONFLICT,
                        prop.source,
                        f"{t.name}.{prop.name}: the properties table says {table} but the JSON "
                        f"representation shows {value!r}: make the two agree",
                        subject=f"{t.name}.{prop.name}",
                    )
                    break


def _pages_of_types(ctx: LintContext) -> dict[str, list[StructuredType]]:
    """Lower qualified name -> the types every resource page describing it reads (several
    pages describe one type: user.md and intune-shared-user.md are both microsoft.graph.user)."""
    cache: dict[str, list[StructuredType]] | None = ctx.__dict__.get("_pages_of_types")
    if cache is None:
        cache = {}
        for parsed in ctx.pages:
            if parsed.type is not None:
                cache.setdefault(parsed.type.qualified_name.lower(), []).append(parsed.type)
        ctx.__dict__["_pages_of_types"] = cache
    return cache


def _documented_on_pages(ctx: LintContext, name: str) -> set[str]:
    """Lower-case property and relationship names the resource pages of a type and its bases
    list, every page describing one of them (request-body tables, which the model merges in,
    do not count)."""
    t = ctx.lookup(name)
    by_type = _pages_of_types(ctx)
    out: set[str] = set()
    for c in ctx.chain(t) if t is not None else []:
        for own in by_type.get(c.qualified_name.lower(), []):
            out |= {p.name.lower() for p in own.properties}
            out |= {n.name.lower() for n in own.navigation_properties}
    return out


def _body_types(ctx: LintContext, page: ParsedPage, op: Operation) -> list[str]:
    """Qualified names of the types a create or update body may be: the one the Request body
    section links, the one the operation returns and the one it is bound to (the prose may
    link a property's type: relatedContact on PATCH /education/users/{id}), and the derived
    types its examples name in ``@odata.type`` (a table of invokeUserFlowListener's
    properties on a PUT of authenticationListener)."""
    refs = [op.request_body_type, op.response_type]
    names = [r.qualified_name for r in refs if r is not None and not r.is_primitive]
    bound = ctx.model.operation(op.id)
    if bound is not None and bound.binding_type:
        names.append(bound.binding_type)
    base = ctx.lookup(names[0]) if names else None
    for example in page_examples(ctx, page):
        body = example.request.body if example.request is not None else None
        tag = body.get("@odata.type") if isinstance(body, dict) else None
        derived = ctx.lookup(tag) if isinstance(tag, str) else None
        if derived is not None and base is not None and base in ctx.chain(derived):
            names.append(derived.qualified_name)
    return names


def _request_bodies(ctx: LintContext) -> None:
    for page in ctx.pages:
        op = page.operation
        if op is None or op.kind not in ("create", "update") or op.request_body_type is None:
            continue
        name = op.request_body_type.name
        names: set[str] = set()
        for body_type in _body_types(ctx, page, op):
            names |= _documented_on_pages(ctx, body_type)
        if not names:
            continue
        for param in op.parameters:
            if param.location != "body" or "@" in param.name:
                continue  # "group@odata.bind" binds a relationship: not a property
            if param.name.lower() not in names:
                ctx.report(
                    REQUEST_BODY_UNKNOWN_PROPERTY,
                    param.source,
                    f"request body property '{param.name}' is not a property of {name} "
                    f"({_defined_at(ctx, op.request_body_type.qualified_name)}): document it "
                    "there or remove it from the table",
                    subject=f"{name}.{param.name}",
                )


def _defined_at(ctx: LintContext, name: str) -> str:
    t = ctx.lookup(name)
    return ctx.relative(t.source.file) if t is not None else "no page"


def _conflicts(ctx: LintContext) -> None:
    rules = {  # property-name: examples.spelling_findings, which weighs them with the examples
        "property-type": PROPERTY_TYPE_CONFLICT,
        "base-type": BASE_TYPE_CONFLICT,
    }
    for conflict in ctx.model.conflicts:
        rule = rules.get(conflict.kind)
        if rule is None:
            continue

        def at(source: SourceRef, kind: str = conflict.kind) -> SourceRef:
            return _base_line(ctx, source) if kind == "base-type" else source

        others = listing([f"'{s.value}' at {ctx.shown(at(s.source))}" for s in conflict.sides])
        for side in conflict.sides:
            if side.value == conflict.chosen:
                continue
            where = at(side.source)
            ctx.report(
                rule,
                where,
                f"{conflict.subject}: pages disagree ({others}); write '{conflict.chosen}' "
                f"({conflict.rule})",
                conflict.chosen,
                subject=(
                    f"{conflict.owner}.{side.value}"
                    if conflict.kind == "property-name"
                    else conflict.subject
                ),
            )


def _base_line(ctx: LintContext, source: SourceRef) -> SourceRef:
    """A resource page's title stands for the page: point at where it states its base type."""
    parsed = ctx.page(source.file)
    if parsed is not None and parsed.type is not None and parsed.type.source == source:
        return parsed.type.base_type_source or source  # the annotation's baseType, else the prose
    return source


def _table_references(ctx: LintContext) -> dict[str, SourceRef]:
    """Lower type name -> the first properties/relationships table row that uses it."""
    rows = {
        (p.info.path, row.line)
        for p in ctx.pages
        if p.page is not None
        for table in p.page.tables
        for row in table.rows
    }
    uses = [(m.type, m.source) for t in ctx.model.types for m in t.properties]
    uses += [(n.type, n.source) for t in ctx.model.types for n in t.navigation_properties]
    out: dict[str, SourceRef] = {}
    for ref, source in uses:
        if ref is None or (source.file, source.line) not in rows:
            continue
        known = out.get(ref.name.lower())
        if known is None or (source.file, source.line) < (known.file, known.line):
            out[ref.name.lower()] = source
    return out


def _linked_pages(ctx: LintContext) -> set[str]:
    """Lower type names that some table cell links to a page of the doc set."""
    present = {p.info.path.lower() for p in ctx.pages}
    out: set[str] = set()
    members = [(m.type, m.source) for t in ctx.model.types for m in t.properties]
    members += [(n.type, n.source) for t in ctx.model.types for n in t.navigation_properties]
    for ref, source in members:
        link = (ref.link or "").split("#", 1)[0] if ref is not None else ""
        if ref is None or not link.lower().endswith(".md") or "://" in link:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source.file), link))
        if target.lower() in present:
            out.add(ref.name.lower())
    return out


_TYPE_TITLE = re.compile(r"(?i)^\s*(\S+)\s+(?:resource|complex|entity|enum)\s+type\b")
_PRIMITIVE = re.compile(
    r"(?i)^(?:edm\.)?(?:string|int16|int32|int64|integer|boolean|bool|double|single|decimal"
    r"|byte|sbyte|guid|binary|stream|date|datetime|datetimeoffset|timeofday|duration|json)$"
)


def _described(ctx: LintContext) -> set[str]:
    """Lower bare names the docs describe somewhere: a type read from a page (in any
    namespace), an enum, or a page titled "<name> resource type" (a page the model reads no
    type from: no table, or the wrong doc_type)."""
    out = {t.name.lower() for t in ctx.model.types if t.origin == "page"}
    out |= {e.name.lower() for e in ctx.model.enums}
    for info in ctx.model.pages:
        m = _TYPE_TITLE.match(info.title)
        if m:
            out.add(m.group(1).strip("*`").lower())
    return out


def _undefined(ctx: LintContext) -> None:
    references: dict[str, SourceRef] | None = None
    linked = _linked_pages(ctx)
    described = _described(ctx)
    seen: set[tuple[str, int, str]] = set()
    for t in ctx.model.types:
        text = _ORIGIN_TEXT.get(t.origin)
        if not text or (t.origin == "reference" and t.name.lower() in linked):
            continue  # its page exists: the model did not read it as a type (an enum page...)
        if t.name.lower() in described or _PRIMITIVE.match(t.name):
            # a page describes the name (an example's other namespace, Microsoft.OutlookServices
            # or Microsoft.Teams.GraphSvc, is not a missing page), or it is a primitive
            # ({"@odata.type": "String"})
            continue
        where = t.source
        if t.origin == "example":
            if references is None:
                references = _table_references(ctx)
            referenced = references.get(t.name.lower())
            if referenced is not None:
                where, text = (
                    referenced,
                    "is referenced but has no page; only JSON examples show it",
                )
        elif t.origin == "base":
            where = _base_line(ctx, t.source)
        if (where.file, where.line, t.name.lower()) in seen:
            continue  # one finding a name and line (a reference and an example type of it)
        seen.add((where.file, where.line, t.name.lower()))
        ctx.report(TYPE_UNDEFINED, where, f"type {t.name} {text}", subject=t.name)


def _odata_values(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "@odata.type" and isinstance(value, str):
                yield value
            else:
                yield from _odata_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _odata_values(value)


def _qualified(name: str, namespace: str) -> str:
    """A model type's full name (reference types may already carry a sub-namespace)."""
    if name.startswith("microsoft."):
        return name
    if "." in name:
        return f"microsoft.graph.{name}"
    return f"{namespace}.{name}"


class _KnownTypes:
    """Every type and enum the docs define, by lower-case full name and by short name."""

    def __init__(self, ctx: LintContext) -> None:
        self.full: dict[str, tuple[str, str]] = {}  # lower full name -> (full name, page)
        for t in ctx.model.types:
            full = _qualified(t.name, t.namespace)
            self.full.setdefault(full.lower(), (full, ctx.relative(t.source.file)))
        for e in ctx.model.enums:
            full = _qualified(e.name, e.namespace)
            self.full.setdefault(full.lower(), (full, ctx.relative(e.source.file)))
        self.short = {k.rsplit(".", 1)[-1] for k in self.full}
        # "microsoft.graph." -> the lower full names in it ("": all, for a name ending in '.')
        self._in: dict[str, list[str]] = {"": sorted(self.full)}
        for k in sorted(self.full):
            for i, c in enumerate(k):
                if c == ".":
                    self._in.setdefault(k[: i + 1], []).append(k)
        self._near: dict[str, Suggestions] = {}

    def nearest(self, text: str, namespace: str) -> str | None:
        """The lower full name in ``namespace`` (ending in '.') closest to ``text``, if close."""
        near = self._near.get(namespace)
        if near is None:
            near = self._near[namespace] = Suggestions(self._in.get(namespace, ()), 0.8)
        return near.best(text)


def _check_odata_type(ctx: LintContext, value: str, source: SourceRef, known: _KnownTypes) -> None:
    text = value.strip().lstrip("#")
    inner = re.fullmatch(r"(?i)collection\((.*)\)", text)
    if inner:
        text = inner.group(1).strip().lstrip("#")
    if not text.lower().startswith("microsoft.graph.") and "." in text:
        _foreign_namespace(ctx, value, text, source, known)
        return
    if not text.lower().startswith("microsoft.graph.") or text.lower().startswith(
        "microsoft.graph.odata"
    ):
        return
    found = known.full.get(text.lower())
    if found is None:
        short = text.rsplit(".", 1)[-1]
        if short.lower() in known.short:
            return  # defined in another namespace: whether the docs or the example is wrong is a model question
        namespace = text[: -len(short)]
        close = known.nearest(text.lower(), namespace.lower())
        ctx.report(
            ODATA_TYPE_UNKNOWN,
            source,
            f"@odata.type '{value}' names no type the docs define",
            known.full[close][0] if close else None,
        )
        return
    right, page = found
    if right == text:
        return
    prefix = "#" if value.strip().startswith("#") else ""
    suggestion = f"Collection({right})" if inner else prefix + right
    ctx.report(
        ODATA_TYPE_CASE,
        source,
        f"@odata.type '{value}' should be spelled {right}, as {page} defines it",
        suggestion,
    )


def _foreign_namespace(
    ctx: LintContext, value: str, text: str, source: SourceRef, known: _KnownTypes
) -> None:
    """An @odata.type in a service's internal namespace (``#Microsoft.OutlookServices.
    ItemAttachment``, ``Microsoft.Teams.GraphSvc.aadUserNotificationRecipient``) for a type the
    docs define in microsoft.graph: a client reading it finds no such type."""
    namespace, _, short = text.rpartition(".")
    if not namespace.lower().startswith("microsoft."):
        # a primitive, the short alias of microsoft.graph, an OData term, or a namespace of
        # its own (#oneDrive.error: a site-follow 207's per-site error, no Graph type)
        return
    found = known.full.get(f"microsoft.graph.{short.lower()}")
    if found is None:
        return
    prefix = "#" if value.strip().startswith("#") else ""
    ctx.report(
        ODATA_TYPE_UNKNOWN,
        source,
        f"@odata.type '{value}' names {short} in the namespace {namespace}, which the docs do "
        f"not define: write {prefix}{found[0]} ({found[1]})",
        prefix + found[0],
    )


def _odata_types(ctx: LintContext) -> None:
    known = _KnownTypes(ctx)
    for page in ctx.pages:
        op = page.operation
        for example in op.examples if op else ():
            if example.response_type:
                at = example.response.source if example.response is not None else example.source
                where = ctx.annotation_ref(at, '"@odata.type"') or example.source
                _check_odata_type(ctx, example.response_type, where, known)
            for message in (example.request, example.response):
                if message is None or message.body is None:
                    continue
                start = message.body_source or message.source
                text = message.body_text or ""
                for value in set(_odata_values(message.body)):
                    # the line of the value itself, found through the block's index (searching
                    # the block for each value took time quadratic in the number of values)
                    _check_odata_type(ctx, value, string_line(text, start, value), known)


def check(ctx: LintContext) -> None:
    """All table and cross-page rules."""
    _representation(ctx)
    _request_bodies(ctx)
    _sketch_types(ctx)
    _conflicts(ctx)
    _undefined(ctx)
    _odata_types(ctx)
