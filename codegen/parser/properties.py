"""Table rows that describe properties, relationships and parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from codegen.ir.operation import Parameter, ParameterLocation
from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property
from codegen.parser.page import Row, Table
from codegen.parser.sections import TYPE_COLUMNS, column
from codegen.parser.type_names import normalize_type, strip_links, without_zero_width

_INHERITED = re.compile(r"\binherited from\s+", re.IGNORECASE)
# What may name a type right after a phrase such as "inherited from": a link (inline or
# reference-style, possibly in bold), a bold or code identifier, or a type-like bare word
# (camelCase with an inner capital, or namespace-qualified); plain English never does.
_MENTION = re.compile(
    r"""(?:the\s+)?(?:
        \*{0,2}\[\s*\*{0,2}`?(?P<label>[\w.#]+)`?\*{0,2}\s*\](?:\((?P<target>[^)\s]*+)[^)]*+\)|\[[^\]]*\])?
      | \*\*`?(?P<bold>[\w.#]+)`?\*\*
      | `(?P<code>[\w.#]+)`
      | (?P<word>\#?[a-z][a-z0-9]*[A-Z][\w]*|\#?microsoft\.graph(?:\.[A-Za-z_]\w*)+|\#?graph\.[A-Za-z_]\w*)
    )""",
    re.VERBOSE,
)
_TYPE_WORD = re.compile(r"^#?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_READ_ONLY = re.compile(r"\bread[- ]?only\b", re.IGNORECASE)
_NOT_NULLABLE = re.compile(r"\b(not nullable|non-nullable|cannot be null)\b", re.IGNORECASE)
_NULLABLE = re.compile(r"\bnullable\b", re.IGNORECASE)
_REQUIRED = re.compile(r"\brequired\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"\boptional\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*`]|\\(?=[|_*\[\]])")
_NAME_IN_CELL = re.compile(r"[@\w.$:-]+")
_SECTION_ROW = re.compile(r"^(\*\*|__)[^*_]+(\*\*|__)$")
# "For each property in the **x** collection, ...": the row describes x's items
_NESTED = re.compile(
    r"^for (?:each|every) \w+ in (?:the |an? )?(\w+) (?:collection|array|list)\b", re.IGNORECASE
)


@lru_cache(maxsize=16384)
def plain(cell: str) -> str:
    """Cell text without emphasis, code ticks, link targets or <br> tags."""
    text = strip_links(cell.replace("<br/>", " ").replace("<br>", " ").replace("<br />", " "))
    return " ".join(_MARKUP.sub("", text).split())


@lru_cache(maxsize=16384)
def cell_name(cell: str) -> str:
    """The identifier a name cell holds (first word, markup and zero-width characters
    stripped: ``display\u200bName`` is ``displayName``)."""
    m = _NAME_IN_CELL.search(without_zero_width(plain(cell)))
    return m.group(0) if m else ""


def base_name(name: str) -> str:
    """A type name as a base: bare in ``microsoft.graph``, fully qualified in a sub-namespace."""
    name = name.strip().lstrip("#")
    for prefix in ("microsoft.graph.", "graph."):
        if name.lower().startswith(prefix) and "." not in name[len(prefix) :]:
            return name[len(prefix) :]
    return name


def type_mention(text: str, pos: int = 0) -> str | None:
    """The type named at ``pos`` in ``text`` (a link, bold/code name or type-like word)."""
    m = _MENTION.match(text, pos)
    if not m:
        return None
    target = m.group("target")
    if target is not None and not target.lower().split("#", 1)[0].endswith(".md"):
        return None  # a link to a web page (a standard, an article) names no type
    name = m.group("label") or m.group("bold") or m.group("code") or m.group("word") or ""
    name = name.rstrip(".")
    return base_name(name) if _TYPE_WORD.match(name) else None


@lru_cache(maxsize=16384)
def inherited_from(description: str) -> str | None:
    """The type named by an "Inherited from X" phrase, else None (plain English is no type)."""
    for m in _INHERITED.finditer(description):
        found = type_mention(description, m.end())  # not a slice: one per phrase
        if found:
            return found
    return None


@lru_cache(maxsize=16384)
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


def _columns(table: Table) -> tuple[int, int | None, int | None]:
    """(name, type, description) column indexes of a table, by header where possible."""
    name_i = column(table, "property", "name", "parameter", "relationship") or 0
    type_i = column(table, *TYPE_COLUMNS, "value")
    desc_i = column(table, "description", "notes")
    if desc_i is None:
        desc_i = len(table.header) - 1
    return name_i, type_i, (desc_i if desc_i != type_i else None)


def name_columns(table: Table) -> tuple[int, int | None]:
    """(name, type) column indexes of a properties, relationships or parameters table."""
    return _columns(table)[:2]


def _rows(table: Table) -> Iterator[tuple[Row, str, str, str]]:
    """(row, name, type, description) of each row that describes one item.

    Skipped: section rows (``|**Onboarding**|``, one bold cell and nothing else) and rows
    that describe the members of another row's collection ("For each property in the
    **multiValueExtendedProperties** collection, ...").
    """
    name_i, type_i, desc_i = _columns(table)
    names: set[str] | None = None  # every row's name, read only when a row looks nested
    for row in table.rows:
        cells = row.cells
        if _SECTION_ROW.match(cells[0] if cells else "") and not any(c for c in cells[1:]):
            continue
        name = cells[name_i] if name_i < len(cells) else ""
        type_cell = cells[type_i] if type_i is not None and type_i < len(cells) else ""
        description = cells[desc_i] if desc_i is not None and desc_i < len(cells) else ""
        nested = (
            _NESTED.match(plain(description))
            if description.lstrip(" *_").lower().startswith(("for each", "for every"))
            else None
        )
        if nested is not None:
            if names is None:
                names = {cell_name(r.cells[name_i]) for r in table.rows if name_i < len(r.cells)}
            if nested.group(1) in names and nested.group(1) != cell_name(name):
                continue
        yield row, name, type_cell, description


def read_properties(table: Table, path: str) -> list[Property]:
    """Properties from a Properties (or request-body) table."""
    out: list[Property] = []
    for row, name_cell, type_cell, description in _rows(table):
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
    for row, name_cell, type_cell, description in _rows(table):
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
    for row, name_cell, type_cell, description in _rows(table):
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
