"""The one table of EDM primitive types: how each travels in JSON and what its text must be.

Every consumer reads this table: the decoders and encoders of ``_base``, ``validate()`` in
``validators``, codegen's generator (the field annotation and the codec a property gets) and
codegen's lint (through ``validators``).  So a value is valid for one exactly when it is valid
for all of them (tests/test_edm_agreement.py runs one list of cases through each).

The lexical forms are OData's (CSDL JSON 4.01), with Graph's precision:

- DateTimeOffset ``YYYY-MM-DDThh:mm[:ss[.f{1,7}]]`` then ``Z`` or ``+hh:mm``/``-hh:mm``, a real
  calendar date; Date ``YYYY-MM-DD``; TimeOfDay ``hh:mm[:ss[.f{1,7}]]`` (seconds optional:
  ``10:00`` is a time of day).
- Duration ``[-]P[nD][T[nH][nM][n[.n]S]]`` with at least one part: days and time only.
  Years, months (``P1Y``, ``P1M``) and weeks have no place in an Edm.Duration (a year has no
  fixed length); they are refused.
- Guid ``8-4-4-4-12`` hex digits, nothing around them (no ``{...}``, no ``urn:uuid:``).
- Binary base64 in the standard or the URL-safe alphabet (one of the two), padding optional.
- Integers: a JSON integer (not a boolean) in the type's range. Single/Double/Decimal: a JSON
  number a double can hold, or ``"NaN"``, ``"INF"``, ``"-INF"``.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["EDM_TYPES", "EdmType", "edm_problem"]

SPECIAL_NUMBERS = {"NaN": float("nan"), "INF": float("inf"), "-INF": float("-inf")}
FLOAT_MAX = 1.7976931348623157e308

_YMD = r"(\d{4})-(\d{2})-(\d{2})"
_HHMM = r"(?:[01]\d|2[0-3]):[0-5]\d"
_TIME = _HHMM + r"(?::[0-5]\d(?:\.\d{1,7})?)?"
DATE_SHAPE = re.compile(_YMD, re.ASCII)
DATETIME_SHAPE = re.compile(_YMD + "T" + _TIME + "(?:Z|[+-]" + _HHMM + ")", re.ASCII)
TIME_SHAPE = re.compile(_TIME, re.ASCII)
# Each part is digits and one letter, in order: no backtracking beyond one part.
DURATION_SHAPE = re.compile(
    r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?",
    re.ASCII,
)
_HEX4 = "[0-9a-fA-F]{4}"
_GUID = f"{_HEX4}{_HEX4}-(?:{_HEX4}-){{3}}{_HEX4}{_HEX4}{_HEX4}"
GUID_SHAPE = re.compile(_GUID, re.ASCII)
BASE64_SHAPE = re.compile(
    r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?", re.ASCII
)
BASE64URL_SHAPE = re.compile(
    r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?", re.ASCII
)


def _calendar(match: re.Match[str] | None) -> bool:
    if match is None:
        return False
    try:
        datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return False
    return True


def is_datetime(text: str) -> bool:
    """An Edm.DateTimeOffset's text: date, time, ``Z`` or an offset, a real date."""
    return _calendar(DATETIME_SHAPE.fullmatch(text))


def is_date(text: str) -> bool:
    """An Edm.Date's text: ``YYYY-MM-DD``, a real date."""
    return _calendar(DATE_SHAPE.fullmatch(text))


def is_time(text: str) -> bool:
    """An Edm.TimeOfDay's text: ``hh:mm`` with optional seconds and up to 7 fraction digits."""
    return TIME_SHAPE.fullmatch(text) is not None


def parse_duration(text: str) -> datetime.timedelta | None:
    """An Edm.Duration's value, or None when ``text`` is not one (or beyond ``timedelta``).

    Days and time, at least one part, ``T`` only before a time part; fraction digits past 6
    are dropped (as for datetimes).
    """
    match = DURATION_SHAPE.fullmatch(text)
    if match is None or text.endswith("T"):
        return None
    sign, days, hours, minutes, seconds, fraction = match.groups()
    if days is None and hours is None and minutes is None and seconds is None:
        return None
    try:
        delta = datetime.timedelta(
            days=int(days or 0),
            hours=int(hours or 0),
            minutes=int(minutes or 0),
            seconds=int(seconds or 0),
            microseconds=int((fraction or "")[:6].ljust(6, "0")),
        )
    except (
        OverflowError,
        ValueError,
    ):  # beyond timedelta, or more digits than int() reads
        return None
    return -delta if sign else delta


def is_duration(text: str) -> bool:
    """An Edm.Duration's text (``parse_duration`` gives its value)."""
    return parse_duration(text) is not None


def is_guid(text: str) -> bool:
    """An Edm.Guid's text: 8-4-4-4-12 hex digits."""
    return GUID_SHAPE.fullmatch(text) is not None


def is_base64(text: str) -> bool:
    """An Edm.Binary's text: base64, standard or URL-safe alphabet, padding optional."""
    standard = BASE64_SHAPE.fullmatch(text)
    return standard is not None or BASE64URL_SHAPE.fullmatch(text) is not None


