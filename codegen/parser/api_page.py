"""API pages: one operation with its request, response, permissions and examples."""

from __future__ import annotations

import posixpath
import re

from codegen.ir.diagnostics import Diagnostic
from codegen.ir.http import HttpMessage
from codegen.ir.operation import (
    Example,
    Operation,
    Parameter,
    ParameterLocation,
    Permission,
    is_reference_path,
)
from codegen.ir.types import TypeRef
from codegen.parser.annotations import Annotation
from codegen.parser.http_blocks import parse_http_block, split_url
from codegen.parser.page import Page, ProseLine
from codegen.parser.properties import plain, read_parameters
from codegen.parser.resource_page import page_title
from codegen.parser.sections import TableKind, classify_table, heading_key
from codegen.parser.type_names import link_targets, normalize_type

# "`200 OK`", "`204`", "201 Created". Written ``\s*(\d{3})(?:\s+[A-Za-z ]+)?\s*` `` the first
# part took time cubic in a run of spaces after "`200" (the three quantifiers share them).
_STATUS = re.compile(
    r"`\s*+(\d{3})(?:\s++(?:[A-Za-z][A-Za-z ]*+\s*+)?)?`"
    r"|\b(\d{3})\s++(?:OK|Created|Accepted|No Content)\b"
)
_QUERY_OPTION = re.compile(
    r"\$(select|expand|filter|orderby|top|skip|search|count|format|skipToken)\b", re.IGNORECASE
)
_HTTP_LANGS = frozenset({"http", "msgraph-interactive", ""})
_PARAM_LOCATIONS: dict[TableKind, ParameterLocation] = {
    TableKind.PATH_PARAMETERS: "path",
    TableKind.QUERY_PARAMETERS: "query",
    TableKind.FUNCTION_PARAMETERS: "path",
    TableKind.REQUEST_HEADERS: "header",
    TableKind.REQUEST_BODY: "body",
}


def _section(prose: ProseLine, *needles: str) -> bool:
    key = heading_key(prose.heading.text) if prose.heading else ""
    return any(key.startswith(n) for n in needles)


def _linked_type(text: str) -> TypeRef | None:
    """The first linked type in a sentence (a link to a .md page)."""
    for label, target in link_targets(text):
        if target.lower().split("#")[0].endswith(".md") and "/concepts/" not in target:
            ref = normalize_type(f"[{label}]({target})")
            if ref is not None and not ref.is_primitive:
                return ref
    return None


def _response(prose: list[ProseLine]) -> tuple[int | None, TypeRef | None]:
    """Status code and response type as the Response section's prose states them."""
    for line in prose:
        if not _section(line, "response"):
            continue
        m = _STATUS.search(line.text)
        if not m:
            continue
        status = int(m.group(1) or m.group(2))
        ref = _linked_type(line.text[m.end() :])
        if ref is not None and re.search(r"collection of", line.text[m.end() :], re.IGNORECASE):
            ref = TypeRef(
                name=ref.name, collection=True, namespace=ref.namespace, link=ref.link, raw=ref.raw
            )
        return status, ref
    return None, None


def _request_body_type(prose: list[ProseLine]) -> TypeRef | None:
    """The type the Request body section says to supply a JSON representation of."""
    for line in prose:
        if _section(line, "request body") and re.search(
            r"json representation", line.text, re.IGNORECASE
        ):
            return _linked_type(line.text)
    return None


def _permissions(page: Page) -> list[Permission]:
    out = []
    for table in page.tables:
        if classify_table(table) is not TableKind.PERMISSIONS:
            continue
        for row in table.rows:
            if len(row.cells) < 2:
                continue
            raw = plain(row.cells[1])
            scopes = tuple(s.strip() for s in re.split(r"[,;]|\band\b", raw) if s.strip())
            out.append(
                Permission(
                    kind=plain(row.cells[0]), scopes=scopes, raw=raw, source=page.at(row.line)
                )
            )
    return out


