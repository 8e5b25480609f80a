"""Tests for the HTTP runtime of codegen/runtime (``_transport`` and the modules under it, as
the generated package ships them), against a real HTTP server."""

from __future__ import annotations

import ast
import asyncio
import email.utils
import importlib
import json
import logging
import socket
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import black
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen.generate.format import MODE
from codegen.generate.package import FILE_HEADER, RUNTIME_EXPORTS, Options, render_package
from codegen.generate.runtime_files import RUNTIME, RUNTIME_MODULE_OF, STATIC_MODULES
from codegen.ir.model import Model
from codegen.runtime import _base, _builder, _errors, _odata, _responses, _retry, _transport
from tests.support import LoopbackServer as Server
from tests.support import Reply

TOKEN = "SECRET-TOKEN-abc123"


@pytest.fixture(scope="session")
def rt() -> SimpleNamespace:
    """The runtime's names, from the modules as codegen ships them (the package gets headed
    copies); ``transport_error`` is the internal a masking test calls."""
    modules = (_base, _builder, _errors, _odata, _retry, _transport)
    names = {name: getattr(m, name) for m in modules for name in m.__all__}
    return SimpleNamespace(**names, transport_error=_responses.transport_error)


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


other_server = server


class SyncFacade:
    """Drives a Transport; records the injected sleep calls."""

    def __init__(self, rt: SimpleNamespace, base: str, **kw: Any) -> None:
        self.sleeps: list[float] = []
        self.t = rt.Transport(base, sleep=self.sleeps.append, **kw)
        self.request, self.paginate, self.close = self.t.request, self.t.paginate, self.t.close


class AsyncFacade:
    """Drives an AsyncTransport on one private event loop, step by step."""

    def __init__(self, rt: SimpleNamespace, base: str, **kw: Any) -> None:
        self.sleeps: list[float] = []
        self.loop = asyncio.new_event_loop()

        async def sleep(delay: float) -> None:
            self.sleeps.append(delay)

        self.t = rt.AsyncTransport(base, sleep=sleep, **kw)

    def request(self, *args: Any, **kw: Any) -> Any:
        return self.loop.run_until_complete(self.t.request(*args, **kw))

    def paginate(self, path: str, **kw: Any) -> Iterator[Any]:
        agen = self.t.paginate(path, **kw)
        while True:
            try:
                yield self.loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                return

    def close(self) -> None:
        self.loop.run_until_complete(self.t.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest, rt: SimpleNamespace) -> Iterator[Callable[..., Any]]:
    """make(base_url, **kwargs) -> a facade over Transport or AsyncTransport."""
    made: list[Any] = []
    cls = SyncFacade if request.param == "sync" else AsyncFacade

    def factory(base: str, **kw: Any) -> Any:
        made.append(cls(rt, base, **kw))
        return made[-1]

    yield factory
    for facade in made:
        facade.close()


def graph_error(code: str, message: str, request_id: str | None = None) -> dict[str, Any]:
    inner = {"request-id": request_id, "date": "2024-01-01T00:00:00"} if request_id else {}
    return {"error": {"code": code, "message": message, "innerError": inner}}


