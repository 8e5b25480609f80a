"""Merge the facts of every page into one Model: read → parse → **resolve** → IR."""

from __future__ import annotations

from dataclasses import replace

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.enums import EnumType
from codegen.ir.http import HttpMessage
from codegen.ir.model import Model
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
from codegen.ir.types import TypeRef
from codegen.parser.docset import ParsedPage
from codegen.resolve.drafts import Registry, freeze
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


def _register_pages(
    registry: Registry, pages: list[ParsedPage], diagnostics: list[Diagnostic]
) -> None:
    for page in pages:
        t = page.type
        if t is None:
            continue
        existing = registry.get(t.name)
        if existing is not None:
            diagnostics.append(
                Diagnostic(
                    source=t.source,
                    rule="type-duplicate",
                    severity=Severity.WARNING,
                    message=f"type {t.name} is also described by {existing.base.source.file}; "
                    "the first page (by path) is used",
                )
            )
            continue
        draft = registry.add(t)
        for prop in t.properties:
            draft.mention(prop, rank=0)


def _enums(pages: list[ParsedPage], diagnostics: list[Diagnostic]) -> list[EnumType]:
    seen: dict[str, EnumType] = {}
    for page in pages:
        for enum in page.enums:
            if enum.name.lower() in seen:
                continue
            seen[enum.name.lower()] = enum
    return sorted(seen.values(), key=lambda e: e.name)


def _walk_message(
    walker: ExampleTypes, message: HttpMessage, type_name: str | None, unwrap: bool
) -> None:
    """Walk one example body; a collection's items sit under ``/value``."""
    body, pointer = message.body, ""
    if unwrap and isinstance(body, dict) and "value" in body:
        body, pointer = body["value"], "/value"
    start = message.body_source or message.source
    walker.walk(body, type_name, start, message.body_text or "", pointer)


def _walk_examples(registry: Registry, pages: list[ParsedPage]) -> list[StructuredType]:
    walker = ExampleTypes(registry)
    for page in pages:
        t = page.type
        if t is not None and t.representation is not None and t.representation_source is not None:
            line = t.representation_source.line
            fences = page.page.fences if page.page is not None else []
            text = next((f.text for f in fences if f.line == line), "")
            walker.walk(t.representation, t.name, t.representation_source, text)
        op = page.operation
        if op is None:
            continue
        for example in op.examples:
            if example.request is not None and example.request.body is not None:
                ref = op.request_body_type
                _walk_message(walker, example.request, ref.name if ref else None, unwrap=False)
            if example.response is not None and example.response.body is not None:
                ref = op.response_type
                unwrap = ref is None or ref.collection
                _walk_message(walker, example.response, ref.name if ref else None, unwrap)
    return walker.types()


def _references(
    model_types: dict[str, StructuredType], enums: list[EnumType], ops: list[Operation]
) -> list[StructuredType]:
    """Types that are referenced but described nowhere, as empty placeholders."""
    known = {n.lower() for n in model_types} | {e.name.lower() for e in enums}
    out: dict[str, StructuredType] = {}

    def need(ref: TypeRef | None, kind: str, source: SourceRef) -> None:
        if ref is None or ref.is_primitive or ref.name.lower() in known or ref.name.lower() in out:
            return
        if ref.name.lower() == "none":
            return
        out[ref.name.lower()] = StructuredType(
            name=ref.name, kind=kind, origin="reference", source=source
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
    for t in types.values():
        draft = registry.get(t.name)
        names = [t.name.lower(), *(chain(registry, draft) if draft else [])]
        if t.kind == "entity" or ROOT in names:
            entity.update(names)
    return {
        k: replace(t, kind="entity" if k.lower() in entity else t.kind) for k, t in types.items()
    }


def _operations(
    pages: list[ParsedPage], types: dict[str, StructuredType], diagnostics: list[Diagnostic]
) -> list[Operation]:
    documented = [p.operation for p in pages if p.operation is not None]
    bindings = {m.operation_id: t.name for t in types.values() for m in t.methods if m.operation_id}
    ops: dict[str, Operation] = {}
    for op in documented:
        if op.id in ops:
            continue
        ref = op.response_type or op.request_body_type
        binding = bindings.get(op.id) or (
            ref.name if ref is not None and ref.name in types else None
        )
        ops[op.id] = replace(op, binding_type=binding)
    by_type = operations_by_type(documented)
    for t in sorted(types.values(), key=lambda t: t.name):
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
                        rule="operation-not-inferred",
                        severity=Severity.INFO,
                        message=f"Methods table names '{method.title}' ({method.link}) but no page "
                        "describes it and no URL convention derives it",
                    )
                )
                continue
            ops[inferred.id] = inferred
    return sorted(ops.values(), key=lambda o: o.id)


def build_model(pages: list[ParsedPage]) -> Model:
    """Resolve every page's facts into one Model (see README: How pages are reconciled)."""
    diagnostics = [d for p in pages for d in p.diagnostics]
    registry = Registry()
    _register_pages(registry, pages, diagnostics)
    collect_request_bodies(registry, [p.operation for p in pages if p.operation is not None])
    place_ancestors(registry)
    attributed = attribute_properties(registry)
    types: dict[str, StructuredType] = {}
    for name, draft in registry.drafts.items():
        props = [settle(registry, name, mentions) for mentions in attributed.get(name, {}).values()]
        types[name] = freeze(draft, props, draft.base.kind)
    for inferred in _walk_examples(registry, pages):
        types.setdefault(inferred.name, inferred)
    enums = [e for e in _enums(pages, diagnostics) if e.name not in types]
    clash = {e.name.lower() for e in enums} & {n.lower() for n in types}
    for e in [e for e in enums if e.name.lower() in clash]:
        diagnostics.append(
            Diagnostic(
                source=e.source,
                rule="type-duplicate",
                severity=Severity.WARNING,
                message=f"enum {e.name} has the name of a structured type; the structured type is used",
            )
        )
    enums = [e for e in enums if e.name.lower() not in clash]
    operations = _operations(pages, types, diagnostics)
    for ref in _references(types, enums, operations):
        types[ref.name] = ref
    types = _kinds(types, registry)
    enums = [e for e in enums if e.name.lower() not in {n.lower() for n in types}]
    return Model(
        pages=tuple(sorted((p.info for p in pages), key=lambda i: i.path)),
        types=tuple(sorted(types.values(), key=lambda t: t.name)),
        enums=tuple(enums),
        operations=tuple(operations),
        conflicts=tuple(sorted(registry.conflicts, key=lambda c: (c.subject, c.kind))),
        diagnostics=tuple(sorted(set(diagnostics))),
    )
