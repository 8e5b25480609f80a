"""JSON examples against the tables: undocumented properties, wrong types, placeholders, bad values.

Bodies are checked with the generated package's own validator engine.  Resource
representations are type sketches ("String (timestamp)" is their convention), so
placeholders are only reported in request/response examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from codegen.generate.schema import entity_body
from codegen.ir.diagnostics import Severity
from codegen.ir.http import HttpMessage
from codegen.ir.operation import Example, Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
from codegen.ir.types import TypeRef
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
from codegen.lint.context import LintContext, listing, pointer_line
from codegen.lint.engine import Issue
from codegen.lint.rules.documented_values import check_values
from codegen.lint.rules.http import own_operation, page_templates
from codegen.lint.scope import page_examples

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


def generated_placeholder(key: str, value: str) -> bool:
    """True for the ``"<key>-value"`` a template generator writes for a property or parameter
    (``"address": "address-value"``)."""
    return bool(key) and value.strip().lower() == key.lower() + "-value"


# "<USERNAME>", "<guid1>", "<Unknown Primitive Type Edm.Stream>" (a generator's); not a message
# id ("<MWHPR22.prod.outlook.com>"), nor words eliding what is too long to show on purpose
# ("<Media Session Configuration>": a media blob), nor what stands for a secret
_ANGLED = re.compile(r"^<(?:[A-Za-z][\w-]*+|Unknown Primitive Type [\w.]++)>$")
_SECRET = re.compile(r"(?i)password|secret|token|credential")


def angled_placeholder(key: str, value: str) -> bool:
    """True for a ``<name>`` written where an example value belongs (a secret's key aside)."""
    return value.startswith("<") and bool(_ANGLED.match(value)) and not _SECRET.search(key)


def _placeholders(
    data: Any, pointer: str = "", key: str = "", generated: bool = False
) -> Iterator[tuple[str, str]]:
    """(JSON Pointer, value) of every type name written as a value; with ``generated``, also
    every ``"<key>-value"`` and ``"<NAME>"`` (an example's, not a type sketch's)."""
    if isinstance(data, dict):
        for k, value in data.items():
            if "@" not in k:
                yield from _placeholders(
                    value, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}", k, generated
                )
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _placeholders(value, f"{pointer}/{i}", key, generated)
    elif is_placeholder(data) or (
        generated
        and isinstance(data, str)
        and (generated_placeholder(key, data) or angled_placeholder(key, data))
    ):
        yield pointer, str(data)


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
        # the resolved reference, by qualified name: a bare name may be another namespace's
        t = ctx.lookup(member.type.qualified_name) if member is not None and member.type else None
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
    generated: bool = True,
) -> None:
    """Validate one JSON body against its type and report what is wrong, at its line.

    ``prefix`` is the JSON Pointer of ``body`` inside ``text`` (``/value/0`` for a list item);
    ``generated``: report ``"<key>-value"`` placeholders too (an action's request body leaves
    them to action-body-placeholder).
    """
    t = ctx.model.type(type_name)
    if t is None:
        return
    shown = t.name  # findings name the type as the docs do
    placeholders = dict(_placeholders(body, generated=generated and not sketch))
    if placeholders and not sketch:
        placeholders = {
            k: v for k, v in placeholders.items() if not _named_value(ctx, type_name, body, k, v)
        }
    # the type the model resolved, by qualified name: a bare name two namespaces define is
    # ambiguous to the validator (which refuses to guess), not to the model
    issues = ctx.validator.validate(t.qualified_name, body)
    strangers = {} if sketch else _strangers(ctx, type_name, body, issues)
    done: set[str] = set()
    untagged: dict[str, StructuredType] = {}
    for issue in issues:
        if issue.code == "odata-type" and not sketch:
            _not_derived(ctx, issue, body, pointer_line(text, start, prefix + issue.path), shown)
            continue
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
                _spellings(ctx).append(
                    _Spelling(owner=owner, key=key, at=where, sketch=sketch, type_name=shown)
                )
                continue  # decided once every page is read (spelling_findings)
            parent = issue.path.rsplit("/", 1)[0]
            if _EXTENSION.match(key) or _open(ctx, owner) or _of_derived(ctx, owner, key):
                # a directory extension attribute, an open type's own property, or one of a
                # derived type's the object is without saying so (mailExchange in a list of
                # domainDnsRecord: an MX record's)
                if not sketch and _of_derived(ctx, owner, key):
                    untagged.setdefault(parent, owner)
                continue
            if parent in done:
                continue  # reported once for the whole object
            if parent in strangers:
                done.add(parent)
                unknown, keys = strangers[parent]
                shown_keys = ", ".join(unknown[:4]) + (", ..." if len(unknown) > 4 else "")
                message = (
                    f"{len(unknown)} of the {keys} properties of this object ({shown_keys}) are "
                    f"not in the {owner.name} properties table ({defined}): if it is no "
                    f"{owner.name}, name its type (the response annotation's @odata.type, the "
                    "Response section), else document them"
                )
            else:
                suggestion = ctx.suggest_member(owner, key)
                siblings = _value_at(body, issue.path.rsplit("/", 1)[0])
                if isinstance(siblings, dict) and suggestion in siblings:
                    suggestion = None  # riskType beside riskEventType: not a misspelling of it
                if sketch:
                    rule = REPRESENTATION_UNDOCUMENTED_PROPERTY
                message = (
                    f"property '{key}' is not in the {owner.name} properties table ({defined}): "
                    "document it there or remove it from the example"
                )
        elif rule == EXAMPLE_VALUE_TYPE:
            pointer = issue.path
            while pointer.rsplit("/", 1)[-1].isdigit():  # an item: the collection's property
                pointer = pointer.rsplit("/", 1)[0]
            owner = _object_type(ctx, type_name, body, pointer) if pointer else None
            message = issue.message
            if owner is not None:  # which of the two is wrong, the docs alone cannot tell
                table = f"the {owner.name} properties table ({ctx.relative(owner.source.file)})"
                message += f", as {table} types it: correct the example, or the table"
        else:
            message = issue.message
        key = _property_of(issue.path)
        ctx.report(
            rule,
            where,
            message,
            suggestion,
            subject=f"{shown}.{key}" if key else shown,
            severity=severity,
        )
    if not sketch and prefix.startswith("/value/"):
        untagged.setdefault("", t)  # a list item: its keys may be read as strangers above
    for parent, owner in untagged.items():  # objects with only a derived type's properties
        _untagged_derived(
            ctx, owner, _value_at(body, parent), pointer_line(text, start, prefix + parent)
        )
    if not sketch:
        check_values(ctx, t, body, text, start, prefix)
        for pointer, value in placeholders.items():
            ctx.report(
                EXAMPLE_PLACEHOLDER_VALUE,
                pointer_line(text, start, prefix + pointer),
                f"{pointer}: placeholder {value!r} where an example value belongs",
                subject=f"{shown}.{_property_of(pointer)}",
            )


