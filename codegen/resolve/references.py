"""Type names and references resolved to namespace-qualified types, before pages are merged.

Rules (README, "How pages are reconciled"):
- A type's namespace is its resource annotation's ``@odata.type`` namespace, else the page's
  ``Namespace:`` line; enums take their page's ``Namespace:`` line.  Namespaces that differ
  only in case are one namespace, spelled as most pages spell it.
- A linked type reference names the type of the page the link points at (a page defining
  several enums: the one whose name matches the link text); the link text does not matter.
- Otherwise a name resolves case-insensitively: in the namespace it is qualified with, else
  the referring page's namespace, else microsoft.graph, else the only namespace defining it.
- A resolved reference takes the defined type's spelling and namespace; ``raw`` keeps the
  docs' spelling.  A name nothing defines is left as written.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from codegen.ir.enums import EnumType
from codegen.ir.operation import Operation
from codegen.ir.structured import DEFAULT_NAMESPACE, StructuredType
from codegen.ir.types import TypeRef
from codegen.parser.docset import ParsedPage

Qualified = tuple[str, str]  # (namespace, name)
if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_T = TypeVar("_T", bound="DataclassInstance")


@lru_cache(maxsize=65536)
def _link_path(folder: str, link: str) -> str | None:
    """The lower-case path of the page a relative ``.md`` link from ``folder`` points to."""
    target = link.split("#", 1)[0].split("?", 1)[0].strip()
    if not target.lower().endswith(".md") or "://" in target:
        return None
    joined = posixpath.join(folder, target)
    return posixpath.normpath(joined).lower()


class TypeIndex:
    """Every type and enum the pages define, by qualified name, bare name and page."""

    def __init__(self, pages: list[ParsedPage]) -> None:
        spellings = Counter(
            ns
            for p in pages
            for ns in (p.info.namespace, p.type.namespace if p.type else None)
            if ns and ns.lower().startswith(DEFAULT_NAMESPACE)
        )
        self.namespaces: dict[str, str] = {}
        for ns, _ in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0])):
            self.namespaces.setdefault(ns.lower(), ns)
        self.qualified: dict[str, Qualified] = {}
        self.bare: dict[str, list[Qualified]] = {}
        self.by_page: dict[str, list[Qualified]] = {}
        self.by_file: dict[str, list[Qualified]] = {}
        for p in pages:
            defined = [(self.type_namespace(p, p.type), p.type.name)] if p.type else []
            defined += [(self.enum_namespace(p, e), e.name) for e in p.enums]
            for item in defined:
                self._add(item, p.info.path)

    def namespace(self, ns: str | None) -> str:
        """The canonical spelling of a namespace (None: microsoft.graph)."""
        if not ns:
            return DEFAULT_NAMESPACE
        return self.namespaces.get(ns.strip().lower(), ns.strip())

    def page_namespace(self, page: ParsedPage) -> str:
        """The page's ``Namespace:`` line (microsoft.graph when it has none or another value)."""
        ns = page.info.namespace
        if ns and ns.lower().startswith(DEFAULT_NAMESPACE):
            return self.namespace(ns)
        return DEFAULT_NAMESPACE

    def type_namespace(self, page: ParsedPage, t: StructuredType) -> str:
        """The namespace of a page's type: the annotation's, else the page's Namespace line."""
        if t.namespace.lower() != DEFAULT_NAMESPACE:
            return self.namespace(t.namespace)
        return self.page_namespace(page)

    def enum_namespace(self, page: ParsedPage, e: EnumType) -> str:
        """The namespace of an enum: its own when qualified, else the page's Namespace line."""
        if e.namespace.lower() != DEFAULT_NAMESPACE:
            return self.namespace(e.namespace)
        return self.page_namespace(page)

    def _add(self, item: Qualified, path: str) -> None:
        key = f"{item[0]}.{item[1]}".lower()
        if key not in self.qualified:
            self.qualified[key] = item
            self.bare.setdefault(item[1].lower(), []).append(item)
        self.by_page.setdefault(path.lower(), []).append(item)
        self.by_file.setdefault(posixpath.basename(path).lower(), []).append(item)

    def lookup(self, name: str, namespace: str | None, hint: str) -> Qualified | None:
        """The type a (possibly qualified) name denotes, seen from a page in ``hint``."""
        name = name.lstrip("#")
        if namespace:
            for ns in (namespace, f"{DEFAULT_NAMESPACE}.{namespace}"):
                found = self.qualified.get(f"{self.namespace(ns)}.{name}".lower())
                if found is not None:
                    return found
            return None
        for ns in (hint, DEFAULT_NAMESPACE):
            found = self.qualified.get(f"{ns}.{name}".lower())
            if found is not None:
                return found
        same = self.bare.get(name.lower(), [])
        return min(same, key=lambda q: q[0]) if same else None

    def linked(self, ref: TypeRef, page_path: str) -> Qualified | None:
        """The type of the page a reference's link points at."""
        target = _link_path(posixpath.dirname(page_path), ref.link) if ref.link else None
        if target is None:
            return None
        defined, names = self._defined_at(target)
        found = names.get(ref.name.lower())
        if found is not None:
            return found
        return defined[0] if len(defined) == 1 else None

    def _defined_at(self, target: str) -> tuple[list[Qualified], dict[str, Qualified]]:
        """What the page at ``target`` defines (else a page of that file name, when its
        definitions are distinct), and the first of them by lower-case name: indexed once a
        page, not searched at every reference (a page of n enums linking them took n^2)."""
        cache: dict[str, tuple[list[Qualified], dict[str, Qualified]]]
        cache = self.__dict__.setdefault("_defined", {})
        known = cache.get(target)
        if known is None:
            defined = self.by_page.get(target)
            if defined is None:
                in_file = self.by_file.get(posixpath.basename(target), [])
                defined = in_file if len(set(in_file)) == len(in_file) else []
            names: dict[str, Qualified] = {}
            for q in defined:
                names.setdefault(q[1].lower(), q)
            known = cache[target] = (defined, names)
        return known

    def ref(self, ref: TypeRef | None, page_path: str, hint: str) -> TypeRef | None:
        """A reference resolved to the type it names (its spelling and namespace)."""
        if ref is None or ref.is_primitive:
            return ref
        found = self.linked(ref, page_path) or self.lookup(ref.name, ref.namespace, hint)
        if found is None:
            return ref
        namespace = None if found[0] == DEFAULT_NAMESPACE else found[0]
        if (found[1], namespace) == (ref.name, ref.namespace):
            return ref
        return replace(ref, name=found[1], namespace=namespace)

    def name(self, text: str | None, hint: str) -> str | None:
        """A base-type or "Inherited from" name in reference form (bare in microsoft.graph)."""
        if not text:
            return text
        namespace, _, short = text.lstrip("#").rpartition(".")
        if namespace.lower() in ("microsoft.graph", "graph"):
            namespace = ""
        found = self.lookup(short, namespace or None, hint)
        if found is None:
            return text
        out = found[1] if found[0] == DEFAULT_NAMESPACE else f"{found[0]}.{found[1]}"
        return text if out == text else out


