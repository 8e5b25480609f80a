"""A page's text against the page: sections left empty, a write method's least privileged
permission that only reads, Methods-table "List" rows that return one object, link texts that
name another type than the page they lead to, properties named in another case than their
table's, and a page annotation describing another kind of operation.

Each check reads the page's blocks once (headings, prose, table rows, comments): linear in the
page.
"""

from __future__ import annotations

import bisect
import operator
import posixpath
import re
from collections.abc import Callable
from typing import Any

from codegen.ir.operation import Operation
from codegen.ir.structured import StructuredType
from codegen.lint.catalog import (
    LINK_TEXT_TYPE_MISMATCH,
    METHOD_LIST_SINGLE,
    PAGE_ANNOTATION_MISMATCH,
    PERMISSION_READ_FOR_WRITE,
    PROPERTY_CASE_PROSE,
    SECTION_EMPTY,
)
from codegen.lint.context import LintContext
from codegen.parser.annotations import parse_annotation
from codegen.parser.docset import ParsedPage
from codegen.parser.page import Page
from codegen.parser.properties import plain
from codegen.parser.sections import TableKind, classify_table, heading_key

# --- section-empty

# the sections of the API and resource page templates: each holds text, a table or a block
_STANDARD_SECTIONS = frozenset(
    {
        "permissions",
        "http request",
        "request headers",
        "request body",
        "request",
        "response",
        "methods",
        "properties",
        "relationships",
        "json representation",
    }
)


def _holds_block(page: Page, start: int, end: int | None) -> bool:
    """True when a prose line, table, fence, comment or include starts after line ``start``
    and before line ``end`` (None: the end of the page). Each list is in page order: bisected
    (no list built: a page has a few standard sections and hundreds of lines)."""
    stop = end if end is not None else 1 << 60
    if end is not None and end <= start + 1:
        return False  # the next heading on the next line
    blocks: tuple[tuple[list[Any], Callable[[Any], int]], ...] = (
        (page.prose, _LINE),
        (page.tables, _LINE),
        (page.fences, _FENCE_LINE),
        (page.comments, _LINE),
        (page.includes, _SECOND),
    )
    for items, key in blocks:
        k = bisect.bisect_right(items, start, key=key)
        if k < len(items) and key(items[k]) < stop:
            return True
    return False


_LINE = operator.attrgetter("line")
_FENCE_LINE = operator.attrgetter("fence_line")
_SECOND = operator.itemgetter(1)


def _empty_sections(ctx: LintContext, page: Page) -> None:
    """A standard section whose heading is followed by nothing (no text, table, block, comment,
    include or sub-heading) before the next heading of its level or above."""
    headings = page.headings
    for i, h in enumerate(headings):
        key = heading_key(h.text)
        if key not in _STANDARD_SECTIONS:
            continue
        nxt = headings[i + 1] if i + 1 < len(headings) else None
        if nxt is not None and nxt.level > h.level:
            continue  # a sub-heading: the section holds its sub-sections
        if _holds_block(page, h.line, nxt.line if nxt is not None else None):
            continue
        repeated = nxt is not None and heading_key(nxt.text) == key
        if repeated and nxt is not None:
            fix = f": the heading is repeated at line {nxt.line}; remove one"
        elif key == "request body":
            fix = ": say 'Do not supply a request body for this method.' or document the body"
        else:
            fix = ": fill it in or remove the heading"
        ctx.report(SECTION_EMPTY, page.at(h.line), f"the '{h.text}' section is empty{fix}")


# --- permission-read-for-write

_WRITE_WORDS = ("write", "manage", "fullcontrol", "send", "create", "delete", "update", "invite")


