"""Parse the content of ```http / ```msgraph-interactive fences into HttpMessages.

Rule ids: ``http-unrecognised`` (neither a request nor a response; no message),
``http-bad-header`` (a header-section line that is not ``Name: value``; skipped),
``http-request-line-spacing`` (``DELETE/me``: no space after the method),
``http-blank-before-headers`` (a blank line between start line and headers),
``http-url-wrapped`` (a URL continued on the next line).  JSON bodies go through
``parse_tolerant_json``, whose diagnostics are passed through.
"""

from __future__ import annotations

import re
from typing import Any

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.http import HttpMessage, RequestLine
from codegen.ir.rule_ids import (
    HTTP_BAD_HEADER,
    HTTP_BLANK_BEFORE_HEADERS,
    HTTP_REQUEST_LINE_SPACING,
    HTTP_UNRECOGNISED,
    HTTP_URL_WRAPPED,
)
from codegen.ir.source import SourceRef
from codegen.parser.tolerant_json import parse_tolerant_json

__all__ = ["parse_http_block", "split_url"]

_METHODS = "GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS"
_REQUEST = re.compile(
    rf"^\s*({_METHODS})(?:\s+|(?=/))(\S.*?)(?:\s+HTTP/\d(?:\.\d)?)?\s*$", re.IGNORECASE
)
_RESPONSE = re.compile(
    r"^\s*HTTP(?:/\d(?:\.\d)?)?(?:\s+code\s*:|:)?\s+(\d{3})(?:\s+(.*?))?\s*$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_.-]*)\s*:\s*(.*?)\s*$")
_BODY_START = ("{", "[", "<", "--")
_SEPARATORS = frozenset({"", "or"})  # between alternative request lines
# Header names trusted after a stray blank line under the start line (~900 in corpus).
_COMMON_HEADERS = frozenset(
    {"content-type", "content-length", "prefer", "authorization", "consistencylevel"}
)
_VERSIONED = re.compile(
    r"^(https?://[^/?#\s\\]+)/(beta|v\d+(?:\.\d+)?)(?=[/?#]|$)(.*)$",
    re.IGNORECASE,
)
_ORIGIN = re.compile(r"^(https?://[^/?#\s\\]+)(.*)$", re.IGNORECASE)

_Headers = tuple[tuple[str, str], ...]


