"""The docs' examples are the acceptance test (issue 17): codegen/conformance.py on the seeds.

The package is generated through the real CLI, imported, and every example of spec/docs is
rebuilt through the generated client's public API and sent to a loopback server; its response
is decoded and round-tripped, and both bodies go through ``validate_request``/``validate``.
The seed pages have real defects, so some stages fail: each outcome below was checked by
reading the page (the reasons are in ``SEED_OUTCOMES``). A defect planted in the generated
code must make the matching stage fail. The corpus check (``-m corpus``) runs a fixed sample
of beta operations and holds the pass rates measured when it was written.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen import conformance
from codegen.api import parse_docs
from codegen.attribution import attribute, format_attribution, summarize_attribution
from codegen.ir.model import Model
from codegen.lint.runner import LintOptions, run_lint
from tests.conftest import CORPUS, ROOT, needs_corpus
from tests.support import LoopbackServer, Reply

SEED_PACKAGE = "seedconformance"
LIST = "spec/docs/api/exactmatchdatastore-list-sessions.md:52"
CREATE = "spec/docs/api/exactmatchdatastore-post-sessions.md:81"
GET = "spec/docs/api/exactmatchsession-get.md:52"
UPDATE = "spec/docs/api/exactmatchsession-update.md:74"

# (request, response, validate_request, validate_response) of each seed example, as read:
SEED_OUTCOMES = {
    # GET .../sessions: URL, method and response all agree with the resource page; the
    # page's defects (a lower-case collection(...) annotation, an example name the get page
    # repeats) are not the client's concern. No request body to validate.
    LIST: ("pass", "pass", "n/a", "pass"),
    # POST .../sessions: the request and response bodies are templates, not examples
    # ("String (timestamp)", "Integer"): no DateTimeOffset decodes, both validators report
    # the formats first (and the page's dataStoreId and salt behind them).
    CREATE: (
        "fail:body-decode",
        "fail:decode-error",
        "fail:validate-request:format",
        "fail:validate:format",
    ),
    # GET .../sessions/{id}: the request is right; the response wraps the one session in
    # "value", so nothing of it is an exactMatchSession property (it decodes, as extra data).
    GET: ("pass", "fail:no-known-property", "n/a", "fail:validate:unknown-property"),
    # PATCH: the URL is https://graph.microsoft.com/docs\api/..., no /beta or /v1.0: the
    # request cannot be rebuilt; its bodies are good (the body table lists what it sets).
    UPDATE: ("fail:url-no-version", "pass", "pass", "pass"),
}


@pytest.fixture(scope="module")
def seed_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("conformance-seeds")
    conformance.generate_with_cli([Path("spec/docs")], out, SEED_PACKAGE, cwd=ROOT)
    package = conformance.import_package(out, SEED_PACKAGE)
    yield package
    conformance.forget_package(out, SEED_PACKAGE)


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    yield server
    server.close()


def harness(
    seed_model: Model, package: ModuleType, server: LoopbackServer, flavour: str = "sync"
) -> conformance.Harness:
    return conformance.Harness(seed_model, package, server, Reply, flavour=flavour)


def labels(outcomes: list[conformance.Outcome]) -> dict[str, tuple[str, ...]]:
    return {o.where: tuple(o.labels()[s] for s in conformance.STAGES) for o in outcomes}


def test_seed_examples_have_the_outcomes_read_from_the_pages(
    seed_model: Model, seed_package: ModuleType, server: LoopbackServer
) -> None:
    outcomes = harness(seed_model, seed_package, server).run()
    assert labels(outcomes) == SEED_OUTCOMES
    by_where = {o.where: o for o in outcomes}
    # the walk called the generated client's own names, by the URL's path
    assert by_where[LIST].calls == (
        "client.data_classification.exact_match_data_stores"
        ".by_id(exact_match_data_store_id='{exactMatchDataStoreId}').sessions.list(...)"
    )
    assert by_where[GET].calls.endswith(
        ".sessions.by_id(exact_match_session_id='{exactMatchSessionId}').get(...)"
    )
    # the details name where and why, as the bench prints them
    create = by_where[CREATE].stages
    assert "DateTimeOffset" in create["validate_request"].detail
    assert "String (timestamp)" in create["request"].detail
    assert create["request"].blame == "docs"
    assert "'value'" in by_where[GET].stages["response"].detail
    assert "docs\\\\api" in by_where[UPDATE].stages["request"].detail
    summary = conformance.summarize(outcomes)
    assert summary["stages"]["request"]["rate"] == 0.5
    assert summary["stages"]["request"]["reasons"]["url-no-version"]["examples"][0].startswith(
        UPDATE
    )
    assert "requests reproduced" in conformance.format_summary(summary)


def test_the_async_client_gives_the_same_outcomes(
    seed_model: Model, seed_package: ModuleType, server: LoopbackServer
) -> None:
    outcomes = harness(seed_model, seed_package, server, "async").run()
    assert labels(outcomes) == SEED_OUTCOMES


def test_the_request_server_saw_is_the_example(
    seed_model: Model, seed_package: ModuleType, server: LoopbackServer
) -> None:
    """What the harness compared, checked here against the server's own record."""
    run = harness(seed_model, seed_package, server)
    op = seed_model.operation("exactmatchsession-get")
    assert op is not None
    run.client()
    try:
        outcome = run.run_example(op, op.examples[0])
    finally:
        run.close()
    assert outcome.stages["request"].status == "pass"
    seen = server.seen[-1]
    assert seen.method == "GET"
    assert seen.bare_path == (
        "/beta/dataClassification/exactMatchDataStores/%7BexactMatchDataStoreId%7D"
        "/sessions/%7BexactMatchSessionId%7D"
    )
    assert seen.headers["authorization"] == "Bearer conformance-token"


