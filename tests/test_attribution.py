"""Attribution of failing conformance stages to lint findings (codegen/attribution.py)."""

from __future__ import annotations

from codegen.attribution import attribute, format_attribution, summarize_attribution
from codegen.conformance import Outcome, StageResult
from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.http import HttpMessage
from codegen.ir.operation import Example
from codegen.ir.source import SourceRef

FILE = "api/thing-update.md"


def _example() -> Example:
    # request annotation at 20, ```http at 22, its JSON body on 26-29; response block at 34
    request = HttpMessage(
        kind="request",
        source=SourceRef(file=FILE, line=22),
        body_text='{\n  "a": 1,\n  "b": 2\n}',
        body={"a": 1, "b": 2},
        body_source=SourceRef(file=FILE, line=26),
    )
    response = HttpMessage(kind="response", source=SourceRef(file=FILE, line=34), status=204)
    return Example(
        name="x", request=request, response=response, source=SourceRef(file=FILE, line=20)
    )


def _outcome(**failing: str) -> Outcome:
    outcome = Outcome(
        where=f"{FILE}:20",
        op_id="thing-update",
        name="x",
        method="PATCH",
        url="/things/1",
        truncated=False,
    )
    for stage, detail in failing.items():
        outcome.stages[stage] = StageResult(status="fail", reason=f"{stage}-broke", detail=detail)
    return outcome


def _finding(
    line: int, rule: str, severity: Severity = Severity.ERROR, file: str = FILE
) -> Diagnostic:
    return Diagnostic(
        source=SourceRef(file=file, line=line), rule=rule, severity=severity, message="m"
    )


def test_a_finding_on_the_block_explains_its_stage() -> None:
    found = attribute(
        [(None, _example())],  # type: ignore[list-item]
        [_outcome(validate_request="")],
        [_finding(28, "example-value-type")],
    )
    assert [(a.stage, a.rule) for a in found] == [("validate_request", "example-value-type")]


def test_a_finding_outside_the_block_or_in_another_file_does_not() -> None:
    found = attribute(
        [(None, _example())],  # type: ignore[list-item]
        [_outcome(validate_request="")],
        [
            _finding(60, "example-value-type"),
            _finding(28, "example-value-type", file="api/other.md"),
        ],
    )
    assert [a.rule for a in found] == [""]


def test_info_findings_explain_nothing() -> None:
    found = attribute(
        [(None, _example())],  # type: ignore[list-item]
        [_outcome(request="")],
        [_finding(22, "example-url-mismatch", Severity.INFO)],
    )
    assert [a.rule for a in found] == [""]


def test_a_url_rule_explains_the_request_but_not_its_body() -> None:
    found = attribute(
        [(None, _example())],  # type: ignore[list-item]
        [_outcome(request="", validate_request="")],
        [_finding(22, "example-url-placeholder", Severity.WARNING)],
    )
    assert {a.stage: a.rule for a in found} == {
        "request": "example-url-placeholder",
        "validate_request": "",
    }


def test_the_line_a_failure_names_is_looked_at_and_errors_win() -> None:
    detail = "[docs: startDate 'Date' at resources/thing.md:39]"
    found = attribute(
        [(None, _example())],  # type: ignore[list-item]
        [_outcome(validate_response=detail)],
        [
            _finding(40, "property-type-conflict", Severity.WARNING, file="resources/thing.md"),
            _finding(39, "example-value-type", Severity.ERROR, file="resources/thing.md"),
        ],
    )
    assert [a.rule for a in found] == ["example-value-type"]


def test_summary_counts_pass_attributed_and_unexplained() -> None:
    summary = {
        "stages": {
            "request": {"title": "requests rebuilt", "pass": 8, "fail": 2},
            "validate_request": {"title": "bodies accepted", "pass": 9, "fail": 1},
        }
    }
    found = attribute(
        [(None, _example())] * 2,  # type: ignore[list-item]
        [_outcome(request=""), _outcome(request="", validate_request="")],
        [_finding(22, "example-url-mismatch")],
    )
    table = summarize_attribution(summary, found)
    assert table["request"]["attributed"] == 2 and table["request"]["rate"] == 1.0
    assert table["validate_request"]["unexplained"] == 1
    assert table["validate_request"]["rate"] == 0.9
    assert "validate_request-broke" in format_attribution(table)


def test_the_finding_about_the_failing_value_wins_over_an_earlier_one() -> None:
    detail = '/customerId: expected Edm.Guid, got string "customerId-value"'

    def placeholder(line: int, pointer: str) -> Diagnostic:
        return Diagnostic(
            source=SourceRef(file=FILE, line=line),
            rule="example-placeholder-value",
            severity=Severity.WARNING,
            message=f"{pointer}: placeholder where an example value belongs",
        )

    found = attribute(
        [(None, _example())],  # type: ignore[list-item]
        [_outcome(validate_response=detail)],
        [placeholder(30, "/contractType"), placeholder(31, "/customerId")],
    )
    assert [a.finding.split(": ", 1)[0] for a in found] == [f"{FILE}:31"]
