"""The one table of EDM primitive types: Python annotation, runtime codec, and how it travels.

``codec`` is the suffix of the runtime's ``decode_*``/``encode_*`` functions ("" for Any,
which is not checked); ``converts`` is True when the wire value is not the Python value
(dates, durations, GUIDs, base64), so encoding goes through ``encode_<codec>`` too; ``stdlib``
is the module the annotation needs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class EdmType:
    """How one EDM primitive is typed and (de)serialised."""

    annotation: str
    codec: str
    converts: bool = False
    stdlib: str = ""


EDM_TYPES: dict[str, EdmType] = {
    "Edm.String": EdmType(annotation="str", codec="str"),
    "Edm.Boolean": EdmType(annotation="bool", codec="bool"),
    "Edm.Byte": EdmType(annotation="int", codec="byte"),
    "Edm.SByte": EdmType(annotation="int", codec="sbyte"),
    "Edm.Int16": EdmType(annotation="int", codec="int16"),
    "Edm.Int32": EdmType(annotation="int", codec="int32"),
    "Edm.Int64": EdmType(annotation="int", codec="int64"),
    "Edm.Single": EdmType(annotation="float", codec="float"),
    "Edm.Double": EdmType(annotation="float", codec="float"),
    "Edm.Decimal": EdmType(annotation="float", codec="float"),
    "Edm.Untyped": EdmType(annotation="Any", codec=""),
    "microsoft.graph.Json": EdmType(annotation="Any", codec=""),
    "Edm.DateTimeOffset": EdmType(
        annotation="datetime.datetime", codec="datetime", converts=True, stdlib="datetime"
    ),
    "Edm.Date": EdmType(annotation="datetime.date", codec="date", converts=True, stdlib="datetime"),
    "Edm.TimeOfDay": EdmType(
        annotation="datetime.time", codec="time", converts=True, stdlib="datetime"
    ),
    "Edm.Duration": EdmType(
        annotation="datetime.timedelta", codec="duration", converts=True, stdlib="datetime"
    ),
    "Edm.Guid": EdmType(annotation="uuid.UUID", codec="uuid", converts=True, stdlib="uuid"),
    "Edm.Binary": EdmType(annotation="bytes", codec="bytes", converts=True),
    "Edm.Stream": EdmType(annotation="bytes", codec="bytes", converts=True),
}