def parse_http_block(
    text: str, *, source: SourceRef
) -> tuple[HttpMessage | None, list[Diagnostic]]:
    """Parse the content of a ```http / ```msgraph-interactive fence into a request or response."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, [_unrecognised(source, 0, "empty block")]
    diags: list[Diagnostic] = []
    m = _RESPONSE.match(lines[first])
    requests: tuple[RequestLine, ...] = ()
    if m:
        status, reason = int(m.group(1)), m.group(2) or ""
        i = first + 1
    else:
        requests, i = _request_lines(lines, first, source, diags)
        if not requests:
            return None, [_unrecognised(source, first, repr(lines[first].strip()[:60]))]
        status, reason = None, None
    i = _skip_blank_before_headers(lines, i, source, diags)
    headers, i = _headers(lines, i, source, diags)
    message = HttpMessage(
        kind="request" if requests else "response",
        source=_at(source, first),
        requests=requests,
        status=status,
        reason=reason,
        headers=headers,
        **_body(lines, i, headers, source, diags),
    )
    return message, diags


def split_url(url: str) -> tuple[str, str | None, str]:
    """Split a request URL into (base, version, path+query)."""
    url = url.strip()
    m = _VERSIONED.match(url)
    if m:
        return m.group(1), m.group(2).lower(), m.group(3)
    m = _ORIGIN.match(url)
    if m:
        return m.group(1), None, m.group(2)
    return "", None, url


def _at(source: SourceRef, offset: int) -> SourceRef:
    return SourceRef(file=source.file, line=source.line + offset)


def _diag(
    source: SourceRef,
    offset: int,
    rule: str,
    message: str,
    severity: Severity = Severity.WARNING,
) -> Diagnostic:
    return Diagnostic(source=_at(source, offset), rule=rule, severity=severity, message=message)


def _unrecognised(source: SourceRef, offset: int, what: str) -> Diagnostic:
    return Diagnostic(
        source=_at(source, offset),
        rule=HTTP_UNRECOGNISED,
        severity=Severity.WARNING,
        message=f"http block is neither a request nor a response: {what}",
        suggestion="start the block with 'METHOD URL' or 'HTTP/1.1 <status> <reason>'",
    )


def _request_lines(
    lines: list[str], i: int, source: SourceRef, diags: list[Diagnostic]
) -> tuple[tuple[RequestLine, ...], int]:
    """Read one or more request lines (blank or ``or`` lines between them allowed)."""
    found: list[RequestLine] = []
    n = len(lines)
    while i < n:
        m = _REQUEST.match(lines[i])
        if not m:
            break
        if not lines[i][m.end(1) : m.start(2)]:
            diags.append(_diag(source, i, HTTP_REQUEST_LINE_SPACING, "no space after method"))
        url, start = m.group(2), i
        i += 1
        while i < n and _is_wrapped(url, lines[i]):
            diags.append(_diag(source, i, HTTP_URL_WRAPPED, "URL continues", Severity.INFO))
            url += lines[i].strip()
            i += 1
        found.append(RequestLine(method=m.group(1).upper(), url=url, source=_at(source, start)))
        j = i
        while j < n and lines[j].strip().lower() in _SEPARATORS:
            j += 1
        if j > i and j < n and _REQUEST.match(lines[j]):
            i = j
    return tuple(found), i


def _is_wrapped(url: str, line: str) -> bool:
    """Whether ``line`` continues ``url`` (open bracket or trailing ``?``/``&``)."""
    s = line.strip()
    if not s or _HEADER.match(s) or _REQUEST.match(s):
        return False
    if url.count("(") > url.count(")") or url.count("[") > url.count("]"):
        return True
    return url.endswith(("?", "&")) and not s.startswith(_BODY_START)


def _skip_blank_before_headers(
    lines: list[str], i: int, source: SourceRef, diags: list[Diagnostic]
) -> int:
    """Skip blank lines under the start line when common headers follow them."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j == i or j == len(lines):
        return i
    m = _HEADER.match(lines[j])
    if not m or m.group(1).lower() not in _COMMON_HEADERS:
        return i
    msg = "blank line between start line and headers"
    diags.append(_diag(source, i, HTTP_BLANK_BEFORE_HEADERS, msg, Severity.INFO))
    return j


def _headers(
    lines: list[str], i: int, source: SourceRef, diags: list[Diagnostic]
) -> tuple[_Headers, int]:
    """Read header lines; return them and the index where the body may start."""
    found: list[tuple[str, str]] = []
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            return tuple(found), i + 1
        if stripped.startswith(_BODY_START):
            break
        m = _HEADER.match(stripped)
        if m:
            found.append((m.group(1), m.group(2)))
        else:
            msg = f"not a 'Name: value' header line: {stripped[:60]!r}"
            diags.append(_diag(source, i, HTTP_BAD_HEADER, msg))
        i += 1
    return tuple(found), i


def _body(
    lines: list[str],
    i: int,
    headers: _Headers,
    source: SourceRef,
    diags: list[Diagnostic],
) -> dict[str, Any]:
    """Body fields of the HttpMessage: text, source, parsed JSON and validity."""
    end = len(lines)
    while i < end and not lines[i].strip():
        i += 1
    while end > i and not lines[end - 1].strip():
        end -= 1
    if i >= end:
        return {}
    text = "\n".join(lines[i:end])
    body_source = _at(source, i)
    fields: dict[str, Any] = {"body_text": text, "body_source": body_source}
    ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
    if (ctype is None or "json" in ctype.lower()) and text.lstrip()[:1] in ("{", "["):
        value, ok, json_diags = parse_tolerant_json(text, source=body_source)
        diags.extend(json_diags)
        fields.update(body=value if ok else None, body_valid=ok)
    return fields
