"""Find the pages of a docs set and parse each into its facts."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.enums import EnumType
from codegen.ir.model import PageInfo, PageKind
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
from codegen.parser.annotations import fence_annotations
from codegen.parser.api_page import read_api_page
from codegen.parser.enum_tables import read_enums
from codegen.parser.page import Page, read_page
from codegen.parser.properties import plain
from codegen.parser.resource_page import page_title, read_resource_page

_DOC_TYPES: dict[str, PageKind] = {
    "apipagetype": "api",
    "resourcepagetype": "resource",
    "enumpagetype": "enum",
}


@dataclass(kw_only=True)
class ParsedPage:
    """What one page says, before cross-page resolution."""

    info: PageInfo
    type: StructuredType | None = None
    enums: list[EnumType] = field(default_factory=list)
    operation: Operation | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    page: Page | None = None  # the scanned page, for checks on its layout (lint)


class DocsError(Exception):
    """A docs path that cannot be read at all (missing, not markdown)."""


def display_path(path: Path) -> str:
    """A stable, POSIX-style name for a path: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    if rel.startswith(".."):
        rel = str(path)
    return rel.replace(os.sep, "/")


def discover(paths: list[Path]) -> list[Path]:
    """Every markdown page under the given files and folders, sorted, without duplicates."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.md") if p.is_file())
        elif path.is_file():
            found.add(path)
        else:
            raise DocsError(f"{path}: no such file or folder")
    return sorted(found, key=lambda p: display_path(p))


def page_kind(page: Page) -> PageKind:
    """api, resource, enum or other: from doc_type, else the folder name."""
    doc_type = str(page.front_matter.get("doc_type") or "").lower()
    if doc_type in _DOC_TYPES:
        return _DOC_TYPES[doc_type]
    parent = page.path.rsplit("/", 2)[-2] if page.path.count("/") else ""
    if parent == "api":
        return "api"
    if parent == "resources":
        return "resource"
    return "other"


def parse_text(text: str, path: str) -> ParsedPage:
    """Parse one page's text (``path`` is how its facts will name it)."""
    page = read_page(text.removeprefix("\ufeff"), path)
    diagnostics = page.diagnostics
    annotations = fence_annotations(page, diagnostics)
    title, line = page_title(page)
    kind = page_kind(page)
    namespace = next(
        (
            p.text.split(":", 1)[1].strip()
            for p in page.prose
            if p.text.lower().startswith("namespace:")
        ),
        page.front_matter.get("Namespace"),
    )
    parsed = ParsedPage(
        info=PageInfo(
            path=path,
            kind=kind,
            title=plain(title),
            namespace=str(namespace) if namespace is not None else None,
            digest=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            source=page.at(line),
        ),
        diagnostics=diagnostics,
        page=page,
    )
    if kind in ("resource", "enum", "other"):
        parsed.type = read_resource_page(page, annotations, diagnostics)
        parsed.enums = read_enums(page)
    if kind in ("api", "other") and parsed.type is None:
        parsed.operation = read_api_page(page, annotations, diagnostics)
    return parsed


def parse_file(path: Path) -> ParsedPage:
    """Read and parse one page; unreadable bytes become a diagnostic, not an exception."""
    name = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocsError(f"{name}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8")
        problem = None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        problem = Diagnostic(
            source=SourceRef(file=name, line=data[: exc.start].count(b"\n") + 1),
            rule="encoding-invalid",
            severity=Severity.WARNING,
            message="page is not valid UTF-8; undecodable bytes were replaced",
        )
    parsed = parse_text(text, name)
    if problem is not None:
        parsed.diagnostics.insert(0, problem)
    return parsed
