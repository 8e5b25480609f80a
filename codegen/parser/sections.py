"""What a heading or table means: Properties, Methods, Request body, enum values..."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from codegen.parser.page import Table

_NOISE = re.compile(r"[^a-z0-9 ]+")


class TableKind(str, Enum):
    """The role of a table, decided by its heading and, failing that, its header row."""

    PROPERTIES = "properties"
    RELATIONSHIPS = "relationships"
    METHODS = "methods"
    PERMISSIONS = "permissions"
    PATH_PARAMETERS = "path-parameters"
    QUERY_PARAMETERS = "query-parameters"
    FUNCTION_PARAMETERS = "function-parameters"
    REQUEST_HEADERS = "request-headers"
    REQUEST_BODY = "request-body"
    RESPONSE = "response"
    ENUM_VALUES = "enum-values"
    OTHER = "other"


@lru_cache(maxsize=4096)
def heading_key(text: str) -> str:
    """A heading's text lower-cased, without markdown punctuation."""
    return " ".join(_NOISE.sub(" ", text.lower()).split())


_BY_HEADING: tuple[tuple[str, TableKind], ...] = (
    ("propert", TableKind.PROPERTIES),
    ("relationship", TableKind.RELATIONSHIPS),
    ("method", TableKind.METHODS),
    ("permission", TableKind.PERMISSIONS),
    ("path parameter", TableKind.PATH_PARAMETERS),
    ("query parameter", TableKind.QUERY_PARAMETERS),
    ("function parameter", TableKind.FUNCTION_PARAMETERS),
    ("parameter", TableKind.FUNCTION_PARAMETERS),
    ("request header", TableKind.REQUEST_HEADERS),
    ("header", TableKind.REQUEST_HEADERS),
    ("request body", TableKind.REQUEST_BODY),
    ("response", TableKind.RESPONSE),
)


def classify_table(table: Table) -> TableKind:
    """Decide a table's role from its heading, then from its first header cell."""
    first = heading_key(table.header[0]) if table.header else ""
    columns = {heading_key(c) for c in table.header}
    if table.heading is not None:
        key = heading_key(table.heading.text)
        if key.endswith((" values", " enum", " enumeration")):
            return TableKind.ENUM_VALUES
        if key == "properties" and first in ("member", "value") and "type" not in columns:
            return TableKind.ENUM_VALUES
        if key.startswith("example"):
            return TableKind.OTHER  # e.g. the keys of an example JSON definition
        # request body tables are about parameters even though a column says "property"
        if key.startswith("request body"):
            return TableKind.REQUEST_BODY
        if key == "request headers" or key == "request header":
            return TableKind.REQUEST_HEADERS
        for needle, kind in _BY_HEADING:
            if needle in key:
                if kind is TableKind.PROPERTIES and not _describes_properties(key, first, columns):
                    return TableKind.OTHER
                return kind
    if first in ("member", "value", "enum member") and "type" not in columns:
        return TableKind.ENUM_VALUES
    if first in ("property", "name") and "type" in columns:
        return TableKind.PROPERTIES
    if first == "relationship":
        return TableKind.RELATIONSHIPS
    if first == "method":
        return TableKind.METHODS
    if first == "permission type":
        return TableKind.PERMISSIONS
    return TableKind.OTHER


_NAME_COLUMNS = frozenset({"property", "properties", "name", "property name", "parameter"})
# Header cells that head a property's type column, in order of preference.
TYPE_COLUMNS = ("type", "data type", "return type", "property type", "value type")


def _describes_properties(key: str, first: str, columns: set[str]) -> bool:
    """Whether a table under a "...properties..." heading lists the page type's properties.

    Not: a table of a JSON policy definition's keys ("Properties of a claims-mapping policy
    definition"), nor one of a property's values ("Pre-set constant | Color mapped to").
    """
    if key.startswith("properties of") or "definition" in key:
        return False
    return first in _NAME_COLUMNS or not columns.isdisjoint(TYPE_COLUMNS)


def column(table: Table, *names: str) -> int | None:
    """Index of the first header cell whose key is one of ``names``, else None."""
    keys = [heading_key(c) for c in table.header]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None
