"""Runtime shared by the generated models: the UNSET marker, the model and enum bases, codecs.

Datetimes: Graph writes up to 7 fractional digits; Python keeps 6, so the 7th digit is
dropped on decoding (``.4547779`` becomes ``.454777``).  A DateTimeOffset must carry ``Z``
or an offset (what ``validate()`` accepts), so every decoded datetime is aware.  Encoding
writes UTC (and naive datetimes, taken as UTC) with ``Z``.

Decoding checks every value against its declared type and raises :class:`DecodeError` with
the JSON Pointer of the value.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import decimal
import json
import re
import uuid
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, Final, Literal, Self, TypeVar, cast

__all__ = [
    "UNSET",
    "DecodeError",
    "GraphClientError",
    "GraphEnum",
    "GraphModel",
    "Unset",
    "register_type_loader",
]

_M = TypeVar("_M", bound="GraphModel")
_E = TypeVar("_E", bound="GraphEnum")
_DURATION = re.compile(
    r"(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?",
    re.ASCII,
)


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
        try:
            self._decode(data.get)
        except DecodeError as exc:
            raise exc.within(self._unfilled()) from None
        wire_names = cls.WIRE_NAMES
        # the field is declared by each root model class (a dataclass with slots), not here
        self.additional_data = (  # type: ignore[misc]
            {}
            if wire_names.issuperset(data)
            else {k: v for k, v in data.items() if k not in wire_names}
        )
        return self

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

    def to_dict(self) -> dict[str, Any]:
        """Encode to wire data: the fields that were set, then ``additional_data``."""
        out: dict[str, Any] = {}
        self._encode(out)
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
    """A nested model's wire data."""
    return None if value is None else value.to_dict()


def decode_enum(cls: type[_E], value: Any) -> _E | None | Unset:
    """An enum member (unknown values are kept as new members)."""
    if value.__class__ is str or (value is not None and isinstance(value, str)):
        member = cls._value2member_map_.get(value)
        return cls(value) if member is None else cast(_E, member)
    if value is None or value is UNSET:
        return value
    raise DecodeError(f"{cls.__name__}: expected a string, got {value!r}")


def encode_enum(value: GraphEnum | None) -> str | None:
    """An enum member's wire value."""
    return None if value is None else value._value_


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


def non_null(value: Any) -> Any:
    """A decoded value of a property the docs declare not nullable: null is a DecodeError."""
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


def decode_str(value: Any) -> str | None | Unset:
    """An Edm.String (a JSON string; null and UNSET pass through)."""
    if value.__class__ is str or value is None or value is UNSET:
        return value
    if isinstance(value, str):
        return value
    raise DecodeError(f"expected a string, got {_describe(value)}")


def decode_bool(value: Any) -> bool | None | Unset:
    """An Edm.Boolean (true/false only: 0 and 1 are not booleans)."""
    if value.__class__ is bool or value is None or value is UNSET:
        return value
    raise DecodeError(f"expected a boolean, got {_describe(value)}")


def _int_decoder(edm: str, low: int, high: int) -> Callable[[Any], int | None | Unset]:
    def decode(value: Any) -> int | None | Unset:
        if value.__class__ is int and low <= value <= high:
            return value
        if value is None or value is UNSET:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            raise DecodeError(
                f"expected {edm} in {low}..{high}, got {_describe(value)}",
            )
        raise DecodeError(f"expected an integer ({edm}), got {_describe(value)}")

    span = f"{low}..{high}"
    decode.__doc__ = f"An {edm} (an integer in {span}; booleans are not integers)."
    return decode


decode_byte = _int_decoder("Edm.Byte", 0, 2**8 - 1)
decode_sbyte = _int_decoder("Edm.SByte", -(2**7), 2**7 - 1)
decode_int16 = _int_decoder("Edm.Int16", -(2**15), 2**15 - 1)
decode_int32 = _int_decoder("Edm.Int32", -(2**31), 2**31 - 1)
decode_int64 = _int_decoder("Edm.Int64", -(2**63), 2**63 - 1)
_SPECIAL_NUMBERS = {"NaN": float("nan"), "INF": float("inf"), "-INF": float("-inf")}


def decode_float(value: Any) -> float | None | Unset:
    """An Edm.Single/Double/Decimal: a JSON number or "NaN", "INF", "-INF" (not a boolean)."""
    if value.__class__ is float or value is None or value is UNSET:
        return value
    if value.__class__ is int:
        return float(value)
    if isinstance(value, str) and value in _SPECIAL_NUMBERS:
        return _SPECIAL_NUMBERS[value]
    raise DecodeError(f"expected a number, got {_describe(value)}")


def encode_list(
    value: list[Any] | None,
    item: Callable[[Any], Any] | None,
) -> list[Any] | None:
    """A collection's wire value."""
    if value is None:
        return None
    if item is None:
        return list(value)
    return [None if v is None else item(v) for v in value]


def _check_str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise DecodeError(f"expected {what} as a string, got {value!r}")
    return value


_fromisoformat = datetime.datetime.fromisoformat
_isoformat = datetime.datetime.isoformat
_timezone = datetime.timezone
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_OFFSETS: dict[datetime.tzinfo | None, str] = {}


