"""What the generated request builders (``builders/``) stand on: their base classes, a
position in the URL tree, and the helpers that fill a path template (:func:`expand_path`) and
a request's headers (:func:`request_headers`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ._transport import AsyncTransport, Transport

__all__ = ["AsyncRequestBuilder", "RequestBuilder", "expand_path", "request_headers"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


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


def request_headers(
    headers: Mapping[str, str] | None, named: Mapping[str, str | None]
) -> dict[str, str] | None:
    """The headers of one request: ``headers`` with the named ones given (``If-Match``...)
    on top; a named header left None is not sent. Values are checked when sent."""
    out = dict(headers or {})
    out.update({name: value for name, value in named.items() if value is not None})
    return out or None


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
