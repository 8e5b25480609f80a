"""Enum types from "X values" tables (on resource pages and enum pages)."""

from __future__ import annotations

import re

from codegen.ir.enums import EnumMember, EnumType
from codegen.parser.page import Page, Table
from codegen.parser.properties import cell_name, plain
from codegen.parser.resource_page import is_conceptual, page_title
from codegen.parser.sections import TableKind, classify_table, column, heading_key
from codegen.parser.type_names import without_zero_width

_VALUES_SUFFIX = re.compile(
    r"\s+(?:property\s+)?(?:values|enum|enumeration|enum type|enumeration type)\s*$", re.IGNORECASE
)
_INT = re.compile(r"^-?\d+$")
_IDENT = re.compile(r"^[A-Za-z_][\w.]*$")
# Headings that name a section, not the enum: the enum is the page's own type.
_GENERIC = frozenset(
    {"members", "member", "values", "value", "properties", "enum members", "enum values"}
)


def enum_name(heading: str) -> str:
    """``exactMatchState values`` / ``exactMatchStateValues`` → ``exactMatchState``; "" if none.

    Only a heading that is one identifier (plus a "values" suffix) names an enum:
    "Group visibility options" or "403 Forbidden" do not.
    """
    text = without_zero_width(plain(heading)).strip()
    text = _VALUES_SUFFIX.sub("", text)
    if text.endswith("Values") and " " not in text:
        text = text[: -len("Values")]
    if not _IDENT.match(text):
        return ""
    return text.removeprefix("microsoft.graph.")


def _is_enum_page(page: Page) -> bool:
    """A page that documents one enum type (``doc_type: enumPageType`` or an "X enum" title)."""
    doc_type = str(page.front_matter.get("doc_type") or "").lower()
    title = plain(page_title(page)[0]).lower()
    return doc_type == "enumpagetype" or title.endswith((" enum type", " enum", " enumeration"))


def _table_enum_name(page: Page, table: Table) -> str:
    """The enum a values table defines: its heading's, or the page's for a Members section."""
    heading = table.heading.text if table.heading is not None else ""
    if heading_key(heading) in _GENERIC or not heading:
        return enum_name(page_title(page)[0]) if _is_enum_page(page) else ""
    return enum_name(heading)


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
    out: list[EnumType] = []
    if is_conceptual(page):
        return out
    for table in page.tables:
        if classify_table(table) is not TableKind.ENUM_VALUES:
            continue
        name = _table_enum_name(page, table)
        members = _members(page, table)
        if name and members:
            line = table.heading.line if table.heading is not None else table.line
            out.append(EnumType(name=name, members=members, source=page.at(line)))
    return out
