"""Merge the facts of every page into one Model: read → parse → **resolve** → IR."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.enums import EnumType
from codegen.ir.http import HttpMessage
from codegen.ir.model import Model
from codegen.ir.operation import Operation
from codegen.ir.rule_ids import OPERATION_NOT_INFERRED, TYPE_DUPLICATE
from codegen.ir.source import SourceRef
from codegen.ir.structured import DEFAULT_NAMESPACE, StructuredType, TypeKind
from codegen.ir.types import TypeRef
from codegen.parser.api_page import operation_kind
from codegen.parser.docset import ParsedPage
from codegen.parser.page import OPENING_PROSE
from codegen.resolve.drafts import Registry, TypeDraft, freeze, ref_form, split_ref
from codegen.resolve.example_types import ExampleTypes
from codegen.resolve.inferred_operations import infer_operation, item_path, operations_by_type
from codegen.resolve.inheritance import (
    ROOT,
    attribute_properties,
    chain,
    collect_request_bodies,
    place_ancestors,
    settle,
)
from codegen.resolve.references import TypeIndex, resolve_page
from codegen.resolve.responses import annotated_responses, bind_response, same_type, text

_OPEN_TYPE = re.compile(r"\bis an open type\b", re.IGNORECASE)


def _mark_open(page: ParsedPage) -> None:
    """A type whose page says "This type is an open type" is open (unless its annotation says)."""
    t = page.type
    if t is None or t.open_type is not None or page.page is None:
        return
    description = str(page.page.front_matter.get("description") or "")
    intro = page.page.prose[:OPENING_PROSE]  # the statement sits in the opening paragraphs
    if _OPEN_TYPE.search(description) or any(_OPEN_TYPE.search(p.text) for p in intro):
        page.type = replace(t, open_type=True)


def _named_after(t: StructuredType) -> bool:
    """True when the page's file is named after the type (``user.md``, ``callrecords-endpoint.md``)."""
    stem = posixpath.basename(t.source.file).rsplit(".", 1)[0].lower()
    last = t.namespace.rsplit(".", 1)[-1].lower()
    return stem in (t.name.lower(), f"{last}-{t.name.lower()}")


def _precedence(t: StructuredType) -> tuple[bool, int, str]:
    """Sort key of the pages describing one type: named after it, then most properties."""
    size = len(t.properties) + len(t.navigation_properties)
    return (not _named_after(t), -size, t.source.file)


def _merge(primary: StructuredType, other: StructuredType) -> StructuredType:
    """``primary`` with the relationships, methods and missing facts ``other`` adds."""
    navs = {n.name.lower() for n in primary.navigation_properties}
    methods = {(m.title, m.link) for m in primary.methods}
    return replace(
        primary,
        base_type=primary.base_type or other.base_type,
        description=primary.description or other.description,
        open_type=primary.open_type if primary.open_type is not None else other.open_type,
        abstract=primary.abstract if primary.abstract is not None else other.abstract,
        key_property=primary.key_property or other.key_property,
        navigation_properties=primary.navigation_properties
        + tuple(n for n in other.navigation_properties if n.name.lower() not in navs),
        methods=primary.methods
        + tuple(m for m in other.methods if (m.title, m.link) not in methods),
    )


def _register_pages(
    registry: Registry, pages: list[ParsedPage], diagnostics: list[Diagnostic]
) -> None:
    """One draft per qualified type; several pages of one type merge by precedence."""
    by_type: dict[str, list[StructuredType]] = {}
    for page in pages:
        if page.type is not None:
            by_type.setdefault(page.type.qualified_name.lower(), []).append(page.type)
    for described in by_type.values():
        ordered = sorted(described, key=_precedence)
        merged = ordered[0]
        for other in ordered[1:]:
            merged = _merge(merged, other)
        draft = registry.add(merged)
        for t in ordered:
            for prop in t.properties:
                draft.mention(prop, rank=0)
        if len(ordered) < 2:
            continue
        chosen = ordered[0]
        registry.conflict(
            chosen.qualified_name,
            "",
            "type-page",
            [(t.source.file, t.source) for t in ordered],
            chosen.source.file,
            "the page named after the type, then the page with the most properties, wins; "
            "the other pages' properties and relationships are merged into it",
        )
        for other in ordered[1:]:
            diagnostics.append(
                Diagnostic(
                    source=other.source,
                    rule=TYPE_DUPLICATE,
                    severity=Severity.WARNING,
                    message=f"type {other.qualified_name} is also described by "
                    f"{chosen.source.file}, which takes precedence; this page's properties "
                    "are merged into it",
                )
            )


