"""Validate JSON-like data against the Microsoft Graph types described in ``_schema.json``.

Every problem is reported in one pass, in document order, as an :class:`Issue` whose ``path``
is an RFC 6901 JSON Pointer ("" is the root) and whose ``code`` is one of: ``type``,
``int-range``, ``format``, ``enum``, ``unknown-property``, ``odata-type``, ``required`` (a
request body is missing), ``not-allowed`` (the operation does not accept the property, or takes
no body at all) and ``read-only`` (a PATCH sets a read-only property).

The module-level :func:`validate` and :func:`validate_request` use the package's own schema,
read from ``_schema.json`` beside this module on first use; a :class:`Schema` built from other
tables (as codegen's lint does with the docs' tables) validates against those instead.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from ._base import _describe
from ._edm import EDM_TYPES, edm_problem

__all__ = ["Issue", "Schema", "validate", "validate_request"]

SCHEMA_FILE = "_schema.json"


class _PropertySpec(TypedDict):
    type: str
    collection: bool
    nullable: bool
    read_only: bool


class _TypeSpec(TypedDict):
    name: str
    base: str | None
    open: bool
    abstract: bool
    properties: dict[str, _PropertySpec]


class _OperationSpec(TypedDict):
    method: str
    path: str
    body_type: str | None
    body_properties: Sequence[str] | None
    read_only: Sequence[str]
    # False: the body_properties are accepted besides every property of body_type (a create
    # or update of an entity, whose table may list a few); absent or True: only they are
    closed_body: NotRequired[bool]


@dataclass(frozen=True)
class Issue:
    """One problem in the data: where (JSON Pointer), a stable code and a readable message."""

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


# Every EDM primitive, what JSON carries it and its lexical form: the table the decoders read.
_PRIMITIVES = frozenset(EDM_TYPES)


@dataclass(frozen=True)
class _Flat:
    # declared on the type or anywhere up its base chain
    properties: Mapping[str, _PropertySpec]
    open: bool
    ancestors: frozenset[str]  # the type itself and every base


@dataclass(frozen=True)
class _Request:
    operation: str
    allowed: frozenset[str] | None
    read_only: frozenset[str]
    closed: bool  # only ``allowed`` may be given (else they are accepted besides the type's)
    # lower-cased -> the table's spelling: the service matches the names of an action's
    # parameters regardless of case ("message" of sendMail's "Message")
    folded: Mapping[str, str]

    def spelling(self, key: str) -> str:
        """The table's spelling of a top-level key (the key itself when none differs)."""
        if self.allowed is None or key in self.allowed:
            return key
        return self.folded.get(key.lower(), key)

    def reject(self, key: str, path: str) -> Issue | None:
        if key in self.read_only:
            message = f"{path}: {json.dumps(key)} is read-only; {self.operation} cannot set it"
            return Issue(path, "read-only", message)
        if self.closed and self.allowed is not None and key not in self.allowed:
            accepted = "accepts " + (_listing(sorted(self.allowed)) or "nothing")
            message = f"{path}: {self.operation} does not accept {json.dumps(key)} ({accepted})"
            return Issue(path, "not-allowed", message)
        return None


