"""Page-level facts: the beta disclaimer of beta pages, one name for a resource in its title,
H1, resource annotation and ``@odata.type``, and no empty front matter value the docs require.

Front matter that does not parse as YAML is already ``page-unreadable`` (the parser's
``front-matter-invalid``); it is not reported again here.
"""

from __future__ import annotations

import os
import posixpath

from codegen.lint.catalog import (
    BETA_DISCLAIMER_MISSING,
    FRONT_MATTER_EMPTY,
    RESOURCE_NAME_MISMATCH,
)
from codegen.lint.context import LintContext
from codegen.parser.annotations import parse_annotation
from codegen.parser.docset import ParsedPage
from codegen.parser.properties import plain
from codegen.parser.resource_page import is_conceptual

_VERSIONS = {"beta": "beta", "v1.0": "v1.0"}


def page_version(ctx: LintContext, name: str) -> str | None:
    """``beta`` or ``v1.0`` when the page lies under a folder of that name (the nearest one),
    else None (a page set that does not say, or a page named without its file)."""
    path = ctx.page_files.get(name)
    if not path:
        return None
    # the folders the page's name shows and the one it is named from: not the folders above
    # the docs (a project kept under a folder named "beta" is not a beta doc set)
    folders = os.path.dirname(path).split(os.sep)[-(name.count("/") + 1) :]
    for part in reversed(folders):
        if part.lower() in _VERSIONS:
            return _VERSIONS[part.lower()]
    return None


def docs_version(ctx: LintContext) -> str | None:
    """The version every page of the run lies under, else None."""
    versions = {page_version(ctx, p.info.path) for p in ctx.pages}
    return versions.pop() if len(versions) == 1 else None


def _disclaimer(ctx: LintContext, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None or parsed.info.kind not in ("api", "resource", "enum"):
        return
    if page_version(ctx, parsed.info.path) != "beta":
        return
    if any(
        posixpath.basename(path).lower().startswith("beta-disclaimer") for path, _ in page.includes
    ):
        return
    # the include's text written out (the generated Intune pages): the reader is told
    if any("under the /beta version" in p.text.lower() for p in page.prose[:40]):
        return
    h1 = next((h for h in page.headings if h.level == 1), None)
    ctx.report(
        BETA_DISCLAIMER_MISSING,
        page.at(h1.line if h1 is not None else 1),
        "a beta page without the beta disclaimer: readers are not told the API may change",
        "[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]",
    )


_SUFFIXES = (" resource type", " complex type", " entity type", " resource", " object", " type")


def title_name(text: str) -> str | None:
    """The resource a title or H1 names (``accessAction resource type`` -> accessAction), when
    it names one by its identifier; None for prose titles."""
    text = plain(text).strip().strip("`*")
    lowered = text.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix):
            text = text[: -len(suffix)].strip().strip("`*")
            break
    if not text or not (text[0].isalpha() or text[0] == "_"):
        return None
    if not all(c.isalnum() or c in "._" for c in text):
        return None
    return text.rsplit(".", 1)[-1]


def _odata_name(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip().lstrip("#").rsplit(".", 1)[-1]
    return name if name and all(c.isalnum() or c == "_" for c in name) else None


def _names(parsed: ParsedPage) -> list[tuple[str, str, int]]:
    """(where, name, line) of the resource's name in its annotation, its representation's
    ``@odata.type``, its H1 and its front matter title, where each names one."""
    page = parsed.page
    assert page is not None
    out: list[tuple[str, str, int]] = []
    for fence in page.fences:
        comment = fence.comment
        if comment is None or '"resource"' not in comment.text:
            continue
        annotation, _ = parse_annotation(comment.text, page.at(comment.line))
        if annotation is None or annotation.block_type != "resource":
            continue
        name = _odata_name(annotation.data.get("@odata.type"))
        if name:
            offset = comment.text.find('"@odata.type"')
            out.append(("annotation", name, comment.line + comment.text.count("\n", 0, offset)))
        t = parsed.type
        body = t.representation if t is not None else None
        if t is not None and any(p.name == "@odata.type" for p in t.properties):
            body = None  # a documented @odata.type property (resourceData): the value it holds
        name = _odata_name(body.get("@odata.type")) if isinstance(body, dict) else None
        if name:
            offset = fence.text.find('"@odata.type"')
            out.append(
                ("JSON representation", name, fence.line + fence.text.count("\n", 0, offset))
            )
        break
    h1 = next((h for h in page.headings if h.level == 1), None)
    name = title_name(h1.text) if h1 is not None else None
    if h1 is not None and name:
        out.append(("heading", name, h1.line))
    title = page.front_matter.get("title")
    name = title_name(title) if isinstance(title, str) else None
    if name:
        out.append(("title", name, page.front_matter_lines.get("title", 2)))
    return out


def _display(where: str, name: str, right: str) -> bool:
    """True for a heading or title that capitalizes the name's first letter (``# DriveItem
    resource type``: the OneDrive pages' convention for what they display, not another name)."""
    return (
        where in ("heading", "title")
        and name[1:] == right[1:]
        and name[:1].lower() == right[:1].lower()
    )


def _resource_names(ctx: LintContext, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None or parsed.info.kind != "resource" or is_conceptual(page):
        return
    names = _names(parsed)
    if len({n for _, n, _ in names}) < 2:
        return
    right = names[0][1]  # the annotation's, which the model and the generated code use
    wrong = [(w, n, line) for w, n, line in names if n != right and not _display(w, n, right)]
    if not wrong:
        return
    case_only = all(n.lower() == right.lower() for _, n, _ in wrong)
    line = wrong[0][2]
    listed = ", ".join(f"the {w} says {n} (line {ln})" for w, n, ln in wrong)
    ctx.report(
        RESOURCE_NAME_MISMATCH,
        page.at(line),
        f"the {names[0][0]} names the resource {right} but {listed}"
        + (
            ": the same name cased differently (the annotation's is the type's name in the "
            "model and the generated code): case it one way"
            if case_only
            else ": name it one way"
        ),
        None if case_only else right,  # which casing is the service's, the page cannot tell
        subject=right,
    )


# the metadata every reference page carries (Microsoft Learn's required keys): written with no
# value, the page is published without it (``ms.prod: ""`` puts it under no product)
_REQUIRED_KEYS = (
    "title",
    "description",
    "ms.prod",
    "author",
    "doc_type",
    "localization_priority",
    "ms.localizationpriority",
)


def _empty_front_matter(ctx: LintContext, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None:
        return
    for key in _REQUIRED_KEYS:
        if key not in page.front_matter:
            continue  # a missing key is not this rule's: the page states nothing wrong
        value = page.front_matter[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            ctx.report(
                FRONT_MATTER_EMPTY,
                page.at(page.front_matter_lines.get(key, 1)),
                f"front matter '{key}' is empty: give it a value or remove the key",
            )


def check(ctx: LintContext) -> None:
    """All page-level rules."""
    for parsed in ctx.pages:
        _disclaimer(ctx, parsed)
        _resource_names(ctx, parsed)
        _empty_front_matter(ctx, parsed)