def _not_derived(ctx: LintContext, issue: Issue, body: Any, where: SourceRef, shown: str) -> None:
    """An ``@odata.type`` naming a type the docs define, but not as the type expected there or
    one derived from it (an ``event`` as itemAttachment.item, an ``outlookItem``, whose page
    names no base; a ``countryNamedLocation`` posted where the page links ``ipNamedLocation``).
    A name the docs do not define is odata-type-unknown's."""
    tag = _value_at(body, issue.path)
    named = ctx.lookup(tag) if isinstance(tag, str) else None
    expected = _EXPECTED.search(issue.message)
    wanted = ctx.lookup(expected.group(1).lstrip("#")) if expected else None
    if named is None or wanted is None or named.origin != "page" or wanted.origin != "page":
        return
    if named.name.lower() == wanted.name.lower():
        return  # the type itself, spelled otherwise: odata-type-case's
    ctx.report(
        EXAMPLE_VALUE_TYPE,
        where,
        f"{issue.path}: @odata.type names {named.name} ({ctx.relative(named.source.file)}), "
        f"which the docs do not derive from {wanted.name} "
        f"({ctx.relative(wanted.source.file)}), the type they give this object: name its base "
        "type on its page, or correct the example",
        subject=f"{shown}.{_property_of(issue.path.rsplit('/', 1)[0]) or named.name}",
    )


