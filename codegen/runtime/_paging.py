"""Paging: the plan of a paged GET, which emits the decoded items of each page and follows
``@odata.nextLink`` lazily (the next page is fetched only when its first item is reached).

A page without a ``value`` array, or a nextLink back to a page already visited, is a
``DecodeError``; where a nextLink may point is the transport's check (``next_url``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import httpx

from ._base import DecodeError
from ._decoding import decoded
from ._responses import Reply, request_id
from ._steps import Emit, Plan, Step, StrMap

__all__ = ["Exchange", "Exchanged", "pages"]

# One request with its retries: (method, url, params, json, headers) -> the reply and its body
Exchanged = Generator[Step, Any, tuple[Reply, Any]]
Exchange = Callable[[str, httpx.URL, StrMap, Any, StrMap], Exchanged]


def pages(
    exchange: Exchange,
    next_url: Callable[[Any, httpx.URL], httpx.URL],
    url: httpx.URL,
    params: StrMap,
    extra: StrMap,
    decode: Callable[[Any], Any],
) -> Plan:
    """Plan a paged GET of ``url``; ``next_url(link, page_url)`` resolves a nextLink."""
    page_url = httpx.URL(url, params=params) if params else url
    visited = {str(page_url)}
    while True:
        reply, page = yield from exchange("GET", url, params, None, extra)
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise DecodeError(
                "a paged response needs a 'value' array",
                path="/value",
                status=reply.status,
                request_id=request_id(reply.headers),
            )
        for index, item in enumerate(page["value"]):
            yield Emit(decoded(decode, item, reply, ("value", index)))
        link = page.get("@odata.nextLink")
        if link is None:
            return
        url, params = next_url(link, page_url), None
        if str(url) in visited:
            raise DecodeError(
                f"@odata.nextLink {str(url)[:300]!r} points at a page already visited",
                path="/@odata.nextLink",
                status=reply.status,
                request_id=request_id(reply.headers),
            )
        visited.add(str(url))
        page_url = url