def _sessions_builder(client: Any) -> type:
    return type(client.data_classification.exact_match_data_stores.by_id("x").sessions)


def test_a_builder_sending_a_wrong_path_fails_the_request_stage(
    seed_model: Model,
    seed_package: ModuleType,
    server: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = harness(seed_model, seed_package, server)
    builder = _sessions_builder(run.client())
    original = builder.list  # type: ignore[attr-defined]

    def wrong_path(self: Any, **kwargs: Any) -> Any:  # a planted generator defect: /session
        return original(type(self)(self._transport, self._path[:-1]), **kwargs)

    monkeypatch.setattr(builder, "list", wrong_path)
    outcomes = {o.where: o for o in run.run()}
    request = outcomes[LIST].stages["request"]
    assert (request.status, request.reason) == ("fail", "path-differs")
    assert "/sessions" in request.detail and "/session'" in request.detail
    assert request.blame == "generator"
    others = {w: labels([o])[w] for w, o in outcomes.items() if w != LIST}
    assert others == {w: v for w, v in SEED_OUTCOMES.items() if w != LIST}


def test_a_builder_sending_a_wrong_query_or_method_fails_the_request_stage(
    seed_model: Model,
    seed_package: ModuleType,
    server: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    op = seed_model.operation("exactmatchdatastore-list-sessions")
    assert op is not None
    example = op.examples[0]
    assert example.request is not None
    url = example.request.url + "?$select=id,state&$top=5"  # type: ignore[operator]
    request = type(example.request)(
        kind="request",
        source=example.request.source,
        requests=(
            type(example.request.requests[0])(method="GET", url=url, source=example.request.source),
        ),
    )
    with_query = type(example)(name=example.name, request=request, source=example.source)
    run = harness(seed_model, seed_package, server)
    run.client()
    try:
        assert run.run_example(op, with_query).stages["request"].status == "pass"
        assert server.seen[-1].query == {"$select": "id,state", "$top": "5"}
        builder = _sessions_builder(run.client())
        original = builder.list  # type: ignore[attr-defined]

        def drops_top(self: Any, **kwargs: Any) -> Any:
            kwargs.pop("top", None)
            return original(self, **kwargs)

        monkeypatch.setattr(builder, "list", drops_top)
        failed = run.run_example(op, with_query).stages["request"]
        assert (failed.status, failed.reason) == ("fail", "query-differs")

        def posts(self: Any, **kwargs: Any) -> Any:
            return self._transport.request("POST", self._path, headers=None)

        monkeypatch.setattr(builder, "list", posts)
        failed = run.run_example(op, with_query).stages["request"]
        assert (failed.status, failed.reason) == ("fail", "method-differs")
    finally:
        run.close()


def test_a_model_losing_a_field_fails_the_response_stage(
    seed_model: Model,
    seed_package: ModuleType,
    server: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    models = importlib.import_module(SEED_PACKAGE + ".models")
    original = models.ExactMatchSession.to_dict

    def loses_checksum(self: Any) -> dict[str, Any]:  # a planted encoder defect
        out: dict[str, Any] = original(self)
        out.pop("checksum", None)
        return out

    monkeypatch.setattr(models.ExactMatchSession, "to_dict", loses_checksum)
    outcomes = {o.where: o for o in harness(seed_model, seed_package, server).run()}
    for where in (LIST, UPDATE):
        response = outcomes[where].stages["response"]
        assert (response.status, response.reason) == ("fail", "round-trip-differs"), where
        assert "/checksum: missing" in response.detail


def test_urls_of_the_seed_paths_are_all_reached(
    seed_model: Model, seed_package: ModuleType, server: LoopbackServer
) -> None:
    run = harness(seed_model, seed_package, server)
    coverage = conformance.Coverage(run)
    run.client()
    try:
        sample = conformance.sample_paths(seed_model, 200, 17)
        reaches = [coverage.reach(method, template, op) for method, template, op in sample]
    finally:
        run.close()
    assert len(reaches) == 9  # every distinct (method, path) of the seeds
    assert [r for r in reaches if not (r.reachable and r.same_method)] == []
    cancel = next(r for r in reaches if r.template.endswith("/cancel"))
    assert cancel.calls.endswith(".cancel(...)")
    assert cancel.url.endswith("/sessions/exactMatchSe-2/cancel")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://graph.microsoft.com/beta/me/drive?$top=1", ("/me/drive", "$top=1")),
        ("https://graph.microsoft.com/v1.0/users/{id}", ("/users/{id}", "")),
        ("/me/drive/root/children", ("/me/drive/root/children", "")),
        ("sites/{siteId}/lists", ("/sites/{siteId}/lists", "")),
    ],
)
def test_example_urls(url: str, expected: tuple[str, str]) -> None:
    assert conformance.split_url(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337", "url-not-graph"),
        ("https://graph/microsoft.com/beta/groups/{id}", "url-not-graph"),
        ("https://graph.microsoft.com/docs\\api/dataClassification", "url-no-version"),
    ],
)
def test_example_urls_that_are_docs_defects(url: str, reason: str) -> None:
    with pytest.raises(conformance._Fail) as failure:
        conformance.split_url(url)
    assert failure.value.reason == reason and failure.value.blame == "docs"