def _named_value(ctx: LintContext, type_name: str, body: Any, pointer: str, value: str) -> bool:
    """True when a type name is a value its property takes: a member of the property's enum
    (attributeType's ``String``, ``Integer``) or a value its description names ("Binary,
    Boolean, DateTime, Integer or String"): ``schemaExtension`` properties, synchronization
    attribute types, external connection property types."""
    if not is_placeholder(value):
        return False  # a generated "x-value" names nothing
    keyed = pointer
    while keyed.rsplit("/", 1)[-1].isdigit():  # an item: the collection's property
        keyed = keyed.rsplit("/", 1)[0]
    owner = _object_type(ctx, type_name, body, keyed) if keyed else None
    member = ctx.member(owner, _property_of(keyed)) if owner is not None else None
    if member is None:
        return False
    word = value.strip().lower()
    ref = member.type
    enum = ctx.model.enum(ref.qualified_name) if ref is not None and not ref.is_primitive else None
    if enum is not None and any(m.name.lower() == word for m in enum.members):
        return True
    text = member.description
    if ref is None or ref.name != "Edm.String":
        return False  # a Date given "Date", a Boolean "Boolean": the placeholder it looks
    escaped = re.escape(word)
    if re.search(rf"(?i)`\s*{escaped}\s*`", text):
        return True  # a code span of the description: "`String`, `Integer`, `Double`"
    listing_at = _LISTS_VALUES.search(text)  # "Allowed values are *Binary, ...* or *String*"
    after = text[listing_at.end() :] if listing_at else ""
    return re.search(rf"(?i)(?<![\w.]){escaped}(?![\w])", after) is not None


# words a description introduces the values of a String with
_LISTS_VALUES = re.compile(
    r"(?i)\b(?:possible|supported|valid|allowed|accepted) (?:values|types)\b|\bvalues are\b"
)


def _response_items(op: Operation, message: HttpMessage) -> list[tuple[str, Any]]:
    """(JSON Pointer, entity) of each entity a response body holds."""
    body = message.body
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return [(f"/value/{i}", item) for i, item in enumerate(body["value"])]
    if isinstance(body, dict) and isinstance(body.get("value"), dict):
        return [("/value", body["value"])]  # wrongly wrapped: reported by response-shape-mismatch
    return [("", body)] if isinstance(body, dict) else []


def _annotated_type(ctx: LintContext, example: Example) -> StructuredType | None:
    """The type the response annotation names, when the docs describe it (a page, or a base
    type's tables): an example's own statement of what it shows (``room`` on the list of
    ``place`` objects; ``automaticRepliesSetting`` on the mailbox settings page)."""
    name = (example.response_type or "").strip().lstrip("#")
    inner = _COLLECTION.fullmatch(name)
    t = ctx.lookup(inner.group(1).strip().lstrip("#") if inner else name)
    return t if t is not None and t.origin in ("page", "base") else None


_COLLECTION = re.compile(r"(?i)collection\((.*)\)")


def check(ctx: LintContext) -> None:
    """Every resource representation and request/response example body."""
    for page in ctx.pages:
        t = page.type
        if t is not None and t.representation_source is not None and page.page is not None:
            fence = next(
                (f for f in page.page.fences if f.line == t.representation_source.line), None
            )
            if fence is not None and isinstance(t.representation, dict):
                check_body(  # by qualified name: callRecords.mediaStream is not mediaStream
                    ctx,
                    t.qualified_name,
                    t.representation,
                    fence.text,
                    t.representation_source,
                    sketch=True,
                )
        op = page.operation
        if op is None:
            continue
        templates = page_templates(op)
        body_types: list[str | None] = []  # the page's request body type, read once a page
        for example in page_examples(ctx, page):
            request, response = example.request, example.response
            own = own_operation(templates, op, example)  # else the page's types are another's
            if (
                own
                and request is not None
                and request.method in _BODY_METHODS
                and isinstance(request.body, dict)
            ):
                if not body_types:
                    body_types.append(_body_type_name(ctx, op))
                body_type = body_types[0]
                if body_type is not None and ctx.model.type(body_type):
                    _check_message(
                        ctx,
                        body_type,
                        request,
                        [("", request.body)],
                        generated=op.kind in _ENTITY_BODIES,
                    )
                elif op.kind in _ENTITY_BODIES:
                    _untyped_placeholders(ctx, op, request)
                elif op.kind == "action" and any(p.location == "body" for p in op.parameters):
                    _check_parameters(ctx, op, request)
            if response is None or response.body is None:
                continue
            if _property_value(response.body):
                continue  # {"value": "Welcome"}: one primitive property's value, not an entity
            annotated = _annotated_type(ctx, example)
            if annotated is not None:
                name = annotated.qualified_name
            elif own and op.response_type is not None:
                name = op.response_type.qualified_name
            else:
                continue
            _check_message(ctx, name, response, _response_items(op, response))
    spelling_findings(ctx)


