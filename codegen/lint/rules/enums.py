"""Enum value tables: one enum defined twice on one page.

- ``enum-duplicate``: a page has two "X values" tables for one enum (``resources/enums.md``
  defines riskLevel, riskState, riskDetail, networkType... twice). The model keeps the first
  and drops the second silently; a reader of the page finds both. Two identical tables are a
  warning (one is redundant); tables whose members differ (one lacks some, or spells one
  otherwise: ``unknownFutureValue`` and ``UnknownFutureValue``) contradict each other: an error,
  reported at the first member of the second table the first lacks, else at its heading.

Enums described on two pages (a resource page and ``enums.md``) are not this rule's: the docs do
that on purpose, the model picks the first page by path.

Linear: one dictionary of the page's enums by name, one set of the first table's members.
"""

from __future__ import annotations

from codegen.ir.diagnostics import Severity
from codegen.ir.enums import EnumType
from codegen.lint.catalog import ENUM_DUPLICATE
from codegen.lint.context import LintContext, listing
from codegen.parser.docset import ParsedPage


def _names(members: list[str]) -> str:
    return listing(members, ", ")


def _duplicate(ctx: LintContext, first: EnumType, again: EnumType) -> None:
    mine = [m.name for m in first.members]
    theirs = [m.name for m in again.members]
    name, line = again.name, first.source.line
    if mine == theirs:
        ctx.report(
            ENUM_DUPLICATE,
            again.source,
            f"enum {name} is defined a second time on this page, with the same members as at "
            f"line {line}: remove one of the two tables",
            subject=name,
        )
        return
    own = set(mine)
    by_lower = {m.name.lower(): m for m in first.members}
    added = [m for m in again.members if m.name not in own]
    kept = set(theirs) | {m.name.lower() for m in added}  # a member respelled is not lacking
    lacking = [m for m in mine if m not in kept and m.lower() not in kept]
    parts = []
    respelled = [m for m in added if m.name.lower() in by_lower]
    new = [m for m in added if m.name.lower() not in by_lower]
    if lacking:
        parts.append(f"without {_names(lacking)}")
    if new:
        parts.append(f"with {_names([m.name for m in new])}")
    if respelled:
        parts.append(
            "spelling "
            + _names(
                [
                    f"{m.name} (line {by_lower[m.name.lower()].source.line}: "
                    f"{by_lower[m.name.lower()].name})"
                    for m in respelled
                ]
            )
        )
    if not parts:
        parts.append("with the members in another order")
    at = added[0].source if added else again.source
    ctx.report(
        ENUM_DUPLICATE,
        at,
        f"enum {name} is defined a second time on this page ({'; '.join(parts)}) and contradicts "
        f"the table at line {line}: keep one table, with the members the service has",
        subject=name,
        severity=Severity.ERROR,
    )


def _page(ctx: LintContext, parsed: ParsedPage) -> None:
    seen: dict[str, EnumType] = {}
    for enum in parsed.enums:
        key = enum.qualified_name.lower()
        first = seen.setdefault(key, enum)
        if first is not enum:
            _duplicate(ctx, first, enum)


def check(ctx: LintContext) -> None:
    """Every page's enum tables."""
    for parsed in ctx.pages:
        if len(parsed.enums) > 1:
            _page(ctx, parsed)