_HHMM = r"(?:[01]\d|2[0-3]):[0-5]\d"
# The shape ``validate()`` accepts for a DateTimeOffset (date, time, Z or an offset); an
# offset may also carry seconds, as ``encode_datetime`` writes for historical time zones.
_DATETIME_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}T"
    + _HHMM
    + r"(?::[0-5]\d(?:\.\d{1,7})?)?(?:Z|[+-]"
    + _HHMM
    + r"(?::[0-5]\d(?:\.\d{1,6})?)?)",
    re.ASCII,
)


def decode_datetime(value: Any) -> datetime.datetime | None | Unset:
    """An ISO 8601 DateTimeOffset with ``Z`` or an offset (7th fractional digit dropped).

    Accepts exactly what ``validate()`` accepts: a date alone, or a time without offset, is
    a DecodeError.
    """
    if value.__class__ is str or (value is not None and isinstance(value, str)):
        if _DATETIME_SHAPE.fullmatch(value) is None:
            raise DecodeError(
                f"not an ISO 8601 date and time with offset: {value[:60]!r}",
            )
        try:
            parsed = _fromisoformat(value)
        except ValueError:
            raise DecodeError(
                f"not an ISO 8601 date and time: {value[:60]!r}",
            ) from None
        return parsed
    if value is None or value is UNSET:
        return value
    raise DecodeError(f"expected a DateTimeOffset as a string, got {value!r}")


def encode_datetime(value: datetime.datetime | None) -> str | None:
    """ISO 8601 as ``isoformat`` writes it, but ``Z`` for UTC; naive is taken as UTC.

    Fixed offsets (``datetime.timezone``, what decoding gives) are formatted here from the
    fields with each offset's text cached, which is faster than ``isoformat``; other tzinfos
    (zoneinfo...) whose offset depends on the date go through ``isoformat``.
    """
    if value is None:
        return None
    tz = value.tzinfo
    if tz is None:
        offset = "Z"
    elif tz.__class__ is _timezone:
        offset = _OFFSETS.get(tz) or _offset_text(value)
    else:
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
    """The offset part of ``value.isoformat()`` (``Z`` for UTC), cached by tzinfo."""
    text = _isoformat(value)[26 if value.microsecond else 19 :]
    offset = "Z" if text == "+00:00" else text
    if len(_OFFSETS) < 256:
        _OFFSETS[value.tzinfo] = offset
    return offset


def decode_date(value: Any) -> datetime.date | None | Unset:
    """An ISO 8601 Date (YYYY-MM-DD)."""
    if value is None or value is UNSET:
        return value
    try:
        return datetime.date.fromisoformat(_check_str(value, "a Date"))
    except ValueError:
        raise DecodeError(f"not an ISO 8601 date: {value!r}") from None


def encode_date(value: datetime.date | None) -> str | None:
    """YYYY-MM-DD."""
    return None if value is None else value.isoformat()


def decode_time(value: Any) -> datetime.time | None | Unset:
    """A TimeOfDay (hh:mm:ss with up to 7 fractional digits)."""
    if value is None or value is UNSET:
        return value
    text = _check_str(value, "a TimeOfDay")
    head, dot, fraction = text.partition(".")
    kept = head + (dot + fraction[:6] if fraction else "")
    try:
        return datetime.time.fromisoformat(kept)
    except ValueError:
        raise DecodeError(f"not a time of day: {text!r}") from None


def encode_time(value: datetime.time | None) -> str | None:
    """hh:mm:ss[.ffffff]."""
    return None if value is None else value.isoformat()


def decode_duration(value: Any) -> datetime.timedelta | None | Unset:
    """An ISO 8601 duration in weeks, days and time (``P1DT2H3M4.5S``; ``P1W`` is 7 days).

    Years and months have no fixed length, so they are refused.
    """
    if value is None or value is UNSET:
        return value
    text = _check_str(value, "a Duration")
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "-P") or text.endswith("T"):
        raise DecodeError(f"not an ISO 8601 duration of days and time: {text!r}")
    sign, weeks, days, hours, minutes, seconds = match.groups()
    whole, _, fraction = (seconds or "0").partition(".")
    try:
        delta = datetime.timedelta(
            weeks=int(weeks or 0),
            days=int(days or 0),
            hours=int(hours or 0),
            minutes=int(minutes or 0),
            seconds=int(whole),
            # digits past 6 dropped, as for datetimes
            microseconds=int(fraction[:6].ljust(6, "0")),
        )
    except OverflowError:
        raise DecodeError(f"duration out of range: {text!r}") from None
    return -delta if sign else delta


def encode_duration(value: datetime.timedelta | None) -> str | None:
    """The shortest ISO 8601 form (``PT1H30M``, ``P1D``, ``PT0S``)."""
    if value is None:
        return None
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


def decode_uuid(value: Any) -> uuid.UUID | None | Unset:
    """A Guid."""
    if value is None or value is UNSET:
        return value
    try:
        return uuid.UUID(_check_str(value, "a Guid"))
    except ValueError:
        raise DecodeError(f"not a GUID: {value!r}") from None


def encode_uuid(value: uuid.UUID | None) -> str | None:
    """The GUID's canonical lower-case text."""
    return None if value is None else str(value)


def decode_bytes(value: Any) -> bytes | None | Unset:
    """Binary data from base64 (standard or URL-safe alphabet)."""
    if value is None or value is UNSET:
        return value
    text = _check_str(value, "base64 binary")
    try:
        return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise DecodeError(f"not base64: {text[:40]!r}") from None


def encode_bytes(value: bytes | None) -> str | None:
    """Standard base64 text."""
    return None if value is None else base64.b64encode(value).decode("ascii")