def _enums(pages: list[ParsedPage]) -> list[EnumType]:
    """One enum per qualified name (the first page by path wins)."""
    seen: dict[str, EnumType] = {}
    for page in pages:
        for enum in page.enums:
            seen.setdefault(enum.qualified_name.lower(), enum)
    return sorted(seen.values(), key=lambda e: (e.name, e.namespace))


def ref_name(ref: TypeRef | None) -> str | None:
    """The reference form of a TypeRef (bare in microsoft.graph, qualified elsewhere)."""
    if ref is None:
        return None
    return f"{ref.namespace}.{ref.name}" if ref.namespace else ref.name


def _walk_message(
    walker: ExampleTypes, message: HttpMessage, type_name: str | None, unwrap: bool
) -> None:
    """Walk one example body; a collection's items sit under ``/value``."""
    body, pointer = message.body, ""
    if unwrap and isinstance(body, dict) and "value" in body:
        body, pointer = body["value"], "/value"
    start = message.body_source or message.source
    walker.walk(body, type_name, start, message.body_text or "", pointer)


def _walk_examples(registry: Registry, pages: list[ParsedPage]) -> ExampleTypes:
    walker = ExampleTypes(registry)
    for page in pages:
        t = page.type
        if t is not None and t.representation is not None and t.representation_source is not None:
            line = t.representation_source.line
            fences = page.page.fences if page.page is not None else []
            text = next((f.text for f in fences if f.line == line), "")
            walker.walk(t.representation, ref_form(t), t.representation_source, text)
        op = page.operation
        if op is None:
            continue
        for example in op.examples:
            if example.request is not None and example.request.body is not None:
                name = ref_name(op.request_body_type)
                _walk_message(walker, example.request, name, unwrap=False)
            if example.response is not None and example.response.body is not None:
                ref = op.response_type
                unwrap = ref is None or ref.collection
                _walk_message(walker, example.response, ref_name(ref), unwrap)
    return walker


def _references(
    model_types: dict[str, StructuredType], enums: list[EnumType], ops: list[Operation]
) -> list[StructuredType]:
    """Types that are referenced but described nowhere, as empty placeholders."""
    known = set(model_types) | {e.qualified_name.lower() for e in enums}
    out: dict[str, StructuredType] = {}

    def need(ref: TypeRef | None, kind: TypeKind, source: SourceRef) -> None:
        if ref is None or ref.is_primitive or ref.name.lower() == "none":
            return
        key = ref.qualified_name.lower()
        if key in known or key in out:
            return
        out[key] = StructuredType(
            name=ref.name,
            namespace=ref.namespace or DEFAULT_NAMESPACE,
            kind=kind,
            origin="reference",
            source=source,
        )

    for t in model_types.values():
        for p in t.properties:
            need(p.type, "complex", p.source)
        for n in t.navigation_properties:
            need(n.type, "entity", n.source)
    for op in ops:
        need(op.response_type, "entity", op.source)
        need(op.request_body_type, "entity", op.source)
    return list(out.values())


def _kinds(types: dict[str, StructuredType], registry: Registry) -> dict[str, StructuredType]:
    """A type is an entity when it or any ancestor or descendant is (entity is the root)."""
    entity: set[str] = set()
    for key, t in types.items():
        draft = registry.drafts.get(key)
        names = [key, *(_qualified_chain(registry, draft) if draft else [])]
        if t.kind == "entity" or f"{DEFAULT_NAMESPACE}.{ROOT}" in names:
            entity.update(names)
    return {k: replace(t, kind="entity" if k in entity else t.kind) for k, t in types.items()}


def _qualified_chain(registry: Registry, draft: TypeDraft) -> list[str]:
    """Lower qualified names of a draft's ancestors."""
    out = []
    for name in chain(registry, draft):
        found = registry.get(name)
        out.append(found.base.qualified_name.lower() if found else name)
    return out


def _operations(
    pages: list[ParsedPage], types: dict[str, StructuredType], diagnostics: list[Diagnostic]
) -> list[Operation]:
    documented = [p.operation for p in pages if p.operation is not None]
    bindings = {
        m.operation_id: ref_form(t) for t in types.values() for m in t.methods if m.operation_id
    }
    ops: dict[str, Operation] = {}
    for op in documented:
        if op.id in ops:
            continue
        ref = op.response_type or op.request_body_type
        binding = bindings.get(op.id) or (
            ref_name(ref) if ref is not None and ref.qualified_name.lower() in types else None
        )
        ops[op.id] = replace(op, binding_type=binding)
    by_type = operations_by_type(documented)
    for t in sorted(types.values(), key=lambda t: (t.name, t.namespace)):
        path = None
        for method in t.methods:
            if not method.operation_id or method.operation_id in ops:
                continue
            path = path or item_path(t, by_type)
            inferred = infer_operation(t, method, path) if path else None
            if inferred is None:
                diagnostics.append(
                    Diagnostic(
                        source=method.source,
                        rule=OPERATION_NOT_INFERRED,
                        severity=Severity.INFO,
                        message=f"Methods table names '{method.title}' ({method.link}) but no page "
                        "describes it and no URL convention derives it",
                    )
                )
                continue
            ops[inferred.id] = inferred
    return sorted(ops.values(), key=lambda o: o.id)