_BODY_METHODS = frozenset({"POST", "PATCH", "PUT"})
_ENTITY_BODIES = frozenset({"create", "update"})  # other bodies: action-body-placeholder's


def _untyped_placeholders(ctx: LintContext, op: Operation, request: HttpMessage) -> None:
    """The placeholders of a create or update body whose type the page does not link (no
    other check reads it): a placeholder needs no type to be one."""
    start = request.body_source or request.source
    for pointer, value in _placeholders(request.body, generated=True):
        ctx.report(
            EXAMPLE_PLACEHOLDER_VALUE,
            pointer_line(request.body_text or "", start, pointer),
            f"{pointer}: placeholder {value!r} where an example value belongs",
            subject=f"{op.id}.{_property_of(pointer)}",
        )


def _check_parameters(ctx: LintContext, op: Operation, request: HttpMessage) -> None:
    """An action's example body against its Request body table, as the generated package's
    ``validate_request`` reads it: a name the table lacks (timecard-clockin's
    ``atAprovedLocation``; addPassword's ``passwordCredential`` where the table lists that
    object's properties), a value of the wrong type, format or enum. Names are matched
    regardless of case, as the service matches them; placeholders are
    action-body-placeholder's."""
    body = request.body
    try:
        issues = ctx.validator.validate_request(op.id, body)
    except ValueError:
        return  # an operation the tables do not hold
    start = request.body_source or request.source
    # objects whose @odata.type names no type of theirs: their keys are that tag's finding's
    mistyped = {i.path.rsplit("/", 1)[0] for i in issues if i.code == "odata-type"}
    for issue in issues:
        value = _value_at(body, issue.path)
        key = _property_of(issue.path)
        if issue.code == "not-allowed" and issue.path.count("/") == 1:
            rule = EXAMPLE_PROPERTY_UNDOCUMENTED
            listed = ", ".join(f"'{p.name}'" for p in op.parameters if p.location == "body")
            message = (
                f"parameter '{key}' is not in the Request body table of this action (which "
                f"lists {listed}): correct the example, or document the parameter"
            )
        elif issue.code == "unknown-property" and issue.path.rsplit("/", 1)[0] not in mistyped:
            rule = EXAMPLE_PROPERTY_UNDOCUMENTED  # of a nested object, typed by the tables
            message = f"{issue.message}: document it in that type's table, or correct the example"
        elif issue.code in ("type", "format", "enum", "int-range"):
            rule = _CODES[issue.code]
            if isinstance(value, str) and (
                is_placeholder(value) or generated_placeholder(key, value)
            ):
                continue
            if rule == EXAMPLE_VALUE_TYPE and not _wrong_type(ctx, issue.message, value):
                continue
            message = issue.message
        else:
            continue  # @odata.type: decided with the types' pages
        severity = None
        if issue.code == "enum" and isinstance(value, str):
            members = _ENUM_MEMBERS.search(issue.message)
            named = members.group(1).split(", ") if members else []
            if any(m.lower() == value.lower() for m in named):
                severity = Severity.WARNING  # case only: style
        ctx.report(
            rule,
            pointer_line(request.body_text or "", start, issue.path),
            message,
            subject=f"{op.id}.{key}",
            severity=severity,
        )


