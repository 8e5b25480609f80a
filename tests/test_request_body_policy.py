"""Issue 17, item 3: ``validate_request`` accepts the valid bodies of the docs' examples.

A create or update of an entity takes any property of it (a PATCH: any it may write), whatever
few its page's Request body table lists (api/accessreview-create.md:81 sends ``reviewers``,
unlisted); an action's parameters are matched regardless of case, as the service does
(api/user-sendmail.md:77 sends ``message`` where the table says ``Message``); what stays wrong
is reported by lint at the example's line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from codegen.generate.model_specs import enum_specs, model_specs, type_names
from codegen.generate.schema import entity_body, operation_table, schema_tables, stated_read_only
from codegen.ir.model import Model
from codegen.ir.operation import Parameter
from codegen.lint.runner import LintOptions, run_lint
from codegen.runtime.validators import Schema
from tests.test_lint_rules import (
    _API,
    _RESOURCE,
    ARCHIVE,
    ARCHIVE_PAGE,
    JSON,
    LINK,
    ONE,
    RETURNS,
    L,
    U,
    W,
    _api,
    write_docs,
)

POST = "exactmatchdatastore-post-sessions"
PATCH = "exactmatchsession-update"


def _package_schema(model: Model) -> Schema:
    names = type_names(model)
    tables = schema_tables(model, model_specs(model, names), enum_specs(model, names), package=True)
    return Schema(tables["types"], tables["enums"], tables["operations"])


def _codes(issues: list[object]) -> list[tuple[str, str]]:
    return [(i.path, i.code) for i in issues]  # type: ignore[attr-defined]


def test_a_create_takes_any_property_of_its_entity(seed_model: Model) -> None:
    schema = _package_schema(seed_model)
    assert schema.operations[POST]["closed_body"] is False
    assert "id" not in (schema.operations[POST]["body_properties"] or ())
    # a create may name its new key though the table lists no "id"
    assert schema.validate_request(POST, {"id": "x", "fileName": "f"}) == []
    # what the entity lacks is still wrong, as an unknown property of it
    assert _codes(schema.validate_request(POST, {"bogus": 1})) == [("/bogus", "unknown-property")]
    assert schema.operations[PATCH]["closed_body"] is False


def test_an_action_table_on_a_create_page_keeps_its_parameters(seed_model: Model) -> None:
    """api/workbook-post-tables.md: POST .../tables/add, a "create", takes ``address`` and
    ``hasHeaders``, the parameters of an action, no workbookTable: its table is the body. A
    table listing some names the type lacks is still the entity's (api/place-update.md lists
    room's properties beside place's)."""
    op = seed_model.operation(POST)
    assert op is not None and entity_body(seed_model, op) == "microsoft.graph.exactMatchSession"
    foreign = Parameter(name="hasHeaders", location="body", source=op.source)
    mixed = replace(op, parameters=(*op.parameters, foreign))
    assert entity_body(seed_model, mixed) is None  # lint reads no such body as the entity
    assert entity_body(seed_model, mixed, every=False) == "microsoft.graph.exactMatchSession"
    only = replace(op, parameters=(foreign,))
    for changed, closed in ((mixed, False), (only, True)):
        model = replace(
            seed_model,
            operations=tuple(changed if o.id == POST else o for o in seed_model.operations),
        )
        names = type_names(model)
        table, _ = operation_table(model, model_specs(model, names), model_spellings=True)
        assert table[POST]["closed_body"] is closed


ACTION = "user-sendmail"
TYPES = {
    "#request-body:user-sendmail": {
        "name": ACTION,
        "base": None,
        "open": False,
        "abstract": False,
        "properties": {
            "Message": {
                "type": "Edm.String",
                "collection": False,
                "nullable": True,
                "read_only": False,
            },
            "SaveToSentItems": {
                "type": "Edm.Boolean",
                "collection": False,
                "nullable": True,
                "read_only": False,
            },
        },
    }
}
OPERATIONS = {
    ACTION: {
        "method": "POST",
        "path": "/me/sendMail",
        "body_type": "#request-body:user-sendmail",
        "body_properties": ["Message", "SaveToSentItems"],
        "read_only": [],
    }
}


def test_action_parameters_match_regardless_of_case() -> None:
    schema = Schema(TYPES, {}, OPERATIONS)
    assert schema.validate_request(ACTION, {"message": "hi", "saveToSentItems": True}) == []
    # the parameter's type still applies under the other spelling
    assert _codes(schema.validate_request(ACTION, {"saveToSentItems": "yes"})) == [
        ("/saveToSentItems", "type")
    ]
    # a name no parameter has, in any case, is not accepted: the table is closed
    assert _codes(schema.validate_request(ACTION, {"atAprovedLocation": True})) == [
        ("/atAprovedLocation", "not-allowed")
    ]


def _lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edits: tuple) -> list[object]:  # type: ignore[type-arg]
    monkeypatch.chdir(tmp_path)
    write_docs(tmp_path, edits)
    return list(run_lint(LintOptions(paths=(Path("docs"),))))


def test_an_update_page_that_links_no_type_has_its_example_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/authorizationpolicy-update.md:81 sends ``guestUserRole`` (the table says
    guestUserRoleId) and links no type in its Request body section: the body is still an
    authorizationPolicy, and lint says so where validate_request fails."""
    unlinked = (U, f"a JSON representation of the {LINK} object", "the values to change")
    hits = [
        d
        for d in _lint(tmp_path, monkeypatch, (unlinked,))
        if d.rule == "example-property-undocumented"  # type: ignore[attr-defined]
    ]
    assert hits == []
    bogus = (U, '"size": 42\n}', '"size": 42,\n  "sizeInches": 3\n}')
    hits = [
        d
        for d in _lint(tmp_path, monkeypatch, (unlinked, bogus))
        if d.rule == "example-property-undocumented"  # type: ignore[attr-defined]
    ]
    assert [(d.source.file, "'sizeInches'" in d.message) for d in hits] == [(U, True)]  # type: ignore[attr-defined]