def _changed(obj: _T, **changes: object) -> _T:
    """``obj`` with ``changes`` applied, the same object when none differs (``replace`` is slow)."""
    if all(getattr(obj, k) is v for k, v in changes.items()):
        return obj
    return replace(obj, **changes)


def _same(new: tuple[_T, ...], old: tuple[_T, ...]) -> tuple[_T, ...]:
    """``old`` when every item of ``new`` is the same object."""
    return old if all(a is b for a, b in zip(new, old, strict=True)) else new


def resolve_page(index: TypeIndex, page: ParsedPage) -> None:
    """Put the page's type and enums in their namespaces and resolve every reference on it."""
    path, hint = page.info.path, index.page_namespace(page)
    page.enums = [_changed(e, namespace=index.enum_namespace(page, e)) for e in page.enums]
    t = page.type
    if t is not None:
        namespace = index.type_namespace(page, t)
        properties = tuple(
            _changed(
                p,
                type=index.ref(p.type, path, namespace),
                inherited_from=index.name(p.inherited_from, namespace),
            )
            for p in t.properties
        )
        navigation = tuple(
            _changed(n, type=index.ref(n.type, path, namespace)) for n in t.navigation_properties
        )
        methods = tuple(
            _changed(m, return_type=index.ref(m.return_type, path, namespace)) for m in t.methods
        )
        properties = _same(properties, t.properties)
        navigation = _same(navigation, t.navigation_properties)
        methods = _same(methods, t.methods)
        page.type = _changed(
            t,
            namespace=namespace,
            base_type=index.name(t.base_type, namespace),
            properties=properties,
            navigation_properties=navigation,
            methods=methods,
        )
    if page.operation is not None:
        page.operation = resolve_operation(index, page.operation, path, hint)


def resolve_operation(index: TypeIndex, op: Operation, path: str, hint: str) -> Operation:
    """An operation with its parameter, body and response types resolved."""
    parameters = tuple(
        _changed(
            p,
            type=index.ref(p.type, path, hint),
            inherited_from=index.name(p.inherited_from, hint),
        )
        for p in op.parameters
    )
    body = index.ref(op.request_body_type, path, hint)
    response = index.ref(op.response_type, path, hint)
    same = all(a is b for a, b in zip(parameters, op.parameters, strict=True))
    if same and body is op.request_body_type and response is op.response_type:
        return op
    return replace(op, parameters=parameters, request_body_type=body, response_type=response)
