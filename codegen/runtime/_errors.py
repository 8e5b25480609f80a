"""The errors of a call that are not about decoding: HTTP error statuses, transport failures
(network, deadline, size limit) and unusable tokens.

All are :class:`GraphClientError` (from ``_base``, with ``DecodeError``), so one ``except``
catches every failure of a call. No message, ``repr()`` or ``GraphError.body`` holds a token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._base import GraphClientError

__all__ = [
    "CallTimeoutError",
    "GraphError",
    "ResponseTooLargeError",
    "TokenError",
    "TransportError",
]


class GraphError(GraphClientError):
    """A non-2xx response from Graph, with the fields of its ``error`` body.

    ``headers`` are the response headers; ``retry_after`` is the wait in seconds the server
    asked for (Retry-After), if any; ``body`` is the decoded body with the token masked.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.body = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.retry_after = retry_after
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.status} {self.code}" if self.code else str(self.status)
        tail = f" (request-id: {self.request_id})" if self.request_id else ""
        wait = ""
        if self.retry_after is not None:
            wait = f" (retry after {self.retry_after:g}s)"
        return f"{head}: {self.message}{tail}{wait}"


class TransportError(GraphClientError):
    """The request failed below HTTP: connection, reset, timeout, or a response over a limit.

    ``kind`` names the underlying failure (e.g. ``ConnectError``); the message is never empty
    and never contains a header value. The httpx exception is not chained (its text may).
    """

    def __init__(self, message: str, *, kind: str, method: str, url: str) -> None:
        self.kind = kind
        self.method = method
        self.url = url
        super().__init__(message)


class CallTimeoutError(TransportError):
    """The request did not complete within ``timeout`` (or the call's retry budget)."""


class ResponseTooLargeError(TransportError):
    """The response body (after gzip/deflate decoding) exceeded ``max_response_bytes``."""


class TokenError(GraphClientError, ValueError):
    """A token (or what a token provider returned) that cannot be sent; it is never shown."""