REPORT = "docs/api/widget-getcounts.md"


def _report_page(annotation: str) -> str:
    page = _API.format(
        title="widget: getCounts",
        method="GET",
        path="/getCounts",
        name="widget_getcounts",
        response="If successful, this method returns a `200 OK` response code and a Stream.",
        status="HTTP/1.1 200 OK\nContent-Type: text/csv\n\nDate,Count",
        scope="Read.All",
        request="",
        body="Don't supply a request body for this method.",
        example_path="/getCounts",
        content_type="",
        odata=', "@odata.type": "stream"',
    )
    json_body = (
        '{\n  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection('
        'microsoft.graph.widget)",\n  "value": [\n    ' + ONE.replace("\n", "\n    ") + "\n  ]\n}"
    )
    return page + (
        "\n### Request (JSON)\n"
        '<!-- { "blockType": "request", "name": "widget_getcounts_json" } -->\n'
        "```http\nGET https://graph.microsoft.com/v1.0/widgets/getCounts?$format=application/json\n"
        "```\n\n### Response (JSON)\n"
        f'<!-- {{ "blockType": "response", "truncated": true, {annotation} }} -->\n'
        f"```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{json_body}\n```\n"
    )


def test_a_collection_annotated_as_one_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/reportroot-getemailactivitycounts.md:163: the JSON form of a report is a collection
    (its @odata.context says so), annotated with the items' type but no "isCollection"."""
    one = '"@odata.type": "microsoft.graph.widget"'
    page = (REPORT, None, _report_page(one))
    hits = [
        d
        for d in _lint(tmp_path, monkeypatch, (page,))
        if d.rule == "response-shape-mismatch"  # type: ignore[attr-defined]
    ]
    assert len(hits) == 1 and '"isCollection": true' in hits[0].message  # type: ignore[attr-defined]
    assert hits[0].source.file == REPORT  # type: ignore[attr-defined]
    fixed = (REPORT, None, _report_page(one + ', "isCollection": true'))
    assert not [
        d
        for d in _lint(tmp_path, monkeypatch, (fixed,))
        if d.rule == "response-shape-mismatch"  # type: ignore[attr-defined]
    ]


def _archive_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
) -> list[tuple[str, str]]:
    page = ARCHIVE_PAGE.replace('"reason": "Retired by the owner."', body)
    return [
        (d.rule, d.message)  # type: ignore[attr-defined]
        for d in _lint(tmp_path, monkeypatch, ((ARCHIVE, None, page),))
        if d.source.file == ARCHIVE and d.rule.startswith("example-")  # type: ignore[attr-defined]
    ]


def test_an_action_example_is_checked_against_its_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/timecard-clockin.md:76 sends ``atAprovedLocation`` (the table: atApprovedLocation),
    api/group-evaluatedynamicmembership.md:92 a string for a String collection: what
    validate_request rejects, lint reports at the example's line."""
    assert _archive_findings(tmp_path, monkeypatch, '"reason": "Retired by the owner."') == []
    # the service matches parameter names regardless of case: no finding
    assert _archive_findings(tmp_path, monkeypatch, '"Reason": "Retired by the owner."') == []
    [(rule, message)] = _archive_findings(tmp_path, monkeypatch, '"reasn": "Retired."')
    assert rule == "example-property-undocumented" and "'reasn'" in message
    assert "'reason'" in message  # what the table lists
    [(rule, _)] = _archive_findings(tmp_path, monkeypatch, '"reason": 42')
    assert rule == "example-value-type"


