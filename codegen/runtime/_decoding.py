"""Decoding a response body: the decoders the request builders compose (``optional``,
``values_of``) and :func:`decoded`, which applies one and gives a ``DecodeError`` the HTTP
status, the request id and the JSON Pointer of the bad value.

Responses are decoded inside the transport, so a call either returns typed values or raises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ._base import DecodeError
from ._responses import Reply, request_id

__all__ = ["decode_values", "decoded", "identity", "optional", "values_of"]

_T = TypeVar("_T")


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


def identity(value: Any) -> Any:
    """The decoder of an untyped body: the parsed body as it is."""
    return value


def decoded(
    decode: Callable[[Any], Any],
    value: Any,
    reply: Reply,
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
    error.request_id = request_id(reply.headers)
    raise error
