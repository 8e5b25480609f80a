"""HTTP examples against their page: URL, status, response shape, PATCH bodies."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.lint.context import LintContext, pointer_line
from codegen.parser.http_blocks import split_url

_GRAPH_HOST = re.compile(
    r"^https://(graph\.microsoft\.(com|us|de)|microsoftgraph\.chinacloudapi\.cn|dod-graph\.microsoft\.us)$"
)


@lru_cache(maxsize=4096)
def _template_regex(template: str) -> re.Pattern[str]:
    """A regex matching paths that fit a path template (``{x}`` is any one segment)."""
    path = template.split("?", 1)[0].rstrip("/")
    parts = re.split(r"(\{[^{}]*\})", path)
    body = "".join(
        "[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts
    )
    return re.compile(f"^{body}/?$", re.IGNORECASE)


def _repaired_url(op: Operation, base: str, version: str | None, rest: str) -> str:
    """A well-formed URL for a malformed one: Graph host, a version, and the part of the path
    that fits this page's HTTP request templates (stray segments such as ``docs\\api`` dropped)."""
    path, sep, query = rest.replace("\\", "/").partition("?")
    segments = [s for s in path.split("/") if s]
    path = "/" + "/".join(segments)
    for i in range(len(segments)):
        candidate = "/" + "/".join(segments[i:])
        if any(_template_regex(t).match(candidate) for t in op.paths):
            path = candidate
            break
    host = base if _GRAPH_HOST.match(base) else "https://graph.microsoft.com"
    return f"{host}/{version or 'beta'}{path}{sep}{query}"


def _url(ctx: LintContext, op: Operation, url: str, source: SourceRef) -> None:
    base, version, rest = split_url(url)
    if not base or version is None or not _GRAPH_HOST.match(base) or "\\" in url:
        ctx.report(
            "example-url-malformed",
            source,
            f"example URL '{url}' is not a Graph URL of the form https://graph.microsoft.com/<version>/...",
            _repaired_url(op, base, version, rest),
        )
        return
    path = rest.split("?", 1)[0]
    if not op.paths or any(_template_regex(t).match(path) for t in op.paths):
        return
    close = difflib.get_close_matches(path, list(op.paths), n=1, cutoff=0.0)
    ctx.report(
        "example-url-mismatch",
        source,
        f"example path '{path}' matches none of the HTTP request templates of this page",
        close[0] if close else None,
    )


def _shape(ctx: LintContext, op: Operation, body: object, source: SourceRef) -> None:
    ref = op.response_type
    if ref is None or not isinstance(body, dict):
        return
    t = ctx.model.type(ref.qualified_name)
    own_value = t is not None and any(
        p.name == "value" for c in [t, *ctx.model.ancestors(t.qualified_name)] for p in c.properties
    )
    wrapped = isinstance(body.get("value"), (list, dict)) and not own_value
    if ref.collection and not isinstance(body.get("value"), list):
        ctx.report(
            "response-shape-mismatch",
            source,
            f"the page says a collection of {ref.name} but the example body is not "
            '{"value": [...]}',
        )
    elif not ref.collection and wrapped:
        ctx.report(
            "response-shape-mismatch",
            source,
            f'the page says one {ref.name} but the example wraps it in "value"',
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
                "patch-read-only-property",
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
                        "patch-read-only-property",
                        pointer_line(request.body_text or "", start, f"/{key}"),
                        f"PATCH example body sets {'key' if key in keys else 'read-only'} property '{key}'",
                        subject=f"{ref.name}.{key}",
                    )


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
            if op.response_status and response.status and response.status != op.response_status:
                ctx.report(
                    "response-status-mismatch",
                    response.source,
                    f"the Response section says {op.response_status} but the example answers "
                    f"{response.status}",
                    str(op.response_status),
                )
            _shape(ctx, op, response.body, response.body_source or response.source)