@pytest.mark.parametrize(
    ("description", "stated"),
    [
        ("Immutable. Read-only.", True),  # resources/application.md: uniqueName
        ("Optional. **Read-only**.", True),
        ("This property is read-only.", True),
        ("The description for the unifiedRoleDefinition. Read-only when isBuiltIn is true.", False),
        ("The telephone numbers. Read-only for users synced from on-premises directory.", False),
        ("Indicates if the rule is read-only and cannot be modified or deleted.", False),
        (
            "Determines if this is Microsoft Proprietary Script. Proprietary scripts are read-only",
            False,
        ),
    ],
)
def test_what_a_description_says_is_read_only(description: str, stated: bool) -> None:
    assert stated_read_only(description) is stated


SETS_CREATED = (U, '"size": 42\n}', '"size": 42,\n  "createdDateTime": "2024-05-01T10:00:00Z"\n}')


def test_a_conditionally_read_only_property_may_be_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/user-update.md:111 sets businessPhones, "Read-only for users synced from
    on-premises directory": neither lint nor validate_request calls that read-only."""

    def patch_findings(edits: tuple) -> list[object]:  # type: ignore[type-arg]
        return [
            d
            for d in _lint(tmp_path, monkeypatch, edits)
            if d.rule == "patch-read-only-property"  # type: ignore[attr-defined]
        ]

    assert len(patch_findings((SETS_CREATED,))) == 1
    conditional = (
        W,
        "When the widget was created. Read-only.|",
        "When the widget was created. Read-only when the widget is archived.|",
    )
    assert patch_findings((SETS_CREATED, conditional)) == []


def _read_only_as(model: Model, name: str, description: str) -> Model:
    """The seed model with exactMatchSession's ``name`` read-only as ``description`` says."""

    def changed(t):  # type: ignore[no-untyped-def]
        if t.name != "exactMatchSession":
            return t
        props = tuple(
            replace(p, read_only=True, description=description) if p.name == name else p
            for p in t.properties
        )
        return replace(t, properties=props)

    return replace(model, types=tuple(changed(t) for t in model.types))


@pytest.mark.parametrize(
    ("name", "description", "refused"),
    [
        ("salt", "Read-only.", True),
        ("salt", "Read-only when committed.", False),
        # the update page's own table offers fileName: the operation says it may set it
        ("fileName", "Read-only.", False),
    ],
)
def test_validate_request_reads_read_only_as_the_docs_state_it(
    seed_model: Model, name: str, description: str, refused: bool
) -> None:
    model = _read_only_as(seed_model, name, description)
    names = type_names(model)
    table, _ = operation_table(model, model_specs(model, names), model_spellings=True)
    assert (name in table[PATCH]["body_properties"]) is (name == "fileName")  # offered or not
    assert (name in table[PATCH]["read_only"]) is refused


@pytest.mark.parametrize(
    ("tag", "suggestion"),
    [
        ("#Microsoft.OutlookServices.Widget", "#microsoft.graph.widget"),
        ("Microsoft.Teams.GraphSvc.widget", "microsoft.graph.widget"),
        ("#Microsoft.OutlookServices.Gizmo", None),  # no such type anywhere: nothing to say
        ("#graph.widget", None),  # the short alias of microsoft.graph
        ("#oneDrive.widget", None),  # a namespace of its own (site-follow's #oneDrive.error)
    ],
)
def test_an_odata_type_in_a_service_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str, suggestion: str | None
) -> None:
    """api/eventmessage-post-attachments.md:122 posts "#Microsoft.OutlookServices.ItemAttachment",
    api/chat-sendactivitynotification.md:161 "Microsoft.Teams.GraphSvc.aadUserNotificationRecipient":
    no client finds those types; the docs define them in microsoft.graph."""
    edit = (U, '"size": 42\n}', f'"size": 42,\n  "@odata.type": "{tag}"\n}}')
    hits = [
        d
        for d in _lint(tmp_path, monkeypatch, (edit,))
        if d.rule == "odata-type-unknown"  # type: ignore[attr-defined]
    ]
    assert [d.suggestion for d in hits] == ([suggestion] if suggestion else [])  # type: ignore[attr-defined]


def test_json_holds_any_value_even_where_the_tables_list_a_json_type() -> None:
    """api/range-update.md:64 sends ``"values": [[...]]``, api/chartcollection-add.md:58
    ``"sourceData": "A1:B1"``: the generated package lists microsoft.graph.Json as a type (of
    no properties), which made every non-object value a type error."""
    json_type = {"name": "Json", "base": None, "open": False, "abstract": False, "properties": {}}
    holder = {
        "name": "range",
        "base": None,
        "open": False,
        "abstract": False,
        "properties": {
            "values": {
                "type": "microsoft.graph.Json",
                "collection": False,
                "nullable": True,
                "read_only": False,
            }
        },
    }
    schema = Schema({"microsoft.graph.Json": json_type, "microsoft.graph.range": holder}, {}, {})
    for value in ([["a", 1]], "A1:B1", 3, {"any": "object"}, None):
        assert schema.validate("range", {"values": value}) == [], value


