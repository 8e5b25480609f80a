"""Types that only JSON examples show (by ``@odata.type`` or a property's type), inferred from them.

Each object in an example is typed by its ``@odata.type`` or, failing that, by the
type of the property that holds it.  A type no page describes gets the keys of
every such object as properties, typed by their values: ISO 8601 timestamps and
``String (timestamp)`` placeholders are DateTimeOffset, whole numbers Int32 (Int64
beyond its range), other numbers Double, nested typed objects their type, arrays
collections of their first typed element.  The first example that gives a
property a type wins; a later, different one is recorded as a conflict.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from codegen.ir.source import SourceRef
from codegen.ir.structured import DEFAULT_NAMESPACE, Property, StructuredType
from codegen.ir.types import PRIMITIVES, TypeRef
from codegen.parser.json_lines import pointer_line
from codegen.resolve.drafts import Registry, ref_form, split_ref
from codegen.resolve.inheritance import chain

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT32 = range(-(2**31), 2**31)


def odata_type_name(value: Any) -> str | None:
    """The type an ``@odata.type`` value names, in reference form: ``#microsoft.graph.x`` → ``x``,
    ``#microsoft.graph.callRecords.x`` → ``microsoft.graph.callRecords.x`` (never dropped)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lstrip("#")
    if text.lower().startswith("collection(") and text.endswith(")"):
        text = text[11:-1]
    namespace, _, short = text.rpartition(".")
    if not short:
        return None
    if namespace.lower() == "edm":  # a primitive, not a structured type
        return None
    if namespace.lower() in ("microsoft.graph", "graph", ""):
        return short
    return text


def value_type(value: Any) -> TypeRef | None:
    """The type an example value shows, or None when it shows none (null, untyped object)."""
    if isinstance(value, bool):
        return TypeRef(name="Edm.Boolean")
    if isinstance(value, int):
        return TypeRef(name="Edm.Int32" if value in _INT32 else "Edm.Int64")
    if isinstance(value, float):
        return TypeRef(name="Edm.Double")
    if isinstance(value, str):
        lowered = value.lower()
        if _TIMESTAMP.match(value) or lowered.startswith("string (timestamp"):
            return TypeRef(name="Edm.DateTimeOffset")
        if _DATE.match(value):
            return TypeRef(name="Edm.Date")
        return TypeRef(name="Edm.String")
    if isinstance(value, dict):
        name = odata_type_name(value.get("@odata.type"))
        if not name:
            return None
        namespace, short = split_ref(name)
        return TypeRef(name=short, namespace=None if namespace == DEFAULT_NAMESPACE else namespace)
    if isinstance(value, list):
        for item in value:
            inner = value_type(item)
            if inner is not None:
                return replace(inner, collection=True)
    return None


