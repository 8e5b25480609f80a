"""The generated models at work: the committed package on the seed docs' JSON, and a package
generated from a small synthetic docs folder that uses every kind of property."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import importlib
import json
import re
import subprocess
import sys
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.api import parse_docs
from codegen.generate.model_specs import type_names
from codegen.generate.package import Options, render_package
from codegen.ir.model import Model
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "generated"))

from graph_client import UNSET, DecodeError, EncodeError, validate
from graph_client._base import decode_datetime, decode_duration, encode_datetime
from graph_client.models import (
    ClassifcationErrorBase,
    ClassificationError,
    ClassificationInnerError,
    Entity,
    ExactMatchJobBase,
    ExactMatchSession,
)

_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def normalised(value: Any) -> Any:
    """JSON with date-time strings parsed (7 fractional digits compare equal to their 6)."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, str) and _DATETIME.match(value):
        return datetime.datetime.fromisoformat(value)
    return value


def seed_bodies(model: Model) -> list[tuple[str, str, Any]]:
    """(label, docs type, body) for every JSON body of the seed docs that describes a model:
    example requests and responses (the objects of a ``{"value": ...}`` wrapper one by one)
    and the resource pages' JSON representations."""
    out = []
    for op in model.operations:
        for ex in op.examples:
            sides = (
                ("request", ex.request, op.request_body_type),
                ("response", ex.response, op.response_type),
            )
            for side, message, ref in sides:
                if message is None or message.body is None or ref is None:
                    continue
                assert message.body_valid, f"{op.id} {side}: the docs' JSON did not parse"
                body, label = message.body, f"{op.id} {side}"
                if isinstance(body, dict) and set(body) == {"value"}:
                    items = body["value"] if isinstance(body["value"], list) else [body["value"]]
                    out += [(f"{label} value[{i}]", ref.name, item) for i, item in enumerate(items)]
                else:
                    out.append((label, ref.name, body))
    out += [
        (f"resource {t.name}", t.name, t.representation) for t in model.types if t.representation
    ]
    return out


KNOWN_BAD = {  # placeholders ("String (timestamp)", "Integer") where values should be
    "exactmatchdatastore-post-sessions request",
    "exactmatchdatastore-post-sessions response",
    "resource exactMatchSession",
}


def test_every_seed_body_round_trips_or_is_known_bad(seed_model: Model) -> None:
    names = type_names(seed_model)
    bodies = seed_bodies(seed_model)
    assert len(bodies) >= 7
    bad = set()
    for label, type_name, body in bodies:
        class_name, qualified = names.models[type_name.lower()]
        cls = getattr(importlib.import_module("graph_client.models"), class_name)
        issues = validate(qualified, body)
        if issues:
            bad.add(label)
            try:
                decoded = cls.from_dict(body)
            except DecodeError:
                continue
        else:
            decoded = cls.from_dict(body)
            assert type(decoded) is cls, label
            assert validate(cls, decoded.to_dict()) == [], label
        assert normalised(decoded.to_dict()) == normalised(body), label
    assert bad == KNOWN_BAD


def test_seed_response_decodes_to_nested_classes(seed_model: Model) -> None:
    op = seed_model.operation("exactmatchsession-get")
    assert op is not None and op.examples[0].response is not None
    session = Entity.from_dict(op.examples[0].response.body["value"])
    assert isinstance(session, ExactMatchSession)
    start = datetime.datetime(2016, 12, 31, 23, 58, 12, 454777, tzinfo=datetime.UTC)
    assert session.start_date_time == start  # .4547779: the 7th digit dropped
    assert isinstance(session.error, ClassificationError)
    assert isinstance(session.error.inner_error, ClassificationInnerError)
    assert isinstance(session.error.details, list)
    assert [type(d) for d in session.error.details] == [ClassifcationErrorBase]
    assert session.error.details[0].odata_type == "microsoft.graph.classifcationErrorBase"
    assert session.fields == ["Fields value"] and session.total_block_count == 15
    assert session.to_dict()["startDateTime"] == "2016-12-31T23:58:12.454777Z"


SPELLINGS = ["#microsoft.graph.exactMatchSession", "microsoft.graph.exactMatchSession"]


@pytest.mark.parametrize("odata_type", [*SPELLINGS, "#Microsoft.Graph.EXACTMATCHSESSION"])
@pytest.mark.parametrize("requested", [Entity, ExactMatchJobBase, ExactMatchSession])
def test_odata_type_picks_the_most_derived_class(requested: type[Entity], odata_type: str) -> None:
    for _ in range(2):  # unusual spellings are remembered after the first time
        data = {"@odata.type": odata_type, "id": "s1", "fileName": "a.csv", "salt": None}
        obj = requested.from_dict(data)
        assert type(obj) is ExactMatchSession
        assert obj.odata_type == odata_type and obj.file_name == "a.csv" and obj.salt is None
        assert obj.additional_data == {} and obj.to_dict() == data


