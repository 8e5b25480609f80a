"""The sync and async transports of the generated client: they perform the plans of
``_plans`` over ``httpx.Client`` or ``httpx.AsyncClient``.

Safety rules, shared by :class:`Transport` and :class:`AsyncTransport`:

* ``base_url`` must be https (plain http only for localhost, 127.0.0.1 and ::1).
* Every request goes to the origin (scheme, host, port) of ``base_url``; the bearer token is
  never sent anywhere else. An ``@odata.nextLink`` to another origin raises ``DecodeError``
  before any request is made, and redirects are never followed (a 3xx is a ``GraphError``).
  A path with a ``.`` or ``..`` segment (``%2e`` too), which URL normalisation would send to
  another path, possibly outside ``base_url``, raises ``ValueError`` before anything is sent.
* A token must be a non-empty str of visible ASCII (no CR/LF, spaces or control characters);
  a bad one raises ``TokenError`` without echoing it. The token never appears in ``repr()``,
  in log records or in the text of any exception (nor in ``GraphError.body``).
* Retries follow :class:`RetryPolicy`: GET/HEAD/PUT/DELETE/OPTIONS are retried on 429, 503, 504
  and on transient network errors (connection refused, reset, read error); POST and PATCH only
  where the request certainly was not processed (429; connection refused). Waits honour
  Retry-After (seconds or HTTP date), else exponential backoff with jitter; a wait that does
  not fit in the call's time budget raises at once (``GraphError.retry_after`` says how long).
* Limits: ``timeout`` bounds each request from sending to the last byte of the response (not
  each read); ``max_response_bytes`` bounds the body after gzip/deflate decoding.
* Every failure of a call is a :class:`GraphClientError`: ``GraphError`` (an HTTP error status),
  ``DecodeError`` (a body that does not match its type), ``TransportError`` (network, timeout,
  size; never an empty message) or ``TokenError``.

Responses: JSON bodies are parsed, other text is returned as ``str``, binary as ``bytes``,
and 204 or an empty body as ``None``.

Design: all of the above lives once, in the sans-IO plans (generators) of ``_plans``. A plan
yields steps (``_steps``): ``Auth``, ``Send``, ``Sleep`` or ``Emit`` (a value for the caller),
and the ``_run`` driver of ``Transport`` or ``AsyncTransport`` performs each and resumes the
plan: with the token of an ``Auth``, the ``Reply`` of a ``Send`` (or by throwing its
``httpx.HTTPError`` into the plan), else with None.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar, overload

import httpx

from ._decoding import identity
from ._errors import TokenError, TransportError
from ._plans import BaseTransport, TokenProvider
from ._responses import BodyReader, Reply
from ._retry import RetryPolicy
from ._steps import Auth, Emit, Outcome, Plan, Send, Sleep, advance, remaining, too_slow

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AsyncTransport",
    "Transport",
]

DEFAULT_BASE_URL = "https://graph.microsoft.com/beta"
DEFAULT_MAX_RESPONSE_BYTES = 64 * 2**20
_T = TypeVar("_T")


class Transport(BaseTransport):
    """Synchronous Graph transport over ``httpx.Client``."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        token_provider: Callable[[], str] | None = None,
        http_client: httpx.Client | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if token_provider is not None and inspect.iscoroutinefunction(token_provider):
            raise TokenError(
                "the sync client needs a sync token_provider (use AsyncGraphClient)",
            )
        super().__init__(
            base_url,
            token,
            token_provider,
            timeout,
            retry or RetryPolicy(),
            max_response_bytes,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(follow_redirects=False)
        self._sleep = sleep

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], _T],
    ) -> _T: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], Any] = identity,
    ) -> Any:
        """Send a request to base_url + path; its body (JSON, text, None) through ``decode``."""
        url = self._url_for_path(path)
        (result,) = self._run(self._call(method, url, params, json, headers, decode))
        return result

    @overload
    def paginate(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[Any]: ...

    @overload
    def paginate(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], _T],
    ) -> Iterator[_T]: ...

    def paginate(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], Any] = identity,
    ) -> Iterator[Any]:
        """Yield the items of every page, fetching the next page only when it is reached."""
        return self._run(self._pages(self._url_for_path(path), params, headers, decode))

    def _run(self, plan: Plan) -> Iterator[Any]:
        """Perform the plan's steps; yield what it emits."""
        outcome: Outcome = None
        while (step := advance(plan, outcome)) is not None:
            outcome = None
            if isinstance(step, Emit):
                yield step.value
            elif isinstance(step, Sleep):
                self._sleep(step.seconds)
            elif isinstance(step, Auth):
                outcome = self._fetch_token()
            else:
                try:
                    outcome = self._send(step)
                except (httpx.HTTPError, TransportError) as exc:
                    outcome = exc

    def _fetch_token(self) -> Any:
        assert self._token_provider is not None
        value = self._token_provider()
        if inspect.isawaitable(value):
            if inspect.iscoroutine(value):
                value.close()
            raise TokenError(
                "token_provider returned an awaitable: the sync client needs a sync provider"
                " (use AsyncGraphClient for an async one)"
            )
        return value

    def _send(self, step: Send) -> Reply:
        """One request, read in full within the deadline and the size limit."""
        request = self._client.build_request(
            step.method,
            step.url,
            params=step.params,
            json=step.json,
            headers=step.headers,
            timeout=httpx.Timeout(remaining(step)),
        )
        response = self._client.send(request, stream=True, follow_redirects=False)
        try:
            reader = BodyReader(
                response.headers,
                self.max_response_bytes,
                step.method,
                step.url,
            )
            for chunk in response.iter_raw():
                reader.feed(chunk)
                remaining(step)
            return reader.reply(response)
        finally:
            response.close()

    def close(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncTransport(BaseTransport):
    """Asynchronous Graph transport over ``httpx.AsyncClient``.

    ``token_provider`` may be sync or async; a sync one is called on the event loop, so it
    must not block (wrap a blocking one in an async function using ``asyncio.to_thread``).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        token_provider: TokenProvider | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            base_url,
            token,
            token_provider,
            timeout,
            retry or RetryPolicy(),
            max_response_bytes,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(follow_redirects=False)
        self._sleep = sleep

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], _T],
    ) -> _T: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], Any] = identity,
    ) -> Any:
        """Send a request to base_url + path; its body (JSON, text, None) through ``decode``."""
        plan = self._call(
            method,
            self._url_for_path(path),
            params,
            json,
            headers,
            decode,
        )
        [result] = [value async for value in self._run(plan)]
        return result

    @overload
    def paginate(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[Any]: ...

    @overload
    def paginate(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], _T],
    ) -> AsyncIterator[_T]: ...

    def paginate(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        decode: Callable[[Any], Any] = identity,
    ) -> AsyncIterator[Any]:
        """Yield the items of every page, fetching the next page only when it is reached."""
        return self._run(self._pages(self._url_for_path(path), params, headers, decode))

    async def _run(self, plan: Plan) -> AsyncIterator[Any]:
        """Perform the plan's steps; yield what it emits."""
        outcome: Outcome = None
        while (step := advance(plan, outcome)) is not None:
            outcome = None
            if isinstance(step, Emit):
                yield step.value
            elif isinstance(step, Sleep):
                await self._sleep(step.seconds)
            elif isinstance(step, Auth):
                assert self._token_provider is not None
                value = self._token_provider()
                outcome = await value if inspect.isawaitable(value) else value
            else:
                try:
                    async with asyncio.timeout(remaining(step)):
                        outcome = await self._send(step)
                except TimeoutError:
                    outcome = too_slow(step)
                except (httpx.HTTPError, TransportError) as exc:
                    outcome = exc

    async def _send(self, step: Send) -> Reply:
        """One request, read in full within the size limit (the caller bounds the time)."""
        request = self._client.build_request(
            step.method,
            step.url,
            params=step.params,
            json=step.json,
            headers=step.headers,
            timeout=httpx.Timeout(remaining(step)),
        )
        response = await self._client.send(request, stream=True, follow_redirects=False)
        try:
            reader = BodyReader(
                response.headers,
                self.max_response_bytes,
                step.method,
                step.url,
            )
            async for chunk in response.aiter_raw():
                reader.feed(chunk)
            return reader.reply(response)
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
