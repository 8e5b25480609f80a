"""The orders ruff wants in generated modules: imports (isort, I001) and ``__all__`` (RUF022).

Both compare names in natural order the way ruff's ``natord`` does (strnatcmp): a digit run
is compared as a number (``evil2 < evil10``), but a run that starts with ``0`` on either side
is compared digit by digit, left-aligned (``evil02 < evil1``). ruff's isort defaults
(``order-by-type``, ``case-sensitive = false``, ``force-sort-within-sections = false``) sort
the names of one ``from x import (...)`` by kind (CONSTANTS, Classes, others), then by the
lower-cased name, then by the name; modules by the lower-cased name, then the name. RUF022
sorts ``__all__`` by the same kinds, then by the name, case-sensitively. Checked against ruff
0.17.6 by tests/test_sorting.py (which runs ruff on what these functions order).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def _digit(text: str, index: int) -> bool:
    return index < len(text) and "0" <= text[index] <= "9"


def _run_right(a: str, i: int, b: str, j: int) -> tuple[int, int, int]:
    """Digit runs without leading zero: the longer one is greater, else the first difference."""
    bias = 0
    while True:
        da, db = _digit(a, i), _digit(b, j)
        if not da or not db:
            return (da - db) or bias, i, j
        if not bias and a[i] != b[j]:
            bias = -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1


def _run_left(a: str, i: int, b: str, j: int) -> tuple[int, int, int]:
    """Digit runs of which one starts with ``0``: digit by digit, the first difference wins."""
    while True:
        da, db = _digit(a, i), _digit(b, j)
        if not da or not db:
            return da - db, i, j
        if a[i] != b[j]:
            return (-1 if a[i] < b[j] else 1), i, j
        i, j = i + 1, j + 1


def natcmp(a: str, b: str) -> int:
    """-1, 0 or 1: ``a`` against ``b`` in natord's natural order (no whitespace in names)."""
    i = j = 0
    while i < len(a) and j < len(b):
        if _digit(a, i) and _digit(b, j):
            run = _run_left if a[i] == "0" or b[j] == "0" else _run_right
            result, i, j = run(a, i, b, j)
            if result:
                return result
            continue
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1
    return (i < len(a)) - (j < len(b))


def member_kind(name: str) -> int:
    """isort's kinds of names: 0 CONSTANTS, 1 Classes, 2 everything else."""
    return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2


def _compare(*keys: Callable[[str], str | int]) -> Callable[[str, str], int]:
    def compare(a: str, b: str) -> int:
        for key in keys:
            ka, kb = key(a), key(b)
            if ka != kb:
                if isinstance(ka, int) and isinstance(kb, int):
                    return -1 if ka < kb else 1
                result = natcmp(str(ka), str(kb))
                if result:
                    return result
        return 0

    return compare


def _same(name: str) -> str:
    return name


_MEMBERS = functools.cmp_to_key(_compare(member_kind, str.lower, _same))
_MODULES = functools.cmp_to_key(_compare(str.lower, _same))
_ALL = functools.cmp_to_key(_compare(member_kind, _same))


def import_names(names: Iterable[str]) -> list[str]:
    """The names of one ``from x import (...)``, deduplicated, in isort's order."""
    return sorted(set(names), key=_MEMBERS)


def module_order(modules: Iterable[str]) -> list[str]:
    """Module names of ``from .m import ...`` lines (same level, one section) in isort's
    order."""
    return sorted(set(modules), key=_MODULES)


def by_module(items: Iterable[T], module: Callable[[T], str]) -> list[T]:
    """``items`` sorted by their module names (``module(item)``) in isort's order."""
    return sorted(items, key=lambda item: _MODULES(module(item)))


def all_order(names: Iterable[str]) -> list[str]:
    """The names of ``__all__``, deduplicated, in RUF022's order."""
    return sorted(set(names), key=_ALL)