@pytest.mark.parametrize(
    ("cls", "odata_type"),
    [
        (Entity, "#microsoft.graph.somethingNew"),  # unknown
        (ExactMatchSession, "#microsoft.graph.entity"),  # a base of the requested class
    ],
)
def test_other_odata_types_keep_the_requested_class(cls: type[Any], odata_type: object) -> None:
    data = {"@odata.type": odata_type, "id": "x", "newThing": {"a": [1, None]}}
    obj = cls.from_dict(data)
    assert type(obj) is cls and obj.odata_type == odata_type and obj.to_dict() == data


@pytest.mark.parametrize(
    ("cls", "odata_type"),
    [
        (ClassificationError, "#microsoft.graph.exactMatchSession"),  # a sibling, not a subclass
        (Entity, 42),  # not a string
        (Entity, ["#microsoft.graph.exactMatchSession"]),  # not even hashable
    ],
)
def test_sibling_or_non_string_odata_types_are_reported(cls: type[Any], odata_type: object) -> None:
    # Kept silently, the wrong @odata.type would be written back by to_dict() on update.
    with pytest.raises(DecodeError) as info:
        cls.from_dict({"@odata.type": odata_type, "id": "x"})
    assert info.value.path == "/@odata.type"


def test_additional_data_unset_none_and_names() -> None:
    data = {"id": "1", "future": {"nested": [1, 2]}, "fileName": "f", "alsoNew": None}
    obj = ExactMatchSession.from_dict(data)
    assert obj.additional_data == {"future": {"nested": [1, 2]}, "alsoNew": None}
    assert obj.to_dict() == data
    assert obj.checksum is UNSET and obj.odata_type is UNSET
    assert not UNSET and repr(UNSET) == "UNSET"
    assert ExactMatchSession().to_dict() == {}
    assert ExactMatchSession(id="1").to_dict() == {"id": "1"}
    nulls = ExactMatchSession(file_name=None, error=None, fields=None, creation_date_time=None)
    assert nulls.to_dict() == dict.fromkeys(["fileName", "error", "fields", "creationDateTime"])
    assert ExactMatchSession.from_dict(nulls.to_dict()) == nulls
    obj = ExactMatchSession(data_upload_uri="u", odata_type=SPELLINGS[0], rows_per_block=5)
    obj.additional_data["x-extra"] = True
    assert obj.to_dict() == {
        "@odata.type": SPELLINGS[0],
        "dataUploadURI": "u",
        "rowsPerBlock": 5,
        "x-extra": True,
    }
    names = [f.name for f in dataclasses.fields(ExactMatchSession)]
    assert names[:2] == ["odata_type", "id"] and "data_upload_uri" in names
    assert {"@odata.type", "dataUploadURI", "rowsPerBlock", "id"} <= ExactMatchSession.WIRE_NAMES
    assert ExactMatchSession.ODATA_TYPE == "#microsoft.graph.exactMatchSession"


@pytest.mark.parametrize("data", [
    {"creationDateTime": "String (timestamp)"}, {"creationDateTime": "2017-13-01T00:00:00Z"},
    {"creationDateTime": 20170101}, {"error": "oops"}, {"error": {"details": [3]}},
    {"error": {"innerError": {"errorDateTime": "yesterday"}}}, {"fields": "Fields value"},
])  # fmt: skip
def test_undecodable_values_raise_decode_error(data: dict[str, Any]) -> None:
    with pytest.raises(DecodeError):
        ExactMatchSession.from_dict(data)


def test_from_dict_takes_any_mapping_but_nothing_else() -> None:
    proxy = types.MappingProxyType({"id": "1", "error": types.MappingProxyType({"code": "c"})})
    obj = ExactMatchSession.from_dict(proxy)
    assert obj.to_dict() == {"id": "1", "error": {"code": "c"}}
    with pytest.raises(DecodeError):
        ExactMatchSession.from_dict(["id"])  # type: ignore[arg-type]


# Offsets in whole minutes, as ISO 8601 and OData write them (a microsecond offset cannot be
# written on the wire at all).
_OFFSETS = st.integers(min_value=-1439, max_value=1439).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
_ZONES = st.none() | st.just(datetime.UTC) | _OFFSETS | st.timezones()


