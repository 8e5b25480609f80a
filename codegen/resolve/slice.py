"""Slices: the part of a Model that ``--include`` / ``--exclude`` patterns select.

A pattern starting with ``/`` is a URL path glob, matched against each path of an operation
(without its query string, case-insensitive): ``*`` is one path segment, ``**`` any number of
segments (none included), a ``{name}`` segment matches any placeholder segment of the docs
(``{id}``, ``{user-id}``), and ``*`` inside a segment is fnmatch's. Any other pattern is a type
glob (fnmatch, case-insensitive) matched against the qualified and the bare name of each type
and enum (``microsoft.graph.planner*``, ``planner*``).

The slice keeps the selected operations (each with only its selected paths) and the types that
match include type globs, plus the closure of the types they reach: response and request-body
types, base types all the way up, the types of structural properties, and the derived types of
every type reached as a value (``@odata.type`` dispatch needs them); a type reached only as a
base does not bring its derived types (``entity`` would bring all of Graph). Navigation
properties do not extend the closure (the field stays, typed Any, when its target is not kept).
Excluded types leave the closure (references to them become Any), except where a kept type
derives from one: a class cannot lose its base, so the base is kept.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cached_property

from codegen.ir.enums import EnumType
from codegen.ir.model import Model
from codegen.ir.operation import Operation
from codegen.ir.source import SourceRef
from codegen.ir.structured import StructuredType
from codegen.ir.types import TypeRef

_PLACEHOLDER = re.compile(r"\{[^{}/]*\}")
_TYPE_GLOB = re.compile(r"[A-Za-z0-9_.*?\[\]!-]+")
# Model fields holding JSON as the docs give it: no SourceRef inside, so not walked.
_JSON_FIELDS = frozenset({"representation", "body", "request_annotation", "response_annotation"})


class SliceError(Exception):
    """The patterns select nothing: no operation and no type."""


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a slice pattern, or None when it is one."""
    if not pattern.strip():
        return "is empty"
    if any(c.isspace() or not c.isprintable() for c in pattern):
        return "contains whitespace or control characters"
    if pattern.count("[") != pattern.count("]"):
        return "has an unclosed '[' (fnmatch character class)"
    if pattern.startswith("/"):
        if "?" in pattern or "#" in pattern:
            return "a URL path glob is matched without query string or fragment: drop '?...'"
        if any("**" in s and s != "**" for s in pattern.split("/")):
            return "'**' must be a whole path segment (/a/**/b)"
        return None
    if "/" in pattern:
        return f"looks like a URL path but does not start with '/' (did you mean '/{pattern}'?)"
    if not _TYPE_GLOB.fullmatch(pattern):
        return "is neither a URL path glob (starting with '/') nor a type glob (letters, digits, . _ * ? [ ])"
    return None


def path_segments(path: str) -> tuple[str, ...]:
    """The lower-case segments of a path template, without query string."""
    bare = path.split("?", 1)[0].split("#", 1)[0]
    return tuple(s.lower() for s in bare.split("/") if s)


@dataclass(frozen=True)
class PathGlob:
    """A URL path glob (``/planner/**``, ``/users/{id}/*``)."""

    pattern: str

    @cached_property
    def _segments(self) -> tuple[str | re.Pattern[str], ...]:
        out: list[str | re.Pattern[str]] = []
        for seg in path_segments(self.pattern):
            if seg == "**" or _PLACEHOLDER.fullmatch(seg):
                out.append("**" if seg == "**" else "{}")
            else:
                out.append(re.compile(fnmatch.translate(seg)))
        return tuple(out)

    def matches(self, path: str) -> bool:
        """True when the path (a docs path template) matches this glob."""
        segs = path_segments(path)
        pats = self._segments
        # reach[j]: the first i pattern segments can match the first j path segments
        reach = [True] + [False] * len(segs)
        for pat in pats:
            if pat == "**":
                for j in range(1, len(segs) + 1):
                    reach[j] = reach[j] or reach[j - 1]
                continue
            step = [False] * (len(segs) + 1)
            for j, seg in enumerate(segs, 1):
                if reach[j - 1]:
                    step[j] = (
                        bool(_PLACEHOLDER.fullmatch(seg))
                        if pat == "{}"
                        else bool(pat.match(seg))  # type: ignore[union-attr]
                    )
            reach = step
        return reach[-1]


@dataclass(frozen=True)
class TypeGlob:
    """A type glob (``planner*``, ``microsoft.graph.callRecords.*``)."""

    pattern: str

    def matches(self, qualified_name: str, name: str) -> bool:
        """True when the qualified or the bare name matches, case-insensitive."""
        pat = self.pattern.lower()
        return fnmatch.fnmatchcase(qualified_name.lower(), pat) or fnmatch.fnmatchcase(
            name.lower(), pat
        )


@dataclass(frozen=True)
class Patterns:
    """One list of patterns (the includes or the excludes), split by kind."""

    paths: tuple[PathGlob, ...]
    types: tuple[TypeGlob, ...]

    @classmethod
    def parse(cls, patterns: Iterable[str]) -> Patterns:
        """Split patterns into path globs (leading ``/``) and type globs."""
        items = list(patterns)
        return cls(
            paths=tuple(PathGlob(p) for p in items if p.startswith("/")),
            types=tuple(TypeGlob(p) for p in items if not p.startswith("/")),
        )

    def path(self, path: str) -> bool:
        """True when a path glob matches the path."""
        return any(g.matches(path) for g in self.paths)

    def type(self, item: StructuredType | EnumType) -> bool:
        """True when a type glob matches the type or enum."""
        return any(g.matches(item.qualified_name, item.name) for g in self.types)


