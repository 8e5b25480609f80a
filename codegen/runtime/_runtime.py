"""HTTP runtime for the generated Microsoft Graph client: transports, errors, retries, limits.

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

Design: all of the above lives once, in the sans-IO plans (generators) of ``_BaseTransport``.
A plan yields steps, ``_Auth``, ``_Send``, ``_Sleep`` or ``_Emit`` (a value for the caller), and
the ``_run`` driver of ``Transport`` or ``AsyncTransport`` performs each and resumes the plan:
with the token of an ``_Auth``, the ``_Reply`` of a ``_Send`` (or by throwing its
``httpx.HTTPError`` into the plan), else with None.
"""

from __future__ import annotations

import asyncio
import email.utils
import inspect
import json as jsonlib
import logging
import math
import random
import re
import time
import zlib
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypedDict, TypeVar, overload
from urllib.parse import quote

import httpx

from ._base import DecodeError, GraphClientError

__all__ = [
    "AsyncRequestBuilder",
    "AsyncTransport",
    "CallTimeoutError",
    "DecodeError",
    "GetOptions",
    "GraphClientError",
    "GraphError",
    "ListOptions",
    "RequestBuilder",
    "ResponseTooLargeError",
    "RetryPolicy",
    "TokenError",
    "Transport",
    "TransportError",
    "decode_values",
    "expand_path",
    "odata_params",
    "optional",
    "request_headers",
    "values_of",
]

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://graph.microsoft.com/beta"
USER_AGENT = "graph-docs-codegen"
RETRY_STATUSES = frozenset({429, 503, 504})
RETRY_STATUSES_UNSAFE = frozenset({429})  # POST/PATCH: only where nothing was processed
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
DEFAULT_MAX_RESPONSE_BYTES = 64 * 2**20
_TRANSIENT = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# A path segment a URL parser or server resolves away: '.' or '..', its dots percent-encoded
# or not, between slashes or backslashes (which some servers read as slashes)
_DOT_SEGMENT = re.compile(r"(?:^|[/\\])(?:\.|%2e){1,2}(?=$|[/\\?#;])", re.IGNORECASE)
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+", re.ASCII)
_HEADER_VALUE = re.compile(r"[\x20-\x7e]*", re.ASCII)
_Origin = tuple[str, str, int | None]
_StrMap = Mapping[str, str] | None  # query parameters or extra headers
_T = TypeVar("_T")
TokenProvider = Callable[[], "str | Awaitable[str]"]


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


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to retry; one policy per client.

    ``max_retries``: retries after the first attempt. ``budget``: seconds a call may take in
    all, attempts and waits included (180 s, as Kiota). ``backoff``: the first wait when the
    server gives no Retry-After, doubling per retry up to ``max_backoff``; with ``jitter`` each
    such wait is drawn uniformly from [wait/2, wait]. A Retry-After is honoured as given, unless
    it does not fit in what is left of the budget: then the call raises at once.
    """

    max_retries: int = 3
    budget: float = 180.0
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: bool = True

    def __post_init__(self) -> None:
        negative = min(self.max_retries, self.backoff, self.max_backoff) < 0
        if negative or self.budget <= 0:
            raise ValueError(
                "max_retries, backoff, max_backoff must be >= 0 and budget > 0",
            )

    def backoff_delay(self, attempt: int) -> float:
        """Seconds before retry ``attempt + 1`` when the server named no wait."""
        delay = min(self.max_backoff, self.backoff * 2.0**attempt)
        return delay * random.uniform(0.5, 1.0) if self.jitter else delay


def expand_path(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders, percent-encoding each value as exactly one path segment."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if not isinstance(value, str) or not value:
            raise ValueError(
                f"placeholder {name!r} of {template!r} needs a non-empty string",
            )
        if value in (".", ".."):
            # URL normalisation would resolve the segment away: by_id("..") would address the parent
            raise ValueError(f"placeholder {name!r} must not be '.' or '..'")
        return quote(value, safe="")

    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        raise ValueError(f"unbalanced braces in path template {template!r}")
    return _PLACEHOLDER.sub(fill, template)


class GetOptions(TypedDict, total=False):
    """OData query options of a get: ``$select`` and ``$expand``."""

    select: Sequence[str] | None
    expand: Sequence[str] | None


class ListOptions(GetOptions, total=False):
    """OData query options of a list: a get's, and ``$filter``, ``$orderby``, ``$top``,
    ``$skip``, ``$search`` and ``$count``."""

    filter: str | None
    orderby: Sequence[str] | None
    top: int | None
    skip: int | None
    search: str | None
    count: bool | None


def odata_params(
    query: Mapping[str, str] | None = None,
    *,
    select: Sequence[str] | None = None,
    expand: Sequence[str] | None = None,
    filter: str | None = None,
    orderby: Sequence[str] | None = None,
    top: int | None = None,
    skip: int | None = None,
    search: str | None = None,
    count: bool | None = None,
) -> dict[str, str]:
    """OData system query options (``$select``, ``$top``...) from the arguments given, on top
    of ``query``: other parameters as the caller gives them (``$skiptoken``, ``startDateTime``).
    """

    def joined(items: Sequence[str]) -> str:
        return items if isinstance(items, str) else ",".join(items)

    params: dict[str, str] = dict(query or {})
    for name, items in (
        ("$select", select),
        ("$expand", expand),
        ("$orderby", orderby),
    ):
        if items:
            params[name] = joined(items)
    for name, number in (("$top", top), ("$skip", skip)):
        if number is not None:
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise ValueError(f"{name} must be a non-negative int, got {number!r}")
            params[name] = str(number)
    if filter is not None:
        params["$filter"] = filter
    if search is not None:
        params["$search"] = search
    if count is not None:
        params["$count"] = "true" if count else "false"
    return params


def request_headers(
    headers: Mapping[str, str] | None, named: Mapping[str, str | None]
) -> dict[str, str] | None:
    """The headers of one request: ``headers`` with the named ones given (``If-Match``...)
    on top; a named header left None is not sent. Values are checked when sent."""
    out = dict(headers or {})
    out.update({name: value for name, value in named.items() if value is not None})
    return out or None


def _origin(url: httpx.URL) -> _Origin:
    """(scheme, host, port) with the scheme's default port filled in."""
    default = {"https": 443, "http": 80}.get(url.scheme)
    return (url.scheme, url.host, url.port or default)