@settings(max_examples=300, deadline=None)
@given(st.datetimes(timezones=_ZONES))
def test_datetimes_encode_like_isoformat_and_decode_back(value: datetime.datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        # a naive datetime names no instant: refused, not sent as UTC without a word
        with pytest.raises(EncodeError, match="naive datetime"):
            encode_datetime(value)
        return
    offset = value.utcoffset()
    assert offset is not None
    encoded = encode_datetime(value)
    assert isinstance(encoded, str)
    if offset % datetime.timedelta(minutes=1) == datetime.timedelta(0):
        assert encoded == re.sub(r"\+00:00$", "Z", value.isoformat())
    decoded = decode_datetime(encoded)
    assert isinstance(decoded, datetime.datetime)
    # the same instant, whatever offset it is written with (compared in UTC: Python never calls
    # datetimes of two zones equal when one falls in a gap or fold of its zone, PEP 495 -
    # Buenos Aires, 1939-02-28 23:00 - though both name the instant the offset written says)
    assert decoded.astimezone(datetime.UTC) == value.astimezone(datetime.UTC)


# --- a package generated from a synthetic docs folder ------------------------------------

WIDGET_ROWS = r'''
id|String|The identifier. Read-only.
bigCount|Int64|A 64-bit count.
ratio|Double|A ratio.
isActive|Boolean|Whether active.
birthday|Date|A date.
alarm|TimeOfDay|A time of day.
timeout|Duration|A duration.
correlationId|Guid|A GUID.
payload|Binary|Some bytes.
createdDateTime|DateTimeOffset|When created.
status|fooState|The state. The possible values are: `idle`, `running`, `unknownFutureValue`.
history|fooState collection|Past states.
part|[widgetPart](../resources/widgetpart.md)|A nested part.
parts|[widgetPart](../resources/widgetpart.md) collection|More parts.
from|String|Sender.
class|String|Class.
self|String|Self link.
global|Boolean|Global flag.
type|String|The type.
notes|String|Tricky: """ quotes, back\slashes \n and {{ braces }} {% raw %}
'''
FOO_STATE_VALUES = """
### fooState values

|Member|Description|
|:---|:---|
|idle|Not doing anything.|
|running|Running.|
|unknownFutureValue|Evolvable enumeration sentinel value. Do not use.|
"""


def resource_page(name: str, rows: str, extra: str = "") -> str:
    """A resource page in the layout of spec/docs/resources/exactmatchsession.md."""
    table = "".join(f"|{row}|\n" for row in rows.strip().splitlines())
    return (
        f'---\ntitle: "{name} resource type"\ndescription: ""\ndoc_type: resourcePageType\n'
        f"Namespace: microsoft.graph\n---\n\n# {name} resource type\n\nThe {name} type.\n\n"
        f"## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n{table}{extra}"
    )


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[types.ModuleType]:
    """The package generated from a widget and a widgetPart page, imported under a unique name."""
    docs = tmp_path_factory.mktemp("docs") / "resources"
    docs.mkdir()
    (docs / "widget.md").write_text(resource_page("widget", WIDGET_ROWS, FOO_STATE_VALUES))
    (docs / "widgetpart.md").write_text(
        resource_page("widgetPart", "name|String|N.\nweight|Double|W.")
    )
    name = f"synth_{uuid.uuid4().hex[:10]}"
    out = tmp_path_factory.mktemp("out")
    for path, source in render_package(parse_docs([docs.parent]), Options(package=name)).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(source, encoding="utf-8")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(out))
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


WIRE = json.loads("""{
    "@odata.type": "#microsoft.graph.widget", "id": "w1", "bigCount": 4611686018427387905,
    "ratio": 0.25, "isActive": false, "birthday": "2024-02-29", "alarm": "07:30:05.250000",
    "timeout": "P1DT2H3M4.5S", "correlationId": "6f9619ff-8b86-d011-b42d-00c04fc964ff",
    "payload": "aGVsbG8gd29ybGQ=", "createdDateTime": "2024-02-29T23:59:59.999999-08:00",
    "status": "running", "history": ["idle", "brandNew", null],
    "part": {"name": "p", "weight": 2}, "parts": [{"name": "q", "extra": 1}, null],
    "from": "a@b.c", "class": "c", "self": "https://x/self", "global": true, "type": "t",
    "notes": null, "somethingElse": [1]
}""")