def test_an_odata_type_the_docs_do_not_derive_from_the_expected_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/event-post-attachments.md:151 posts an ``event`` as itemAttachment.item, an
    outlookItem, and resources/event.md names no base: validate_request refuses it, and lint
    says which page to correct."""

    def hits(tag: str) -> list[str]:
        edit = (U, '"size": 42\n}', f'"size": 42,\n  "part": {{"@odata.type": "{tag}"}}\n}}')
        return [
            d.message  # type: ignore[attr-defined]
            for d in _lint(tmp_path, monkeypatch, (edit,))
            if d.rule == "example-value-type"  # type: ignore[attr-defined]
        ]

    [message] = hits("#microsoft.graph.widget")
    assert "names widget" in message and "do not derive from widgetPart" in message
    assert hits("#microsoft.graph.widgetPart") == []
    assert hits("#microsoft.graph.WidgetPart") == []  # its case is odata-type-case's


GADGET = "docs/resources/gadget.md"
GADGET_PAGE = (
    _RESOURCE.format(name="gadget", desc="A widget with a motor.")
    + "\nInherits from [widget](widget.md).\n\n## Properties\n"
    + "|Property|Type|Description|\n|:---|:---|:---|\n|motorSpeed|Int32|Turns a minute.|\n"
)


def test_a_list_item_of_a_derived_type_without_its_odata_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/device-list-memberof.md:183: a directoryObject list whose items carry a group's
    properties and none of directoryObject's, with no @odata.type to say so."""

    def hits(item: str) -> list[str]:
        listed = (L, ONE.replace("\n", "\n    "), item)
        return [
            d.message  # type: ignore[attr-defined]
            for d in _lint(tmp_path, monkeypatch, ((GADGET, None, GADGET_PAGE), listed))
            if d.rule == "example-property-undocumented"  # type: ignore[attr-defined]
        ]

    [message] = hits('{"motorSpeed": 12}')
    assert "no @odata.type" in message and "motorSpeed" in message
    assert hits('{"@odata.type": "#microsoft.graph.gadget", "motorSpeed": 12}') == []
    assert hits('{"displayName": "Blue", "motorSpeed": 12}') == []  # a widget's property too


LID = "docs/resources/lidpart.md"
LID_PAGE = (
    _RESOURCE.format(name="lidPart", desc="The lid of a widget.")
    + "\nInherits from [widgetPart](widgetpart.md).\n\n## Properties\n"
    + "|Property|Type|Description|\n|:---|:---|:---|\n|hinge|String|The hinge.|\n"
)


def test_a_nested_object_of_a_derived_type_without_its_odata_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/accessreviewscheduledefinition-update.md:84 sends a scope with an
    accessReviewQueryScope's query and queryType and no @odata.type: validate_request reads an
    accessReviewScope, which has neither."""

    def hits(part: str) -> list[str]:
        edit = (U, '"size": 42\n}', f'"size": 42,\n  "part": {part}\n}}')
        return [
            d.message  # type: ignore[attr-defined]
            for d in _lint(tmp_path, monkeypatch, ((LID, None, LID_PAGE), edit))
            if d.rule == "example-property-undocumented"  # type: ignore[attr-defined]
        ]

    [message] = hits('{"hinge": "brass"}')
    assert "this widgetPart has none of its properties" in message
    assert hits('{"@odata.type": "#microsoft.graph.lidPart", "hinge": "brass"}') == []


def test_a_list_page_whose_example_shows_one_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api/user-list-manager.md:118: "List manager" answers one directoryObject, annotated as
    one; api/orgcontact-get-manager.md:98 says "collection of directoryObject" in its Response
    section. A reader of the title or the prose expects {"value": [...]}."""
    one = _api(
        "List widgets",
        "GET",
        "",
        "list_widgets",
        RETURNS.format("200 OK", f"a {LINK} object"),
        JSON.format("200 OK") + ONE,
        example_path="",
    )

    def hits(page: str) -> list[str]:
        return [
            d.message  # type: ignore[attr-defined]
            for d in _lint(tmp_path, monkeypatch, ((L, None, page),))
            if d.rule == "response-shape-mismatch"  # type: ignore[attr-defined]
        ]

    [message] = hits(one)
    assert "a list of widget (its title)" in message and "one object" in message
    assert hits(one.replace("List widgets", "Get widgets")) == []
