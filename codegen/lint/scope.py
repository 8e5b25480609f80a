"""The examples lint checks on an API page: the annotated ones the parser read, and the http
blocks under Request/Response headings that have no annotation comment.

More than half of beta's pages (Intune's 2,703 generated API pages) annotate no example, so the
parser, which takes an example's kind from its annotation, reads none of them; lint reads them
by what the block itself is (a request line, or a status line) and pairs a request with the
response that follows it, so their URLs, statuses, shapes and bodies are checked too.
"""

from __future__ import annotations

from codegen.ir.operation import Example
from codegen.lint.context import LintContext
from codegen.parser.docset import ParsedPage
from codegen.parser.http_blocks import parse_http_block
from codegen.parser.sections import heading_key

__all__ = ["page_examples"]

_HTTP_LANGS = frozenset({"http", "msgraph-interactive"})


def _example_heading(key: str) -> bool:
    """A heading examples sit under (``annotation-missing`` asks these blocks for one)."""
    return key.startswith(("request", "response", "example")) and key not in (
        "request body",
        "request headers",
    )


def _unannotated(parsed: ParsedPage) -> tuple[Example, ...]:
    page = parsed.page
    if page is None:
        return ()
    out: list[Example] = []
    pending: Example | None = None  # a request still waiting for its response
    for fence in page.fences:
        if fence.lang not in _HTTP_LANGS:
            continue
        if fence.comment is not None:  # an annotated block: the parser's; no pairing across it
            if pending is not None:
                out.append(pending)
            pending = None
            continue
        if fence.heading is None or not _example_heading(heading_key(fence.heading.text)):
            continue
        message, _ = parse_http_block(fence.text, source=page.at(fence.line))
        if message is None:
            continue
        if message.kind == "request":
            if pending is not None:
                out.append(pending)
            pending = Example(name=None, request=message, source=message.source)
        elif pending is not None:
            out.append(
                Example(name=None, request=pending.request, response=message, source=pending.source)
            )
            pending = None
        else:
            out.append(Example(name=None, response=message, source=message.source))
    if pending is not None:
        out.append(pending)
    return tuple(out)


def page_examples(ctx: LintContext, parsed: ParsedPage) -> tuple[Example, ...]:
    """The examples of an API page: annotated ones first, then the unannotated (read once a
    page a run, since several rule families walk them)."""
    op = parsed.operation
    if op is None:
        return ()
    cache: dict[int, tuple[ParsedPage, tuple[Example, ...]]]
    cache = ctx.__dict__.setdefault("_page_examples", {})
    known = cache.get(id(parsed))
    if known is None or known[0] is not parsed:
        known = cache[id(parsed)] = (parsed, op.examples + _unannotated(parsed))
    return known[1]