def test_synthetic_kinds_decode_and_encode(synth: types.ModuleType) -> None:
    m = synth.models
    w = m.Widget.from_dict(WIRE)
    assert (w.big_count, w.ratio, w.is_active) == (2**62 + 1, 0.25, False)
    assert w.birthday == datetime.date(2024, 2, 29)
    assert w.alarm == datetime.time(7, 30, 5, 250000)
    assert w.timeout == datetime.timedelta(days=1, hours=2, minutes=3, seconds=4.5)
    assert w.correlation_id == uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")
    assert w.payload == b"hello world"
    assert w.created_date_time.utcoffset() == datetime.timedelta(hours=-8)
    assert w.status is m.FooState.RUNNING
    assert w.history == [m.FooState.IDLE, "brandNew", None]
    assert isinstance(w.history[1], m.FooState) and w.history[1].value == "brandNew"
    assert type(w.part) is m.WidgetPart and w.part.weight == 2
    assert w.parts[0].additional_data == {"extra": 1} and w.parts[1] is None
    assert (w.from_, w.class_, w.self_, w.global_, w.type) == (
        "a@b.c",
        "c",
        WIRE["self"],
        True,
        "t",
    )
    assert w.notes is None and w.additional_data == {"somethingElse": [1]}
    assert w.to_dict() == WIRE
    other = m.Widget.from_dict({"payload": "-_8=", "correlationId": WIRE["correlationId"].upper()})
    assert other.to_dict() == {"payload": "+/8=", "correlationId": WIRE["correlationId"]}
    clean = {k: v for k, v in WIRE.items() if k != "somethingElse"}
    clean.update(history=["idle", None], parts=[{"name": "q"}, None])
    assert synth.validate(m.Widget, clean) == []  # what the models write, the validators accept


def test_synthetic_enums_accept_unknown_values(synth: types.ModuleType) -> None:
    foo = synth.models.FooState
    assert [e.value for e in foo] == ["idle", "running", "unknownFutureValue"]
    new = foo("brandNew")
    assert new == "brandNew" and new.value == "brandNew" and new not in list(foo)
    assert foo("brandNew") == new and foo("idle") is foo.IDLE
    w = synth.models.Widget(status=new, history=[new, foo.IDLE])
    assert w.to_dict() == {"status": "brandNew", "history": ["brandNew", "idle"]}
    assert synth.models.Widget.from_dict(w.to_dict()) == w
    with pytest.raises(synth.DecodeError):
        foo(5)
    for bad in ({"status": 5}, {"history": [5]}, {"history": "idle"}):
        with pytest.raises(synth.DecodeError):
            synth.models.Widget.from_dict(bad)


@pytest.mark.parametrize(("wire", "seconds", "back"), [
    ("PT0S", 0, "PT0S"), ("-PT1M30S", -90, "-PT1M30S"), ("P14D", 14 * 86400, "P14D"),
    ("PT36H", 36 * 3600, "P1DT12H"), ("PT0.1234567S", 0.123456, "PT0.123456S"),
])  # fmt: skip
def test_synthetic_durations(synth: types.ModuleType, wire: str, seconds: float, back: str) -> None:
    w = synth.models.Widget.from_dict({"timeout": wire})
    assert w.timeout == datetime.timedelta(seconds=seconds) and w.to_dict() == {"timeout": back}
    assert decode_duration(back) == w.timeout


BAD_WIRE = [
    {"createdDateTime": "2024-02-30T00:00:00Z"}, {"createdDateTime": "not a date"},
    {"birthday": "2024-13-01"}, {"birthday": 20240101}, {"alarm": "25:00:00"},
    {"timeout": "P1Y"}, {"timeout": "P2W"}, {"timeout": "PT1S\n"}, {"timeout": "P99999999999D"},
    {"correlationId": "not-a-guid"}, {"payload": "***"}, {"part": [1]}, {"parts": {"name": "x"}},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_WIRE)
def test_synthetic_bad_values_raise_decode_error(synth: types.ModuleType, data: Any) -> None:
    with pytest.raises(synth.DecodeError):
        synth.models.Widget.from_dict(data)


def test_synthetic_names_and_docstrings(synth: types.ModuleType) -> None:
    fields = {f.name for f in dataclasses.fields(synth.models.Widget)}
    assert {"from_", "class_", "self_", "global_", "type", "big_count", "additional_data"} <= fields
    module = sys.modules[synth.models.Widget.__module__]
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    widget = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Widget")
    docs = {  # attribute docstrings: the string right after each field
        f.target.id: ast.literal_eval(d.value)
        for f, d in zip(widget.body, widget.body[1:])
        if isinstance(f, ast.AnnAssign)
        and isinstance(f.target, ast.Name)
        and isinstance(d, ast.Expr)
    }
    notes = WIDGET_ROWS.strip().splitlines()[-1].split("|", 2)[2]
    assert " ".join(docs["notes"].split()) == notes and "{{ braces }}" in notes
    assert docs["status"].startswith("The state.")


def test_synthetic_package_passes_mypy_strict(synth: types.ModuleType, tmp_path: Path) -> None:
    package = Path(synth.__file__).parent
    for module in package.rglob("*.py"):
        compile(module.read_text(encoding="utf-8"), str(module), "exec")
    mypy = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), package.name]
    result = subprocess.run(mypy, cwd=package.parent, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