def _selected_paths(op: Operation, include: Patterns | None, exclude: Patterns) -> tuple[str, ...]:
    """The op's paths the patterns select: included (or no include), and not excluded."""
    return tuple(
        p for p in op.paths if (include is None or include.path(p)) and not exclude.path(p)
    )


class _Closure:
    """Walks types from the roots: values bring derived types, bases bring only bases."""

    def __init__(self, model: Model, exclude: Patterns, navigation: bool) -> None:
        self.model, self.exclude, self.navigation = model, exclude, navigation
        self.types: dict[str, StructuredType] = {}
        self.enums: dict[str, EnumType] = {}
        self._values: set[str] = set()
        self._children: dict[str, list[StructuredType]] = {}
        for t in model.types:
            base = model.type(t.base_type) if t.base_type else None
            if base is not None and base is not t:
                self._children.setdefault(base.qualified_name.lower(), []).append(t)

    def ref(self, ref: TypeRef | None) -> None:
        """A type reached as a value (response, body, property type)."""
        if ref is None or ref.is_primitive:
            return
        t = self.model.type(ref.qualified_name)
        if t is not None:
            self.value(t)
            return
        e = self.model.enum(ref.qualified_name)
        if e is not None and not self.exclude.type(e):
            self.enums[e.qualified_name.lower()] = e

    def value(self, t: StructuredType) -> None:
        """Keep ``t`` (unless excluded), its bases, property types and derived types."""
        work = [t]
        while work:
            current = work.pop()
            key = current.qualified_name.lower()
            if key in self._values or self.exclude.type(current):
                continue
            self._values.add(key)
            self._keep(current)
            work.extend(self._children.get(key, ()))

    def _keep(self, t: StructuredType) -> None:
        """Keep ``t`` and its bases (excluded or not), and what their properties reach."""
        chain = [t, *self.model.ancestors(t.qualified_name)]
        for link in chain:
            key = link.qualified_name.lower()
            if key in self.types:
                continue
            self.types[key] = link
            for prop in link.properties:
                self.ref(prop.type)
            if self.navigation:
                for nav in link.navigation_properties:
                    self.ref(nav.type)


def slice_model(
    model: Model,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    *,
    navigation: bool = False,
) -> Model:
    """The part of ``model`` the patterns select, with the types it needs (module docstring);
    the model itself when there are no patterns. SliceError when nothing is selected.

    ``navigation``: navigation property targets join the closure too (off for the CLI: they
    would bring most of Graph; see the README's "Slices").
    """
    includes, excludes = list(include), list(exclude)
    if not includes and not excludes:
        return model
    inc = Patterns.parse(includes) if includes else None
    exc = Patterns.parse(excludes)
    operations = []
    for op in model.operations:
        paths = _selected_paths(op, inc, exc) if inc is None or inc.paths else ()
        if paths:
            operations.append(op if paths == op.paths else replace(op, paths=paths))
    closure = _Closure(model, exc, navigation)
    for op in operations:
        closure.ref(op.response_type)
        closure.ref(op.request_body_type)
    for t in model.types:
        if inc is None or inc.type(t):
            closure.value(t)
    for e in model.enums:
        if (inc is None or inc.type(e)) and not exc.type(e):
            closure.enums[e.qualified_name.lower()] = e
    if not operations and not closure.types and not closure.enums:
        raise SliceError(
            "the slice selects no operation and no type: "
            + "; ".join(
                f"{label} {', '.join(repr(p) for p in items)}"
                for label, items in (("include", includes), ("exclude", excludes))
                if items
            )
        )
    types = tuple(t for t in model.types if t.qualified_name.lower() in closure.types)
    enums = tuple(e for e in model.enums if e.qualified_name.lower() in closure.enums)
    return _consistent(model, types, enums, tuple(operations))


def _sources(items: Iterable[object]) -> Iterator[SourceRef]:
    """Every SourceRef inside the given model objects (their pages)."""
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, SourceRef):
            yield item
        elif isinstance(item, tuple):
            stack.extend(item)
        elif is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in fields(item) if f.name not in _JSON_FIELDS)


def _consistent(
    model: Model,
    types: tuple[StructuredType, ...],
    enums: tuple[EnumType, ...],
    operations: tuple[Operation, ...],
) -> Model:
    """The sliced Model: pages, conflicts and diagnostics of what it keeps."""
    files = {s.file for s in _sources((*types, *enums, *operations))}
    kept_types = {t.qualified_name.lower() for t in types}
    kept_ops = {op.id for op in operations}

    def about_kept(subject: str) -> bool:
        owner = subject.rpartition(".")[0]
        if owner in kept_ops or subject in kept_ops:
            return True
        return any(
            (found := model.type(name)) is not None and found.qualified_name.lower() in kept_types
            for name in (owner, subject)
            if name
        )

    return Model(
        pages=tuple(p for p in model.pages if p.path in files),
        types=types,
        enums=enums,
        operations=operations,
        conflicts=tuple(c for c in model.conflicts if about_kept(c.subject)),
        diagnostics=tuple(d for d in model.diagnostics if d.source.file in files),
    )
