"""The client reaches what the pages' examples call, where the templates write it otherwise
(issue 17): a function a template names bare, ``/me`` for ``/users/{id}``, a key in quotes, a
``~/`` root, an action written with ``()``; and the harness reads a key in parentheses and a
URL a response hands out as the service does. Each page below is generated and executed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

import pytest

from codegen import conformance
from codegen.api import parse_docs
from codegen.ir.model import Model
from tests.conftest import ROOT
from tests.support import LoopbackServer, Reply

PACKAGE = "clientpathspkg"


def api_page(
    title: str, templates: list[str], request: str, extra: str = "", response: str = ""
) -> str:
    lines = "\n".join(templates)
    reply = response or "HTTP/1.1 204 No Content"
    return f"""---
title: "{title}"
description: "{title}."
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

## HTTP request
<!-- {{ "blockType": "ignored" }} -->
``` http
{lines}
```
{extra}
## Request headers
|Name|Description|
|:---|:---|
|Authorization|Bearer {{token}}. Required.|

## Response
If successful, this method returns a `204 No Content` response code.

## Examples

### Request
<!-- {{ "blockType": "request", "name": "{title.replace(' ', '_')}" }} -->
``` http
{request}
```

### Response
<!-- {{ "blockType": "response" }} -->
``` http
{reply}
```
"""


FUNCTION_TABLE = """
## Function parameters
|Parameter|Type|Description|
|:---|:---|:---|
|on|String|Which items of the current user.|
"""

TAG_MEMBER = """---
title: "tagMember resource type"
doc_type: resourcePageType
---

# tagMember resource type

Namespace: microsoft.graph

A member of a tag.

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The id.|
|userID|String|The user ID of the member.|

## JSON representation
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.tagMember" } -->
```json
{"id": "String", "userID": "String"}
```
"""


def thing_page(name: str, rows: str, base: str = "") -> str:
    inherits = f"Inherits from [{base}]({base.lower()}.md).\n" if base else ""
    return f"""---
title: "{name} resource type"
doc_type: resourcePageType
---

# {name} resource type

Namespace: microsoft.graph

{inherits}
## Properties
|Property|Type|Description|
|:---|:---|:---|
{rows}

