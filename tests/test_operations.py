"""Corpus-true operations (issue 17): every path the docs give an operation is callable, case
variants of a segment are one accessor, prose is no accessor, one collection whose items
dispatch on ``@odata.type``, request headers and function arguments as method arguments.
Each test generates a small page set with the real CLI, type-checks it and drives the client
against a loopback server."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.support import LoopbackServer, Reply
from tests.test_hostile_docs import api_page, assert_clean, generate, load, resource_page, server

__all__ = ["load", "server"]  # fixtures used here


def _with_headers(page: str, *rows: str) -> str:
    """``page`` with a Request headers table of ``rows`` ("If-Match | The etag.")."""
    table = "".join(f"| {row} |\n" for row in rows)
    return page.replace(
        "## Response",
        "## Request headers\n\n| Name | Description |\n|:--|:--|\n"
        f"| Authorization | Bearer {{token}}. Required. |\n{table}\n## Response",
    )


def _derived(name: str, base: str) -> str:
    return resource_page(name, [("id", "String"), ("size", "Int32")]).replace(
        f"A {name}.", f"A {name}.\n\nInherits from [{base}]({base}.md)."
    )


PAGES = {
    "resources/thing.md": resource_page("thing", [("id", "String"), ("name", "String")]),
    "resources/bigthing.md": _derived("bigThing", "thing"),
    # one operation, two paths
    "api/thing-get.md": api_page("Get thing", "GET /me/things/{id}\nGET /users/{id}/things/{id}"),
    # one collection documented for the base type and for a derived type
    "api/thing-list.md": api_page("List things", "GET /users/{id}/things").replace(
        "a [thing](../resources/thing.md) object",
        "a collection of [thing](../resources/thing.md) objects",
    ),
    "api/bigthing-list.md": api_page(
        "List bigThings", "GET /users/{id}/things", "bigThing"
    ).replace(
        "a [bigThing](../resources/bigthing.md) object",
        "a collection of [bigThing](../resources/bigthing.md) objects",
    ),
    # case variants of one segment
    "api/thing-addkey.md": api_page("addKey", "POST /servicePrincipals/{id}/addKey"),
    "api/thing-removekey.md": api_page("removeKey", "POST /serviceprincipals/{id}/removeKey"),
    # prose where a path belongs
    "api/thing-junk.md": api_page(
        "junk", "GET /** Collection URI for microsoft.graph.thing not found"
    ),
    # request headers
    "api/thing-update.md": _with_headers(
        api_page("Update thing", "PATCH /things/{id}"),
        "If-Match | The last known ETag. Required.",
        "Prefer: | return=representation.",
    ),
    "api/thing-search.md": _with_headers(
        api_page("Search things", "GET /things/search(q='ice cream',top=5)"),
        "ConsistencyLevel | eventual.",
    ).replace(
        "## HTTP request",
        "## Optional query parameters\n\nThis method supports the `$search` and `$count` query "
        "parameters.\n\n## HTTP request",
    ),
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = generate(tmp_path_factory.mktemp("ops"), PAGES, "ops_pkg")
    assert_clean(out, "ops_pkg")
    return out


def _client(pkg: Any, server: LoopbackServer) -> Any:
    return pkg.GraphClient(server.url + "/beta", token="t")


def test_every_path_of_an_operation_is_callable(
    package: Path, load: Any, server: LoopbackServer
) -> None:
    pkg = load(package, "ops_pkg")
    server.route("GET", "/beta/me/things/a", Reply(body={"id": "a"}))
    server.route("GET", "/beta/users/u/things/b", Reply(body={"id": "b"}))
    with _client(pkg, server) as client:
        assert client.me.things.by_id("a").get().id == "a"
        assert client.users.by_id("u").things.by_id("b").get().id == "b"


def test_one_collection_dispatches_items_on_odata_type(
    package: Path, load: Any, server: LoopbackServer
) -> None:
    pkg = load(package, "ops_pkg")
    things = pkg.GraphClient  # the builder has one list, not list and list_2
    builder = pkg.builders.users.item.things.ThingsRequestBuilder
    assert [n for n in dir(builder) if n.startswith("list")] == ["list"]
    items = [{"id": "1"}, {"@odata.type": "#microsoft.graph.bigThing", "id": "2", "size": 3}]
    server.route("GET", "/beta/users/u/things", Reply(body={"value": items}))
    with things(server.url + "/beta", token="t") as client:
        got = list(client.users.by_id("u").things.list())
    assert [type(t).__name__ for t in got] == ["Thing", "BigThing"]
    assert got[1].size == 3


def test_case_variants_are_one_accessor_and_prose_is_none(
    package: Path, load: Any, server: LoopbackServer
) -> None:
    pkg = load(package, "ops_pkg")
    root = pkg.builders.ClientRoot
    accessors = {n for n in vars(root) if not n.startswith("_")}
    assert "service_principals" in accessors and "serviceprincipals" not in accessors
    assert not [n for n in accessors if "collection" in n or "not_found" in n]
    server.route("POST", "/beta/servicePrincipals/s/addKey", Reply(body={"id": "k"}))
    server.route("POST", "/beta/servicePrincipals/s/removeKey", Reply(204))
    with _client(pkg, server) as client:
        item = client.service_principals.by_id("s")
        item.add_key({"keyCredential": {}})
        item.remove_key({"keyId": "k"})
    assert [s.bare_path for s in server.seen] == [
        "/beta/servicePrincipals/s/addKey",
        "/beta/servicePrincipals/s/removeKey",
    ]


def test_documented_headers_are_arguments_and_any_header_can_be_sent(
    package: Path, load: Any, server: LoopbackServer
) -> None:
    pkg = load(package, "ops_pkg")
    task = pkg.models.Thing.from_dict({"id": "t", "@odata.etag": 'W/"abc"'})
    assert task.odata_etag == 'W/"abc"'
    server.route("PATCH", "/beta/things/t", Reply(204))
    with _client(pkg, server) as client:
        client.things.by_id("t").update(
            {"name": "x"}, if_match=task.odata_etag, prefer="return=minimal"
        )
        client.things.by_id("t").update({"name": "y"}, headers={"X-Custom": "1"})
        with pytest.raises(ValueError, match="printable ASCII"):
            client.things.by_id("t").update({"name": "z"}, if_match="bad\nvalue")
    first, second = server.seen
    assert first.headers["if-match"] == 'W/"abc"' and first.headers["prefer"] == "return=minimal"
    assert "if-match" not in second.headers and second.headers["x-custom"] == "1"
    assert len(server.seen) == 2  # the bad header was refused before anything was sent


def test_function_arguments_are_the_callers_not_the_examples(
    package: Path, load: Any, server: LoopbackServer
) -> None:
    pkg = load(package, "ops_pkg")
    server.route("GET", "/beta/things/search(q='tea',top=2)", Reply(body={"id": "r"}))
    with _client(pkg, server) as client:
        found = client.things.search(q="tea", top="2", consistency_level="eventual")
    assert found.id == "r"
    (seen,) = server.seen
    assert unquote(seen.path) == "/beta/things/search(q='tea',top=2)"
    assert seen.headers["consistencylevel"] == "eventual"
    doc = pkg.builders.things.ThingsRequestBuilder.search.__doc__
    assert "Query options the docs list: $count, $search." in " ".join(doc.split())
    assert 'need the ConsistencyLevel header: consistency_level="eventual"' in " ".join(doc.split())


def _with_body(page: str, *rows: str) -> str:
    """``page`` with a Request body table of (property|type) ``rows``."""
    table = "".join(f"|{row}|The value.|\n" for row in rows)
    return page.replace(
        "## Response",
        f"## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n{table}\n## Response",
    )


BODY_PAGES = {
    "resources/thing.md": resource_page(
        "thing", [("id", "String"), ("name", "String"), ("size", "Int32")]
    ),
    # an update whose page names no body type and returns 204: the body is the entity updated
    "api/thing-update.md": _with_body(
        api_page("Update thing", "PATCH /things/{id}").replace(
            "a `200 OK` response code and a [thing](../resources/thing.md) object in the response body",
            "a `204 No Content` response code",
        ),
        "name|String",
        "size|Int32",
    ),
    # an action whose body is its parameter table
    "api/thing-validate.md": _with_body(
        api_page("validate", "POST /things/validate"),
        "displayName|String",
        "ids|String collection",
        "when|DateTimeOffset",
    ),
}


def test_validate_request_knows_the_body_of_updates_and_actions(tmp_path: Path, load: Any) -> None:
    out = generate(tmp_path, BODY_PAGES, "body_pkg")
    pkg = load(out, "body_pkg")
    assert pkg.validate_request("thing-update", {"name": "x", "size": 3}) == []
    (issue,) = pkg.validate_request("thing-update", {"size": "three"})
    assert issue.path == "/size" and issue.code == "type"
    assert pkg.validate_request("thing-validate", {"displayName": "x", "ids": ["a"]}) == []
    codes = sorted(
        i.code for i in pkg.validate_request("thing-validate", {"displayName": 5, "nope": 1})
    )
    assert len(codes) == 2 and "type" in codes
    assert [i.path for i in pkg.validate_request("thing-validate", {"ids": "a"})] == ["/ids"]


def test_action_parameters_are_typed_keyword_arguments(
    tmp_path: Path, load: Any, server: LoopbackServer
) -> None:
    import datetime
    import inspect

    out = generate(tmp_path, BODY_PAGES, "action_pkg")
    assert_clean(out, "action_pkg")
    pkg = load(out, "action_pkg")
    validate = pkg.builders.things.ThingsRequestBuilder.validate
    params = inspect.signature(validate).parameters
    assert str(params["display_name"].annotation) == "str | None | Unset"
    assert str(params["ids"].annotation) == "builtins.list[str] | None | Unset"
    assert str(params["when"].annotation) == "datetime.datetime | None | Unset"
    server.route("POST", "/beta/things/validate", Reply(body={"id": "v"}))
    when = datetime.datetime(2021, 7, 1, 12, 0, tzinfo=datetime.UTC)
    with pkg.GraphClient(server.url + "/beta", token="t") as client:
        client.things.validate(display_name="x", ids=["a", "b"], when=when)
        client.things.validate(display_name=None)  # None is null; a parameter not given is left out
        client.things.validate({"extra": 1}, ids=["c"])  # a body mapping, parameters on top
    assert [s.json() for s in server.seen] == [
        {"displayName": "x", "ids": ["a", "b"], "when": "2021-07-01T12:00:00Z"},
        {"displayName": None},
        {"extra": 1, "ids": ["c"]},
    ]
    assert all(pkg.validate_request("thing-validate", s.json()) == [] for s in server.seen[:2])


def test_any_query_parameter_can_be_sent_beside_the_odata_options(
    package: Path, load: Any, server: LoopbackServer
) -> None:
    pkg = load(package, "ops_pkg")
    server.route("GET", "/beta/users/u/things", Reply(body={"value": []}))
    server.route("GET", "/beta/me/things/a", Reply(body={"id": "a"}))
    window = {"startDateTime": "2021-07-01T00:00:00Z", "endDateTime": "2021-07-02T00:00:00Z"}
    with _client(pkg, server) as client:
        assert list(client.users.by_id("u").things.list(query=window, top=5)) == []
        client.me.things.by_id("a").get(query={"$skiptoken": "x"}, select=["id"])
    first, second = server.seen
    assert first.query == {**window, "$top": "5"}
    assert second.query == {"$skiptoken": "x", "$select": "id"}
