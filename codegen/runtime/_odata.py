"""OData system query options: the keyword arguments of a get (:class:`GetOptions`) and of a
list (:class:`ListOptions`), and :func:`odata_params`, which turns them into ``$select``,
``$top``... on top of the caller's own query parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict

__all__ = ["GetOptions", "ListOptions", "odata_params"]


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
