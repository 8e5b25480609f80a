"""Runtime shared by the generated models: the UNSET marker, the model and enum bases, codecs.

What each EDM type accepts on the wire is one table, ``_edm.EDM_TYPES``, which ``validate()``
reads too: decoding accepts a value exactly when ``validate()`` does.  Datetimes: Graph
writes up to 7 fractional digits; Python keeps 6, so the 7th digit is dropped on decoding
(``.4547779`` becomes ``.454777``); every decoded datetime is aware.

Decoding checks every value against its declared type and raises :class:`DecodeError` with
the JSON Pointer of the value.  Encoding (``to_dict``) checks what it sends the same way and
raises :class:`EncodeError` with the pointer of the field: a str in an Int32 field, a naive
datetime (it names no instant), a datetime in a Date field.

A null for a property the docs (or the metadata) call not nullable does not fail decoding:
the field stays UNSET and the null is kept in ``additional_data`` under its wire name, so
``to_dict`` writes it back and ``validate()`` still reports it.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import decimal
import json
import uuid
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, Final, Literal, Self, TypeVar, cast

from ._edm import (
    DATETIME_SHAPE,
    EDM_TYPES,
    FLOAT_MAX,
    SPECIAL_NUMBERS,
    edm_problem,
    parse_duration,
)

__all__ = [
    "UNSET",
    "DecodeError",
    "EncodeError",
    "GraphClientError",
    "GraphEnum",
    "GraphModel",
    "Unset",
    "action_body",
    "register_type_loader",
    "to_payload",
]

_M = TypeVar("_M", bound="GraphModel")
_E = TypeVar("_E", bound="GraphEnum")
_T = TypeVar("_T")


class Unset(Enum):
    """The type of ``UNSET``: a field that was never set (left out of ``to_dict``).

    A one-member enum, so ``x is not UNSET`` narrows ``T | None | Unset`` for type checkers.
    """

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


class GraphClientError(Exception):
    """Base of every error a call of the generated client can raise."""


class DecodeError(GraphClientError, ValueError):
    """A wire value that cannot be decoded into its declared type.

    ``path`` is the RFC 6901 JSON Pointer of the value in the response body ("" is the root);
    ``status`` and ``request_id`` are those of the HTTP response, when it came from one.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        self.reason = message
        self.path = path
        self.status = status
        self.request_id = request_id
        super().__init__(message)

    def within(self, key: str | int) -> Self:
        """Prefix the path with the member or index that holds the failing value."""
        segment = str(key).replace("~", "~0").replace("/", "~1")
        self.path = f"/{segment}{self.path}"
        return self

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        status = f" (HTTP {self.status}" if self.status is not None else ""
        if status and self.request_id:
            status += f", request-id: {self.request_id}"
        return f"{where}{self.reason}{status + ')' if status else ''}"


