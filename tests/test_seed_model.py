"""The model of the five seed pages, checked field by field."""

from __future__ import annotations

from codegen.ir.model import Model

RES = "spec/docs/resources/exactmatchsession.md"
POST = "spec/docs/api/exactmatchdatastore-post-sessions.md"
ITEM = "/dataClassification/exactMatchDataStores/{exactMatchDataStoreId}/sessions/{exactMatchSessionId}"
COLL = "/dataClassification/exactMatchDataStores/{exactMatchDataStoreId}/sessions"


def _props(model: Model, name: str) -> dict[str, tuple[str, bool]]:
    t = model.type(name)
    assert t is not None, name
    return {p.name: (p.type.name, p.type.collection) for p in t.properties if p.type}


def test_session_declares_its_own_properties(seed_model: Model) -> None:
    t = seed_model.type("exactMatchSession")
    assert t is not None
    assert (t.kind, t.origin, t.key_property, t.open_type) == ("entity", "page", "id", False)
    assert _props(seed_model, "exactMatchSession") == {
        "checksum": ("Edm.String", False),
        "dataUploadURI": ("Edm.String", False),
        "fields": ("Edm.String", True),
        "fileName": ("Edm.String", False),
        "rowsPerBlock": ("Edm.Int32", False),
        "uploadAgentId": ("Edm.String", False),
        "salt": ("Edm.String", False),  # only the create page's request-body table names it
    }
    checksum = t.properties[0]
    assert (checksum.source.file, checksum.source.line) == (RES, 33)
    salt = next(p for p in t.properties if p.name == "salt")
    assert salt.source.file == POST
    assert [(n.name, n.type.name if n.type else None) for n in t.navigation_properties] == [
        ("uploadAgent", "exactMatchUploadAgent")
    ]
    assert t.navigation_properties[0].source.line == 57


def test_inheritance_chain_and_bases_without_pages(seed_model: Model) -> None:
    chain = [t.name for t in seed_model.ancestors("exactMatchSession")]
    assert chain == ["exactMatchSessionBase", "exactMatchJobBase", "entity"]
    for name in chain:
        t = seed_model.type(name)
        assert t is not None and t.origin == "base" and t.kind == "entity"
    assert _props(seed_model, "entity") == {"id": ("Edm.String", False)}
    assert _props(seed_model, "exactMatchJobBase") == {
        "completionDateTime": ("Edm.DateTimeOffset", False),
        "creationDateTime": ("Edm.DateTimeOffset", False),
        "error": ("classificationError", False),
        "lastUpdatedDateTime": ("Edm.DateTimeOffset", False),
        "startDateTime": ("Edm.DateTimeOffset", False),
    }
    assert _props(seed_model, "exactMatchSessionBase") == {
        "datastoreId": ("Edm.String", False),
        "processingCompletionDateTime": ("Edm.DateTimeOffset", False),
        "remainingBlockCount": ("Edm.Int32", False),
        "remainingJobCount": ("Edm.Int32", False),
        "state": ("Edm.String", False),
        "totalBlockCount": ("Edm.Int32", False),
        "totalJobCount": ("Edm.Int32", False),
        "uploadCompletionDateTime": ("Edm.DateTimeOffset", False),
    }


def test_conflicts_record_both_sides(seed_model: Model) -> None:
    by_subject = {c.subject: c for c in seed_model.conflicts}
    base = by_subject["exactMatchSession.baseType"]
    assert base.chosen == "exactMatchSessionBase"
    assert [(s.value, s.source.file, s.source.line) for s in base.sides] == [
        ("exactMatchJobBase", RES, 12),
        ("exactMatchSessionBase", POST, 55),
    ]
    spelling = by_subject["exactMatchSessionBase.datastoreId"]
    assert spelling.kind == "property-name" and spelling.chosen == "datastoreId"
    assert {s.value for s in spelling.sides} == {"datastoreId", "dataStoreId"}


