"""Page structure: broken JSON and annotations, duplicate example names, missing sections,
the namespace line, TODO placeholders, and Methods-table links out of the doc set."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from codegen.ir import rule_ids as ids
from codegen.ir.diagnostics import Severity
from codegen.ir.source import SourceRef
from codegen.lint.catalog import (
    ANNOTATION_MALFORMED,
    ANNOTATION_MISSING,
    BASE_TYPE_CONFLICT,
    CODE_FENCE_UNCLOSED,
    EXAMPLE_NAME_DUPLICATE,
    HTTP_BLOCK_MALFORMED,
    JSON_INVALID,
    JSON_REPAIRED,
    METHOD_LINK_BROKEN,
    NAME_ZERO_WIDTH,
    NAMESPACE_MISSING,
    PAGE_UNREADABLE,
    PLACEHOLDER_TEXT,
    SECTION_MISSING,
    TYPE_DUPLICATE,
)
from codegen.lint.context import LintContext
from codegen.parser.docset import ParsedPage
from codegen.parser.page import Page, Table
from codegen.parser.properties import cell_name, name_columns, plain
from codegen.parser.sections import TableKind, classify_table, column, heading_key
from codegen.parser.type_names import ZERO_WIDTH, without_zero_width

_TODO = re.compile(r"\bTODO\b")
# what Intune's generated pages write where no description was given (the front matter
# description, the page's opening paragraph, description cells): the whole text, nothing else
_UNDOCUMENTED = re.compile(r"(?i)^\s*+not yet documented\.?\s*+$")
_EXAMPLE_LANGS = frozenset({"http", "json", "msgraph-interactive"})
REQUIRED = {
    "api": (
        "permissions",
        "http request",
        "request headers",
        "request body",
        "response",
        "example",
    ),
    "resource": ("properties", "json representation"),
}


def parse_rule(parse_rule_id: str) -> str | None:
    """The lint rule a parser diagnostic belongs to (None: not reported by lint)."""
    if parse_rule_id == ids.JSON_INVALID:
        return JSON_INVALID
    if parse_rule_id == ids.CODE_FENCE_UNCLOSED:
        return CODE_FENCE_UNCLOSED
    family = parse_rule_id.split("-", 1)[0] + "-"
    if parse_rule_id.startswith(ids.ANNOTATION_PREFIX):
        return ANNOTATION_MALFORMED
    return {
        "json-": JSON_REPAIRED,
        "http-": HTTP_BLOCK_MALFORMED,
        "front-": PAGE_UNREADABLE,  # front-matter-*
        "comment-": PAGE_UNREADABLE,
        "encoding-": PAGE_UNREADABLE,
    }.get(family) or {
        ids.BASE_TYPE_MISMATCH: BASE_TYPE_CONFLICT,
        ids.TYPE_DUPLICATE: TYPE_DUPLICATE,
    }.get(
        parse_rule_id
    )


# what to fix, for parser notes that describe what the tolerant reader did
_FIX = {
    ids.JSON_COMMENT: "a comment in JSON: remove it (JSON has no comments)",
    ids.JSON_SINGLE_QUOTE: "a single-quoted string: JSON strings take double quotes",
    ids.JSON_EXTRA_COMMA: "a leading or doubled comma: remove it",
    ids.JSON_TRAILING_COMMA: "a trailing comma: remove it (strict JSON parsers reject it)",
    ids.JSON_MISSING_COMMA: "a missing comma between members: add it",
    ids.JSON_FRAGMENT: "bare object members: wrap them in { }",
}
_STYLE = ("trailing-comma", "extra-comma")  # notes a tolerant reader always survives: warnings


def _parse_diagnostics(ctx: LintContext) -> None:
    for d in ctx.model.diagnostics:
        rule = parse_rule(d.rule)
        if rule is None:
            continue
        bare = d.rule.removeprefix(ids.ANNOTATION_PREFIX)
        root = ctx.docs_root.rstrip("/")
        message = d.message.replace(root + "/", "") if root else d.message
        if bare in _FIX:
            where = "annotation: " if d.rule.startswith(ids.ANNOTATION_PREFIX) else ""
            message = where + _FIX[bare]
        style = rule == ANNOTATION_MALFORMED and bare.endswith(_STYLE)
        ctx.report(
            rule, d.source, message, d.suggestion, severity=Severity.WARNING if style else None
        )


def _example_names(ctx: LintContext) -> None:
    first: dict[str, SourceRef] = {}
    for page in ctx.pages:
        for example in page.operation.examples if page.operation else ():
            if not example.name:
                continue
            block = example.request or example.response
            where = (
                ctx.annotation_ref(block.source, '"name"') if block else None
            ) or example.source
            seen = first.setdefault(example.name, where)
            if seen != where:
                ctx.report(
                    EXAMPLE_NAME_DUPLICATE,
                    where,
                    f"example name '{example.name}' is already used at {ctx.shown(seen)}: "
                    "give this example its own name",
                    f"{posixpath.basename(page.info.path)[:-3].replace('-', '_')}",
                )


def _layout(ctx: LintContext, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None:
        return
    where = parsed.info.source
    keys = [heading_key(h.text) for h in page.headings]
    describes = (
        parsed.type is not None if parsed.info.kind == "resource" else parsed.operation is not None
    )
    permissions_table = any(
        "permission" in cell.lower() for table in page.tables for cell in table.header
    )
    for section in REQUIRED.get(parsed.info.kind, ()) if describes else ():
        if section == "permissions" and permissions_table:
            continue  # a permissions table under another heading ("Prerequisites") counts
        if not any(k.startswith(section) or k.endswith(section) for k in keys):
            ctx.report(
                SECTION_MISSING, where, f"{parsed.info.kind} page has no '{section}' section"
            )
    conceptual = str(page.front_matter.get("doc_type", "")).startswith("conceptual")
    if (
        parsed.info.kind in REQUIRED
        and not conceptual
        and not any(p.text.lower().startswith("namespace:") for p in page.prose)
    ):
        ctx.report(
            NAMESPACE_MISSING,
            where,
            "no 'Namespace:' line under the title",
            f"Namespace: {page.front_matter.get('Namespace') or 'microsoft.graph'}",
        )
    _placeholders(ctx, page)
    annotated = {f.line for f in page.fences if f.comment is not None}
    for fence in page.fences:
        heading = heading_key(fence.heading.text) if fence.heading else ""
        if (
            fence.lang in _EXAMPLE_LANGS
            and fence.line not in annotated
            and (heading.startswith(("request", "response", "example")))
            and heading not in ("request body", "request headers")
        ):
            ctx.report(
                ANNOTATION_MISSING,
                page.at(fence.fence_line),
                f"```{fence.lang} example under '{fence.heading.text if fence.heading else ''}' "
                "has no annotation comment",
            )


def _placeholders(ctx: LintContext, page: Page) -> None:
    """placeholder-text: a TODO anywhere; 'Not yet documented' as the whole of a front matter
    value or a paragraph (each a finding: the page's description is missing), or of table cells
    (one finding a table: a generated table repeats it in every row it has no text for)."""
    for key, value in page.front_matter.items():
        if not isinstance(value, str):
            continue
        line = page.front_matter_lines.get(key, 1)
        if _TODO.search(value):
            ctx.report(
                PLACEHOLDER_TEXT, page.at(line), f"front matter '{key}' is a TODO placeholder"
            )
        elif _UNDOCUMENTED.match(value):
            ctx.report(
                PLACEHOLDER_TEXT,
                page.at(line),
                f"front matter '{key}' is the placeholder '{value.strip()}': describe the page",
            )
    for prose in page.prose:
        if _TODO.search(prose.text):
            ctx.report(
                PLACEHOLDER_TEXT, page.at(prose.line), f"TODO left in the text: {prose.text[:80]}"
            )
        elif _UNDOCUMENTED.match(prose.text):
            ctx.report(
                PLACEHOLDER_TEXT,
                page.at(prose.line),
                f"the paragraph is the placeholder '{prose.text.strip()}': say what it documents",
            )
    for table in page.tables:
        undocumented: list[int] = []
        for row in table.rows:
            raw = row.raw or "|".join(row.cells)  # a substring test first: most rows hold neither
            if "TODO" in raw and any(_TODO.search(c) for c in row.cells):
                ctx.report(PLACEHOLDER_TEXT, page.at(row.line), "TODO left in a table row")
            elif "documented" in raw.lower() and any(_UNDOCUMENTED.match(c) for c in row.cells):
                undocumented.append(row.line)
        if undocumented:
            others = ", ".join(str(n) for n in undocumented[1:6])
            more = ", ..." if len(undocumented) > 6 else ""
            ctx.report(
                PLACEHOLDER_TEXT,
                page.at(undocumented[0]),
                f"{len(undocumented)} row{'s' if len(undocumented) > 1 else ''} of the table "
                f"at line {table.line} describe{'' if len(undocumented) > 1 else 's'} "
                "nothing: 'Not yet documented'"
                + (f" (also lines {others}{more})" if others else "")
                + (": describe each" if len(undocumented) > 1 else ": describe it"),
            )


_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_NAMED_TABLES = frozenset(
    {
        TableKind.PROPERTIES,
        TableKind.RELATIONSHIPS,
        TableKind.PATH_PARAMETERS,
        TableKind.QUERY_PARAMETERS,
        TableKind.FUNCTION_PARAMETERS,
        TableKind.REQUEST_HEADERS,
        TableKind.REQUEST_BODY,
    }
)


def _named_columns(table: Table) -> tuple[tuple[str, int | None], ...]:
    """("name"/"type", column) of the cells the parser reads names and types from."""
    kind = classify_table(table)
    if kind is TableKind.ENUM_VALUES:
        return (("name", column(table, "member", "name", "value", "enum member") or 0),)
    if kind in _NAMED_TABLES:
        name_i, type_i = name_columns(table)
        return (("name", name_i), ("type", type_i))
    return ()


def _zero_width(ctx: LintContext, page: Page) -> None:
    """name-zero-width: an invisible character in a name or type cell. The parser reads the
    cell without it (``display\u200bName`` is ``displayName``); the page should not hold it."""
    for table in page.tables:
        if not any(_ZERO_WIDTH.search(row.raw) for row in table.rows):
            continue
        for what, i in _named_columns(table):
            if i is None:
                continue
            for row in table.rows:
                cell = row.cells[i] if i < len(row.cells) else ""
                if not _ZERO_WIDTH.search(cell):
                    continue
                clean = without_zero_width(cell).strip()
                read = cell_name(clean) if what == "name" else plain(clean)
                codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in _ZERO_WIDTH.findall(cell)}))
                shown = _ZERO_WIDTH.sub(lambda m: f"\\u{ord(m.group()):04x}", cell.strip())
                ctx.report(
                    NAME_ZERO_WIDTH,
                    page.at(row.line),
                    f"{what} cell '{shown}' holds a zero-width character ({codes}), invisible "
                    f"on the page: it is read as '{read}'; remove it",
                    clean,
                )


def _on_disk(target: str) -> bool:
    """True when the page exists (its name matched case-insensitively, as the doc set is)."""
    folder, name = posixpath.split(target)
    try:
        return name.lower() in {p.name.lower() for p in Path(folder or ".").iterdir()}
    except OSError:
        return False


def _method_links(ctx: LintContext) -> None:
    present = {p.info.path.lower() for p in ctx.pages}
    for page in ctx.pages:
        for method in page.type.methods if page.type else ():
            link = (method.link or "").split("#", 1)[0]
            if not link.lower().endswith(".md") or "://" in link or link.startswith("/"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.info.path), link))
            # a --changed-only run parses only some pages: the others are still in the doc set
            if target.lower() not in present and (ctx.selected is None or not _on_disk(target)):
                ctx.report(
                    METHOD_LINK_BROKEN,
                    method.source,
                    f"Methods table links '{method.title}' to {link}, which is not in the doc set",
                )


def check(ctx: LintContext) -> None:
    """All structure rules."""
    _parse_diagnostics(ctx)
    _example_names(ctx)
    for parsed in ctx.pages:
        _layout(ctx, parsed)
        if parsed.page is not None:
            _zero_width(ctx, parsed.page)
    _method_links(ctx)
    ctx.collapse(ANNOTATION_MISSING, "example blocks without annotation")
