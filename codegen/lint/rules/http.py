"""HTTP examples against their page: URL, status, response shape, PATCH bodies."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from codegen.ir.diagnostics import Severity
from codegen.ir.operation import Example, Operation
from codegen.ir.source import SourceRef
from codegen.lint.catalog import (
    EXAMPLE_URL_MALFORMED,
    EXAMPLE_URL_MISMATCH,
    PATCH_READ_ONLY_PROPERTY,
    RESPONSE_SHAPE_MISMATCH,
    RESPONSE_STATUS_MISMATCH,
)
from codegen.lint.context import LintContext, pointer_line
from codegen.parser.http_blocks import split_url
from codegen.parser.page import Page
from codegen.parser.sections import heading_key

_GRAPH_HOST = re.compile(
    r"^https://(graph\.microsoft\.(com|us|de)|microsoftgraph\.chinacloudapi\.cn|dod-graph\.microsoft\.us)$"
)


_KEY = re.compile(r"^([^(]+)\(\s*(?:'([^']*)'|([^'=()]*))\s*\)$")  # name('key') name(key) name()
_CALL = re.compile(r"^([^(]+)\((.*)\)$")


def _segments(path: str) -> list[str]:
    """The segments of a path or template, keys written ``name('key')`` split into ``name/key``."""
    path = path.split("?", 1)[0].strip().lstrip("~").strip("/")
    out: list[str] = []
    for segment in path.split("/") if path else []:
        m = _KEY.match(segment)
        if m and not m.group(0).startswith("{"):
            key = m.group(2) if m.group(2) is not None else m.group(3)
            out += [m.group(1)] + ([key] if key else [])
        else:
            out.append(segment)
    return out


def _aliases(segments: list[str]) -> list[list[str]]:
    """The segments, and with ``/me`` written as ``/users/{id}`` (the same resource)."""
    if segments and segments[0].lower() == "me":
        return [segments, ["users", "{id}", *segments[1:]]]
    return [segments]


@lru_cache(maxsize=8192)
def _segment_regex(segment: str) -> re.Pattern[str]:
    """A template segment: ``{x}`` is any text, function parameters ``a=value`` take any value."""
    call = _CALL.match(segment)
    if call and "=" in call.group(2):
        names = [p.split("=", 1)[0].strip() for p in call.group(2).split(",")]
        params = r"\s*,\s*".join(re.escape(n) + r"\s*=\s*[^,]*" for n in names)
        return re.compile(f"^{re.escape(call.group(1))}\\({params}\\)$", re.IGNORECASE)
    parts = re.split(r"(\{[^{}]*\})", segment)
    body = "".join(".+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
    return re.compile(f"^{body}$", re.IGNORECASE)


def _wildcard(segment: str) -> bool:
    return (segment.startswith("{") and segment.endswith("}")) or (
        segment.startswith("<") and segment.endswith(">")
    )


def path_matches(template: str, path: str) -> bool:
    """True when an example path fits an HTTP request template (``/me`` = ``/users/{id}``,
    ``('key')`` = ``/key``, ``~/`` or no leading ``/`` in the template, any parameter values)."""
    for want in _aliases(_segments(template)):
        for got in _aliases(_segments(path)):
            if len(want) == len(got) and all(
                _wildcard(w) or _wildcard(g) or bool(_segment_regex(w).match(g))
                for w, g in zip(want, got, strict=True)
            ):
                return True
    return False


def _repaired_url(op: Operation, base: str, version: str | None, rest: str) -> str:
    """A well-formed URL for a malformed one: Graph host, a version, and the part of the path
    that fits this page's HTTP request templates (stray segments such as ``docs\\api`` dropped)."""
    path, sep, query = rest.replace("\\", "/").partition("?")
    segments = [s for s in path.split("/") if s]
    path = "/" + "/".join(segments)
    for i in range(len(segments)):
        candidate = "/" + "/".join(segments[i:])
        if any(path_matches(t, candidate) for t in op.paths):
            path = candidate
            break
    host = base if _GRAPH_HOST.match(base) else "https://graph.microsoft.com"
    return f"{host}/{version or 'beta'}{path}{sep}{query}"


def _url(ctx: LintContext, op: Operation, url: str, source: SourceRef) -> None:
    base, version, rest = split_url(url)
    if not base or version is None or not _GRAPH_HOST.match(base) or "\\" in url:
        relative = not base and "\\" not in url  # style: readers can still tell the URL
        ctx.report(
            EXAMPLE_URL_MALFORMED,
            source,
            f"example URL '{url}' is not a Graph URL: write it in full, "
            "https://graph.microsoft.com/<version>/...",
            _repaired_url(op, base, version, rest),
            severity=Severity.WARNING if relative else None,
        )
        return
    path = rest.split("?", 1)[0]
    if not op.paths or any(path_matches(t, path) for t in op.paths):
        return
    close = difflib.get_close_matches(path, list(op.paths), n=1, cutoff=0.0)
    ctx.report(
        EXAMPLE_URL_MISMATCH,
        source,
        f"example path '{path}' matches none of the HTTP request templates of this page",
        close[0] if close else None,
    )


