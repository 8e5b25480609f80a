"""The sans-IO core shared by both transports: their configuration and checks, and the plans
(generators of ``_steps``) of one request with its retries, of a call and of a paged GET.

Everything a call does that does not depend on sync or async I/O lives here once: the URL and
token checks (``_safety``), the retry loop within the call's time budget (``_retry``), the
reading of a reply (``_responses``) and the decoding of its body (``_decoding``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import httpx

from ._base import DecodeError, GraphClientError
from ._decoding import decoded
from ._errors import TokenError, TransportError
from ._paging import pages
from ._responses import Reply, graph_error, parse_body, transport_error
from ._retry import RetryPolicy, retry_after, retryable_failure, retryable_status
from ._safety import (
    checked_base_url,
    checked_header_values,
    checked_path,
    checked_token,
    origin,
    safe_url,
)
from ._steps import Auth, Emit, Plan, Send, Sleep, Step, StrMap

__all__ = ["BaseTransport", "TokenProvider"]

logger = logging.getLogger(__name__)

USER_AGENT = "graph-docs-codegen"
TokenProvider = Callable[[], "str | Awaitable[str]"]


class BaseTransport:
    """Configuration, URL checks, headers and response handling shared by both transports."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        token_provider: TokenProvider | None,
        timeout: float,
        retry: RetryPolicy,
        max_response_bytes: int,
    ) -> None:
        url = checked_base_url(base_url)
        if token is not None and token_provider is not None:
            raise ValueError("pass token or token_provider, not both")
        if token_provider is not None and not callable(token_provider):
            raise TokenError("token_provider must be a callable returning the token")
        if not timeout > 0 or max_response_bytes <= 0:
            raise ValueError("timeout and max_response_bytes must be > 0")
        if not isinstance(retry, RetryPolicy):
            raise TypeError("retry must be a RetryPolicy")
        self.base_url = str(url)
        self._origin = origin(url)
        self._token = None if token is None else checked_token(token)
        self._token_provider = token_provider
        self._timeout = float(timeout)
        self.retry = retry
        self.max_response_bytes = max_response_bytes

    def __repr__(self) -> str:
        auth = "token_provider" if self._token_provider else "none"
        if self._token:
            auth = "token"
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={auth})"

    def _url_for_path(self, path: str) -> httpx.URL:
        """The absolute URL of a path relative to base_url (never above it)."""
        return self._checked(httpx.URL(self.base_url + checked_path(path)))

    def _url_for_link(self, link: Any, page_url: httpx.URL) -> httpx.URL:
        """The URL of an @odata.nextLink, resolved against the page's URL; same origin only."""
        if not isinstance(link, str) or not link:
            raise DecodeError(
                f"invalid @odata.nextLink: {str(link)[:200]!r}",
                path="/@odata.nextLink",
            )
        return self._checked(page_url.join(link))

    def _checked(self, url: httpx.URL) -> httpx.URL:
        if origin(url) != self._origin:
            raise DecodeError(
                f"refusing to send the token to {url.scheme}://{url.netloc.decode()}",
                path="/@odata.nextLink",
            )
        return url

    @staticmethod
    def _headers(extra: StrMap, token: str | None) -> dict[str, str]:
        checked_header_values(extra or {})
        headers = {
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
            **(extra or {}),
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _call(
        self,
        method: str,
        url: httpx.URL,
        params: StrMap,
        json: Any,
        extra: StrMap,
        decode: Callable[[Any], Any],
    ) -> Plan:
        """Plan one request; emit its decoded result."""
        reply, body = yield from self._exchange(method, url, params, json, extra)
        yield Emit(decoded(decode, body, reply))

    def _pages(
        self,
        url: httpx.URL,
        params: StrMap,
        extra: StrMap,
        decode: Callable[[Any], Any],
    ) -> Plan:
        """Plan a paged GET; emit the decoded items of each page, following nextLink lazily."""
        return pages(self._exchange, self._url_for_link, url, params, extra, decode)

    def _exchange(
        self, method: str, url: httpx.URL, params: StrMap, json: Any, extra: StrMap
    ) -> Generator[Step, Any, tuple[Reply, Any]]:
        """Send until a final response, within the retry policy; return it and its body."""
        url = self._checked(url)
        policy = self.retry
        method = method.upper()
        started = time.monotonic()
        attempt = 0
        while True:
            token = self._token
            if self._token_provider is not None:
                token = checked_token((yield Auth()))
            secrets = [token or "", *(extra or {}).values()]
            headers = self._headers(extra, token)
            deadline = min(time.monotonic() + self._timeout, started + policy.budget)
            logger.debug("%s %s", method, safe_url(url))
            failure: GraphClientError
            try:
                reply = yield Send(method, url, params, json, headers, deadline)
            except (httpx.HTTPError, TransportError) as exc:
                failure = transport_error(exc, method, url, secrets)
                retryable = retryable_failure(method, exc)
                asked = None
            else:
                body = parse_body(reply, strict=200 <= reply.status < 300)
                if 200 <= reply.status < 300:
                    return reply, body
                asked = retry_after(reply.headers.get("retry-after"))
                failure = graph_error(reply, body, secrets, asked)
                retryable = retryable_status(method, reply.status)
            if not retryable or attempt >= policy.max_retries:
                raise failure from None
            delay = policy.backoff_delay(attempt) if asked is None else asked
            left = started + policy.budget - time.monotonic()
            if delay >= left:
                logger.debug(
                    "not retrying %s %s: %.2fs wait, %.2fs left",
                    method,
                    safe_url(url),
                    delay,
                    left,
                )
                raise failure from None
            logger.debug("retrying %s %s in %.2fs", method, safe_url(url), delay)
            yield Sleep(delay)
            attempt += 1
