"""Find the pages of a docs set and parse each into its facts."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.enums import EnumType
from codegen.ir.model import PageInfo, PageKind
from codegen.ir.operation import Operation
from codegen.ir.rule_ids import ENCODING_INVALID
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


def display_path(path: Path, root: Path | None = None) -> str:
    """A stable, POSIX-style name for a path: relative to ``root`` (default: the working
    folder) when inside it, else the path as given."""
    return _display(path, os.path.abspath(root or os.getcwd()))


def _display(path: Path, base: str) -> str:
    """``display_path`` relative to the absolute folder ``base``."""
    full = os.path.abspath(path)
    if _within(full, base) and full != base:
        rel = full[len(base.rstrip(os.sep)) + 1 :]
    else:
        try:
            rel = os.path.relpath(full, base)
        except ValueError:
            rel = str(path)
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = str(path)
    return rel.replace(os.sep, "/")


def _folder_pages(folder: Path) -> Iterator[Path]:
    """Markdown pages under ``folder``, following symlinked folders once each (no loops)."""
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            raise DocsError(f"{current}: cannot read this docs folder: {exc.strerror}") from exc
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir():
                stack.append(path)
            elif entry.name.lower().endswith(".md"):
                if not entry.is_file():
                    raise DocsError(f"{path}: cannot read this page (a broken link?)")
                yield path


def discover(paths: list[Path]) -> list[Path]:
    """Every markdown page under the given files and folders, sorted, without duplicates.

    Symlinked folders are followed (each real folder once); a folder that cannot be read is a
    DocsError, never silently skipped.
    """
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            pages: Iterable[Path] = _folder_pages(path)
        elif path.is_file():
            pages = [path]
        else:
            raise DocsError(f"{path}: no such file or folder")
        for page in pages:
            found.setdefault(os.path.abspath(page), page)
    cwd = os.path.abspath(os.getcwd())
    return sorted(found.values(), key=lambda p: _display(p, cwd))


def page_names(files: list[Path], paths: list[Path], root: Path | None) -> dict[Path, str]:
    """How facts name each page, never as an absolute path: relative to ``root`` (the project
    root) for pages inside it, else to the working folder when inside it, else to the docs
    folder given. With a root, the names are the same from any working folder."""
    folders = [os.path.abspath(p) for p in paths if p.is_dir()]
    cwd = os.path.abspath(os.getcwd())
    return {file: _name(os.path.abspath(file), folders, root, cwd) for file in files}


def folder_name(folder: Path, root: Path | None) -> str:
    """The name a docs folder has among page names (``spec/docs``; empty when pages are named
    relative to it)."""
    name = _name(os.path.abspath(folder), [os.path.abspath(folder)], root, os.getcwd())
    return "" if name == "." else name


def _name(full: str, folders: list[str], root: Path | None, cwd: str) -> str:
    cwd = os.path.abspath(cwd)
    if root is not None and _within(full, os.path.abspath(root)):
        base = os.path.abspath(root)
    elif _within(full, cwd):
        base = cwd
    else:
        base = next((f for f in folders if _within(full, f)), os.path.dirname(full))
    if full != base and _within(full, base):  # relpath's answer, without its work
        return full[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    return os.path.relpath(full, base).replace(os.sep, "/")


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def page_kind(page: Page, folder: str | None = None) -> PageKind:
    """api, resource, enum or other: from doc_type, else the folder name (``folder``, else the
    folder in the page's name)."""
    doc_type = str(page.front_matter.get("doc_type") or "").lower()
    if doc_type in _DOC_TYPES:
        return _DOC_TYPES[doc_type]
    parent = page.path.rsplit("/", 2)[-2] if page.path.count("/") else ""
    parent = folder if folder is not None else parent
    if parent == "api":
        return "api"
    if parent == "resources":
        return "resource"
    return "other"


def parse_text(text: str, path: str, folder: str | None = None) -> ParsedPage:
    """Parse one page's text (``path`` is how its facts will name it; ``folder`` the name of the
    folder it lies in, when ``path`` does not show it)."""
    page = read_page(text.removeprefix("\ufeff"), path)
    diagnostics = page.diagnostics
    annotations = fence_annotations(page, diagnostics)
    title, line = page_title(page)
    kind = page_kind(page, folder)
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


def parse_file(path: Path, name: str | None = None) -> ParsedPage:
    """Read and parse one page; unreadable bytes become a diagnostic, not an exception."""
    name = name or display_path(path)
    return parse_data(read_bytes(path, name), name, path.parent.name)


def read_bytes(path: Path, name: str) -> bytes:
    """A page's bytes; DocsError naming the page when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocsError(f"{name}: cannot read: {exc.strerror}") from exc


def parse_data(data: bytes, name: str, folder: str) -> ParsedPage:
    """Parse one page's bytes (``folder``: the name of the folder it lies in); unreadable
    bytes become a diagnostic, not an exception."""
    try:
        text = data.decode("utf-8")
        problem = None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        problem = Diagnostic(
            source=SourceRef(file=name, line=data[: exc.start].count(b"\n") + 1),
            rule=ENCODING_INVALID,
            severity=Severity.WARNING,
            message="page is not valid UTF-8; undecodable bytes were replaced",
        )
    parsed = parse_text(text, name, folder)
    if problem is not None:
        parsed.diagnostics.insert(0, problem)
    return parsed