@pytest.mark.parametrize(
    ("expected", "actual", "same"),
    [
        ("2017-01-01T00:00:59.0982804+03:00", "2017-01-01T00:00:59.098280+03:00", True),
        ("2017-01-01T00:00:00Z", "2017-01-01T00:00:00+00:00", True),
        ("2017-01-01T00:00:00Z", "2017-01-01T00:00:01Z", False),
        ("P10675199DT2H48M5.4775807S", "P10675199DT2H48M5.47758S", True),
        ("8C4E8E0A-6C88-4B8D-8A0E-1B9A4A6B2D1F", "8c4e8e0a-6c88-4b8d-8a0e-1b9a4a6b2d1f", True),
        ("abc", "ABC", False),
        (True, 1, False),
        (1, 1.0, True),
        ({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}, True),
        ({"a": 1}, {"a": 1, "b": 2}, False),
    ],
)
def test_json_comparison(expected: Any, actual: Any, same: bool) -> None:
    assert (conformance.json_difference(expected, actual) is None) is same


def test_json_differences_say_where() -> None:
    assert conformance.json_difference({"userId": "x"}, {"userID": "x"}) == (
        "/userId: renamed to 'userID'"
    )
    assert conformance.json_difference({"a": [1, 2]}, {"a": [1, 3]}) == "/a/1: 3, expected 2"


def test_query_options_as_lists() -> None:
    assert conformance._top_level_split("id, members($select=id,displayName),'a,b'") == [
        "id",
        "members($select=id,displayName)",
        "'a,b'",
    ]


# ---------------------------------------------------------------------------------------------
# The corpus: a fixed sample of beta operations

BETA = CORPUS / "graph-docs-2021" / "api-reference" / "beta"
SAMPLE, SEED = 300, 17
# Measured on this sample (350 examples; 2-core machine, load about 1, 2026-12-03) after issue
# 17's generator work: request 92.4%, response 80.5%, validate_request 76.9%, validate 64.7%
# (most failures are the docs' own defects); the floors are those minus about two points, so a
# regression of the generator or the parser fails this test. Passed or attributed to a lint
# finding (codegen/attribution.py), the whole corpus gives 98.6-99.6%: the sample must keep
# ATTRIBUTED_FLOOR, issue 17's goal less a point for the sample's size.
FLOORS = {
    "request": 0.90,
    "response": 0.78,
    "validate_request": 0.74,
    "validate_response": 0.62,
}
ATTRIBUTED_FLOOR = 0.97


@pytest.mark.corpus
@needs_corpus()
def test_beta_sample_pass_rates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    seconds = conformance.generate_with_cli([BETA], tmp_path, "betaconformance", cwd=ROOT)
    model = parse_docs([BETA], ROOT, cache=True)
    package = conformance.import_package(tmp_path, "betaconformance")
    server = LoopbackServer()
    try:
        ops = conformance.sample_operations(model, SAMPLE, SEED)
        harness = conformance.Harness(model, package, server, Reply)
        pairs = list(harness.examples(ops))
        outcomes = harness.run(ops)
    finally:
        server.close()
        conformance.forget_package(tmp_path, "betaconformance")
    summary = conformance.summarize(outcomes)
    with capsys.disabled():
        print(
            f"\nbeta sample ({SAMPLE} operations, seed {SEED}; generated in {seconds:.0f} s,"
            f" all in {time.perf_counter() - started:.0f} s, {os.cpu_count()} cores)"
        )
        print(conformance.format_summary(summary, top=5))
    rates = {stage: summary["stages"][stage]["rate"] for stage in conformance.STAGES}
    assert {s: r for s, r in rates.items() if r < FLOORS[s]} == {}
    findings = run_lint(LintOptions(paths=(BETA,), root=ROOT))
    table = summarize_attribution(summary, attribute(pairs, outcomes, findings))
    with capsys.disabled():
        print(format_attribution(table, top=5))
    explained = {stage: data["rate"] for stage, data in table.items()}
    assert {s: r for s, r in explained.items() if r < ATTRIBUTED_FLOOR} == {}