@dataclass(frozen=True, kw_only=True)
class EdmType:
    """One EDM primitive.

    ``json``: the JSON kind that carries it ("string", "boolean", "integer", "number" or
    "any"); ``annotation``: the Python type of a field of it in generated code (``stdlib`` the
    module that names it); ``codec``: the suffix of ``_base``'s ``decode_<codec>`` and
    ``encode_<codec>`` ("" for untyped JSON, which is not checked); ``converts``: the Python
    value is not the wire value (a datetime for a string); ``low``/``high``: an integer's
    range; ``lexical``: the check of a string form; ``hint``: what a valid value looks like;
    ``exact``: the Python class whose instances are sent as they are (``str``, ``bool``).
    """

    name: str
    json: str
    annotation: str
    codec: str
    hint: str
    converts: bool = False
    stdlib: str = ""
    low: int | None = None
    high: int | None = None
    lexical: Callable[[str], bool] | None = None
    exact: str = ""


def _int(name: str, bits: int, signed: bool = True) -> EdmType:
    half = 2 ** (bits - 1)
    low, high = (-half, half - 1) if signed else (0, 2 * half - 1)
    codec = name.removeprefix("Edm.").lower()
    return EdmType(
        name=name,
        json="integer",
        annotation="int",
        codec=codec,
        hint="integer",
        low=low,
        high=high,
    )


def _number(name: str) -> EdmType:
    hint = 'number or "NaN", "INF", "-INF"'
    return EdmType(
        name=name,
        json="number",
        annotation="float",
        codec="float",
        hint=hint,
    )


def _text(
    name: str, annotation: str, codec: str, check: Callable[[str], bool], hint: str
) -> EdmType:
    stdlib = annotation.partition(".")[0] if "." in annotation else ""
    return EdmType(
        name=name,
        json="string",
        annotation=annotation,
        codec=codec,
        hint=hint,
        converts=True,
        stdlib=stdlib,
        lexical=check,
    )


_ANY_HINT = "any JSON value"
EDM_TYPES: dict[str, EdmType] = {
    t.name: t
    for t in (
        EdmType(
            name="Edm.String",
            json="string",
            annotation="str",
            codec="str",
            hint="string",
            exact="str",
        ),
        EdmType(
            name="Edm.Boolean",
            json="boolean",
            annotation="bool",
            codec="bool",
            hint="boolean",
            exact="bool",
        ),
        _int("Edm.Byte", 8, signed=False),
        _int("Edm.SByte", 8),
        _int("Edm.Int16", 16),
        _int("Edm.Int32", 32),
        _int("Edm.Int64", 64),
        _number("Edm.Single"),
        _number("Edm.Double"),
        _number("Edm.Decimal"),
        EdmType(
            name="Edm.Untyped",
            json="any",
            annotation="Any",
            codec="",
            hint=_ANY_HINT,
        ),
        EdmType(
            name="microsoft.graph.Json",
            json="any",
            annotation="Any",
            codec="",
            hint=_ANY_HINT,
        ),
        _text(
            "Edm.DateTimeOffset",
            "datetime.datetime",
            "datetime",
            is_datetime,
            "string YYYY-MM-DDThh:mm[:ss[.fffffff]] ending in Z or +hh:mm/-hh:mm",
        ),
        _text("Edm.Date", "datetime.date", "date", is_date, "string YYYY-MM-DD"),
        _text(
            "Edm.TimeOfDay",
            "datetime.time",
            "time",
            is_time,
            "string hh:mm[:ss[.fffffff]]",
        ),
        _text(
            "Edm.Duration",
            "datetime.timedelta",
            "duration",
            is_duration,
            "ISO 8601 duration of days and time like P1DT2H3M4.5S",
        ),
        _text("Edm.Guid", "uuid.UUID", "uuid", is_guid, "string of 8-4-4-4-12 hex"),
        _text("Edm.Binary", "bytes", "bytes", is_base64, "base64 string"),
        _text("Edm.Stream", "bytes", "bytes", is_base64, "base64 string"),
    )
}


def edm_problem(edm: EdmType, value: Any) -> tuple[str, str] | None:
    """What is wrong with a (non-null) wire ``value`` of type ``edm``: ("type", expected kind),
    ("int-range", range) or ("format", hint); None when it is valid."""
    kind = edm.json
    if kind == "string":
        if not isinstance(value, str):
            return "type", edm.hint
        if edm.lexical is not None and not edm.lexical(value):
            return "format", edm.hint
        return None
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return "type", edm.hint
        low, high = edm.low, edm.high
        if low is not None and high is not None and not low <= value <= high:
            return "int-range", f"integer in {low}..{high}"
        return None
    if kind == "number":
        if isinstance(value, str):
            return None if value in SPECIAL_NUMBERS else ("type", edm.hint)
        number = isinstance(value, (int, float, decimal.Decimal))
        if isinstance(value, bool) or not number:
            return "type", edm.hint
        if isinstance(value, int) and abs(value) > FLOAT_MAX:
            return "int-range", f"number within +-{FLOAT_MAX}"
        return None
    if kind == "boolean":
        return None if isinstance(value, bool) else ("type", edm.hint)
    return None