def _property_value(body: Any) -> bool:
    """True for the body OData answers a request for one primitive property with."""
    if not isinstance(body, dict) or "value" not in body:
        return False
    return all("@" in k for k in body if k != "value") and not isinstance(
        body["value"], (dict, list)
    )


def _body_type(ctx: LintContext, op: Operation) -> TypeRef | None:
    """The type an example request body is an instance of: the one the Request body section
    links, unless the operation is an action whose parameters table lists names that type
    does not have (the body is then the parameters, ``{"assignments": [...]}``, whatever the
    prose links)."""
    ref = op.request_body_type
    if ref is None or op.kind != "action":
        return ref
    t = ctx.lookup(ref.qualified_name)
    names = [p.name for p in op.parameters if p.location == "body"]
    if t is None or any(ctx.member(t, name) is None for name in names):
        return None
    return ref


def _body_type_name(ctx: LintContext, op: Operation) -> str | None:
    """The qualified name of the type an example request body is an instance of (``_body_type``);
    for a create or update whose Request body section links none, the type the generated
    package's ``validate_request`` reads it as (the one it creates or updates)."""
    ref = _body_type(ctx, op)
    if ref is not None:
        return ref.qualified_name
    if op.kind not in _ENTITY_BODIES or op.request_body_type is not None:
        return None
    modelled = ctx.model.operation(op.id)
    return entity_body(ctx.model, modelled) if modelled is not None else None


def _check_message(
    ctx: LintContext,
    type_name: str,
    message: HttpMessage,
    bodies: list[tuple[str, Any]],
    generated: bool = True,
) -> None:
    start = message.body_source or message.source
    for prefix, body in bodies:
        check_body(
            ctx,
            type_name,
            body,
            message.body_text or "",
            start,
            sketch=False,
            prefix=prefix,
            generated=generated,
        )


# --- property spelling: which of two spellings of one property is the odd one out -------------

_EXTENSION = re.compile(r"^extension_[0-9a-fA-F]{32}_")  # a directory extension attribute
# "an _open type_", "an [open type](...)", "Open extensions are represented by ..."
_OPEN_PROSE = re.compile(r"(?i)\bopen\W{0,3}(?:type|extension)s?\b")
_UNCONVENTIONAL = re.compile(r"^\s|\s$|^[A-Z]|ID$|Datetime|\[\]")  # not how Graph names things


def _undocumented(ctx: LintContext, owner: StructuredType, key: str) -> bool:
    """True when ``key`` is no property of ``owner`` in any spelling, and not one lint lets
    be: a directory extension attribute, an open type's, a derived type's."""
    known = ctx.members(owner)
    if key.lower() in known or key.strip().lower() in known:
        return False
    return not (_EXTENSION.match(key) or _open(ctx, owner) or _of_derived(ctx, owner, key))


def _strangers(
    ctx: LintContext, type_name: str, body: Any, issues: list[Any]
) -> dict[str, tuple[list[str], int]]:
    """JSON Pointer -> (undocumented keys, keys) of each object most of whose keys (three at
    least) its type's tables lack, a type documenting three properties at least: the object is
    most likely another type's (api/channel-get-filesfolder.md answers a driveItem its
    annotation calls a team), which one finding says, rather than one a key."""
    by_parent: dict[str, list[str]] = {}
    owners: dict[str, StructuredType] = {}
    for issue in issues:
        if issue.code != "unknown-property":
            continue
        parent, _, raw = issue.path.rpartition("/")
        key = raw.replace("~1", "/").replace("~0", "~")
        owner = owners.get(parent) or _object_type(ctx, type_name, body, issue.path)
        if owner is None or not _undocumented(ctx, owner, key):
            continue
        owners[parent] = owner
        by_parent.setdefault(parent, []).append(key)
    out: dict[str, tuple[list[str], int]] = {}
    for parent, unknown in by_parent.items():
        data = _value_at(body, parent) if parent else body
        keys = sum("@" not in k for k in data) if isinstance(data, dict) else 0
        if len(unknown) >= 3 and 2 * len(unknown) > keys and len(ctx.members(owners[parent])) >= 3:
            out[parent] = (unknown, keys)
    return out