def _reads_only(scope: str) -> bool:
    """True for a permission that grants reading only: ``X.Read``, ``X.Read.All``,
    ``X.ReadBasic.All`` (a dotted name, no write-like part)."""
    parts = scope.split(".")
    if len(parts) < 2 or not all(
        p and (p.isalnum() or p.replace("-", "").isalnum()) for p in parts
    ):
        return False
    lowered = scope.lower()
    if any(w in lowered for w in _WRITE_WORDS):
        return False
    return any(p.lower() in ("read", "readbasic") for p in parts[1:])


_ALTERNATIVES = re.compile(r"[,;]")
# operations that change the caller's own relation to an item, not the item: reading it is
# what they require (driveitem-unfollow lists Files.Read)
_CALLER_STATE = ("unfollow", "follow")


def _write_kind(op: Operation) -> str | None:
    if op.method == "DELETE":
        return "delete"
    if op.method in ("PATCH", "PUT"):
        return "update"
    if op.method == "POST" and op.kind == "create":
        return "create"
    return None  # actions: many POST actions only read (getMemberGroups, getByIds)


def _write_permissions(ctx: LintContext, parsed: ParsedPage) -> None:
    page, op = parsed.page, parsed.operation
    if page is None or op is None:
        return
    kind = _write_kind(op)
    if kind is None or op.title.lower().startswith(_CALLER_STATE):
        return
    for table in page.tables:
        if not table.header or "permission type" not in plain(table.header[0]).lower():
            continue  # not the standard table (subscriptions: a row per resource subscribed to)
        if classify_table(table) is not TableKind.PERMISSIONS:
            continue
        for row in table.rows:
            if len(row.cells) < 2:
                continue
            raw = plain(row.cells[1])
            first = next((a.strip() for a in _ALTERNATIVES.split(raw) if a.strip()), "")
            # "A.Read.All and B.ReadWrite.All": both are needed; a name holds no space
            scopes = [w for w in first.split() if w.lower() != "and"]
            if not scopes or not all(_reads_only(s) for s in scopes):
                continue
            ctx.report(
                PERMISSION_READ_FOR_WRITE,
                page.at(row.line),
                f"{'an' if kind == 'update' else 'a'} {kind} lists {first} as its least "
                "privileged permission "
                f"({plain(row.cells[0])}): a read permission cannot {kind}; "
                "list the write permission it needs first",
            )


# --- method-list-single


def _list_rows(ctx: LintContext, parsed: ParsedPage) -> None:
    t = parsed.type
    if t is None or parsed.page is None:
        return
    for method in t.methods:
        title = method.title.strip()
        ref = method.return_type
        if not title.lower().startswith("list") or ref is None or ref.collection:
            continue
        if ref.is_primitive:
            continue
        known = ctx.lookup(ref.qualified_name)
        shown = plain(ref.raw).strip().strip("`*").rsplit(".", 1)[-1]
        if known is None or shown.lower() != known.name.lower():
            continue  # "DriveItems", "objects": the cell says many in words the parser skips
        op = ctx.model.operation(method.operation_id) if method.operation_id else None
        if op is not None and op.kind == "get":
            what = f"links {method.link}, which gets one {ref.name}: retitle the row or relink it"
        else:
            what = f"its return type says one {ref.name}: write '{ref.name} collection'"
        ctx.report(
            METHOD_LIST_SINGLE, method.source, f"Methods row '{title}' is a list, but {what}"
        )


# --- link-text-type-mismatch

# a link labelled with one camelCase word, to a plain target: ``[x](../resources/y.md)``. Read
# by this expression, not the parser's CommonMark link reader (five times the time on beta):
# the label holds no bracket and the target no space or parenthesis, so each attempt stops at
# the first character outside them (linear); a target the expression does not read is skipped
_TYPE_LINK = re.compile(
    r"\[[`*_]*+([a-z][a-z0-9]*+[A-Z][A-Za-z0-9]*+)[`*_]*+\]\(\s*+([^()\s]++)\s*+\)"
)


def _singulars(word: str) -> tuple[str, ...]:
    if word.endswith("ies"):
        return word, word[:-3] + "y"
    if word.endswith("es"):
        return word, word[:-2], word[:-1]
    if word.endswith("s"):
        return word, word[:-1]
    return (word,)


