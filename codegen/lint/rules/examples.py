"""JSON examples against the tables: undocumented properties, wrong types, placeholders, bad values.

Bodies are checked with the generated package's own validator engine.  Resource
representations are type sketches ("String (timestamp)" is their convention), so
placeholders are only reported in request/response examples.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from codegen.ir.http import HttpMessage
from codegen.ir.model import Model
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.lint.catalog import (
    EXAMPLE_ENUM_VALUE,
    EXAMPLE_INT_RANGE,
    EXAMPLE_PLACEHOLDER_VALUE,
    EXAMPLE_PROPERTY_UNDOCUMENTED,
    EXAMPLE_VALUE_FORMAT,
    EXAMPLE_VALUE_TYPE,
    PROPERTY_SPELLING,
    REPRESENTATION_UNDOCUMENTED_PROPERTY,
)
from codegen.lint.context import LintContext, pointer_line

PLACEHOLDER = re.compile(
    r"^(string|integer|int(16|32|64)?|boolean|bool|double|float|decimal|number|datetime(offset)?"
    r"|date|timeofday|duration|guid|binary|stream|timestamp)(\s*\(.*\))?$",
    re.IGNORECASE,
)
_CODES = {
    "unknown-property": EXAMPLE_PROPERTY_UNDOCUMENTED,
    "type": EXAMPLE_VALUE_TYPE,
    "format": EXAMPLE_VALUE_FORMAT,
    "enum": EXAMPLE_ENUM_VALUE,
    "int-range": EXAMPLE_INT_RANGE,
}


def _value_at(data: Any, pointer: str) -> Any:
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and key.isdigit() and int(key) < len(data):
            data = data[int(key)]
        else:
            return None
    return data


def is_placeholder(value: Any) -> bool:
    """True for type names written where a value belongs ("String", "Integer", "String (timestamp)")."""
    return isinstance(value, str) and bool(PLACEHOLDER.match(value.strip()))


def _placeholders(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if "@" not in key:
                yield from _placeholders(
                    value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
                )
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _placeholders(value, f"{pointer}/{i}")
    elif is_placeholder(data):
        yield pointer, data


def _known_names(model: Model, type_name: str) -> list[str]:
    t = model.type(type_name)
    chain = ([t] if t else []) + model.ancestors(type_name)
    return [p.name for c in chain for p in c.properties] + [
        n.name for c in chain for n in c.navigation_properties
    ]


def _property_of(pointer: str) -> str:
    """The property a JSON Pointer ends in (``/fields/0`` → ``fields``)."""
    keys = [k for k in pointer.split("/")[1:] if not k.isdigit()]
    return keys[-1].replace("~1", "/").replace("~0", "~") if keys else ""


def check_body(
    ctx: LintContext,
    type_name: str,
    body: Any,
    text: str,
    start: SourceRef,
    *,
    sketch: bool,
    prefix: str = "",
) -> None:
    """Validate one JSON body against its type and report what is wrong, at its line.

    ``prefix`` is the JSON Pointer of ``body`` inside ``text`` (``/value/0`` for a list item).
    """
    if ctx.model.type(type_name) is None:
        return
    placeholders = dict(_placeholders(body))
    for issue in ctx.validator.validate(type_name, body):
        rule = _CODES.get(issue.code)
        if rule is None or (
            issue.path in placeholders and issue.code in ("type", "format", "enum")
        ):
            continue
        where = pointer_line(text, start, prefix + issue.path)
        suggestion = None
        if rule == EXAMPLE_PROPERTY_UNDOCUMENTED:
            key = issue.path.rsplit("/", 1)[-1]
            known = _known_names(ctx.model, type_name)
            same = [k for k in known if k.lower() == key.lower()]
            close = same or difflib.get_close_matches(key, known, n=1, cutoff=0.75)
            suggestion = close[0] if close else None
            if same:
                rule = PROPERTY_SPELLING
                message = f"'{key}' is spelled '{same[0]}' in the {type_name} properties table"
            else:
                if sketch:
                    rule = REPRESENTATION_UNDOCUMENTED_PROPERTY
                message = f"property '{key}' is not in the {type_name} properties table"
        else:
            message = issue.message
        key = _property_of(issue.path)
        ctx.report(
            rule, where, message, suggestion, subject=f"{type_name}.{key}" if key else type_name
        )
    if not sketch:
        for pointer, value in placeholders.items():
            ctx.report(
                EXAMPLE_PLACEHOLDER_VALUE,
                pointer_line(text, start, prefix + pointer),
                f"{pointer}: placeholder {value!r} where an example value belongs",
                subject=f"{type_name}.{_property_of(pointer)}",
            )


def _response_items(op: Operation, message: HttpMessage) -> list[tuple[str, Any]]:
    """(JSON Pointer, entity) of each entity a response body holds."""
    body = message.body
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return [(f"/value/{i}", item) for i, item in enumerate(body["value"])]
    if isinstance(body, dict) and isinstance(body.get("value"), dict):
        return [("/value", body["value"])]  # wrongly wrapped: reported by response-shape-mismatch
    return [("", body)] if isinstance(body, dict) else []


def check(ctx: LintContext) -> None:
    """Every resource representation and request/response example body."""
    for page in ctx.pages:
        t = page.type
        if t is not None and t.representation_source is not None and page.page is not None:
            fence = next(
                (f for f in page.page.fences if f.line == t.representation_source.line), None
            )
            if fence is not None and isinstance(t.representation, dict):
                check_body(
                    ctx, t.name, t.representation, fence.text, t.representation_source, sketch=True
                )
        op = page.operation
        if op is None:
            continue
        for example in op.examples:
            request, response = example.request, example.response
            body_type = op.request_body_type
            if request is not None and isinstance(request.body, dict) and body_type is not None:
                _check_message(ctx, body_type.name, request, [("", request.body)])
            if response is not None and op.response_type is not None and response.body is not None:
                _check_message(ctx, op.response_type.name, response, _response_items(op, response))


def _check_message(
    ctx: LintContext, type_name: str, message: HttpMessage, bodies: list[tuple[str, Any]]
) -> None:
    start = message.body_source or message.source
    for prefix, body in bodies:
        check_body(
            ctx, type_name, body, message.body_text or "", start, sketch=False, prefix=prefix
        )
