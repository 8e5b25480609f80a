"""The validator engine (codegen/runtime/validators.py) against a hand-written schema."""

from __future__ import annotations

import base64
import datetime
import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.ir.model import Model
from codegen.lint.engine import Issue, load_validator
from codegen.runtime import validators
from codegen.runtime.validators import Schema
from tests.support import import_temp_package

RUNTIME = Path(__file__).resolve().parents[1] / "codegen" / "runtime"
G = "microsoft.graph."


def _p(
    type_: str, collection: bool = False, nullable: bool = True, read_only: bool = False
) -> dict[str, Any]:
    return {"type": type_, "collection": collection, "nullable": nullable, "read_only": read_only}


def _t(
    name: str,
    base: str | None,
    props: dict[str, dict[str, Any]],
    open_: bool = False,
    abstract: bool = False,
) -> tuple[str, dict[str, Any]]:
    qname = name if "." in name else G + name
    spec = {"name": qname.rsplit(".", 1)[-1], "base": base and G + base, "open": open_}
    return qname, {**spec, "abstract": abstract, "properties": props}


DTO = "Edm.DateTimeOffset"
TYPES: dict[str, dict[str, Any]] = dict(
    [
        _t("entity", None, {"id": _p("Edm.String", nullable=False, read_only=True)}, abstract=True),
        _t(
            "exactMatchJobBase",
            "entity",
            {
                "completionDateTime": _p(DTO),
                "creationDateTime": _p(DTO, read_only=True),
                "error": _p(G + "classificationError"),
                "lastUpdatedDateTime": _p(DTO),
                "startDateTime": _p(DTO),
            },
            abstract=True,
        ),
        _t(
            "exactMatchSessionBase",
            "exactMatchJobBase",
            {
                "dataStoreId": _p("Edm.String"),
                "processingCompletionDateTime": _p(DTO),
                "remainingBlockCount": _p("Edm.Int32", nullable=False),
                "remainingJobCount": _p("Edm.Int32"),
                "state": _p("Edm.String"),
                "totalBlockCount": _p("Edm.Int32"),
                "totalJobCount": _p("Edm.Int32"),
                "uploadCompletionDateTime": _p(DTO),
            },
            abstract=True,
        ),
        _t(
            "exactMatchSession",
            "exactMatchSessionBase",
            {
                "checksum": _p("Edm.String"),
                "dataUploadURI": _p("Edm.String"),
                "fields": _p("Edm.String", collection=True),
                "fileName": _p("Edm.String"),
                "rowsPerBlock": _p("Edm.Int32"),
                "salt": _p("Edm.String"),
                "uploadAgentId": _p("Edm.String"),
            },
        ),
        _t("exactMatchLookupJob", "exactMatchJobBase", {"state": _p(G + "sessionState")}),
        _t(
            "classifcationErrorBase",
            None,
            {
                "code": _p("Edm.String"),
                "innerError": _p(G + "classificationInnerError"),
                "message": _p("Edm.String"),
                "target": _p("Edm.String"),
            },
        ),
        _t(
            "classificationError",
            "classifcationErrorBase",
            {"details": _p(G + "classifcationErrorBase", collection=True)},
        ),
        _t(
            "classificationInnerError",
            None,
            {
                "activityId": _p("Edm.String"),
                "clientRequestId": _p("Edm.String"),
                "code": _p("Edm.String"),
                "errorDateTime": _p(DTO),
            },
        ),
        _t("openBag", None, {"name": _p("Edm.String")}, open_=True),
        _t(
            "sampler",
            None,
            {
                "text": _p("Edm.String"),
                "flag": _p("Edm.Boolean"),
                "byte": _p("Edm.Byte"),
                "sbyte": _p("Edm.SByte"),
                "int16": _p("Edm.Int16"),
                "int32": _p("Edm.Int32"),
                "int64": _p("Edm.Int64"),
                "single": _p("Edm.Single"),
                "double": _p("Edm.Double"),
                "decimal": _p("Edm.Decimal"),
                "when": _p(DTO),
                "date": _p("Edm.Date"),
                "time": _p("Edm.TimeOfDay"),
                "duration": _p("Edm.Duration"),
                "guid": _p("Edm.Guid"),
                "binary": _p("Edm.Binary"),
                "stream": _p("Edm.Stream"),
                "untyped": _p("Edm.Untyped"),
                "json": _p(G + "Json"),
                "state": _p(G + "sessionState", nullable=False),
                "states": _p(G + "sessionState", collection=True, nullable=False),
                "bag": _p(G + "openBag"),
                "mystery": _p(G + "notInTheSchema"),
            },
        ),
        _t("microsoft.graph.security.alert", None, {"title": _p("Edm.String")}),
        _t("microsoft.graph.ediscovery.alert", None, {"title": _p("Edm.String")}),
    ]
)
ENUMS: dict[str, tuple[str, ...]] = {
    G + "sessionState": ("notStarted", "running", "completed", "unknownFutureValue"),
}
SESSIONS = "/dataClassification/exactMatchDataStores/{exactMatchDataStoreId}/sessions"
BODY = tuple(p for p in TYPES[G + "exactMatchSession"]["properties"]) + (
    "dataStoreId",
    "remainingBlockCount",
    "error",
    "notes",  # listed by the body table but declared on no type
)
OPERATIONS: dict[str, dict[str, Any]] = {
    "exactmatchdatastore-post-sessions": {
        "method": "POST",
        "path": SESSIONS,
        "body_type": G + "exactMatchSession",
        "body_properties": BODY,
        "read_only": ("id",),
    },
    "exactmatchsession-update": {
        "method": "PATCH",
        "path": SESSIONS + "/{exactMatchSessionId}",
        "body_type": G + "exactMatchSession",
        "body_properties": None,
        "read_only": ("id", "creationDateTime"),
    },
    "exactmatchsession-create-loose": {
        "method": "POST",
        "path": SESSIONS,
        "body_type": G + "exactMatchSession",
        "body_properties": None,
        "read_only": ("id",),
    },
    "exactmatchsession-delete": {
        "method": "DELETE",
        "path": SESSIONS + "/{exactMatchSessionId}",
        "body_type": None,
        "body_properties": None,
        "read_only": (),
    },
    "exactmatchsession-commit": {
        "method": "POST",
        "path": SESSIONS + "/{exactMatchSessionId}/commit",
        "body_type": None,
        "body_properties": None,
        "read_only": (),
    },
}
POST, PATCH, LOOSE, DELETE, ACTION = OPERATIONS