class ExampleTypes:
    """Walks example bodies and collects the properties of types only examples show."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.found: dict[str, StructuredType] = {}
        self.props: dict[str, dict[str, Property]] = {}
        # (type, key) -> declared type, for types the pages describe (walking never adds them)
        self._page_types: dict[tuple[str, str], TypeRef | None] = {}
        # lower name of a page type an object's @odata.type names -> the reference forms of
        # the page types expected where it stands (a property's type, the body's)
        self._tagged: dict[str, set[str]] = {}

    def _declared(self, type_name: str, key: str) -> TypeRef | None:
        """The type a page gives property ``key`` of ``type_name`` (or of its bases)."""
        memo = (type_name, key.lower())
        if memo in self._page_types:
            return self._page_types[memo]
        draft = self.registry.get(type_name)
        if draft is not None:
            found: TypeRef | None = None
            for name in [ref_form(draft.base), *chain(self.registry, draft)]:
                owner = self.registry.get(name)
                mentions = owner.mentions.get(memo[1], []) if owner else []
                found = next((m.prop.type for m in mentions if m.prop.type is not None), None)
                if found is not None:
                    break
            self._page_types[memo] = found
            return found
        known = self.props.get(type_name.lower(), {}).get(key.lower())
        return known.type if known else None

    def walk(
        self,
        value: Any,
        type_name: str | None,
        source: SourceRef,
        text: str = "",
        pointer: str = "",
    ) -> None:
        """Visit a JSON value whose (expected) type is ``type_name``."""
        if isinstance(value, list):
            for i, item in enumerate(value):
                self.walk(item, type_name, source, text, f"{pointer}/{i}")
            return
        if not isinstance(value, dict):
            return
        tag = odata_type_name(value.get("@odata.type"))
        if tag and type_name and tag.lower() != type_name.lower():
            tagged, expected = self.registry.get(tag), self.registry.get(type_name)
            if tagged is not None and expected is not None and tagged is not expected:
                key = tagged.base.qualified_name.lower()
                self._tagged.setdefault(key, set()).add(ref_form(expected.base))
        name = tag or type_name
        if name and (name in PRIMITIVES or name.lower().startswith("edm.")):
            name = None  # a primitive (a response annotation may say Edm.String): no type
        if name and self.registry.get(name) is None:
            self._record(name, value, source, text, pointer)
        for key, item in value.items():
            if key.startswith("@") or "@odata." in key:
                continue
            declared = self._declared(name, key) if name else None
            inner = None
            if declared is not None and not declared.is_primitive:
                inner = (
                    f"{declared.namespace}.{declared.name}" if declared.namespace else declared.name
                )
            escaped = key.replace("~", "~0").replace("/", "~1")
            self.walk(item, inner, source, text, f"{pointer}/{escaped}")

    def _record(
        self, name: str, obj: dict[str, Any], start: SourceRef, text: str, pointer: str
    ) -> None:
        """Add the keys of one object to the inferred type ``name`` (at their page lines)."""

        def at(path: str) -> SourceRef:
            return pointer_line(text, start, path) if text else start

        source = at(pointer)
        key = name.lower()
        if key not in self.found:
            namespace, short = split_ref(name)
            self.found[key] = StructuredType(
                name=short, namespace=namespace, kind="complex", origin="example", source=source
            )
            self.props[key] = {}
        props = self.props[key]
        for prop_name, item in obj.items():
            if prop_name.startswith("@"):
                continue
            inferred = value_type(item)
            known = props.get(prop_name.lower())
            here = at(f"{pointer}/{prop_name.replace('~', '~0').replace('/', '~1')}")
            if known is None:
                props[prop_name.lower()] = Property(name=prop_name, type=inferred, source=here)
            elif known.type is None and inferred is not None:
                props[prop_name.lower()] = Property(
                    name=known.name, type=inferred, source=known.source
                )
            elif inferred is not None and known.type is not None and inferred != known.type:
                self.registry.conflict(
                    self.found[key].name,
                    known.name,
                    "property-type",
                    [(known.type.name, known.source), (inferred.name, here)],
                    known.type.name,
                    "the first example that gives the property a value",
                )

    def bases(self) -> dict[str, str]:
        """Base types the examples show and no page declares: lower qualified name of a page
        type -> the reference form of its base.

        An object whose ``@odata.type`` names a type Y where the docs expect a type X (a
        ``customTimeZone`` as ``workingHours.timeZone``, a ``timeZoneBase``) is an X, so Y
        derives from X when Y's page declares no base, every example puts Y where the same X
        is expected, X does not derive from Y, and the two pages agree: Y's lists all of X's
        three or more properties (message restates outlookItem's), or the names are related
        (their first and last words shared, or Y's ending in X's without "Base":
        educationFeedbackOutcome of educationOutcome, customTimeZone of timeZoneBase) and Y's
        lists all of X's properties or none. Sibling types that share some properties
        (userRegistrationMethodSummary and userRegistrationFeatureSummary) are left alone."""
        out: dict[str, str] = {}
        for key, expected in sorted(self._tagged.items()):
            derived = self.registry.get(key)
            base = self.registry.get(next(iter(expected))) if len(expected) == 1 else None
            if derived is None or base is None or derived.base_type is not None:
                continue
            if ref_form(derived.base).lower() in chain(self.registry, base):
                continue  # X derives from Y: Y is no X
            own = set(derived.mentions)
            inherited = set(base.mentions)
            for name in chain(self.registry, base):
                ancestor = self.registry.get(name)
                inherited |= set(ancestor.mentions) if ancestor is not None else set()
            every = inherited <= own  # the page restates all of X's properties (or X has none)
            restated = every and len(inherited) >= 3  # two: key and value, any pair has them
            agree = every or not own & inherited
            if restated or (agree and _related_names(derived.base.name, base.base.name)):
                out[key] = ref_form(base.base)
        return out

    def types(self) -> list[StructuredType]:
        """The inferred types with their properties."""
        return [replace(t, properties=tuple(self.props[k].values())) for k, t in self.found.items()]


_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _related_names(derived: str, base: str) -> bool:
    """``educationFeedbackOutcome`` and ``educationOutcome`` (first and last words shared),
    ``customTimeZone`` and ``timeZoneBase`` (the first ends in the second without "Base")."""
    stem = base[:-4] if base.lower().endswith("base") and len(base) > 4 else base
    if derived.lower().endswith(stem.lower()):
        return True
    a, b = _WORDS.findall(derived), _WORDS.findall(base)
    return len(a) > 2 and len(b) >= 2 and a[0].lower() == b[0].lower() and a[-1] == b[-1]