def test_types_inferred_from_examples(seed_model: Model) -> None:
    error = seed_model.type("classificationError")
    assert error is not None and (error.origin, error.kind) == ("example", "complex")
    assert _props(seed_model, "classificationError") == {
        "code": ("Edm.String", False),
        "message": ("Edm.String", False),
        "target": ("Edm.String", False),
        "innerError": ("classificationInnerError", False),
        "details": ("classifcationErrorBase", True),
    }
    assert _props(seed_model, "classificationInnerError") == {
        "errorDateTime": ("Edm.DateTimeOffset", False),
        "clientRequestId": ("Edm.String", False),
        "activityId": ("Edm.String", False),
    }
    base = seed_model.type("classifcationErrorBase")
    assert base is not None and base.origin == "example" and base.properties == ()
    agent = seed_model.type("exactMatchUploadAgent")
    assert agent is not None and (agent.origin, agent.kind) == ("reference", "entity")


def test_all_nine_operations(seed_model: Model) -> None:
    ops = {
        o.id: (o.kind, o.method, o.path, o.response_status, o.inferred)
        for o in seed_model.operations
    }
    assert ops == {
        "exactmatchsession-get": ("get", "GET", ITEM, 200, False),
        "exactmatchdatastore-list-sessions": ("list", "GET", COLL, 200, False),
        "exactmatchdatastore-post-sessions": ("create", "POST", COLL, 201, False),
        "exactmatchsession-update": ("update", "PATCH", ITEM, 200, False),
        "exactmatchsession-delete": ("delete", "DELETE", ITEM, 204, True),
        "exactmatchsession-cancel": ("action", "POST", ITEM + "/cancel", 204, True),
        "exactmatchsession-commit": ("action", "POST", ITEM + "/commit", 204, True),
        "exactmatchsession-renew": ("action", "POST", ITEM + "/renew", 200, True),
        "exactmatchuploadagent-get": ("get", "GET", ITEM + "/uploadAgent", 200, True),
    }
    for op in seed_model.operations:
        assert op.binding_type == "exactMatchSession", op.id
    renew = seed_model.operation("exactmatchsession-renew")
    assert renew is not None and renew.response_type is not None
    assert renew.response_type.name == "exactMatchSession"
    assert (renew.source.file, renew.source.line) == (RES, 27)


def test_operation_details(seed_model: Model) -> None:
    listing = seed_model.operation("exactmatchdatastore-list-sessions")
    assert listing is not None and listing.response_type is not None
    assert (listing.response_type.name, listing.response_type.collection) == (
        "exactMatchSession",
        True,
    )
    [example] = listing.examples
    assert example.name == "get_exactmatchsession"
    assert example.request is not None and example.request.method == "GET"
    assert example.response is not None and example.response.status == 200
    assert example.response_type == "collection(microsoft.graph.exactmatchsession)"
    assert example.request_annotation == {"blockType": "request", "name": "get_exactmatchsession"}
    assert example.response_annotation == {
        "blockType": "response",
        "truncated": True,
        "@odata.type": "collection(microsoft.graph.exactmatchsession)",
    }
    assert isinstance(example.response.body["value"], list)
    create = seed_model.operation("exactmatchdatastore-post-sessions")
    assert create is not None and create.request_body_type is not None
    assert create.request_body_type.name == "exactMatchSession"
    body = [p for p in create.parameters if p.location == "body"]
    assert len(body) == 20 and body[5].name == "dataStoreId"
    assert body[5].inherited_from == "exactMatchSessionBase" and body[5].required is False
    headers = [p.name for p in create.parameters if p.location == "header"]
    assert headers == ["Authorization", "Content-Type"]
    assert [p.kind for p in create.permissions] == [
        "Delegated (work or school account)",
        "Delegated (personal Microsoft account)",
        "Application",
    ]
    update = seed_model.operation("exactmatchsession-update")
    assert update is not None
    [ex] = update.examples
    assert ex.request is not None and ex.request.url is not None
    assert ex.request.url.startswith("https://graph.microsoft.com/docs\\api/")
    assert ex.request.body["remainingBlockCount"] == 3
