"""Integers of JSON examples against the values their property's description lists.

- ``example-value-unlisted``: an integer property (Byte, SByte, Int16, Int32, Int64) whose
  description lists its values, "Possible values are: 0 - `Not Ready`, 1 - `Ready`,
  2 - `Processing`" (an enum the docs keep as an integer), or bounds them, "Valid values 1 to
  365", is given another value in a request or response example (``"uploadState": 11``). The
  example is what readers copy: it should hold a value the property takes.

Only those two phrasings are read: a list of two integers at least, each maybe labelled
(``0 - `x```, ``1 (y)``), and nothing else in it; a range with both ends. A description that
says anything else ("for example 1, 2", "such as") lists no values.

Linear: a description is read once a run (two expressions, neither backtracking: each item is
an integer and a label without commas), a body walked once.
"""

from __future__ import annotations

import re
from typing import Any

from codegen.ir.source import SourceRef
from codegen.ir.structured import NavigationProperty, Property, StructuredType
from codegen.lint.catalog import EXAMPLE_VALUE_UNLISTED
from codegen.lint.context import LintContext, pointer_line

_INTEGERS = frozenset({"Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64"})
# "Possible values are: 0 - `a`, 1 - `b`, 2 - `c`." up to the end of the sentence
_LIST = re.compile(r"(?i)\bpossible values (?:are|include)\s*+:?\s*+([^.;]*+)")
_ITEM = re.compile(r"^(-?\d++)(?:\s*+(?:-|=|:)\s*+`?[^`,]*+`?|\s*+\([^(),]*+\))?$")
_RANGE = re.compile(
    r"(?i)\bvalid values(?: are)?(?: from)?\s*+:?\s*+(-?\d++)\s*+(?:to|through)\s*+(-?\d++)\b"
)
_AND = re.compile(r"(?i),?\s+(?:and|or)\s+")

Allowed = tuple[frozenset[int], None] | tuple[None, tuple[int, int]]


def allowed_values(description: str) -> Allowed | None:
    """The values a description lists (a set) or bounds (low, high), else None."""
    text = description.replace("\u00a0", " ")
    m = _RANGE.search(text)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        return (None, (low, high)) if low < high else None
    m = _LIST.search(text)
    if m is None:
        return None
    items = [i.strip() for i in _AND.sub(",", m.group(1)).split(",") if i.strip()]
    values: set[int] = set()
    for item in items:
        hit = _ITEM.match(item)
        if hit is None:
            return None  # anything else in the list: not a list of the values
        values.add(int(hit.group(1)))
    return (frozenset(values), None) if len(values) >= 2 else None


def _shown(allowed: Allowed) -> str:
    values, bounds = allowed
    if bounds is not None:
        return f"{bounds[0]} to {bounds[1]}"
    assert values is not None
    ordered = [str(v) for v in sorted(values)]
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _fits(allowed: Allowed, value: int) -> bool:
    values, bounds = allowed
    if bounds is not None:
        return bounds[0] <= value <= bounds[1]
    assert values is not None
    return value in values


class _Walk:
    """One body: its text and where it starts, for the line of a finding."""

    def __init__(self, ctx: LintContext, text: str, start: SourceRef, shown: str) -> None:
        self.ctx, self.text, self.start, self.shown = ctx, text, start, shown
        self.cache: dict[int, tuple[Property, Allowed | None]]
        self.cache = ctx.__dict__.setdefault("_allowed_values", {})

    def allowed(self, member: Property | NavigationProperty) -> Allowed | None:
        if not isinstance(member, Property) or member.type is None:
            return None
        if member.type.name not in _INTEGERS:
            return None
        known = self.cache.get(id(member))
        if known is None or known[0] is not member:
            known = self.cache[id(member)] = (member, allowed_values(member.description))
        return known[1]

    def object(self, t: StructuredType | None, data: dict[str, Any], pointer: str) -> None:
        """Every member of an object of type ``t`` (its own ``@odata.type`` first)."""
        odata = data.get("@odata.type")
        if isinstance(odata, str):
            t = self.ctx.lookup(odata) or t
        if t is None:
            return
        for key, value in data.items():
            if "@" in key or value is None or isinstance(value, (str, bool, float)):
                continue
            member = self.ctx.member(t, key)
            if member is None:
                continue
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            self.value(t, member, value, here)

    def value(
        self,
        owner: StructuredType,
        member: Property | NavigationProperty,
        value: Any,
        pointer: str,
    ) -> None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is not None and not isinstance(item, (str, bool, float)):
                    self.value(owner, member, item, f"{pointer}/{i}")
        elif isinstance(value, dict):
            ref = member.type
            inner = None if ref is None or ref.is_primitive else self.ctx.lookup(ref.qualified_name)
            self.object(inner, value, pointer)
        elif isinstance(value, int):
            allowed = self.allowed(member)
            if allowed is not None and not _fits(allowed, value):
                row = self.row(owner, member)
                self.ctx.report(
                    EXAMPLE_VALUE_UNLISTED,
                    pointer_line(self.text, self.start, pointer),
                    f"{pointer}: {value} is none of the values the docs give {member.name} "
                    f"({_shown(allowed)}, {self.ctx.shown(row)}): show one it "
                    "takes, or document this one",
                    subject=f"{self.shown}.{member.name}",
                )

    def row(self, owner: StructuredType, member: Property | NavigationProperty) -> SourceRef:
        """The row the reader of the example's type finds: its own page's (which lists what
        it inherits too), else the one the model keeps (a base type's page)."""
        rows: dict[str, dict[str, SourceRef]] = self.ctx.__dict__.setdefault("_page_rows", {})
        path = owner.source.file
        if path not in rows:
            parsed = self.ctx.page(path)
            own = parsed.type if parsed is not None else None
            rows[path] = {p.name: p.source for p in own.properties} if own is not None else {}
        return rows[path].get(member.name, member.source)


def _listed_names(ctx: LintContext) -> frozenset[str]:
    """The names of every integer property whose description lists or bounds its values
    (read once a run: a body without one of them is not walked with its types)."""
    known: frozenset[str] | None = ctx.__dict__.get("_listed_names")
    if known is None:
        known = frozenset(
            p.name
            for t in ctx.model.types
            for p in t.properties
            if p.type is not None
            and p.type.name in _INTEGERS
            and "values" in p.description.lower()
            and allowed_values(p.description) is not None
        )
        ctx.__dict__["_listed_names"] = known
    return known


def _holds(data: Any, names: frozenset[str]) -> bool:
    """True when some object of ``data`` gives one of ``names`` a number (or numbers)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, (dict, list)):
                    if key in names and isinstance(value, list):
                        return True
                    stack.append(value)
                elif key in names and isinstance(value, int) and not isinstance(value, bool):
                    return True
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return False


def check_values(
    ctx: LintContext,
    t: StructuredType,
    body: Any,
    text: str,
    start: SourceRef,
    prefix: str = "",
) -> None:
    """Report every integer of ``body`` (a ``t``; at ``prefix`` in ``text``) that its
    property's description does not allow."""
    if isinstance(body, dict) and _holds(body, _listed_names(ctx)):
        _Walk(ctx, text, start, t.name).object(t, body, prefix)