## JSON representation
<!-- {{ "blockType": "resource", "@odata.type": "microsoft.graph.{name}" }} -->
```json
{{"id": "String"}}
```
"""


def thing_update(name: str, body: str) -> str:
    return api_page(
        f"Update {name}",
        ["PATCH /things/{id}"],
        "PATCH https://graph.microsoft.com/beta/things/5\n"
        f"Content-Type: application/json\n\n{body}",
        "\n## Request body\nIn the request body, supply a JSON representation of an "
        f"[{name}](../resources/{name.lower()}.md) object.\n",
    )


PAGES = {
    # two updates of one path, each documented for its derived type (ipnamedlocation-update,
    # countrynamedlocation-update): one method, whose body is their common base
    "resources/namedthing.md": thing_page("namedThing", "|id|String|The id.|"),
    "resources/ipthing.md": thing_page("ipThing", "|ipRanges|String|Ranges.|", "namedThing"),
    "resources/countrything.md": thing_page(
        "countryThing", "|countries|String|Countries.|", "namedThing"
    ),
    "api/countrything-update.md": thing_update(
        "countryThing", '{"@odata.type": "#microsoft.graph.countryThing", "countries": "FR"}'
    ),
    "api/ipthing-update.md": thing_update(
        "ipThing", '{"@odata.type": "#microsoft.graph.ipThing", "ipRanges": "10.0.0.0/8"}'
    ),
    # the template names the function bare; its table and example give the parameter
    "api/widget-filterbycurrentuser.md": api_page(
        "widget filterByCurrentUser",
        ["GET /widgets/filterByCurrentUser"],
        "GET https://graph.microsoft.com/beta/widgets/filterByCurrentUser(on='owner')",
        FUNCTION_TABLE,
    ),
    # only /users/{id} is written; the example calls /me
    "api/user-list-gadgets.md": api_page(
        "List gadgets",
        ["GET /users/{id | userPrincipalName}/gadgets"],
        "GET https://graph.microsoft.com/beta/me/gadgets",
    ),
    # a key placeholder in quotes: the service takes the key as the segment
    "api/gadgetkey-get.md": api_page(
        "Get gadgetKey",
        ["GET /gadgetKeys/'{gadgetKeyId}'"],
        "GET https://graph.microsoft.com/beta/gadgetKeys/b465e4e8",
    ),
    # a template from the service root ~/
    "api/gizmo-delete.md": api_page(
        "Delete gizmo",
        ["DELETE ~/gizmoProfiles/{publishingType}/gizmos/{id}"],
        "DELETE https://graph.microsoft.com/beta/gizmoProfiles/provisioning/gizmos/42",
    ),
    # an action written with (), called bare
    "api/gizmo-regenerate.md": api_page(
        "gizmo regenerate",
        ["POST /gizmos/{gizmo-id}/regenerate()"],
        "POST https://graph.microsoft.com/beta/gizmos/7/regenerate",
    ),
    # the key in parentheses, OData's other spelling of /gadgets/{id}
    "api/gadget-delete.md": api_page(
        "Delete gadget",
        ["DELETE /me/gadgets/{id}"],
        "DELETE https://graph.microsoft.com/beta/me/gadgets('AAMk=')",
    ),
    # a PUT to the upload URL the page's own response hands out: not a Graph request
    "api/gadget-upload.md": api_page(
        "gadget upload",
        ["POST /gadgets/{id}/upload"],
        "PUT https://up.example-storage.test/rup/abc\nContent-Length: 3\n\nabc",
        response="HTTP/1.1 200 OK\nContent-Type: application/json\n\n"
        '{"uploadUrl": "https://up.example-storage.test/rup/abc"}',
    ),
    # the response spells userId too (api/teamworktagmember-list.md)
    "api/tagmember-get.md": api_page(
        "Get tagMember",
        ["GET /tags/{tag-id}/members/{member-id}"],
        "GET https://graph.microsoft.com/beta/tags/7/members/8",
        response='HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"userId": "u1"}',
    )
    .replace(
        "`204 No Content` response code.",
        "`200 OK` response code and a "
        "[tagMember](../resources/tagmember.md) object in the response body.",
    )
    .replace(
        '{ "blockType": "response" }',
        '{ "blockType": "response", "@odata.type": "microsoft.graph.tagMember" }',
    ),
    # a reference added: OData's body, {"@odata.id": url}, which the page states in prose
    "api/gadget-post-owners.md": api_page(
        "Add gadget owner",
        ["POST /gadgets/{id}/owners/$ref"],
        "POST https://graph.microsoft.com/beta/gadgets/9/owners/$ref\n"
        "Content-Type: application/json\n\n"
        '{"@odata.id": "https://graph.microsoft.com/beta/directoryObjects/1"}',
        "\n## Request body\nIn the request body, supply the identifier of the owner (using an "
        "`@odata.id` property).\n",
    ),
    # the resource table spells userID, the example body userId (api/teamworktag-post-members.md)
    "resources/tagmember.md": TAG_MEMBER,
    "api/tag-post-members.md": api_page(
        "Create tagMember",
        ["POST /tags/{tag-id}/members"],
        "POST https://graph.microsoft.com/beta/tags/7/members\n"
        'Content-Type: application/json\n\n{"userId": "u1"}',
        "\n## Request body\nIn the request body, supply a JSON representation of a "
        "[tagMember](../resources/tagmember.md) object.\n\n"
        "|Property|Type|Description|\n|:---|:---|:---|\n|userId|String|The user's id.|\n",
    ),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Model, ModuleType]]:
    root = tmp_path_factory.mktemp("client-paths")
    for name, text in PAGES.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = root / "out"
    conformance.generate_with_cli([root / "docs"], out, PACKAGE, cwd=ROOT)
    model = parse_docs([root / "docs"], root, cache=False)
    package = conformance.import_package(out, PACKAGE)
    yield model, package
    conformance.forget_package(out, PACKAGE)


@pytest.fixture(scope="module")
def outcomes(generated: tuple[Model, ModuleType]) -> dict[str, conformance.Outcome]:
    model, package = generated
    server = LoopbackServer()
    try:
        found = conformance.Harness(model, package, server, Reply).run()
    finally:
        server.close()
    return {o.where.split(":")[0].rsplit("/", 1)[-1]: o for o in found}


@pytest.mark.parametrize(
    ("page", "calls"),
    [
        ("widget-filterbycurrentuser.md", "client.widgets.filter_by_current_user("),
        ("user-list-gadgets.md", "client.me.gadgets.list("),
        ("gadgetkey-get.md", "client.gadget_keys.by_id("),
        ("gizmo-delete.md", "client.gizmo_profiles.by_id("),
        ("gizmo-regenerate.md", ".regenerate("),
        ("gadget-delete.md", "client.me.gadgets.by_id("),
        ("countrything-update.md", "client.things.by_id("),
        ("ipthing-update.md", "client.things.by_id("),
    ],
)
def test_the_example_request_is_rebuilt(
    outcomes: dict[str, conformance.Outcome], page: str, calls: str
) -> None:
    outcome = outcomes[page]
    request = outcome.stages["request"]
    assert request.status == conformance.PASS, (request.reason, request.detail)
    assert calls in outcome.calls


def test_the_function_takes_the_tables_parameter(generated: tuple[Model, ModuleType]) -> None:
    _, package = generated
    server = LoopbackServer()
    server.routes = {}
    try:
        client = package.GraphClient(base_url=server.url, token="t")
        with pytest.raises(package.GraphError):
            client.widgets.filter_by_current_user(on="approver")
        sent = unquote(urlsplit(server.seen[-1].path).path)
        assert sent.endswith("/widgets/filterByCurrentUser(on='approver')")
    finally:
        server.close()


def test_a_url_the_response_hands_out_is_not_a_client_request(
    outcomes: dict[str, conformance.Outcome],
) -> None:
    request = outcomes["gadget-upload.md"].stages["request"]
    assert request.status == conformance.NA
    assert request.reason == "url-handed-out"
    assert "up.example-storage.test" in request.detail


def test_a_renamed_body_property_names_the_row_that_spells_it(
    outcomes: dict[str, conformance.Outcome],
) -> None:
    """The client sends the model's spelling; the failure names the table row lint's
    property-spelling reports, so attribution can find it."""
    request = outcomes["tag-post-members.md"].stages["request"]
    assert request.reason == "body-differs"
    assert request.detail.startswith("/userId: renamed to 'userID'")
    assert "[docs: userID at " in request.detail
    assert request.detail.endswith("resources/tagmember.md:16]")


def test_a_reference_body_is_the_one_a_ref_path_takes(
    outcomes: dict[str, conformance.Outcome],
) -> None:
    stages = outcomes["gadget-post-owners.md"].stages
    assert stages["request"].status == conformance.PASS, stages["request"]
    assert stages["validate_request"].status == conformance.PASS, stages["validate_request"]


def test_a_renamed_response_property_names_the_row_too(
    outcomes: dict[str, conformance.Outcome],
) -> None:
    response = outcomes["tagmember-get.md"].stages["response"]
    assert response.reason == "round-trip-differs"
    assert response.detail.startswith("/userId: renamed to 'userID'")
    assert response.detail.endswith("resources/tagmember.md:16]")


def test_a_reference_body_adds_no_property_to_the_entity(tmp_path: Path) -> None:
    """api/accesspackage-post-incompatiblegroup.md: a POST to .../$ref whose prose links the
    referenced type took its {"@odata.id": url} body for a property of group (15 beta types
    gained an "@odata.id" the CSDL does not have)."""
    page = api_page(
        "Add incompatible widget",
        ["POST /gizmos/{id}/incompatibleWidgets/$ref"],
        "POST https://graph.microsoft.com/beta/gizmos/9/incompatibleWidgets/$ref\n"
        "Content-Type: application/json\n\n"
        '{"@odata.id": "https://graph.microsoft.com/beta/widgets/1"}',
        "\n## Request body\nIn the request body, supply a JSON representation of a "
        "[widget](../resources/widget.md) object with an `@odata.id` property.\n",
    )
    docs = tmp_path / "docs"
    for name, text in {
        "api/gizmo-post-incompatiblewidget.md": page,
        "resources/widget.md": thing_page("widget", "|id|String|The id.|\n|size|Int32|Size.|"),
    }.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    model = parse_docs([docs], tmp_path, cache=False)
    [op] = model.operations
    assert op.request_body_type is not None and op.request_body_type.name == "widget"
    assert [p.name for p in op.parameters if p.location == "body"] == ["@odata.id"]
    widget = model.type("widget")
    assert widget is not None and [p.name for p in widget.properties] == ["id", "size"]