class Schema:
    """The types, enums and operations data is validated against (the tables of ``_schema.json``).

    ``types``: qualified name -> name, base, open, abstract and own properties; ``enums``:
    qualified name -> member names; ``operations``: id -> method, path, body type, the names the
    request-body table lists (or None), whether only they are accepted (``closed_body``, else
    every property of the body type is too) and the read-only names a PATCH may not set.
    """

    def __init__(
        self,
        types: Mapping[str, Any],
        enums: Mapping[str, Sequence[str]],
        operations: Mapping[str, Any],
    ) -> None:
        self.types = cast("Mapping[str, _TypeSpec]", types)
        self.enums = enums
        self.operations = cast("Mapping[str, _OperationSpec]", operations)
        self._flats: dict[str, _Flat] = {}
        self._requests: dict[str, _Request] = {}
        self._members: dict[str, frozenset[str]] = {}
        self._folded: tuple[dict[str, str], dict[str, tuple[str, ...]]] | None = None
        self.hints = True  # "did you mean" in unknown-property messages (off: lint words its own)

    @classmethod
    def from_json(cls, text: str) -> Schema:
        """A schema from the text of a ``_schema.json`` (keys ``types``, ``enums``, ``operations``)."""
        data = json.loads(text)
        return cls(data["types"], data["enums"], data["operations"])

    def validate(self, type_name_or_class: str | type, data: Any) -> list[Issue]:
        """Every problem with ``data`` as an instance of the named type (or generated class)."""
        out: list[Issue] = []
        name = self._resolve(_type_name(type_name_or_class))
        self._check_item(name, False, data, "", out)
        return out

    def validate_request(self, operation: str, data: Any) -> list[Issue]:
        """Every problem with ``data`` as the request body of the operation with this id."""
        request = self._request(self._operation_key(operation))
        body = self.operations[request.operation]["body_type"]
        if body is None:
            if data is None:
                return []
            # an action sent an empty object: nothing is sent (workbook closeSession's {})
            method = self.operations[request.operation]["method"].upper()
            if data == {} and method in ("POST", "PUT"):
                return []
            message = f"(root): {request.operation} takes no request body, got {_describe(data)}"
            return [Issue("", "not-allowed", message)]
        if data is None:
            message = f"(root): {request.operation} requires a request body ({body}), got null"
            return [Issue("", "required", message)]
        out: list[Issue] = []
        if body in self.types:
            self._check_object(body, data, "", out, request)
        else:
            self._check_item(body, False, data, "", out)
        return out

    def _flat(self, name: str) -> _Flat:
        flat = self._flats.get(name)
        if flat is not None:
            return flat
        chain: list[str] = []
        current: str | None = name
        while current is not None and current in self.types and current not in chain:
            chain.append(current)
            current = self.types[current]["base"]
        properties: dict[str, _PropertySpec] = {}
        for link in reversed(chain):
            properties.update(self.types[link]["properties"])
        is_open = any(self.types[link]["open"] for link in chain)
        flat = self._flats[name] = _Flat(properties, is_open, frozenset(chain))
        return flat

    def _request(self, key: str) -> _Request:
        request = self._requests.get(key)
        if request is None:
            spec = self.operations[key]
            allowed = spec["body_properties"]
            patch = spec["method"].upper() == "PATCH"
            read_only = frozenset(spec["read_only"] if patch else ())
            listed = None if allowed is None else frozenset(allowed)
            closed = bool(spec.get("closed_body", True))
            folded = {name.lower(): name for name in sorted(listed or (), reverse=True)}
            request = _Request(key, listed, read_only, closed, folded)
            self._requests[key] = request
        return request

    def _check_item(
        self, name: str, nullable: bool, value: Any, path: str, out: list[Issue]
    ) -> None:
        if value is None:
            if not nullable:
                out.append(_issue(path, "type", name, "not nullable", value))
        elif name == _JSON:
            pass  # any JSON value: an Excel range's values, a chart's source data
        elif name in self.types:
            self._check_object(name, value, path, out, None)
        elif name in self.enums:
            self._check_enum(name, value, path, out)
        elif name in _PRIMITIVES:
            _check_primitive(name, value, path, out)
        # Any other name is a type the schema does not describe: nothing to check it against.

    def _check_property(
        self,
        spec: _PropertySpec,
        value: Any,
        path: str,
        out: list[Issue],
    ) -> None:
        name, nullable = spec["type"], spec["nullable"]
        if not spec["collection"] or value is None:
            self._check_item(name, nullable, value, path, out)
        elif not isinstance(value, (list, tuple)):
            out.append(_issue(path, "type", f"Collection({name})", "array", value))
        else:
            for index, item in enumerate(value):
                self._check_item(name, nullable, item, f"{path}/{index}", out)

    def _check_object(
        self,
        name: str,
        data: Any,
        path: str,
        out: list[Issue],
        request: _Request | None,
    ) -> None:
        if not isinstance(data, Mapping):
            out.append(_issue(path, "type", name, "object", data))
            return
        actual, tag_issue = self._odata_type(name, data, path)
        flat = self._flat(actual)
        listed = request.allowed if request is not None else None
        for raw_key, value in data.items():
            key = raw_key if isinstance(raw_key, str) else str(raw_key)
            where = _child(path, key)
            if key == "@odata.type":
                if tag_issue is not None:
                    out.append(tag_issue)
                continue
            if "@" in key:
                continue  # an instance or property annotation such as "members@odata.bind"
            named = key if request is None else request.spelling(key)
            if request is not None and (rejected := request.reject(named, where)):
                out.append(rejected)
            elif (spec := flat.properties.get(named)) is not None:
                self._check_property(spec, value, where, out)
            elif not flat.open and named not in (listed or ()):
                close = self._did_you_mean(key, flat.properties)
                hint = f" (did you mean {json.dumps(close)}?)" if close else ""
                message = f"{where}: {actual} has no property {json.dumps(key)}{hint}"
                out.append(Issue(where, "unknown-property", message))

    def _did_you_mean(self, key: str, names: Mapping[str, Any]) -> str | None:
        """The property name closest to an unknown ``key``, if one is close.

        None for a key or a type too large to compare in bounded time (data may hold
        thousands of keys), and when ``hints`` is off."""
        if not self.hints or len(key) > _HINT_MAX or len(names) > _HINT_NAMES:
            return None
        close = difflib.get_close_matches(key, list(names), n=1)
        return close[0] if close else None

    def _odata_type(
        self, expected: str, data: Mapping[Any, Any], path: str
    ) -> tuple[str, Issue | None]:
        """The type ``data`` claims with ``@odata.type`` if it is ``expected`` or derives from it."""
        if "@odata.type" not in data:
            return expected, None
        tag = data["@odata.type"]
        if isinstance(tag, str):
            bare = tag.removeprefix("#")
            for candidate in (bare, "microsoft.graph." + bare):
                if candidate in self.types:
                    if expected in self._flat(candidate).ancestors:
                        return candidate, None
                    break
        where = _child(path, "@odata.type")
        hint = "or a type derived from it"
        return expected, _issue(where, "odata-type", "#" + expected, hint, tag)

    def _check_enum(self, name: str, value: Any, path: str, out: list[Issue]) -> None:
        members = self._members.get(name)
        if members is None:
            members = self._members[name] = frozenset(self.enums[name])
        parts = value.split(",") if isinstance(value, str) else None
        if parts is not None and all(part.strip() in members for part in parts):
            return
        hint = "one of " + (_listing(self.enums[name]) or "no members")
        code = "enum" if isinstance(value, str) else "type"
        out.append(_issue(path, code, name, hint, value))

    def _folded_names(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """Lower-cased qualified names, and lower-cased simple names (which may be ambiguous)."""
        if self._folded is None:
            qualified: dict[str, str] = {}
            simple: dict[str, list[str]] = {}
            for qname in sorted({*self.types, *self.enums, *_PRIMITIVES}):
                qualified.setdefault(qname.lower(), qname)
                simple.setdefault(qname.rsplit(".", 1)[-1].lower(), []).append(qname)
            folded_simple = {key: tuple(names) for key, names in simple.items()}
            self._folded = qualified, folded_simple
        return self._folded

    def _resolve(self, name: str) -> str:
        bare = name.removeprefix("#")
        candidates = (bare, "microsoft.graph." + bare)
        tables = (self.types, self.enums, _PRIMITIVES)
        for candidate in candidates:
            if any(candidate in table for table in tables):
                return candidate
        qualified, simple = self._folded_names()
        for candidate in candidates:
            if candidate.lower() in qualified:
                return qualified[candidate.lower()]
        found = simple.get(bare.lower(), ())
        if len(found) > 1:
            raise ValueError(f"ambiguous type name {name!r}: {', '.join(found)}")
        if not found:
            raise ValueError(f"unknown type {name!r}")
        return found[0]

    def _operation_key(self, operation: str) -> str:
        if operation in self.operations:
            return operation
        folded = {key.lower(): key for key in self.operations}
        if operation.lower() in folded:
            return folded[operation.lower()]
        raise ValueError(f"unknown operation {operation!r}")


@functools.cache
def default_schema() -> Schema:
    """The package's own schema, read from ``_schema.json`` beside this module (once)."""
    path = Path(__file__).with_name(SCHEMA_FILE)
    return Schema.from_json(path.read_text(encoding="utf-8"))


def validate(type_name_or_class: str | type, data: Any) -> list[Issue]:
    """Return every problem with ``data`` as an instance of the named type (or generated class)."""
    return default_schema().validate(type_name_or_class, data)


def validate_request(operation: str, data: Any) -> list[Issue]:
    """Return every problem with ``data`` as the request body of an operation of the package."""
    return default_schema().validate_request(operation, data)


def _check_primitive(name: str, value: Any, path: str, out: list[Issue]) -> None:
    problem = edm_problem(EDM_TYPES[name], value)
    if problem is not None:
        out.append(_issue(path, problem[0], name, problem[1], value))


def _issue(path: str, code: str, expected: str, hint: str, value: Any) -> Issue:
    where = path or "(root)"
    message = f"{where}: expected {expected} ({hint}), got {_describe(value)}"
    return Issue(path, code, message)


_JSON = "microsoft.graph.Json"  # the docs' type of a property that holds any JSON value
_HINT_MAX = 200  # longest unknown key a "did you mean" is looked up for
_HINT_NAMES = 1000  # most property names it is looked up among


def _listing(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def _child(path: str, key: str) -> str:
    return path + "/" + key.replace("~", "~0").replace("/", "~1")


def _type_name(target: str | type) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, type):
        tag = getattr(target, "ODATA_TYPE", None)
        if isinstance(tag, str):
            return tag
        raise ValueError(f"{target.__name__} has no ODATA_TYPE string class attribute")
    got = type(target).__name__
    raise TypeError(f"expected a type name or a generated class, got {got}")
