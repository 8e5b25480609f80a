"""How pages are reconciled into one model: namespace-qualified types, merge precedence,
links and case-insensitive references, annotation-first response types, open types and
navigation properties, each on a minimal page set."""

from __future__ import annotations

from pathlib import Path

from codegen.api import parse_docs
from codegen.generate.model_specs import model_specs, type_names
from codegen.ir.model import Model


def resource(
    name: str,
    rows: list[tuple[str, str]],
    namespace: str = "microsoft.graph",
    odata: str | None = None,
    relationships: list[tuple[str, str]] = (),  # type: ignore[assignment]
    intro: str = "",
) -> str:
    """A resource page in the docs' layout."""
    props = "\n".join(f"| {n} | {t} | The {n}. |" for n, t in rows)
    rels = "\n".join(f"| {n} | {t} | The {n}. |" for n, t in relationships)
    annotation = f', "@odata.type": "{odata}"' if odata else ""
    out = f"""---
title: "{name} resource type"
doc_type: resourcePageType
---

# {name} resource type

Namespace: {namespace}

{intro}

## Properties

| Property | Type | Description |
|:---|:---|:---|
{props}
"""
    if rels:
        out += f"""
## Relationships

| Relationship | Type | Description |
|:---|:---|:---|
{rels}
"""
    out += f"""
## JSON representation

<!-- {{ "blockType": "resource"{annotation} }} -->
```json
{{}}
```
"""
    return out


def api_page(title: str, url: str, prose: str, annotation: str, body: str) -> str:
    """A GET API page with one example."""
    return f"""---
title: "{title}"
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

## HTTP request

```http
GET {url}
```

## Response

If successful, this method returns a `200 OK` response code and {prose} in the response body.

## Example

### Request

<!-- {{ "blockType": "request", "name": "example" }} -->
```http
GET https://graph.microsoft.com/beta{url}
```

### Response

<!-- {{ "blockType": "response"{annotation} }} -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{body}
```
"""


def build(tmp_path: Path, pages: dict[str, str]) -> Model:
    docs = tmp_path / "docs"
    for rel, text in pages.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return parse_docs([docs])


def names(model: Model, name: str) -> set[str]:
    t = model.type(name)
    assert t is not None, name
    return {p.name for p in t.properties}


def test_types_are_keyed_by_their_qualified_name(tmp_path: Path) -> None:
    model = build(
        tmp_path,
        {
            # sorts first by path: it must not shadow microsoft.graph.endpoint
            "resources/callrecords-endpoint.md": resource(
                "endpoint",
                [("userAgent", "String")],
                "microsoft.graph.callRecords",
                "microsoft.graph.callRecords.endpoint",
            ),
            "resources/endpoint.md": resource(
                "endpoint", [("capability", "String"), ("providerId", "String")]
            ),
            # no annotation: the Namespace line gives the namespace
            "resources/ediscovery-custodian.md": resource(
                "custodian", [("email", "String")], "microsoft.graph.ediscovery"
            ),
            "resources/enums-callrecords.md": """---
title: "callRecords enum values"
doc_type: enumPageType
---

# callRecords enum values

Namespace: microsoft.graph.callRecords

### callType values

| Member |
|:---|
| unknown |
| groupCall |
""",
        },
    )
    assert names(model, "endpoint") == {"capability", "providerId"}
    assert names(model, "microsoft.graph.callRecords.endpoint") == {"userAgent"}
    assert [t.qualified_name for t in model.types_named("endpoint")] == [
        "microsoft.graph.endpoint",
        "microsoft.graph.callRecords.endpoint",
    ]
    custodian = model.type("custodian")
    assert custodian is not None
    assert custodian.qualified_name == "microsoft.graph.ediscovery.custodian"
    assert model.type("microsoft.graph.custodian") is None
    call_type = model.enum("callType")
    assert call_type is not None
    assert call_type.qualified_name == "microsoft.graph.callRecords.callType"


