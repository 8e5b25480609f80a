"""Resource pages: a type's properties, relationships, methods and JSON representation."""

from __future__ import annotations

import posixpath
import re

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.http import JsonValue
from codegen.ir.rule_ids import BASE_TYPE_MISMATCH
from codegen.ir.source import SourceRef
from codegen.ir.structured import MethodLink, NavigationProperty, Property, StructuredType
from codegen.parser.annotations import Annotation
from codegen.parser.page import Page
from codegen.parser.properties import (
    base_name,
    plain,
    read_properties,
    read_relationships,
    type_mention,
)
from codegen.parser.sections import TableKind, classify_table, column, heading_key
from codegen.parser.tolerant_json import parse_tolerant_json
from codegen.parser.type_names import link_targets, normalize_type

_TITLE = re.compile(
    r"^(.*?)\s+(resource type|complex type|entity type|resource|object)\b", re.IGNORECASE
)
# "Inherits from", "Derived from", "is the derivative of", "properties are inherited from",
# anywhere in a line, then optional filler ("the abstract base type") before the type itself
_BASE_PHRASE = re.compile(
    r"\b(?:inherits from|derive[sd] from|derivative of|inherited from)\s+"
    r"(?:(?:the|an?|abstract|base|type|class|resource)\s+){0,4}",
    re.IGNORECASE,
)
# prose that never states the page's base type
_NOT_BASE_SECTIONS = ("example", "relationship", "method", "json", "response", "request")
_IDENT = re.compile(r"^[A-Za-z_][\w.]*$")


def split_qualified(name: str) -> tuple[str, str]:
    """(namespace, name) of ``microsoft.graph.x``/``#microsoft.graph.a.x``/``x``."""
    name = name.strip().lstrip("#")
    if name.lower().startswith("collection(") and name.endswith(")"):
        name = name[11:-1]
    if "." not in name:
        return "microsoft.graph", name
    namespace, _, short = name.rpartition(".")
    if namespace.lower() == "graph":
        namespace = "microsoft.graph"
    return namespace, short


def operation_id(link: str | None) -> str | None:
    """The operation id (file stem, lower case) a Methods-table link points to."""
    if not link:
        return None
    target = link.split("#", 1)[0].split("?", 1)[0]
    if not target.lower().endswith(".md"):
        return None
    return posixpath.basename(target)[:-3].lower()


def page_title(page: Page) -> tuple[str, int]:
    """The first H1 (or the front matter title) and its line."""
    for heading in page.headings:
        if heading.level == 1:
            return heading.text, heading.line
    title = page.front_matter.get("title")
    return (str(title) if title is not None else "", 1)


def is_conceptual(page: Page) -> bool:
    """A conceptual page (``doc_type: conceptualPageType``): an overview, not a reference."""
    return str(page.front_matter.get("doc_type") or "").lower() == "conceptualpagetype"


def resource_annotation(annotations: dict[int, Annotation]) -> tuple[Annotation | None, int]:
    """The page's first ``blockType: resource`` annotation and the line of its JSON."""
    for line, annotation in sorted(annotations.items()):
        if annotation.block_type == "resource":
            return annotation, line
    return None, 0


def _type_name(page: Page, annotation: Annotation | None) -> tuple[str, str]:
    """(namespace, name) from the annotation, else the title, else the file stem."""
    if annotation is not None and annotation.text("@odata.type"):
        return split_qualified(annotation.text("@odata.type") or "")
    title, _ = page_title(page)
    m = _TITLE.match(plain(title))
    if m and _IDENT.match(m.group(1).strip()):
        return split_qualified(m.group(1).strip())
    stem = posixpath.basename(page.path).rsplit(".", 1)[0]
    return "microsoft.graph", stem


def _prose_base(page: Page, name: str) -> tuple[str, int] | None:
    """The type a prose line says the page's type (``name``) inherits from, with its line.

    A sentence naming the type itself ("the following types are derived from **x**")
    introduces its derived types, not its base.
    """
    for prose in page.prose:
        if prose.heading is not None and heading_key(prose.heading.text).startswith(
            _NOT_BASE_SECTIONS
        ):
            continue
        for m in _BASE_PHRASE.finditer(prose.text):
            found = type_mention(prose.text, m.end())
            if found and _short(found) != name.lower():
                return found, prose.line
    return None


def _methods(page: Page, rows_of: list[tuple[str, str, str, int]]) -> list[MethodLink]:
    out = []
    for title_cell, type_cell, desc, line in rows_of:
        links = link_targets(title_cell)
        link = links[0][1] if links else None
        out.append(
            MethodLink(
                title=plain(title_cell),
                link=link,
                operation_id=operation_id(link),
                return_type=normalize_type(type_cell),
                description=plain(desc),
                source=page.at(line),
            )
        )
    return out


