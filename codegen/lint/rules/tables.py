"""Tables against each other and across pages: representations, request bodies, spellings,
base types, undefined types, and the @odata.type names examples and annotations use."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from codegen.ir.source import SourceRef
from codegen.lint.context import LintContext

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
                    "representation-missing-property",
                    prop.source,
                    f"{t.name}.{prop.name} is in the properties table but not in the JSON representation",
                    subject=f"{t.name}.{prop.name}",
                )


def _request_bodies(ctx: LintContext) -> None:
    documented: dict[str, set[str]] = {}
    for page in ctx.pages:
        if page.type is not None:
            documented[page.type.name.lower()] = {p.name.lower() for p in page.type.properties}
    for page in ctx.pages:
        op = page.operation
        if op is None or op.kind not in ("create", "update") or op.request_body_type is None:
            continue
        name = op.request_body_type.name
        names = set(documented.get(name.lower(), set()))
        for base in ctx.model.ancestors(name):
            names |= documented.get(base.name.lower(), set())
        if not names:
            continue
        for param in op.parameters:
            if param.location == "body" and param.name.lower() not in names:
                ctx.report(
                    "request-body-unknown-property",
                    param.source,
                    f"request body property '{param.name}' is not a property of {name} "
                    "on its resource page",
                    subject=f"{name}.{param.name}",
                )


def _conflicts(ctx: LintContext) -> None:
    rules = {
        "property-name": "property-spelling",
        "property-type": "property-type-conflict",
        "base-type": "base-type-conflict",
    }
    for conflict in ctx.model.conflicts:
        rule = rules.get(conflict.kind)
        if rule is None:
            continue

        def at(source: SourceRef, kind: str = conflict.kind) -> SourceRef:
            return _base_line(ctx, source) if kind == "base-type" else source

        others = "; ".join(f"'{s.value}' at {at(s.source)}" for s in conflict.sides)
        for side in conflict.sides:
            if side.value == conflict.chosen:
                continue
            where = at(side.source)
            ctx.report(
                rule,
                where,
                f"{conflict.subject}: pages disagree ({others}); the model takes '{conflict.chosen}'",
                conflict.chosen,
                subject=(
                    f"{conflict.subject.rsplit('.', 1)[0]}.{side.value}"
                    if conflict.kind == "property-name"
                    else conflict.subject
                ),
            )


def _base_line(ctx: LintContext, source: SourceRef) -> SourceRef:
    """A resource page's title stands for the page: point at where it states its base type."""
    parsed = ctx.page(source.file)
    if parsed is not None and parsed.type is not None and parsed.type.source == source:
        return ctx.base_type_ref(source.file) or source
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


def _undefined(ctx: LintContext) -> None:
    references: dict[str, SourceRef] | None = None
    for t in ctx.model.types:
        text = _ORIGIN_TEXT.get(t.origin)
        if not text:
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
        ctx.report("type-undefined", where, f"type {t.name} {text}", subject=t.name)


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


def _check_odata_type(
    ctx: LintContext, value: str, source: SourceRef, known: dict[str, str]
) -> None:
    text = value.strip().lstrip("#")
    inner = re.fullmatch(r"(?i)collection\((.*)\)", text)
    if inner:
        text = inner.group(1)
    if not text.lower().startswith("microsoft.graph.") or text.lower().startswith(
        "microsoft.graph.odata"
    ):
        return
    short = text.rsplit(".", 1)[-1]
    namespace = text[: -len(short)]
    if short.lower() not in known:
        close = difflib.get_close_matches(short.lower(), list(known), n=1, cutoff=0.8)
        ctx.report(
            "odata-type-unknown",
            source,
            f"@odata.type '{value}' names no known type",
            f"microsoft.graph.{known[close[0]]}" if close else None,
        )
    elif known[short.lower()] != short or namespace != "microsoft.graph.":
        right = "microsoft.graph." + known[short.lower()]
        suggestion = (
            f"Collection({right})" if inner else ("#" if value.startswith("#") else "") + right
        )
        ctx.report(
            "odata-type-case",
            source,
            f"@odata.type '{value}' names {right} in the wrong case",
            suggestion,
        )


def _odata_types(ctx: LintContext) -> None:
    known = {t.name.lower(): t.name for t in ctx.model.types}
    known.update({e.name.lower(): e.name for e in ctx.model.enums})
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
                    offset = text.find(value)
                    line = start.line + (text.count("\n", 0, offset) if offset >= 0 else 0)
                    _check_odata_type(ctx, value, SourceRef(file=start.file, line=line), known)


def check(ctx: LintContext) -> None:
    """All table and cross-page rules."""
    _representation(ctx)
    _request_bodies(ctx)
    _conflicts(ctx)
    _undefined(ctx)
    _odata_types(ctx)