@pytest.mark.parametrize("name", STATIC_MODULES)
def test_the_package_ships_the_runtime_modules_verbatim(seed_model: Model, name: str) -> None:
    """The generated copy is codegen's module under the header, byte for byte."""
    text = render_package(seed_model, Options())[f"graph_client/{name}"]
    assert text == FILE_HEADER + (RUNTIME / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", STATIC_MODULES)
def test_the_runtime_modules_are_black_stable_at_both_line_lengths(name: str) -> None:
    """Copied without formatting, they must be what black makes of them in the package (88)
    as well as in codegen (100)."""
    source = (RUNTIME / name).read_text(encoding="utf-8")
    assert black.format_str(source, mode=MODE) == source
    codegen_mode = black.Mode(target_versions=MODE.target_versions, line_length=100)
    assert black.format_str(source, mode=codegen_mode) == source


def _relative_imports(name: str) -> set[str]:
    """The runtime modules a runtime module imports (``from ._x import ...``), as file names."""
    tree = ast.parse((RUNTIME / name).read_text(encoding="utf-8"))
    nodes = ast.walk(tree)
    return {f"{n.module}.py" for n in nodes if isinstance(n, ast.ImportFrom) and n.level == 1}


def test_the_runtime_modules_import_one_another_without_a_cycle() -> None:
    """Each module says its concern in its docstring, is private or ``validators``, and the
    imports between them form no cycle (so any one imports first without the others)."""
    edges = {name: _relative_imports(name) for name in STATIC_MODULES}
    for name in STATIC_MODULES:
        tree = ast.parse((RUNTIME / name).read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), name
        assert name.startswith("_") or name == "validators.py"
        assert edges[name] <= set(STATIC_MODULES), name
    done: set[str] = set()
    while len(done) < len(edges):
        ready = {n for n, deps in edges.items() if n not in done and deps <= done}
        assert ready, f"an import cycle among {sorted(set(edges) - done)}"
        done |= ready


def test_each_runtime_name_lives_in_one_module_and_the_exports_name_it() -> None:
    """No name is in two modules' ``__all__`` (the generator imports each from where
    ``__all__`` puts it), and the package's exports name the module defining each."""
    listed = [(n, f".{m.removesuffix('.py')}") for m in STATIC_MODULES for n in _all_of(m)]
    names = [n for n, _ in listed]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert dict(listed) == RUNTIME_MODULE_OF
    for module, exported in RUNTIME_EXPORTS.items():
        if module != ".client":  # rendered, not copied
            assert {RUNTIME_MODULE_OF[n] for n in exported} == {module}, exported


def _all_of(name: str) -> list[str]:
    module = importlib.import_module(f"codegen.runtime.{name.removesuffix('.py')}")
    return list(module.__all__)


def test_get_json_with_default_headers(make: Any, server: Server) -> None:
    server.route("GET", "/beta/me?%24select=id%2CdisplayName", Reply(body={"id": "1"}))
    t = make(server.url + "/beta/", token=TOKEN)
    params = {"$select": "id,displayName"}
    assert t.request("GET", "/me", params=params) == {"id": "1"}
    (seen,) = server.seen
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["user-agent"] == "graph-docs-codegen"
    assert seen.headers["accept"] == "application/json"


def test_post_json_body_with_token_provider(make: Any, server: Server) -> None:
    server.route("POST", "/users", Reply(201, {"id": "new"}))
    tokens = iter(["tok-1", "tok-2"])
    t = make(server.url, token_provider=lambda: next(tokens))
    for _ in range(2):
        assert t.request("POST", "/users", json={"displayName": "Ada"}) == {"id": "new"}
    assert [s.headers["authorization"] for s in server.seen] == ["Bearer tok-1", "Bearer tok-2"]
    assert server.seen[0].headers["content-type"] == "application/json"
    assert json.loads(server.seen[0].body) == {"displayName": "Ada"}


def test_204_empty_and_text_bodies(make: Any, server: Server) -> None:
    server.route("DELETE", "/users/1", Reply(204))
    server.route("GET", "/users/$count", Reply(body="42"))
    server.route("GET", "/empty", Reply(200))
    t = make(server.url)
    assert t.request("DELETE", "/users/1") is None
    assert t.request("GET", "/users/$count") == "42"
    assert t.request("GET", "/empty") is None
    assert "authorization" not in server.seen[0].headers


def test_error_fields(rt: SimpleNamespace, make: Any, server: Server) -> None:
    body = graph_error("itemNotFound", "The item was not found", "inner-id")
    server.route("GET", "/a", Reply(404, body, {"request-id": "rid-123"}))
    server.route("GET", "/b", Reply(400, body))
    server.route("GET", "/c", Reply(500, "oops"))
    t = make(server.url, token=TOKEN)
    with pytest.raises(rt.GraphError) as info:
        t.request("GET", "/a")
    err = info.value
    assert (err.status, err.code, err.message) == (404, "itemNotFound", "The item was not found")
    assert err.request_id == "rid-123" and err.body == body
    assert str(err) == "404 itemNotFound: The item was not found (request-id: rid-123)"
    with pytest.raises(rt.GraphError) as info:
        t.request("GET", "/b")
    assert info.value.request_id == "inner-id"
    with pytest.raises(rt.GraphError) as info:
        t.request("GET", "/c")
    assert (info.value.status, info.value.code, info.value.body) == (500, None, "oops")


def test_retry_after_seconds_and_date(rt: SimpleNamespace, make: Any, server: Server) -> None:
    date = email.utils.formatdate(time.time() + 5, usegmt=True)
    server.route(
        "GET",
        "/x",
        Reply(429, graph_error("TooManyRequests", "slow down"), {"Retry-After": "2"}),
        Reply(429, None, {"Retry-After": date}),
        Reply(body={"ok": True}),
    )
    t = make(server.url, retry=rt.RetryPolicy(max_retries=3, budget=30))
    assert t.request("GET", "/x") == {"ok": True}
    assert len(server.seen) == 3
    assert t.sleeps[0] == 2.0 and 3.0 < t.sleeps[1] <= 5.0


def test_a_wait_past_the_budget_raises_at_once(
    rt: SimpleNamespace, make: Any, server: Server
) -> None:
    # Retry-After: 86400 used to mean three 60 s sleeps; now the call raises before sleeping.
    busy = Reply(503, graph_error("serviceBusy", "later"), {"Retry-After": "86400", "X-A": "b"})
    server.route("GET", "/x", busy)
    t = make(server.url, retry=rt.RetryPolicy(max_retries=3, budget=30))
    with pytest.raises(rt.GraphError) as info:
        t.request("GET", "/x")
    assert (info.value.status, info.value.retry_after) == (503, 86400.0)
    assert info.value.headers["x-a"] == "b" and "retry after 86400s" in str(info.value)
    assert len(server.seen) == 1 and t.sleeps == []


def test_retries_are_bounded(rt: SimpleNamespace, make: Any, server: Server) -> None:
    error = graph_error("TooManyRequests", "no")
    server.route("POST", "/x", Reply(429, error, {"Retry-After": "1"}))
    t = make(server.url, retry=rt.RetryPolicy(max_retries=2))
    with pytest.raises(rt.GraphError) as info:
        t.request("POST", "/x", json={})
    assert (info.value.status, info.value.code, info.value.retry_after) == (
        429,
        "TooManyRequests",
        1.0,
    )
    assert len(server.seen) == 3 and t.sleeps == [1.0, 1.0]


def test_503_504_then_success_uses_backoff(rt: SimpleNamespace, make: Any, server: Server) -> None:
    server.route("GET", "/x", Reply(503), Reply(504), Reply(body={"v": 1}))
    t = make(server.url, retry=rt.RetryPolicy(backoff=0.1, jitter=False))
    assert t.request("GET", "/x") == {"v": 1}
    assert t.sleeps == [0.1, 0.2]


def test_backoff_has_jitter_within_bounds(rt: SimpleNamespace) -> None:
    policy = rt.RetryPolicy(backoff=1.0, max_backoff=3.0)
    delays = [policy.backoff_delay(attempt) for attempt in (0, 1, 2, 3) for _ in range(50)]
    assert all(0.5 <= d <= 1.0 for d in delays[:50]) and all(
        1.0 <= d <= 2.0 for d in delays[50:100]
    )
    assert all(1.5 <= d <= 3.0 for d in delays[100:])  # capped at max_backoff
    assert len(set(delays)) > 100
    with pytest.raises(ValueError):
        rt.RetryPolicy(budget=0)


def test_connect_errors_are_retried_then_raised(rt: SimpleNamespace, make: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    policy = rt.RetryPolicy(max_retries=2, backoff=0.01, jitter=False)
    t = make(f"http://127.0.0.1:{port}", retry=policy)
    for method in ("GET", "POST"):  # refused before sending: safe to retry even a POST
        t.sleeps.clear()
        with pytest.raises(rt.TransportError) as info:
            t.request(method, "/x")
        assert info.value.kind == "ConnectError" and str(info.value)
        assert isinstance(info.value, rt.GraphClientError) and info.value.__cause__ is None
        assert t.sleeps == [0.01, 0.02]


def page(items: list[Any], next_link: str | None = None) -> Reply:
    return Reply(body={"value": items, **({"@odata.nextLink": next_link} if next_link else {})})


def test_paginate_follows_next_link_lazily(make: Any, server: Server) -> None:
    base = server.url + "/beta"
    server.route("GET", "/beta/items?%24top=2", page([1, 2], base + "/items?page=2"))
    server.route("GET", "/beta/items?page=2", page([3], base + "/items?page=3"))
    server.route("GET", "/beta/items?page=3", page([4, 5]))
    t = make(base, token=TOKEN)
    items = t.paginate("/items", params={"$top": "2"})
    assert server.seen == []
    assert [next(items), next(items)] == [1, 2]
    assert len(server.seen) == 1
    assert next(items) == 3 and len(server.seen) == 2
    assert list(items) == [4, 5]
    assert [s.path for s in server.seen][1:] == ["/beta/items?page=2", "/beta/items?page=3"]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in server.seen)


def test_next_link_to_other_origin_is_refused(
    rt: SimpleNamespace, make: Any, server: Server, other_server: Server
) -> None:
    other_server.route("GET", "/steal", page(["stolen"]))
    server.route("GET", "/items", page([1], other_server.url + "/steal"))
    t = make(server.url, token=TOKEN)
    items = t.paginate("/items")
    assert next(items) == 1
    with pytest.raises(rt.DecodeError, match="refusing"):
        next(items)
    assert other_server.seen == []


def test_redirects_are_not_followed(
    rt: SimpleNamespace, make: Any, server: Server, other_server: Server
) -> None:
    other_server.route("GET", "/x", Reply(body={}))
    server.route("GET", "/x", Reply(302, None, {"Location": other_server.url + "/x"}))
    t = make(server.url, token=TOKEN)
    with pytest.raises(rt.GraphError) as info:
        t.request("GET", "/x")
    assert info.value.status == 302
    assert other_server.seen == []


def test_paths_must_be_relative(make: Any, server: Server) -> None:
    t = make(server.url, token=TOKEN)
    for bad in ("users", "//evil.example/x", "https://evil.example/x"):
        with pytest.raises(ValueError):
            t.request("GET", bad)
    with pytest.raises(ValueError):
        t.t.paginate("users")  # raised eagerly, before iteration
    assert server.seen == []


@pytest.mark.parametrize(
    "bad",
    ["/users/../../etc", "/users/x/..", "/..", "/users/./x", "/users/%2E%2e/etc", "/u/.%2e",
     "/u/..\\..\\etc", "/u/..?x", "/u/..#x"],
)  # fmt: skip
def test_dot_segments_are_refused_before_sending(make: Any, server: Server, bad: str) -> None:
    """httpx resolves '..' (``/beta/users/../../etc`` is ``/etc``) and servers decode ``%2e``
    and read a backslash as '/': such a path never leaves the client."""
    t = make(server.url + "/beta", token=TOKEN)
    with pytest.raises(ValueError, match="'.' or '..' segment"):
        t.request("GET", bad)
    with pytest.raises(ValueError, match="'.' or '..' segment"):
        t.t.paginate(bad)  # raised eagerly, before iteration
    assert server.seen == []
    server.route("GET", "/beta/u/...", Reply(body={"ok": 1}))
    assert t.request("GET", "/u/...") == {"ok": 1}  # three dots, '..x', '%2F..%2F' are names


def test_expand_path_single_segment_end_to_end(
    rt: SimpleNamespace, make: Any, server: Server
) -> None:
    values = {"drive-id": "d", "item-id": "a/../b"}
    path = rt.expand_path("/drives/{drive-id}/items/{item-id}", values)
    assert path == "/drives/d/items/a%2F..%2Fb"
    server.route("GET", "/drives/d/items/a%2F..%2Fb", Reply(body={"id": "a/../b"}))
    assert make(server.url).request("GET", path) == {"id": "a/../b"}


def test_expand_path_rejects_bad_input(rt: SimpleNamespace) -> None:
    assert rt.expand_path("/u/{id}", {"id": "é ?#"}) == "/u/%C3%A9%20%3F%23"
    for template, values in [
        ("/u/{id}", {}),
        ("/u/{id}", {"id": ""}),
        ("/u/{id", {"id": "x"}),
        ("/u/{id}", {"id": ".."}),  # URL normalisation would address the parent resource
        ("/u/{id}", {"id": "."}),
    ]:
        with pytest.raises(ValueError):
            rt.expand_path(template, values)


@given(st.text(min_size=1).filter(lambda v: v not in (".", "..")))
def test_expand_path_is_one_reversible_segment(rt: SimpleNamespace, value: str) -> None:
    segment = rt.expand_path("/x/{v}", {"v": value})[len("/x/") :]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == value


def test_base_url_must_be_https_unless_local(rt: SimpleNamespace) -> None:
    for ok in ("https://graph.microsoft.com/beta", "http://localhost:8000", "http://[::1]:1/v"):
        with rt.Transport(ok):
            pass
    for bad in ("http://graph.microsoft.com/beta", "ftp://localhost/x", "/beta", "https://u:p@h/"):
        with pytest.raises(ValueError):
            rt.Transport(bad)
        with pytest.raises(ValueError):
            rt.AsyncTransport(bad)
    with pytest.raises(ValueError):
        rt.Transport(token="a", token_provider=lambda: "b")


def test_token_never_in_repr_errors_or_logs(
    rt: SimpleNamespace, make: Any, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    server.route("GET", "/x", Reply(401, graph_error("InvalidAuthenticationToken", f"bad {TOKEN}")))
    t = make(server.url, token=TOKEN)
    assert TOKEN not in repr(t.t) and "auth=token" in repr(t.t)
    with caplog.at_level(logging.DEBUG), pytest.raises(rt.GraphError) as info:
        t.request("GET", "/x")
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)
    assert "GET http://127.0.0.1" in caplog.text and TOKEN not in caplog.text
    assert server.seen[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_odata_params(rt: SimpleNamespace) -> None:
    assert rt.odata_params() == {}
    got = rt.odata_params(select=["id", "name"], expand=["manager"], orderby=["name desc"])
    assert got == {"$select": "id,name", "$expand": "manager", "$orderby": "name desc"}
    got = rt.odata_params(filter="a eq 1", search='"name:Ada"', count=True)
    assert got == {"$filter": "a eq 1", "$search": '"name:Ada"', "$count": "true"}
    got = rt.odata_params(top=5, skip=0, select="id", count=False)
    assert got == {"$top": "5", "$skip": "0", "$select": "id", "$count": "false"}
    with pytest.raises(ValueError):
        rt.odata_params(top=-1)


def test_header_values_never_reach_exception_text(
    rt: SimpleNamespace, make: Any, server: Server
) -> None:
    t = make(server.url, token=TOKEN)
    for bad in ("SECRET-HDR\r\nX: 1", "SECRET-HDRé"):
        with pytest.raises(ValueError) as info:
            t.request("GET", "/x", headers={"X-Key": bad})
        assert "SECRET-HDR" not in str(info.value)
    assert server.seen == []


def test_transport_errors_mask_the_token_and_are_never_empty(
    rt: SimpleNamespace, make: Any, server: Server
) -> None:
    server.route("GET", "/x", Reply(fault="disconnect"))
    t = make(server.url, token=TOKEN, retry=rt.RetryPolicy(max_retries=0))
    with pytest.raises(rt.TransportError) as info:
        t.request("GET", "/x", headers={"X-Key": "HEADER-VALUE-42"})
    text = str(info.value)
    assert text.startswith("RemoteProtocolError during GET http://127.0.0.1")
    assert TOKEN not in text and "HEADER-VALUE-42" not in text
    assert info.value.__cause__ is None and info.value.__suppress_context__
    exc = httpx.LocalProtocolError(f"Illegal header value b'Bearer {TOKEN}\\n'")
    wrapped = rt.transport_error(exc, "GET", httpx.URL(server.url), [TOKEN])
    assert TOKEN not in str(wrapped) and str(wrapped)
