"""Tests for codegen.parser.http_blocks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.http import HttpMessage
from codegen.ir.source import SourceRef
from codegen.parser import http_blocks
from codegen.parser.http_blocks import parse_http_block, split_url

ROOT = Path(__file__).resolve().parents[1]
SEED_DOCS = ROOT / "spec" / "docs"
SHARED = ROOT.parent / "shared"
BETA = SHARED / "corpus" / "graph-docs-2021" / "api-reference" / "beta"

_FENCE = re.compile(
    r"^[ \t]*```[ \t]*(?:http|msgraph-interactive)[ \t]*\n(.*?)^[ \t]*```",
    re.MULTILINE | re.DOTALL | re.IGNORECASE,
)

SRC = SourceRef(file="api/x.md", line=10)


def fences(path: Path, rel: str) -> list[tuple[SourceRef, str]]:
    """(SourceRef of the first content line, content) of each http fence in a page."""
    text = path.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        line = text.count("\n", 0, m.start(1)) + 1
        out.append((SourceRef(file=rel, line=line), m.group(1)))
    return out


def seed_messages() -> dict[tuple[str, int], HttpMessage]:
    """All seed-page http blocks, parsed, keyed by (file, first content line)."""
    out: dict[tuple[str, int], HttpMessage] = {}
    for path in sorted(SEED_DOCS.rglob("*.md")):
        rel = path.relative_to(SEED_DOCS).as_posix()
        for src, content in fences(path, rel):
            msg, diags = parse_http_block(content, source=src)
            assert diags == [], diags
            assert msg is not None
            out[(rel, src.line)] = msg
    return out


def parse(text: str, source: SourceRef = SRC) -> tuple[HttpMessage, list[Diagnostic]]:
    msg, diags = parse_http_block(text, source=source)
    assert msg is not None, diags
    return msg, diags


# --- seed pages ------------------------------------------------------------------

LIST = "api/exactmatchdatastore-list-sessions.md"
POST = "api/exactmatchdatastore-post-sessions.md"
GET = "api/exactmatchsession-get.md"
UPDATE = "api/exactmatchsession-update.md"
STORE_PATH = "/dataClassification/exactMatchDataStores/{exactMatchDataStoreId}/sessions"
SESSION_PATH = STORE_PATH + "/{exactMatchSessionId}"
BETA_BASE = "https://graph.microsoft.com/beta"


def test_seed_block_inventory() -> None:
    assert sorted(seed_messages()) == [
        (LIST, 31),
        (LIST, 58),
        (LIST, 70),
        (POST, 33),
        (POST, 87),
        (POST, 130),
        (GET, 31),
        (GET, 58),
        (GET, 70),
        (UPDATE, 29),
        (UPDATE, 80),
        (UPDATE, 134),
    ]


@pytest.mark.parametrize(
    ("key", "method", "url"),
    [
        ((LIST, 31), "GET", STORE_PATH),
        ((LIST, 58), "GET", BETA_BASE + STORE_PATH),
        ((POST, 33), "POST", STORE_PATH),
        ((POST, 87), "POST", BETA_BASE + STORE_PATH),
        ((GET, 31), "GET", SESSION_PATH),
        ((GET, 58), "GET", BETA_BASE + SESSION_PATH),
        ((UPDATE, 29), "PATCH", SESSION_PATH),
        ((UPDATE, 80), "PATCH", "https://graph.microsoft.com/docs\\api" + SESSION_PATH),
    ],
)
def test_seed_requests(key: tuple[str, int], method: str, url: str) -> None:
    msg = seed_messages()[key]
    assert msg.kind == "request"
    assert msg.status is None and msg.reason is None
    assert len(msg.requests) == 1
    assert (msg.method, msg.url) == (method, url)
    assert msg.requests[0].source == SourceRef(file=key[0], line=key[1])
    assert msg.source == SourceRef(file=key[0], line=key[1])


def test_seed_request_without_body_has_no_headers() -> None:
    msg = seed_messages()[(GET, 58)]
    assert msg.headers == ()
    assert msg.body_text is None and msg.body is None and msg.body_source is None
    assert msg.body_valid


def test_seed_post_request_body() -> None:
    msg = seed_messages()[(POST, 87)]
    assert msg.headers == (("Content-Type", "application/json"),)
    assert msg.body_source == SourceRef(file=POST, line=90)
    assert msg.body_valid
    assert msg.body["@odata.type"] == "#microsoft.graph.exactMatchSession"
    assert msg.body["fields"] == ["String"]
    assert msg.body["salt"] == "String"
    assert len(msg.body) == 21
    assert msg.body_text is not None and msg.body_text.startswith("{\n")
    assert msg.body_text.endswith("}")


def test_seed_patch_request_headers_and_body() -> None:
    msg = seed_messages()[(UPDATE, 80)]
    assert msg.headers == (
        ("Content-type", "application/json"),
        ("Content-length", "1360"),
    )
    assert msg.body_source == SourceRef(file=UPDATE, line=84)
    assert msg.body["remainingBlockCount"] == 3
    assert msg.body["error"]["innerError"]["activityId"] == "Activity Id value"
    assert split_url(msg.url or "") == (
        "https://graph.microsoft.com",
        None,
        "/docs\\api" + SESSION_PATH,
    )


@pytest.mark.parametrize(
    ("key", "status", "reason", "length", "body_line"),
    [
        ((LIST, 70), 200, "OK", "1600", 74),
        ((POST, 130), 201, "Created", None, 133),
        ((GET, 70), 200, "OK", "1507", 74),
        ((UPDATE, 134), 200, "OK", "1409", 138),
    ],
)
def test_seed_responses(
    key: tuple[str, int], status: int, reason: str, length: str | None, body_line: int
) -> None:
    msg = seed_messages()[key]
    assert msg.kind == "response"
    assert msg.requests == () and msg.method is None and msg.url is None
    assert (msg.status, msg.reason) == (status, reason)
    headers = dict(msg.headers)
    assert headers["Content-Type"] == "application/json"
    assert headers.get("Content-Length") == length
    assert msg.body_source == SourceRef(file=key[0], line=body_line)
    assert msg.body_valid and isinstance(msg.body, dict)


def test_seed_response_bodies() -> None:
    msgs = seed_messages()
    listed = msgs[(LIST, 70)].body["value"]
    assert isinstance(listed, list) and listed[0]["id"] == "88458f6e-8f6e-8845-6e8f-45886e8f4588"
    assert msgs[(GET, 70)].body["value"]["id"] == "61c0268e-268e-61c0-8e26-c0618e26c061"
    assert msgs[(POST, 130)].body["@odata.type"] == "#microsoft.graph.exactMatchSession"
    assert msgs[(UPDATE, 134)].body["totalJobCount"] == 13


def test_seed_sources_point_at_page_lines() -> None:
    for (rel, _), msg in seed_messages().items():
        page = (SEED_DOCS / rel).read_text(encoding="utf-8").split("\n")
        first = page[msg.source.line - 1]
        assert first.startswith("HTTP/1.1 " if msg.kind == "response" else msg.method or "?")
        for req in msg.requests:
            assert page[req.source.line - 1].strip() == f"{req.method} {req.url}"
        if msg.body_source is not None:
            assert page[msg.body_source.line - 1] == "{"


# --- requests ----------------------------------------------------------------------


def test_multi_request_block() -> None:
    msg, diags = parse("GET /me/events\nGET /users/{id | userPrincipalName}/events\n")
    assert diags == []
    assert [(r.method, r.url, r.source.line) for r in msg.requests] == [
        ("GET", "/me/events", 10),
        ("GET", "/users/{id | userPrincipalName}/events", 11),
    ]
    assert (msg.method, msg.url) == ("GET", "/me/events")


def test_multi_request_block_with_blank_and_or_separators() -> None:
    text = "\nGET /me/joinedTeams\n\nget /users/{id}/joinedTeams\nor\nGET /groups/{id}\n"
    msg, diags = parse(text)
    assert diags == []
    assert [(r.method, r.url, r.source.line) for r in msg.requests] == [
        ("GET", "/me/joinedTeams", 11),
        ("GET", "/users/{id}/joinedTeams", 13),
        ("GET", "/groups/{id}", 15),
    ]
    assert msg.source.line == 11


def test_request_line_variants() -> None:
    msg, _ = parse('patch https://graph.microsoft.com/v1.0/me HTTP/1.1\nIf-Match: W/"1"')
    assert (msg.method, msg.url) == ("PATCH", "https://graph.microsoft.com/v1.0/me")
    assert msg.headers == (("If-Match", 'W/"1"'),)
    for method in ("PUT", "DELETE", "HEAD", "OPTIONS", "Post"):
        assert parse(f"{method} /x")[0].method == method.upper()


def test_url_with_spaces_in_query() -> None:
    url = "/users?$filter=startswith(displayName, 'a') and name eq 'x y'&$top=1"
    msg, _ = parse(f"GET {url} HTTP/1.1\nConsistencyLevel: eventual")
    assert msg.url == url
    assert msg.headers == (("ConsistencyLevel", "eventual"),)


def test_missing_space_after_method() -> None:
    msg, diags = parse("DELETE/identity/b2xUserFlows/{id}/$ref")
    assert (msg.method, msg.url) == ("DELETE", "/identity/b2xUserFlows/{id}/$ref")
    assert [(d.rule, d.source.line) for d in diags] == [("http-request-line-spacing", 10)]


def test_wrapped_url() -> None:
    text = 'GET /deviceManagement/getByIds(ids=[\n  "Ids value"\n])\n'
    msg, diags = parse(text)
    assert msg.url == '/deviceManagement/getByIds(ids=["Ids value"])'
    assert [(d.rule, d.severity, d.source.line) for d in diags] == [
        ("http-url-wrapped", Severity.INFO, 11),
        ("http-url-wrapped", Severity.INFO, 12),
    ]
    assert msg.body_text is None


def test_wrapped_url_with_json_parameter() -> None:
    text = 'GET /graph/query(queryParams=[\n  {\n    "a": "b"\n  }\n])\n'
    msg, _ = parse(text)
    assert msg.url == '/graph/query(queryParams=[{"a": "b"}])'
    assert msg.body_text is None and msg.headers == ()


# --- headers and bodies -----------------------------------------------------------


def test_body_without_blank_line() -> None:
    text = 'POST /me/events\nContent-Type: application/json\n{\n  "subject": "Hi"\n}'
    msg, diags = parse(text)
    assert diags == []
    assert msg.headers == (("Content-Type", "application/json"),)
    assert msg.body == {"subject": "Hi"}
    assert msg.body_source == SourceRef(file="api/x.md", line=12)


def test_body_without_headers_or_blank_line() -> None:
    msg, _ = parse("HTTP/1.1 200 OK\n[1, 2]\n")
    assert msg.headers == ()
    assert msg.body == [1, 2]
    assert msg.body_source == SourceRef(file="api/x.md", line=11)


def test_xml_and_multipart_bodies_are_kept_as_text() -> None:
    xml = parse("POST /p\nContent-Type: application/xml\n<a>1</a>")[0]
    assert (xml.body, xml.body_text, xml.body_valid) == (None, "<a>1</a>", True)
    multi = parse("POST /p\nContent-type: multipart/form-data; boundary=B\n--B\nx: y\n--B--")[0]
    assert multi.body_text == "--B\nx: y\n--B--"
    assert multi.body is None and multi.body_source == SourceRef(file="api/x.md", line=12)


def test_non_json_content_type_keeps_json_looking_text() -> None:
    msg, _ = parse('HTTP/1.1 200 OK\nContent-type: image/jpeg\n\n{"id": "x"}\n\n')
    assert msg.body is None and msg.body_valid
    assert msg.body_text == '{"id": "x"}'


def test_json_content_type_with_parameters() -> None:
    msg, _ = parse("HTTP/1.1 200 OK\ncontent-type: application/json;odata.metadata=minimal\n\n{}")
    assert msg.body == {} and msg.body_valid


def test_plain_text_body() -> None:
    msg, _ = parse("HTTP/1.1 200 OK\nContent-type: text/plain\n\n893\n")
    assert (msg.body, msg.body_text, msg.body_valid) == (None, "893", True)


def test_blank_line_before_headers() -> None:
    text = 'POST /x\n\nContent-type: application/json\nContent-length: 35\n\n{"a": 1}'
    msg, diags = parse(text)
    assert msg.headers == (
        ("Content-type", "application/json"),
        ("Content-length", "35"),
    )
    assert msg.body == {"a": 1}
    assert [(d.rule, d.severity, d.source.line) for d in diags] == [
        ("http-blank-before-headers", Severity.INFO, 11)
    ]


def test_blank_line_then_body_that_looks_like_headers() -> None:
    msg, diags = parse("HTTP/1.1 200 OK\n\nBEGIN:VCARD\nVERSION:3.0\n")
    assert msg.headers == () and diags == []
    assert msg.body_text == "BEGIN:VCARD\nVERSION:3.0"


def test_bad_header_line() -> None:
    msg, diags = parse("GET /x\nContent-Type: application/json\n### Response\nPrefer: a=b")
    assert msg.headers == (("Content-Type", "application/json"), ("Prefer", "a=b"))
    assert [(d.rule, d.severity, d.source.line) for d in diags] == [
        ("http-bad-header", Severity.WARNING, 12)
    ]


def test_crlf_line_endings() -> None:
    msg, _ = parse('POST /x\r\nContent-Type: application/json\r\n\r\n{"a": 1}\r\n')
    assert msg.headers == (("Content-Type", "application/json"),)
    assert msg.body == {"a": 1} and msg.body_source == SourceRef(file="api/x.md", line=13)


def test_invalid_json_passes_diagnostics_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, SourceRef]] = []
    diag = Diagnostic(
        source=SourceRef(file="api/x.md", line=14),
        rule="json-invalid",
        severity=Severity.ERROR,
        message="bad",
    )

    def fake(text: str, *, source: SourceRef) -> tuple[Any, bool, list[Diagnostic]]:
        seen.append((text, source))
        return {"partial": True}, False, [diag]

    monkeypatch.setattr(http_blocks, "parse_tolerant_json", fake)
    msg, diags = parse("HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  oops\n}\n")
    assert seen == [("{\n  oops\n}", SourceRef(file="api/x.md", line=13))]
    assert diags == [diag]
    assert msg.body is None and not msg.body_valid
    assert msg.body_text == "{\n  oops\n}"


# --- responses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "status", "reason"),
    [
        ("HTTP/1.1 200 OK", 200, "OK"),
        ("HTTP/1.1 204 No Content", 204, "No Content"),
        ("HTTP/2 204", 204, ""),
        ("HTTP/1.1 204", 204, ""),
        ("HTTP 201 Created", 201, "Created"),
        ("http/1.1 200 ok", 200, "ok"),
        ("HTTP code: 201 Created", 201, "Created"),
        ("  HTTP/1.1 207 Multi-Status  ", 207, "Multi-Status"),
    ],
)
def test_response_status_lines(line: str, status: int, reason: str) -> None:
    msg, diags = parse(f"\n{line}\n")
    assert diags == []
    assert (msg.kind, msg.status, msg.reason) == ("response", status, reason)
    assert msg.source == SourceRef(file="api/x.md", line=11)
    assert msg.headers == () and msg.body_text is None


# --- unrecognised -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 10),
        ("  \n\n \n", 10),
        ("Here is some free text.", 10),
        ('\n\n{"value": []}', 12),
        ("https://graph.microsoft.com/v1.0/me", 10),
        ("400 Bad Request", 10),
        ("GETS /me", 10),
        ("GET", 10),
    ],
)
def test_unrecognised(text: str, line: int) -> None:
    msg, diags = parse_http_block(text, source=SRC)
    assert msg is None
    assert len(diags) == 1
    assert (diags[0].rule, diags[0].severity) == ("http-unrecognised", Severity.WARNING)
    assert diags[0].source == SourceRef(file="api/x.md", line=line)


_HTTPISH = st.sampled_from(
    [
        "GET /me",
        "post https://graph.microsoft.com/beta/x?$filter=a eq 'b' HTTP/1.1",
        "HTTP/1.1 200 OK",
        "HTTP 204",
        "Content-Type: application/json",
        "Content-Type: text/plain",
        "",
        "or",
        "{",
        "}",
        '"a": [1,',
        "]",
        "<x>",
        "--B",
        "(ids=[",
        "DELETE/x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HTTPISH | st.text(max_size=40), max_size=12))
def test_never_raises(parts: list[str]) -> None:
    text = "\n".join(parts)
    msg, diags = parse_http_block(text, source=SRC)
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for d in diags:
        assert d.source.file == "api/x.md"
        assert 10 <= d.source.line < 10 + n_lines
    if msg is None:
        assert [d.rule for d in diags] == ["http-unrecognised"]
    else:
        assert msg.kind in ("request", "response")
        assert (msg.kind == "request") == bool(msg.requests)
        assert all(r.method == r.method.upper() for r in msg.requests)
        assert (msg.body_source is None) == (msg.body_text is None)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    msg, diags = parse_http_block(text, source=SRC)
    assert msg is not None or diags


# --- split_url --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://graph.microsoft.com/beta/me/events?$top=1",
            ("https://graph.microsoft.com", "beta", "/me/events?$top=1"),
        ),
        (
            "https://graph.microsoft.com/v1.0/me/events",
            ("https://graph.microsoft.com", "v1.0", "/me/events"),
        ),
        (
            "https://graph.microsoft.com/V1.0/chats",
            ("https://graph.microsoft.com", "v1.0", "/chats"),
        ),
        (
            "https://graph.microsoft.us/beta/users",
            ("https://graph.microsoft.us", "beta", "/users"),
        ),
        (
            "https://dod-graph.microsoft.us/v1.0/me?$select=id",
            ("https://dod-graph.microsoft.us", "v1.0", "/me?$select=id"),
        ),
        (
            "https://graph.microsoft.com/beta",
            ("https://graph.microsoft.com", "beta", ""),
        ),
        ("/me/events", ("", None, "/me/events")),
        ("me/events", ("", None, "me/events")),
        (
            "https://graph.microsoft.com/docs\\api/dataClassification/x",
            ("https://graph.microsoft.com", None, "/docs\\api/dataClassification/x"),
        ),
        (
            "https://graph.microsoft.com/betaX/me",
            ("https://graph.microsoft.com", None, "/betaX/me"),
        ),
        (
            "https://bot.contoso.com/api/calls",
            ("https://bot.contoso.com", None, "/api/calls"),
        ),
        (
            "/users?$filter=name eq 'https://graph.microsoft.com/beta/x'",
            ("", None, "/users?$filter=name eq 'https://graph.microsoft.com/beta/x'"),
        ),
    ],
)
def test_split_url(url: str, expected: tuple[str, str | None, str]) -> None:
    assert split_url(url) == expected


# --- corpus -----------------------------------------------------------------------


@pytest.mark.skipif(not BETA.is_dir(), reason="shared corpus not available")
def test_beta_corpus() -> None:
    total = recognised = multi = 0
    for path in sorted(BETA.rglob("*.md")):
        rel = path.relative_to(BETA).as_posix()
        for src, content in fences(path, rel):
            msg, diags = parse_http_block(content, source=src)
            total += 1
            if msg is not None:
                recognised += 1
                multi += len(msg.requests) > 1
                assert msg.source.line >= src.line
            else:
                assert [d.rule for d in diags] == ["http-unrecognised"]
    assert total > 10_000
    assert recognised / total >= 0.95, (recognised, total)
    assert multi > 100