def _untagged_derived(ctx: LintContext, t: StructuredType, item: Any, where: SourceRef) -> None:
    """An object of type ``t`` (an item of a directoryObject's memberOf, the scope of an access
    review) without ``@odata.type`` that has none of ``t``'s properties and only a type derived
    from it has: a reader takes it for a ``t``, with nothing of one
    (api/device-list-memberof.md:169: a group's displayName, mail and mailNickname;
    api/accessreviewscheduledefinition-update.md:72: an accessReviewQueryScope's query)."""
    if not isinstance(item, dict) or "@odata.type" in item:
        return
    keys = [k for k in item if isinstance(k, str) and "@" not in k]
    known = ctx.members(t)
    if not keys or any(k.lower() in known for k in keys):
        return
    if not all(_of_derived(ctx, t, k) for k in keys):
        return  # not (only) a derived type's: example-property-undocumented's
    shown = ", ".join(keys[:4]) + (", ..." if len(keys) > 4 else "")
    ctx.report(
        EXAMPLE_PROPERTY_UNDOCUMENTED,
        where,
        f"this {t.name} has none of its properties, only those of a type derived from it "
        f'({shown}), and no @odata.type: name its type ("@odata.type": "#microsoft.graph.<type>")',
        subject=f"{t.name}.@odata.type",
    )


def _of_derived(ctx: LintContext, t: StructuredType, key: str) -> bool:
    """True when a type derived from ``t`` has the property ``key`` (spelt so)."""
    index: dict[str, list[StructuredType]] | None = ctx.__dict__.get("_derived")
    if index is None:
        index = {}
        for d in ctx.model.types:
            for base in ctx.chain(d)[1:]:
                index.setdefault(base.qualified_name.lower(), []).append(d)
        ctx.__dict__["_derived"] = index
    return any(
        (m := ctx.member(d, key)) is not None and m.name == key
        for d in index.get(t.qualified_name.lower(), ())
    )


def _open(ctx: LintContext, t: StructuredType) -> bool:
    """True for an open type: its annotation says so, or its page's opening prose does (the
    model reads "is an open type"; pages also write "an _open type_")."""
    if t.open_type:
        return True
    cache: dict[str, bool] = ctx.__dict__.setdefault("_open_pages", {})
    path = t.source.file
    if path not in cache:
        parsed = ctx.page(path)
        prose = parsed.page.prose[:8] if parsed is not None and parsed.page is not None else []
        own = parsed is not None and parsed.type is not None and parsed.type.name == t.name
        cache[path] = own and any(_OPEN_PROSE.search(p.text) for p in prose)
    return cache[path]


@dataclass(frozen=True, kw_only=True)
class _Spelling:
    """A JSON key spelled otherwise than a documented property of its object's type."""

    owner: StructuredType
    key: str
    at: SourceRef
    sketch: bool  # in a resource page's JSON representation
    type_name: str


def _spellings(ctx: LintContext) -> list[_Spelling]:
    found: list[_Spelling] = ctx.__dict__.setdefault("_spellings", [])
    return found


def _declaring(ctx: LintContext, t: StructuredType, key: str) -> StructuredType | None:
    """The type of ``t``'s chain whose tables list the property ``key`` (case ignored)."""
    return ctx.declaring(t, key.strip())  # indexed once a type: not every member at every key


class _Group:
    """Every spelling the docs give one property, and who gives it."""

    def __init__(self, declaring: StructuredType, spelled: str, row: SourceRef) -> None:
        self.declaring, self.table, self.row = declaring, spelled, row
        # the table that defines the property counts twice: a tie with the pages is the table's
        self.votes: dict[str, set[tuple[str, str]]] = {
            spelled: {("table", row.file), ("definition", row.file)}
        }
        self.places: dict[str, list[SourceRef]] = {spelled: [row]}
        self.candidates: list[_Spelling] = []
        self.sides: list[tuple[str, SourceRef]] = []
        self.conflict_text = ""

    def vote(self, spelling: str, kind: str, at: SourceRef) -> None:
        self.votes.setdefault(spelling, set()).add((kind, at.file))
        self.places.setdefault(spelling, []).append(at)

    def winner(self) -> str:
        """The spelling Graph's naming rules allow (a lower-case first letter, ``Id``,
        ``DateTime``, no spaces), then the one more places give (the defining table counts
        twice, and its page's JSON representation once), then the one marking more words
        (``fileName``, ``audioVideo``), then the table's."""
        return max(
            self.votes,
            key=lambda s: (
                not _UNCONVENTIONAL.search(s),
                len(self.votes[s]),
                sum(c.isupper() for c in s[1:]),  # a tie: camelCase marks its words (fileName)
                s == self.table,
            ),
        )