def _engine_files(schema: dict[str, Any] | None) -> dict[str, str]:
    """The engine's modules as a package ships them, with ``_schema.json`` when given."""
    files = {n: (RUNTIME / n).read_text(encoding="utf-8") for n in ("validators.py", "_base.py", "_edm.py")}
    if schema is not None:
        files["_schema.json"] = json.dumps(schema)
    return files


@pytest.fixture(scope="module")
def v(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The engine, imported from a fresh package holding its modules and the schema as JSON."""
    files = _engine_files({"types": TYPES, "enums": ENUMS, "operations": OPERATIONS})
    with import_temp_package(tmp_path_factory.mktemp("engine"), files, "validators") as module:
        yield module


def codes(issues: list[Any]) -> list[tuple[str, str]]:
    return [(i.path, i.code) for i in issues]


# --- the schema file ----------------------------------------------------------------------


def test_the_schema_file_is_read_on_first_use_then_kept(tmp_path: Path) -> None:
    with import_temp_package(tmp_path, _engine_files(None), "validators") as module:
        schema_file = Path(module.__file__).with_name("_schema.json")
        assert not schema_file.exists()  # importing the engine does not read it
        schema_file.write_text(json.dumps({"types": TYPES, "enums": ENUMS, "operations": {}}))
        assert codes(module.validate("sampler", {"int32": "x"})) == [("/int32", "type")]
        schema_file.unlink()  # read once: later calls do not need the file
        assert codes(module.validate("sampler", {"flag": 1})) == [("/flag", "type")]


def test_a_schema_from_tables_and_from_json_agree(v: ModuleType) -> None:
    tables = Schema(TYPES, ENUMS, OPERATIONS)
    body = {"id": "x", "fileName": 3, "notes": "n", "nope": 1}
    for op in OPERATIONS:
        assert [i.message for i in tables.validate_request(op, body)] == [
            i.message for i in v.validate_request(op, body)
        ]


def test_lint_checks_examples_with_the_same_engine(seed_model: Model) -> None:
    """Lint imports codegen's own validators module: no exec'd copy, no modules made up."""
    before = set(sys.modules)
    validator = load_validator(seed_model)
    assert set(sys.modules) == before
    assert type(validator) is Schema and validators.Schema is Schema
    assert type(validator).validate is validators.Schema.validate
    assert validators.Issue is Issue
    (issue,) = validator.validate("exactMatchSession", {"fileName": 5})
    assert isinstance(issue, validators.Issue) and issue.path == "/fileName"


# --- naming the type -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "exactMatchSession",
        "microsoft.graph.exactMatchSession",
        "#microsoft.graph.exactMatchSession",
        "EXACTMATCHSESSION",
        "#Microsoft.Graph.ExactMatchSession",
    ],
)
def test_type_name_forms(v: ModuleType, name: str) -> None:
    [issue] = v.validate(name, {"rowsPerBlock": "x", "id": "1"})
    assert (issue.path, issue.code) == ("/rowsPerBlock", "type")
    assert v.validate(name, {"fields": ["a"], "id": "1"}) == []


def test_namespaced_and_primitive_and_enum_names(v: ModuleType) -> None:
    assert v.validate("security.alert", {"title": "t"}) == []
    assert v.validate("Microsoft.Graph.Ediscovery.Alert", {"title": "t"}) == []
    assert codes(v.validate("Edm.Int32", "5")) == [("", "type")]
    assert codes(v.validate("sessionState", "bogus")) == [("", "enum")]
    assert v.validate("sessionState", "running") == []


@pytest.mark.parametrize("name", ["nope", "microsoft.graph.nope", "", "alert"])
def test_unknown_or_ambiguous_name_raises(v: ModuleType, name: str) -> None:
    with pytest.raises(ValueError):
        v.validate(name, {})


def test_class_argument(v: ModuleType) -> None:
    class ExactMatchSession:
        ODATA_TYPE = "#microsoft.graph.exactMatchSession"

    class Plain:
        pass

    assert codes(v.validate(ExactMatchSession, {"bogus": 1})) == [("/bogus", "unknown-property")]
    with pytest.raises(ValueError):
        v.validate(Plain, {})
    with pytest.raises(TypeError):
        v.validate(42, {})


# --- primitives ----------------------------------------------------------------------------

OK = None
PRIMITIVE_CASES: list[tuple[str, Any, str | None]] = [
    ("text", "x", OK),
    ("text", 5, "type"),
    ("flag", True, OK),
    ("flag", 1, "type"),
    ("flag", "true", "type"),
    ("int32", 5, OK),
    ("int32", -(2**31), OK),
    ("int32", 2**31, "int-range"),
    ("int32", True, "type"),
    ("int32", 1.0, "type"),
    ("int32", "5", "type"),
    ("int64", 2**63 - 1, OK),
    ("int64", 2**63, "int-range"),
    ("int16", -32768, OK),
    ("int16", 32768, "int-range"),
    ("byte", 255, OK),
    ("byte", -1, "int-range"),
    ("sbyte", -128, OK),
    ("sbyte", 128, "int-range"),
    ("double", 1.5, OK),
    ("double", 2, OK),
    ("double", "NaN", OK),
    ("double", "INF", OK),
    ("double", "-INF", OK),
    ("double", "nan", "type"),
    ("double", "1.5", "type"),
    ("double", False, "type"),
    ("single", 0.25, OK),
    ("decimal", 10, OK),
    ("decimal", [1], "type"),
    ("when", "2024-01-31T09:30:00Z", OK),
    ("when", "2024-01-31T09:30:00.1234567+05:30", OK),
    ("when", "2024-02-29T23:59:59.5-08:00", OK),
    ("when", "2024-01-31T09:30:00", "format"),
    ("when", "2024-01-31T09:30:00.12345678Z", "format"),
    ("when", "2023-02-29T00:00:00Z", "format"),
    ("when", "2024-01-31 09:30:00Z", "format"),
    ("when", "2024-01-31T24:00:00Z", "format"),
    ("when", "2024-01-31T09:30:00Z\n", "format"),
    ("when", 1706693400, "type"),
    ("date", "2024-02-29", OK),
    ("date", "2023-02-29", "format"),
    ("date", "2024-1-01", "format"),
    ("date", "2024-01-31T00:00:00Z", "format"),
    ("date", "２０２４-01-31", "format"),
    ("time", "08:00:00", OK),
    ("time", "23:59:59.1234567", OK),
    ("time", "24:00:00", "format"),
    ("time", "08:00", OK),  # seconds are optional in a TimeOfDay (OData)
    ("time", "8:00:00", "format"),
    ("time", "08:00:00.12345678", "format"),
    ("duration", "P1DT2H3M4.5S", OK),
    ("duration", "PT0S", OK),
    ("duration", "-P1D", OK),
    ("duration", "PT36H", OK),
    ("duration", "P", "format"),
    ("duration", "PT", "format"),
    ("duration", "P1DT", "format"),
    ("duration", "1D", "format"),
    ("duration", "P1H", "format"),
    ("duration", 3600, "type"),
    ("guid", "0f8fad5b-d9cb-469f-a165-70867728950e", OK),
    ("guid", "0F8FAD5B-D9CB-469F-A165-70867728950E", OK),
    ("guid", "0f8fad5bd9cb469fa16570867728950e", "format"),
    ("guid", "0f8fad5b-d9cb-469f-a165-70867728950", "format"),
    ("guid", "0f8fad5g-d9cb-469f-a165-70867728950e", "format"),
    ("binary", "aGVsbG8=", OK),
    ("binary", "aGVsbG8", OK),
    ("binary", "+/+/", OK),
    ("binary", "-_-_", OK),
    ("binary", "", OK),
    ("binary", "aGVsbG8==", "format"),
    ("binary", "a", "format"),
    ("binary", "ab=c", "format"),
    ("binary", "+/_-", "format"),
    ("binary", "aGVs bG8=", "format"),
    ("stream", "aGVsbG8=", OK),
    ("untyped", {"any": [1, None]}, OK),
    ("json", [1, "two", None], OK),
    ("mystery", {"whatever": 1}, OK),
    ("state", "running", OK),
    ("state", "notStarted,running", OK),
    ("state", "notStarted, running", OK),
    ("state", "Running", "enum"),
    ("state", "running,bogus", "enum"),
    ("state", "", "enum"),
    ("state", 3, "type"),
]


@pytest.mark.parametrize(("prop", "value", "code"), PRIMITIVE_CASES)
def test_primitive(v: ModuleType, prop: str, value: Any, code: str | None) -> None:
    expected = [] if code is None else [(f"/{prop}", code)]
    assert codes(v.validate("sampler", {prop: value})) == expected


def test_messages_name_property_expectation_and_value(v: ModuleType) -> None:
    [issue] = v.validate_request(POST, {"remainingBlockCount": "Integer"})
    assert (
        issue.message == '/remainingBlockCount: expected Edm.Int32 (integer), got string "Integer"'
    )
    assert str(issue) == issue.message
    [issue] = v.validate("sampler", {"int16": 40000})
    assert "Edm.Int16" in issue.message and "-32768..32767" in issue.message
    assert "40000" in issue.message
    [issue] = v.validate("sampler", {"state": "bogus"})
    assert issue.message.startswith("/state: expected microsoft.graph.sessionState (one of ")
    assert "unknownFutureValue" in issue.message and '"bogus"' in issue.message
    [issue] = v.validate("sampler", {"date": "2023-02-29"})
    assert "YYYY-MM-DD" in issue.message
    [issue] = v.validate("sampler", {"int32": True})
    assert issue.message == "/int32: expected Edm.Int32 (integer), got boolean true"
    [issue] = v.validate("exactMatchSession", None)
    assert issue.message.startswith("(root): expected microsoft.graph.exactMatchSession")


# --- null, collections, nesting -------------------------------------------------------------


def test_nullability(v: ModuleType) -> None:
    assert v.validate("sampler", {"text": None, "int32": None, "bag": None}) == []
    assert codes(v.validate("sampler", {"state": None})) == [("/state", "type")]
    assert codes(v.validate("exactMatchSession", {"id": None})) == [("/id", "type")]
    assert codes(v.validate("exactMatchSession", None)) == [("", "type")]


def test_collections(v: ModuleType) -> None:
    assert v.validate("exactMatchSession", {"fields": ["a", "b"]}) == []
    assert v.validate("exactMatchSession", {"fields": []}) == []
    assert v.validate("exactMatchSession", {"fields": None}) == []
    assert codes(v.validate("exactMatchSession", {"fields": "a"})) == [("/fields", "type")]
    assert codes(v.validate("exactMatchSession", {"fields": {"0": "a"}})) == [("/fields", "type")]
    assert codes(v.validate("exactMatchSession", {"fields": ["a", 5, None]})) == [
        ("/fields/1", "type")
    ]
    assert codes(v.validate("sampler", {"states": ["running", None, "x"]})) == [
        ("/states/1", "type"),
        ("/states/2", "enum"),
    ]


def test_nested_types(v: ModuleType) -> None:
    data = {
        "error": {
            "code": "E1",
            "innerError": {"errorDateTime": "yesterday", "activityId": "a"},
            "details": [{"code": "ok"}, {"code": 5, "target": "t"}],
        }
    }
    assert codes(v.validate("exactMatchSession", data)) == [
        ("/error/innerError/errorDateTime", "format"),
        ("/error/details/1/code", "type"),
    ]
    assert codes(v.validate("exactMatchSession", {"error": "boom"})) == [("/error", "type")]
    assert codes(v.validate("exactMatchSession", [])) == [("", "type")]


# --- properties ------------------------------------------------------------------------------


def test_inherited_properties_and_annotations_are_allowed(v: ModuleType) -> None:
    data = {
        "id": "s1",  # entity
        "completionDateTime": "2024-01-31T09:30:00Z",  # exactMatchJobBase
        "dataStoreId": "d",  # exactMatchSessionBase
        "fileName": "f.csv",  # exactMatchSession
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#sessions/$entity",
        "fields@odata.type": "#Collection(String)",
        "uploadAgent@odata.bind": "https://graph.microsoft.com/beta/agents/1",
    }
    assert v.validate("exactMatchSession", data) == []


def test_unknown_properties_and_pointer_escaping(v: ModuleType) -> None:
    data = {"bogus": 1, "a/b~c": 2, "error": {"x/y": 3, "~": 4}}
    issues = v.validate("exactMatchSession", data)
    assert codes(issues) == [
        ("/bogus", "unknown-property"),
        ("/a~1b~0c", "unknown-property"),
        ("/error/x~1y", "unknown-property"),
        ("/error/~0", "unknown-property"),
    ]
    assert "microsoft.graph.exactMatchSession" in issues[0].message and "bogus" in issues[0].message
    [issue] = v.validate("exactMatchSession", {"FileName": "x"})
    assert 'did you mean "fileName"' in issue.message


def test_open_type_accepts_unknown_properties(v: ModuleType) -> None:
    assert v.validate("openBag", {"name": "n", "extra": {"deep": [1]}, "more": None}) == []
    assert codes(v.validate("openBag", {"name": 5, "extra": 1})) == [("/name", "type")]
    assert codes(v.validate("sampler", {"bag": {"name": [], "x": 1}})) == [("/bag/name", "type")]


def test_every_issue_in_one_pass_in_document_order(v: ModuleType) -> None:
    data = {
        "rowsPerBlock": "many",
        "fields": ["ok", 1, 2],
        "bogus": True,
        "error": {"innerError": {"code": 5}, "details": "none"},
        "completionDateTime": "soon",
        "remainingBlockCount": 2**40,
    }
    assert codes(v.validate("exactMatchSession", data)) == [
        ("/rowsPerBlock", "type"),
        ("/fields/1", "type"),
        ("/fields/2", "type"),
        ("/bogus", "unknown-property"),
        ("/error/innerError/code", "type"),
        ("/error/details", "type"),
        ("/completionDateTime", "format"),
        ("/remainingBlockCount", "int-range"),
    ]


# --- @odata.type ----------------------------------------------------------------------------


def test_odata_type_subtype_is_accepted_and_used(v: ModuleType) -> None:
    tag = "#microsoft.graph.classificationError"
    # details is a collection of the base type; an element tagged as the subtype may use `details`
    nested = {"error": {"details": [{"@odata.type": tag, "details": [{"code": "c"}]}]}}
    assert v.validate("exactMatchSession", nested) == []
    untagged: dict[str, Any] = {"error": {"details": [{"details": []}]}}
    assert codes(v.validate("exactMatchSession", untagged)) == [
        ("/error/details/0/details", "unknown-property")
    ]
    bad = {"error": {"details": [{"@odata.type": tag, "details": [{"code": 1}]}]}}
    assert codes(v.validate("exactMatchSession", bad)) == [
        ("/error/details/0/details/0/code", "type")
    ]
    # the type itself, without '#', and a subtype at the root
    assert (
        v.validate("exactMatchSession", {"@odata.type": "#microsoft.graph.exactMatchSession"}) == []
    )
    assert (
        v.validate("exactMatchJobBase", {"@odata.type": "microsoft.graph.exactMatchSession"}) == []
    )
    assert v.validate("entity", {"@odata.type": "#exactMatchSession", "fields": ["a"]}) == []
    lookup = {"@odata.type": "#microsoft.graph.exactMatchLookupJob", "fields": ["a"]}
    assert codes(v.validate("exactMatchJobBase", lookup)) == [("/fields", "unknown-property")]


@pytest.mark.parametrize(
    "tag",
    [
        "#microsoft.graph.exactMatchLookupJob",  # a sibling
        "#microsoft.graph.exactMatchSessionBase",  # a base, not a subtype
        "#microsoft.graph.nope",  # not in the schema
        5,  # not a string
    ],
)
def test_odata_type_rejects_types_that_do_not_derive(v: ModuleType, tag: Any) -> None:
    data = {"fileName": 1, "@odata.type": tag, "fields": ["a"]}
    issues = v.validate("exactMatchSession", data)
    # reported where the tag is, and the object is still checked as the expected type
    assert codes(issues) == [("/fileName", "type"), ("/@odata.type", "odata-type")]
    assert "#microsoft.graph.exactMatchSession" in issues[1].message
    nested = {"error": {"@odata.type": "#microsoft.graph.entity"}}
    assert codes(v.validate("exactMatchSession", nested)) == [("/error/@odata.type", "odata-type")]


# --- requests -------------------------------------------------------------------------------


def test_request_body_properties(v: ModuleType) -> None:
    good = {
        "dataStoreId": "d",
        "fields": ["a"],
        "notes": "listed but undeclared",
        "x@odata.bind": 1,
    }
    assert v.validate_request(POST, good) == []
    assert v.validate_request(POST.upper(), good) == []
    issues = v.validate_request(POST, {"id": "x", "bogus": 1, "creationDateTime": "2024-01-01"})
    assert codes(issues) == [
        ("/id", "not-allowed"),  # POST: "read_only" does not apply, the body table does
        ("/bogus", "not-allowed"),  # one issue, not also unknown-property
        ("/creationDateTime", "not-allowed"),
    ]
    assert POST in issues[0].message and '"id"' in issues[0].message
    nested = {"error": {"innerError": {"code": 1}}}  # the table only governs top-level names
    assert codes(v.validate_request(POST, nested)) == [("/error/innerError/code", "type")]


def test_request_read_only_on_patch(v: ModuleType) -> None:
    assert v.validate_request(PATCH, {"fileName": "f", "@odata.type": "#exactMatchSession"}) == []
    issues = v.validate_request(PATCH, {"id": "x", "creationDateTime": 1, "bogus": 2})
    assert codes(issues) == [
        ("/id", "read-only"),
        ("/creationDateTime", "read-only"),
        ("/bogus", "unknown-property"),
    ]
    assert '"id"' in issues[0].message
    assert v.validate_request(LOOSE, {"id": "x"}) == []  # POST without a table: read_only unused


def test_request_body_presence(v: ModuleType) -> None:
    assert v.validate_request(DELETE, None) == []
    assert codes(v.validate_request(DELETE, {})) == [("", "not-allowed")]
    # an action without parameters sent {} (api/workbook-closesession.md:60): nothing is sent
    assert v.validate_request(ACTION, {}) == []
    assert codes(v.validate_request(ACTION, {"a": 1})) == [("", "not-allowed")]
    assert codes(v.validate_request(POST, None)) == [("", "required")]
    assert codes(v.validate_request(POST, [{"fileName": "f"}])) == [("", "type")]
    with pytest.raises(ValueError):
        v.validate_request("no-such-operation", {})


# --- properties of all inputs (hypothesis) --------------------------------------------------

ALL_TYPES = sorted(TYPES)
KEYS = sorted({k for t in TYPES.values() for k in t["properties"]} | {"@odata.type", "a/b~"})
TAGS = st.sampled_from(["#" + t for t in ALL_TYPES] + ["#nope", "x"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=8)
    | TAGS
    | st.sampled_from(["NaN", "2024-01-31T09:30:00Z", "PT1S", "running", "aGk="])
)
JSON = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), kids, max_size=6),
    max_leaves=25,
)


@pytest.mark.parametrize("name", ALL_TYPES + sorted(ENUMS) + ["Edm.Double"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=JSON)
def test_arbitrary_json_never_raises(v: ModuleType, name: str, data: Any) -> None:
    issues = v.validate(name, data)
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue, v.Issue) and issue.message
        assert issue.path == "" or issue.path.startswith("/")


@settings(max_examples=100, deadline=None)
@given(op=st.sampled_from(sorted(OPERATIONS)), data=JSON)
def test_arbitrary_requests_never_raise(v: ModuleType, op: str, data: Any) -> None:
    assert isinstance(v.validate_request(op, data), list)


def _ancestors(qname: str) -> list[str]:
    chain = [qname]
    while (base := TYPES[chain[-1]]["base"]) is not None:
        chain.append(base)
    return chain


def _props(qname: str) -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = {}
    for link in reversed(_ancestors(qname)):
        props.update(TYPES[link]["properties"])
    return props


def _offset(minutes: int) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(minutes=minutes))


def _duration(parts: tuple[bool, int, int, int, float]) -> str:
    negative, days, hours, minutes, seconds = parts
    time = f"{hours}H" if hours else ""
    time += f"{minutes}M" if minutes else ""
    time += f"{seconds}S" if seconds or not (days or time) else ""
    return (
        ("-" if negative else "")
        + "P"
        + (f"{days}D" if days else "")
        + ("T" + time if time else "")
    )


def _binary(raw: bytes, urlsafe: bool, strip: bool) -> str:
    text = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return text.rstrip("=") if strip else text


PRIMITIVES: dict[str, st.SearchStrategy[Any]] = {
    "Edm.String": st.text(max_size=8),
    "Edm.Stream": st.builds(_binary, st.binary(max_size=8), st.booleans(), st.booleans()),
    "Edm.Boolean": st.booleans(),
    "Edm.Byte": st.integers(0, 255),
    "Edm.SByte": st.integers(-128, 127),
    "Edm.Int16": st.integers(-(2**15), 2**15 - 1),
    "Edm.Int32": st.integers(-(2**31), 2**31 - 1),
    "Edm.Int64": st.integers(-(2**63), 2**63 - 1),
    "Edm.Double": st.floats() | st.integers() | st.sampled_from(["NaN", "INF", "-INF"]),
    "Edm.DateTimeOffset": st.builds(
        lambda d, utc: d.isoformat().replace("+00:00", "Z") if utc else d.isoformat(),
        st.datetimes(timezones=st.builds(_offset, st.integers(-23 * 60, 23 * 60))),
        st.booleans(),
    ),
    "Edm.Date": st.dates().map(datetime.date.isoformat),
    "Edm.TimeOfDay": st.times().map(datetime.time.isoformat),
    "Edm.Duration": st.tuples(
        st.booleans(),
        st.integers(0, 400),
        st.integers(0, 48),
        st.integers(0, 90),
        st.sampled_from([0, 1, 4.5, 59.25]),
    ).map(_duration),
    "Edm.Guid": st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper()),
    "Edm.Binary": st.builds(_binary, st.binary(max_size=12), st.booleans(), st.booleans()),
    "Edm.Untyped": JSON,
    G + "Json": JSON,
}
PRIMITIVES["Edm.Single"] = PRIMITIVES["Edm.Decimal"] = PRIMITIVES["Edm.Double"]


@functools.cache
def valid(name: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values that are valid for a type of the sample schema (objects nest at most 3 deep)."""
    if name in ENUMS:
        members = ENUMS[name]
        return st.sampled_from(members) | st.lists(
            st.sampled_from(members), min_size=1, max_size=3, unique=True
        ).map(",".join)
    if name not in TYPES:
        return PRIMITIVES.get(name, JSON)
    concrete = [t for t in ALL_TYPES if name in _ancestors(t) and not TYPES[t]["abstract"]]
    variants = [_object(t, depth, tagged=t != name) for t in concrete]
    return st.one_of(variants) if variants else st.just({})


def _object(qname: str, depth: int, tagged: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for key, spec in _props(qname).items():
        if spec["type"] in TYPES and depth >= 3:
            continue
        value = valid(spec["type"], depth + 1)
        if spec["collection"]:
            value = st.lists(value, max_size=3)
        optional[key] = st.none() | value if spec["nullable"] else value
    required = {"@odata.type": st.just("#" + qname)} if tagged else {}
    return st.fixed_dictionaries(required, optional=optional)


@pytest.mark.parametrize("name", ALL_TYPES + sorted(ENUMS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_valid_values_have_no_issues(v: ModuleType, name: str, data: st.DataObject) -> None:
    value = data.draw(valid(name))
    assert v.validate(name, value) == []


@pytest.mark.parametrize("name", ["Edm.DateTimeOffset", "Edm.Duration", "Edm.Binary", "Edm.Date"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_valid_formatted_strings(v: ModuleType, name: str, data: st.DataObject) -> None:
    assert v.validate(name, data.draw(PRIMITIVES[name])) == []
