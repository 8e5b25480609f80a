"""Status lines and status prose whose reason phrase is not the code's: ``HTTP/1.1 204 OK``,
"returns a `204 OK` response code".

The phrase is compared with the code's standard one (RFC 9110 and the WebDAV codes the docs
use) with case, spaces and hyphens ignored (``No content``, ``NoContent`` and ``Multi-Status``
are not reported). Every scan is linear: status lines are read by splitting, prose by
``str.find`` of backticks.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from codegen.lint.catalog import STATUS_TEXT_MISMATCH
from codegen.lint.context import LintContext
from codegen.parser.docset import ParsedPage

REASONS = {
    100: "Continue",
    101: "Switching Protocols",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non-Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    207: "Multi-Status",
    208: "Already Reported",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Payload Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    416: "Range Not Satisfiable",
    417: "Expectation Failed",
    421: "Misdirected Request",
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    507: "Insufficient Storage",
    511: "Network Authentication Required",
}
# other names RFCs have given the same code
_ALSO = {
    413: ("Request Entity Too Large", "Content Too Large"),
    414: ("Request-URI Too Long",),
    416: ("Requested Range Not Satisfiable",),
    422: ("Unprocessable Content",),
}
# words after the phrase that are prose, not part of it ("`200 OK response`")
_TRAILING = ("response code", "status code", "response", "code", "status")


def _key(phrase: str) -> str:
    return "".join(c for c in phrase.lower() if c.isalnum())


_BY_KEY = {_key(p): code for code, p in REASONS.items()} | {
    _key(p): code for code, names in _ALSO.items() for p in names
}


@lru_cache(maxsize=4096)
def mismatch(code: int, phrase: str) -> str | None:
    """What is wrong with ``code phrase`` (None: nothing, or a code this table does not know)."""
    phrase = phrase.strip(" \t,.:;-")
    lowered = phrase.lower()
    for word in _TRAILING:
        if lowered.endswith(" " + word):
            phrase = phrase[: -len(word) - 1].rstrip(" ,")
            break
    key = _key(phrase)
    if not key or code not in REASONS or _BY_KEY.get(key) == code:
        return None
    other = _BY_KEY.get(key)
    if other is not None:
        return f"'{phrase}' is the reason phrase of {other}, not of {code}"
    return f"'{phrase}' is not the reason phrase of {code}"


def _status_line(line: str) -> tuple[int, str] | None:
    """(code, phrase) of ``HTTP/1.1 204 OK``."""
    parts = line.strip().split(None, 2)
    if len(parts) < 2 or not parts[0].upper().startswith("HTTP/"):
        return None
    code = parts[1]
    if len(code) != 3 or not code.isdigit():
        return None
    return int(code), parts[2] if len(parts) > 2 else ""


def _spans(text: str) -> list[str]:
    """The text of each backtick code span of a line, in one pass."""
    out: list[str] = []
    start = text.find("`")
    while start >= 0:
        end = text.find("`", start + 1)
        if end < 0:
            break
        out.append(text[start + 1 : end])
        start = text.find("`", end + 1)
    return out


def _prose_status(span: str) -> tuple[int, str] | None:
    """(code, phrase) of a code span ``204 No Content`` (``HTTP 204 ...`` too)."""
    parts = span.strip().split(None, 1)
    if parts and parts[0].upper().startswith("HTTP"):
        parts = parts[1].split(None, 1) if len(parts) > 1 else []
    if len(parts) < 2:
        return None
    code = parts[0].rstrip(",:")
    if len(code) != 3 or not code.isdigit() or code[0] not in "12345":
        return None
    return int(code), parts[1]


def _status_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line offset, line) of each line of a block that starts with ``HTTP/`` (any case), in
    one pass: found by ``str.find``, their line numbers counted from the last one found."""
    upper = text.upper() if "http/" in text else text
    pos, line, counted = upper.find("HTTP/"), 0, 0
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if not text[start:pos].strip():
            line += text.count("\n", counted, start)
            counted = start
            yield line, text[start:end]
        pos = upper.find("HTTP/", end)


def _check_page(ctx: LintContext, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None:
        return
    for fence in page.fences:
        text = fence.text
        if fence.lang not in ("http", "") or ("HTTP/" not in text and "http/" not in text):
            continue
        for offset, line in _status_lines(text):
            found = _status_line(line)
            wrong = mismatch(*found) if found else None
            if found and wrong:
                code = found[0]
                ctx.report(
                    STATUS_TEXT_MISMATCH,
                    page.at(fence.line + offset),
                    f"status line '{line.strip()}': {wrong}",
                    f"{line.strip().split(None, 1)[0]} {code} {REASONS[code]}",
                    subject=str(code),
                )
    for prose in page.prose:
        if "`" not in prose.text:
            continue
        for span in _spans(prose.text):
            head = span.lstrip()[:1]
            if not head or (head not in "12345" and head not in "Hh"):
                continue
            found = _prose_status(span)
            wrong = mismatch(*found) if found else None
            if found and wrong:
                code = found[0]
                ctx.report(
                    STATUS_TEXT_MISMATCH,
                    page.at(prose.line),
                    f"the text says `{span.strip()}`: {wrong}",
                    f"{code} {REASONS[code]}",
                    subject=str(code),
                )


def check(ctx: LintContext) -> None:
    """Every status line and status code span of every page."""
    for parsed in ctx.pages:
        _check_page(ctx, parsed)