def read_resource_page(
    page: Page, annotations: dict[int, Annotation], diagnostics: list[Diagnostic]
) -> StructuredType | None:
    """The structured type a resource page describes, or None if it describes none."""
    annotation, json_line = resource_annotation(annotations)
    if annotation is None and is_conceptual(page):
        return None  # an overview's tables list types and use cases, not properties
    properties: list[Property] = []
    navigation: list[NavigationProperty] = []
    methods: list[MethodLink] = []
    for table in page.tables:
        kind = classify_table(table)
        if kind is TableKind.PROPERTIES:
            properties.extend(read_properties(table, page.path))
        elif kind is TableKind.RELATIONSHIPS:
            navigation.extend(read_relationships(table, page.path))
        elif kind is TableKind.METHODS:
            ret = column(table, "return type", "return")
            desc = column(table, "description")
            rows = [
                (
                    r.cells[0] if r.cells else "",
                    r.cells[ret] if ret is not None and ret < len(r.cells) else "",
                    r.cells[desc] if desc is not None and desc < len(r.cells) else "",
                    r.line,
                )
                for r in table.rows
            ]
            methods.extend(_methods(page, rows))
    if annotation is None and not properties and not navigation:
        return None
    namespace, name = _type_name(page, annotation)
    title, title_line = page_title(page)
    base, base_source = _base_type(page, annotation, name, diagnostics)
    representation, rep_source = _representation(page, json_line, diagnostics)
    key = annotation.text("keyProperty") if annotation else None
    is_entity = bool(key) or any(p.inherited_from == "entity" for p in properties)
    if base == "entity":
        is_entity = True
    if not is_entity and "complex type" not in title.lower() and navigation:
        is_entity = True
    return StructuredType(
        name=name,
        namespace=namespace,
        kind="entity" if is_entity else "complex",
        origin="page",
        base_type=base,
        base_type_source=base_source,
        description=str(page.front_matter.get("description") or ""),
        open_type=annotation.flag("openType") if annotation else None,
        abstract=annotation.flag("abstract") if annotation else None,
        key_property=key,
        properties=tuple(properties),
        navigation_properties=tuple(navigation),
        methods=tuple(methods),
        representation=representation,
        representation_source=rep_source,
        source=page.at(title_line),
    )


def _base_type(
    page: Page, annotation: Annotation | None, name: str, diagnostics: list[Diagnostic]
) -> tuple[str | None, SourceRef | None]:
    """The base type the annotation or the "Inherits from" line names, and where it says so.

    The annotation wins, except where it names only the root (``entity``) and the prose names a
    more specific base: then the annotation is the stale side (``orgContact``: directoryObject).
    """
    declared = annotation.text("baseType") if annotation else None
    base = base_name(declared) if declared else None
    prose = _prose_base(page, name)
    at_annotation = _key_line(page, annotation, "baseType") if base and annotation else None
    at_prose = page.at(prose[1]) if prose else None
    if not (prose and base and _short(prose[0]) != _short(base)):
        if base:
            return base, at_annotation
        return (prose[0], at_prose) if prose else (None, None)
    root_only = _short(base) == "entity"
    if root_only and annotation is not None:
        fix = f"microsoft.graph.{prose[0]}" if "." not in prose[0] else prose[0]
        diagnostics.append(
            Diagnostic(
                source=at_annotation or annotation.source,
                rule=BASE_TYPE_MISMATCH,
                severity=Severity.ERROR,
                message=f"the resource annotation of {name} says baseType {base}, but the page "
                f"says it inherits from {prose[0]} (line {prose[1]}): write "
                f'"baseType": "{fix}" in the annotation',
                suggestion=f'"baseType": "{fix}"',
            )
        )
        return prose[0], at_prose
    diagnostics.append(
        Diagnostic(
            source=page.at(prose[1]),
            rule=BASE_TYPE_MISMATCH,
            severity=Severity.ERROR,
            message=f"'Inherits from {prose[0]}' but the resource annotation of {name} "
            f"says baseType {base}: make them agree (the service metadata says which is right)",
        )
    )
    return base, at_annotation


def _key_line(page: Page, annotation: Annotation, key: str) -> SourceRef:
    """Where an annotation comment writes ``key`` (else the comment's first line)."""
    start = annotation.source.line
    comment = next((c for c in page.comments if c.line == start), None)
    if comment is not None:
        for offset, line in enumerate(comment.text.splitlines()):
            if f'"{key}"' in line:
                return page.at(start + offset)
    return annotation.source


def _short(name: str) -> str:
    """A type name without its namespace, lower-cased (for comparing two spellings)."""
    return name.rpartition(".")[2].lower()


def _representation(
    page: Page, json_line: int, diagnostics: list[Diagnostic]
) -> tuple[JsonValue, SourceRef | None]:
    """The parsed JSON representation that follows the resource annotation."""
    for fence in page.fences:
        if fence.line == json_line:
            value, _, problems = parse_tolerant_json(fence.text, source=page.at(fence.line))
            diagnostics.extend(problems)
            return value, page.at(fence.line)
    return None, None
