"""JSON examples against the tables: undocumented properties, wrong types, placeholders, bad values.

Bodies are checked with the generated package's own validator engine.  Resource
representations are type sketches ("String (timestamp)" is their convention), so
placeholders are only reported in request/response examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from codegen.ir.diagnostics import Severity
from codegen.ir.http import HttpMessage
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
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


def _object_type(
    ctx: LintContext, type_name: str, body: Any, pointer: str
) -> StructuredType | None:
    """The documented type of the object holding the last key of ``pointer`` (its own
    ``@odata.type`` first, else the type of the property that leads to it)."""
    t = ctx.lookup(type_name)
    data = body
    keys = [k.replace("~1", "/").replace("~0", "~") for k in pointer.split("/")[1:-1]]
    for key in [*keys, None]:
        if isinstance(data, dict) and isinstance(data.get("@odata.type"), str):
            t = ctx.lookup(data["@odata.type"]) or t
        if key is None or t is None:
            break
        if isinstance(data, list):
            data = data[int(key)] if key.isdigit() and int(key) < len(data) else None
            continue
        if not isinstance(data, dict):
            return None
        data = data.get(key)
        member = ctx.member(t, key)  # indexed once a type, not listed again at every key
        t = ctx.lookup(member.type.name) if member is not None and member.type else None
    return t


_EXPECTED = re.compile(r"expected (\S+) \(")
_ENUM_NAME = re.compile(r"expected (?:[\w.]+\.)?(\w+) \(one of ")
_ENUM_MEMBERS = re.compile(r"\(one of ([^)]*)\)")


def _wrong_type(ctx: LintContext, message: str, value: Any) -> bool:
    """False when the docs cannot tell what the value should be: ``Json`` holds any JSON value,
    and a type known only from ``{"@odata.type": ...}`` sketches may as well be an enum."""
    m = _EXPECTED.search(message)
    expected = m.group(1) if m else ""
    if expected.rsplit(".", 1)[-1].lower() == "json":
        return False
    t = ctx.lookup(expected)
    return not (
        t is not None and t.origin == "example" and not t.properties and isinstance(value, str)
    )


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
    t = ctx.model.type(type_name)
    if t is None:
        return
    placeholders = dict(_placeholders(body))
    # the type the model resolved, by qualified name: a bare name two namespaces define is
    # ambiguous to the validator (which refuses to guess), not to the model
    for issue in ctx.validator.validate(t.qualified_name, body):
        rule = _CODES.get(issue.code)
        if rule is None or (
            issue.path in placeholders and issue.code in ("type", "format", "enum")
        ):
            continue
        where = pointer_line(text, start, prefix + issue.path)
        value = _value_at(body, issue.path)
        severity: Severity | None = None
        suggestion = None
        if rule == EXAMPLE_VALUE_TYPE and not _wrong_type(ctx, issue.message, value):
            continue
        if rule == EXAMPLE_ENUM_VALUE and isinstance(value, str):
            if sketch and "|" in value:
                continue  # a representation lists the members: "a | b | c"
            enum_name = _ENUM_NAME.search(issue.message)
            if sketch and enum_name and value.strip().lower() == enum_name.group(1).lower():
                continue  # a representation names the enum type: "gender": "educationGender"
            members = _ENUM_MEMBERS.search(issue.message)
            same = [
                m
                for m in (members.group(1).split(", ") if members else [])
                if m.lower() == value.lower()
            ]
            if same:
                severity, suggestion = Severity.WARNING, same[0]  # case only: style
        if rule == EXAMPLE_PROPERTY_UNDOCUMENTED:
            owner = _object_type(ctx, type_name, body, issue.path)
            if owner is None:
                continue
            key = issue.path.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            known = ctx.members(owner)
            spelled = known.get(key.lower()) or known.get(key.strip().lower())
            defined = ctx.relative(owner.source.file)
            if spelled == key:
                continue  # documented (a relationship, or a base the validator reads otherwise)
            if spelled is not None:
                rule, suggestion = PROPERTY_SPELLING, spelled
                message = (
                    f"'{key}' is spelled '{spelled}' in the {owner.name} properties table "
                    f"({defined}): write '{spelled}'"
                )
            else:
                suggestion = ctx.suggest_member(owner, key)
                if sketch:
                    rule = REPRESENTATION_UNDOCUMENTED_PROPERTY
                message = (
                    f"property '{key}' is not in the {owner.name} properties table ({defined}): "
                    "document it there or remove it from the example"
                )
        else:
            message = issue.message
        key = _property_of(issue.path)
        ctx.report(
            rule,
            where,
            message,
            suggestion,
            subject=f"{type_name}.{key}" if key else type_name,
            severity=severity,
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