def _bind_responses(index: TypeIndex, pages: list[ParsedPage], registry: Registry) -> None:
    """Operations take their response type from their response annotations (README rule)."""
    bases = {
        p.type.qualified_name.lower(): p.type.base_type
        for p in pages
        if p.type is not None and p.type.base_type
    }

    def derives(sub: TypeRef, sup: TypeRef) -> bool:
        key, target, seen = sub.qualified_name.lower(), sup.qualified_name.lower(), set()
        while key in bases and key not in seen:
            seen.add(key)
            namespace, short = split_ref(bases[key] or "")
            key = f"{namespace}.{short}".lower()
            if key == target:
                return True
        return False

    for page in pages:
        op = page.operation
        if op is None:
            continue
        hint = index.page_namespace(page)
        annotated = []
        for declared in annotated_responses(op):
            ref = index.ref(declared, page.info.path, hint)
            if ref is not None and (
                ref.is_primitive or ref.qualified_name.lower() in index.qualified
            ):
                annotated.append(ref)
        bound = bind_response(op, annotated, derives)
        if same_type(bound, op.response_type):
            continue
        prose = op.response_type
        if (
            prose is not None
            and prose.qualified_name.lower() != (bound or prose).qualified_name.lower()
        ):
            registry.conflict(
                op.id,
                "response",
                "response-type",
                [(text(op.response_type), op.source), (text(bound), op.examples[0].source)],
                text(bound),
                "the response annotation's @odata.type wins over links in the Response prose",
            )
        kind = operation_kind(op.method, op.path, op.title, bound)
        page.operation = replace(op, response_type=bound, kind=kind)


def build_model(pages: list[ParsedPage]) -> Model:
    """Resolve every page's facts into one Model (see README: How pages are reconciled)."""
    diagnostics = [d for p in pages for d in p.diagnostics]
    index = TypeIndex(pages)
    for page in pages:
        resolve_page(index, page)
        _mark_open(page)
    registry = Registry()
    _bind_responses(index, pages, registry)
    _register_pages(registry, pages, diagnostics)
    collect_request_bodies(registry, [p.operation for p in pages if p.operation is not None])
    place_ancestors(registry)
    attributed = attribute_properties(registry)
    types: dict[str, StructuredType] = {}
    for key, draft in registry.drafts.items():
        owner = ref_form(draft.base)
        props = [settle(registry, owner, mentions) for mentions in attributed.get(key, {}).values()]
        types[key] = freeze(draft, props, draft.base.kind)
    all_enums = _enums(pages)
    enum_keys = {e.qualified_name.lower() for e in all_enums}
    walker = _walk_examples(registry, pages)
    for key, base in walker.bases().items():  # what the examples show and no page says
        if key in types and types[key].base_type is None:
            types[key] = replace(types[key], base_type=base)
    for inferred in walker.types():
        key = inferred.qualified_name.lower()
        if key not in enum_keys:  # an enum drawn as {"@odata.type": ...} is still an enum
            types.setdefault(key, inferred)
    enums = [e for e in all_enums if e.qualified_name.lower() not in types]
    for e in all_enums:
        if e.qualified_name.lower() in types:
            diagnostics.append(
                Diagnostic(
                    source=e.source,
                    rule=TYPE_DUPLICATE,
                    severity=Severity.WARNING,
                    message=f"enum {e.qualified_name} has the name of a structured type; "
                    "the structured type is used",
                )
            )
    operations = _operations(pages, types, diagnostics)
    for ref in _references(types, enums, operations):
        types[ref.qualified_name.lower()] = ref
    types = _kinds(types, registry)
    return Model(
        pages=tuple(sorted((p.info for p in pages), key=lambda i: i.path)),
        types=tuple(sorted(types.values(), key=lambda t: (t.name, t.namespace))),
        enums=tuple(enums),
        operations=tuple(operations),
        conflicts=tuple(sorted(registry.conflicts, key=lambda c: (c.subject, c.kind))),
        diagnostics=tuple(sorted(set(diagnostics))),
    )