def _examples(
    page: Page, annotations: dict[int, Annotation], diagnostics: list[Diagnostic]
) -> list[Example]:
    """Request/response pairs from annotated fences, in page order."""
    out: list[Example] = []
    for fence in page.fences:
        annotation = annotations.get(fence.line)
        if annotation is None or fence.lang not in _HTTP_LANGS:
            continue
        kind = annotation.block_type
        if kind not in ("request", "response"):
            continue
        message, problems = parse_http_block(fence.text, source=page.at(fence.line))
        diagnostics.extend(problems)
        if kind == "request":
            out.append(
                Example(
                    name=annotation.text("name"),
                    request=message,
                    request_annotation=annotation.data,
                    source=annotation.source,
                )
            )
        elif out and out[-1].response is None and out[-1].request is not None:
            last = out[-1]
            out[-1] = Example(
                name=last.name,
                request=last.request,
                response=message,
                response_type=annotation.text("@odata.type"),
                truncated=bool(annotation.flag("truncated")),
                request_annotation=last.request_annotation,
                response_annotation=annotation.data,
                source=last.source,
            )
        else:
            out.append(
                Example(
                    name=annotation.text("name"),
                    response=message,
                    response_type=annotation.text("@odata.type"),
                    truncated=bool(annotation.flag("truncated")),
                    response_annotation=annotation.data,
                    source=annotation.source,
                )
            )
    return out


def _request_lines(page: Page, diagnostics: list[Diagnostic]) -> list[HttpMessage]:
    out = []
    for fence in page.fences:
        if (
            fence.lang in _HTTP_LANGS
            and fence.heading
            and heading_key(fence.heading.text) == "http request"
        ):
            message, problems = parse_http_block(fence.text, source=page.at(fence.line))
            diagnostics.extend(problems)
            if message is not None and message.kind == "request":
                out.append(message)
    return out


def _reference_body(paths: dict[str, None], request: HttpMessage) -> list[Parameter]:
    """The body a POST or PUT to a ``/$ref`` path takes, which OData fixes and pages write in
    prose ("supply the identifier ... using an ``@odata.id`` property"): ``{"@odata.id": url}``.
    Nothing for other paths."""
    if not any(is_reference_path(p) for p in paths):
        return []
    return [
        Parameter(
            name="@odata.id",
            location="body",
            type=normalize_type("String"),
            required=True,
            description="The URL of the object to reference.",
            source=request.source,
        )
    ]


def operation_kind(method: str, path: str, title: str, response: TypeRef | None) -> str:
    """get, list, create, update, delete, action, function or other, by Graph's conventions."""
    last = path.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    words = title.lower().split()
    verb = words[0] if words else ""
    if method == "DELETE":
        return "delete"
    if method in ("PATCH", "PUT"):
        return "update"
    if method == "GET":
        if "(" in last and not last.startswith("{"):
            return "function"
        if (response is not None and response.collection) or verb == "list":
            return "list"
        return "get"
    if method == "POST":
        if verb in ("create", "add", "post") and not last.startswith("{"):
            return "create"
        return "action"
    return "other"


def read_api_page(
    page: Page, annotations: dict[int, Annotation], diagnostics: list[Diagnostic]
) -> Operation | None:
    """The operation an API page describes, or None when it has no HTTP request."""
    requests = _request_lines(page, diagnostics)
    if not requests:
        return None
    title, title_line = page_title(page)
    paths: dict[str, None] = {}  # in page order, once each
    for message in requests:
        for request in message.requests:
            paths.setdefault(split_url(request.url)[2])
    method = requests[0].requests[0].method
    parameters: list[Parameter] = []
    for table in page.tables:
        location = _PARAM_LOCATIONS.get(classify_table(table))
        if location:
            parameters.extend(read_parameters(table, page.path, location))
    if method in ("POST", "PUT") and not any(p.location == "body" for p in parameters):
        parameters.extend(_reference_body(paths, requests[0]))
    status, response = _response(page.prose)
    options = sorted(
        {
            "$" + m.group(1).lower()
            for p in page.prose
            for m in _QUERY_OPTION.finditer(p.text)
            if _section(p, "optional query", "query")
        }
    )
    stem = posixpath.basename(page.path).rsplit(".", 1)[0].lower()
    return Operation(
        id=stem,
        title=plain(title),
        kind=operation_kind(method, next(iter(paths)), plain(title), response),
        method=method,
        paths=tuple(paths),
        description=str(page.front_matter.get("description") or ""),
        parameters=tuple(parameters),
        query_options=tuple(options),
        request_body_type=_request_body_type(page.prose),
        response_type=response,
        response_status=status,
        permissions=tuple(_permissions(page)),
        examples=tuple(_examples(page, annotations, diagnostics)),
        source=page.at(title_line),
    )
