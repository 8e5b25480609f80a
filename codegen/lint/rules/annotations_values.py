"""Annotation values of the wrong JSON type: ``"isCollection": "true"``, ``"truncated": "true"``,
an ``@odata.type`` that is not a string, ``optionalProperties`` that is not a list of names.

The keys and their types are those of the docs' annotation format (the markdown scanner's
``CodeBlockAnnotation``); keys it does not define are left alone. A string ``"true"`` is read
as true by this project's parser and by the scanner alike, so such values are style a reader
survives: they are reported for strict JSON consumers.
"""

from __future__ import annotations

import re
from typing import Any

from codegen.lint.catalog import ANNOTATION_VALUE_TYPE
from codegen.lint.context import LintContext
from codegen.parser.annotations import parse_annotation
from codegen.parser.page import Comment, Page

_BOOLEANS = frozenset(
    {
        "truncated",
        "isCollection",
        "openType",
        "abstract",
        "isAbstract",
        "isEmpty",
        "expectError",
        "opaqueUrl",
        "isMediaEntity",
    }
)
_STRINGS = frozenset(
    {"blockType", "@odata.type", "keyProperty", "@type", "tocPath", "namespace", "scopes"}
)
_NAME_LISTS = frozenset({"optionalProperties", "suppressions", "sampleKeys", "sampleIds"})


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def problem(key: str, value: Any) -> tuple[str, str | None] | None:
    """(what is wrong, the value as it should be written) for one annotation key, else None."""
    if key in _BOOLEANS and not isinstance(value, bool):
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            fixed = value.strip().lower()
            return f'"{key}": "{value}" is a string: write {fixed} without quotes', fixed
        return f'"{key}" takes true or false, not {_json_type(value)}', None
    if key in _STRINGS and not isinstance(value, str):
        return f'"{key}" takes a string, not {_json_type(value)}', None
    if key == "baseType" and not isinstance(value, str) and value is not None:
        return f'"{key}" takes a type name, not {_json_type(value)}', None
    if key == "name" and not (
        isinstance(value, str)
        or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    ):
        return f'"name" takes a string (or a list of names), not {_json_type(value)}', None
    if key in _NAME_LISTS:
        if isinstance(value, str):
            return f'"{key}" takes a list of names, not a string: write ["{value}"]', f'["{value}"]'
        if not isinstance(value, list):
            return f'"{key}" takes a list of names, not {_json_type(value)}', None
        wrong = next((v for v in value if not isinstance(v, str)), None)
        if wrong is not None or any(isinstance(v, bool) or v is None for v in value):
            return f'"{key}" takes a list of names; it holds {_json_type(wrong)}', None
    return None


def _line(comment: Comment, key: str) -> int:
    offset = comment.text.find(f'"{key}"')
    return comment.line + (comment.text.count("\n", 0, offset) if offset >= 0 else 0)


# what each checked key's value starts with when it has its type
_STARTS = (
    {k: "tf" for k in _BOOLEANS}
    | {k: "\"'" for k in _STRINGS}
    | {k: "[" for k in _NAME_LISTS}
    | {"name": "\"'[", "baseType": "\"'n"}
)
# a quoted key, its colon and the first character of its value (bounded, possessive: linear)
_MEMBER = re.compile(r"[\"']([@\w.]{1,40})[\"'][ \t\r\n]*+:[ \t\r\n]*+(.)", re.DOTALL)


def _suspect(text: str) -> bool:
    """False when every key this rule checks is written once and its value starts as its type
    does (``true``/``false``, a quote, ``[``): then the comment need not be parsed again."""
    seen: set[str] = set()
    for m in _MEMBER.finditer(text):
        key = m.group(1)
        starts = _STARTS.get(key)
        if starts is None:
            continue
        if key in seen or m.group(2) not in starts:
            return True  # a key written twice: which one JSON keeps is the parser's to say
        seen.add(key)
    return False


def _check_page(ctx: LintContext, page: Page) -> None:
    for comment in page.comments:
        text = comment.text
        if not text.lstrip().startswith("{") or not _suspect(text):
            continue
        annotation, _ = parse_annotation(text, page.at(comment.line))
        if annotation is None:
            continue  # malformed: annotation-malformed's
        for key, value in annotation.data.items():
            found = problem(key, value)
            if found is None:
                continue
            message, fixed = found
            ctx.report(
                ANNOTATION_VALUE_TYPE,
                page.at(_line(comment, key)),
                f"annotation: {message}",
                f'"{key}": {fixed}' if fixed else None,
                subject=key,
            )


def check(ctx: LintContext) -> None:
    """Every annotation comment of every page."""
    for parsed in ctx.pages:
        if parsed.page is not None:
            _check_page(ctx, parsed.page)