def checked_token(value: object) -> str:
    """``value`` if it can be sent as a bearer token; TokenError (not echoing it) otherwise."""
    if not isinstance(value, str):
        raise TokenError(f"a token must be a str, got {type(value).__name__}")
    if not value:
        raise TokenError("the token is empty")
    if _TOKEN_CHARS.fullmatch(value) is None:
        index = next(i for i, c in enumerate(value) if not 0x21 <= ord(c) <= 0x7E)
        raise TokenError(
            f"the token has a whitespace, control or non-ASCII character at index {index} of"
            f" {len(value)} (a trailing newline from reading a file?); the token is not shown"
        )
    return value


def _mask(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` (str or JSON data) with every secret replaced by ``***``."""
    secrets = [s for s in secrets if s]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "***")
        return value
    if value is None or isinstance(value, bytes):
        return value
    try:
        text = jsonlib.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return None
    escaped = [jsonlib.dumps(s)[1:-1] for s in secrets]
    if not any(s in text for s in escaped):
        return value
    for secret in escaped:
        text = text.replace(secret, "***")
    return jsonlib.loads(text)


def _transport_error(
    exc: Exception, method: str, url: httpx.URL, secrets: Sequence[str]
) -> TransportError:
    """A TransportError for an httpx failure; its text has every secret masked."""
    if isinstance(exc, TransportError):
        return exc
    kind = type(exc).__name__
    # h11 quotes what it refused (a header value among them): no detail for local errors
    detail = "" if isinstance(exc, httpx.LocalProtocolError) else str(exc)
    text = _mask(detail, [*secrets, *(repr(s)[1:-1] for s in secrets)]) or "no detail"
    message = f"{kind} during {method} {_safe_url(url)}: {text}"
    if isinstance(exc, httpx.TimeoutException):
        return CallTimeoutError(message, kind=kind, method=method, url=_safe_url(url))
    return TransportError(message, kind=kind, method=method, url=_safe_url(url))


def _safe_url(url: httpx.URL) -> str:
    """The URL for messages: without a query (it may carry skip tokens)."""
    return str(url.copy_with(query=None))


def _request_id(headers: Mapping[str, str]) -> str | None:
    return headers.get("request-id") or headers.get("client-request-id")


@dataclass(frozen=True, slots=True)
class _Reply:
    """A response read in full, within the limits."""

    status: int
    reason: str
    headers: httpx.Headers
    content: bytes


class _BodyReader:
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
                f" {method} {_safe_url(url)}",
                kind="ContentEncoding",
                method=method,
                url=_safe_url(url),
            )
        length = headers.get("content-length", "")
        if self._inflater is None and length.isdigit() and int(length) > limit:
            self._too_large(int(length))

    def _too_large(self, size: int | None = None) -> None:
        seen = f"{size} bytes" if size is not None else f"more than {self._limit} bytes"
        raise ResponseTooLargeError(
            f"the response to {self._method} {_safe_url(self._url)} has {seen}, over"
            f" max_response_bytes={self._limit}",
            kind="ResponseTooLarge",
            method=self._method,
            url=_safe_url(self._url),
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
                f"the compressed response to {self._method} {_safe_url(self._url)} is corrupt",
                kind="DecodingError",
                method=self._method,
                url=_safe_url(self._url),
            ) from exc

    def reply(self, response: httpx.Response) -> _Reply:
        """The finished body as a _Reply."""
        if self._inflater is not None:
            self._add(self._inflater.flush())
        return _Reply(
            response.status_code,
            response.reason_phrase,
            response.headers,
            bytes(self._data),
        )


def _parse(reply: _Reply, strict: bool) -> Any:
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
                request_id=_request_id(reply.headers),
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


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), if valid."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def decode_values(page: Any, item: Callable[[Any], _T]) -> list[_T]:
    """The ``value`` array of a collection response, each element decoded by ``item``."""
    if not isinstance(page, dict) or not isinstance(page.get("value"), list):
        raise DecodeError("a collection response needs a 'value' array", path="/value")
    out: list[_T] = []
    for index, value in enumerate(page["value"]):
        try:
            out.append(item(value))
        except DecodeError as exc:
            raise exc.within(index).within("value") from None
    return out


def values_of(item: Callable[[Any], _T]) -> Callable[[Any], list[_T]]:
    """A decoder of a collection response into its ``value`` items, each decoded by ``item``."""

    def decode(page: Any) -> list[_T]:
        return decode_values(page, item)

    return decode


def optional(decode: Callable[[Any], _T]) -> Callable[[Any], _T | None]:
    """A decoder that keeps null (None) and decodes anything else with ``decode``."""

    def decode_optional(data: Any) -> _T | None:
        return None if data is None else decode(data)

    return decode_optional


@dataclass(frozen=True, slots=True)
class _Auth:  # the current token, from the provider
    pass


@dataclass(frozen=True, slots=True)
class _Send:
    method: str
    url: httpx.URL
    params: _StrMap
    json: Any
    headers: dict[str, str]
    deadline: float  # time.monotonic() by which the response must be complete


@dataclass(frozen=True, slots=True)
class _Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class _Emit:  # a value for the caller: the result of a request, or one item of a page
    value: Any


_Step = _Auth | _Send | _Sleep | _Emit
_Plan = Generator[_Step, Any, None]
_Outcome = _Reply | str | Exception | None


def _advance(plan: _Plan, outcome: _Outcome) -> _Step | None:
    """Resume a plan with the last outcome; its next step, or None once it has finished."""
    try:
        if isinstance(outcome, Exception):
            return plan.throw(outcome)
        return plan.send(outcome)
    except StopIteration:
        return None


def _identity(value: Any) -> Any:
    return value


class _BaseTransport:
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
        url = httpx.URL(base_url.rstrip("/"))
        if url.scheme not in ("https", "http") or not url.host:
            raise ValueError(
                f"base_url must be an absolute https URL, got {base_url!r}",
            )
        if url.scheme == "http" and url.host not in _LOCAL_HOSTS:
            raise ValueError("base_url must use https (plain http only for localhost)")
        if url.query or url.fragment or url.userinfo:
            raise ValueError("base_url must not carry a query, fragment or credentials")
        if token is not None and token_provider is not None:
            raise ValueError("pass token or token_provider, not both")
        if token_provider is not None and not callable(token_provider):
            raise TokenError("token_provider must be a callable returning the token")
        if not timeout > 0 or max_response_bytes <= 0:
            raise ValueError("timeout and max_response_bytes must be > 0")
        if not isinstance(retry, RetryPolicy):
            raise TypeError("retry must be a RetryPolicy")
        self.base_url = str(url)
        self._origin = _origin(url)
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
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError(
                f"path must be relative to base_url and start with '/': {path!r}",
            )
        if _DOT_SEGMENT.search(path):
            # the URL would be resolved to another path, possibly outside base_url
            raise ValueError(f"path must not have a '.' or '..' segment: {path!r}")
        return self._checked(httpx.URL(self.base_url + path))

    def _url_for_link(self, link: Any, page_url: httpx.URL) -> httpx.URL:
        """The URL of an @odata.nextLink, resolved against the page's URL; same origin only."""
        if not isinstance(link, str) or not link:
            raise DecodeError(
                f"invalid @odata.nextLink: {str(link)[:200]!r}",
                path="/@odata.nextLink",
            )
        return self._checked(page_url.join(link))

    def _checked(self, url: httpx.URL) -> httpx.URL:
        if _origin(url) != self._origin:
            raise DecodeError(
                f"refusing to send the token to {url.scheme}://{url.netloc.decode()}",
                path="/@odata.nextLink",
            )
        return url

    @staticmethod
    def _headers(extra: _StrMap, token: str | None) -> dict[str, str]:
        for name, value in (extra or {}).items():
            if not isinstance(value, str) or _HEADER_VALUE.fullmatch(value) is None:
                raise ValueError(
                    f"header {name[:60]!r}: the value must be printable ASCII",
                )
        headers = {
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
            **(extra or {}),
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _error(
        self,
        reply: _Reply,
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
        request_id = _request_id(reply.headers)
        if not request_id and isinstance(inner, dict):
            request_id = inner.get("request-id") or inner.get("client-request-id")
        return GraphError(
            reply.status,
            _mask(message, secrets) or f"HTTP {reply.status}",
            code=code,
            request_id=str(request_id) if request_id else None,
            body=_mask(body, secrets),
            headers=reply.headers,
            retry_after=retry_after,
        )

    def _call(
        self,
        method: str,
        url: httpx.URL,
        params: _StrMap,
        json: Any,
        extra: _StrMap,
        decode: Callable[[Any], Any],
    ) -> _Plan:
        """Plan one request; emit its decoded result."""
        reply, body = yield from self._exchange(method, url, params, json, extra)
        yield _Emit(_decoded(decode, body, reply))

    def _pages(
        self,
        url: httpx.URL,
        params: _StrMap,
        extra: _StrMap,
        decode: Callable[[Any], Any],
    ) -> _Plan:
        """Plan a paged GET; emit the decoded items of each page, following nextLink lazily."""
        page_url = httpx.URL(url, params=params) if params else url
        visited = {str(page_url)}
        while True:
            reply, page = yield from self._exchange("GET", url, params, None, extra)
            if not isinstance(page, dict) or not isinstance(page.get("value"), list):
                raise DecodeError(
                    "a paged response needs a 'value' array",
                    path="/value",
                    status=reply.status,
                    request_id=_request_id(reply.headers),
                )
            for index, item in enumerate(page["value"]):
                yield _Emit(_decoded(decode, item, reply, ("value", index)))
            link = page.get("@odata.nextLink")
            if link is None:
                return
            url, params = self._url_for_link(link, page_url), None
            if str(url) in visited:
                raise DecodeError(
                    f"@odata.nextLink {str(url)[:300]!r} points at a page already visited",
                    path="/@odata.nextLink",
                    status=reply.status,
                    request_id=_request_id(reply.headers),
                )
            visited.add(str(url))
            page_url = url

    def _exchange(
        self, method: str, url: httpx.URL, params: _StrMap, json: Any, extra: _StrMap
    ) -> Generator[_Step, Any, tuple[_Reply, Any]]:
        """Send until a final response, within the retry policy; return it and its body."""
        url = self._checked(url)
        policy = self.retry
        method = method.upper()
        idempotent = method in IDEMPOTENT_METHODS
        statuses = RETRY_STATUSES if idempotent else RETRY_STATUSES_UNSAFE
        started = time.monotonic()
        attempt = 0
        while True:
            token = self._token
            if self._token_provider is not None:
                token = checked_token((yield _Auth()))
            secrets = [token or "", *(extra or {}).values()]
            headers = self._headers(extra, token)
            deadline = min(time.monotonic() + self._timeout, started + policy.budget)
            logger.debug("%s %s", method, _safe_url(url))
            failure: GraphClientError
            try:
                reply = yield _Send(method, url, params, json, headers, deadline)
            except (httpx.HTTPError, TransportError) as exc:
                failure = _transport_error(exc, method, url, secrets)
                retryable = isinstance(exc, httpx.ConnectError) or (
                    method in IDEMPOTENT_METHODS and isinstance(exc, _TRANSIENT)
                )
                asked = None
            else:
                body = _parse(reply, strict=200 <= reply.status < 300)
                if 200 <= reply.status < 300:
                    return reply, body
                asked = _retry_after(reply.headers.get("retry-after"))
                failure = self._error(reply, body, secrets, asked)
                retryable = reply.status in statuses
            if not retryable or attempt >= policy.max_retries:
                raise failure from None
            delay = policy.backoff_delay(attempt) if asked is None else asked
            left = started + policy.budget - time.monotonic()
            if delay >= left:
                logger.debug(
                    "not retrying %s %s: %.2fs wait, %.2fs left",
                    method,
                    url,
                    delay,
                    left,
                )
                raise failure from None
            logger.debug("retrying %s %s in %.2fs", method, _safe_url(url), delay)
            yield _Sleep(delay)
            attempt += 1


def _decoded(
    decode: Callable[[Any], Any],
    value: Any,
    reply: _Reply,
    at: tuple[str | int, ...] = (),
) -> Any:
    """``decode(value)``; a DecodeError gets the path prefix, status and request id."""
    try:
        return decode(value)
    except DecodeError as exc:
        error = exc
    except RecursionError:
        error = DecodeError("the JSON body is nested too deeply to decode")
    for key in reversed(at):
        error.within(key)
    error.status = reply.status
    error.request_id = _request_id(reply.headers)
    raise error


def _too_slow(step: _Send) -> CallTimeoutError:
    return CallTimeoutError(
        f"{step.method} {_safe_url(step.url)} did not complete within its deadline",
        kind="Deadline",
        method=step.method,
        url=_safe_url(step.url),
    )


def _remaining(step: _Send) -> float:
    left = step.deadline - time.monotonic()
    if left <= 0:
        raise _too_slow(step)
    return left


class Transport(_BaseTransport):
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
        decode: Callable[[Any], Any] = _identity,
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
        decode: Callable[[Any], Any] = _identity,
    ) -> Iterator[Any]:
        """Yield the items of every page, fetching the next page only when it is reached."""
        return self._run(self._pages(self._url_for_path(path), params, headers, decode))

    def _run(self, plan: _Plan) -> Iterator[Any]:
        """Perform the plan's steps; yield what it emits."""
        outcome: _Outcome = None
        while (step := _advance(plan, outcome)) is not None:
            outcome = None
            if isinstance(step, _Emit):
                yield step.value
            elif isinstance(step, _Sleep):
                self._sleep(step.seconds)
            elif isinstance(step, _Auth):
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

    def _send(self, step: _Send) -> _Reply:
        """One request, read in full within the deadline and the size limit."""
        request = self._client.build_request(
            step.method,
            step.url,
            params=step.params,
            json=step.json,
            headers=step.headers,
            timeout=httpx.Timeout(_remaining(step)),
        )
        response = self._client.send(request, stream=True, follow_redirects=False)
        try:
            reader = _BodyReader(
                response.headers,
                self.max_response_bytes,
                step.method,
                step.url,
            )
            for chunk in response.iter_raw():
                reader.feed(chunk)
                _remaining(step)
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


class AsyncTransport(_BaseTransport):
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
        decode: Callable[[Any], Any] = _identity,
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
        decode: Callable[[Any], Any] = _identity,
    ) -> AsyncIterator[Any]:
        """Yield the items of every page, fetching the next page only when it is reached."""
        return self._run(self._pages(self._url_for_path(path), params, headers, decode))

    async def _run(self, plan: _Plan) -> AsyncIterator[Any]:
        """Perform the plan's steps; yield what it emits."""
        outcome: _Outcome = None
        while (step := _advance(plan, outcome)) is not None:
            outcome = None
            if isinstance(step, _Emit):
                yield step.value
            elif isinstance(step, _Sleep):
                await self._sleep(step.seconds)
            elif isinstance(step, _Auth):
                assert self._token_provider is not None
                value = self._token_provider()
                outcome = await value if inspect.isawaitable(value) else value
            else:
                try:
                    async with asyncio.timeout(_remaining(step)):
                        outcome = await self._send(step)
                except TimeoutError:
                    outcome = _too_slow(step)
                except (httpx.HTTPError, TransportError) as exc:
                    outcome = exc

    async def _send(self, step: _Send) -> _Reply:
        """One request, read in full within the size limit (the caller bounds the time)."""
        request = self._client.build_request(
            step.method,
            step.url,
            params=step.params,
            json=step.json,
            headers=step.headers,
            timeout=httpx.Timeout(_remaining(step)),
        )
        response = await self._client.send(request, stream=True, follow_redirects=False)
        try:
            reader = _BodyReader(
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


class _Builder:
    """A position in the URL tree: the transport and the path so far."""

    __slots__ = ("_path", "_transport")

    def __init__(self, transport: Any, path: str) -> None:
        self._transport = transport
        self._path = path

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self._path!r})"


class RequestBuilder(_Builder):
    """Base of the sync client's request builders (``builders/``)."""

    __slots__ = ()
    _transport: Transport


class AsyncRequestBuilder(_Builder):
    """Base of the async client's request builders (``builders/``)."""

    __slots__ = ()
    _transport: AsyncTransport