class _Types:
    """Resource page path (lower case) -> the type it defines; and every member name (lower
    case) of every type (a link labelled with a property's name is about the property)."""

    def __init__(self, ctx: LintContext) -> None:
        self.by_page: dict[str, StructuredType] = {
            p.info.path.lower(): p.type
            for p in ctx.pages
            if p.type is not None and p.info.kind == "resource"
        }
        self.member_names = {p.name.lower() for t in ctx.model.types for p in t.properties}
        self.member_names |= {
            n.name.lower() for t in ctx.model.types for n in t.navigation_properties
        }
        self._resolved: dict[tuple[str, str], StructuredType | None] = {}

    def at(self, folder: str, target: str) -> StructuredType | None:
        """The type of the resource page a link from ``folder`` to ``target`` leads to."""
        key = (folder, target)
        if key not in self._resolved:
            path = posixpath.normpath(posixpath.join(folder, target)).lower()
            self._resolved[key] = self.by_page.get(path)
        return self._resolved[key]


def _link_texts(ctx: LintContext, parsed: ParsedPage, types: _Types) -> None:
    page = parsed.page
    if page is None:
        return
    folder = posixpath.dirname(parsed.info.path)
    lines = [(p.line, p.text) for p in page.prose if "](" in p.text]
    lines += [(r.line, r.raw) for t in page.tables for r in t.rows if "](" in r.raw]
    for line, text in lines:
        for m in _TYPE_LINK.finditer(text):
            word, target = m.group(1), m.group(2)
            if m.start() and text[m.start() - 1] in "!\\":
                continue  # an image, an escaped bracket: no link
            lowered = target.lower()
            if lowered.endswith(word.lower() + ".md") or "#" in target or "://" in target:
                continue  # the usual link: to the page named after the type
            t = types.at(folder, lowered)
            if t is None:
                continue
            path = posixpath.normpath(posixpath.join(folder, lowered))
            name = t.name.lower()
            stem = posixpath.basename(path)[:-3].rsplit("-", 1)[-1]
            forms = _singulars(word.lower())
            # the type's name (a plural, a shortened "checklistItem" for plannerChecklistItem),
            # the page's file name, or a property's name: what the link is meant to say
            if any(f == name or f == stem or name.endswith(f) for f in forms):
                continue
            if any(f in types.member_names for f in forms):
                continue
            known = ctx.model.type(word)
            ctx.report(
                LINK_TEXT_TYPE_MISMATCH,
                page.at(line),
                f"link text '{word}' "
                + ("names another type than" if known is not None else "names no type, but")
                + f" its target {target} documents {t.name}: "
                + (
                    f"link {word}'s own page or name {t.name}"
                    if known is not None
                    else f"name the type {t.name}"
                ),
                t.name if known is None else None,
            )


# --- property-case-prose

_SPAN = re.compile(r"\*\*([A-Za-z_][A-Za-z0-9_]*+)\*\*|`([A-Za-z_][A-Za-z0-9_]*+)`")
_SENTENCE_END = re.compile(r"\. ")
_SAYS_PROPERTY = re.compile(r"propert|relationship")


def _page_types(ctx: LintContext, parsed: ParsedPage) -> list[StructuredType]:
    """The types a page documents: its resource, or its operation's body and response."""
    out = [parsed.type] if parsed.type is not None else []
    op = parsed.operation
    for ref in (op.request_body_type, op.response_type) if op is not None else ():
        t = ctx.model.type(ref.qualified_name) if ref is not None and not ref.is_primitive else None
        if t is not None:
            out.append(t)
    return out


