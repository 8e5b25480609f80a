"""Table rows that describe properties, relationships and parameters."""

from __future__ import annotations

import re

from codegen.ir.operation import Parameter, ParameterLocation
from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property
from codegen.parser.page import Row, Table
from codegen.parser.sections import column
from codegen.parser.type_names import normalize_type, strip_links

_INHERITED = re.compile(
    r"inherited from\s+\[([^\]]+)\]|inherited from\s+\*{0,2}(\w+)", re.IGNORECASE
)
_READ_ONLY = re.compile(r"\bread[- ]?only\b", re.IGNORECASE)
_NOT_NULLABLE = re.compile(r"\b(not nullable|non-nullable|cannot be null)\b", re.IGNORECASE)
_NULLABLE = re.compile(r"\bnullable\b", re.IGNORECASE)
_REQUIRED = re.compile(r"\brequired\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"\boptional\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*`]|\\(?=[|_*\[\]])")
_NAME_IN_CELL = re.compile(r"[@\w.$:-]+")


def plain(cell: str) -> str:
    """Cell text without emphasis, code ticks, link targets or <br> tags."""
    text = strip_links(cell.replace("<br/>", " ").replace("<br>", " ").replace("<br />", " "))
    return " ".join(_MARKUP.sub("", text).split())


def cell_name(cell: str) -> str:
    """The identifier a name cell holds (first word, markup stripped)."""
    m = _NAME_IN_CELL.search(plain(cell))
    return m.group(0) if m else ""


def inherited_from(description: str) -> str | None:
    """The type named by an "Inherited from [X]" phrase, else None."""
    m = _INHERITED.search(description)
    if not m:
        return None
    return (m.group(1) or m.group(2)).strip().removeprefix("microsoft.graph.")


def _flags(description: str) -> tuple[bool | None, bool | None, bool | None]:
    """(nullable, read_only, required) as the description states them."""
    read_only = True if _READ_ONLY.search(description) else None
    if _NOT_NULLABLE.search(description):
        nullable: bool | None = False
    elif _NULLABLE.search(description):
        nullable = True
    else:
        nullable = None
    if _REQUIRED.search(description):
        required: bool | None = True
    elif _OPTIONAL.search(description):
        required = False
    else:
        required = None
    return nullable, read_only, required


def _cells(table: Table, row: Row) -> tuple[str, str, str]:
    """(name, type, description) cells of a row, by header where possible."""
    name_i = column(table, "property", "name", "parameter", "relationship") or 0
    type_i = column(table, "type", "value", "data type")
    desc_i = column(table, "description", "notes")
    cells = row.cells
    name = cells[name_i] if name_i < len(cells) else ""
    type_cell = cells[type_i] if type_i is not None and type_i < len(cells) else ""
    if desc_i is None:
        desc_i = len(table.header) - 1
    description = cells[desc_i] if desc_i < len(cells) and desc_i != type_i else ""
    return name, type_cell, description


def read_properties(table: Table, path: str) -> list[Property]:
    """Properties from a Properties (or request-body) table."""
    out: list[Property] = []
    for row in table.rows:
        name_cell, type_cell, description = _cells(table, row)
        name = cell_name(name_cell)
        if not name:
            continue
        nullable, read_only, required = _flags(description)
        out.append(
            Property(
                name=name,
                type=normalize_type(type_cell),
                description=plain(description),
                nullable=nullable,
                read_only=read_only,
                required=required,
                inherited_from=inherited_from(description),
                source=SourceRef(file=path, line=row.line),
            )
        )
    return out


def read_relationships(table: Table, path: str) -> list[NavigationProperty]:
    """Navigation properties from a Relationships table."""
    out: list[NavigationProperty] = []
    for row in table.rows:
        name_cell, type_cell, description = _cells(table, row)
        name = cell_name(name_cell)
        if name:
            out.append(
                NavigationProperty(
                    name=name,
                    type=normalize_type(type_cell),
                    description=plain(description),
                    source=SourceRef(file=path, line=row.line),
                )
            )
    return out


def read_parameters(table: Table, path: str, location: ParameterLocation) -> list[Parameter]:
    """Parameters (path, query, header or body) from a parameters table."""
    out: list[Parameter] = []
    for row in table.rows:
        name_cell, type_cell, description = _cells(table, row)
        name = cell_name(name_cell)
        if not name:
            continue
        _, _, required = _flags(description)
        out.append(
            Parameter(
                name=name,
                location=location,
                type=normalize_type(type_cell) if location != "header" else None,
                required=required,
                description=plain(description),
                inherited_from=inherited_from(description),
                source=SourceRef(file=path, line=row.line),
            )
        )
    return out