def spelling_findings(ctx: LintContext) -> None:
    """``property-spelling``: every place that spells a property otherwise than the docs
    mostly do: JSON keys of examples and representations, request-body and properties tables
    (the pages' disagreements the model records). The odd one out may be the resource page's
    own table (``userID`` where the service and four pages say ``userId``): then it is the table
    row that is reported."""
    groups: dict[tuple[str, str], _Group] = {}

    def group(declaring: StructuredType, key: str) -> _Group | None:
        member = ctx.member(declaring, key.strip())
        if member is None:
            return None
        gkey = (declaring.qualified_name.lower(), member.name.lower())
        found = groups.get(gkey)
        if found is None:
            found = groups[gkey] = _Group(declaring, member.name, member.source)
            parsed = ctx.page(member.source.file)
            sketch = parsed.type.representation if parsed and parsed.type else None
            if isinstance(sketch, dict) and member.name in sketch:
                found.vote(member.name, "rep", member.source)
        return found

    for c in _spellings(ctx):
        declaring = _declaring(ctx, c.owner, c.key)
        g = group(declaring, c.key) if declaring is not None else None
        if g is not None:
            g.candidates.append(c)
            g.vote(c.key, "rep" if c.sketch else "page", c.at)
    for conflict in ctx.model.conflicts:
        if conflict.kind != "property-name":
            continue
        type_name, key = conflict.owner, conflict.member
        declaring = ctx.lookup(type_name)
        g = group(declaring, key) if declaring is not None else None
        if g is None:
            continue
        g.conflict_text = listing([f"'{s.value}' at {ctx.shown(s.source)}" for s in conflict.sides])
        for side in conflict.sides:
            kind = "table" if side.source.file == g.row.file else "page"
            g.vote(side.value, kind, side.source)
            g.sides.append((side.value, side.source))
    for g in groups.values():
        _report_group(ctx, g)


def _report_group(ctx: LintContext, g: _Group) -> None:
    right = g.winner()
    name = g.declaring.name
    defined = ctx.relative(g.row.file)
    elsewhere = [
        ctx.shown(at)
        for at in g.places.get(right, [])
        if (at.file, at.line) != (g.row.file, g.row.line)
    ]
    shown = ", ".join(elsewhere[:3]) + (", ..." if len(elsewhere) > 3 else "")
    for c in g.candidates:
        if c.key == right:
            continue
        if right == g.table:
            message = (
                f"'{c.key}' is spelled '{right}' in the {name} properties table ({defined}): "
                f"write '{right}'"
            )
        else:
            message = (
                f"'{c.key}' is spelled '{right}' elsewhere ({shown}): write '{right}' (the "
                f"{name} properties table, {defined}, says '{g.table}', also to correct)"
            )
        ctx.report(PROPERTY_SPELLING, c.at, message, right, subject=f"{c.type_name}.{c.key}")
    reported_row = False
    for value, at in g.sides:
        if value == right:
            continue
        reported_row |= (at.file, at.line) == (g.row.file, g.row.line)
        ctx.report(
            PROPERTY_SPELLING,
            at,
            f"{name}.{g.table}: pages disagree ({g.conflict_text}); write '{right}'",
            right,
            subject=f"{name}.{value}",
        )
    if g.table != right and not reported_row:
        ctx.report(
            PROPERTY_SPELLING,
            g.row,
            f"{name}.{g.table}: the properties table spells it '{g.table}' but {shown} spell it "
            f"'{right}': write '{right}'",
            right,
            subject=f"{name}.{g.table}",
        )
