"""Requests: placeholders in the bodies of actions and functions, hard-coded keys in the HTTP
request templates.

- ``action-body-placeholder``: the body of an action or function example (its parameters, not
  an entity: create and update bodies are ``example-placeholder-value``'s) gives a parameter
  the generated ``"<name>-value"`` or a type name (``"String"``) where a real value belongs
  (``"onBehalfOfUserId": "onBehalfOfUserId-value"`` for a Guid).
- ``template-hardcoded-key``: a template of the "HTTP request" section names a real key (a
  GUID, a number, an opaque id) or a function argument value (a date, a number) where a
  ``{placeholder}`` belongs. Examples are not templates: they should hold real values. A key
  is an error (the generated client's path takes it from the template: every call would
  address that one object); an argument's value only a warning (the caller's, in the client).

Every scan is linear in the text: templates are split on ``/``, ``(``, ``,`` and ``=``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from codegen.ir.diagnostics import Severity
from codegen.ir.operation import Operation
from codegen.lint.catalog import ACTION_BODY_PLACEHOLDER, TEMPLATE_HARDCODED_KEY
from codegen.lint.context import LintContext, pointer_line
from codegen.lint.rules.examples import generated_placeholder, is_placeholder
from codegen.parser.docset import ParsedPage
from codegen.parser.page import Page
from codegen.parser.sections import heading_key

_ENTITY_BODIES = ("create", "update")
_DIGIT = re.compile(r"[0-9]")


def _strings(data: Any, pointer: str = "", key: str = "") -> Iterator[tuple[str, str, str]]:
    """(JSON Pointer, nearest object key, value) of every string of a body (``@`` keys not)."""
    if isinstance(data, dict):
        for k, v in data.items():
            if "@" not in k:
                yield from _strings(v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}", k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, f"{pointer}/{i}", key)
    elif isinstance(data, str):
        yield pointer, key, data


def _placeholders(ctx: LintContext, op: Operation) -> None:
    if op.kind in _ENTITY_BODIES:
        return
    # a typed body is checked for type names by example-placeholder-value
    typed = op.request_body_type is not None and ctx.model.type(op.request_body_type.name)
    for example in op.examples:
        request = example.request
        if request is None or not isinstance(request.body, (dict, list)):
            continue
        start = request.body_source or request.source
        for pointer, key, value in _strings(request.body):
            if generated_placeholder(key, value):
                what = f"the generated placeholder {value!r}"
            elif not typed and is_placeholder(value):
                what = f"the type name {value!r}"
            else:
                continue
            ctx.report(
                ACTION_BODY_PLACEHOLDER,
                pointer_line(request.body_text or "", start, pointer),
                f"{pointer}: {what} where the example's value of '{key}' belongs",
                subject=f"{op.id}.{key}",
            )


def _is_guid(text: str) -> bool:
    parts = text.split("-")
    return [len(p) for p in parts] == [8, 4, 4, 4, 12] and all(_hex(p) for p in parts)


def _hex(text: str) -> bool:
    return bool(text) and all(c in "0123456789abcdefABCDEF" for c in text)


def hardcoded(value: str) -> str | None:
    """What kind of real key or argument value ``value`` is (None: a name, a placeholder)."""
    v = value.strip().strip("'\"")
    if not v or v.isalpha() or v.startswith(("{", "<", "@", "[", "$")) or v.endswith("}"):
        return None  # a name, a placeholder, an alias
    if _DIGIT.search(v) is None:
        return None  # every key and value kind below holds a digit
    if _is_guid(v):
        return "a GUID"
    if v.isdigit():
        return "a number"
    if len(v) >= 10 and v[4] == "-" and v[:4].isdigit() and v[5:7].isdigit():
        return "a date"
    core = v.rstrip("=")
    digits = sum(c.isdigit() for c in core)
    if len(core) >= 16 and core.isalnum() and digits:
        opaque = _hex(core) or v.endswith("=") or digits * 4 >= len(core)
        return "an opaque id" if opaque else None
    return None


def _template_path(line: str) -> str | None:
    """The path of a template line ``GET /users/{id}`` (scheme, host and version dropped)."""
    parts = line.strip().split(None, 1)
    if len(parts) != 2 or not parts[0].isalpha() or not parts[0].isupper():
        return None
    path = parts[1].split(None, 1)[0] if parts[1] else ""
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
        first, _, rest = path[1:].partition("/")
        if first.lower() in ("beta", "v1.0"):
            path = "/" + rest
    return path.split("?", 1)[0] if path.startswith("/") else None


def _pieces(path: str) -> Iterator[tuple[str, bool]]:
    """(piece, is an argument) of a path: its segments, the key or arguments in parentheses."""
    for segment in path.split("/"):
        name, paren, rest = segment.partition("(")
        yield name, False
        if paren:
            inner = rest.rsplit(")", 1)[0]
            for arg in inner.split(","):
                key, eq, value = arg.partition("=")
                yield (value if eq else key), True


def _templates(page: Page) -> Iterator[tuple[int, str]]:
    """(line, text) of each line of the "HTTP request" section's blocks (before any example)."""
    for heading in page.headings:
        if heading_key(heading.text).startswith("example"):
            stop = heading.line
            break
    else:
        stop = None
    for fence in page.fences:
        if stop is not None and fence.line > stop:
            break
        if fence.heading is None or heading_key(fence.heading.text) != "http request":
            continue
        for offset, line in enumerate(fence.text.split("\n")):
            yield fence.line + offset, line


def _hardcoded_keys(ctx: LintContext, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None or parsed.operation is None:
        return
    for line, text in _templates(page):
        path = _template_path(text)
        if path is None:
            continue
        found = [
            (kind, piece.strip(), argument)
            for piece, argument in _pieces(path)
            if (kind := hardcoded(piece)) is not None
        ]
        if not found:
            continue
        what = ", ".join(
            f"{kind} as {'an argument' if argument else 'a key'} ({piece})"
            for kind, piece, argument in dict.fromkeys(found)
        )
        ctx.report(
            TEMPLATE_HARDCODED_KEY,
            page.at(line),
            f"HTTP request template '{text.strip()}' hard-codes {what}: write a "
            "{placeholder} there (examples are where real values go)",
            subject=found[0][1],
            # a key in the path is every generated call's; an argument's value is the caller's
            severity=None if any(not argument for _, _, argument in found) else Severity.WARNING,
        )


def check(ctx: LintContext) -> None:
    """All request rules."""
    for parsed in ctx.pages:
        if parsed.operation is not None:
            _placeholders(ctx, parsed.operation)
        _hardcoded_keys(ctx, parsed)
    ctx.collapse(ACTION_BODY_PLACEHOLDER, "placeholders in action bodies")
