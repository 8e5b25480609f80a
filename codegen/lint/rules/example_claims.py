"""What examples claim against what the tables say: ``null`` for a property the docs call not
nullable, and a response annotated ``"truncated": false`` that leaves documented properties out.

- ``example-null-not-nullable``: the property's description says "Not nullable" (the model's
  ``Property.nullable`` is False); a request or response example gives it ``null``.
- ``example-untruncated-incomplete``: only where the response annotation says
  ``"truncated": false`` explicitly (responses commonly omit properties, and most annotations
  say nothing, or ``true``); properties a description says are not returned by default (only
  on ``$select``) are not expected; relationships are not either.
"""

from __future__ import annotations

from typing import Any

from codegen.ir.operation import Example, Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import Property, StructuredType
from codegen.lint.catalog import EXAMPLE_NULL_NOT_NULLABLE, EXAMPLE_UNTRUNCATED_INCOMPLETE
from codegen.lint.context import LintContext, pointer_line

_NOT_BY_DEFAULT = (
    "not returned by default",
    "only returned",
    "returned only",
    "only on $select",
    "only with $select",
    "only when you $select",
    "only if you $select",
    "is returned only",
    "must be explicitly selected",
    "use $select",
    "using $select",
    "only on `$select`",
    "only with `$select`",
    "use `$select`",
    "using `$select`",
    "not used",  # a property the service does not fill in
    "reserved for future use",
)


class _Props:
    """Lower-case name -> property of a type and its bases (the nearest wins), once a type."""

    def __init__(self, ctx: LintContext) -> None:
        self.ctx = ctx
        self._cache: dict[int, tuple[StructuredType, dict[str, Property]]] = {}

    def of(self, t: StructuredType) -> dict[str, Property]:
        known = self._cache.get(id(t))
        if known is None or known[0] is not t:
            out: dict[str, Property] = {}
            for c in self.ctx.chain(t):
                for p in c.properties:
                    out.setdefault(p.name.lower(), p)
            known = self._cache[id(t)] = (t, out)
        return known[1]


def _own_type(
    ctx: LintContext, data: dict[str, Any], t: StructuredType | None
) -> StructuredType | None:
    value = data.get("@odata.type")
    return (ctx.lookup(value) or t) if isinstance(value, str) else t


def _nulls(
    ctx: LintContext,
    props: _Props,
    t: StructuredType | None,
    data: Any,
    pointer: str,
    found: list[tuple[str, StructuredType, Property]],
    depth: int = 0,
) -> None:
    """Every (pointer, type, property) where a not-nullable property is given null."""
    if depth > 64:
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            _nulls(ctx, props, t, item, f"{pointer}/{i}", found, depth + 1)
        return
    if not isinstance(data, dict):
        return
    t = _own_type(ctx, data, t)
    if t is None:
        return
    known = props.of(t)
    for key, value in data.items():
        prop = known.get(key.lower())
        if prop is None:
            continue
        here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
        if value is None and prop.nullable is False:
            found.append((here, t, prop))
        elif isinstance(value, (dict, list)) and prop.type is not None:
            _nulls(ctx, props, ctx.lookup(prop.type.name), value, here, found, depth + 1)


def _items(body: Any, collection: bool) -> list[tuple[str, Any]]:
    """(JSON Pointer, object) of each entity a body holds."""
    if isinstance(body, dict) and collection and isinstance(body.get("value"), list):
        return [(f"/value/{i}", item) for i, item in enumerate(body["value"])]
    return [("", body)]


def _check_nulls(ctx: LintContext, props: _Props, op: Operation, example: Example) -> None:
    sides = (
        (example.request, op.request_body_type, False),
        (example.response, op.response_type, True),
    )
    for message, ref, response in sides:
        if message is None or ref is None or message.body is None:
            continue
        t = ctx.lookup(ref.qualified_name)
        if t is None:
            continue
        found: list[tuple[str, StructuredType, Property]] = []
        body = message.body
        wrapped = response and isinstance(body, dict) and isinstance(body.get("value"), list)
        for prefix, item in _items(body, wrapped and "value" not in props.of(t)):
            _nulls(ctx, props, t, item, prefix, found)
        start = message.body_source or message.source
        for pointer, owner, prop in found:
            ctx.report(
                EXAMPLE_NULL_NOT_NULLABLE,
                pointer_line(message.body_text or "", start, pointer),
                f"{pointer}: null for {owner.name}.{prop.name}, which the docs call not "
                f"nullable ({ctx.shown(prop.source)}): give a value, or say it is nullable",
                subject=f"{owner.name}.{prop.name}",
            )


def _explicitly_untruncated(example: Example) -> bool:
    note = example.response_annotation
    if not isinstance(note, dict) or "truncated" not in note:
        return False
    value = note["truncated"]
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _expected(prop: Property) -> bool:
    text = prop.description.lower()
    return not any(phrase in text for phrase in _NOT_BY_DEFAULT)


def _check_untruncated(ctx: LintContext, props: _Props, op: Operation, example: Example) -> None:
    response = example.response
    if (
        response is None
        or not isinstance(response.body, dict)
        or not _explicitly_untruncated(example)
    ):
        return
    ref = op.response_type
    base = ctx.lookup(example.response_type) if example.response_type else None
    if base is None and ref is not None and not ref.is_primitive:
        base = ctx.lookup(ref.qualified_name)
    if base is None:
        return
    body = response.body
    collection = isinstance(body.get("value"), list) and "value" not in props.of(base)
    missing: dict[str, None] = {}
    owner = base
    for _, item in _items(body, collection):
        if not isinstance(item, dict):
            continue
        t = _own_type(ctx, item, base)
        if t is None:
            continue
        owner = t
        present = {k.lower() for k in item}
        for name, prop in props.of(t).items():
            if name not in present and _expected(prop):
                missing.setdefault(prop.name)
    if not missing:
        return
    names = list(missing)
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    where = ctx.annotation_ref(response.source, '"truncated"') or response.source
    ctx.report(
        EXAMPLE_UNTRUNCATED_INCOMPLETE,
        SourceRef(file=where.file, line=where.line),
        f'the response annotation says "truncated": false, but the example leaves out '
        f"{owner.name} properties the docs list: {shown}; add them or say "
        '"truncated": true',
        '"truncated": true',
        subject=owner.name,
    )


def check(ctx: LintContext) -> None:
    """Both rules, over every example of every API page."""
    props = _Props(ctx)
    for parsed in ctx.pages:
        op = parsed.operation
        if op is None:
            continue
        for example in op.examples:
            _check_nulls(ctx, props, op, example)
            _check_untruncated(ctx, props, op, example)
