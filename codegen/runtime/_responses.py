"""Reading a response: the body within ``max_response_bytes`` (after gzip/deflate decoding),
parsed by its content type, and the error a failed request becomes.

Bodies: JSON is parsed, other text is returned as ``str``, binary as ``bytes``, and 204 or an
empty body as ``None``. A non-2xx reply is a :class:`GraphError` with the fields of its
``error`` body; an httpx failure is a :class:`TransportError`; every secret is masked in both.
"""

from __future__ import annotations

import json as jsonlib
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from ._base import DecodeError
from ._errors import CallTimeoutError, GraphError, ResponseTooLargeError, TransportError
from ._safety import mask, safe_url

__all__ = [
    "BodyReader",
    "Reply",
    "graph_error",
    "parse_body",
    "request_id",
    "transport_error",
]


def transport_error(
    exc: Exception, method: str, url: httpx.URL, secrets: Sequence[str]
) -> TransportError:
    """A TransportError for an httpx failure; its text has every secret masked."""
    if isinstance(exc, TransportError):
        return exc
    kind = type(exc).__name__
    # h11 quotes what it refused (a header value among them): no detail for local errors
    detail = "" if isinstance(exc, httpx.LocalProtocolError) else str(exc)
    text = mask(detail, [*secrets, *(repr(s)[1:-1] for s in secrets)]) or "no detail"
    message = f"{kind} during {method} {safe_url(url)}: {text}"
    if isinstance(exc, httpx.TimeoutException):
        return CallTimeoutError(message, kind=kind, method=method, url=safe_url(url))
    return TransportError(message, kind=kind, method=method, url=safe_url(url))


def request_id(headers: Mapping[str, str]) -> str | None:
    """The request id the response names, if any."""
    return headers.get("request-id") or headers.get("client-request-id")


@dataclass(frozen=True, slots=True)
class Reply:
    """A response read in full, within the limits."""

    status: int
    reason: str
    headers: httpx.Headers
    content: bytes


class BodyReader:
    """Collects a response body chunk by chunk, decoding gzip/deflate, up to ``limit`` bytes."""

    def __init__(
        self,
        headers: httpx.Headers,
        limit: int,
        method: str,
        url: httpx.URL,
    ) -> None:
        self._limit, self._method, self._url = limit, method, url
        self._data = bytearray()
        encoding = headers.get("content-encoding", "identity").strip().lower()
        self._inflater: Any = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            # gzip or zlib header, detected
            self._inflater = zlib.decompressobj(wbits=47)
        elif encoding not in ("identity", ""):
            raise TransportError(
                f"unsupported content-encoding {encoding[:40]!r} in the response to"
                f" {method} {safe_url(url)}",
                kind="ContentEncoding",
                method=method,
                url=safe_url(url),
            )
        length = headers.get("content-length", "")
        if self._inflater is None and length.isdigit() and int(length) > limit:
            self._too_large(int(length))

    def _too_large(self, size: int | None = None) -> None:
        seen = f"{size} bytes" if size is not None else f"more than {self._limit} bytes"
        raise ResponseTooLargeError(
            f"the response to {self._method} {safe_url(self._url)} has {seen}, over"
            f" max_response_bytes={self._limit}",
            kind="ResponseTooLarge",
            method=self._method,
            url=safe_url(self._url),
        )

    def _add(self, data: bytes) -> None:
        if len(self._data) + len(data) > self._limit:
            self._too_large()
        self._data += data

    def feed(self, chunk: bytes) -> None:
        """Add a raw chunk of the body."""
        if self._inflater is None:
            self._add(chunk)
            return
        try:
            while chunk:
                self._add(
                    self._inflater.decompress(chunk, self._limit - len(self._data) + 1),
                )
                chunk = self._inflater.unconsumed_tail
        except zlib.error as exc:
            raise TransportError(
                f"the compressed response to {self._method} {safe_url(self._url)} is corrupt",
                kind="DecodingError",
                method=self._method,
                url=safe_url(self._url),
            ) from exc

    def reply(self, response: httpx.Response) -> Reply:
        """The finished body as a Reply."""
        if self._inflater is not None:
            self._add(self._inflater.flush())
        return Reply(
            response.status_code,
            response.reason_phrase,
            response.headers,
            bytes(self._data),
        )


def parse_body(reply: Reply, strict: bool) -> Any:
    """JSON if the body is JSON, text if textual, bytes otherwise; None when empty.

    ``strict`` (2xx responses): a JSON body that does not parse is a DecodeError.
    """
    if reply.status == 204 or not reply.content:
        return None
    ctype = reply.headers.get("content-type", "").split(";")[0].strip().lower()
    text = reply.content.decode(_charset(reply.headers), errors="replace")
    if not ctype or ctype == "application/json" or ctype.endswith("+json"):
        try:
            return jsonlib.loads(reply.content)
        except RecursionError:
            problem = "the JSON body is nested too deeply to decode"
        except ValueError:
            problem = "the body is not valid JSON"
        if strict:
            raise DecodeError(
                problem,
                status=reply.status,
                request_id=request_id(reply.headers),
            )
        return text
    textual = ctype.endswith(("xml", "javascript", "x-www-form-urlencoded"))
    if ctype.startswith("text/") or textual:
        return text
    return reply.content


def _charset(headers: httpx.Headers) -> str:
    match = re.search(r"charset=([\w.:-]+)", headers.get("content-type", ""), re.ASCII)
    name = match.group(1) if match else "utf-8"
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def graph_error(
    reply: Reply,
    body: Any,
    secrets: Sequence[str],
    retry_after: float | None,
) -> GraphError:
    """The GraphError for a non-2xx reply; every secret masked in message and body."""
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    inner = error.get("innerError") or error.get("innererror") or {}
    code = error.get("code") if isinstance(error.get("code"), str) else None
    text = error.get("message")
    message = text if isinstance(text, str) else None
    if message is None:
        message = body[:200] if isinstance(body, str) and body else reply.reason
    found = request_id(reply.headers)
    if not found and isinstance(inner, dict):
        found = inner.get("request-id") or inner.get("client-request-id")
    return GraphError(
        reply.status,
        mask(message, secrets) or f"HTTP {reply.status}",
        code=code,
        request_id=str(found) if found else None,
        body=mask(body, secrets),
        headers=reply.headers,
        retry_after=retry_after,
    )
