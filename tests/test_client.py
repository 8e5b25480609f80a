"""The generated GraphClient and AsyncGraphClient against a real HTTP server on 127.0.0.1.

Every test runs twice, sync and async, through the attribute tree of generated/graph_client.
The server replies with the example responses of the seed pages in spec/docs.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import socket
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.support import LoopbackServer as Server
from tests.support import Reply

if str(ROOT / "generated") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated"))

from graph_client import (
    AsyncGraphClient,
    CallTimeoutError,
    ClassificationError,
    DecodeError,
    ExactMatchSession,
    ExactMatchUploadAgent,
    GraphClient,
    GraphClientError,
    GraphError,
    ResponseTooLargeError,
    RetryPolicy,
    TokenError,
    TransportError,
    validate,
    validate_request,
)

TOKEN = "SECRET-TOKEN-5f3a9c"
SESSIONS = "/beta/dataClassification/exactMatchDataStores/store-1/sessions"
S1 = SESSIONS + "/s-1"


def seed_response(page: str) -> Any:
    """The JSON body of the first example response (```http block) of an API page."""
    text = (ROOT / "spec" / "docs" / "api" / page).read_text(encoding="utf-8")
    match = re.search(r"```\s*http\s*\nHTTP/1\.1 [^\n]*\n(.*?)```", text, re.DOTALL)
    assert match, page
    return json.loads(match.group(1).split("\n\n", 1)[1])


LIST_SEED = seed_response("exactmatchdatastore-list-sessions.md")
CREATE_SEED = seed_response("exactmatchdatastore-post-sessions.md")
GET_SEED = seed_response("exactmatchsession-get.md")["value"]  # the page wraps it in "value"
UPDATE_SEED = seed_response("exactmatchsession-update.md")
PLUS3 = timezone(timedelta(hours=3))
FAST = RetryPolicy(backoff=0.001, max_backoff=0.01, budget=5.0)  # no test waits for seconds


class Driver:
    """One client, sync or async; ``drv(call)`` gives a call's result either way.

    Async coroutines run on a private event loop; async iterators become lazy sync iterators.
    """

    def __init__(self, kind: str, base_url: str, **kw: Any) -> None:
        self.kind = kind
        self.loop = asyncio.new_event_loop()
        cls = GraphClient if kind == "sync" else AsyncGraphClient
        if "token_provider" not in kw:
            kw.setdefault("token", TOKEN)
        kw.setdefault("retry", FAST)
        self.client: Any = cls(base_url, **kw)

    def __call__(self, result: Any) -> Any:
        if self.kind == "sync":
            return result
        if hasattr(result, "__anext__"):
            return self._iterate(result)
        return self.loop.run_until_complete(result)

    def _iterate(self, agen: Any) -> Iterator[Any]:
        while True:
            try:
                yield self.loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                return

    def sessions(self, store: str = "store-1") -> Any:
        return self.client.data_classification.exact_match_data_stores.by_id(store).sessions

    def close(self) -> None:
        if self.kind == "sync":
            self.client.close()
        else:
            self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    """Which client a test drives: "sync" or "async"."""
    return str(request.param)


@pytest.fixture
def make(flavour: str, server: Server) -> Iterator[Any]:
    """make(**client_kwargs) -> a Driver on the test's server."""
    made: list[Driver] = []

    def factory(**kw: Any) -> Driver:
        made.append(Driver(flavour, server.url + "/beta", **kw))
        return made[-1]

    yield factory
    for drv in made:
        drv.close()


@pytest.fixture
def drv(make: Any) -> Any:
    return make()


def session(id: str) -> dict[str, Any]:
    return {"@odata.type": "#microsoft.graph.exactMatchSession", "id": id}


def graph_error(status: int, code: str, message: str, **headers: str) -> Reply:
    return Reply(status, {"error": {"code": code, "message": message}}, headers)


def test_list_sends_query_options_and_decodes_the_seed(drv: Driver, server: Server) -> None:
    server.route("GET", SESSIONS, Reply(body=LIST_SEED))
    items = drv(
        drv.sessions().list(select=["id", "state"], top=5, filter="state eq 'x'", count=True)
    )
    assert server.seen == []  # nothing is sent before iterating
    (item,) = list(items)
    (seen,) = server.seen
    assert (seen.method, seen.bare_path) == ("GET", SESSIONS)
    assert seen.query == {
        "$select": "id,state",
        "$top": "5",
        "$filter": "state eq 'x'",
        "$count": "true",
    }
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["accept"] == "application/json"
    assert isinstance(item, ExactMatchSession)
    assert (item.id, item.state, item.total_block_count) == (
        "88458f6e-8f6e-8845-6e8f-45886e8f4588",
        "State value",
        15,
    )
    assert item.creation_date_time == datetime(2016, 12, 31, 23, 57, 35, 275422, tzinfo=PLUS3)
    assert isinstance(item.error, ClassificationError) and item.error.code == "Code value"
    inner = item.error.inner_error
    assert inner.error_date_time == datetime(2017, 1, 1, 0, 0, 0, 484701, tzinfo=PLUS3)


def test_list_follows_next_links_lazily(drv: Driver, server: Server) -> None:
    link = server.url + SESSIONS + "?$skiptoken="
    server.route(
        "GET",
        SESSIONS + "?%24top=2",
        Reply(body={"value": [session("a"), session("b")], "@odata.nextLink": link + "p2"}),
    )
    server.route(
        "GET",
        SESSIONS + "?$skiptoken=p2",
        Reply(body={"value": [session("c")], "@odata.nextLink": link + "p3"}),
    )
    server.route("GET", SESSIONS + "?$skiptoken=p3", Reply(body={"value": [session("d")]}))
    items = drv(drv.sessions().list(top=2))
    assert [next(items).id, next(items).id] == ["a", "b"] and len(server.seen) == 1
    assert next(items).id == "c" and len(server.seen) == 2
    assert [s.id for s in items] == ["d"]
    assert [s.query for s in server.seen] == [
        {"$top": "2"},
        {"$skiptoken": "p2"},
        {"$skiptoken": "p3"},
    ]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in server.seen)


def test_create_with_a_model_and_with_a_dict(drv: Driver, server: Server) -> None:
    server.route("POST", SESSIONS, Reply(201, UPDATE_SEED))
    body = ExactMatchSession(
        file_name="f.csv",
        fields=["a", "b"],
        salt=None,
        start_date_time=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    created = drv(drv.sessions().create(body))
    assert server.seen[0].method == "POST" and server.seen[0].bare_path == SESSIONS
    assert server.seen[0].headers["content-type"] == "application/json"
    assert server.seen[0].json() == {
        "fileName": "f.csv",
        "fields": ["a", "b"],
        "salt": None,
        "startDateTime": "2024-01-02T03:04:05Z",
    }
    assert isinstance(created, ExactMatchSession) and created.id == UPDATE_SEED["id"]
    assert created.start_date_time == datetime(2017, 1, 1, 0, 3, 15, 607786, tzinfo=PLUS3)
    drv(drv.sessions().create({"fileName": "g.csv", "rowsPerBlock": 12, "checksum": None}))
    assert server.seen[1].json() == {"fileName": "g.csv", "rowsPerBlock": 12, "checksum": None}


def test_create_refuses_the_seeds_placeholder_response(drv: Driver, server: Server) -> None:
    # The post page's response shows "String (timestamp)" where a DateTimeOffset belongs.
    server.route("POST", SESSIONS, Reply(201, CREATE_SEED))
    with pytest.raises(DecodeError, match=r"String \(timestamp\)"):
        drv(drv.sessions().create({}))
    assert server.seen[0].json() == {}


def test_get_with_select_and_upload_agent(drv: Driver, server: Server) -> None:
    server.route("GET", S1, Reply(body=GET_SEED))
    agent_body = {"@odata.type": "#microsoft.graph.exactMatchUploadAgent", "description": "a"}
    server.route("GET", S1 + "/uploadAgent", Reply(body=agent_body))
    got = drv(drv.sessions().by_id("s-1").get(select=["id", "state"], expand=["error"]))
    assert (server.seen[0].method, server.seen[0].bare_path) == ("GET", S1)
    assert server.seen[0].query == {"$select": "id,state", "$expand": "error"}
    assert isinstance(got, ExactMatchSession) and got.id == GET_SEED["id"]
    assert got.start_date_time == datetime(2016, 12, 31, 23, 58, 12, 454777, tzinfo=UTC)
    assert got.fields == ["Fields value"] and got.additional_data == {}
    agent = drv(drv.sessions().by_id("s-1").upload_agent.get())
    assert (server.seen[1].method, server.seen[1].bare_path) == ("GET", S1 + "/uploadAgent")
    assert isinstance(agent, ExactMatchUploadAgent) and agent.additional_data == {
        "description": "a"
    }


def test_update_sends_exactly_the_fields_set(drv: Driver, server: Server) -> None:
    server.route("PATCH", S1, Reply(200, UPDATE_SEED), Reply(204))
    updated = drv(
        drv.sessions().by_id("s-1").update(ExactMatchSession(state="committed", salt=None))
    )
    assert (server.seen[0].method, server.seen[0].bare_path) == ("PATCH", S1)
    assert server.seen[0].json() == {"state": "committed", "salt": None}
    assert isinstance(updated, ExactMatchSession) and updated.remaining_job_count == 1
    assert updated.completion_date_time == datetime(2017, 1, 1, 0, 2, 23, 13137, tzinfo=PLUS3)
    assert drv(drv.sessions().by_id("s-1").update({"fileName": "x.csv", "checksum": None})) is None
    assert server.seen[1].json() == {"fileName": "x.csv", "checksum": None}


def test_delete_and_actions(drv: Driver, server: Server) -> None:
    item = drv.sessions().by_id("s-1")
    server.route("DELETE", S1, Reply(204))
    for action in ("cancel", "commit"):
        server.route("POST", f"{S1}/{action}", Reply(204))
    server.route("POST", S1 + "/renew", Reply(200, UPDATE_SEED), Reply(204))
    assert drv(item.delete()) is None
    assert drv(item.cancel()) is None
    assert drv(item.commit({"reason": "done"})) is None
    renewed = drv(item.renew())
    assert isinstance(renewed, ExactMatchSession) and renewed.id == UPDATE_SEED["id"]
    assert drv(item.renew()) is None
    assert [(s.method, s.bare_path) for s in server.seen] == [
        ("DELETE", S1),
        ("POST", S1 + "/cancel"),
        ("POST", S1 + "/commit"),
        ("POST", S1 + "/renew"),
        ("POST", S1 + "/renew"),
    ]
    assert [s.body for s in server.seen[:2]] == [b"", b""]
    assert server.seen[2].json() == {"reason": "done"}


def test_404_becomes_graph_error_without_the_token(drv: Driver, server: Server) -> None:
    message = f"no session for Bearer {TOKEN}"  # a server echoing the token
    server.route(
        "GET",
        SESSIONS + "/missing",
        graph_error(404, "itemNotFound", message, **{"request-id": "req-42"}),
    )
    with pytest.raises(GraphError) as info:
        drv(drv.sessions().by_id("missing").get())
    err = info.value
    assert (err.status, err.code, err.request_id) == (404, "itemNotFound", "req-42")
    assert err.message == "no session for Bearer ***"
    assert str(err) == "404 itemNotFound: no session for Bearer *** (request-id: req-42)"
    for text in (str(err), repr(err), repr(drv.client), repr(drv.sessions().by_id("x"))):
        assert TOKEN not in text


def test_429_is_retried_after_retry_after(drv: Driver, server: Server) -> None:
    busy = graph_error(429, "TooManyRequests", "slow down", **{"Retry-After": "0"})
    server.route("GET", S1, busy, busy, Reply(body=GET_SEED))
    assert drv(drv.sessions().by_id("s-1").get()).id == GET_SEED["id"]
    assert [s.bare_path for s in server.seen] == [S1] * 3


def test_retries_give_up_after_max_retries(make: Any, server: Server) -> None:
    drv = make(max_retries=2)
    server.route("PATCH", S1, graph_error(429, "TooManyRequests", "no", **{"Retry-After": "0"}))
    with pytest.raises(GraphError) as info:
        drv(drv.sessions().by_id("s-1").update({"state": "x"}))
    assert (info.value.status, info.value.code) == (429, "TooManyRequests")
    assert len(server.seen) == 3 and all(s.json() == {"state": "x"} for s in server.seen)


def test_ids_are_one_path_segment_each(drv: Driver, server: Server) -> None:
    server.route("DELETE", SESSIONS.replace("store-1", "x%20y%3Fz") + "/a%2F..%2Fb", Reply(204))
    assert drv(drv.sessions("x y?z").by_id("a/../b").delete()) is None
    assert server.seen[0].bare_path == SESSIONS.replace("store-1", "x%20y%3Fz") + "/a%2F..%2Fb"
    # ".." would be resolved away by URL normalisation: DELETE .../sessions/.. hits the store
    for bad in ("..", ".", ""):
        with pytest.raises(ValueError):
            drv.sessions().by_id(bad)
        with pytest.raises(ValueError):
            drv.sessions(bad)
    assert len(server.seen) == 1


def test_unknown_properties_survive(drv: Driver, server: Server) -> None:
    future = {"futureFlag": True, "futureNested": {"a": [1, None]}, "@odata.etag": 'W/"1"'}
    server.route("GET", S1, Reply(body={**GET_SEED, **future}))
    server.route("PATCH", S1, Reply(204))
    got = drv(drv.sessions().by_id("s-1").get())
    assert got.additional_data == future
    out = got.to_dict()
    assert {k: out[k] for k in future} == future and out["fileName"] == GET_SEED["fileName"]
    drv(drv.sessions().by_id("s-1").update(got))
    sent = server.seen[1].json()
    assert {k: sent[k] for k in future} == future and sent["id"] == GET_SEED["id"]


# --- issue 9: retries by idempotency, budget, tokens, paging, strict decoding, errors, limits ---


def closed_port_url() -> str:
    """A loopback URL where nothing listens: connections are refused before anything is sent."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/beta"


@pytest.mark.parametrize("status", [503, 504])
def test_post_is_not_resent_after_503_or_504(drv: Driver, server: Server, status: int) -> None:
    # A 503/504 may mean the work was done: a second POST would duplicate a session or commit.
    item = drv.sessions().by_id("s-1")
    failing = graph_error(status, "busy", "later", **{"Retry-After": "0"})
    server.route("POST", SESSIONS, failing, Reply(201, UPDATE_SEED))
    for action in ("commit", "cancel", "renew"):
        server.route("POST", f"{S1}/{action}", failing, Reply(204))
    calls = [
        lambda: drv.sessions().create({}),
        lambda: item.commit(),
        lambda: item.cancel(),
        lambda: item.renew(),
    ]
    for call in calls:
        with pytest.raises(GraphError) as info:
            drv(call())
        assert info.value.status == status and info.value.retry_after == 0.0
    assert [(s.method, s.bare_path) for s in server.seen] == [
        ("POST", SESSIONS),
        ("POST", S1 + "/commit"),
        ("POST", S1 + "/cancel"),
        ("POST", S1 + "/renew"),
    ]


def test_post_is_retried_on_429(drv: Driver, server: Server) -> None:
    busy = graph_error(429, "TooManyRequests", "slow down", **{"Retry-After": "0"})
    server.route("POST", S1 + "/commit", busy, Reply(204))
    assert drv(drv.sessions().by_id("s-1").commit()) is None
    assert [s.bare_path for s in server.seen] == [S1 + "/commit"] * 2


def test_get_put_delete_are_retried_on_503_504_and_disconnects(drv: Driver, server: Server) -> None:
    server.route("GET", S1, Reply(503), Reply(fault="disconnect"), Reply(504), Reply(body=GET_SEED))
    server.route("DELETE", S1, Reply(fault="disconnect"), Reply(204))
    assert drv(drv.sessions().by_id("s-1").get()).id == GET_SEED["id"]
    assert drv(drv.sessions().by_id("s-1").delete()) is None
    assert [s.method for s in server.seen] == ["GET"] * 4 + ["DELETE"] * 2


def test_post_is_not_resent_after_a_disconnect(drv: Driver, server: Server) -> None:
    server.route("POST", S1 + "/commit", Reply(fault="disconnect"), Reply(204))
    with pytest.raises(TransportError) as info:
        drv(drv.sessions().by_id("s-1").commit())
    assert info.value.kind == "RemoteProtocolError" and "POST" in str(info.value)
    assert len(server.seen) == 1


def test_post_is_retried_when_the_connection_is_refused(flavour: str) -> None:
    calls = 0

    def provider() -> str:  # called once per attempt
        nonlocal calls
        calls += 1
        return TOKEN

    policy = RetryPolicy(max_retries=2, backoff=0.001, jitter=False)
    drv = Driver(flavour, closed_port_url(), token_provider=provider, retry=policy)
    try:
        with pytest.raises(TransportError) as info:
            drv(drv.sessions().by_id("s-1").commit())
        assert info.value.kind == "ConnectError" and calls == 3
    finally:
        drv.close()


def test_a_retry_after_past_the_budget_raises_at_once(make: Any, server: Server) -> None:
    busy = graph_error(429, "TooManyRequests", "come back tomorrow", **{"Retry-After": "86400"})
    server.route("GET", S1, busy)
    for policy in (RetryPolicy(), RetryPolicy(max_retries=1), RetryPolicy(budget=1000.0)):
        drv = make(retry=policy)
        started = time.monotonic()
        with pytest.raises(GraphError) as info:
            drv(drv.sessions().by_id("s-1").get())
        assert time.monotonic() - started < 2.0  # not 86400 s, nor 3 x 60 s
        err = info.value
        assert (err.status, err.retry_after, err.headers["retry-after"]) == (429, 86400.0, "86400")
    assert len(server.seen) == 3  # one request per call, no retry
    assert GraphClient(token="t").retry_policy == RetryPolicy(budget=180.0)
    assert GraphClient(token="t", max_retries=1).retry_policy.max_retries == 1


def test_the_budget_bounds_a_call_with_backoff(make: Any, server: Server) -> None:
    server.route("GET", S1, Reply(503))
    drv = make(retry=RetryPolicy(max_retries=100, backoff=0.05, jitter=False, budget=0.3))
    started = time.monotonic()
    with pytest.raises((GraphError, CallTimeoutError)):  # the last 503, or a cut-short attempt
        drv(drv.sessions().by_id("s-1").get())
    assert time.monotonic() - started < 2.0 and 2 <= len(server.seen) <= 6  # not 100 retries


@pytest.mark.parametrize("bad", ["Zq9\n", "Zq9\r\nX-Evil: 1", "Z\x00q9", "Zq 9", "Zqö9"])
def test_bad_tokens_are_refused_without_echo(make: Any, server: Server, bad: str) -> None:
    secret = bad + "-SECRETPART"
    for kind in (GraphClient, AsyncGraphClient):
        with pytest.raises(TokenError) as info:
            kind(server.url + "/beta", token=secret)
        assert "SECRETPART" not in str(info.value) and "Zq" not in str(info.value)
    drv = make(token_provider=lambda: secret)
    with pytest.raises(TokenError) as info:
        drv(drv.sessions().by_id("s-1").get())
    assert "SECRETPART" not in str(info.value) and info.value.__context__ is None
    assert server.seen == []


@pytest.mark.parametrize("value", [None, "", 42, b"tok"])
def test_token_providers_must_return_a_non_empty_str(make: Any, server: Server, value: Any) -> None:
    drv = make(token_provider=lambda: value)
    with pytest.raises(TokenError, match="token"):
        drv(drv.sessions().by_id("s-1").get())
    assert server.seen == []


def test_async_token_provider(server: Server) -> None:
    server.route("GET", S1, Reply(body=GET_SEED))

    async def provider() -> str:
        await asyncio.sleep(0)
        return "async-token"

    drv = Driver("async", server.url + "/beta", token_provider=provider)
    try:
        assert drv(drv.sessions().by_id("s-1").get()).id == GET_SEED["id"]
    finally:
        drv.close()
    assert server.seen[0].headers["authorization"] == "Bearer async-token"
    with pytest.raises(TokenError, match="AsyncGraphClient"):
        GraphClient(server.url, token_provider=provider)  # type: ignore[arg-type]
    sync = GraphClient(server.url + "/beta", token_provider=lambda: provider())  # type: ignore
    with pytest.raises(TokenError, match="awaitable"):
        sync.data_classification.exact_match_data_stores.by_id("x").sessions.by_id("s").get()
    sync.close()
    assert len(server.seen) == 1


def test_error_body_is_masked_like_the_message(drv: Driver, server: Server) -> None:
    echoed = {"error": {"code": "x", "message": f"bad {TOKEN}", "details": [{"t": TOKEN}]}}
    server.route("GET", S1, Reply(401, echoed))
    with pytest.raises(GraphError) as info:
        drv(drv.sessions().by_id("s-1").get())
    assert TOKEN not in json.dumps(info.value.body) and TOKEN not in str(info.value)
    assert info.value.body["error"]["details"] == [{"t": "***"}]


def test_a_next_link_already_visited_stops_with_an_error(drv: Driver, server: Server) -> None:
    loop = server.url + SESSIONS + "?$skiptoken=p2"
    server.route("GET", SESSIONS, Reply(body={"value": [session("a")], "@odata.nextLink": loop}))
    server.route(
        "GET",
        SESSIONS + "?$skiptoken=p2",
        Reply(body={"value": [session("b")], "@odata.nextLink": loop}),
    )
    items = drv(drv.sessions().list())
    assert [next(items).id, next(items).id] == ["a", "b"]
    with pytest.raises(DecodeError, match=r"skiptoken=p2.*already visited") as info:
        next(items)
    assert info.value.path == "/@odata.nextLink" and len(server.seen) == 2


def test_a_relative_next_link_resolves_against_the_page(drv: Driver, server: Server) -> None:
    server.route(
        "GET", SESSIONS, Reply(body={"value": [session("a")], "@odata.nextLink": "sessions?p=2"})
    )
    server.route("GET", SESSIONS + "?p=2", Reply(body={"value": [session("b")]}))
    assert [s.id for s in drv(drv.sessions().list())] == ["a", "b"]
    assert server.seen[1].path == SESSIONS + "?p=2"


def test_a_page_without_value_is_a_decode_error(drv: Driver, server: Server) -> None:
    server.route("GET", SESSIONS, Reply(body={"values": []}, headers={"request-id": "r-9"}))
    with pytest.raises(DecodeError) as info:
        list(drv(drv.sessions().list()))
    assert (info.value.path, info.value.status, info.value.request_id) == ("/value", 200, "r-9")


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("remainingBlockCount", "12", "/remainingBlockCount"),
        ("rowsPerBlock", True, "/rowsPerBlock"),
        ("totalJobCount", 2**31, "/totalJobCount"),
        ("id", 123, "/id"),
        ("fields", [1, {}, None], "/fields/0"),
        ("fields", ["a", None, {}], "/fields/2"),
        ("error", {"code": 5}, "/error/code"),
        ("startDateTime", "2026-01-01", "/startDateTime"),
        ("state", ["x"], "/state"),
    ],
)
def test_decoding_checks_every_scalar(
    drv: Driver, server: Server, field: str, value: Any, path: str
) -> None:
    body = {**GET_SEED, field: value}
    server.route("GET", S1, Reply(body=body, headers={"request-id": "req-7"}))
    with pytest.raises(DecodeError) as info:
        drv(drv.sessions().by_id("s-1").get())
    err = info.value
    assert (err.path, err.status, err.request_id) == (path, 200, "req-7")
    assert str(err).startswith(path + ": ") and "req-7" in str(err)
    assert validate("exactMatchSession", body)  # the validator rejects it too
    assert not validate("exactMatchSession", GET_SEED)


def test_list_items_report_their_index(drv: Driver, server: Server) -> None:
    server.route("GET", SESSIONS, Reply(body={"value": [session("a"), {**session("b"), "id": 7}]}))
    items = drv(drv.sessions().list())
    assert next(items).id == "a"
    with pytest.raises(DecodeError) as info:
        next(items)
    assert info.value.path == "/value/1/id"


def test_a_sibling_odata_type_is_reported(drv: Driver, server: Server) -> None:
    agent = {"@odata.type": "#microsoft.graph.exactMatchUploadAgent", "id": "s-1"}
    server.route("GET", S1, Reply(body=agent))
    with pytest.raises(DecodeError, match="exactMatchUploadAgent") as info:
        drv(drv.sessions().by_id("s-1").get())
    assert info.value.path == "/@odata.type"


def test_every_failure_is_a_graph_client_error(drv: Driver, server: Server) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    server.route("GET", S1, Reply(raw=deep.encode()))
    server.route("GET", S1 + "/uploadAgent", Reply(raw=b'{"id": '))
    server.route("DELETE", S1, Reply(500, raw=deep.encode()))
    with pytest.raises(DecodeError, match="nested too deeply") as info:
        drv(drv.sessions().by_id("s-1").get())
    assert info.value.status == 200
    with pytest.raises(DecodeError, match="not valid JSON"):
        drv(drv.sessions().by_id("s-1").upload_agent.get())
    with pytest.raises(GraphError) as error:
        drv(drv.sessions().by_id("s-1").delete())
    assert error.value.status == 500
    for cls in (GraphError, DecodeError, TransportError, TokenError, CallTimeoutError):
        assert issubclass(cls, GraphClientError)


def test_the_timeout_bounds_the_whole_response(make: Any, server: Server) -> None:
    # One byte every 50 ms for 200 bytes: 10 s of trickle; each read is quick, the call is not.
    server.route("GET", S1, Reply(body={"id": "x" * 200}, fault="trickle", interval=0.05))
    drv = make(timeout=0.5)
    started = time.monotonic()
    with pytest.raises(CallTimeoutError) as info:
        drv(drv.sessions().by_id("s-1").get())
    assert time.monotonic() - started < 2.0  # not the 10 s of the trickle
    assert str(info.value) and isinstance(info.value, TransportError)
    assert len(server.seen) == 1  # a timeout is not retried


def test_the_response_size_is_limited(make: Any, server: Server) -> None:
    server.route("GET", S1, Reply(body={**GET_SEED, "fileName": "x" * 5000}))
    bomb = gzip.compress(b"[" + b" " * 5_000_000 + b"]")
    server.route("GET", SESSIONS, Reply(raw=bomb, headers={"Content-Encoding": "gzip"}))
    small = gzip.compress(json.dumps({"value": [session("z")]}).encode())
    server.route("GET", SESSIONS + "/s-2", Reply(raw=small, headers={"Content-Encoding": "gzip"}))
    drv = make(max_response_bytes=4096)
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes=4096"):
        drv(drv.sessions().by_id("s-1").get())
    with pytest.raises(ResponseTooLargeError):
        list(drv(drv.sessions().list()))
    assert len(bomb) < 10_000
    got = drv(
        drv.client._transport.request(
            "GET", "/dataClassification/exactMatchDataStores/store-1/sessions/s-2"
        )
    )
    assert got == {"value": [session("z")]}


def test_the_models_body_passes_the_packages_validate_request(drv: Driver, server: Server) -> None:
    # The create page spells it dataStoreId, the resource page datastoreId (issue 9, item 9).
    body = ExactMatchSession(datastore_id="d", file_name="f.csv")
    assert validate_request("exactmatchdatastore-post-sessions", body.to_dict()) == []
    assert validate_request("exactmatchdatastore-post-sessions", {"dataStoreId": "d"}) == []
    assert validate_request("exactmatchdatastore-post-sessions", {"nope": 1}) != []
    server.route("POST", SESSIONS, Reply(201, {"id": "s-9", "dataStoreId": "d-9"}))
    created = drv(drv.sessions().create(body))
    assert server.seen[0].json() == {"datastoreId": "d", "fileName": "f.csv"}  # resolved name
    assert (created.datastore_id, created.additional_data) == ("d-9", {})  # both spellings read
    assert created.to_dict() == {"id": "s-9", "datastoreId": "d-9"}