def _property_case(ctx: LintContext, parsed: ParsedPage) -> None:
    """A bold or code word naming a member of the page's types in another case, in a sentence
    that calls it a property or relationship (``Include the **displayname** ... properties``)."""
    page = parsed.page
    if page is None:
        return
    types = None
    for prose in page.prose:
        text = prose.text
        if ("ropert" not in text and "elationship" not in text) or (
            "**" not in text and "`" not in text
        ):
            continue  # says neither "property" nor "relationship", or marks no word
        # where sentences end and where "propert"/"relationship" stand, found once a line: a
        # marked word is checked by bisecting them (a scan to the sentence's end from every
        # marked word would be quadratic in a line of marked words and no full stop)
        stops = [m.start() for m in _SENTENCE_END.finditer(text)]
        says = [m.start() for m in _SAYS_PROPERTY.finditer(text.lower())]
        for m in _SPAN.finditer(text):
            k = bisect.bisect_left(says, m.end())
            if k == len(says):
                break  # no "property" after this word on the line, nor after the next ones
            j = bisect.bisect_left(stops, m.end())
            if j < len(stops) and stops[j] < says[k]:
                continue  # the sentence ends first
            word = m.group(1) or m.group(2)
            if types is None:
                types = _page_types(ctx, parsed)
            spellings = {member.name for t in types if (member := ctx.member(t, word)) is not None}
            # a property's name is camelCase: a capitalised "member" is a table the parser
            # misread as one (resources/accessreview.md's scenario table: "Instance of ...")
            spellings = {n for n in spellings if n[:1].islower()}
            if not spellings or word in spellings:
                continue
            right = min(spellings)
            ctx.report(
                PROPERTY_CASE_PROSE,
                page.at(prose.line),
                f"the text names the property '{word}'; its table spells it '{right}'",
                right,
            )


# --- page-annotation-mismatch

_VERBS = {
    "get": "read",
    "list": "read",
    "create": "create",
    "add": "create",
    "update": "update",
    "delete": "delete",
    "remove": "delete",
}
# what each request method (and a POST create) may be described as doing
_FITS = {
    "GET": frozenset({"read"}),
    "create": frozenset({"create"}),
    "PATCH": frozenset({"update"}),
    "PUT": frozenset({"update", "create"}),  # PUT creates or replaces
    "DELETE": frozenset({"delete"}),
}


def _annotation_kind(ctx: LintContext, parsed: ParsedPage) -> None:
    page, op = parsed.page, parsed.operation
    if page is None or op is None:
        return
    method = "create" if op.method == "POST" and op.kind == "create" else op.method
    fits = _FITS.get(method)
    if fits is None:
        return  # POST actions: "Create a copy", "Add permissions" describe actions rightly
    for comment in page.comments:
        if "#page.annotation" not in comment.text or '"description"' not in comment.text:
            continue
        annotation, _ = parse_annotation(comment.text, page.at(comment.line))
        data = annotation.data if annotation is not None else None
        text = data.get("description") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.split():
            continue
        said = _VERBS.get(text.split()[0].lower())
        if said is None or said in fits:
            continue
        offset = comment.text.find('"description"')
        ctx.report(
            PAGE_ANNOTATION_MISMATCH,
            page.at(comment.line + comment.text.count("\n", 0, offset)),
            f"the page annotation's description '{text[:60]}' does not describe this "
            f"{op.method} {'create' if method == 'create' else 'operation'} ('{op.title}'): "
            "describe what the page does",
            op.title,
        )


def check(ctx: LintContext) -> None:
    """All page-text rules."""
    types = _Types(ctx)
    for parsed in ctx.pages:
        page = parsed.page
        if page is None:
            continue
        _link_texts(ctx, parsed, types)  # overview pages link types too
        if parsed.info.kind not in ("api", "resource"):
            continue
        _empty_sections(ctx, page)
        _write_permissions(ctx, parsed)
        _list_rows(ctx, parsed)
        _property_case(ctx, parsed)
        _annotation_kind(ctx, parsed)
    ctx.collapse(PERMISSION_READ_FOR_WRITE, "rows naming a read permission first")
