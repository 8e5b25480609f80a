"""Tables against each other and across pages: representations, request bodies, spellings,
base types, undefined types, and the @odata.type names examples and annotations use."""

from __future__ import annotations

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
    rules = {"property-name": "property-spelling", "property-type": "property-type-conflict",
             "base-type": "base-type-conflict"}
    for conflict in ctx.model.conflicts:
        rule = rules.get(conflict.kind)
        if rule is None:
            continue
        others = "; ".join(f"'{s.value}' at {s.source}" for s in conflict.sides)
        for side in conflict.sides:
            if side.value == conflict.chosen:
                continue
            ctx.report(
                rule,
                side.source,
                f"{conflict.subject}: pages disagree ({others}); the model takes '{conflict.chosen}'",
                conflict.chosen,
                subject=f"{conflict.subject.rsplit('.', 1)[0]}.{side.value}"
                if conflict.kind == "property-name"
                else conflict.subject,
            )


def _undefined(ctx: LintContext) -> None:
    for t in ctx.model.types:
        text = _ORIGIN_TEXT.get(t.origin)
        if text:
            ctx.report("type-undefined", t.source, f"type {t.name} {text}", subject=t.name)


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


def _check_odata_type(ctx: LintContext, value: str, source: SourceRef, known: dict[str, str]) -> None:
    text = value.strip().lstrip("#")
    inner = re.fullmatch(r"(?i)collection\((.*)\)", text)
    if inner:
        text = inner.group(1)
    if not text.lower().startswith("microsoft.graph.") or text.lower().startswith("microsoft.graph.odata"):
        return
    short = text.rsplit(".", 1)[-1]
    namespace = text[: -len(short)]
    if short.lower() not in known:
        ctx.report("odata-type-unknown", source, f"@odata.type '{value}' names no known type")
    elif known[short.lower()] != short or namespace != "microsoft.graph.":
        right = "microsoft.graph." + known[short.lower()]
        suggestion = f"Collection({right})" if inner else ("#" if value.startswith("#") else "") + right
        ctx.report(
            "odata-type-case", source, f"@odata.type '{value}' names {right} in the wrong case", suggestion
        )


def _odata_types(ctx: LintContext) -> None:
    known = {t.name.lower(): t.name for t in ctx.model.types}
    known.update({e.name.lower(): e.name for e in ctx.model.enums})
    for page in ctx.pages:
        op = page.operation
        for example in op.examples if op else ():
            if example.response_type:
                _check_odata_type(ctx, example.response_type, example.source, known)
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
