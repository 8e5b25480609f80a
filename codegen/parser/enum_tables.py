"""Enum types from "X values" tables (on resource pages and enum pages)."""

from __future__ import annotations

import re

from codegen.ir.enums import EnumMember, EnumType
from codegen.parser.page import Page, Table
from codegen.parser.properties import cell_name, plain
from codegen.parser.sections import TableKind, classify_table, column

_VALUES_SUFFIX = re.compile(r"\s+(values|enum|enumeration)\s*$", re.IGNORECASE)
_INT = re.compile(r"^-?\d+$")


def enum_name(heading: str) -> str:
    """``exactMatchState values`` / ``exactMatchStateValues`` → ``exactMatchState``."""
    text = plain(heading).strip()
    text = _VALUES_SUFFIX.sub("", text)
    if text.endswith("Values") and " " not in text:
        text = text[: -len("Values")]
    return cell_name(text).removeprefix("microsoft.graph.")


def _members(page: Page, table: Table) -> tuple[EnumMember, ...]:
    name_i = column(table, "member", "name", "value", "enum member") or 0
    value_i = column(table, "value", "int value")
    desc_i = column(table, "description")
    out = []
    for row in table.rows:
        cells = row.cells
        name = cell_name(cells[name_i]) if name_i < len(cells) else ""
        if not name:
            continue
        raw_value = (
            plain(cells[value_i])
            if value_i is not None and value_i != name_i and value_i < len(cells)
            else ""
        )
        out.append(
            EnumMember(
                name=name,
                value=int(raw_value) if _INT.match(raw_value) else None,
                description=(
                    plain(cells[desc_i]) if desc_i is not None and desc_i < len(cells) else ""
                ),
                source=page.at(row.line),
            )
        )
    return tuple(out)


def read_enums(page: Page) -> list[EnumType]:
    """Every enum-values table on a page, as enum types."""
    out = []
    for table in page.tables:
        if classify_table(table) is not TableKind.ENUM_VALUES or table.heading is None:
            continue
        name = enum_name(table.heading.text)
        members = _members(page, table)
        if name and members:
            out.append(EnumType(name=name, members=members, source=page.at(table.heading.line)))
    return out
