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
from collections.abc import Iterable
from typing import Any

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.http import HttpMessage, RequestLine
from codegen.ir.operation import Example
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

# The start and header lines are matched by expressions that end in a greedy ``(.*)`` and
# are trimmed in Python: a lazy ``(.*?)`` before ``\s*$`` takes time quadratic in a line
# holding a long run of spaces (an 80,000-character request line took 86 s).
_METHODS = "GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS"
_REQUEST = re.compile(rf"^\s*+({_METHODS})(?:\s++|(?=/))(\S.*)$", re.IGNORECASE)
_HTTP_VERSION = re.compile(r"HTTP/\d(?:\.\d)?", re.IGNORECASE)
_RESPONSE = re.compile(
    r"^\s*+HTTP(?:/\d(?:\.\d)?)?(?:\s+code\s*+:|:)?\s++(\d{3})(.*)$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*+([A-Za-z][A-Za-z0-9_.-]*+)\s*+:(.*)$")
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
    status_line = _response(lines[first])
    requests: tuple[RequestLine, ...] = ()
    status: int | None
    reason: str | None
    if status_line is not None:
        status, reason = status_line
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


_HOST = re.compile(r"https://([A-Za-z0-9.-]++)")


def handed_out_hosts(examples: Iterable[Example]) -> set[str]:
    """Hosts a page's responses hand out (an ``uploadUrl``, a redirect's ``Location``),
    lower-cased: URLs on them are the service's, pre-authenticated and opaque, not Graph
    requests (lint does not ask to write them in full; the client does not build them)."""
    out: set[str] = set()
    for example in examples:
        response = example.response
        if response is None:
            continue
        for text in [v for _, v in response.headers] + [response.body_text or ""]:
            out.update(m.group(1).lower() for m in _HOST.finditer(text))
    return out


def _request(line: str) -> tuple[str, str, bool] | None:
    """(method, URL, whether a space follows the method) of a request line, else None.

    The URL is what follows the method, without a trailing ``HTTP/1.1`` and spaces."""
    m = _REQUEST.match(line)
    if m is None:
        return None
    url = m.group(2).rstrip()
    parts = url.rsplit(None, 1)
    if len(parts) == 2 and _HTTP_VERSION.fullmatch(parts[1]):
        url = parts[0]
    return m.group(1), url, m.end(1) < m.start(2)


def _response(line: str) -> tuple[int, str] | None:
    """(status, reason) of a status line (``HTTP/1.1 200 OK``), else None."""
    m = _RESPONSE.match(line)
    if m is None:
        return None
    rest = m.group(2)
    if rest and not rest[0].isspace():
        return None  # "HTTP/1.1 2000": not three digits
    return int(m.group(1)), rest.strip()


def _header(line: str) -> tuple[str, str] | None:
    """(name, value) of a ``Name: value`` line, else None."""
    m = _HEADER.match(line)
    return (m.group(1), m.group(2).strip()) if m else None


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
        m = _request(lines[i])
        if m is None:
            break
        method, url, spaced = m
        if not spaced:
            diags.append(_diag(source, i, HTTP_REQUEST_LINE_SPACING, "no space after method"))
        start = i
        parts, brackets = [url], _Brackets(url)
        i += 1
        while i < n and _is_wrapped(parts[-1], brackets, lines[i]):
            diags.append(_diag(source, i, HTTP_URL_WRAPPED, "URL continues", Severity.INFO))
            parts.append(lines[i].strip())
            brackets.add(parts[-1])
            i += 1
        url = "".join(parts)
        found.append(RequestLine(method=method.upper(), url=url, source=_at(source, start)))
        j = i
        while j < n and lines[j].strip().lower() in _SEPARATORS:
            j += 1
        if j > i and j < n and _request(lines[j]) is not None:
            i = j
    return tuple(found), i


class _Brackets:
    """How many ``(`` and ``[`` a URL leaves open, counted as its lines are added (counting the
    whole URL again at each wrapped line took time quadratic in the number of lines)."""

    def __init__(self, text: str) -> None:
        self.paren = self.square = 0
        self.add(text)

    def add(self, text: str) -> None:
        self.paren += text.count("(") - text.count(")")
        self.square += text.count("[") - text.count("]")

    def open(self) -> bool:
        return self.paren > 0 or self.square > 0


def _is_wrapped(tail: str, brackets: _Brackets, line: str) -> bool:
    """Whether ``line`` continues the URL whose last line is ``tail`` (an open bracket or a
    trailing ``?``/``&``)."""
    s = line.strip()
    if not s or _header(s) is not None or _request(s) is not None:
        return False
    if brackets.open():
        return True
    return tail.endswith(("?", "&")) and not s.startswith(_BODY_START)


def _skip_blank_before_headers(
    lines: list[str], i: int, source: SourceRef, diags: list[Diagnostic]
) -> int:
    """Skip blank lines under the start line when common headers follow them."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j == i or j == len(lines):
        return i
    header = _header(lines[j])
    if header is None or header[0].lower() not in _COMMON_HEADERS:
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
        header = _header(stripped)
        if header is not None:
            found.append(header)
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