class GraphEnum(str, Enum):
    """A str enum that keeps values the docs do not list (Graph adds members over time).

    ``FooState("brandNew")`` is a new member outside ``list(FooState)`` that compares equal
    to its value; a value that is not a string raises DecodeError (a ValueError).
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            raise DecodeError(f"{cls.__name__}: expected a string, got {value!r}")
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class GraphModel:
    """Base of every generated model: ``from_dict`` dispatches on ``@odata.type``.

    Each class keeps a table from the ``@odata.type`` spellings of itself and its known
    subclasses (``#microsoft.graph.x`` and ``microsoft.graph.x``) to the class, filled as the
    classes are defined, so dispatch is one dict lookup; other spellings (case, missing
    ``#``) go the slow way once and are remembered.
    """

    __slots__ = ()
    ODATA_TYPE: ClassVar[str] = ""
    FIELD_WIRES: ClassVar[tuple[tuple[str, str], ...]] = ()
    ALIASES: ClassVar[tuple[str, ...]] = ()  # other spellings of wire names, read too
    WIRE_NAMES: ClassVar[frozenset[str]] = frozenset()  # every name read: set per class
    additional_data: dict[str, Any]
    _SUBTYPES: ClassVar[dict[str, type[GraphModel]]] = {}
    _DISPATCH: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__  # the inherited names read, and this class's own:
        wires = [wire for _, wire in own.get("FIELD_WIRES", ())]
        cls.WIRE_NAMES = cls.WIRE_NAMES.union(wires, own.get("ALIASES", ()))
        cls._DISPATCH = {}
        if cls.ODATA_TYPE:
            GraphModel._SUBTYPES[cls.ODATA_TYPE.lower()] = cls
            bare = cls.ODATA_TYPE.removeprefix("#")
            for klass in cls.__mro__:
                if issubclass(klass, GraphModel) and klass is not GraphModel:
                    klass._DISPATCH["#" + bare] = cls
                    klass._DISPATCH[bare] = cls

    @property
    def odata_etag(self) -> str | None:
        """The ``@odata.etag`` the service sent with this object, or None.

        Kept in ``additional_data``; for ``If-Match``: ``task.update(change, if_match=etag)``.
        """
        etag = self.additional_data.get("@odata.etag")
        return etag if isinstance(etag, str) else None

    def __repr__(self) -> str:
        """The class and the fields that were set (UNSET ones and empty extras left out)."""
        shown = []
        for name in dataclasses.fields(cast(Any, self)):
            value = getattr(self, name.name)
            empty_extras = name.name == "additional_data" and not value
            if value is not UNSET and not empty_extras:
                shown.append(f"{name.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Decode wire data into the most derived known class that ``@odata.type`` names."""
        if data.__class__ is not dict and not isinstance(data, Mapping):
            raise DecodeError(
                f"{cls.__name__}: expected a JSON object, got {type(data).__name__}",
            )
        odata_type = data.get("@odata.type")
        if odata_type is None:
            return cls._from_dict(data)
        target: type[Self] | None = (
            cls._DISPATCH.get(odata_type) if odata_type.__class__ is str else None
        )
        if target is None:
            target = cls._subtype(odata_type)
        return target._from_dict(data)

    @classmethod
    def _subtype(cls, odata_type: object) -> type[Self]:
        """The known subclass (or ``cls``) an unusual spelling of ``@odata.type`` names.

        A known type that is neither ``cls``, a base nor a subclass of it (a sibling) is a
        DecodeError: keeping it would write the wrong ``@odata.type`` back on update.
        """
        if not isinstance(odata_type, str):
            raise DecodeError(
                f"expected @odata.type as a string, got {type(odata_type).__name__}",
                path="/@odata.type",
            )
        key = (odata_type if odata_type.startswith("#") else "#" + odata_type).lower()
        target = GraphModel._SUBTYPES.get(key)
        if target is None:  # a class not imported yet? Its module registers it.
            for loader in _TYPE_LOADERS:
                target = loader(key) or GraphModel._SUBTYPES.get(key)
                if target is not None:
                    break
        if target is None or not issubclass(target, cls):
            if target is not None and not issubclass(cls, target):  # a sibling
                raise DecodeError(
                    f"@odata.type {odata_type[:80]!r} names {target.__name__}, which is not"
                    f" a {cls.__name__}",
                    path="/@odata.type",
                )
            return cls
        if len(cls._DISPATCH) < 1024:  # remember spellings seen, within bounds
            cls._DISPATCH[odata_type] = target
        return target

    @classmethod
    def _from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Decode into ``cls`` itself: each class's ``_decode`` fills its own fields."""
        self = cls.__new__(cls)
        wire_names = cls.WIRE_NAMES
        # the field is declared by each root model class (a dataclass with slots), not here;
        # filled first: ``_decode`` keeps there the nulls of fields that are not nullable
        self.additional_data = (  # type: ignore[misc]
            {}
            if wire_names.issuperset(data)
            else {k: v for k, v in data.items() if k not in wire_names}
        )
        try:
            self._decode(data.get)
        except DecodeError as exc:
            raise exc.within(self._unfilled()) from None
        return self

    def _null(self, wire: str) -> Unset:
        """A null received for a field that is not nullable: kept in ``additional_data``
        under its wire name (``to_dict`` writes it back, ``validate()`` reports it), the field
        left UNSET so its type stays true."""
        self.additional_data[wire] = None
        return UNSET

    def _decode(self, get: Callable[[str, Any], Any]) -> None:
        """Fill this class's own fields from ``get`` (the wire data's ``get``), base first."""

    def _encode(self, out: dict[str, Any]) -> None:
        """Write this class's own set fields into ``out``, base first."""

    def _unfilled(self) -> str:
        """The wire name of the first field ``_from_dict`` has not assigned yet (the failing one).

        Decoding assigns fields in ``FIELD_WIRES`` order, base classes first, so this finds
        the field whose value raised without any bookkeeping on the fast path.
        """
        for klass in reversed(type(self).__mro__):
            for name, wire in klass.__dict__.get("FIELD_WIRES", ()):
                if not hasattr(self, name):
                    return str(wire)
        return ""

    def _unwritten(self, out: Mapping[str, Any]) -> str:
        """The wire name of the first set field ``_encode`` has not written (the failing one)."""
        for klass in reversed(type(self).__mro__):
            for name, wire in klass.__dict__.get("FIELD_WIRES", ()):
                if wire not in out and getattr(self, name, UNSET) is not UNSET:
                    return str(wire)
        return ""

    def to_dict(self) -> dict[str, Any]:
        """Encode to wire data: the fields that were set, then ``additional_data``.

        Each value is checked against its field's type as it is written: one the wire type
        cannot carry is an :class:`EncodeError` naming the field's JSON Pointer.
        """
        out: dict[str, Any] = {}
        try:
            self._encode(out)
        except EncodeError as exc:
            raise exc.within(self._unwritten(out)) from None
        if self.additional_data:
            out.update(self.additional_data)
        return out


_TYPE_LOADERS: list[Callable[[str], type[GraphModel] | None]] = []


def register_type_loader(loader: Callable[[str], type[GraphModel] | None]) -> None:
    """Let ``from_dict`` find subclasses defined in modules not imported yet.

    ``loader`` takes an ``@odata.type`` (lower-cased, with its '#') and returns the class,
    importing its module, or None. The generated ``models`` package registers its index.
    """
    if loader not in _TYPE_LOADERS:
        _TYPE_LOADERS.append(loader)


def to_payload(body: GraphModel | Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A request body: a model's ``to_dict()`` or a copy of a mapping."""
    if body is None:
        return None
    return body.to_dict() if isinstance(body, GraphModel) else dict(body)


def wire_value(value: Any) -> Any:
    """An argument as JSON: models, enums, dates, times, durations, GUIDs and bytes as their
    wire form, lists and mappings item by item, anything else as it is."""
    if isinstance(value, GraphModel):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime.datetime):
        return encode_datetime(value)
    if isinstance(value, datetime.date):
        return encode_date(value)
    if isinstance(value, datetime.time):
        return encode_time(value)
    if isinstance(value, datetime.timedelta):
        return encode_duration(value)
    if isinstance(value, uuid.UUID):
        return encode_uuid(value)
    if isinstance(value, bytes):
        return encode_bytes(value)
    if isinstance(value, (list, tuple)):
        return [wire_value(item) for item in value]
    if isinstance(value, Mapping):
        return {key: wire_value(item) for key, item in value.items()}
    return value


def action_body(
    body: GraphModel | Mapping[str, Any] | None, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    """An action's request body: ``body`` with the arguments given on top.

    An UNSET argument is left out and None is sent as null; each value goes through
    ``wire_value``.
    """
    out = to_payload(body) or {}
    out.update({name: wire_value(v) for name, v in params.items() if v is not UNSET})
    return out if out or body is not None else None


def decode_model(cls: type[_M], value: Any) -> _M | None | Unset:
    """A nested model (None and UNSET pass through)."""
    if value.__class__ is dict:
        return cls.from_dict(value)
    if value is None or value is UNSET:
        return value
    return cls.from_dict(value)


def encode_model(value: GraphModel | None) -> dict[str, Any] | None:
    """A nested model's wire data (anything but a model, a dict too, is an EncodeError)."""
    if isinstance(value, GraphModel):
        return value.to_dict()
    if value is None:
        return None
    raise _refuse("a model (a GraphModel)", value)


def decode_enum(cls: type[_E], value: Any) -> _E | None | Unset:
    """An enum member (unknown values are kept as new members)."""
    if value.__class__ is str or (value is not None and isinstance(value, str)):
        member = cls._value2member_map_.get(value)
        return cls(value) if member is None else cast(_E, member)
    if value is None or value is UNSET:
        return value
    raise DecodeError(f"{cls.__name__}: expected a string, got {value!r}")


def encode_enum(value: GraphEnum | None) -> str | None:
    """An enum member's wire value (a plain str is sent as it is: decoding keeps any string)."""
    if isinstance(value, GraphEnum):
        wire: str = value._value_
        return wire
    if value is None or isinstance(value, str):
        return value
    raise _refuse("an enum member (a GraphEnum)", value)


def decode_list(value: Any, item: Callable[[Any], Any] | None) -> Any:
    """A collection; ``item`` decodes each element (None: elements pass through)."""
    if value.__class__ is list or (value is not None and isinstance(value, list)):
        if item is None:
            return list(value)
        try:
            return [None if v is None else item(v) for v in value]
        except DecodeError as exc:
            raise exc.within(_failing_index(value, item)) from None
    if value is None or value is UNSET:
        return value
    raise DecodeError(f"expected a JSON array, got {_describe(value)}")


def _failing_index(values: list[Any], item: Callable[[Any], Any]) -> int:
    """The index of the first element ``item`` cannot decode (slow path, errors only)."""
    for index, value in enumerate(values):
        try:
            if value is not None:
                item(value)
        except DecodeError:
            return index
    return 0


def non_null(value: _T | None | Unset) -> _T | Unset:
    """A decoded value of a property declared not nullable, typed without None.

    The generated ``_decode`` never passes a null here (``GraphModel._null`` keeps it in
    ``additional_data`` first); one that arrives anyway is a DecodeError.
    """
    if value is None:
        raise DecodeError("null is not allowed here (the property is not nullable)")
    return value


def _describe(value: Any) -> str:
    """A short description of a JSON value for messages, e.g. ``string "abc"`` or ``integer 5``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean true" if value else "boolean false"
    if isinstance(value, int):
        return f"integer {value}" if abs(value) < 10**30 else "a very large integer"
    if isinstance(value, (float, decimal.Decimal)):
        return f"number {value}"
    if isinstance(value, str):
        return "string " + json.dumps(value[:60]) + ("..." if len(value) > 60 else "")
    if isinstance(value, (list, tuple)):
        return f"array of {len(value)} item(s)"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _fails(edm: str, value: Any) -> DecodeError:
    """The DecodeError for a wire value the table says is not a valid ``edm``."""
    problem = edm_problem(EDM_TYPES[edm], value)
    hint = problem[1] if problem else EDM_TYPES[edm].hint
    return DecodeError(f"expected {edm} ({hint}), got {_describe(value)}")


def decode_str(value: Any) -> str | None | Unset:
    """An Edm.String (a JSON string; null and UNSET pass through)."""
    if value.__class__ is str or value is None or value is UNSET:
        return value
    if isinstance(value, str):
        return value
    raise _fails("Edm.String", value)


def decode_bool(value: Any) -> bool | None | Unset:
    """An Edm.Boolean (true/false only: 0 and 1 are not booleans)."""
    if value.__class__ is bool or value is None or value is UNSET:
        return value
    raise _fails("Edm.Boolean", value)


def _is_int(value: Any) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def _int_decoder(edm: str) -> Callable[[Any], int | None | Unset]:
    low, high = EDM_TYPES[edm].low, EDM_TYPES[edm].high
    assert low is not None and high is not None

    def decode(value: Any) -> int | None | Unset:
        if value.__class__ is int and low <= value <= high:
            return value
        if value is None or value is UNSET:
            return value
        if _is_int(value) and low <= value <= high:
            return int(value)
        raise _fails(edm, value)

    span = f"{low}..{high}"
    decode.__doc__ = f"An {edm} (an integer in {span}; booleans are not integers)."
    return decode


decode_byte = _int_decoder("Edm.Byte")
decode_sbyte = _int_decoder("Edm.SByte")
decode_int16 = _int_decoder("Edm.Int16")
decode_int32 = _int_decoder("Edm.Int32")
decode_int64 = _int_decoder("Edm.Int64")


def decode_float(value: Any) -> float | None | Unset:
    """An Edm.Single/Double/Decimal: a JSON number or "NaN", "INF", "-INF" (not a boolean)."""
    if value.__class__ is float or value is None or value is UNSET:
        return value
    if value.__class__ is int or value.__class__ is decimal.Decimal:
        if value.__class__ is decimal.Decimal or -FLOAT_MAX <= value <= FLOAT_MAX:
            return float(value)
    elif value.__class__ is str and value in SPECIAL_NUMBERS:
        return SPECIAL_NUMBERS[value]
    if edm_problem(EDM_TYPES["Edm.Double"], value) is None:  # subclasses: the slow path
        return SPECIAL_NUMBERS[value] if isinstance(value, str) else float(value)
    raise _fails("Edm.Double", value)


def _check_str(value: Any, edm: str) -> str:
    """``value`` if the table accepts it as ``edm``'s text, else the DecodeError."""
    if value.__class__ is not str and not isinstance(value, str):
        raise _fails(edm, value)
    check = EDM_TYPES[edm].lexical
    if check is not None and not check(value):
        raise _fails(edm, value)
    return value


_fromisoformat = datetime.datetime.fromisoformat
_isoformat = datetime.datetime.isoformat
_datetime = datetime.datetime
_timezone = datetime.timezone
_UTC = datetime.UTC
_MINUTE = datetime.timedelta(minutes=1)
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_OFFSETS: dict[datetime.tzinfo | None, str] = {}


def decode_datetime(value: Any) -> datetime.datetime | None | Unset:
    """An Edm.DateTimeOffset: date, time, ``Z`` or an offset (7th fractional digit dropped).

    Accepts exactly what the EDM table (``validate()``) accepts: a date alone, a time
    without offset, or a day the calendar has not, is a DecodeError.
    """
    if value.__class__ is str or (value is not None and isinstance(value, str)):
        if DATETIME_SHAPE.fullmatch(value) is None:
            raise _fails("Edm.DateTimeOffset", value)
        try:
            return _fromisoformat(value)
        except ValueError:  # the shape is right, the day is not (2023-02-30)
            raise _fails("Edm.DateTimeOffset", value) from None
    if value is None or value is UNSET:
        return value
    raise _fails("Edm.DateTimeOffset", value)


def decode_date(value: Any) -> datetime.date | None | Unset:
    """An Edm.Date (YYYY-MM-DD)."""
    if value is None or value is UNSET:
        return value
    return datetime.date.fromisoformat(_check_str(value, "Edm.Date"))


def decode_time(value: Any) -> datetime.time | None | Unset:
    """An Edm.TimeOfDay (hh:mm with optional seconds and up to 7 fractional digits, the 7th
    dropped)."""
    if value is None or value is UNSET:
        return value
    text = _check_str(value, "Edm.TimeOfDay")
    return datetime.time.fromisoformat(text[:15])  # hh:mm:ss.ffffff


def decode_duration(value: Any) -> datetime.timedelta | None | Unset:
    """An Edm.Duration of days and time (``P1DT2H3M4.5S``).

    Years, months and weeks are not part of an Edm.Duration (``P1Y`` has no fixed length):
    a DecodeError, as ``validate()`` reports them.
    """
    if value is None or value is UNSET:
        return value
    if value.__class__ is str or isinstance(value, str):
        delta = parse_duration(value)
        if delta is not None:
            return delta
    raise _fails("Edm.Duration", value)


def decode_uuid(value: Any) -> uuid.UUID | None | Unset:
    """An Edm.Guid (8-4-4-4-12 hex digits, no braces)."""
    if value is None or value is UNSET:
        return value
    return uuid.UUID(_check_str(value, "Edm.Guid"))


_URLSAFE = str.maketrans("-_", "+/")


def decode_bytes(value: Any) -> bytes | None | Unset:
    """Edm.Binary from base64 (standard or URL-safe alphabet, padding optional)."""
    if value is None or value is UNSET:
        return value
    text = _check_str(value, "Edm.Binary").translate(_URLSAFE)
    return base64.b64decode(text + "=" * (-len(text) % 4))


class EncodeError(GraphClientError, ValueError):
    """A field value ``to_dict`` cannot send as its declared EDM type (a str in an Int32 field,
    a naive datetime); ``path`` is the JSON Pointer of the value in the data being written.
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        self.reason = message
        self.path = path
        super().__init__(message)

    def within(self, key: str | int) -> Self:
        """Prefix the path with the member or index that holds the failing value."""
        segment = str(key).replace("~", "~0").replace("/", "~1")
        self.path = f"/{segment}{self.path}"
        return self

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


def _refuse(what: str, value: Any) -> EncodeError:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return EncodeError(f"cannot send {type(value).__name__} {shown} as {what}")


def encode_str(value: str | None) -> str | None:
    """An Edm.String as it is; anything but a str (or None) is an EncodeError."""
    if value.__class__ is str or value is None or isinstance(value, str):
        return value
    raise _refuse("Edm.String (a str)", value)


def encode_bool(value: bool | None) -> bool | None:
    """An Edm.Boolean: True, False or None only."""
    if value is True or value is False or value is None:
        return value
    raise _refuse("Edm.Boolean (a bool)", value)


def _int_encoder(edm: str) -> Callable[[int | None], int | None]:
    low, high = EDM_TYPES[edm].low, EDM_TYPES[edm].high
    assert low is not None and high is not None

    def encode(value: int | None) -> int | None:
        if value is None:
            return value
        if value.__class__ is int and low <= value <= high:
            return value
        if _is_int(value) and low <= value <= high:
            return int(value)
        raise _refuse(f"{edm} (an int in {low}..{high})", value)

    span = f"{low}..{high}"
    encode.__doc__ = f"An {edm}: an int in {span} (a bool or a str is an EncodeError)."
    return encode


encode_byte = _int_encoder("Edm.Byte")
encode_sbyte = _int_encoder("Edm.SByte")
encode_int16 = _int_encoder("Edm.Int16")
encode_int32 = _int_encoder("Edm.Int32")
encode_int64 = _int_encoder("Edm.Int64")
_SPECIAL_TEXT = {"nan": "NaN", "inf": "INF", "-inf": "-INF"}


def encode_float(value: float | None) -> float | str | None:
    """An Edm.Single/Double/Decimal: an int or a float; NaN and infinities as "NaN", "INF",
    "-INF" (JSON has no literal for them). A bool or a str is an EncodeError."""
    if value.__class__ is float:
        return value if value - value == 0.0 else _SPECIAL_TEXT[repr(value)]
    if value is None:
        return value
    if isinstance(value, float):
        return encode_float(float(value))
    if _is_int(value) and -FLOAT_MAX <= value <= FLOAT_MAX:
        return int(value)
    raise _refuse("a number (an int or a float, within a double's range)", value)


def encode_list(
    value: list[Any] | None,
    item: Callable[[Any], Any] | None,
) -> list[Any] | None:
    """A collection's wire value: a list or tuple, each element through ``item``."""
    if value.__class__ is not list and not isinstance(value, (list, tuple)):
        if value is None:
            return None
        raise _refuse("a collection (a list)", value)
    if item is None:
        return list(value)
    exact = _EXACT_ITEMS.get(item)
    if exact is not None:  # str and bool items: checked in a loop, not a call each
        for v in value:
            if v.__class__ is not exact and v is not None:
                break
        else:
            return list(value)
    try:
        return [None if v is None else item(v) for v in value]
    except EncodeError as exc:
        raise exc.within(_failing_item(value, item)) from None


_EXACT_ITEMS: dict[Callable[[Any], Any], type] = {encode_str: str, encode_bool: bool}


def _failing_item(values: list[Any], item: Callable[[Any], Any]) -> int:
    """The index of the first element ``item`` cannot encode (slow path, errors only)."""
    for index, value in enumerate(values):
        try:
            if value is not None:
                item(value)
        except EncodeError:
            return index
    return 0


def encode_datetime(value: datetime.datetime | None) -> str | None:
    """An Edm.DateTimeOffset: ISO 8601 as ``isoformat`` writes it, but ``Z`` for UTC.

    A naive datetime (no ``tzinfo``) names no instant: an EncodeError, not a guess (give it
    ``tzinfo=datetime.timezone.utc``). An offset that is not whole minutes (historical time
    zones), which an Edm.DateTimeOffset cannot write, is sent as the same instant in UTC.
    Fixed offsets (``datetime.timezone``, what decoding gives) are formatted here from the
    fields with each offset's text cached, which is faster than ``isoformat``.
    """
    if value.__class__ is not _datetime and not isinstance(value, datetime.datetime):
        if value is None:
            return None
        raise _refuse("Edm.DateTimeOffset (an aware datetime.datetime)", value)
    tz = value.tzinfo
    if tz.__class__ is _timezone:
        offset = _OFFSETS.get(tz) or _offset_text(value)
        if not offset:
            return encode_datetime(value.astimezone(_UTC))
    else:
        delta = value.utcoffset()
        if delta is None:
            what = "Edm.DateTimeOffset: a naive datetime names no instant"
            raise _refuse(what, value)
        if delta % _MINUTE:
            return encode_datetime(value.astimezone(_UTC))
        text = _isoformat(value)
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    # Padding by table lookups and str() rather than format specs: measurably faster.
    two = _TWO_DIGITS
    year, micro = value.year, value.microsecond
    fraction = "." + str(1_000_000 + micro)[1:] if micro else ""
    return (
        f"{year if year >= 1000 else f'{year:04d}'}-{two[value.month]}-{two[value.day]}"
        f"T{two[value.hour]}:{two[value.minute]}:{two[value.second]}{fraction}{offset}"
    )


def _offset_text(value: datetime.datetime) -> str:
    """The offset part of ``value.isoformat()`` (``Z`` for UTC), cached by tzinfo; "" for an
    offset that is not whole minutes."""
    text = _isoformat(value)[26 if value.microsecond else 19 :]
    offset = "Z" if text == "+00:00" else text if len(text) == 6 else ""
    if len(_OFFSETS) < 256:
        _OFFSETS[value.tzinfo] = offset
    return offset


def encode_date(value: datetime.date | None) -> str | None:
    """An Edm.Date, YYYY-MM-DD (a datetime is no date here: an EncodeError)."""
    if value.__class__ is datetime.date or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    ):
        return value.isoformat()
    if value is None:
        return None
    raise _refuse("Edm.Date (a datetime.date)", value)


def encode_time(value: datetime.time | None) -> str | None:
    """An Edm.TimeOfDay, hh:mm:ss[.ffffff] (an aware time is an EncodeError: no offset)."""
    if isinstance(value, datetime.time) and value.tzinfo is None:
        return value.isoformat()
    if value is None:
        return None
    raise _refuse("Edm.TimeOfDay (a datetime.time without tzinfo)", value)


def encode_duration(value: datetime.timedelta | None) -> str | None:
    """An Edm.Duration, the shortest form (``PT1H30M``, ``P1D``, ``PT0S``)."""
    if not isinstance(value, datetime.timedelta):
        if value is None:
            return None
        raise _refuse("Edm.Duration (a datetime.timedelta)", value)
    sign = "-" if value < datetime.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time_part = ""
    if hours:
        time_part += f"{hours}H"
    if minutes:
        time_part += f"{minutes}M"
    if seconds or value.microseconds:
        whole = f"{seconds}.{value.microseconds:06d}".rstrip("0").rstrip(".")
        time_part += f"{whole}S"
    days = f"{value.days}D" if value.days else ""
    if not days and not time_part:
        return "PT0S"
    return f"{sign}P{days}" + (f"T{time_part}" if time_part else "")


def encode_uuid(value: uuid.UUID | None) -> str | None:
    """An Edm.Guid's canonical lower-case text."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is None:
        return None
    raise _refuse("Edm.Guid (a uuid.UUID)", value)


def encode_bytes(value: bytes | None) -> str | None:
    """Edm.Binary as standard base64 text (bytes, bytearray or memoryview)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    if value is None:
        return None
    raise _refuse("Edm.Binary (bytes)", value)