def test_the_page_named_after_a_type_wins_and_other_pages_merge_into_it(tmp_path: Path) -> None:
    model = build(
        tmp_path,
        {
            "resources/intune-shared-user.md": resource(
                "user", [("deviceEnrollmentLimit", "Int32")], odata="microsoft.graph.user"
            ),
            "resources/user.md": resource(
                "user",
                [("displayName", "String"), ("mail", "String")],
                odata="microsoft.graph.user",
                relationships=[("manager", "[directoryObject](directoryobject.md)")],
            ),
        },
    )
    user = model.type("user")
    assert user is not None
    assert user.source.file.endswith("resources/user.md")
    assert [p.name for p in user.properties] == ["displayName", "mail", "deviceEnrollmentLimit"]
    assert [n.name for n in user.navigation_properties] == ["manager"]
    conflict = next(c for c in model.conflicts if c.kind == "type-page")
    assert conflict.subject == "microsoft.graph.user"
    assert conflict.chosen.endswith("resources/user.md")
    assert [s.source.file.rsplit("/", 1)[-1] for s in conflict.sides] == [
        "user.md",
        "intune-shared-user.md",
    ]
    duplicate = next(d for d in model.diagnostics if d.rule == "type-duplicate")
    assert duplicate.source.file.endswith("intune-shared-user.md")


def test_references_resolve_by_link_then_case_insensitively(tmp_path: Path) -> None:
    model = build(
        tmp_path,
        {
            "resources/chatmessage.md": resource("chatMessage", [("body", "String")]),
            "resources/message.md": resource("message", [("subject", "String")]),
            "resources/responsestatus.md": resource("responseStatus", [("time", "String")]),
            "resources/holder.md": resource(
                "holder",
                [
                    ("reply", "[message](chatmessage.md)"),
                    ("status", "[ResponseStatus](responsestatus.md)"),
                    ("statuses", "ResponseStatus collection"),
                ],
            ),
        },
    )
    holder = model.type("holder")
    assert holder is not None
    refs = {p.name: p.type for p in holder.properties}
    assert refs["reply"] is not None and refs["reply"].name == "chatMessage"
    assert refs["status"] is not None and refs["status"].name == "responseStatus"
    assert refs["status"].raw == "[ResponseStatus](responsestatus.md)"  # the docs' spelling
    assert refs["statuses"] is not None
    assert (refs["statuses"].name, refs["statuses"].collection) == ("responseStatus", True)
    assert model.type("ResponseStatus") is model.type("responseStatus")
    assert not [t for t in model.types if t.name == "ResponseStatus"]  # no placeholder


def test_response_annotations_bind_the_response_type(tmp_path: Path) -> None:
    item = '{"@odata.type": "#microsoft.graph.mailRequest", "id": "1"}'
    model = build(
        tmp_path,
        {
            "resources/chatmessage.md": resource("chatMessage", [("body", "String")]),
            "resources/message.md": resource("message", [("subject", "String")]),
            "resources/educationuser.md": resource("educationUser", [("id", "String")]),
            "resources/request.md": resource("request", [("id", "String")]),
            "resources/mailrequest.md": """---
title: "mailRequest resource type"
doc_type: resourcePageType
---

# mailRequest resource type

Namespace: microsoft.graph

Inherits from [request](request.md).

## Properties

| Property | Type | Description |
|:---|:---|:---|
| sender | String | The sender. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.mailRequest",
       "baseType": "microsoft.graph.request" } -->
```json
{}
```
""",
            # prose links the Outlook message page; the annotation says chatMessage
            "api/chatmessage-get-reply.md": api_page(
                "Get reply",
                "/chats/{id}/messages/{id}/replies/{id}",
                "a [message](../resources/message.md) object",
                ', "@odata.type": "microsoft.graph.chatMessage"',
                '{"body": "hi"}',
            ),
            "api/educationuser-delta.md": api_page(
                "educationUser: delta",
                "/education/users/delta()",
                "an [educationUser](../resources/educationuser.md) object",
                ', "@odata.type": "microsoft.graph.educationUser", "isCollection": true',
                '{"value": [{"id": "1"}]}',
            ),
            # the example's item is of a derived type: the operation keeps the base type
            "api/request-get.md": api_page(
                "Get request",
                "/requests/{id}",
                "a [request](../resources/request.md) object",
                ', "@odata.type": "microsoft.graph.mailRequest"',
                item,
            ),
        },
    )
    reply = model.operation("chatmessage-get-reply")
    assert reply is not None and reply.response_type is not None
    assert reply.response_type.name == "chatMessage"
    conflict = next(c for c in model.conflicts if c.kind == "response-type")
    assert (conflict.subject, conflict.chosen) == (
        "chatmessage-get-reply.response",
        "microsoft.graph.chatMessage",
    )
    delta = model.operation("educationuser-delta")
    assert delta is not None and delta.response_type is not None
    assert (delta.response_type.name, delta.response_type.collection) == ("educationUser", True)
    assert delta.kind == "function"
    get = model.operation("request-get")
    assert get is not None and get.response_type is not None
    assert get.response_type.name == "request"
    assert get.examples[0].response_type == "microsoft.graph.mailRequest"


