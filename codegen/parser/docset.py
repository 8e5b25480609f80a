"""Find the pages of a docs set and parse each into its facts."""

from __future__ import annotations

import hashlib
import os
import re
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
_FOLDER_KINDS: dict[str, PageKind] = {"api": "api", "resources": "resource"}
_RESOURCE_TITLE = re.compile(r"(?i)\b(resource|complex|entity) type\b")


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


def _confined(path: Path, allowed: list[str]) -> None:
    """DocsError unless the real path of ``path`` (a symlink met while walking the docs) lies
    inside one of the ``allowed`` real folders (the docs given, the project root)."""
    try:
        real = os.path.realpath(path)
    except OSError:  # a link that cannot be resolved (/proc/1/cwd) leads nowhere we allow
        real = None
    if real is None or not any(_within(real, folder) for folder in allowed):
        raise DocsError(
            f"{path}: a symlink leading outside the docs folders given and the project; "
            "refusing to follow it (link to a folder inside the project, or give its target "
            "as a docs folder)"
        )


def _folder_pages(folder: Path, allowed: list[str]) -> Iterator[Path]:
    """Markdown pages under ``folder``, following symlinked folders once each (no loops) when
    they lead inside ``allowed``."""
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
            page = entry.name.lower().endswith(".md")
            try:
                if entry.is_symlink() and (page or not _plain_file(entry)):
                    _confined(path, allowed)  # before following it anywhere
                is_dir = entry.is_dir()
            except OSError as exc:
                raise DocsError(f"{path}: cannot read: {exc.strerror}") from exc
            if is_dir:
                stack.append(path)
            elif page:
                if not entry.is_file():
                    raise DocsError(f"{path}: cannot read this page (a broken link?)")
                yield path


def _plain_file(entry: os.DirEntry[str]) -> bool:
    """True when ``entry`` leads to a regular file (False when that cannot be told)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _allowed(paths: list[Path], root: Path | None) -> list[str]:
    """The real folders a symlink in the docs may lead into: each docs path given (as the user
    named it), and the project root (the working folder where there is none)."""
    return [os.path.realpath(p) for p in paths] + [os.path.realpath(root or os.getcwd())]


def discover(paths: list[Path], root: Path | None = None) -> list[Path]:
    """Every markdown page under the given files and folders, sorted, without duplicates.

    Symlinked folders and pages are followed (each real folder once) when their real path lies
    inside a docs path given or the project ``root`` (default: the working folder); one leading
    anywhere else is a DocsError naming the link, as is a folder that cannot be read (never
    silently skipped).
    """
    allowed = _allowed(paths, root)
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            pages: Iterable[Path] = _folder_pages(path, allowed)
        elif path.is_file():
            pages = [path]
        else:
            raise DocsError(f"{path}: no such file or folder")
        for page in pages:
            found.setdefault(os.path.abspath(page), page)
    return sorted(found.values(), key=os.path.abspath)


def page_names(files: list[Path], paths: list[Path], root: Path | None) -> dict[Path, str]:
    """How facts name each page, never as an absolute path and never by the working folder:
    relative to ``root`` (the project root) for pages inside it, else relative to the docs path
    given that holds it (prefixed by that folder's name, or as many trailing folder names as
    tell them apart, when several docs paths outside the root are given). The names are the
    same from any working folder. A name with a control or other invisible character (it would
    reach comments and messages) is a DocsError naming the page."""
    sources = _sources(paths, root)
    names = {}
    for file in files:
        name = _name(os.path.abspath(file), sources, root)
        if not name.isprintable():
            raise DocsError(
                f"{name!r}: a page name with a control or invisible character; rename the page"
            )
        names[file] = name
    return names


def folder_name(folder: Path, paths: list[Path], root: Path | None) -> str:
    """The name a docs folder has among page names (``spec/docs``; empty when pages are named
    relative to it)."""
    name = _name(os.path.abspath(folder), _sources(paths, root), root, folder=True)
    return "" if name == "." else name


# A docs path given: (its absolute path, the folder its pages are named from, the label that
# prefixes their names: empty unless several docs paths lie outside the root).
_Source = tuple[str, str, str]


def _sources(paths: list[Path], root: Path | None) -> list[_Source]:
    given = [os.path.abspath(p) for p in paths]
    bases = [g if os.path.isdir(g) else os.path.dirname(g) for g in given]
    top = os.path.abspath(root) if root is not None else None
    outside = sorted({b for b in bases if top is None or not _within(b, top)})
    labels = {b: "" for b in outside}
    if len(outside) > 1:
        depth = 1
        while True:
            labels = {b: "/".join(b.split(os.sep)[-depth:]) for b in outside}
            if len(set(labels.values())) == len(outside) or depth > 64:
                break
            depth += 1
    return [(g, b, labels.get(b, "")) for g, b in zip(given, bases, strict=True)]


def _name(full: str, sources: list[_Source], root: Path | None, *, folder: bool = False) -> str:
    top = os.path.abspath(root) if root is not None else None
    label = ""
    if top is not None and _within(full, top):
        base = top
    else:
        match = next(
            (s for s in sources if full == s[0] or _within(full, s[1])),
            None,
        )
        base, label = (match[1], match[2]) if match else (os.path.dirname(full), "")
    if full != base and _within(full, base):  # relpath's answer, without its work
        rel = full[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    else:
        rel = os.path.relpath(full, base).replace(os.sep, "/")
    if label:
        return label if rel == "." else f"{label}/{rel}"
    return rel if not folder or rel != "." else "."


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def page_kind(page: Page, folder: str | None = None) -> PageKind:
    """api, resource, enum or other: from doc_type, else the folder name (``folder``, else the
    folder in the page's name); when the two say api and resource, the title decides (a "...
    resource type" title is a resource page)."""
    doc_type = str(page.front_matter.get("doc_type") or "").lower()
    parent = page.path.rsplit("/", 2)[-2] if page.path.count("/") else ""
    parent = folder if folder is not None else parent
    by_folder = _FOLDER_KINDS.get(parent, "other")
    kind = _DOC_TYPES.get(doc_type, by_folder)
    if {kind, by_folder} == {"api", "resource"}:
        # doc_type and folder disagree (resources/fido2authenticationmethod.md says apiPageType,
        # api/ediscovery-case-list-legalholds.md resourcePageType): the title decides
        return "resource" if _RESOURCE_TITLE.search(page_title(page)[0]) else "api"
    return kind


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