def _annotated_collection(example: Example) -> bool | None:
    """What the response annotation says about the shape (None: it does not say)."""
    note = example.response_annotation
    if isinstance(note, dict) and isinstance(note.get("isCollection"), bool):
        return bool(note["isCollection"])
    if example.response_type and example.response_type.strip().lower().startswith("collection("):
        return True
    return None  # a plain @odata.type does not say "one": pages leave isCollection out


def _shape(
    ctx: LintContext, op: Operation, example: Example, body: object, source: SourceRef
) -> None:
    ref = op.response_type
    if ref is None or ref.is_primitive or not isinstance(body, dict):
        return  # a primitive (Edm.Stream of a CSV report, a Boolean) comes as {"value": ...}
    t = ctx.lookup(ref.qualified_name)
    own_value = t is not None and "value" in ctx.members(t)
    wrapped = isinstance(body.get("value"), (list, dict)) and not own_value
    annotated = _annotated_collection(example)  # authoritative over the prose when present
    collection = ref.collection if annotated is None else annotated
    says = "the page says" if annotated is None else "the response annotation says"
    if collection and not isinstance(body.get("value"), list):
        ctx.report(
            RESPONSE_SHAPE_MISMATCH,
            source,
            f"{says} a collection of {ref.name} but the example body is not "
            '{"value": [...]}: wrap the items in "value"',
        )
    elif not collection and wrapped and op.kind == "list" and isinstance(body["value"], list):
        ctx.report(  # a list operation listing: the prose or annotation is what is wrong
            RESPONSE_SHAPE_MISMATCH,
            source,
            f"{says} one {ref.name}, but this operation lists them: say a collection of "
            f"{ref.name}"
            + (' ("isCollection": true in the annotation)' if annotated is not None else ""),
        )
    elif not collection and wrapped:
        ctx.report(
            RESPONSE_SHAPE_MISMATCH,
            source,
            f'{says} one {ref.name} but the example wraps it in "value": ' "show the object itself",
        )


def _read_only(ctx: LintContext, op: Operation) -> None:
    ref = op.request_body_type
    if op.method != "PATCH" or ref is None:
        return
    chain = [
        t
        for t in [ctx.model.type(ref.qualified_name), *ctx.model.ancestors(ref.qualified_name)]
        if t is not None
    ]
    keys = {t.key_property for t in chain if t.key_property} | (
        {"id"} if chain and chain[0].kind == "entity" else set()
    )
    read_only = {p.name for t in chain for p in t.properties if p.read_only}
    for param in op.parameters:
        if param.location == "body" and (param.name in keys or param.name in read_only):
            what = "key" if param.name in keys else "read-only"
            ctx.report(
                PATCH_READ_ONLY_PROPERTY,
                param.source,
                f"PATCH body table offers {what} property '{param.name}'",
                subject=f"{ref.name}.{param.name}",
            )
    for example in op.examples:
        request = example.request
        body = request.body if request is not None else None
        if request is not None and isinstance(body, dict):
            start = request.body_source or request.source
            for key in body:
                if key in keys or key in read_only:
                    ctx.report(
                        PATCH_READ_ONLY_PROPERTY,
                        pointer_line(request.body_text or "", start, f"/{key}"),
                        f"PATCH example body sets {'key' if key in keys else 'read-only'} property '{key}'",
                        subject=f"{ref.name}.{key}",
                    )


_STATUS = re.compile(
    r"`\s*([1-5]\d\d)\b[^`]*`"
    r"|\b([1-5]\d\d)\s+(?:OK|Created|Accepted|No Content|Multi-Status|Partial Content|Found)\b"
)


def _documented_statuses(page: Page) -> set[int]:
    """Every status code the prose of the Response section names (alternatives included)."""
    return {
        int(m.group(1) or m.group(2))
        for prose in page.prose
        if prose.heading is not None and heading_key(prose.heading.text) == "response"
        for m in _STATUS.finditer(prose.text)
    }


def _statuses(codes: set[int]) -> str:
    shown = sorted(c for c in codes if c)
    return " or ".join(str(c) for c in shown)


def check(ctx: LintContext) -> None:
    """All HTTP example rules."""
    for page in ctx.pages:
        op = page.operation
        if op is None:
            continue
        _read_only(ctx, op)
        for example in op.examples:
            if example.request is not None:
                for line in example.request.requests:
                    _url(ctx, op, line.url, line.source)
            response = example.response
            if response is None:
                continue
            documented = _documented_statuses(page.page) if page.page else set()
            documented.add(op.response_status or 0)
            if op.response_status and response.status and response.status not in documented:
                ctx.report(
                    RESPONSE_STATUS_MISMATCH,
                    response.source,
                    f"the Response section documents {_statuses(documented)} but the example "
                    f"answers {response.status}: make the two agree",
                    str(op.response_status),
                )
            _shape(ctx, op, example, response.body, response.body_source or response.source)
    ctx.collapse(PATCH_READ_ONLY_PROPERTY, "read-only or key properties offered")