def test_open_types_and_navigation_properties(tmp_path: Path) -> None:
    model = build(
        tmp_path,
        {
            "resources/plannerassignments.md": resource(
                "plannerAssignments", [], intro="This type is an open type."
            ),
            "resources/agent.md": resource("agent", [("id", "String")]),
            "resources/session.md": resource(
                "session",
                [("id", "String")],
                relationships=[("uploadAgent", "[agent](agent.md)")],
            ),
        },
    )
    assignments = model.type("plannerAssignments")
    assert assignments is not None and assignments.open_type is True
    session = model.type("session")
    assert session is not None and session.open_type is None
    specs = {s.docs_name: s for s in model_specs(model, type_names(model))}
    field = next(f for f in specs["session"].fields if f.wire == "uploadAgent")
    assert (field.name, field.kind.annotation) == ("upload_agent", "models.Agent")


def test_model_indexes_bare_and_qualified_names(seed_model: Model) -> None:
    session = seed_model.type("exactMatchSession")
    assert session is not None
    assert session.qualified_name == "microsoft.graph.exactMatchSession"
    assert seed_model.type("microsoft.graph.exactMatchSession") is session
    assert seed_model.type("#microsoft.graph.exactmatchsession") is session
    assert [t.name for t in seed_model.ancestors("exactMatchSession")] == [
        "exactMatchSessionBase",
        "exactMatchJobBase",
        "entity",
    ]


def test_a_primitive_response_annotation_makes_no_type(tmp_path: Path) -> None:
    # api/contenttype-ispublished.md: "@odata.type": "Edm.String" on a {"value": ...} body once
    # made a structured type Edm.String, and every string in every example was then "not an object"
    page = api_page(
        "widget: isPublished",
        "/widgets/{id}/isPublished",
        "a Boolean",
        ', "@odata.type": "Edm.Boolean"',
        '{\n  "value": true\n}',
    )
    other = api_page(
        "Get widget",
        "/widgets/{id}",
        "a [widget](../resources/widget.md) object",
        ', "@odata.type": "microsoft.graph.widget"',
        '{\n  "name": "w"\n}',
    )
    model = build(
        tmp_path,
        {
            "api/widget-ispublished.md": page,
            "api/widget-get.md": other,
            "resources/widget.md": resource("widget", [("name", "String")]),
        },
    )
    assert [t.qualified_name for t in model.types if "edm" in t.qualified_name.lower()] == []
    from codegen.lint.runner import LintOptions, run_lint

    findings = run_lint(LintOptions(paths=(tmp_path / "docs",), root=tmp_path))
    assert [f for f in findings if f.rule == "example-value-type"] == []
